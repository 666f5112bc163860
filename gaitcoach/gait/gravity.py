"""Which way is up, sample by sample: gravity from the low-passed accelerometer, or steadied by the gyroscope.

While walking, the accelerometer's slow part is gravity (orientation), the fast part is motion; a 0.25 Hz
low-pass separates them for any clip or pocket position (the tilt correction of Moe-Nilssen 1998,
doi:10.1016/S0268-0033(97)00072-6, applied per sample). A segment that tilts back and forth within a stride (the
pelvis' obliquity) tilts gravity into its horizontal acceleration; :func:`gravity_gyro_aided` follows that tilt.
"""

from __future__ import annotations

import numpy as np
from scipy import signal

from . import quaternions as quat
from .filters import butter_sos
from .vectors import rownorm

__all__ = ["GRAVITY_LOWPASS_HZ", "gravity", "gravity_gyro_aided"]

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
    low = signal.sosfiltfilt(butter_sos(2, cutoff_hz, fs), acc, axis=0)
    g = rownorm(low)
    return low / np.maximum(g, 1e-9)[:, None], g


def gravity_gyro_aided(acc: np.ndarray, gyr_dps: np.ndarray, fs: float, cutoff_hz: float = 0.05) -> np.ndarray:
    """Gravity's direction at every sample, the gyroscope carrying the orientation between slow corrections.

    A complementary filter (Mahony et al. 2008, doi:10.1109/TAC.2008.923738), vectorised: the gyroscope is
    integrated into the orientation of every sample relative to the first (a quaternion scan), the accelerometer
    is turned into that first frame and low-passed at ``cutoff_hz`` (design choice: far below the stride, above a
    phone gyroscope's bias drift), and the result is turned back. Tilts within a stride are followed from the
    gyroscope; its slow drift, from the accelerometer.

    Parameters
    ----------
    acc
        Accelerometer (n, 3) [m/s², gravity included].
    gyr_dps
        Gyroscope (n, 3) [deg/s], same frame and samples.
    fs
        Sampling rate [Hz].
    cutoff_hz
        Low-pass of gravity in the integrated frame [Hz].

    Returns
    -------
    numpy.ndarray
        Unit vectors pointing up (n, 3) in the sensor frame.
    """
    q = quat.integrate_gyro(np.radians(gyr_dps), 1.0 / fs)  # sensor at sample i -> sensor at the first sample
    low = signal.sosfiltfilt(butter_sos(2, cutoff_hz, fs), quat.rotate(q, acc), axis=0)
    low /= np.maximum(rownorm(low)[:, None], 1e-9)
    return quat.rotate(quat.conjugate(q), low)
