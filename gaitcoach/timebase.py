"""Time base: clean timestamps, estimate the sampling rate, find gaps, and resample onto a uniform grid.

Phones time-stamp each sample with jitter, Android delivers accelerometer and gyroscope on different
clocks, and every logger drops data now and then. This module turns such streams into the canonical form
of :class:`~gaitcoach.model.Recording`: one uniform grid per contiguous segment, with gaps kept as segment
boundaries and never bridged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.interpolate import CubicSpline

from .model import ACC_COLUMNS, GYR_COLUMNS, MAG_COLUMNS, TIME_COLUMN

__all__ = [
    "CLOCK_RESET_S",
    "GAP_FACTOR",
    "MAX_HELD_FRACTION",
    "MIN_GAP_S",
    "Stream",
    "assemble",
    "clean_timestamps",
    "estimate_rate_hz",
    "find_segments",
    "held_fraction",
    "to_utc",
]

#: A hole in the timestamps longer than this many nominal sample intervals is a gap (design choice: one
#: or two dropped samples are timing jitter and are interpolated, anything longer splits the recording).
GAP_FACTOR = 3.0
#: ... and longer than this [s], so that a 200 Hz stream is not split by a 15 ms scheduler hiccup.
MIN_GAP_S = 0.05
#: A step back in time longer than this [s] (and than 20 sample intervals) is the clock being set back, not samples
#: written out of order; the stretch after it keeps its own timing (design choice: loggers reorder samples by a few
#: intervals; a reset or a time-zone or NTP correction moves the clock by seconds or more).
CLOCK_RESET_S = 1.0
#: Segments shorter than this [s] carry no gait cycle and are dropped (with a warning).
MIN_SEGMENT_S = 0.5

#: Grid points per spline block, and the stream samples each block reaches beyond its ends (see _interpolate).
_SPLINE_BLOCK = 65536
_SPLINE_MARGIN = 32

_COLUMNS = {"acc": ACC_COLUMNS, "gyr": GYR_COLUMNS, "mag": MAG_COLUMNS}


@dataclass(frozen=True)
class Stream:
    """One sensor stream as read from a file, before resampling.

    Attributes
    ----------
    name
        ``"acc"`` [m/s²], ``"gyr"`` [deg/s] or ``"mag"`` [µT].
    t_s
        Sample times [s], any order, possibly with duplicates.
    values
        Array of shape (n, 3), in the unit of ``name``.
    """

    name: str
    t_s: np.ndarray
    values: np.ndarray


#: The coarsest clock tick of the loggers read [s]: most write whole milliseconds.
_TICK_S = 1e-3 + 1e-9


def estimate_rate_hz(t_s: np.ndarray) -> float:
    """Estimate the nominal sampling rate from timestamps, robust to jitter and gaps.

    Parameters
    ----------
    t_s
        Sorted sample times [s].

    Returns
    -------
    float
        One over the median interval [Hz], or over the mean of the intervals within a millisecond of it where that
        mean is more than 0.5 % away (a clock that ticks in whole milliseconds, where the median interval is a whole
        tick: design choice). A rate
        within 0.05 % of a multiple of 0.1 Hz is snapped to it (design choice: device rates are set in
        such steps, e.g. 25, 100 or 102.4 Hz, and float timestamps since 1970 carry sub-µs rounding).

    Raises
    ------
    ValueError
        With fewer than two distinct times.
    """
    dt = np.diff(np.asarray(t_s, dtype=float))
    dt = dt[dt > 0]
    if dt.size == 0:
        raise ValueError(f"expected at least two distinct timestamps, got {len(t_s)} samples")
    med = float(np.median(dt))
    # the mean of the intervals within a millisecond of the median: the median of a clock that ticks in whole
    # milliseconds is a whole tick (a 30 Hz device's 33/34 ms read 30.3 Hz, a 128 Hz one's 7/8 ms 125 Hz, a 400 Hz
    # one's 2/3 ms 333 or 500 Hz), their mean the true interval; a FIT watch's one-second blocks of 25 samples, some
    # 20 ms apart at the blocks' joins, stay at 40 ms. Where the mean is within 0.5 % of the median, the median
    # stands (a jittery clock's median interval is exact where the mean carries its noise)
    near = dt[np.abs(dt - med) <= _TICK_S]
    mean = float(np.mean(near)) if near.size else med  # (none near it: a logger's bursts, 1 and 19 ms)
    rate = 1.0 / (mean if abs(mean - med) > 0.005 * med else med)
    nice = round(rate, 1)
    return nice if nice > 0 and abs(rate - nice) <= 5e-4 * nice else rate


def clean_timestamps(t_s: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Sort samples by time and drop repeated timestamps (keeping the first); follow a clock that was set back.

    Parameters
    ----------
    t_s
        Sample times [s].
    values
        Samples, shape (n, k).

    Returns
    -------
    t_s, values, warnings
        The cleaned arrays and what was done, in words (empty when nothing was needed).
    """
    t = np.asarray(t_s, dtype=float)
    v = np.asarray(values, dtype=float)
    warnings: list[str] = []
    finite = np.isfinite(t) & np.all(np.isfinite(v), axis=1)
    if not finite.all():
        n_bad = int((~finite).sum())
        warnings.append(f"{n_bad} samples with missing time or values were dropped")
        t, v = t[finite], v[finite]
    steps = np.diff(t)
    forward = steps[steps > 0]
    reset = max(CLOCK_RESET_S, 20.0 * float(np.median(forward))) if forward.size else CLOCK_RESET_S
    jumps = np.flatnonzero(steps < -reset)
    if jumps.size:
        # the clock was reset (set back): sorting would interleave two stretches of different moments, so each
        # stretch keeps its own timing and follows the one before it after a gap of CLOCK_RESET_S
        shift = np.zeros(t.size)
        shift[jumps + 1] = t[jumps] - t[jumps + 1] + CLOCK_RESET_S
        t = t + np.cumsum(shift)
        warnings.append(
            f"the clock went back {jumps.size} times (by {-steps[jumps].max():.3g} s and more); the samples after "
            "each jump are kept as a separate stretch, placed after the one before, so their clock times are "
            "shifted"
        )
    if t.size > 1 and np.any(np.diff(t) < 0):
        order = np.argsort(t, kind="stable")
        n_back = int(np.sum(np.diff(t) < 0))
        warnings.append(f"timestamps went backwards {n_back} times; samples were put in time order")
        t, v = t[order], v[order]
    if t.size > 1:
        dup = np.r_[False, np.diff(t) == 0]
        if dup.any():
            warnings.append(f"{int(dup.sum())} samples repeated an earlier timestamp and were dropped")
            t, v = t[~dup], v[~dup]
    return t, v, warnings


