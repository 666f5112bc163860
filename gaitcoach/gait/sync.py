"""A common clock for two shoes from a jump with both feet: the moment both land.

Phone and watch clocks of two devices disagree by tens of milliseconds, and some files carry no wall clock at
all; a step-time comparison of the left and right foot needs them on one clock to a few milliseconds (10 ms is
2 % of a step). Jumping once with both feet before walking gives both sensors the same event: in flight each
reads free fall (an accelerometer measures specific force, zero for a body moving under gravity alone), and both
feet land at once: the end of the free fall is the common event (design of this module; jumps and taps are the
common way to synchronise separate sensors in gait studies).
"""

from __future__ import annotations

import numpy as np

from ..model import ACC_COLUMNS, GRAVITY_MPS2, Recording
from .vectors import rownorm

__all__ = ["FREE_FALL_G", "LANDING_IMPULSE_G_S", "MIN_FLIGHT_S", "jump_landing_s"]

#: Below this acceleration magnitude the sensor is in free fall (design choice: walking and standing stay above
#: 0.5 g; a jump's flight reads 0 g plus noise).
FREE_FALL_G = 0.3
#: Shortest flight that counts as a jump (design choice: a two-footed jump of 5 cm flies 0.2 s).
MIN_FLIGHT_S = 0.1
#: The landing is where the vertical specific force gathered after the flight reaches this [g s] (design choice:
#: past the heel's impact transient, whose swings make the first milliseconds ambiguous, about 30 ms into a landing;
#: both feet land alike, so the same point is taken on both).
LANDING_IMPULSE_G_S = 0.1


def jump_landing_s(rec: Recording) -> float | None:
    """Time [s, recording clock] of the landing of the first jump (free fall of at least 0.1 s), if any.

    Parameters
    ----------
    rec
        A recording with an accelerometer.

    Returns
    -------
    float or None
        The moment the vertical specific force gathered since the middle of the first flight reaches
        :data:`LANDING_IMPULSE_G_S` (about 30 ms into the landing; linear between the samples' interval ends);
        None without a flight.
    """
    if not rec.has_signals or not rec.sampling_rate_hz:
        return None
    t = rec.signals.index.to_numpy()
    g = rownorm(rec.signals[list(ACC_COLUMNS)].to_numpy(dtype=float)) / GRAVITY_MPS2
    free = np.r_[False, g < FREE_FALL_G, False]
    starts = np.flatnonzero(~free[:-1] & free[1:])
    ends = np.flatnonzero(free[:-1] & ~free[1:])  # first sample after the flight
    long = (t[np.minimum(ends, len(t) - 1)] - t[starts] >= MIN_FLIGHT_S) & (ends < len(t))
    if not long.any():
        return None
    i = int(np.argmax(long))
    k = int(ends[i])  # first sample at or above the free-fall level
    # the landing: where the specific force gathered since mid-flight, along the standing vertical, reaches
    # LANDING_IMPULSE_G_S. Each sample is the mean of the specific force over its interval, so the running sum
    # of the samples' vertical component is its integral at the intervals' ends, wherever the samples fall; a
    # level crossing of the magnitude between two samples of a rise of several g moved with the sampling phase
    # (simulated at 100-128 Hz: -10..+6 ms), and the magnitude of an averaged, oscillating landing transient is
    # not the average of its magnitude
    acc = rec.signals[list(ACC_COLUMNS)].to_numpy(dtype=float)
    fs = float(rec.sampling_rate_hz)
    before = slice(max(0, int(starts[i]) - int(1.0 * fs)), max(1, int(starts[i]) - int(0.3 * fs)))
    up_dir = acc[before].mean(axis=0) if len(acc[before]) else acc[: max(1, int(starts[i]))].mean(axis=0)
    up_dir /= max(float(np.linalg.norm(up_dir)), 1e-9)
    mid = (int(starts[i]) + k) // 2
    stop = min(len(t), k + max(2, int(round(0.2 * fs))))
    vertical = acc[mid:stop] @ up_dir / GRAVITY_MPS2
    dt = 1.0 / fs
    edges = np.r_[t[mid] - dt / 2, t[mid:stop] + dt / 2]
    gathered = np.r_[0.0, np.cumsum(vertical * dt)]
    if len(gathered) < 3 or gathered.max() < LANDING_IMPULSE_G_S:
        return float(t[min(k, len(t) - 1)])
    j = int(np.argmax(gathered >= LANDING_IMPULSE_G_S))
    a, b = gathered[j - 1], gathered[j]
    return float(edges[j - 1] + (LANDING_IMPULSE_G_S - a) / (b - a) * (edges[j] - edges[j - 1]))
