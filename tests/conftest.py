"""Shared fixtures: small synthetic recordings with a known content, and the path to ../shared."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from gaitcoach import Recording
from gaitcoach.simulate import WalkSpec, simulate
from gaitcoach.synthetic import periodic_recording

SHARED = Path(__file__).resolve().parents[2] / "shared"


def make_recording(*, start: str = "2024-05-01T08:00:00Z", **kwargs) -> Recording:
    """A recording with closed-form content (see :mod:`gaitcoach.synthetic`)."""
    return periodic_recording(started_at=start, **kwargs)


@pytest.fixture
def walk() -> Recording:
    return make_recording()


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (it is only in the developers' workspace)")
    return SHARED


def one_after_another(*specs: WalkSpec) -> tuple[Recording, list[pd.DataFrame]]:
    """Simulated walks recorded one after the other without a break (each starts and ends standing still).

    Returns the recording and each walk's true events on its clock.
    """
    parts, events, offset = [], [], 0.0
    for spec in specs:
        rec, truth = simulate(spec)
        parts.append(rec.signals.set_axis(rec.signals.index + offset))
        events.append(truth.events.assign(time_s=truth.events["time_s"] + offset))
        offset = float(parts[-1].index[-1]) + 1.0 / float(rec.sampling_rate_hz)
    signals = pd.concat(parts)
    segments = pd.DataFrame({"start_s": [0.0], "end_s": [float(signals.index[-1])], "n_samples": [len(signals)]})
    return dataclasses.replace(rec, signals=signals, segments=segments), events
