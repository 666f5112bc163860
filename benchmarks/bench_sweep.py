"""Randomised sweep: many simulated walks with random walker, sensor and recording, per placement.

Run: python benchmarks/bench_sweep.py [--walks N] [--seed S] [--slow] [--cv PCT]

Each walk draws a cadence of 60-130 steps/min, a stride length that grows with it (1.4 m at 110 steps/min,
+-15 %), a stance that shortens with it (62 % at 110 steps/min, Perry & Burnfield 2010; 66 % at 65 and 60.6 %
at 125 steps/min, +-2 points), a step-time asymmetry of up to +-4 %, 1-2 bouts of 3-14 strides, a rate of 50,
100, 104 or 200 Hz, sensor noise, any mounting and, for a third of the walks, a turn. Contacts are matched
one-to-one within 0.15 s (score_events.py's rule when ../shared is present). Per placement and event: recall,
precision, the median and 95th percentile of the timing error [ms], and the walks with a worse than 0.9 recall
or precision; the wrist: steps found against true steps, per walk; cadence error [steps/min] from the summary;
the share of walks whose step-time asymmetry is within 1 point of the truth (where the placement reports one);
and where placement detection, not told the placement, puts each walk (right, left to the user, or wrong).
The named scenarios of ``bench_scenarios.py`` test each condition alone; this sweep looks for the combinations
they miss. Then the steps found while standing, sitting, riding in a car, cycling or running (``--still-seeds``
recordings of each, ``--still-s`` seconds long (a minute: 20 s rides had hidden the wrist's false steps in a car),
every placement, said and not said; running at 145-185 steps/min, not on the shoe): there should be none.

``--slow``: walks as people with back pain or older people often walk, slowly and carefully: 55-90 steps/min,
0.5-1.0 m strides (0.25-0.75 m/s), stance 63-70 % (a long double support), step-time asymmetry up to +-6 %,
arm swing 5-30 deg, pelvic rotation 3-8 deg, hip extension 0-10 deg (Perry & Burnfield 2010: stance and double
support lengthen as walking slows).

``--cv PCT``: every walk's steps vary at random with this coefficient of variation (``WalkSpec.step_time_cv_pct``;
healthy adults about 1-3 %, older adults and people with neurological disease more, Hausdorff 2005,
doi:10.1186/1743-0003-2-19). The true cadence and step-time asymmetry are then the walk's own: from the median
true stride time, and from the median step time of each side's true heel strikes.

Read with it: the lower back reports the toe-offs that end a stance begun by a heel strike in the bout only (as
both real references do), so its toe-offs, and the other foot's from a pocket, are scored against those
(``_common.stance_ending``: a bout's first toe-offs, of the feet leaving from standing, belong to no stride; they
had counted as missed); from a pocket, a leading pocket leg's first reversal before the walk starts reads as the
other foot landing, and the other foot's closing step is not reported (one of each per bout); the other foot's
toe-off after the pocket leg's last heel strike is false where the simulated walker stops without lifting it.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

import numpy as np
import pandas as pd
from _common import matcher, stance_ending

import gaitcoach
from gaitcoach.errors import NotEnoughWalkingError
from gaitcoach.gait.placement import detect_placement
from gaitcoach.metrics import SessionSummary, asymmetry_pct
from gaitcoach.simulate import WalkSpec, simulate
from gaitcoach.simulate.scenarios import scenario

TOL_S = 0.15


def _analyze(rec, height_m: float) -> gaitcoach.Analysis:
    """The session's analysis; where it measures no walking (its error), empty tables and an empty summary."""
    try:
        return gaitcoach.analyze(rec, height_m=height_m)
    except NotEnoughWalkingError:
        empty = pd.DataFrame({"time_s": [], "event": [], "side": []})
        return gaitcoach.Analysis((), empty, pd.DataFrame(), SessionSummary(), (), ())


def _true_asymmetry_pct(events: pd.DataFrame) -> float:
    """Step-time asymmetry of the true heel strikes: median step ending on each side, as the summary has it."""
    ic = events[events["event"] == "IC"].sort_values("time_s")
    step = np.diff(ic["time_s"].to_numpy())
    ends = ic["side"].to_numpy()[1:]
    keep = step < 1.5 * np.median(step)  # not across the standing between bouts
    med = {s: float(np.median(step[keep & (ends == s)])) for s in ("left", "right")}
    return asymmetry_pct(med["left"], med["right"])


