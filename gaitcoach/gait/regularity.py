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
    # only the lags the peaks are sought at (0.7 of a step to 1.3 of a stride): a dot product each, not the whole
    # autocorrelation (an hour's bout: 100 lags, not 350,000); where a bout holds few samples a lag, the whole by
    # FFT is cheaper
    first, last = max(1, int(0.7 * step_samples)), min(n - 1, int(1.3 * (2 * step_samples)) + 1)
    lags = np.arange(first, max(first, last))
    if 64 * len(lags) > n:
        ac = signal.correlate(x, x, mode="full", method="fft")[n - 1 :][lags]
    else:
        ac = np.array([x[: n - k] @ x[k:] for k in lags])  # a loop over the lags, each over the whole bout at once
    # each lag's products over the energies of its two overlapping parts (a correlation coefficient): the
    # unbiased estimate, ac / (n - lag) over ac[0] / n, exceeds 1 where the overlap holds more than the bout's
    # mean energy (a walk fading in and out: simulated 1.0008)
    e2 = np.r_[0.0, np.cumsum(x * x)]
    with np.errstate(divide="ignore", invalid="ignore"):
        ac = ac / np.sqrt((e2[n - lags] - e2[0]) * (e2[n] - e2[lags]))

    def peak_near(lag: int) -> float:
        lo, hi = max(1, int(0.7 * lag)), min(n - 1, int(1.3 * lag) + 1)
        return float(ac[lo - first : hi - first].max()) if hi > lo else math.nan

    return peak_near(step_samples), peak_near(2 * step_samples)


def harmonic_ratio(x: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Harmonic ratio of ``x`` over each stride ``[start, end)`` (Roche et al. 2013), all strides at once.

    Harmonic k of a stride of L samples is bin k of its L-point discrete Fourier transform; the strides of each
    length are transformed together, the 20 bins as one product with their cosines and sines (a few dozen
    distinct lengths in an hour's walking; half the time of a whole FFT of every stride, which also gave the
    bins no harmonic ratio uses, and equal to it within 1e-11).

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
    x = np.asarray(x, dtype=float)
    out = np.full(len(start), np.nan)
    n_len = end - start
    ok = n_len >= 2 * N_HARMONICS
    for length in np.unique(n_len[ok]):  # a loop over the distinct stride lengths, not over samples
        rows = np.flatnonzero(ok & (n_len == length))
        seg = x[start[rows, None] + np.arange(length)]
        # (the stride's mean only sets bin 0: not taken away)
        turn = (2.0 * np.pi / length) * np.outer(np.arange(length), np.arange(1, N_HARMONICS + 1))
        amp = np.hypot(seg @ np.cos(turn), seg @ np.sin(turn))
        even, odd = amp[:, 1::2].sum(axis=1), amp[:, 0::2].sum(axis=1)  # harmonics 2, 4, ... and 1, 3, ...
        with np.errstate(divide="ignore", invalid="ignore"):
            out[rows] = np.where(odd > 0, even / odd, np.nan)
    return out
