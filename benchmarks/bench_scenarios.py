"""Every placement on every named simulated walk (gaitcoach.simulate.scenarios), against the simulator's truth.

Run: python benchmarks/bench_scenarios.py

Per placement and scenario: initial and final contacts found (recall within 0.15 s) and their largest timing
error, for the events the placement reports (shoe: its foot; lower back: both feet; pocket: its leg's contacts and
the other foot's landings and toe-offs; wrist: step count only, against the true steps outside logger gaps) and
the false ones (no true event of the kind within 0.15 s); the step-time asymmetry (truth 8 % in "asymmetric"),
the pelvic drop of each side (lower back; truth 2 / 6 deg in "asymmetric"), and the steps found while standing or
in a vibrating car (should be 0). Last per placement, "brisk_then_slow": 60 strides at 125 steps/min, then 15
at 70, on one clock; then (but for the shoe, whose running stance is not simulated) "running": a minute's run at
165 steps/min (should find no walking), and "walk_run_walk": 12 strides, that run, 12 strides, on one clock (the
walks' events against their truth; none in the run).

Toe-offs are counted as the lower-back references count them (Mobilise-D's, ``../shared/data/lumbar``): those
ending a stance that a heel strike in the walk began. A walk's first toe-offs, of the feet leaving from standing,
belong to no stride; the lower back reports none (nor the pocket for the other foot), and the real references
list none. The shoe, which sees its foot leave the ground, is scored on all of them.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from _common import stance_ending

import gaitcoach
from gaitcoach.errors import NotEnoughWalkingError
from gaitcoach.gait.wrist import analyze_wrist
from gaitcoach.model import Recording
from gaitcoach.simulate import WalkSpec, simulate, simulate_sequence
from gaitcoach.simulate.scenarios import SCENARIOS, scenario

TOL_S = 0.15


def _events(det: pd.DataFrame, truth: pd.DataFrame, kind: str, sides: tuple[str, ...]) -> tuple[float, float, int]:
    """Recall, largest timing error [ms] of the found ones, and false detections (no true event within TOL_S)."""
    ref = truth[(truth["event"] == kind) & truth["side"].isin(sides)]
    if ref.empty:
        return np.nan, np.nan, 0
    found, worst, false = 0, 0.0, 0
    for side in sides:
        r = ref[ref["side"] == side]["time_s"].to_numpy()
        d = det[(det["event"] == kind) & (det["side"] == side)]["time_s"].to_numpy()
        if not len(d):
            continue
        gap = np.abs(d[None, :] - r[:, None])
        err = gap.min(axis=1)
        found += int((err <= TOL_S).sum())
        false += int((gap.min(axis=0) > TOL_S).sum())
        worst = max(worst, float(err[err <= TOL_S].max()) if (err <= TOL_S).any() else 0.0)
    return found / len(ref), 1000 * worst, false


#: A walk the named scenarios cannot hold: ten minutes' worth of brisk strides, then a slow walk, on one clock
#: (each detector must weigh the slow steps against the walk around them, not the whole recording)
BRISK_THEN_SLOW = (
    {"cadence_spm": 125.0, "stride_length_m": 1.7, "stance_pct": (60.5, 60.5), "bouts": (60,)},
    {"cadence_spm": 70.0, "stride_length_m": 0.6, "stance_pct": (67.0, 67.0), "bouts": (15,), "seed": 1},
)


#: A minute's run at 165 steps/min (2.2 m strides: 3 m/s), a flight in every step (gaitcoach.simulate's "run")
RUN = {"activity": "run", "cadence_spm": 165.0, "stride_length_m": 2.2, "lead_in_s": 60.0}


def _row(placement: str, name: str, spec: WalkSpec, rec: Recording, truth: pd.DataFrame) -> dict[str, object]:
    """One table row: the placement's events (or steps) on one simulated recording against its truth."""
    row: dict[str, object] = {"placement": placement, "scenario": name}
    walking = spec.activity == "walk"
    if placement == "wrist":
        steps, summary = analyze_wrist(rec)
        true_t = truth.loc[truth["event"] == "IC", "time_s"].to_numpy() if walking else []
        spans = [(seg.index[0], seg.index[-1]) for seg in rec.iter_segments()]
        n_true = sum(any(a <= t <= b for a, b in spans) for t in true_t)  # steps in a logger gap are lost
        row["steps found / true"] = f"{int(summary['n_steps'])}/{n_true}"
        return row
    try:
        result = gaitcoach.analyze(rec, height_m=spec.height_m)
    except NotEnoughWalkingError:  # (the session's error when it measures no walking)
        if walking:
            raise
        row["steps found / true"] = "0/0"
        return row
    ev = result.events
    if not walking:
        row["steps found / true"] = f"{int((ev['event'] == 'IC').sum())}/0"
        return row
    own = ("left",) if placement in ("foot", "pocket") else ("left", "right")
    row["IC recall"], row["IC max ms"], n_ic = _events(ev, truth, "IC", own)
    stances = truth if placement == "foot" else stance_ending(truth)  # (the pocket leg's own: it sees them)
    row["FC recall"], row["FC max ms"], n_fc = _events(ev, truth if placement != "lumbar" else stances, "FC", own)
    false = [n_ic, n_fc]
    if placement == "pocket":
        row["other IC recall"], row["other IC max ms"], n_other = _events(ev, truth, "IC", ("right",))
        row["other FC recall"], row["other FC max ms"], n_other_fc = _events(ev, stances, "FC", ("right",))
        false += [n_other, n_other_fc]
    row["false IC/FC(/other IC/FC)"] = "/".join(map(str, false))
    s = result.summary
    if name == "asymmetric":
        row["asym true/est %"] = f"{spec.step_time_asymmetry_pct:.0f}/{s.step_time_asymmetry_pct:.1f}"
        if placement == "lumbar":
            row["drop L/R est deg"] = f"{s.pelvic_drop_left_deg:.1f}/{s.pelvic_drop_right_deg:.1f}"
    return row


