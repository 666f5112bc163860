"""Accuracy and speed of the shoe-sensor analysis.

Run: python benchmarks/bench_foot.py [--quick] [--day] [--mocap DIR] [--devices]

1. Real data (../shared/data/foot, skipped where absent): initial contacts of the 4 x 10 m walk scored with
   ../shared/tools/score_events.py against motion capture (recall, precision, timing error); strides found and
   strides flagged "not level" on the stair and MS recordings.
   With ``--mocap DIR`` (gaitmap's example walk with motion capture, written by ``scripts/gaitmap_example_data.py``):
   each stride's foot strike and toe-off angles against the markers' sole pitch at the same instants (the heel to
   toe line, zero while standing still), stride length against the heel marker, toe-out against the heel-to-toe
   line and the heel's path, roll-through against the fifth-metatarsal marker's landing, how long after the
   markers' highest sole pitch (the heel's landing, where the heel rocker begins) the heel strike comes, and the
   heel strikes and toe-offs against the study's own from its motion capture (``events.csv``).
   With ``--devices``: the 4 x 10 m walk as other devices would log it (half, a quarter and twice its 102.4 Hz,
   both shoes' sensors turned arbitrarily): heel strikes against motion capture.
2. Simulated walks (gaitcoach.simulate) with known truth, clean and noisy, arbitrary mountings, 50-200 Hz:
   IC/FC timing error, stride length error, foot strike / toe-off / toe-out angle errors.
3. Speed: samples per second of the whole foot analysis of a 1-hour 100 Hz 6-axis recording, beside its import
   time, and the time to the first result.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import day_from_hour, matcher, report_day, shared_data

import gaitcoach
from gaitcoach.gait.foot import analyze_foot
from gaitcoach.io.writers import write_generic_csv
from gaitcoach.simulate import WalkSpec, simulate


def _match(det: np.ndarray, ref: np.ndarray, tol: float = 0.15) -> tuple[int, np.ndarray]:
    det = np.sort(det)
    errs = []
    used: set[int] = set()
    for r in ref:
        if not len(det):
            break
        j = int(np.argmin(np.abs(det - r)))
        if abs(det[j] - r) <= tol and j not in used:
            used.add(j)
            errs.append(det[j] - r)
    return len(used), np.asarray(errs) * 1000.0


def real() -> None:
    data = shared_data("foot")
    if data is None:
        return
    from score_events import score  # the project's judging rules

    events = []
    for side in ("left", "right"):
        rec = gaitcoach.load(data / f"walk_4x10m_{side}.csv", placement="foot", side=side)
        events.append(analyze_foot(rec).events)
    table = pd.DataFrame(score(pd.concat(events), data / "walk_4x10m_reference.json"))
    print("Real 4 x 10 m walk, initial contacts vs motion capture (score_events.py):")
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print("\nOther real recordings (no event reference): strides found / not level (straight strides)")
    for name in (
        "ms_walk_left",
        "ms_walk_right",
        "stairs_up_left",
        "stairs_up_right",
        "stairs_down_left",
        "stairs_down_right",
    ):
        side = name.rsplit("_", 1)[-1]
        res = analyze_foot(gaitcoach.load(data / f"{name}.csv", placement="foot", side=side))
        st = res.strides[res.strides["straight"].astype(bool)]
        not_level = int((~st["level"].astype(bool)).sum())
        median = res.strides["stride_length_m"].median()
        print(f"  {name:20s} strides {len(res.strides):3d}   straight {len(st):3d}   not level {not_level:3d}", end="")
        print(f"   median stride {median:.2f} m")
    print()


def devices() -> None:
    """The real 4 x 10 m walk as other devices would log it: other rates, the sensors turned any way."""
    from scipy.signal import resample_poly
    from scipy.spatial.transform import Rotation

    data = shared_data("foot")
    if data is None:
        return
    from score_events import score

    recs = {s: gaitcoach.load(data / f"walk_4x10m_{s}.csv", placement="foot", side=s) for s in ("left", "right")}
    rows = []
    for label, (up, down, seed) in {"as recorded (102.4 Hz)": (1, 1, None), "51.2 Hz": (1, 2, None),
                                    "25.6 Hz": (1, 4, None), "204.8 Hz": (2, 1, None),
                                    "turned": (1, 1, 5)}.items():  # fmt: skip
        events = []
        for side, rec in recs.items():
            x = rec.signals.to_numpy().copy()
            if seed is not None:  # every vector of the sensor turned alike
                turn = Rotation.random(random_state=seed)
                x = np.column_stack([turn.apply(x[:, k : k + 3]) for k in range(0, x.shape[1], 3)])
            x = resample_poly(x, up, down, axis=0, padtype="line") if up != down else x
            fs = float(rec.sampling_rate_hz or 0.0) * up / down
            df = pd.DataFrame(x, columns=rec.signals.columns,
                              index=pd.Index(rec.signals.index[0] + np.arange(len(x)) / fs, name="time_s"))  # fmt: skip
            events.append(analyze_foot(gaitcoach.Recording.from_dataframe(df, placement="foot", side=side)).events)
        for r in score(pd.concat(events), data / "walk_4x10m_reference.json"):
            rows.append({"device": label, "what": r["what"], "f1": r["f1"], "bias_ms": r["bias_ms"],
                         "mae_ms": r["mae_ms"]})  # fmt: skip
    print("The real 4 x 10 m walk as other devices would log it (score_events.py):")
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    print()


def _marker_strides(markers: pd.DataFrame, side: str, strides: pd.DataFrame) -> pd.DataFrame:
    """The markers' sole pitch at each stride's heel strike and toe-off [deg], its stride length [m] and toe-out
    [deg], for the strides the analysis found (their times; the two systems start together)."""
    from scipy import signal

    pre = side[0].upper()
    t = markers["time_s"].to_numpy()
    fs = 1.0 / float(np.median(np.diff(t)))
    lp = signal.butter(4, 15.0, fs=fs, output="sos")
    heel, toe, fm5 = (signal.sosfiltfilt(lp, markers[[f"{pre}_{m}_{a}" for a in "xyz"]].to_numpy(float), axis=0)
                      for m in ("FCC", "TOE", "FM5"))  # fmt: skip
    fm5_down = fm5[:, 2] <= np.median(fm5[t < 1.0, 2]) + 5.0  # the forefoot on the floor (within 5 mm of standing)
    line = toe - heel
    pitch = np.degrees(np.arctan2(line[:, 2], np.linalg.norm(line[:, :2], axis=1)))
    pitch -= np.median(pitch[t < 1.0])  # the first second: standing still, the sole flat
    rows = []
    for s in strides.itertuples():
        i0, i1 = np.searchsorted(t, [s.ic_s, s.next_ic_s])
        if i1 >= len(t):
            continue
        path = heel[i1, :2] - heel[i0, :2]
        mid = np.searchsorted(t, s.ic_s + 0.3 * (s.fc_s - s.ic_s))  # the sole flat, early in stance
        v = line[mid, :2]
        turned = np.degrees(np.arctan2(v[0] * path[1] - v[1] * path[0], v @ path))  # + = toe left of the path
        near = (t >= s.ic_s - 0.15) & (t <= s.ic_s + 0.1)
        landing = t[near][np.argmax(pitch[near])] if near.any() else np.nan
        rows.append({"strike_m": np.interp(s.ic_s, t, pitch), "toe_off_m": np.interp(s.fc_s, t, pitch),
                     "length_m": np.linalg.norm(path) / 1000.0, "fpa_m": -turned if side == "left" else turned,
                     "after_landing_ms": 1000.0 * (s.ic_s - landing),
                     "roll_m": t[i0 + np.argmax(down)] - s.ic_s if (down := fm5_down[i0 : i0 + int(0.4 * fs)]).any()
                     else np.nan})  # fmt: skip
    return pd.DataFrame(rows, index=strides.index[: len(rows)])


def mocap(folder: Path) -> None:
    """Foot angles, stride length and toe-out of the two shoes against the markers (see the module docstring)."""
    markers = pd.read_csv(folder / "markers.csv")
    rows, spread = [], []
    for side in ("left", "right"):
        res = analyze_foot(gaitcoach.load(folder / f"shoe_{side}.csv", placement="foot", side=side))
        st = res.strides[res.strides["straight"].astype(bool)]
        both = st.join(_marker_strides(markers, side, st), how="inner")
        for ours, ref, what in (("strike_angle_deg", "strike_m", "foot strike angle [deg]"),
                                ("toe_off_angle_deg", "toe_off_m", "toe-off angle [deg]"),
                                ("stride_length_m", "length_m", "stride length [m]"),
                                ("fpa_deg", "fpa_m", "toe-out [deg]"),
                                ("roll_through_s", "roll_m", "roll-through [s]")):  # fmt: skip
            err = both[ours] - both[ref]
            r = np.corrcoef(both[ours], both[ref])[0, 1]
            rows.append({"side": side, "what": what, "strides": len(err), "bias": err.mean(),
                         "MAE": err.abs().mean(), "SD": err.std(), "r": r})  # fmt: skip
        lag = both["after_landing_ms"]
        ours_deg, marks_deg = both["strike_angle_deg"], both["strike_m"]
        spread.append(f"{side}: ours {ours_deg.min():.0f}-{ours_deg.max():.0f} deg (markers at the same instants "
                      f"{marks_deg.min():.0f}-{marks_deg.max():.0f}); heel strike {lag.median():.0f} ms after the "
                      f"markers' highest pitch (median), over 35 ms in {int((lag > 35).sum())} strides")  # fmt: skip
    print("Real walk with motion capture (gaitmap's example; straight strides; the markers read at our events):")
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print("Foot strike angle per stride: " + "; ".join(spread) + "\n")
    if (folder / "events.csv").exists():
        _mocap_events(folder)


def _mocap_events(folder: Path) -> None:
    """Heel strikes and toe-offs against the study's own, from its motion capture (one-to-one within 0.15 s, inside
    the span of its events per foot; score_events.py's foot rule)."""
    ref = pd.read_csv(folder / "events.csv")
    match = matcher()
    rows = []
    for side in ("left", "right"):
        ev = analyze_foot(gaitcoach.load(folder / f"shoe_{side}.csv", placement="foot", side=side)).events
        for kind in ("IC", "FC"):
            r = ref[(ref["side"] == side) & (ref["event"] == kind)]["time_s"].to_numpy(float)
            d = ev[ev["event"] == kind]["time_s"].to_numpy(float)
            d = d[(d >= r.min() - 0.15) & (d <= r.max() + 0.15)]
            ri, di = match(r, d, 0.15)
            e = 1000.0 * (d[di] - r[ri])
            rows.append({"side": side, "event": kind, "n_ref": len(r), "n_det": len(d), "matched": len(ri),
                         "bias_ms": e.mean(), "mae_ms": np.abs(e).mean(), "max_ms": np.abs(e).max()})  # fmt: skip
    print("The same walk's heel strikes and toe-offs against the study's own from the motion capture (its 100 Hz "
          "frames: 10 ms steps):")  # fmt: skip
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:.1f}"))
    print()


