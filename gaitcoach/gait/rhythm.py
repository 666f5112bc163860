"""The walk's rhythm around each instant, and peaks kept one rhythm apart.

A recording may hold brisk and slow walks. One period for all of it is set by the walk that fills most of it:
on the simulator a shoe's strides after a brisk walk were found only every other one at 125 steps/min, or
split in two at 60. Step and stride detectors here take the period of the seconds around each peak instead.
"""

from __future__ import annotations

import numpy as np
from scipy import fft as sp_fft

__all__ = ["local_period_s", "period_s", "select_by_distance"]

#: Autocorrelation values held at once (about 16 MB of complex spectra; design choice).
_BLOCK_VALUES = 1 << 20


def local_period_s(
    x: np.ndarray,
    fs: float,
    lag_range_s: tuple[float, float],
    *,
    first_ratio: float,
    fallback_s: float,
    window_s: float = 8.0,
    hop_s: float = 2.0,
    min_peak: float = 0.3,
) -> np.ndarray:
    """The period of ``x`` around every sample [s], from its autocorrelation in overlapping windows.

    In each window (``window_s`` long, every ``hop_s``; design choice: two of the slowest strides), the period is
    the first autocorrelation peak within ``lag_range_s`` at least ``first_ratio`` times as high as the highest
    one: a periodic signal's peaks at two and three periods are as high as the first (unbiased autocorrelation,
    as for step and stride regularity, Moe-Nilssen & Helbostad 2004, doi:10.1016/S0021-9290(03)00233-1). Windows
    whose highest peak is under ``min_peak`` (no clear rhythm; design choice) and signals shorter than a window
    and a hop take ``fallback_s``. Between window centres the period is interpolated.

    Parameters
    ----------
    x
        The signal (1-D).
    fs
        Sampling rate [Hz].
    lag_range_s
        Shortest and longest plausible period [s].
    first_ratio
        How high the chosen peak must be against the highest (0-1).
    fallback_s
        The period where there is no rhythm to read [s].
    window_s, hop_s
        Window length and step [s].
    min_peak
        Smallest highest peak that counts as a rhythm.

    Returns
    -------
    numpy.ndarray
        One period per sample [s].
    """
    win, hop = int(window_s * fs), max(1, int(hop_s * fs))
    lo, hi = max(1, int(lag_range_s[0] * fs)), int(lag_range_s[1] * fs)
    if len(x) < win + hop or hi >= win - 2:
        return np.full(len(x), fallback_s)
    frames = np.lib.stride_tricks.sliding_window_view(x, win)[::hop]  # a view: no copy
    size = sp_fft.next_fast_len(2 * win, real=True)
    period = np.empty(len(frames))
    block = max(1, _BLOCK_VALUES // size)  # windows at a time: bounded memory on a day-long signal
    for b in range(0, len(frames), block):  # a loop over blocks of windows, not samples
        part = frames[b : b + block]
        lag = _first_strong_lag(_autocorrelation(part, size, hi + 2), lo, hi, first_ratio, min_peak)
        period[b : b + block] = np.where(lag > 0, lag / fs, fallback_s)
    centres = np.arange(len(frames)) * hop + win / 2.0
    return np.interp(np.arange(len(x)), centres, period)


def period_s(
    x: np.ndarray,
    fs: float,
    lag_range_s: tuple[float, float],
    *,
    first_ratio: float,
    fallback_s: float,
    min_peak: float = 0.3,
) -> float:
    """The period of the whole of ``x`` [s]: :func:`local_period_s`'s rule on one window that is all of it."""
    lo, hi = max(1, int(lag_range_s[0] * fs)), min(len(x) - 2, int(lag_range_s[1] * fs))
    if hi <= lo + 2 or not np.any(x - x.mean()):
        return fallback_s
    size = sp_fft.next_fast_len(2 * len(x), real=True)  # a length with small prime factors: 2 n itself can be slow
    lag = _first_strong_lag(_autocorrelation(x[None, :], size, hi + 2), lo, hi, first_ratio, min_peak)[0]
    return float(lag / fs) if lag > 0 else fallback_s


def _autocorrelation(rows: np.ndarray, size: int, n_lags: int) -> np.ndarray:
    """Unbiased autocorrelation of each row (mean removed), normalised to 1 at lag 0, for lags ``0..n_lags-1``."""
    spec = sp_fft.rfft(rows - rows.mean(axis=1, keepdims=True), size, axis=1)
    ac = sp_fft.irfft(spec * np.conj(spec), size, axis=1)[:, :n_lags] / (rows.shape[1] - np.arange(n_lags))
    return ac / np.maximum(ac[:, :1], 1e-12)


def _first_strong_lag(ac: np.ndarray, lo: int, hi: int, first_ratio: float, min_peak: float) -> np.ndarray:
    """Per row: the first peak in lags ``lo..hi`` at least ``first_ratio`` as high as the highest; 0 for none."""
    band = ac[:, lo - 1 : hi + 2]
    is_peak = (band[:, 1:-1] > band[:, :-2]) & (band[:, 1:-1] >= band[:, 2:])
    heights = np.where(is_peak, band[:, 1:-1], -np.inf)
    top = heights.max(axis=1)
    lag = np.argmax(heights >= first_ratio * top[:, None], axis=1) + lo
    return np.where(top >= min_peak, lag, 0)


def select_by_distance(peaks: np.ndarray, priority: np.ndarray, distance: np.ndarray) -> np.ndarray:
    """The peaks left when each, highest ``priority`` first, removes the others within its own ``distance``.

    As ``scipy.signal.find_peaks``' ``distance``, with one distance per peak [samples].

    Parameters
    ----------
    peaks
        Sample indices, ascending.
    priority
        One value per peak (its height or prominence).
    distance
        One distance per peak [samples].

    Returns
    -------
    numpy.ndarray
        The kept peaks, ascending.
    """
    keep = np.ones(len(peaks), bool)
    for i in np.argsort(-np.asarray(priority), kind="stable"):  # a loop over peaks (steps), not samples
        if not keep[i]:
            continue
        j = i - 1
        while j >= 0 and peaks[i] - peaks[j] < distance[i]:
            keep[j] = False
            j -= 1
        j = i + 1
        while j < len(peaks) and peaks[j] - peaks[i] < distance[i]:
            keep[j] = False
            j += 1
    return peaks[keep]
