"""One conformance test every placement's analysis passes (DESIGN section 7: mobgap's and gaitmap's example).

Whatever the recording, each analysis returns the contract's typed tables: events (``time_s``, ``event``, ``side``)
sorted by time, strides with every stride column, and no event inside a logger's gap; an empty, a too short, a
still or a noise recording gives empty tables, not an exception; a short walk of a few steps gives its steps.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from gaitcoach.gait.foot import STRIDE_COLUMNS, analyze_foot
from gaitcoach.gait.lumbar import analyze_lumbar
from gaitcoach.gait.pocket import analyze_pocket
from gaitcoach.gait.wrist import analyze_wrist
from gaitcoach.model import Recording
from gaitcoach.simulate import WalkSpec, simulate


def _tables(placement: str) -> Callable[[Recording], tuple[pd.DataFrame, pd.DataFrame | None]]:
    """The placement's analysis as (events, strides); the wrist has steps for events and no strides."""

    def run(rec: Recording) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        if placement == "foot":
            res = analyze_foot(rec)
        elif placement == "lumbar":
            res = analyze_lumbar(rec, height_m=1.75)
        elif placement == "pocket":
            res = analyze_pocket(rec)
        else:
            steps, _ = analyze_wrist(rec)
            return steps, None
        return res.events, res.strides

    return run


PLACEMENTS = ("foot", "lumbar", "pocket", "wrist")


def _check_contract(events: pd.DataFrame, strides: pd.DataFrame | None, placement: str) -> None:
    assert "time_s" in events and np.all(np.diff(events["time_s"].to_numpy(dtype=float)) >= 0)
    if placement != "wrist":
        assert {"event", "side"} <= set(events.columns)
        assert set(events["event"]) <= {"IC", "FC"}
        assert set(events["side"]) <= {"left", "right", "unknown"}
        assert strides is not None and set(STRIDE_COLUMNS) <= set(strides.columns)
        if len(strides):
            assert (strides["next_ic_s"] > strides["ic_s"]).all()
            assert np.allclose(strides["stride_time_s"], strides["next_ic_s"] - strides["ic_s"])


def _recording(signals: pd.DataFrame, placement: str, rate_hz: float = 100.0) -> Recording:
    return Recording.from_dataframe(signals, sampling_rate_hz=rate_hz, placement=placement, side="left")


def _still(n: int) -> pd.DataFrame:
    t = np.arange(n) / 100.0
    return pd.DataFrame(
        {"acc_x": 0.0, "acc_y": 0.0, "acc_z": 9.81, "gyr_x": 0.0, "gyr_y": 0.0, "gyr_z": 0.0},
        index=pd.Index(t, name="time_s"),
    )


@pytest.mark.parametrize("placement", PLACEMENTS)
@pytest.mark.parametrize("kind", ["empty", "one second", "standing a minute", "noise"])
def test_nothing_to_find_gives_typed_empty_tables(placement, kind):
    n = {"empty": 0, "one second": 100, "standing a minute": 6000, "noise": 6000}[kind]
    signals = _still(n)
    if kind == "noise":
        rng = np.random.default_rng(5)
        signals = signals + rng.normal(0.0, [0.05, 0.05, 0.05, 0.5, 0.5, 0.5], signals.shape)
    events, strides = _tables(placement)(_recording(signals, placement))
    _check_contract(events, strides, placement)
    assert len(events) == 0 and (strides is None or len(strides) == 0)


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_a_walk_of_three_strides_is_found(placement):
    rec, truth = simulate(WalkSpec(placement=placement, side="left", bouts=(3,), seed=11))
    events, strides = _tables(placement)(rec)
    _check_contract(events, strides, placement)
    true_ic = truth.events[truth.events["event"] == "IC"]
    if placement == "foot":  # one shoe: its own foot's heel strikes
        true_ic = true_ic[true_ic["side"] == "left"]
    found = events if placement == "wrist" else events[events["event"] == "IC"]
    assert len(found) >= len(true_ic) - 1  # a bout's first step may go unseen (it starts from standing)
    assert strides is None or len(strides) >= 1


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_no_event_inside_a_loggers_gap(placement):
    rec, _ = simulate(WalkSpec(placement=placement, side="left", bouts=(16,), gaps=((6.0, 8.0),), seed=12))
    events, strides = _tables(placement)(rec)
    _check_contract(events, strides, placement)
    t = events["time_s"].to_numpy(dtype=float)
    assert len(t) > 10 and not ((t > 6.0) & (t < 8.0)).any()
    if strides is not None and len(strides):  # no stride bridges the gap
        assert not ((strides["ic_s"] < 6.0) & (strides["next_ic_s"] > 8.0)).any()
