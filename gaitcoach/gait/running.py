"""A run is not a walk: the steps of a run are left out of every walking analysis, and said so.

Walking keeps a foot on the ground at every instant; running has a flight in every step, in which the body falls
freely (Novacheck 1998, Gait Posture 7:77, doi:10.1016/S0966-6362(97)00038-6; the spring-mass model of Blickhan
1989, doi:10.1016/0021-9290(89)90224-8). A sensor on the trunk reads that free fall as an acceleration near 0 g
(:func:`flight_marks`), which walking never comes near: the lower back's contacts with a flight either side are
left out. Where a placement cannot see the flight (a thigh, a wrist: their own swing accelerates them through it),
the cadence above the walk-to-run transition tells it (:data:`~gaitcoach.gait.records.WALK_RUN_CADENCE_SPM`, as for
a watch's activity records): a thigh's strides by the median of the five around each (:func:`quick_events`), a
wrist's bouts as a whole. A shoe measures its foot's path: a walk whose median stride is faster than anyone walks
(:data:`~gaitcoach.gait.records.MAX_WALKING_SPEED_MPS`, Bohannon 1997) is a run. A slower jog on the shoe is not
told: the shoe's measured time on the ground in real walks came as low as a median 50 % of the stride (a staircase
down), too near running's 20-40 % to tell one from the other by it, and the walk-to-run cadence could drop a fast
walk.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import signal

from ..model import GRAVITY_MPS2
from .filters import butter_sos
from .records import WALK_RUN_CADENCE_SPM

__all__ = [
    "FLIGHT_G",
    "FLIGHT_MIN_S",
    "WALK_RUN_CADENCE_SPM",
    "flagged_s",
    "flight_marks",
    "quick_events",
    "running_contacts",
    "steps_with_flight",
    "within_s",
]

#: The trunk is in flight where its acceleration magnitude, low-passed at :data:`FLIGHT_LOWPASS_HZ`, stays under
#: this [g] for :data:`FLIGHT_MIN_S` or more (design choice, between free fall's 0 g and walking: the nine real
#: lower-back recordings of three people, straight walks and daily life, never went under 0.44 g, the twelve real
#: thighs under 0.48 g; a simulated run's trunk reads 0 g for its 100 ms flights).
FLIGHT_G = 0.3
#: The shortest flight [s] (design choice: a run's flight lasts 50-150 ms at jogging to running speeds; a jolt of the
#: phone in its clip is shorter).
FLIGHT_MIN_S = 0.03
#: Low-pass of the magnitude before the flight test [Hz] (design choice: keeps a 50 ms flight, smooths the clip's
#: rattle).
FLIGHT_LOWPASS_HZ = 10.0
#: A step is a run's where most of the steps (or the cadences) of this many around it say so (design choice: a walk
#: may turn into a run with no pause between; a stray step does not make a run).
AROUND = 5


def flight_marks(norm: np.ndarray, fs: float) -> np.ndarray:
    """The middle of every flight of the body (sample indices), from a trunk sensor's acceleration.

    Parameters
    ----------
    norm
        The accelerometer's magnitude (n,) [m/s², gravity included].
    fs
        Sampling rate [Hz].

    Returns
    -------
    np.ndarray
        One sample index per stretch in which the low-passed magnitude stays under :data:`FLIGHT_G` for at least
        :data:`FLIGHT_MIN_S`.
    """
    if len(norm) < 16 or fs <= 0:
        return np.zeros(0, np.int64)
    lp = butter_sos(2, min(FLIGHT_LOWPASS_HZ, 0.4 * fs), fs)
    low = signal.sosfiltfilt(lp, norm) < FLIGHT_G * GRAVITY_MPS2
    edges = np.diff(np.r_[0, low.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    long = (ends - starts) >= max(1, int(round(FLIGHT_MIN_S * fs)))
    return ((starts + ends) // 2)[long]


def steps_with_flight(marks: np.ndarray, contacts: np.ndarray) -> np.ndarray:
    """Whether each step holds a flight mark.

    Steps run from one contact (sample index) to the next: one fewer than ``contacts``.
    """
    if len(contacts) < 2:
        return np.zeros(0, bool)
    first = np.searchsorted(marks, contacts[:-1])
    return first < np.searchsorted(marks, contacts[1:])


def _around(flags: np.ndarray) -> np.ndarray:
    """Per event, the median of the flags of the :data:`AROUND` intervals around it, as booleans.

    ``flags`` holds one per interval between events; the last event takes the one before's.
    """
    if not len(flags):
        return np.zeros(len(flags) + 1, bool)
    med = pd.Series(flags.astype(float)).rolling(AROUND, center=True, min_periods=1).median().to_numpy() > 0.5
    return np.r_[med, med[-1]]


def running_contacts(marks: np.ndarray, contacts: np.ndarray) -> np.ndarray:
    """Which contacts are a run's: most of the steps around them hold a flight (:func:`flight_marks`).

    ``contacts``: sample indices, in time order.
    """
    return _around(steps_with_flight(marks, contacts)) if len(contacts) > 1 else np.zeros(len(contacts), bool)


def quick_events(t_s: np.ndarray, steps_per_interval: int = 1) -> np.ndarray:
    """Which events are a run's: the intervals around them come at a running cadence.

    ``t_s``: the events' times (steps, or a thigh's strides: ``steps_per_interval`` 2). The cadence of the
    :data:`AROUND` intervals around each event, as their median (a walk may turn into a run with no pause between),
    above :data:`WALK_RUN_CADENCE_SPM`.
    """
    if len(t_s) < 2:
        return np.zeros(len(t_s), bool)
    cadence = 60.0 * steps_per_interval / np.maximum(np.diff(t_s), 1e-9)
    return _around(cadence > WALK_RUN_CADENCE_SPM)


def within_s(t0: float | np.ndarray, t1: float | np.ndarray, core: tuple[float, float]) -> float:
    """How much of the spans from ``t0`` to ``t1`` [s] lies inside ``core`` [s], in total.

    A long recording's pieces overlap by their margins (:mod:`gaitcoach.gait.chunks`): each piece counts the part of
    a span inside its own core, so a span across pieces is counted once, whole.
    """
    lo, hi = np.maximum(np.asarray(t0, float), core[0]), np.minimum(np.asarray(t1, float), core[1])
    return float(np.sum(np.maximum(hi - lo, 0.0)))


def flagged_s(t_s: np.ndarray, flags: np.ndarray, core: tuple[float, float] = (-np.inf, np.inf)) -> float:
    """How long the runs of flagged events last inside ``core`` [s], each from its first event to its last."""
    if not flags.any():
        return 0.0
    edges = np.diff(np.r_[0, flags.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)  # ends: the first unflagged after
    return within_s(t_s[starts], t_s[ends - 1], core)