def find_segments(t_s: np.ndarray, *, rate_hz: float) -> np.ndarray:
    """Split sorted timestamps at gaps.

    Parameters
    ----------
    t_s
        Sorted, unique sample times [s].
    rate_hz
        Nominal sampling rate [Hz].

    Returns
    -------
    numpy.ndarray
        Array of shape (n_segments, 2) holding ``[start_s, end_s]`` of each contiguous stretch. A gap is an
        interval longer than ``max(GAP_FACTOR / rate_hz, MIN_GAP_S)``.
    """
    t = np.asarray(t_s, dtype=float)
    if t.size == 0:
        return np.empty((0, 2))
    max_dt = max(GAP_FACTOR / rate_hz, MIN_GAP_S)
    cut = np.flatnonzero(np.diff(t) > max_dt)
    starts = np.r_[t[0], t[cut + 1]]
    ends = np.r_[t[cut], t[-1]]
    return np.column_stack([starts, ends])


def _intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Intersect two sorted lists of closed intervals, shape (n, 2) and (m, 2)."""
    if len(a) == 0 or len(b) == 0:
        return np.empty((0, 2))
    lo = np.maximum(a[:, None, 0], b[None, :, 0])
    hi = np.minimum(a[:, None, 1], b[None, :, 1])
    keep = hi > lo
    out = np.column_stack([lo[keep], hi[keep]])
    return out[np.argsort(out[:, 0])]


#: Share of a motion stream's moving samples that may repeat the one before exactly (design choice: a sensor's noise
#: makes every real sample differ; on every real recording of the development data none does, while the corpus'
#: vivoactive HR Connect IQ accelerometer, logged at 15 Hz from a sensor that updated about 8 times a second,
#: repeats 43 %).
MAX_HELD_FRACTION = 0.1
#: A sample is "in motion" where the stream changes by more than this over two samples (m/s² or deg/s).
_MOVING = 0.5
#: Samples of each stretch :func:`held_fraction` judges a long recording on.
_HELD_BLOCK = 4096


def held_fraction(values: np.ndarray) -> float:
    """Share of the moving samples that repeat the one before exactly: a logger that repeats its last value.

    Parameters
    ----------
    values
        Samples of a motion stream, shape (n, 3), in time order.

    Returns
    -------
    float
        Of the samples where the stream changes by more than :data:`_MOVING` over two samples, the share equal
        (every axis) to the one before (over 64 stretches of 4096 samples spread over a long recording); 0 where
        none moves.
    """
    v = np.asarray(values, dtype=float)
    held = moved = 0
    # a long recording is judged on 64 stretches spread over it (a logger repeats all along: speed and memory)
    starts = np.linspace(0, len(v) - _HELD_BLOCK, 64).astype(int) if len(v) > 64 * _HELD_BLOCK else [0]
    for a in starts:  # a loop over stretches
        w = v[a : a + _HELD_BLOCK + 2] if len(starts) > 1 else v
        same = np.all(w[1:-1] == w[:-2], axis=1)
        moving = np.max(np.nan_to_num(np.abs(w[2:] - w[:-2]), nan=0.0), axis=1) > _MOVING
        held, moved = held + int(np.sum(same & moving)), moved + int(np.sum(moving))
    return held / moved if moved else 0.0


def assemble(
    streams: Sequence[Stream], *, rate_hz: float | None = None
) -> tuple[pd.DataFrame, float | None, pd.DataFrame, list[str]]:
    """Put sensor streams on one uniform time grid per segment.

    Parameters
    ----------
    streams
        The streams (``acc``, ``gyr``, ``mag``), each with its own timestamps.
    rate_hz
        Grid rate [Hz]; by default the estimated rate of the accelerometer (else the gyroscope).

    Returns
    -------
    signals, rate_hz, segments, warnings
        ``signals`` indexed by ``time_s`` with the canonical columns; the grid rate; the segments table
        (``start_s``, ``end_s``, ``n_samples``); and soft problems in words.

    Notes
    -----
    Each segment is the stretch where all motion streams (accelerometer and gyroscope) have data without a
    gap; the grid starts at the segment's first common time and steps by ``1 / rate_hz``. Values are
    interpolated from each stream's own timestamps by a cubic spline (:func:`_interpolate`), never across a
    gap. A magnetometer that covers
    much less time than the motion streams is dropped rather than shortening them.
    """
    warnings: list[str] = []
    cleaned: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, float]] = {}
    for s in streams:
        t, v, w = clean_timestamps(s.t_s, s.values)
        warnings += [f"{s.name}: {x}" for x in w]
        if t.size < 2:
            warnings.append(f"{s.name}: fewer than two samples; stream ignored")
            continue
        r = estimate_rate_hz(t)
        cleaned[s.name] = (t, v, find_segments(t, rate_hz=r), r)
        held = held_fraction(v) if s.name in ("acc", "gyr") else 0.0
        if held > MAX_HELD_FRACTION:
            warnings.append(
                f"{s.name}: {held:.0%} of the samples in motion repeat the one before: the sensor gave about "
                f"{r * (1.0 - held):.0f} new values a second, not the {r:.3g} its timing says, so steps are read "
                "from fewer samples than it seems"
            )
    motion = [n for n in ("acc", "gyr") if n in cleaned]
    if not motion:
        return _empty(warnings)
    grid_rate = float(rate_hz) if rate_hz else cleaned[motion[0]][3]
    spans = cleaned[motion[0]][2]
    for n in motion[1:]:
        spans = _intersect(spans, cleaned[n][2])
    if "mag" in cleaned:
        with_mag = _intersect(spans, cleaned["mag"][2])
        covered = float(np.sum(with_mag[:, 1] - with_mag[:, 0])) if len(with_mag) else 0.0
        total = float(np.sum(spans[:, 1] - spans[:, 0])) if len(spans) else 0.0
        if total > 0 and covered >= 0.9 * total:
            spans = with_mag
        else:
            warnings.append("magnetometer covers too little of the recording; it was left out")
            del cleaned["mag"]
    short = (spans[:, 1] - spans[:, 0]) < MIN_SEGMENT_S
    if short.any():
        n_short = int(short.sum())
        what, verb = ("1 stretch", "was") if n_short == 1 else (f"{n_short} stretches", "were")
        warnings.append(f"{what} shorter than {MIN_SEGMENT_S} s between gaps {verb} dropped")
        spans = spans[~short]
    if len(spans) == 0:
        return _empty(warnings, grid_rate)
    n_per = np.floor((spans[:, 1] - spans[:, 0]) * grid_rate + 1e-3).astype(np.int64) + 1
    seg_id = np.repeat(np.arange(len(spans)), n_per)
    k = np.arange(n_per.sum()) - np.repeat(np.cumsum(n_per) - n_per, n_per)
    grid = spans[seg_id, 0] + k / grid_rate
    data: dict[str, np.ndarray] = {}
    for name, (t, v, own_spans, _) in cleaned.items():
        values = _interpolate(grid, t, v, own_spans)
        for j, col in enumerate(_COLUMNS[name]):
            data[col] = values[:, j]
    if len(spans) > 1:
        n_gaps = len(spans) - 1
        warnings.append(
            f"{n_gaps} gap{'s' if n_gaps > 1 else ''} in the timestamps; the recording has {len(spans)} segments"
        )
    signals = pd.DataFrame(data, index=pd.Index(grid, name=TIME_COLUMN))
    segments = pd.DataFrame(
        {"start_s": grid[np.cumsum(n_per) - n_per], "end_s": grid[np.cumsum(n_per) - 1], "n_samples": n_per}
    )
    return signals, grid_rate, segments, warnings


def _lines(x: np.ndarray, t: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Every column of ``v`` (samples at ``t``) at ``x``, by straight lines."""
    return np.column_stack([np.interp(x, t, v[:, j]) for j in range(v.shape[1])])