def simulated() -> None:
    cases = {
        "clean 100 Hz": {},
        "clean 50 Hz": {"rate_hz": 50.0},
        "clean 200 Hz": {"rate_hz": 200.0},
        "any mounting": {"mounting_deg": (137.0, -52.0, 71.0)},
        "noisy + jitter": {"acc_noise_mps2": 0.08, "gyr_noise_dps": 1.5, "gyr_bias_dps": 1.0, "jitter_s": 0.002},
        "weak push-off R": {"side": "right", "toe_off_angle_deg": (-60.0, -40.0), "push_off_dps": (-350.0, -200.0)},
        "flat landing": {"strike_angle_deg": (3.0, 3.0)},
        "toe-out 15": {"fpa_deg": (15.0, 15.0)},
        "8 g clipping": {"acc_range_g": 8.0, "impact_g": 9.0},
    }
    rows = []
    for name, kw in cases.items():
        spec = WalkSpec(placement="foot", **{"side": "left", "bouts": (12,), **kw})
        rec, truth = simulate(spec)
        res = analyze_foot(rec)
        side = spec.side
        row = {"case": name}
        for ev in ("IC", "FC"):
            ref = truth.events[(truth.events["side"] == side) & (truth.events["event"] == ev)]["time_s"].to_numpy()
            n, e = _match(res.events[res.events["event"] == ev]["time_s"].to_numpy(), ref)
            row[f"{ev} recall"] = n / len(ref)
            row[f"{ev} mean ms"] = e.mean()
            row[f"{ev} |max| ms"] = np.abs(e).max()
        m = pd.merge_asof(
            res.strides.sort_values("ic_s"),
            truth.strides[truth.strides["side"] == side].sort_values("ic_s"),
            on="ic_s",
            direction="nearest",
            tolerance=0.05,
            suffixes=("", "_t"),
        ).dropna(subset=["stride_length_m_t"])
        full = m[m["stride_length_m_t"] > 0.9 * spec.stride_length_m]
        row["SL err % (mean)"] = 100 * (full["stride_length_m"] / full["stride_length_m_t"] - 1).mean()
        row["SL |err| % max"] = 100 * (full["stride_length_m"] / full["stride_length_m_t"] - 1).abs().max()
        for col, label in (("strike_angle_deg", "strike"), ("toe_off_angle_deg", "toe-off"), ("fpa_deg", "toe-out")):
            row[f"{label} err deg"] = (m[col] - m[f"{col}_t"]).mean()
        rows.append(row)
    print("Simulated walks (truth from the simulator):")
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    print()


