"""Accuracy and speed of the shoe-sensor analysis.

Run: python benchmarks/bench_foot.py [--quick] [--day]

1. Real data (../shared/data/foot, skipped where absent): initial contacts of the 4 x 10 m walk scored with
   ../shared/tools/score_events.py against motion capture (recall, precision, timing error); strides found and
   strides flagged "not level" on the stair and MS recordings.
2. Simulated walks (gaitcoach.simulate) with known truth, clean and noisy, arbitrary mountings, 50-200 Hz:
   IC/FC timing error, stride length error, foot strike / toe-off / toe-out angle errors.
3. Speed: samples per second of the whole foot analysis of a 1-hour 100 Hz 6-axis recording, beside its import
   time, and the time to the first result.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from _common import day_from_hour, report_day, shared_data

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
    args = ap.parse_args()
    real()
    simulated()
    speed(args.quick, args.day)


if __name__ == "__main__":
    main()