def _interpolate(grid: np.ndarray, t: np.ndarray, v: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """A stream's values at the grid times: a cubic spline through each of its gap-free stretches.

    A cubic spline rather than straight lines because phones time-stamp samples with jitter: on a jittered
    grid, linear interpolation cuts every peak short (its error is ``f'' (t - t_a)(t_b - t) / 2``, one-signed
    over a peak), and the integrated foot angles inherit it (simulated shoe with 2 ms jitter: toe-off angle
    error +0.5..+0.9 deg with lines, -0.6..+0.3 deg with the spline; ``benchmarks/bench_foot.py``). Each
    stretch between gaps gets its own spline, so no gap is bridged. Values stay within the stretch's range,
    and between two samples at its extreme they are that value, so a clipped sensor's plateaus stay at its
    limit. Where samples come bunched or late (an interval under 0.3 or over 3 times the median: design choice),
    the intervals beside it are joined by lines. Samples already on the grid (within 1 us) are taken as they
    are. Long stretches are splined in overlapping blocks (a spline's reach decays by about 4x per sample),
    which keeps memory bounded.
    """
    out = np.empty((len(grid), v.shape[1]))
    lo = np.searchsorted(t, spans[:, 0])
    hi = np.searchsorted(t, spans[:, 1], side="right")
    g_lo = np.searchsorted(grid, spans[:, 0])
    g_hi = np.searchsorted(grid, spans[:, 1], side="right")
    covered = np.zeros(len(grid), dtype=bool)
    for a, b, ga, gb in zip(lo, hi, g_lo, g_hi):  # a loop over gap-free stretches, not samples
        if gb <= ga:
            continue
        covered[ga:gb] = True
        tt, vv = t[a:b], v[a:b]
        if len(tt) == gb - ga and np.allclose(tt, grid[ga:gb], rtol=0.0, atol=1e-6):
            out[ga:gb] = vv  # already on the grid
            continue
        if b - a < 4:
            out[ga:gb] = _lines(grid[ga:gb], tt, vv)
            continue
        v_min, v_max = vv.min(axis=0), vv.max(axis=0)
        # bunched or late samples (a logger's bursts, ms-rounded times) would make a spline swing: lines there
        # and in the intervals next to them
        dtt = np.diff(tt)
        odd = (dtt < 0.3 * np.median(dtt)) | (dtt > 3.0 * np.median(dtt))
        lines = np.convolve(odd.astype(float), np.ones(3), mode="same") > 0
        for g0 in range(ga, gb, _SPLINE_BLOCK):  # a loop over blocks of the stretch
            g1 = min(g0 + _SPLINE_BLOCK, gb)
            s0 = max(int(np.searchsorted(tt, grid[g0])) - _SPLINE_MARGIN, 0)
            s1 = min(int(np.searchsorted(tt, grid[g1 - 1], side="right")) + _SPLINE_MARGIN, len(tt))
            if s1 - s0 < 4:
                s0, s1 = max(0, s1 - 4), max(s1, min(4, len(tt)))
            block = np.clip(CubicSpline(tt[s0:s1], vv[s0:s1], axis=0)(grid[g0:g1]), v_min, v_max)
            # between two samples at the stretch's extreme (a clipped sensor's plateau): that value exactly
            k = np.clip(np.searchsorted(tt, grid[g0:g1]), 1, len(tt) - 1)
            for bound in (v_min, v_max):
                flat = (vv[k - 1] == bound) & (vv[k] == bound)
                block[flat] = np.broadcast_to(bound, block.shape)[flat]
            use = lines[k - 1]
            if use.any():
                j = k[use] - 1
                w = ((grid[g0:g1][use] - tt[j]) / dtt[j])[:, None]
                block[use] = vv[j] + w * (vv[j + 1] - vv[j])
            out[g0:g1] = block
    if not covered.all():  # grid times outside the stream's own stretches (only at their very edges)
        rest = ~covered
        out[rest] = _lines(grid[rest], t, v)
    return out


def _empty(
    warnings: list[str], rate: float | None = None
) -> tuple[pd.DataFrame, float | None, pd.DataFrame, list[str]]:
    signals = pd.DataFrame({c: np.empty(0) for c in ACC_COLUMNS}, index=pd.Index(np.empty(0), name=TIME_COLUMN))
    segments = pd.DataFrame({"start_s": np.empty(0), "end_s": np.empty(0), "n_samples": np.empty(0, np.int64)})
    return signals, rate, segments, warnings


def to_utc(value: object) -> pd.Timestamp | None:
    """Convert a date-time (string, datetime, epoch-free Timestamp) to a UTC :class:`pandas.Timestamp`.

    Parameters
    ----------
    value
        A date-time; naive values are taken as UTC.

    Returns
    -------
    pandas.Timestamp or None
        The UTC time, or None for None/NaT.
    """
    if value is None:
        return None
    ts = pd.Timestamp(value)  # type: ignore[arg-type]
    if pd.isna(ts):
        return None
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
