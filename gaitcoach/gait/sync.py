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

__all__ = ["FREE_FALL_G", "MIN_FLIGHT_S", "jump_landing_s"]

#: Below this acceleration magnitude the sensor is in free fall (design choice: walking and standing stay above
#: 0.5 g; a jump's flight reads 0 g plus noise).
FREE_FALL_G = 0.3
#: Shortest flight that counts as a jump (design choice: a two-footed jump of 5 cm flies 0.2 s).
MIN_FLIGHT_S = 0.1


def jump_landing_s(rec: Recording) -> float | None:
    """Time [s, recording clock] of the landing of the first jump (free fall of at least 0.1 s), if any.

    Parameters
    ----------
    rec
        A recording with an accelerometer.

    Returns
    -------
    float or None
        The moment the acceleration magnitude rises back through 0.5 g at the end of the first flight, between
        samples (linear interpolation); None without a flight.
    """
    if not rec.has_signals or not rec.sampling_rate_hz:
        return None
    t = rec.signals.index.to_numpy()
    g = np.linalg.norm(rec.signals[list(ACC_COLUMNS)].to_numpy(dtype=float), axis=1) / GRAVITY_MPS2
    free = np.r_[False, g < FREE_FALL_G, False]
    starts = np.flatnonzero(~free[:-1] & free[1:])
    ends = np.flatnonzero(free[:-1] & ~free[1:])  # first sample after the flight
    long = (t[np.minimum(ends, len(t) - 1)] - t[starts] >= MIN_FLIGHT_S) & (ends < len(t))
    if not long.any():
        return None
    k = int(ends[np.argmax(long)])  # first sample at or above the free-fall level
    level = 0.5
    up = k + int(np.argmax(g[k:] >= level)) if np.any(g[k:] >= level) else k
    if up == 0 or g[up] < level:
        return float(t[up])
    a, b = g[up - 1], g[up]
    frac = (level - a) / (b - a) if b != a else 0.0
    return float(t[up - 1] + frac * (t[up] - t[up - 1]))