def _spec(rng: np.random.Generator, placement: str, k: int, slow: bool = False) -> WalkSpec:
    if slow:  # slow, careful walking (see the module docstring)
        cadence, stance = float(rng.uniform(55.0, 90.0)), float(rng.uniform(63.0, 70.0))
    else:
        cadence = float(rng.uniform(60.0, 130.0))
        stance = float(np.clip(62.0 + 0.09 * (110.0 - cadence) + rng.uniform(-2.0, 2.0), 55.0, 70.0))
    side = str(rng.choice(["left", "right"]))  # drawn in this order so that the default sweep's walks stay the same
    if slow:
        stride = float(rng.uniform(0.5, 1.0))
    else:
        stride = float(np.clip(1.4 * cadence / 110.0 * rng.uniform(0.85, 1.15), 0.55, 1.9))
    spec = WalkSpec(
        placement=placement,
        side=side,
        cadence_spm=cadence,
        stride_length_m=stride,
        stance_pct=(stance, stance),
        step_time_asymmetry_pct=float(rng.uniform(-6.0, 6.0) if slow else rng.uniform(-4.0, 4.0)),
        bouts=tuple(int(x) for x in rng.integers(3, 15, size=int(rng.integers(1, 3)))),
        rate_hz=float(rng.choice([50.0, 100.0, 104.0, 200.0])),
        acc_noise_mps2=float(rng.uniform(0.0, 0.06)),
        gyr_noise_dps=float(rng.uniform(0.0, 1.0)),
        mounting_deg=tuple(float(x) for x in rng.uniform(-180.0, 180.0, 3)),
        turns=((4, float(rng.uniform(-180.0, 180.0))),) if rng.random() < 0.3 else (),
        seed=1000 + k,
    )
    if slow:
        spec = replace(spec, arm_swing_deg=float(rng.uniform(5.0, 30.0)),
                       pelvic_rotation_deg=float(rng.uniform(3.0, 8.0)),
                       hip_extension_deg=(float(rng.uniform(0.0, 10.0)), float(rng.uniform(0.0, 10.0))))  # fmt: skip
    return spec


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--walks", type=int, default=40, help="walks per placement (default 40)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--still-seeds", type=int, default=5, help="seeds per non-walking activity (default 5)")
    ap.add_argument("--still-s", type=float, default=60.0, help="length of each non-walking recording [s] (60)")
    ap.add_argument("--slow", action="store_true", help="slow, careful walks instead (see the module docstring)")
    ap.add_argument("--cv", type=float, default=0.0, help="step-to-step variability [%%] of every walk (default 0)")
    args = ap.parse_args()
    match = matcher()
    rng = np.random.default_rng(args.seed)
    rows, walks, detected = [], [], []
    for placement in ("foot", "lumbar", "pocket", "wrist"):
        for k in range(args.walks):
            spec = replace(_spec(rng, placement, k, args.slow), step_time_cv_pct=args.cv)
            rec, truth = simulate(spec)
            res = _analyze(rec, spec.height_m)
            guess = detect_placement(rec.replace(placement=None)).placement
            detected.append({"placement": placement, "guess": "none" if guess is None else
                             "right" if guess == placement else "wrong"})  # fmt: skip
            true_ic = truth.events[truth.events["event"] == "IC"]
            cadence_err = res.summary.cadence_spm - 120.0 / truth.strides["stride_time_s"].median()  # the walk's own
            asym_err = res.summary.step_time_asymmetry_pct - _true_asymmetry_pct(truth.events)  # NaN: not reported
            if placement == "wrist":
                walks.append({"placement": placement, "true": len(true_ic), "found": res.summary.n_steps,
                              "cadence_err": cadence_err})  # fmt: skip
                continue
            own = (spec.side,) if placement in ("foot", "pocket") else ("left", "right")
            other = [("IC other", ("left", "right")), ("FC other", ("left", "right"))]
            kinds = [("IC", own), ("FC", own)] + (other if placement == "pocket" else [])
            for name, sides in kinds:
                kind = name.split()[0]
                sides = tuple(s for s in sides if s != spec.side) if name.endswith("other") else sides
                # toe-offs as the lower-back references count them (_common.stance_ending) where the sensor does
                # not see the foot itself: the lower back's, the pocket's other foot
                sees_foot = placement == "foot" or (placement == "pocket" and name == "FC")
                events = stance_ending(truth.events) if kind == "FC" and not sees_foot else truth.events
                for side in sides:
                    r = events[(events["event"] == kind) & (events["side"] == side)]["time_s"]
                    d = res.events[(res.events["event"] == kind) & (res.events["side"] == side)]["time_s"]
                    ri, di = match(r.to_numpy(), d.to_numpy(), TOL_S)
                    err = 1000 * (d.to_numpy()[di] - r.to_numpy()[ri])
                    rows.append({"placement": placement, "event": name, "walk": k, "n_ref": len(r), "n_det": len(d),
                                 "tp": len(ri), "err": err, "cadence_err": cadence_err,
                                 "asym_err": asym_err})  # fmt: skip
    table = []
    for (placement, event), g in pd.DataFrame(rows).groupby(["placement", "event"], sort=False):
        err = np.abs(np.concatenate(list(g["err"])))
        per_walk = g.groupby("walk")[["n_ref", "n_det", "tp"]].sum()
        asym = g.groupby("walk")["asym_err"].first().dropna()  # one per walk
        poor = ((per_walk["tp"] < 0.9 * per_walk["n_ref"]) | (per_walk["tp"] < 0.9 * per_walk["n_det"])).sum()
        table.append({
            "placement": placement, "event": event, "walks": len(per_walk),
            "recall": g["tp"].sum() / g["n_ref"].sum(), "precision": g["tp"].sum() / max(g["n_det"].sum(), 1),
            "median |err| ms": np.median(err), "p95 |err| ms": np.percentile(err, 95),
            "walks < 0.9": int(poor), "cadence |err| p95": np.nanpercentile(np.abs(g["cadence_err"]), 95),
            "asym within 1 pt": (asym.abs() <= 1.0).mean() if len(asym) else np.nan,
        })  # fmt: skip
    kind = "slow simulated walks" if args.slow else "simulated walks"
    kind += f", steps varying by {args.cv:g} %" if args.cv else ""
    print(f"Randomised {kind} ({args.walks} per placement, seed {args.seed}):")
    print(pd.DataFrame(table).to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    guesses = pd.DataFrame(detected)
    counts = pd.crosstab(guesses["placement"], guesses["guess"])
    print("\nPlacement detection on the same walks (none: left to the user; wrong: a wrong guess):")
    print(counts.reindex(columns=["right", "none", "wrong"], fill_value=0).to_string())
    # not walking: standing, sitting, a car ride, cycling and running (not on the shoe: its running stance is not
    # simulated; 145-185 steps/min over the seeds), several seeds each
    still = []
    for placement in ("foot", "lumbar", "pocket", "wrist"):
        for name in ("standing", "sitting", "vibration", "cycling", "running"):
            if name == "running" and placement == "foot":
                continue
            found = {True: 0, False: 0}
            for seed in range(args.still_seeds):
                if name == "running":
                    spec = WalkSpec(placement=placement, side="left", activity="run", cadence_spm=145.0 + 10 * seed,
                                    stride_length_m=2.2, seed=seed)  # fmt: skip
                else:
                    spec = scenario(name, placement=placement, seed=seed)
                rec, _ = simulate(replace(spec, lead_in_s=args.still_s))
                for said in (True, False):  # the placement said, or left to detection
                    res = _analyze(rec if said else rec.replace(placement=None), 1.75)
                    ic = int((res.events["event"] == "IC").sum())
                    steps = res.summary.n_steps
                    counted = ic if placement != "wrist" else int(steps if steps == steps else 0)
                    if not said and not ic:  # unplaced: the steps counted from the acceleration alone
                        counted = int(steps if steps == steps else 0)
                    found[said] += counted
            for said in (True, False):
                still.append({"placement": placement, "said": said, "activity": name, "steps": found[said]})
    for said in (True, False):
        how = "the placement said" if said else "the placement not said (detected, or steps counted alone)"
        print(f"\nNot walking ({args.still_seeds} seeds each, {args.still_s:.0f} s), {how}: steps found")
        said_rows = pd.DataFrame(still).query("said == @said")
        found_table = said_rows.pivot(index="placement", columns="activity", values="steps")
        print(found_table.apply(lambda col: col.map(lambda v: "-" if v != v else str(int(v)))).to_string())
    w = pd.DataFrame(walks)
    if len(w):
        ratio = w["found"] / w["true"]
        print(
            f"\nwrist: steps found / true median {ratio.median():.2f}, 5th-95th percentile {ratio.quantile(0.05):.2f}"
            f"-{ratio.quantile(0.95):.2f}; walks with no steps {int((w['found'] == 0).sum())} of {len(w)}; "
            f"cadence |err| p95 {np.nanpercentile(np.abs(w['cadence_err']), 95):.1f} steps/min"
        )


if __name__ == "__main__":
    main()
