"""Steps or shaking: how much of a bout's acceleration lies in the band of steps, against faster shaking.

A walk moves the body at its step frequency; a vehicle's road and engine shake it faster. Where the shaking outweighs
the steps, a bout's "steps" are the shaking's peaks (the spectral test of Straczkiewicz et al. 2023, npj Digital
Medicine, doi:10.1038/s41746-022-00745-z, rejects a second whose dominant peak above the step frequencies exceeds
2.5 times the one within them). Each analysis sets its own floor for the ratio (the wrist's
:data:`~gaitcoach.gait.wrist.MIN_STEP_TO_SHAKE`, the lower back's
:attr:`~gaitcoach.gait.lumbar.LumbarConfig.min_step_to_shake`).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import signal

from .filters import butter_sos

__all__ = ["SHAKE_BAND_HZ", "STEP_BAND_HZ", "step_and_shake_bands", "step_to_shake"]

#: The band of a walk's steps in the acceleration magnitude [Hz]: the step frequency of slow to brisk walking and
#: its second harmonic (design choice).
STEP_BAND_HZ = (0.5, 3.0)

#: The band of shaking that is not walking [Hz]: a vehicle's road and engine vibration (simulated 5-20 Hz), up to
#: what a 25 Hz watch still samples (design choice).
SHAKE_BAND_HZ = (5.0, 12.0)


def step_and_shake_bands(norm: np.ndarray, fs: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The acceleration magnitude in the step band and in the shaking band.

    The bands are :data:`STEP_BAND_HZ` and :data:`SHAKE_BAND_HZ`.

    Parameters
    ----------
    norm
        Acceleration magnitude [m/s²].
    fs
        Sampling rate [Hz].

    Returns
    -------
    tuple of np.ndarray or None
        Both bands, or None where the sampling cannot resolve the shaking band.
    """
    top = min(SHAKE_BAND_HZ[1], 0.45 * fs)
    if top <= SHAKE_BAND_HZ[0] * 1.1:
        return None
    step = butter_sos(2, STEP_BAND_HZ, fs, "bandpass")
    shake = butter_sos(2, (SHAKE_BAND_HZ[0], top), fs, "bandpass")
    return signal.sosfiltfilt(step, norm), signal.sosfiltfilt(shake, norm)


def step_to_shake(bands: tuple[np.ndarray, np.ndarray] | None, i0: int, i1: int) -> float:
    """The step band's root mean square over samples ``i0..i1``, as a multiple of the shaking band's.

    Infinite where the bands are unknown (:func:`step_and_shake_bands` returned None) or nothing shakes.
    """
    if bands is None:
        return math.inf
    step, shake = (float(np.std(x[i0 : i1 + 1])) for x in bands)
    return step / shake if shake > 0 else math.inf
