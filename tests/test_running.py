"""A run is not a walk: simulated runs (a flight in every step) are left out of every walking analysis, and said so."""

import numpy as np
import pandas as pd
import pytest

import gaitcoach
from conftest import SHARED
from gaitcoach.gait.lumbar import analyze_lumbar
from gaitcoach.gait.pocket import analyze_pocket
from gaitcoach.gait.running import FLIGHT_G, flagged_s, flight_marks, quick_events
from gaitcoach.gait.wrist import analyze_wrist
from gaitcoach.model import ACC_COLUMNS
from gaitcoach.simulate import WalkSpec, simulate, simulate_sequence
from gaitcoach.simulate.activities import RUN_DUTY_FACTOR


def _run(placement: str, cadence: float, seconds: float = 60.0, **kw) -> WalkSpec:
    return WalkSpec(placement=placement, side="right", activity="run", cadence_spm=cadence, stride_length_m=2.2,
                    lead_in_s=seconds, **kw)  # fmt: skip


def test_the_simulated_runner_is_in_free_fall_between_the_steps():
    rec, _ = simulate(_run("lumbar", 160.0, rate_hz=200.0))
    size = np.linalg.norm(rec.signals[list(ACC_COLUMNS)].to_numpy(), axis=1) / 9.81
    # the body is airborne for 1 - 2 x duty factor of every step (28 % at 0.36), and reads 0 g there
    assert np.mean(size < 0.05) == pytest.approx(1.0 - 2.0 * RUN_DUTY_FACTOR, abs=0.03)
    # the legs carry its weight over each step: the mean reading is 1 g
    acc = rec.signals[list(ACC_COLUMNS)].to_numpy()
    assert np.linalg.norm(acc.mean(axis=0)) / 9.81 == pytest.approx(1.0, abs=0.02)
    # one flight per step
    marks = flight_marks(np.linalg.norm(rec.signals[list(ACC_COLUMNS)].to_numpy(), axis=1), 200.0)
    assert len(marks) == pytest.approx(160.0 * (len(size) / 200.0) / 60.0, abs=2)


@pytest.mark.parametrize("placement", ["lumbar", "pocket", "wrist"])
@pytest.mark.parametrize("cadence", [150.0, 175.0])
def test_a_run_alone_is_no_walking(placement, cadence):
    rec, _ = simulate(_run(placement, cadence))
    with pytest.raises(gaitcoach.errors.NotEnoughWalkingError, match=r"1\.0 min of running left out of the walking"):
        gaitcoach.analyze(rec)


@pytest.mark.parametrize(
    ("placement", "analyse"),
    [("lumbar", analyze_lumbar), ("pocket", analyze_pocket)],
)
def test_walks_either_side_of_a_run_are_kept(placement, analyse):
    """Walking, a minute's run, walking on: the walks' strides and contacts as if alone, the run left out."""
    walk = WalkSpec(placement=placement, side="right", bouts=(12,))
    rec, truths = simulate_sequence([walk, _run(placement, 165.0), walk])
    res = analyse(rec)
    run_lo, run_hi = truths[1].sensor_position.index[[0, -1]]
    assert res.info["running_s"] == pytest.approx(run_hi - run_lo, abs=2.0)
    assert not ((res.events["time_s"] > run_lo + 1.0) & (res.events["time_s"] < run_hi - 1.0)).any()
    for truth in (truths[0], truths[2]):
        own = truth.events["side"] == "right" if placement == "pocket" else truth.events["side"].notna()
        ref = truth.events[own & (truth.events["event"] == "IC")]["time_s"].to_numpy()
        det = res.events[res.events["event"] == "IC"]["time_s"].to_numpy()
        assert np.abs(det[np.argmin(np.abs(det[None, :] - ref[:, None]), axis=1)] - ref).max() < 0.03


def test_a_watch_counts_the_walk_not_the_run():
    walk = WalkSpec(placement="wrist", side="right", bouts=(30,))
    rec, truths = simulate_sequence([walk, _run("wrist", 165.0), walk])
    steps, found = analyze_wrist(rec)
    true_steps = sum(len(t.events.query("event == 'IC'")) for t in (truths[0], truths[2]))
    assert found["n_steps"] == pytest.approx(true_steps, abs=4)
    run_lo, run_hi = truths[1].sensor_position.index[[0, -1]]
    assert found["running_s"] == pytest.approx(run_hi - run_lo, abs=2.0)
    assert found["cadence_spm"] == pytest.approx(110.0, abs=3.0)


@pytest.mark.parametrize("cadence", [60.0, 90.0, 130.0])
def test_no_walk_leaves_the_ground(cadence):
    # the brisker a walk, the deeper the trunk's single-support dip: even at 130 steps/min it stays above FLIGHT_G
    rec, _ = simulate(WalkSpec(placement="lumbar", cadence_spm=cadence, stride_length_m=cadence / 80.0, bouts=(20,)))
    acc = rec.signals[list(ACC_COLUMNS)].to_numpy()
    assert len(flight_marks(np.linalg.norm(acc, axis=1), rec.sampling_rate_hz)) == 0
    assert np.linalg.norm(acc, axis=1).min() / 9.81 > FLIGHT_G


