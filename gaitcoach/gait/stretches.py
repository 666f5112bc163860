"""Walks in a recording, found by the swings of the segment a sensor rides on, whatever its orientation.

A sensor may be put back on another way round between walks (a phone into a pocket, onto a shoe), so the shoe and
pocket analyses find each walk's axes within the walk (:mod:`gaitcoach.gait.foot`, :mod:`gaitcoach.gait.pocket`).
"""

from __future__ import annotations

import numpy as np
from scipy import signal

from .filters import butter_sos
from .vectors import rownorm

__all__ = ["core_span", "walking_stretches"]


def walking_stretches(
    gyr: np.ndarray, fs: float, *, lowpass_hz: float, peak_min_dps: float, stride_min_s: float, stride_max_s: float
) -> list[tuple[int, int, int, int]]:
    """The walks in a piece of recording: ``(lo, hi, first_swing, last_swing)`` sample indices.

    A walk is a run of swings (peaks of the low-passed gyroscope norm over ``peak_min_dps``, at least
    ``stride_min_s`` apart) no more than ``stride_max_s`` apart; its span reaches ``stride_max_s`` past its first
    and last swing, no further than half way to the next walk's.

    Parameters
    ----------
    gyr
        Gyroscope (n, 3) [deg/s].
    fs
        Sampling rate [Hz].
    lowpass_hz, peak_min_dps, stride_min_s, stride_max_s
        The analysis' swing filter, smallest swing peak and plausible strides.

    Returns
    -------
    list of tuple of int
        Each walk's span ``lo:hi`` and its first and last swing peak.
    """
    norm = signal.sosfiltfilt(butter_sos(2, lowpass_hz, fs), rownorm(gyr))
    peaks, _ = signal.find_peaks(norm, height=peak_min_dps, distance=max(1, int(stride_min_s * fs)))
    if len(peaks) == 0:
        return []
    cut = np.flatnonzero(np.diff(peaks) > stride_max_s * fs)
    first, last = peaks[np.r_[0, cut + 1]], peaks[np.r_[cut, len(peaks) - 1]]
    pad = int(stride_max_s * fs)
    middle = (last[:-1] + first[1:]) // 2
    lo = np.maximum(first - pad, np.r_[0, middle])
    hi = np.minimum(last + pad, np.r_[middle, len(gyr)])
    return [(int(a), int(b), int(c), int(d)) for a, b, c, d in zip(lo, hi, first, last)]


def core_span(times: np.ndarray, lo: int, hi: int, core: tuple[float, float], fs: float) -> tuple[float, float]:
    """The times [s] a walk over samples ``lo:hi`` (sample times ``times``) reports within a piece's ``core``.

    Each walk of a piece reports its own events and strides once, and only those in the piece's core (the margins
    are the next piece's, :mod:`gaitcoach.gait.chunks`).
    """
    return max(core[0], float(times[lo])), min(core[1], float(times[hi - 1]) + 0.5 / fs)
