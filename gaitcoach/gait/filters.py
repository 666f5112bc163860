"""Butterworth filter designs, made once per set of parameters.

Designing a filter (poles, zeros, second-order sections) costs about half a millisecond; placement detection
filters a few windows of each recording with the same six designs, and had spent a quarter of its time designing
them again.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import signal

__all__ = ["butter_sos"]


@lru_cache(maxsize=128)
def _design(order: int, cutoff_hz: float | tuple[float, float], btype: str, fs: float) -> np.ndarray:
    return signal.butter(order, cutoff_hz, btype=btype, fs=fs, output="sos")


def butter_sos(order: int, cutoff_hz: float | tuple[float, float], fs: float, btype: str = "lowpass") -> np.ndarray:
    """A Butterworth filter's second-order sections (:func:`scipy.signal.butter`), designed once per parameters.

    Parameters
    ----------
    order
        Filter order.
    cutoff_hz
        Cut-off frequency [Hz], or the band's two edges.
    fs
        Sampling rate [Hz].
    btype
        ``"lowpass"``, ``"highpass"`` or ``"bandpass"``.

    Returns
    -------
    numpy.ndarray
        The sections, for :func:`scipy.signal.sosfiltfilt`.
    """
    cut = tuple(float(c) for c in cutoff_hz) if isinstance(cutoff_hz, tuple | list) else float(cutoff_hz)
    return _design(int(order), cut, btype, float(fs)).copy()  # (scipy's filters take a writable array: a copy each)