def main() -> None:
    rows = []
    for placement in ("foot", "lumbar", "pocket", "wrist"):
        for name in SCENARIOS:
            spec = scenario(name, placement=placement, side="left")
            rec, truth = simulate(spec)
            rows.append(_row(placement, name, spec, rec, truth.events))
        specs = [replace(WalkSpec(placement=placement, side="left"), **kw) for kw in BRISK_THEN_SLOW]
        rec, walks = simulate_sequence(specs)
        rows.append(_row(placement, "brisk_then_slow", specs[0], rec, pd.concat([w.events for w in walks])))
        if placement != "foot":  # (a shoe's running stance is not simulated)
            run = replace(WalkSpec(placement=placement, side="left"), **RUN)
            rec, truth = simulate(run)
            rows.append(_row(placement, "running", run, rec, truth.events))
            walk = WalkSpec(placement=placement, side="left", bouts=(12,))
            rec, parts = simulate_sequence([walk, run, walk])
            events = pd.concat([parts[0].events, parts[2].events])
            rows.append(_row(placement, "walk_run_walk", walk, rec, events))
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string(index=False, na_rep="", float_format=lambda x: f"{x:.2f}"))
    print()
    unplaced_runs()


def unplaced_runs() -> None:
    """A walk, a run of 2-30 s, the same walk again, the placement not said: where the analysis put the sensor and
    the steps it found against the walks' true steps (a run's steps are no walking steps)."""
    rows = []
    for placement in ("lumbar", "pocket", "wrist"):
        for strides in (12, 60):
            for run_s in (2.0, 5.0, 10.0, 30.0):
                walk = WalkSpec(placement=placement, side="left", bouts=(strides,))
                run = replace(walk, **{**RUN, "lead_in_s": run_s})
                rec, parts = simulate_sequence([walk, run, walk])
                true = sum(int((p.events["event"] == "IC").sum()) for p in (parts[0], parts[2]))
                try:
                    result = gaitcoach.analyze(rec.replace(placement=None))
                    where, s = result.recordings[0]["placement"], result.summary
                    found = int((result.events["event"] == "IC").sum()) or s.n_steps  # heel strikes, else steps
                except NotEnoughWalkingError:
                    where, found = "(no walking)", 0
                rows.append({"sensor": placement, "strides per walk": strides, "run s": run_s,
                             "analysed as": where or "not known", "steps": f"{found:.0f}/{true}"})  # fmt: skip
    print("A walk, a run, the walk again, the placement not said (not known: steps counted without it;")
    print("steps: found / the walks' true steps):")
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
