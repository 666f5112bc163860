"""How alike successive steps and strides are: autocorrelation regularity and the harmonic ratio.

* **Step and stride regularity** (Moe-Nilssen & Helbostad 2004, J Biomech 37:121,
  doi:10.1016/S0021-9290(03)00233-1): the autocorrelation of an acceleration over a walking bout at its peak
  near one step and near one stride; 1 = every step (stride) alike. Each lag is normalised by the energies of
  the two overlapping parts (a correlation coefficient, within -1..1) rather than by the whole bout's energy.
* **Harmonic ratio** (Roche et al. 2013, J Biomech 46:828, doi:10.1016/j.jbiomech.2012.12.008, after Smidt et
  al. 1971): per stride, the Fourier amplitudes of the vertical acceleration at the first 20 harmonics of the
  stride frequency; a smooth, symmetric stride repeats every step, so its energy sits at the even harmonics:
  HR = sum of even amplitudes / sum of odd amplitudes (higher = smoother).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import signal

from . import ragged

__all__ = ["harmonic_ratio", "regularity"]

N_HARMONICS = 20  # Roche et al. 2013: the first 20 harmonics


def regularity(x: np.ndarray, step_samples: int) -> tuple[float, float]:
    """Step and stride regularity of a bout's signal (Moe-Nilssen & Helbostad 2004).

    Parameters
    ----------
    x
        The bout's signal (e.g. vertical or resultant acceleration), evenly sampled.
    step_samples
        The step duration in samples (the peak is sought within 0.7-1.3 of it and of twice it).

    Returns
    -------
    tuple of float
        Step regularity and stride regularity (NaN for bouts shorter than four steps).
    """
    x = np.asarray(x, dtype=float) - np.mean(x)
    n = len(x)
    if n < 4 * step_samples or step_samples < 2 or not np.any(x):
        return math.nan, math.nan
    ac = signal.correlate(x, x, mode="full", method="fft")[n - 1 :]
    # each lag's products over the energies of its two overlapping parts (a correlation coefficient): the
    # unbiased estimate, ac / (n - lag) over ac[0] / n, exceeds 1 where the overlap holds more than the bout's
    # mean energy (a walk fading in and out: simulated 1.0008)
    e2 = np.r_[0.0, np.cumsum(x * x)]
    lag = np.arange(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        ac = ac / np.sqrt((e2[n - lag] - e2[0]) * (e2[n] - e2[lag]))

    def peak_near(lag: int) -> float:
        lo, hi = max(1, int(0.7 * lag)), min(n - 1, int(1.3 * lag) + 1)
        return float(ac[lo:hi].max()) if hi > lo else math.nan

    return peak_near(step_samples), peak_near(2 * step_samples)


def harmonic_ratio(x: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Harmonic ratio of ``x`` over each stride ``[start, end)`` (Roche et al. 2013), all strides at once.

    Parameters
    ----------
    x
        The vertical acceleration, evenly sampled.
    start, end
        Sample indices of each stride's first heel strike and of the next heel strike of the same foot.

    Returns
    -------
    numpy.ndarray
        Even-over-odd harmonic amplitude ratio per stride (NaN for strides under 2 x 20 samples, too short
        to hold 20 harmonics).
    """
    start, end = np.asarray(start, dtype=np.int64), np.asarray(end, dtype=np.int64)
    out = np.full(len(start), np.nan)
    ok = end - start >= 2 * N_HARMONICS
    if not ok.any():
        return out
    s, e = start[ok], end[ok]
    flat, offsets = ragged.flat_index(s, e)
    n_len = e - s
    phase = 2.0 * np.pi * (flat - np.repeat(s, n_len)) / np.repeat(n_len, n_len)  # one stride = 2 pi
    seg = x[flat]
    seg = seg - np.repeat(np.add.reduceat(seg, offsets) / n_len, n_len)
    even = np.zeros(len(s))
    odd = np.zeros(len(s))
    # e^(i k phase) by repeated multiplication (no trigonometry per harmonic), in single precision: the ratio
    # of amplitude sums needs 3 digits, not 15
    step = np.exp(1j * phase).astype(np.complex64)
    seg = seg.astype(np.float32)
    turn = np.ones_like(step)
    for k in range(1, N_HARMONICS + 1):  # a loop over the 20 harmonics, each over all samples at once
        turn *= step
        amp = np.abs(np.add.reduceat(seg * turn, offsets)).astype(float)
        if k % 2 == 0:
            even += amp
        else:
            odd += amp
    with np.errstate(divide="ignore", invalid="ignore"):
        out[ok] = np.where(odd > 0, even / odd, np.nan)
    return out
