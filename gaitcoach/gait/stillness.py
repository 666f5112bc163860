"""What a sensor's own signal says about it: standing still, the gyroscope's bias there, and clipping.

Shared by the shoe and pocket analyses (:mod:`gaitcoach.gait.foot`, :mod:`gaitcoach.gait.pocket`).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from ..model import GRAVITY_MPS2
from .vectors import rownorm

__all__ = ["STILL_GYRO_DPS", "STILL_MIN_S", "gyro_clipped", "standing_gyro_bias", "still_samples"]

#: Standing still: the gyroscope norm stays below this for at least STILL_MIN_S (design choice: well above phone
#: gyroscope biases of 0.5-3 deg/s and their noise, far below the foot's 100+ deg/s when it moves).
STILL_GYRO_DPS = 10.0
STILL_MIN_S = 1.0


def still_samples(gyr: np.ndarray, acc: np.ndarray, fs: float) -> np.ndarray:
    """Samples inside a stretch of at least ``STILL_MIN_S`` where the sensor is still.

    Still: the gyroscope norm under ``STILL_GYRO_DPS`` and the acceleration norm within 5 % of the sensor's own 1 g
    (the median norm where the gyroscope is quiet: an uncalibrated phone accelerometer reads 1 g a few percent off,
    and a 0.26 m/s² offset per axis had left a standing start unrecognised, its gyroscope bias unremoved and a
    simulated right foot's toe-out read -9 deg for +9), throughout.

    Parameters
    ----------
    gyr, acc
        Gyroscope [deg/s] and accelerometer [m/s²], shape (n, 3).
    fs
        Sampling rate [Hz].

    Returns
    -------
    numpy.ndarray
        Boolean mask, shape (n,).
    """
    n = len(gyr)
    w = max(2, int(round(STILL_MIN_S * fs)))
    if n < w:
        return np.zeros(n, bool)
    # on 0.1 s means: a noisy sensor's single readings stray past the limits while it stands (2.5 deg/s of gyroscope
    # noise and a 2.6 deg/s bias had left a simulated standing start unrecognised: stride length +28 %)
    span = max(1, int(round(0.1 * fs)))
    gyr = ndimage.uniform_filter1d(np.asarray(gyr, dtype=float), span, axis=0)
    acc = ndimage.uniform_filter1d(np.asarray(acc, dtype=float), span, axis=0)
    quiet = rownorm(gyr) < STILL_GYRO_DPS
    mag = rownorm(acc)
    one_g = float(np.median(mag[quiet])) if quiet.any() else GRAVITY_MPS2
    if not 0.8 * GRAVITY_MPS2 < one_g < 1.2 * GRAVITY_MPS2:  # quiet but not at rest (a car, a lift)
        one_g = GRAVITY_MPS2
    still_g = np.abs(mag - one_g) < 0.05 * one_g
    ones = np.ones(w)
    run = np.convolve((quiet & still_g).astype(float), ones, mode="valid") >= w - 0.5  # windows entirely still
    return np.convolve(run.astype(float), ones, mode="full")[:n] > 0.5  # every sample inside such a window


def standing_gyro_bias(gyr: np.ndarray, acc: np.ndarray, fs: float, default: np.ndarray | None = None) -> np.ndarray:
    """The gyroscope's bias from the periods of standing still (where the true rate is zero), else ``default``.

    Removing it before integration is the zero-angular-rate update of foot-mounted navigation (Foxlin 2005,
    doi:10.1109/MCG.2005.140): a bias of 1 deg/s turns the heading by about 1 deg per stride. ``default`` (zero if
    not given) stands where the sensor never stood still: a long recording's piece of continuous walking takes the
    bias found in the piece before it.
    """
    mask = still_samples(gyr, acc, fs)
    if mask.any():
        return np.median(gyr[mask], axis=0)
    return np.zeros(3) if default is None else np.asarray(default, dtype=float)


def gyro_clipped(gyr: np.ndarray, min_dps: float = 100.0) -> np.ndarray:
    """Samples where the gyroscope sits at the end of its range (clipped).

    A sensor whose rate exceeds its range reports the range's end exactly, sample after sample: an axis that holds
    its largest magnitude for three samples or more in a row (above ``min_dps``: no gyroscope's range is smaller)
    clips there. A real peak passes through its top in one sample.

    Parameters
    ----------
    gyr
        Gyroscope [deg/s], shape (n, 3), as recorded.
    min_dps
        Smallest range considered [deg/s].

    Returns
    -------
    numpy.ndarray
        Boolean mask, shape (n,).
    """
    mag = np.abs(gyr)
    top = mag.max(axis=0) if len(mag) else np.zeros(3)
    at = (mag == top) & (top >= min_dps)
    ones = np.ones(3)
    held = np.stack([np.convolve(at[:, j].astype(float), ones, mode="same") >= 3 for j in range(3)], -1)
    spread = np.stack([np.convolve(held[:, j].astype(float), ones, mode="same") > 0 for j in range(3)], -1)
    return np.any(spread & at, axis=1)
