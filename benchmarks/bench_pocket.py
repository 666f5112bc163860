"""Accuracy and speed of the trouser-pocket (thigh) analysis.

Run: python benchmarks/bench_pocket.py

1. Real thigh recordings (../shared/data/pocket, 6 people x 2 thighs, skipped where absent) against pressure-insole
   contacts of both feet: the pocket leg's and the other leg's initial and final contacts (matched one-to-one
   within 0.25 s with ../shared/tools/score_events.py's rule, inside the reference's walking segments), and the
   pocket leg's time on the ground per stride against the insoles'.
2. Simulated walks with known truth: the same, clean, noisy and with the phone turned in the pocket.
3. Speed: samples per second for a 1-hour and a 24-hour 100 Hz recording (the day's peak memory, VmHWM).
"""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
from _common import day_from_hour, matcher, report_day, shared_data

import gaitcoach
from gaitcoach.gait.pocket import analyze_pocket
from gaitcoach.simulate import WalkSpec, simulate

TOL_S = 0.25


def _score(det: pd.DataFrame, ref: pd.DataFrame, windows: list[tuple[float, float]], match) -> list[dict]:
    rows = []
    for leg in ("pocket", "other"):
        for kind in ("IC", "FC"):
            r = ref[(ref["leg"] == leg) & (ref["event"] == kind)]["time_s"].to_numpy(float)
            d = det[(det["leg"] == leg) & (det["event"] == kind)]["time_s"].to_numpy(float)
            inside = np.zeros(len(d), bool)
            for a, b in windows:
                inside |= (d >= a - TOL_S) & (d <= b + TOL_S)
            d = d[inside]
            ri, di = match(r, d, TOL_S)
            e = (d[di] - r[ri]) * 1000.0
            rows.append({"leg": leg, "event": kind, "n_ref": len(r), "n_det": len(d), "matched": len(ri),
                         "errors_ms": e})  # fmt: skip
    return rows


def _legs(events: pd.DataFrame, side: str) -> pd.DataFrame:
    return events.assign(leg=np.where(events["side"] == side, "pocket", "other"))


def _table(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    out = []
    for (leg, kind), g in df.groupby(["leg", "event"], sort=False):
        e = np.concatenate(list(g["errors_ms"])) if len(g) else np.empty(0)
        n_ref, n_det, m = g["n_ref"].sum(), g["n_det"].sum(), g["matched"].sum()
        out.append({"leg": leg, "event": kind, "n_ref": n_ref, "n_det": n_det,
                    "recall": m / n_ref if n_ref else np.nan, "precision": m / n_det if n_det else np.nan,
                    "bias_ms": e.mean() if len(e) else np.nan, "mae_ms": np.abs(e).mean() if len(e) else np.nan,
                    "max_ms": np.abs(e).max() if len(e) else np.nan})  # fmt: skip
    return pd.DataFrame(out)


def real() -> None:
    data = shared_data("pocket")
    if data is None:
        return
    match = matcher()

    rows, stance = [], []
    for csv in sorted(data.glob("*.csv")):
        ref = json.loads(csv.with_suffix(".json").read_text())
        side = ref["thigh_side"]
        res = analyze_pocket(gaitcoach.load(csv, placement="pocket", side=side))
        stance.append(_stance_pairs(res.strides, ref, side))
        r = pd.concat([
            pd.DataFrame({"time_s": ref["ic_s"], "side": ref["ic_side"], "event": "IC"}),
            pd.DataFrame({"time_s": ref["fc_s"], "side": ref["fc_side"], "event": "FC"}),
        ])  # fmt: skip
        rows += _score(_legs(res.events, side), _legs(r, side), [tuple(w) for w in ref["walking_segments_s"]], match)
    print("Real thigh recordings (12 files, 6 people) vs pressure insoles of both feet:")
    print(_table(rows).to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    st = pd.concat(stance, ignore_index=True)
    err = st["est"] - st["ref"]
    print(
        f"Time on the ground [% of the stride], {len(st)} strides whose heel strikes and toe-off the insoles also "
        f"saw: MAE {err.abs().mean():.1f} points, bias {err.mean():+.1f}, correlation with the insoles' "
        f"{np.corrcoef(st['est'], st['ref'])[0, 1]:.2f} (insoles {st['ref'].min():.0f}-{st['ref'].max():.0f} %)"
    )
    print()


def _stance_pairs(strides: pd.DataFrame, ref: dict, side: str) -> pd.DataFrame:
    """The pocket leg's stance [% of the stride] of each stride against the insoles' (heel strikes within 0.15 s)."""
    ic = np.array([x for x, s in zip(ref["ic_s"], ref["ic_side"]) if s == side], float)
    fc = np.array([x for x, s in zip(ref["fc_s"], ref["fc_side"]) if s == side], float)
    if not len(ic) or strides.empty:
        return pd.DataFrame({"est": [], "ref": []})
    a = np.abs(ic[None, :] - strides["ic_s"].to_numpy()[:, None]).argmin(axis=1)
    b = np.abs(ic[None, :] - strides["next_ic_s"].to_numpy()[:, None]).argmin(axis=1)
    ok = (np.abs(ic[a] - strides["ic_s"].to_numpy()) < 0.15) & (np.abs(ic[b] - strides["next_ic_s"].to_numpy()) < 0.15)
    ok &= b > a
    # the insoles' toe-off of the stride: exactly one between its heel strikes
    inside = (fc[None, :] > ic[a][:, None]) & (fc[None, :] < ic[b][:, None])
    ok &= inside.sum(axis=1) == 1
    f = fc[inside.argmax(axis=1)]
    ref_pct = 100 * (f - ic[a]) / np.where(ok, ic[b] - ic[a], 1.0)
    return pd.DataFrame({"est": strides["stance_pct"].to_numpy()[ok], "ref": ref_pct[ok]}).dropna()


def simulated() -> None:
    shared_match = matcher()

    cases = {
        "clean": {},
        "noisy": {"acc_noise_mps2": 0.08, "gyr_noise_dps": 1.5, "gyr_bias_dps": 1.0},
        "turned in pocket": {"mounting_deg": (15.0, 0.0, 180.0)},
        "50 Hz": {"rate_hz": 50.0},
    }
    print("Simulated pocket walks (left thigh, truth from the simulator):")
    for name, kw in cases.items():
        rec, truth = simulate(WalkSpec(placement="pocket", side="left", bouts=(14,), **kw))
        res = analyze_pocket(rec)
        rows = _score(_legs(res.events, "left"), _legs(truth.events, "left"), [(0.0, 1e9)], shared_match)
        print(f"  {name}:")
        print(_table(rows).to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    print()


def speed() -> None:
    rec, _ = simulate(WalkSpec(placement="pocket", side="left", bouts=(3200,)))
    n = len(rec.signals)
    t0 = time.perf_counter()
    res = analyze_pocket(rec)
    dt = time.perf_counter() - t0
    print(f"Speed: {n / 100 / 3600:.2f} h at 100 Hz ({n:,} samples, {len(res.strides)} strides): {dt:.2f} s = "
          f"{n / dt:,.0f} samples/s")  # fmt: skip
    report_day(day_from_hour(rec), analyze_pocket)


if __name__ == "__main__":
    real()
    simulated()
    speed()
