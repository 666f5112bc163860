"""Statistics of a signal over a moving window: how loud the walk is around each instant.

A day holds brisk and slow walks; a threshold taken from a whole recording's spread is set by its loudest walk
and misses the quiet ones (on the simulator every step of a 70 steps/min walk after ten minutes at 125
steps/min), so step detectors compare each peak with the signal around it.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

__all__ = ["moving_rms"]


def moving_rms(x: np.ndarray, n: int) -> np.ndarray:
    """Root mean square of ``x`` over a centred window of ``n`` samples, at every sample.

    Parameters
    ----------
    x
        The signal (1-D).
    n
        Window length [samples]; at least 3, at most the signal's length. The edges repeat the end samples.

    Returns
    -------
    numpy.ndarray
        One value per sample, in the units of ``x``.
    """
    mean_square = ndimage.uniform_filter1d(x * x, max(3, min(n, len(x))), mode="nearest")
    return np.sqrt(np.maximum(mean_square, 0.0))  # a running sum's rounding can dip just under zero
