"""Which way is up, sample by sample: gravity from the low-passed accelerometer.

While walking, the accelerometer's slow part is gravity (orientation), the fast part is motion; a 0.25 Hz
low-pass separates them for any clip or pocket position (the tilt correction of Moe-Nilssen 1998,
doi:10.1016/S0268-0033(97)00072-6, applied per sample).
"""

from __future__ import annotations

import numpy as np
from scipy import signal

__all__ = ["GRAVITY_LOWPASS_HZ", "gravity"]

#: Low-pass that separates gravity (orientation) from motion [Hz] (design choice: far below the ~1 Hz stride).
GRAVITY_LOWPASS_HZ = 0.25


def gravity(acc: np.ndarray, fs: float, cutoff_hz: float = GRAVITY_LOWPASS_HZ) -> tuple[np.ndarray, np.ndarray]:
    """Gravity's direction and size at every sample.

    Parameters
    ----------
    acc
        Accelerometer (n, 3) [m/s², gravity included, +1 g upward at rest].
    fs
        Sampling rate [Hz].
    cutoff_hz
        Low-pass cut-off [Hz].

    Returns
    -------
    up, g
        Unit vectors pointing up (n, 3) in the sensor frame, and the low-passed magnitude (n,) [m/s²].
    """
    low = signal.sosfiltfilt(signal.butter(2, cutoff_hz, fs=fs, output="sos"), acc, axis=0)
    g = np.linalg.norm(low, axis=1)
    return low / np.maximum(g, 1e-9)[:, None], g
