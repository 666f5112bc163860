"""Reductions over many index ranges of one signal at once, and sub-sample positions of many extrema at once.

One range per stride, no Python loop: the ranges are laid end to end in one flat index array and reduced with
``numpy.ufunc.reduceat``; memory is the total length of the ranges, never ``ranges x longest range``.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "argmax",
    "argmin",
    "first_true",
    "flat_index",
    "parabola_vertex",
    "percentile",
    "reduce_max",
    "reduce_min",
]


def flat_index(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All indices of the ranges ``[lo[k], hi[k])`` end to end, and where each range starts in that array.

    Every range must hold at least one index.
    """
    lo = np.asarray(lo, dtype=np.int64)
    lengths = np.asarray(hi, dtype=np.int64) - lo
    if np.any(lengths < 1):
        raise ValueError("every range needs at least one sample")
    offsets = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64)
    flat = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(offsets - lo, lengths)
    return flat, offsets


def _arg_extreme(x: np.ndarray, lo: np.ndarray, hi: np.ndarray, ufunc: np.ufunc) -> np.ndarray:
    if len(lo) == 0:
        return np.empty(0, np.int64)
    flat, offsets = flat_index(lo, hi)
    vals = x[flat]
    best = ufunc.reduceat(vals, offsets)
    lengths = np.asarray(hi) - np.asarray(lo)
    pos = np.where(vals == np.repeat(best, lengths), np.arange(len(vals)), len(vals))
    return flat[np.minimum.reduceat(pos, offsets)]  # the first sample that reaches the extreme


def argmin(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Index (into ``x``) of the first minimum of ``x`` in each range ``[lo, hi)``."""
    return _arg_extreme(x, lo, hi, np.minimum)


def argmax(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Index (into ``x``) of the first maximum of ``x`` in each range ``[lo, hi)``."""
    return _arg_extreme(x, lo, hi, np.maximum)


def reduce_max(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Largest value of ``x`` in each range ``[lo, hi)``."""
    if len(lo) == 0:
        return np.empty(0, dtype=x.dtype)
    flat, offsets = flat_index(lo, hi)
    return np.maximum.reduceat(x[flat], offsets)


def reduce_min(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Smallest value of ``x`` in each range ``[lo, hi)``."""
    if len(lo) == 0:
        return np.empty(0, dtype=x.dtype)
    flat, offsets = flat_index(lo, hi)
    return np.minimum.reduceat(x[flat], offsets)


def percentile(x: np.ndarray, lo: np.ndarray, hi: np.ndarray, q: float) -> np.ndarray:
    """The ``q``-th percentile of ``x`` in each range ``[lo, hi)``, as :func:`numpy.percentile` gives it.

    Numpy's default ("linear", Hyndman & Fan 1996's definition 7, doi:10.1080/00031305.1996.10473566): the value at
    the fractional rank ``q / 100 * (n - 1)`` of the sorted range, linearly between its neighbours. All ranges are
    sorted at once (by range, then value), with the same interpolation arithmetic as numpy's, so the results are
    numpy's to the bit; a range holding a NaN gives NaN, as numpy's does.
    """
    if len(lo) == 0:
        return np.empty(0)
    flat, offsets = flat_index(lo, hi)
    n = np.asarray(hi, dtype=np.int64) - np.asarray(lo, dtype=np.int64)
    vals = np.asarray(x, dtype=float)[flat]
    group = np.repeat(np.arange(len(n)), n)
    ranked = vals[np.lexsort((vals, group))]  # each range's values in order, the ranges end to end
    rank = (n - 1) * (q / 100.0)
    below = np.floor(rank)
    gamma = rank - below
    k = below.astype(np.int64)
    a, b = ranked[offsets + k], ranked[offsets + np.minimum(k + 1, n - 1)]
    diff = b - a
    # numpy's interpolation: from below for the lower half of the step, from above for the upper half
    out = np.where(gamma >= 0.5, b - diff * (1.0 - gamma), a + diff * gamma)
    out[np.logical_or.reduceat(np.isnan(vals), offsets)] = np.nan  # a range with a NaN has none (as numpy's)
    return out


def first_true(mask: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Index (into ``mask``) of the first True in each range ``[lo, hi)``, or -1 where there is none."""
    if len(lo) == 0:
        return np.empty(0, np.int64)
    flat, offsets = flat_index(lo, hi)
    pos = np.where(mask[flat], np.arange(len(flat)), len(flat))
    first = np.minimum.reduceat(pos, offsets)
    return np.where(first < len(flat), flat[np.minimum(first, len(flat) - 1)], -1)


def parabola_vertex(y: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Offsets (-0.5..0.5 samples) of the extrema of the parabolas through ``y[k-1], y[k], y[k+1]``."""
    k = np.asarray(k, dtype=np.int64)
    inner = (k > 0) & (k < len(y) - 1)
    kc = np.clip(k, 1, max(1, len(y) - 2))
    y0, y1, y2 = y[kc - 1], y[kc], y[kc + 1]
    den = y0 - 2.0 * y1 + y2
    with np.errstate(divide="ignore", invalid="ignore"):
        off = np.clip(0.5 * (y0 - y2) / den, -0.5, 0.5)
    return np.where(inner & (den != 0), off, 0.0)
