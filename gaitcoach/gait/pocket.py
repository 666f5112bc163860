"""Gait from a phone in the front trouser pocket: the thigh's swing, the pocket leg's contacts, hip extension.

* **Walk by walk** (runs of the thigh's swings, :func:`~gaitcoach.gait.stretches.walking_stretches`): the phone
  may be put back in the pocket another way round between walks, so each finds its own axis, sign and standing
  posture. A walk at a running cadence (over 140 steps/min, :mod:`gaitcoach.gait.running`) is a run: left out.
* **Thigh axis and sign**: the thigh swings about one dominant axis (principal component of the gyroscope);
  flexion is the direction the thigh turns for the shorter part of each stride (Perry & Burnfield 2010: the
  thigh flexes during the ~40 % swing phase and extends through the ~60 % stance).
* **Strides** of the pocket leg run between the peaks of the low-passed flexion velocity (mid-swing), 0.6-3.0 s
  apart (Barth et al. 2015's stride limits).
* **Initial contact**: the heel strike's impact travelling up the leg — the maximum of the acceleration magnitude
  from the fastest terminal-swing extension of the thigh to 0.25 s later (design choice; on the project's real
  thigh recordings this lands +3 ms from pressure-insole contacts on average, MAE 34 ms, comparable to the
  reference's own 37 ms spread against a shank gyroscope). **Final contact**: the thigh starts to flex again
  at the beginning of pre-swing, which spans 50-62 % of the gait cycle (Perry & Burnfield 2010): the last
  extension-to-flexion reversal before mid-swing, plus 12 % of the stride (real thigh recordings: bias -7 ms,
  MAE 33 ms against the insoles).
* **The other foot's initial contact**: this thigh's peak extension (its extension-to-flexion reversal), which
  comes just after the opposite heel strike (the hip extends until 50-55 % of the gait cycle, Perry & Burnfield
  2010): the reversal minus 1.6 % of the stride, the lag measured on the project's real thigh recordings (53
  contacts of 6 people: bias +18 ms without it, +1 ms with it, MAE 25 -> 21 ms; a constant fitted on the data it is
  scored on). Good for cadence; for a step-time asymmetry of a few percent each landing is too coarse, so the
  analysis does not report one from a pocket.
* **The other foot's final contact** leaves no mark of its own on this thigh; it follows from the alternating
  pattern: a stride's two double supports are alike in level walking (each about 10-12 % of the cycle, Perry &
  Burnfield 2010), so the other foot leaves the ground one terminal double support (from the other heel strike to
  this foot's toe-off, as placed above: 13.6 % of the stride) after this foot's heel strike. A typical figure, not
  a measurement (real thigh recordings: recall 1.00, precision 0.96, MAE 43 ms against the insoles): no double
  support is reported from a pocket.
* Event times between samples: the impact's parabola vertex, the reversal's linear zero crossing.
* **Hip extension**: the thigh's angle behind the vertical at its most extended, late in stance — the gyroscope
  integrated over each stride, anchored by gravity: the accelerometer turned back by that angle into the
  stride's starting frame and averaged (over a periodic stride the linear accelerations average out in a
  world-fixed frame, not in the swinging one) against the posture of standing still (a second or more) near the
  walk, standing rather than sitting (:func:`_standing_reference`); a walk with none has no hip extension. On the
  simulator within 0.15 deg for 0-15 deg, any mounting, with noise and gyro bias (was +2.5 deg on average when
  the swinging frame was averaged and the quietest instants taken for standing).
* **Hip excursion**: the thigh's whole forward-and-back swing over the stride (the same integrated angle, from
  its most extended to its most flexed): the hip's flexion-extension arc as a thigh sensor sees it (the pelvis'
  few degrees of tilt aside), about 40 deg in normal walking (Perry & Burnfield 2010: some 30 deg of flexion at
  the heel strike to 10 deg of extension in late stance); it shrinks as steps shorten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import signal

from ..model import ACC_COLUMNS, GYR_COLUMNS, Recording
from . import ragged
from .chunks import iter_chunks
from .filters import butter_sos
from .foot import STRIDE_COLUMNS, TYPICAL_STRIDE_S, FootResult
from .gravity import gravity
from .running import quick_events, within_s
from .stillness import gyro_clipped, still_samples
from .stretches import core_span, walking_stretches
from .vectors import rowdot, rownorm
from .wrist import EDGE_STEP_RANGE

__all__ = ["THIGH_COLUMNS", "PocketConfig", "analyze_pocket"]

#: Extra stride columns of the pocket analysis: how far the thigh reaches behind the vertical late in stance, and
#: its whole forward-and-back swing over the stride [deg].
THIGH_COLUMNS = ("hip_extension_deg", "hip_excursion_deg")


@dataclass(frozen=True)
class PocketConfig:
    """Parameters (seconds and hertz; design choices where not cited in the module docstring)."""

    # a swing's flexion peak: real thighs 116-246 deg/s, a walk's first and last swings 64-84 (80 had missed 2 of
    # their 53 heel strikes); simulated walks at 45-53 steps/min 60-80; seated fidgets and a car make no stride
    swing_peak_min_dps: float = 50.0
    lowpass_hz: float = 5.0
    stride_min_s: float = 0.6
    stride_max_s: float = 3.0
    ic_window_s: float = 0.25
    pre_swing_fraction: float = 0.12
    extension_lag_fraction: float = 0.016  # see the module docstring
    straight_max_turn_deg: float = 20.0  # as for the shoe (FootConfig)


def _empty(info: dict[str, object]) -> FootResult:
    return FootResult(pd.DataFrame({"time_s": [], "event": [], "side": []}),
                      pd.DataFrame(columns=list(STRIDE_COLUMNS) + list(THIGH_COLUMNS)), info)  # fmt: skip


def analyze_pocket(rec: Recording, *, side: str | None = None, config: PocketConfig | None = None) -> FootResult:
    """Analyse a recording of a phone in the front trouser pocket.

    Parameters
    ----------
    rec
        The recording (accelerometer and gyroscope).
    side
        The pocket's side (default: the recording's).
    config
        Parameters.

    Returns
    -------
    FootResult
        Contacts of the pocket leg and the other foot's (its toe-offs a typical double support after this foot's
        heel strikes), the pocket leg's strides (times, stance, and :data:`THIGH_COLUMNS`: how far the thigh
        reaches behind the vertical, and its whole swing; NaN for foot angles and length); ``info`` says how long
        was left out as pedalling (``pedalling_s``) or running (``running_s``).
    """
    cfg = config or PocketConfig()
    side = side or rec.side or "unknown"
    info: dict[str, object] = {"side": side}
    fs = float(rec.sampling_rate_hz or 0.0)
    if not rec.has_signals or not rec.has_gyro or fs < 20.0:
        return _empty(info)
    other = {"left": "right", "right": "left"}.get(side, "unknown")
    events, rows = [], []
    clipped, no_standing, pedalling_s, running_s = 0, 0, 0.0, 0.0
    carried: np.ndarray | None = None  # the standing posture of a walk that goes on into the next piece
    for sig, core_lo, core_hi in iter_chunks(rec):  # hour-long pieces: bounded memory
        if len(sig) < int(2 * cfg.stride_min_s * fs):
            continue
        acc, gyr = (sig[list(c)].to_numpy(dtype=float) for c in (ACC_COLUMNS, GYR_COLUMNS))
        still = np.flatnonzero(still_samples(gyr, acc, fs))
        still_unit = acc[still] / np.maximum(rownorm(acc[still])[:, None], 1e-9)
        # walk by walk: the phone may have been put back in the pocket another way round in between, and a walk's
        # standing reference is the stillness near it, standing, not sitting
        stretches = walking_stretches(gyr, fs, lowpass_hz=cfg.lowpass_hz, peak_min_dps=cfg.swing_peak_min_dps,
                                      stride_min_s=cfg.stride_min_s, stride_max_s=cfg.stride_max_s)  # fmt: skip
        walks: list[tuple[dict[str, np.ndarray], int, int]] = []  # each walk's analysis and span
        for lo, hi, walk_lo, walk_hi in stretches:  # a loop over stretches of swings
            if hi - lo < int(2 * cfg.stride_min_s * fs):
                continue
            standing = _standing_reference(acc, still, still_unit, walk_lo, walk_hi, fs)
            if standing is None and lo == 0:  # a walk going on from the piece before: its standing posture too
                standing = carried
            r = _segment(sig.iloc[lo:hi], fs, cfg, standing)
            carried = standing if hi == len(sig) else None  # a walk going on into the next piece
            if r is None:
                continue
            stillness = (acc, still, still_unit)
            core = (core_lo, core_hi)
            found, ridden_s = _split_off(r, sig, lo, hi, stillness, fs, cfg, _pedalling, core)
            pedalling_s += ridden_s
            for part, p_lo, p_hi in found:  # a loop over walks between rides: their runs left out too
                kept, ran_s = _split_off(part, sig, p_lo, p_hi, stillness, fs, cfg, _running, core)
                walks += kept
                running_s += ran_s
        for r, lo, hi in walks:  # a loop over walks
            # the walk's own span of the piece's core: each walk's events once
            w_lo, w_hi = core_span(sig.index.to_numpy(), lo, hi, (core_lo, core_hi), fs)
            # the pocket leg's contacts, and the other foot landing as this thigh reaches its peak extension (hip
            # extension peaks at about 50 % of the gait cycle, at the opposite initial contact: Perry & Burnfield
            # 2010) and the other foot leaving one double support after this heel strike (the alternating pattern)
            for times, kind, foot in (
                (r["t_ic"], "IC", side), (r["fc_t"], "FC", side), (r["other_ic"], "IC", other),
                (r["other_fc"], "FC", other),
            ):  # fmt: skip
                inside = times[(times >= w_lo) & (times < w_hi)]
                events.append(pd.DataFrame({"time_s": inside, "event": kind, "side": foot}))
            rows.append(_strides(r, fs, side, cfg, (w_lo, w_hi)))
            clipped += int(rows[-1].attrs.get("gyro_clipped", 0))
            no_standing += int(rows[-1].attrs.get("no_standing", 0))
    if pedalling_s:
        info["pedalling_s"] = round(pedalling_s, 1)
    if running_s:
        info["running_s"] = round(running_s, 1)
    if no_standing:  # strides of walks with no standing still near them: no hip extension
        info["strides_without_standing"] = no_standing
    if not events:
        return _empty(info)
    ev = pd.concat(events, ignore_index=True).sort_values("time_s", kind="stable")
    strides = pd.concat(rows, ignore_index=True)
    info["strides_found"] = len(strides)
    info["gyro_clipped_strides"] = clipped
    return FootResult(ev.reset_index(drop=True), strides, info)


#: Stillness is the thigh standing, not sitting, where gravity lies within this angle of its direction over the
#: walk [deg] (design choice: half way between standing, a few degrees from the walk's mean thigh, which swings
#: about 10 deg of flexion, Perry & Burnfield 2010, and sitting, some 90 deg from it).
STANDING_MAX_DEG = 45.0
#: A walk's standing reference is the stillness within this time of it [s] (design choice: a minute; the phone
#: may be put back in the pocket another way round between walks).
STANDING_NEAR_S = 60.0


def _standing_reference(
    acc: np.ndarray, still_idx: np.ndarray, still_unit: np.ndarray, first: int, last: int, fs: float
) -> np.ndarray | None:
    """The accelerometer while the thigh stood still near a walk (swings ``first`` to ``last``), or None.

    ``still_idx``, ``still_unit``: the still samples (:func:`~gaitcoach.gait.stillness.still_samples`) and their
    acceleration's direction. The median over those within :data:`STANDING_NEAR_S` of the walk whose gravity lies
    within :data:`STANDING_MAX_DEG` of the walk's mean (the thigh standing, not sitting; the phone as it sat during
    this walk); else over such samples anywhere in the piece. The median, as the body already accelerates forward
    while the thigh is still before a first step (gait initiation, Yiou et al. 2017, doi:10.5312/wjo.v8.i11.815):
    with the mean, simulated hip extension read 0.65 deg too far. (All the stillness of a recording, sitting
    included, had read a walk after a minute's sitting 99 deg extended for 10.)
    """
    if len(still_idx) == 0:
        return None
    g_walk = acc[first : last + 1].mean(axis=0)
    g_walk /= max(float(np.linalg.norm(g_walk)), 1e-9)
    cos_min = np.cos(np.radians(STANDING_MAX_DEG))
    a, b = np.searchsorted(still_idx, [first - STANDING_NEAR_S * fs, last + STANDING_NEAR_S * fs + 1])
    for lo, hi in ((a, b), (0, len(still_idx))):  # near the walk, else anywhere in the piece
        pick = still_idx[lo:hi][still_unit[lo:hi] @ g_walk >= cos_min]
        if len(pick):
            return np.median(acc[pick], axis=0)
    return None


#: A walking thigh flexes for under this fraction of each stride (its swing and pre-swing: 30-45 % on the project's
#: real thigh recordings, 35-39 % simulated at 48-140 steps/min; Perry & Burnfield 2010), a thigh turning a
#: bicycle's cranks for half of each revolution (simulated 49-50 %) (design choice: between the two).
PEDAL_FLEXION_FRACTION = 0.46
#: A walking thigh's largest jolt of each stride is its heel strike's, this many times the 95th percentile of the
#: rest of the stride (the acceleration magnitude high-passed at 10 Hz; per-recording medians of the real thighs
#: 1.9-12, simulated walks 1.9-49); pedalling has no heel strike, and the road's jolts come at any phase
#: (simulated 0.96-1.02) (design choice: between the two).
PEDAL_IMPACT_RATIO = 1.4


#: Strides a walk needs to count where the same stretch of swings holds pedalling too (design choice: a ride's
#: strides whose signs stray by chance come alone or in twos; getting off and walking on takes more).
MIN_WALK_AMID_RIDES = 10


def _pedalling(r: dict[str, np.ndarray], fs: float, cfg: PocketConfig) -> np.ndarray:
    """Which of a stretch's heel strikes start pedalling rather than walking (both signs must agree).

    Walking: the thigh flexes for the shorter part of each stride and lands a heel strike once per stride
    (:data:`PEDAL_FLEXION_FRACTION`, :data:`PEDAL_IMPACT_RATIO`). Pedalling (a phone in the pocket on a bicycle)
    swings the thigh evenly, half a revolution each way, and jolts only with the road. Seated cycling is told
    from upright activity by the thigh's inclination in activity monitors (Skotte et al. 2014, J Phys Act Health
    11:76, doi:10.1123/jpah.2011-0347); without a known standing posture the swing's timing and the heel strikes
    tell it here, each as the median over the five strides around (a ride and a walk may follow each other with
    no pause between). A stretch of fewer than three strides is not judged.
    """
    ic, wf = r["ic"], r["wf"]
    flags = np.zeros(len(ic), bool)
    if len(ic) < 4:
        return flags
    a, b = ic[:-1], ic[1:]
    flat, offsets = ragged.flat_index(a, b)
    flexing = np.add.reduceat((wf[flat] > 0).astype(float), offsets) / (b - a)
    an = rownorm(r["acc"])
    jolt = np.abs(signal.sosfiltfilt(butter_sos(2, min(10.0, 0.4 * fs), fs, "highpass"), an))
    near = int(round(0.05 * fs))
    at_strike = ragged.reduce_max(jolt, np.maximum(a - near, 0), a + near + 1)
    gap = int(round(0.1 * fs))
    rest_lo, rest_hi = a + gap, np.maximum(b - gap, a + gap + 1)
    rest = ragged.percentile(jolt, rest_lo, rest_hi, 95.0)
    ratio = at_strike / np.maximum(rest, 1e-9)
    # a pause longer than a stride is no stride: neither sign counts there
    whole = (b - a) <= cfg.stride_max_s * fs
    smooth = (pd.Series(np.where(whole, x, np.nan)).rolling(5, center=True, min_periods=1).median() for x in
              (flexing, ratio))  # fmt: skip
    flex_m, ratio_m = (x.to_numpy() for x in smooth)
    per_stride = (flex_m >= PEDAL_FLEXION_FRACTION) & (ratio_m < PEDAL_IMPACT_RATIO)
    return np.r_[per_stride, per_stride[-1]]  # the last heel strike: as the stride before it


def _running(r: dict[str, np.ndarray], fs: float, cfg: PocketConfig) -> np.ndarray:
    """Which of a stretch's heel strikes start running rather than walking.

    A thigh cannot see the flight between a run's steps (its own swing accelerates it through it): strides quicker
    than the walk-to-run transition's cadence (:data:`~gaitcoach.gait.records.WALK_RUN_CADENCE_SPM`), as the
    median of the five around (:func:`~gaitcoach.gait.running.quick_events`), are a run's.
    """
    return quick_events(r["ic"] / fs, steps_per_interval=2)


def _split_off(
    r: dict[str, np.ndarray], sig: pd.DataFrame, lo: int, hi: int,
    stillness: tuple[np.ndarray, np.ndarray, np.ndarray], fs: float, cfg: PocketConfig,
    not_walking: Callable[[dict[str, np.ndarray], float, PocketConfig], np.ndarray], core: tuple[float, float],
) -> tuple[list[tuple[dict[str, np.ndarray], int, int]], float]:  # fmt: skip
    """A stretch of swings without its rides or runs: its walks, and the time left out inside ``core`` [s].

    ``r`` is the stretch's analysis over ``sig[lo:hi]``. ``not_walking`` flags the heel strikes that start strides
    of another activity: a thigh turning a bicycle's cranks swings too, but it is not walking (:func:`_pedalling`),
    nor is a run (:func:`_running`). A walk between rides is a walk of its own (its axis, sign and standing posture,
    ``stillness`` = the piece's accelerometer, still samples and their directions, :func:`_standing_reference`); it
    starts and ends with strides of its own rhythm: a ride's last strokes and the pause after them, which the five
    strides' median reaches across, are not its strides (the wrist's edge rule,
    :data:`~gaitcoach.gait.wrist.EDGE_STEP_RANGE`). Fewer than :data:`MIN_WALK_AMID_RIDES` strides amid a ride are
    the ride's.
    """
    other = not_walking(r, fs, cfg)
    if not other.any():
        return [(r, lo, hi)], 0.0
    t = sig.index.to_numpy()
    walks, left_s = [], 0.0
    runs = _runs(other)
    cut = [lo] + [lo + (r["ic"][b] + r["ic"][b + 1]) // 2 for _, b, _ in runs[:-1]] + [hi]
    for (f, g, flagged), p_lo, p_hi in zip(runs, cut[:-1], cut[1:]):  # a loop over rides (runs) and walks
        if flagged or g - f < MIN_WALK_AMID_RIDES:
            left_s += within_s(t[p_lo], t[p_hi - 1], core)  # (this piece's core: a long recording's pieces overlap)
            continue
        stride_n = np.diff(r["ic"][f : g + 1])
        median_n = float(np.median(stride_n))
        fits = (stride_n >= EDGE_STEP_RANGE[0] * median_n) & (stride_n <= EDGE_STEP_RANGE[1] * median_n)
        if not fits.any():
            continue
        f, g = f + int(np.argmax(fits)), g - int(np.argmax(fits[::-1]))
        first, last = lo + int(r["ic"][f]), lo + int(r["ic"][g])
        p_lo, p_hi = max(p_lo, first - int(median_n)), min(p_hi, last + int(median_n))
        part = _segment(sig.iloc[p_lo:p_hi], fs, cfg, _standing_reference(*stillness, first, last, fs))
        if part is not None and not_walking(part, fs, cfg).mean() < 0.5:  # judged again on its own
            walks.append((part, p_lo, p_hi))
    return walks, left_s


def _runs(flags: np.ndarray) -> list[tuple[int, int, bool]]:
    """Runs of equal ``flags``: ``(first, last, flag)`` index pairs, inclusive."""
    edges = np.flatnonzero(np.diff(flags.astype(np.int8))) + 1
    starts, ends = np.r_[0, edges], np.r_[edges - 1, len(flags) - 1]
    return [(int(a), int(b), bool(flags[a])) for a, b in zip(starts, ends)]


def _local_stride_s(t_peaks: np.ndarray, cfg: PocketConfig) -> np.ndarray:
    """The stride around each swing peak [s]: the median of the five plausible swing-to-swing times around it.

    One median for a whole recording had placed the toe-offs of a 70 steps/min walk after a brisk one 145 ms
    off on the simulator (55 ms alone).
    """
    gaps = np.diff(t_peaks)
    gaps = np.where((gaps >= cfg.stride_min_s) & (gaps <= cfg.stride_max_s), gaps, np.nan)
    if not np.isfinite(gaps).any():
        return np.full(len(t_peaks), TYPICAL_STRIDE_S)
    around = pd.Series(gaps).rolling(5, center=True, min_periods=1).median().to_numpy()
    per_peak = np.r_[around, around[-1]]  # the swing to the next one; the last swing, the one before it
    return np.where(np.isfinite(per_peak), per_peak, float(np.nanmedian(gaps)))


def _segment(
    sig: pd.DataFrame, fs: float, cfg: PocketConfig, standing: np.ndarray | None
) -> dict[str, np.ndarray] | None:
    """Thigh axis, swings, the pocket leg's contacts and the thigh's peak extensions in one walking stretch.

    ``standing``: the accelerometer while the thigh stood still near the stretch (:func:`_standing_reference`),
    or None.
    """
    t = sig.index.to_numpy()
    acc = sig[list(ACC_COLUMNS)].to_numpy(dtype=float)
    gyr = sig[list(GYR_COLUMNS)].to_numpy(dtype=float)
    _, _, vt = np.linalg.svd(gyr - gyr.mean(0), full_matrices=False)
    axis = vt[0]
    w = gyr @ axis
    sos = butter_sos(2, cfg.lowpass_hz, fs)
    wf = signal.sosfiltfilt(sos, w)
    moving = np.abs(wf) > 20.0
    if moving.any() and np.mean(wf[moving] > 0) > 0.5:  # flexion (swing) is the shorter phase
        axis, w, wf = -axis, -w, -wf
    peaks, _ = signal.find_peaks(wf, height=cfg.swing_peak_min_dps, distance=int(cfg.stride_min_s * fs))
    if len(peaks) == 0:
        return None
    n = len(t)
    an = rownorm(acc)
    # standing reference: the thigh standing still near the walk; without it no hip extension (where the swing is
    # slowest had stood in for it: simulated walks without a second of standing read 11.5 and 13.5 deg for 0 and 10)
    g_stand = None if standing is None else standing / np.linalg.norm(standing)
    # heel strike: the fastest terminal-swing extension after mid-swing, then the impact after it; both windows
    # stretch with a stride longer than a typical one (as the shoe's, :mod:`gaitcoach.gait.foot`): at 75 steps/min
    # the simulated impact lay 0.3 s after the terminal-swing window, and the heel strikes read 78 ms early
    # (the stride around each swing: a recording may hold brisk and slow walks)
    stride_s = _local_stride_s(t[peaks], cfg)
    stretch = np.maximum(1.0, stride_s / TYPICAL_STRIDE_S)
    c = ragged.argmin(wf, peaks, np.minimum(n, peaks + (0.35 * stretch * fs).astype(np.int64)))
    reach = (cfg.ic_window_s * stretch * fs).astype(np.int64)
    ic = ragged.argmax(an, np.maximum(0, c - int(0.05 * fs)), np.minimum(n, c + reach))
    # a swing whose windows run past the segment's end (a logger gap, the recording's end) may land unseen: its
    # heel strike is not guessed from what is left (at 30 Hz, a stride cut by a gap had read 0.96 s for 1.15)
    whole = (peaks + (0.35 * stretch * fs).astype(np.int64) < n) & (c + reach < n)
    ic = ic[whole]
    # peak extension: the last extension-to-flexion reversal before each swing (since the previous swing)
    rising = np.flatnonzero((wf[:-1] < 0) & (wf[1:] >= 0)) + 1
    prev = np.r_[max(0, peaks[0] - int(cfg.stride_max_s * fs / 2)), peaks[:-1]]
    j = np.searchsorted(rising, peaks) - 1
    ok = j >= 0
    ok[ok] = rising[j[ok]] > prev[ok]
    rev = rising[j[ok]]
    rev_stride_s = stride_s[ok]  # the stride around the swing each reversal precedes
    # between samples: the impact's vertex (a parabola through its peak and neighbours), the reversal's zero
    # crossing (linear between the samples either side)
    dt = 1.0 / fs
    t_ic = t[ic] + ragged.parabola_vertex(an, ic) * dt
    w0, w1 = wf[np.maximum(rev - 1, 0)], wf[rev]
    with np.errstate(divide="ignore", invalid="ignore"):
        t_rev = t[rev] - np.where((rev > 0) & (w1 > w0), w1 / (w1 - w0), 0.0) * dt
    # the thigh starts to flex about one pre-swing before toe-off (pre-swing: 50-62 % of the gait cycle, Perry &
    # Burnfield 2010), so the toe-off is placed 12 % of the local stride after that reversal
    fc_t = t_rev + cfg.pre_swing_fraction * rev_stride_s
    # the thigh's peak extension trails the other heel strike by a little (the hip extends to 50-55 % of the
    # cycle, Perry & Burnfield 2010; 1.6 % of the stride on the project's real thigh recordings)
    other_ic = t_rev - cfg.extension_lag_fraction * rev_stride_s
    # the other foot's toe-off mirrors the terminal double support (fc_t - other_ic) after each heel strike; after
    # a walk's last one too, where the other foot comes alongside to stand (the real insoles: 6 of 51 toe-offs)
    other_fc = t_ic + (cfg.pre_swing_fraction + cfg.extension_lag_fraction) * stride_s[whole]
    # rotation about the vertical: the walker's turns
    w_up = rowdot(gyr, gravity(acc, fs)[0])
    return {"t": t, "ic": ic, "rev": rev, "t_ic": t_ic, "other_ic": other_ic, "other_fc": other_fc, "fc_t": fc_t,
            "w": w, "wf": wf, "acc": acc, "axis": axis, "g_stand": g_stand, "w_up": w_up,
            "clip": gyro_clipped(gyr)}  # fmt: skip


def _strides(
    r: dict[str, np.ndarray], fs: float, side: str, cfg: PocketConfig, core: tuple[float, float]
) -> pd.DataFrame:
    """The pocket leg's strides (heel strike to heel strike; the first inside ``core``), stance, hip extension."""
    ic, rev, fc_t, w, acc, t_ic = r["ic"], r["rev"], r["fc_t"], r["w"], r["acc"], r["t_ic"]
    i0, i1 = ic[:-1], ic[1:]
    stride_t = t_ic[1:] - t_ic[:-1] if len(ic) > 1 else np.empty(0)
    keep = (stride_t >= cfg.stride_min_s) & (stride_t <= cfg.stride_max_s)
    keep &= (t_ic[:-1] >= core[0]) & (t_ic[:-1] < core[1]) if len(ic) > 1 else keep
    i0, i1, stride_t = i0[keep], i1[keep], stride_t[keep]
    t0, t1 = t_ic[:-1][keep], t_ic[1:][keep]
    # toe-off of the stride: the first thigh reversal after its heel strike and before the next
    k = np.searchsorted(rev, i0, side="right")
    has = k < len(rev)
    has[has] = rev[k[has]] < i1[has]
    fc = np.where(has, fc_t[np.minimum(k, max(len(rev) - 1, 0))] if len(rev) else np.nan, np.nan)
    # thigh angle over the stride: integrated flexion velocity, drift removed, anchored by the stride's mean
    # gravity direction (linear accelerations average out over a stride)
    hip, arc = np.full(len(i0), np.nan), np.full(len(i0), np.nan)
    c_up = np.r_[0.0, np.cumsum(r["w_up"])] / fs
    turn = c_up[i1 + 1] - c_up[i0] if len(i0) else np.empty(0)  # the thigh's heading returns over a straight stride
    if len(i0):
        flat, offsets = ragged.flat_index(i0, i1 + 1)
        n_len = i1 - i0 + 1
        start = np.repeat(i0, n_len)
        cw = np.r_[0.0, np.cumsum(w)] / fs
        ang = cw[flat + 1] - cw[start]
        ang -= (flat - start) / np.repeat(np.maximum(n_len - 1, 1), n_len) * np.repeat(cw[i1 + 1] - cw[i0], n_len)
        # the accelerometer turned back about the thigh axis by the angle turned since the stride's start, then
        # averaged: gravity in the start's frame (the linear accelerations of a periodic stride average out in a
        # world-fixed frame, not in the swinging one, where averaging had read the thigh 2-3 deg too extended)
        k = r["axis"]
        th = np.radians(ang - ang[offsets].repeat(n_len))[:, None]
        v = acc[flat]
        back = v * np.cos(th) + np.cross(k, v) * np.sin(th) + np.outer(v @ k, k) * (1.0 - np.cos(th))
        g0 = np.add.reduceat(back, offsets, axis=0)
        g0 /= rownorm(g0)[:, None]
        g_stand = r["g_stand"]
        if g_stand is not None:
            tilt0 = np.degrees(np.arctan2(np.cross(g_stand, g0) @ k, g0 @ g_stand))  # the thigh at the stride's start
            hip = tilt0 - (np.minimum.reduceat(ang, offsets) - ang[offsets])
        arc = np.maximum.reduceat(ang, offsets) - np.minimum.reduceat(ang, offsets)
    # where the gyroscope clipped, the integrated angle is wrong (as for the shoe, gaitcoach.gait.foot)
    bad = ragged.reduce_max(r["clip"].astype(float), i0, i1 + 1) > 0 if len(i0) else np.zeros(0, bool)
    hip, arc = np.where(bad, np.nan, hip), np.where(bad, np.nan, arc)
    nan = np.full(len(i0), np.nan)
    out = pd.DataFrame({
        "side": side, "ic_s": t0, "fc_s": fc, "next_ic_s": t1, "stride_time_s": stride_t,
        "stance_time_s": fc - t0, "swing_time_s": t1 - fc, "stance_pct": 100 * (fc - t0) / stride_t,
        "stride_length_m": nan, "strike_angle_deg": nan, "toe_off_angle_deg": nan, "fpa_deg": nan,
        "straight": ~(np.abs(turn) >= cfg.straight_max_turn_deg), "speed_mps": nan, "clearance_m": nan,
        "roll_through_s": nan, "push_off_dps": nan, "turn_deg": turn,
        "level": True, "hip_extension_deg": hip, "hip_excursion_deg": arc,
    })  # fmt: skip
    out.attrs["gyro_clipped"] = int(bad.sum())
    out.attrs["no_standing"] = len(out) if r["g_stand"] is None else 0
    return out
