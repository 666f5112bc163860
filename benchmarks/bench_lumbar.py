"""Accuracy of the lower-back analysis against the real references, and on simulated walks.

Run: python benchmarks/bench_lumbar.py [--no-day] [--data DIR] [--devices]

Real (../shared/data/lumbar, skipped where absent; or every recording in ``--data DIR``, such as mobgap's example
data written by ``scripts/mobgap_example_data.py``: HA001, HA002 and MS001): every recording scored with
../shared/tools/score_events.py
against INDIP and Stereophoto (IC/FC recall, precision, F1, timing error, left/right accuracy, cadence per bout),
stride length / speed and double support per reference bout. With ``--devices``: the same recordings as other
devices would log them (resampled to 25-400 Hz, the sensor turned arbitrarily, the gyroscope left out as on an
ActiGraph or Axivity): heel-strike and toe-off F1 and sides against INDIP. Simulated: contacts, sides, stride length,
asymmetry, and each side's pelvic drop on randomised walks (hitched hips among them). Speed: a 1-hour and a
24-hour 100 Hz recording (the day's peak memory of the analysis, measured with
VmHWM).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
from _common import day_from_hour, report_day, shared_data

import gaitcoach
from gaitcoach.gait.lumbar import analyze_lumbar
from gaitcoach.gait.support import support_times
from gaitcoach.simulate import WalkSpec, simulate


def real(folder: Path | None = None) -> None:
    data = shared_data("lumbar")  # (and ../shared/tools importable: the judging rules)
    if folder is not None:
        data = folder
    if data is None:
        return
    try:
        from score_events import score
    except ImportError:
        print("real data: scoring needs ../shared/tools/score_events.py\n")
        return

    rows, spatial, support = [], [], []
    for ref_path in sorted(data.glob("*_reference.json")):
        name = ref_path.name.removesuffix("_reference.json")
        ref = json.loads(ref_path.read_text())
        part = ref["participant"]
        rec = gaitcoach.load(data / f"{name}.csv", placement="lumbar")
        res = analyze_lumbar(rec, height_m=part["height_m"], sensor_height_m=part["sensor_height_m"])
        for system in ("INDIP", "Stereophoto"):
            if not ref["references"].get(system):  # (a system that saw no walking: nothing to score)
                continue
            for r in score(res.events, ref_path, system=system):
                rows.append({"recording": name, "reference": system, **r})
            for b in ref["references"][system]:
                both = support_times(res.strides, res.events)
                ours = both[(both["ic_s"] >= b["start_s"] - 0.3) & (both["next_ic_s"] <= b["end_s"] + 0.3)]
                support.append(
                    {
                        "recording": name,
                        "reference": system,
                        "DS ref %": _reference_double_support_pct(b),
                        "DS est %": (100 * ours["double_support_s"] / ours["stride_time_s"]).median(),
                    }
                )
                st = res.strides[
                    (res.strides["ic_s"] >= b["start_s"] - 0.3) & (res.strides["next_ic_s"] <= b["end_s"] + 0.3)
                ]
                if len(st) and b.get("stride_length_m"):
                    spatial.append(
                        {
                            "recording": name,
                            "reference": system,
                            "SL ref m": np.nanmean(np.asarray(b["stride_length_m"], float)),
                            "SL est m": st["stride_length_m"].mean(),
                            "speed ref": b["walking_speed_mps"],
                            "speed est": st["speed_mps"].mean(),
                        }
                    )
    table = pd.DataFrame(rows)
    cols = [
        "recording",
        "reference",
        "what",
        "n_ref",
        "n_det",
        "recall",
        "precision",
        "f1",
        "bias_ms",
        "mae_ms",
        "side_accuracy",
        "mae_spm",
    ]
    print("Real lower-back recordings (score_events.py, tolerance 0.25 s):")
    print(table[[c for c in cols if c in table]].to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    sp = pd.DataFrame(spatial)
    sp["SL err m"] = sp["SL est m"] - sp["SL ref m"]
    sp["speed err"] = sp["speed est"] - sp["speed ref"]
    print("\nStride length and speed per reference bout:")
    print(sp.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    print(f"MAE stride length {sp['SL err m'].abs().mean():.3f} m, speed {sp['speed err'].abs().mean():.3f} m/s\n")
    ds = pd.DataFrame(support).groupby(["recording", "reference"]).median()
    print("Double support (median % of the stride over the reference bouts; the two references differ by ~10 points):")
    print(ds.to_string(float_format=lambda x: f"{x:.1f}") + "\n")


def devices(folder: Path | None = None) -> None:
    """The real recordings as other devices would log them: other rates, any mounting, no gyroscope."""
    from scipy.signal import resample_poly
    from scipy.spatial.transform import Rotation

    data = shared_data("lumbar")  # (and ../shared/tools importable: the judging rules)
    data = folder or data
    if data is None:
        return
    try:
        from score_events import score
    except ImportError:
        print("devices: scoring needs ../shared/tools/score_events.py\n")
        return
    variants = {"100 Hz (as recorded)": (1, 1, None, True), "25 Hz": (1, 4, None, True), "30 Hz": (3, 10, None, True),
                "128 Hz": (32, 25, None, True), "200 Hz": (2, 1, None, True), "turned": (1, 1, 3, True),
                "30 Hz, no gyroscope": (3, 10, None, False)}  # fmt: skip
    rows = []
    for ref_path in sorted(data.glob("*_reference.json")):
        name = ref_path.name.removesuffix("_reference.json")
        ref = json.loads(ref_path.read_text())
        system = "INDIP" if ref["references"].get("INDIP") else "Stereophoto"
        part = ref["participant"]
        rec = gaitcoach.load(data / f"{name}.csv", placement="lumbar")
        for label, (up, down, seed, gyro) in variants.items():
            sig = rec.signals[[c for c in rec.signals.columns if gyro or c.startswith("acc")]]
            x = sig.to_numpy().copy()
            if seed is not None:  # the sensor clipped on another way round: every vector turned alike
                turn = Rotation.random(random_state=seed)
                x = np.column_stack([turn.apply(x[:, k : k + 3]) for k in range(0, x.shape[1], 3)])
            x = resample_poly(x, up, down, axis=0, padtype="line") if up != down else x  # (no zeros past the ends)
            fs = 100.0 * up / down
            df = pd.DataFrame(x, columns=sig.columns, index=pd.Index(np.arange(len(x)) / fs, name="time_s"))
            res = analyze_lumbar(gaitcoach.Recording.from_dataframe(df, placement="lumbar"),
                                 height_m=part["height_m"], sensor_height_m=part["sensor_height_m"])  # fmt: skip
            ic, fc = score(res.events, ref_path, system=system)[:2]
            rows.append({"device": label, "walks": "daily life" if "Test11" in name else "straight walks",
                         "IC F1": ic["f1"], "IC MAE ms": ic["mae_ms"], "FC F1": fc["f1"],
                         "sides": ic["side_accuracy"] if gyro else np.nan})  # fmt: skip
    table = pd.DataFrame(rows).groupby(["device", "walks"], sort=False).mean()
    print("The real lower-back recordings as other devices would log them (means; INDIP, else Stereophoto):")
    print(table.to_string(float_format=lambda x: f"{x:.3f}", na_rep="-"))
    print("(sides need the gyroscope)\n")


def _reference_double_support_pct(bout: dict) -> float:
    """Median double support [% of the stride] of a reference bout, from its own contacts."""
    ic, ic_side = np.asarray(bout["ic_s"], float), np.asarray(bout["ic_side"], object)
    fc, fc_side = np.asarray(bout["fc_s"], float), np.asarray(bout["fc_side"], object)
    events = pd.concat(
        [
            pd.DataFrame({"time_s": ic, "event": "IC", "side": ic_side}),
            pd.DataFrame({"time_s": fc, "event": "FC", "side": fc_side}),
        ]
    )
    k = np.flatnonzero(ic_side[:-2] == ic_side[2:])  # strides: a heel strike and the same foot's next
    own_fc = [fc[(fc_side == ic_side[i]) & (fc > ic[i]) & (fc < ic[i + 2])] for i in k]
    strides = pd.DataFrame(
        {
            "side": ic_side[k],
            "ic_s": ic[k],
            "fc_s": [f[0] if len(f) else np.nan for f in own_fc],  # a loop over the bout's strides
            "stride_time_s": ic[k + 2] - ic[k],
        }
    )
    st = support_times(strides, events)
    return float((100 * st["double_support_s"] / st["stride_time_s"]).median())


def simulated() -> None:
    rows = []
    for name, kw in {
        "clean": {},
        "any mounting": {"mounting_deg": (170.0, 30.0, -60.0)},
        "noisy": {"acc_noise_mps2": 0.08, "gyr_noise_dps": 1.5, "jitter_s": 0.002},
        "asymmetry 8 %": {"step_time_asymmetry_pct": 8.0},
    }.items():
        spec = WalkSpec(placement="lumbar", bouts=(20,), **kw)
        rec, truth = simulate(spec)
        res = gaitcoach.analyze(rec, height_m=spec.height_m)
        ref = truth.events[truth.events["event"] == "IC"]
        det = res.events[res.events["event"] == "IC"]
        j = np.argmin(np.abs(det["time_s"].to_numpy()[None, :] - ref["time_s"].to_numpy()[:, None]), axis=1)
        err = (det["time_s"].to_numpy()[j] - ref["time_s"].to_numpy()) * 1000
        rows.append(
            {
                "case": name,
                "IC found": f"{len(det)}/{len(ref)}",
                "IC mean ms": err.mean(),
                "IC |max| ms": np.abs(err).max(),
                "side acc": (det["side"].to_numpy()[j] == ref["side"].to_numpy()).mean(),
                "SL err %": 100 * (res.summary.stride_length_m / spec.stride_length_m - 1),
                "asym true %": spec.step_time_asymmetry_pct,
                "asym est %": res.summary.step_time_asymmetry_pct,
            }
        )
    print("Simulated lower-back walks:")
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    pelvic_drops()


def pelvic_drops(walks: int = 40) -> None:
    """Each side's pelvic drop and rise on randomised walks (bench_sweep's walkers), drops of -2..6 deg (a negative one
    rises): the largest error of the four per walk."""
    from dataclasses import replace

    from bench_sweep import _spec

    rows = []
    for slow in (False, True):
        rng = np.random.default_rng(11)
        for k in range(walks):
            spec = _spec(rng, "lumbar", k, slow=slow)
            spec = replace(spec, pelvic_drop_deg=(float(rng.uniform(-2, 6)), float(rng.uniform(-2, 6))))
            rec, truth = simulate(spec)
            if len(truth.pelvis) < 3:  # the truth's drop: the median over the strides inside the walk
                continue
            res = gaitcoach.analyze(rec, height_m=spec.height_m)
            true = truth.pelvis.iloc[1:-1].median()  # how far each side falls below level, and rises above it
            s = res.summary
            est = {"drop_left_deg": s.pelvic_drop_left_deg, "drop_right_deg": s.pelvic_drop_right_deg,
                   "rise_left_deg": s.pelvic_rise_left_deg, "rise_right_deg": s.pelvic_rise_right_deg}  # fmt: skip
            err = max(abs(v - true[k]) for k, v in est.items())
            rows.append({"walks": "slow" if slow else "default", "err": err,
                         "hitched": min(spec.pelvic_drop_deg) < 0})  # fmt: skip
    df = pd.DataFrame(rows)
    table = df.groupby("walks", sort=False).agg(
        walks=("err", "size"),
        reported=("err", lambda e: e.notna().mean()),
        within_1_deg_of_reported=("err", lambda e: (e.dropna() <= 1.0).mean()),
        max_err_deg=("err", "max"),
    )
    print("\nPelvic drop and rise of each side on randomised walks (a hip hitched in", int(df["hitched"].sum()), "of",
          len(df), "walks; the largest error of the four per walk):")  # fmt: skip
    print(table.to_string(float_format=lambda x: f"{x:.2f}"))


def speed(day: bool) -> None:
    import time

    rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(3200,), acc_noise_mps2=0.05, gyr_noise_dps=0.5))
    n = len(rec.signals)
    runs = []
    for _ in range(3):  # the first run also pays for touching fresh memory; all three are shown
        t0 = time.perf_counter()
        res = analyze_lumbar(rec, height_m=1.75)
        runs.append(time.perf_counter() - t0)
    print(
        f"\nSpeed: {n / 100 / 3600:.2f} h at 100 Hz ({n:,} samples, {len(res.strides)} strides): "
        f"first run {runs[0]:.2f} s = {n / runs[0]:,.0f} samples/s, best of 3 {min(runs):.2f} s = "
        f"{n / min(runs):,.0f} samples/s"
    )
    # the whole session as a user gets it: the placement check, the analysis, the summary and the coaching
    session = []
    for _ in range(3):
        t0 = time.perf_counter()
        gaitcoach.analyze(rec, height_m=1.75)
        session.append(time.perf_counter() - t0)
    print(
        f"  the whole session (gaitcoach.analyze: placement check, summary, coaching): first run {session[0]:.2f} s = "
        f"{n / session[0]:,.0f} samples/s, best of 3 {min(session):.2f} s = {n / min(session):,.0f} samples/s"
    )
    if not day:
        return
    report_day(day_from_hour(rec), lambda r: analyze_lumbar(r, height_m=1.75))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-day", action="store_true", help="skip the 24-hour recording")
    ap.add_argument("--data", type=Path, help="score the recordings in this folder (../shared's lumbar layout)")
    ap.add_argument("--devices", action="store_true", help="also as other devices would log them (rates, mounting)")
    args = ap.parse_args()
    real(args.data)
    if args.devices:
        devices(args.data)
    simulated()
    speed(not args.no_day)
