"""Wrist: steps found on hard simulated walks, none in long car rides, and the speed of the analysis.

Run: python benchmarks/bench_wrist.py [--no-day]

1. Slow walkers (55-90 steps/min, 5-30 deg of arm swing, steps varying by 0 or 6 %; ``bench_sweep.py --slow``'s
   walks), their arms swinging once a stride or, as arms do below about 0.8 m/s (Wagenaar & van Emmerik 2000,
   ``WalkSpec.arm_swing_per_step``), once a step: steps found against the true steps, 5th percentile, worst and
   most, and the cadence error.
2. Car rides of a minute at 25, 50 and 100 Hz (20 seeds each): steps found (should be none).
3. Real watch files of the corpus (../shared/corpus/fit, skipped where absent) that hold raw motion and the watch's
   own cadence records: steps and cadence from the raw motion against the watch's.
4. Speed: about an hour at 100 Hz (ten 300-stride walks with pauses), and that hour 24 times over (peak memory).
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pandas as pd
from _common import SHARED, day_from_hour, report_day, wants_day
from bench_sweep import _spec

from gaitcoach.gait.wrist import analyze_wrist
from gaitcoach.simulate import WalkSpec, simulate
from gaitcoach.simulate.scenarios import scenario


def slow_walkers() -> None:
    rows = []
    for per_step, cv in ((False, 0.0), (False, 6.0), (True, 0.0), (True, 6.0)):
        rng = np.random.default_rng(7)
        ratios, cad_err = [], []
        for placement in ("foot", "lumbar", "pocket", "wrist"):  # the sweep's draws, in its order
            for k in range(40):
                spec = replace(_spec(rng, placement, k, slow=True), step_time_cv_pct=cv, arm_swing_per_step=per_step)
                if placement != "wrist":
                    continue
                rec, truth = simulate(spec)
                _, summary = analyze_wrist(rec)
                ratios.append(summary["n_steps"] / int((truth.events["event"] == "IC").sum()))
                cad_err.append(abs(summary["cadence_spm"] - 120.0 / truth.strides["stride_time_s"].median()))
        r = np.array(ratios)
        rows.append({"arms swing once a": "step" if per_step else "stride", "step variability %": cv,
                     "walks": len(r), "found/true median": np.median(r), "5th pct": np.percentile(r, 5),
                     "worst": r.min(), "most": r.max(), "walks < 0.9": int((r < 0.9).sum()),
                     "walks > 1.1": int((r > 1.1).sum()),
                     "cadence |err| median spm": np.nanmedian(cad_err)})  # fmt: skip
    print("Slow walkers at the wrist (bench_sweep.py --slow walks):")
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:.2f}"))


def car_rides() -> None:
    rows = []
    for rate in (25.0, 50.0, 100.0):
        found = [
            analyze_wrist(simulate(replace(scenario("vibration", placement="wrist", seed=s), lead_in_s=60.0,
                                           rate_hz=rate))[0])[1]["n_steps"]
            for s in range(20)
        ]  # fmt: skip
        rows.append({"rate Hz": rate, "rides": len(found), "steps found": int(np.sum(found)),
                     "rides with steps": int(np.count_nonzero(found))})  # fmt: skip
    print("\nA minute in a car (should find nothing):")
    print(pd.DataFrame(rows).to_string(index=False))


def speed(day: bool) -> None:
    rec, _ = simulate(WalkSpec(placement="wrist", bouts=(300,) * 10, pause_s=30.0, acc_noise_mps2=0.05))
    n = len(rec.signals)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        _, summary = analyze_wrist(rec)
        runs.append(time.perf_counter() - t0)
    print(
        f"\nSpeed: {n / 100 / 3600:.2f} h at 100 Hz ({n:,} samples, {summary['n_steps']:.0f} steps): best of 3 "
        f"{min(runs):.2f} s = {n / min(runs):,.0f} samples/s"
    )
    if day:
        report_day(day_from_hour(rec), analyze_wrist, count=lambda res: res[1]["n_steps"], what="steps")


def real_watches() -> None:
    """Steps from the raw motion of the corpus' real watch files against each watch's own count (its records)."""
    import gaitcoach
    from gaitcoach.gait.records import summarize_records

    folder = SHARED / "corpus" / "fit"
    if not folder.is_dir():
        print("\nreal watches: ../shared/corpus/fit is not present")
        return
    rows = []
    for path in sorted(folder.glob("*.fit")) + sorted(folder.glob("*.FIT")):
        try:
            rec = gaitcoach.load(path)
        except gaitcoach.GaitcoachError:
            continue
        if not rec.has_signals or not len(rec.summary.columns) or "cadence_spm" not in rec.summary:
            continue
        _, ours = analyze_wrist(rec)
        theirs = summarize_records(rec.summary)
        rows.append({"file": path.name[:40], "rate Hz": rec.sampling_rate_hz, "minutes": rec.duration_s / 60.0,
                     "steps (raw motion)": ours["n_steps"], "steps (watch)": theirs["n_steps"],
                     "cadence ours": ours["cadence_spm"], "cadence watch": theirs["cadence_spm"]})  # fmt: skip
    print("\nReal watch files with raw motion and the watch's own step count (../shared/corpus/fit):")
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:.1f}") if rows else "  none")


if __name__ == "__main__":
    day = wants_day(__doc__)
    slow_walkers()
    car_rides()
    real_watches()
    speed(day)