_FIRST = """
import sys, time
t0 = time.perf_counter()
import gaitcoach
t1 = time.perf_counter()
rec = gaitcoach.load(sys.argv[1], placement="foot", side="left")
t2 = time.perf_counter()
result = gaitcoach.analyze(rec)
assert len(result.strides) > 5
print(t1 - t0, t2 - t1, time.perf_counter() - t2)
"""


def _first_result_s() -> tuple[float, float, float]:
    """Seconds to import the library, load a 25 s walk and analyse it, in a fresh Python process."""
    import subprocess
    import sys
    import tempfile

    short, _ = simulate(WalkSpec(placement="foot", bouts=(10,)))
    with tempfile.NamedTemporaryFile(suffix=".csv") as fh:
        fh.write(write_generic_csv(short))
        fh.flush()
        out = subprocess.run([sys.executable, "-c", _FIRST, fh.name], capture_output=True, text=True, check=True)
    lib, load, analysis = (float(x) for x in out.stdout.strip().splitlines()[-1].split())
    return lib, load, analysis


def speed(quick: bool, day: bool = False) -> None:
    seconds = 600 if quick else 3600
    n_strides = int(seconds / 1.1) - 10
    rec, _ = simulate(WalkSpec(placement="foot", bouts=(n_strides,), lead_in_s=2.0))
    data = write_generic_csv(rec)
    t0 = time.perf_counter()
    loaded = gaitcoach.load(data, name="hour.csv", placement="foot", side="left")
    t_import = time.perf_counter() - t0
    runs = []
    for _ in range(3):  # the first run also pays for touching fresh memory; all three are shown
        t0 = time.perf_counter()
        res = analyze_foot(loaded)
        runs.append(time.perf_counter() - t0)
    t_analysis = runs[0]
    n = len(loaded.signals)
    t_first = _first_result_s()
    print(f"Speed ({seconds / 3600:.2g} h at 100 Hz, {n:,} samples x 6 axes, {len(res.strides)} strides):")
    print(f"  import      {t_import:6.2f} s   {n / t_import:12,.0f} samples/s")
    print(f"  analysis    {t_analysis:6.2f} s   {n / t_analysis:12,.0f} samples/s (first run)")
    print(f"  analysis    {min(runs):6.2f} s   {n / min(runs):12,.0f} samples/s (best of 3)")
    lib, load, first = t_first
    print(
        f"  first result of a 25 s walk in a fresh process: file read in {load * 1000:.0f} ms, analysed "
        f"{first * 1000:.0f} ms later (no JIT, no warm-up; importing the libraries took {lib * 1000:.0f} ms before)"
    )
    if day:
        report_day(day_from_hour(loaded), analyze_foot)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="10 minutes of data for the speed test instead of 1 hour")
    ap.add_argument("--day", action="store_true", help="also analyse a 24-hour recording (time, peak memory)")
    ap.add_argument("--mocap", type=Path, help="gaitmap's walk with motion capture (scripts/gaitmap_example_data.py)")
    ap.add_argument("--devices", action="store_true", help="also the real walk at other rates and mountings")
    args = ap.parse_args()
    real()
    if args.devices:
        devices()
    if args.mocap is not None:
        mocap(args.mocap)
    simulated()
    speed(args.quick, args.day)


if __name__ == "__main__":
    main()