@pytest.mark.skipif(not (SHARED / "data" / "lumbar").is_dir(), reason="../shared is not present")
def test_real_walks_never_leave_the_ground():
    """The real lower-back walks (straight walks and daily life) hold no flight, and keep every stride."""
    for path in sorted((SHARED / "data" / "lumbar").glob("*.csv")):
        rec = gaitcoach.load(path, placement="lumbar")
        acc = rec.signals[list(ACC_COLUMNS)].to_numpy()
        assert len(flight_marks(np.linalg.norm(acc, axis=1), rec.sampling_rate_hz)) == 0, path.name
        assert "running_s" not in analyze_lumbar(rec).info
    for path in sorted((SHARED / "data" / "pocket").glob("*.csv")):
        rec = gaitcoach.load(path, placement="pocket", side="left")
        assert "running_s" not in analyze_pocket(rec).info, path.name


def test_flight_marks_of_a_hand_made_signal():
    fs = 100.0
    size = np.full(300, 9.81)
    size[100:106] = 0.0  # 60 ms in the air
    size[200:202] = 0.0  # a 20 ms jolt of the clip: no flight
    acc = np.column_stack([size, np.zeros(300), np.zeros(300)])
    marks = flight_marks(np.linalg.norm(acc, axis=1), fs)
    assert marks.tolist() == [pytest.approx(103, abs=2)]
    assert isinstance(pd.Series(marks).iloc[0], np.integer)


def test_time_of_flagged_events():
    flags = np.array([False, False, True, True, True, False, False, False, True])
    t = np.arange(len(flags), dtype=float)
    assert flagged_s(t, flags) == pytest.approx(2.0)  # 2..4; the last run is a single event
    assert flagged_s(t, flags, core=(3.0, 9.0)) == pytest.approx(1.0)  # the run of 2..4: its part inside 3..9
    # a long recording's pieces count their own cores' parts: together, every run once
    assert flagged_s(t, flags, core=(-np.inf, 3.0)) + flagged_s(t, flags, core=(3.0, np.inf)) == pytest.approx(2.0)


def test_quick_events_follow_the_rhythm_around_them():
    # 20 steps at 110 a minute, 20 at 170, 20 at 110, no pause: the middle ones are a run's, one stray quick step is not
    t = np.cumsum(np.r_[np.full(20, 60 / 110), np.full(20, 60 / 170), np.full(20, 60 / 110)])
    quick = quick_events(t)
    assert not quick[:18].any() and quick[22:38].all() and not quick[42:].any()
    t_stray = np.cumsum(np.r_[np.full(10, 0.55), 0.3, np.full(10, 0.55)])
    assert not quick_events(t_stray).any()
    # a thigh's strides (two steps each) at 150 steps a minute
    assert quick_events(np.arange(10) * 0.8, steps_per_interval=2).all()


@pytest.mark.parametrize(("placement", "module"), [("lumbar", "lumbar"), ("pocket", "pocket"), ("wrist", "wrist")])
def test_a_run_across_a_long_recordings_pieces_is_timed_once(placement, module, monkeypatch):
    """A day is analysed in hour-long pieces that overlap by their margins (here 30 s with 10 s margins): a two
    minutes' run across four of them is timed once, whole (it had read 204 s from a pocket, 22 s at the belt)."""
    from functools import partial

    from gaitcoach.gait import chunks, lumbar, pocket, wrist

    walk = WalkSpec(placement=placement, side="right", bouts=(12,))
    rec, truths = simulate_sequence([walk, _run(placement, 165.0, seconds=120.0), walk])
    analyse = {"lumbar": analyze_lumbar, "pocket": analyze_pocket, "wrist": analyze_wrist}[placement]
    mod = {"lumbar": lumbar, "pocket": pocket, "wrist": wrist}[module]
    monkeypatch.setattr(mod, "iter_chunks", partial(chunks.iter_chunks, chunk_s=30.0, margin_s=10.0))
    res = analyse(rec)
    running_s = res[1]["running_s"] if placement == "wrist" else res.info["running_s"]
    run_lo, run_hi = truths[1].sensor_position.index[[0, -1]]
    assert running_s == pytest.approx(run_hi - run_lo, abs=2.0)


@pytest.mark.parametrize(("stride_m", "cadence"), [(2.4, 130.0), (3.2, 130.0)])
def test_a_shoe_faster_than_anyone_walks_is_a_run(stride_m, cadence):
    """A shoe measures its foot's path: strides at 2.6 and 3.5 m/s (over the fastest walking speed, 2.53 m/s) are
    left out and said; the 1.28 m/s walks either side keep every stride."""
    from gaitcoach.gait.foot import analyze_foot

    walk = WalkSpec(placement="foot", side="left", bouts=(12,))
    fast = WalkSpec(placement="foot", side="left", stride_length_m=stride_m, cadence_spm=cadence, bouts=(30,))
    rec, truths = simulate_sequence([walk, fast, walk])
    res = analyze_foot(rec)
    assert len(res.strides) == sum(len(t.strides.query("side == 'left'")) for t in (truths[0], truths[2]))
    fast_lo, fast_hi = truths[1].events["time_s"].agg(["min", "max"])
    assert res.info["running_s"] == pytest.approx(fast_hi - fast_lo, abs=2.5)
    assert not res.strides["ic_s"].between(fast_lo, fast_hi).any()
    alone, _ = simulate(fast)
    with pytest.raises(gaitcoach.errors.NotEnoughWalkingError, match="faster than anyone walks"):
        gaitcoach.analyze(alone)
