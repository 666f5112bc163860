"""Steps, cadence and regularity from a watch (or a phone held in the hand): no heel-strike timing, no sides.

* **Steps**: peaks of the acceleration magnitude low-passed at 3 Hz (each step's impact reaches the wrist), at
  least 0.25 s apart, with a prominence of half the signal's spread (about its median) over the 10 s around it
  and at least ``MIN_STEP_PROMINENCE_MPS2``, and at least ``STEP_DISTANCE`` of the local step period
  (:mod:`gaitcoach.gait.rhythm`) from a stronger peak (design choices); in a slow walk's train of strides, the
  weaker step in the middle of each stride counts from half that floor (:func:`_with_alternate_steps`: the arm's
  swing lifts one step's peak and lowers the other's); runs of 3 or more steps with 0.25-1.5 s between them form
  walking bouts, less a first or last peak out of the bout's rhythm (``EDGE_STEP_RANGE``: the arm starting or
  stopping its swing); a bout of 6+ steps must also repeat stride after stride (stride regularity of at least 0.5,
  design choice), as a whole or in stretches of 6 steps, to count. A slow walk's weaker steps count from half the
  floor where 6 in a row repeat stride after stride (:func:`_with_regular_weak_steps`). Every bout's steps must
  outweigh faster shaking in the magnitude (``MIN_STEP_TO_SHAKE``), which rejects a phone shaking in a car. A
  bout at a running cadence (its step time over 140 steps/min, :mod:`gaitcoach.gait.running`) is a run, not a walk
  (judged bout by bout: the time between a wrist's peaks varies too much for a step-by-step judgement).
  A bout's step time is half its median two-step interval (robust to an odd peak and to alternating steps).
* **Not a ride**: where the sensor's place was not said (a guess from the signal, or none), a bout whose main
  rotation turns back and forth once for every step counted, through a thigh's angle on the cranks or, with an
  acceleration riding the pedal's circle, a foot's, is a limb pedalling, left out (:mod:`gaitcoach.gait.cranks`):
  a walking limb swings once a stride. Turning back and forth once a step counted through more than that, it is a
  shoe or a thigh whose strides were counted as steps; where that leg swings at a run's cadence, the bout is a run
  (a thigh in the pocket at 145-185 simulated steps/min had passed for a walk at half that).
* **Regularity** (Moe-Nilssen & Helbostad 2004, J Biomech 37:121, doi:10.1016/S0021-9290(03)00233-1): the
  unbiased autocorrelation of the magnitude over a bout at one step lag (step regularity) and one stride lag
  (stride regularity).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import signal

from ..model import ACC_COLUMNS, GYR_COLUMNS, Recording
from . import ragged
from .chunks import iter_chunks
from .cranks import PEDAL_STEP_CORRELATION, PEDAL_SWEEP_DEG, on_the_cranks, rotary_acceleration, swing_per_step
from .filters import butter_sos
from .moving import moving_rms
from .regularity import regularity
from .rhythm import local_period_s, period_s, select_by_distance
from .running import WALK_RUN_CADENCE_SPM, within_s
from .shaking import step_and_shake_bands, step_to_shake
from .vectors import rownorm

__all__ = [
    "EDGE_STEP_RANGE",
    "MIN_RATE_HZ",
    "MIN_STEP_PROMINENCE_MPS2",
    "MIN_STRIDE_REGULARITY",
    "analyze_wrist",
]

#: Slowest sampling that still resolves steps (design choice: five samples per step at 120 steps/min).
MIN_RATE_HZ = 10.0

#: Smallest rise of a step's peak above its surroundings in the 3 Hz low-passed magnitude [m/s²] (design choice,
#: measured on the simulator and the corpus: a seated person's fidgets and posture shifts rise at most 0.1, a
#: car's road vibration up to 0.34 in runs too short for the stride-regularity check (0.2 leaves none of them in a
#: bout, where half the spread alone had let 3-46 false steps through in 4 of 16 simulated sittings and car
#: rides); the slowest simulated walks, 50-65 steps/min with 0.5-0.6 m strides, 0.2-0.5 (19-20 of 20 steps
#: kept); the corpus' real hand-held phone walk 0.67 and more).
MIN_STEP_PROMINENCE_MPS2 = 0.2

#: Window of the walk's spread that a step's peak is compared with [s] (design choice: a few strides, as for the
#: lower back; half the spread of a whole recording had dropped every step of a 70 steps/min walk after one at
#: 125 steps/min on the simulator).
PROMINENCE_WINDOW_S = 10.0

#: The step period is the first autocorrelation peak at least this high against the highest (design choice: on the
#: simulator a wrist's step peak reaches 0.81-0.96 of its stride peak, a lower back's half-step bump 0.25 of its
#: step peak).
STEP_RATIO = 0.5

#: Where the acceleration comes without gravity (a phone app's "linear acceleration"), its magnitude is rectified:
#: it is small while the wearer stands and jumps as a walk starts, and in a window that holds the start that jump
#: outweighs the steps' rhythm (a simulated lower back's half steps were counted as steps for the first 5 s: 43
#: steps for 40). Its rhythm is read above this frequency [Hz] (design choice: below the slowest steps', 0.67 Hz
#: for the 1.5 s step limit). With gravity the magnitude's level stays at 1 g and nothing is filtered: there,
#: high-passing had cost the slowest walkers' arms steps (bench_wrist.py, 5th percentile 0.86 -> 0.81).
RHYTHM_HIGHPASS_HZ = 0.5

#: A peak within this fraction of the local step of a stronger one is not a step (design choice: a lower back's
#: collision and push-off make two peaks 0.27 s apart in a 0.55 s step, which half the local spread lets through).
STEP_DISTANCE = 0.6

#: A step between two others a stride apart counts from this fraction of the step floor (design choice: a seated
#: person's fidgets rise at most 0.1 m/s², half the floor, and fill no stride of steps).
ALTERNATE_STEP_RATIO = 0.5

#: Strides longer than this [s] may hide a weak step (design choice: 120 steps/min; at faster walking a step's
#: peak rises well above the floor).
SLOW_STRIDE_S = 1.0

#: Where in its stride that step must lie, as fractions of the stride (design choice: a step-time asymmetry of
#: up to 30 %).
ALTERNATE_STEP_PHASE = (0.35, 0.65)

#: Bouts of 6+ steps whose stride regularity is below this are not walking (design choice: healthy walking
#: reaches about 0.6-0.9 in Moe-Nilssen & Helbostad 2004's autocorrelation measure).
MIN_STRIDE_REGULARITY = 0.5

#: A bout's first or last peak whose step lasts less or more than these multiples of the bout's step time is the
#: arm starting or stopping its swing, not a step (design choice: far beyond the few percent step-time variability
#: of walking, Hollman et al. 2011, doi:10.1016/j.gaitpost.2011.03.024; the lower back's edge rule uses 1.5).
EDGE_STEP_RANGE = (0.8, 1.5)


#: A bout's steps are walking only where the step band's root mean square reaches this multiple of the shaking
#: band's (design choice, after the spectral test of Straczkiewicz et al. 2023, npj Digital Medicine,
#: doi:10.1038/s41746-022-00745-z, which rejects a second whose dominant peak above the step frequencies exceeds
#: 2.5 times the one within them; 0.3 here lets the shaking reach 3.3 times the steps). Measured per bout:
#: simulated car rides (60 s, 25-100 Hz, 30 seeds) at most 0.22, the bouts a minute's ride had made of its
#: shaking; simulated walking wrists 4.4 and more; real walks, any placement, 0.88 and more (a hand-held phone
#: at 250 Hz 0.88, feet, thighs and stairs 1.0 and more), but one shuffling bout of the real lower-back daily-life
#: recording 0.43.
MIN_STEP_TO_SHAKE = 0.3


def _step_time_s(t_steps: np.ndarray) -> float:
    """A bout's step time: half the median two-step (stride) interval, robust to arm-alternating step times."""
    if len(t_steps) < 3:
        return float(np.diff(t_steps).mean())
    return float(np.median(t_steps[2:] - t_steps[:-2]) / 2.0)


def _trim_edges(t: np.ndarray, bout: np.ndarray) -> np.ndarray:
    """Drop a bout's first or last peaks while their step is out of the bout's rhythm (see ``EDGE_STEP_RANGE``).

    An arm starting to swing can make two such peaks (simulated at 65 steps/min: 0.36 and 0.46 s before a 0.92 s
    rhythm); the bout's own step time is taken once, from all its peaks.
    """
    if len(bout) < 4:
        return bout
    step_t = _step_time_s(t[bout])
    lo, hi = EDGE_STEP_RANGE
    steps = np.diff(t[bout])
    fits = (steps >= lo * step_t) & (steps <= hi * step_t)
    if not fits.any():
        return bout[:0]
    start = int(np.argmax(fits))  # the first step in rhythm begins at this peak
    stop = len(bout) - int(np.argmax(fits[::-1]))  # and the last in rhythm ends at this one
    return bout[start:stop]


def _with_alternate_steps(peaks: np.ndarray, weak: np.ndarray, weak_prominence: np.ndarray, fs: float) -> np.ndarray:
    """Add the weaker step between two steps a stride apart (the arm's swing lifts one step's peak, lowers the other's).

    Only in a train of slow strides (``SLOW_STRIDE_S``, three in a row within 20 % of each other), or where a slow
    walk's single step is missing (a span of twice the shorter neighbouring step, within 20 %); the added peak
    must rise at least half the floor (``ALTERNATE_STEP_RATIO``) and lie in the middle of its stride
    (``ALTERNATE_STEP_PHASE``). Simulated slow walks (0.35-0.4 m/s, 20 deg of arm swing): the steps'
    peaks alternate at 0.30 and 0.18 m/s², and every other step under the 0.2 floor had left no bout at all.
    A single weak step (0.18 m/s² among 0.21-0.29) had split a 69 steps/min walk's bout; with the second rule the
    slow sweep's 5th percentile of steps found rose from 0.59 to 0.80 of the true ones (``bench_sweep.py --slow``),
    with no step while sitting, standing or in a car (20 seeds each).
    """
    if len(peaks) < 2:
        return peaks
    a, b = peaks[:-1], peaks[1:]
    span_s = (b - a) / fs
    # a stride of a slow walk (over 1 s: under 120 steps/min, where a step's own peak may fall under the floor),
    # in a train of strides lasting within 20 % of each other
    prev_s, next_s = np.r_[np.nan, span_s[:-1]], np.r_[span_s[1:], np.nan]
    with np.errstate(invalid="ignore"):
        near_prev, near_next = np.abs(prev_s / span_s - 1.0) <= 0.2, np.abs(next_s / span_s - 1.0) <= 0.2
    # inside a train of three such strides, or next to one (a walk's first and last stride): the filled bout has
    # 6 steps or more and must then repeat stride after stride (MIN_STRIDE_REGULARITY)
    inner = near_prev & near_next
    train = inner | np.r_[inner[1:], False] | np.r_[False, inner[:-1]]
    stride_like = (span_s > SLOW_STRIDE_S) & (span_s <= 2 * 1.5) & train
    # or one step missed among steps: a span of two of the shorter neighbour's steps (within 20 %)
    with np.errstate(invalid="ignore"):
        missed = np.abs(span_s / (2 * np.fmin(prev_s, next_s)) - 1.0) <= 0.2
    stride_like |= missed & (span_s > SLOW_STRIDE_S) & (span_s <= 2 * 1.5)
    lo = a + ALTERNATE_STEP_PHASE[0] * (b - a)
    hi = a + ALTERNATE_STEP_PHASE[1] * (b - a)
    first = np.searchsorted(weak, lo, side="left")
    last = np.searchsorted(weak, hi, side="right")
    has = stride_like & (last > first)
    # the most prominent weak peak in each such stride's middle
    best = ragged.argmax(weak_prominence, first[has], last[has])
    return np.sort(np.r_[peaks, weak[best]])


def _with_regular_weak_steps(
    peaks: np.ndarray, weak: np.ndarray, weak_prominence: np.ndarray, norm: np.ndarray, step_s: np.ndarray, fs: float
) -> np.ndarray:
    """Add weak peaks (from half the floor) that form a train of steps repeating stride after stride.

    A slow walker with little arm swing lands steps whose peaks straddle the floor at random; no single rule on a
    peak's height keeps them and keeps a car's shaking out. Their rhythm does: the weak peaks, one step apart
    (``STEP_DISTANCE`` of the local step, then of the run's own), in runs of 0.25-1.5 s steps, are kept where 6
    steps in a row repeat stride after stride (:func:`_regular_stretches`, ``MIN_STRIDE_REGULARITY``), in slow
    walking only (strides over ``SLOW_STRIDE_S``: a brisk walk's steps rise above the floor), only where no step
    is already within the run's step distance (a lower back's push-off bump between two collisions is not a
    step), and not at a stretch's ends (a simulated lower back's weight shift 0.5 s before its first heel strike
    had counted). Car rides stay out by the shaking test (:data:`MIN_STEP_TO_SHAKE`). Simulated slow walks
    (55-90 steps/min, 5-30 deg of arm swing; ``benchmarks/bench_wrist.py``): the 5th percentile of steps found
    0.80 -> 0.86 with steady steps (worst walk 0.00 -> 0.50), 0.42 -> 0.81 with steps varying by 6 % (worst
    0.17 -> 0.44).
    """
    chosen = select_by_distance(weak, weak_prominence, STEP_DISTANCE * step_s[weak] * fs)
    keep = np.isin(weak, chosen)
    weak, weak_prominence = weak[keep], weak_prominence[keep]
    if len(weak) < 7:
        return peaks
    gaps = np.diff(weak) / fs
    breaks = np.flatnonzero((gaps > 1.5) | (gaps < 0.25))
    add = []
    for a, b in zip(np.r_[0, breaks + 1], np.r_[breaks + 1, len(weak)]):  # a loop over runs of peaks
        if b - a < 7:
            continue
        step_t = _step_time_s(weak[a:b] / fs)
        if 2.0 * step_t <= SLOW_STRIDE_S:  # a brisk walk's steps rise above the floor
            continue
        run = select_by_distance(weak[a:b], weak_prominence[a:b], np.full(b - a, STEP_DISTANCE * step_t * fs))
        new = np.ones(len(run), bool)  # no step found by the floor stands for it
        if len(peaks):
            j = np.searchsorted(peaks, run)  # the nearest step on either side of each
            after, before = peaks[np.minimum(j, len(peaks) - 1)], peaks[np.maximum(j - 1, 0)]
            new = np.minimum(np.abs(run - after), np.abs(run - before)) >= STEP_DISTANCE * step_t * fs
        if not new.any():  # the steps found by the floor stand for every peak of the run
            continue
        for stretch in _regular_stretches(norm, run, int(round(step_t * fs)), around=np.flatnonzero(new)):
            fresh = new[np.searchsorted(run, stretch)]
            fresh[[0, -1]] = False  # where the walk starts and stops a weak peak may be a weight shift, not a step
            add.append(stretch[fresh])
    return np.unique(np.r_[peaks, *add]) if add else peaks


def _limb_on_counted_steps(
    gyr_band: np.ndarray, acc_band: np.ndarray, i0: int, i1: int, step_n: int, fs: float
) -> str | None:
    """What an unplaced bout's rotation says of the steps counted over samples ``i0..i1``.

    ``"pedalling"``: a thigh or a foot turning a bicycle's cranks (:mod:`gaitcoach.gait.cranks`); ``"strides"``: the
    main rotation repeats at every step counted, as a limb's swing does once a stride, through more than a crank's
    angle (:data:`~gaitcoach.gait.cranks.PEDAL_SWEEP_DEG`: a shoe's or a thigh's swing; an arm that swings once a
    step, at slow walking speeds, swings less): the steps counted are one leg's strides, ``"running strides"`` where
    that leg swings at a run's cadence (:data:`~gaitcoach.gait.records.WALK_RUN_CADENCE_SPM`); None otherwise.
    ``gyr_band`` and ``acc_band``: the gyroscope and the accelerometer band-passed to gait frequencies. A bout of
    fewer than four steps is judged with the samples around it, four steps' worth (slow pedalling, 40 rev/min, made
    bouts of 3-5 "steps" between revolutions the step counter missed: 7-19 a simulated minute).
    """
    short = 4 * max(step_n, 2) - (i1 - i0)
    if short > 0:
        i0 = max(0, i0 - short // 2)
        i1 = min(len(gyr_band) - 1, i0 + 4 * max(step_n, 2))
    seg = gyr_band[i0 : i1 + 1]
    if len(seg) < 4 * max(step_n, 2):
        return None
    centred = seg - seg.mean(axis=0)
    axis = np.linalg.svd(centred, full_matrices=False)[2][0]
    rate = centred @ axis
    repeats, sweep = swing_per_step(rate, step_n, fs)
    if on_the_cranks(repeats, sweep, *rotary_acceleration(acc_band[i0 : i1 + 1], step_n, fs)):
        return "pedalling"
    if repeats >= PEDAL_STEP_CORRELATION and sweep > PEDAL_SWEEP_DEG[1]:
        # one leg's strides: a run's where the leg swings at a run's cadence (its own swing period, as placement
        # detection reads it: the counted steps of a real shoe on stairs had read 146 steps/min for its 119)
        stride_s = period_s(rate, fs, (0.6, 3.0), first_ratio=0.8, fallback_s=float("nan"))
        return "running strides" if 120.0 / stride_s > WALK_RUN_CADENCE_SPM else "strides"
    return None


def _steps_dominate(bands: tuple[np.ndarray, np.ndarray] | None, i0: int, i1: int) -> bool:
    """Whether the step band outweighs the shaking band over samples ``i0..i1`` (:data:`MIN_STEP_TO_SHAKE`)."""
    return step_to_shake(bands, i0, i1) >= MIN_STEP_TO_SHAKE


def _regular_stretches(
    norm: np.ndarray, bout: np.ndarray, step_n: int, around: np.ndarray | None = None
) -> list[np.ndarray]:
    """The runs of ``bout``'s peaks inside stretches of 6 steps that repeat stride after stride.

    A stretch counts where its stride regularity reaches MIN_STRIDE_REGULARITY. Simulated: two walks of 3 and 4
    strides at 68 steps/min with a 1 s pause and a turn, one bout of 14 peaks, read 0.26 as a whole and up to 0.9
    stretch by stretch; a car's shaking and a seated person's fidgets make no 6-peak run at all. ``around``: only
    the stretches holding one of these peaks (positions in ``bout``) are looked at.
    """
    keep = np.zeros(len(bout), bool)
    starts = np.arange(len(bout) - 6)
    if around is not None and len(starts):  # the stretches that hold one of them
        near = np.zeros(len(bout))
        near[np.asarray(around, dtype=np.int64)] = 1.0
        starts = starts[np.convolve(near, np.ones(7), mode="valid") > 0]
    for i in starts:  # a loop over the bout's steps
        if regularity(norm[bout[i] : bout[i + 6] + 1], step_n)[1] >= MIN_STRIDE_REGULARITY:
            keep[i : i + 7] = True
    edges = np.flatnonzero(np.diff(np.r_[0, keep.astype(int), 0]))  # starts and ends of the kept runs
    return [bout[a:b] for a, b in zip(edges[::2], edges[1::2])]


def analyze_wrist(rec: Recording, *, placement_given: bool = True) -> tuple[pd.DataFrame, dict[str, float]]:
    """Find steps and walking bouts in a wrist recording.

    Parameters
    ----------
    rec
        The recording (accelerometer).
    placement_given
        Whether the user said where the sensor was (a wrist). Where not (a guess, or steps counted without a
        placement), bouts of a thigh or a foot turning a bicycle's cranks are left out
        (:mod:`gaitcoach.gait.cranks`; needs the gyroscope).

    Returns
    -------
    steps, summary
        ``steps``: ``time_s`` of each step in walking bouts (side unknown); ``summary``: ``n_steps``,
        ``walking_time_s``, ``cadence_spm`` (median over bouts, each weighted by its steps), ``step_regularity``,
        ``stride_regularity``, ``running_s``: the bouts at a running cadence, left out (above
        :data:`~gaitcoach.gait.records.WALK_RUN_CADENCE_SPM`), and ``pedalling_s``: the bouts of pedalling left out.
    """
    empty = pd.DataFrame({"time_s": np.empty(0)})
    fs = float(rec.sampling_rate_hz or 0.0)
    out = {"n_steps": 0.0, "walking_time_s": 0.0, "cadence_spm": math.nan, "step_regularity": math.nan,
           "stride_regularity": math.nan, "running_s": 0.0, "pedalling_s": 0.0}  # fmt: skip
    if not rec.has_signals or fs < MIN_RATE_HZ:
        return empty, out
    times, cadences, regs, walk_s, run_s, pedal_s = [], [], [], 0.0, 0.0, 0.0
    hp = butter_sos(2, RHYTHM_HIGHPASS_HZ, fs, "highpass")
    check_pedalling = not placement_given and rec.has_gyro
    swing_band = butter_sos(2, (0.3, min(3.0, 0.45 * fs)), fs, "bandpass")
    for sig, core_lo, core_hi in iter_chunks(rec):  # hour-long pieces: bounded memory
        if len(sig) < int(3 * fs):
            continue
        t = sig.index.to_numpy()
        norm = rownorm(sig[list(ACC_COLUMNS)].to_numpy(dtype=float))
        smooth = signal.sosfiltfilt(butter_sos(2, min(3.0, 0.45 * fs), fs), norm)
        # half the spread (about the median level) of the seconds around each instant: a slow walk after a brisk
        # one keeps its steps
        spread = moving_rms(smooth - np.median(smooth), int(PROMINENCE_WINDOW_S * fs))
        floor = np.maximum(0.5 * spread, MIN_STEP_PROMINENCE_MPS2)
        # every peak once (the weaker ones may fill a slow walk's missing steps), those over the floor as steps
        candidates, found = signal.find_peaks(smooth, distance=max(1, int(0.25 * fs)), prominence=0.0)
        strong = found["prominences"] >= floor[candidates]
        peaks, prominence = candidates[strong], found["prominences"][strong]
        # and one step apart: the step around each peak (the first autocorrelation peak at least half as high as
        # the highest, STEP_RATIO), at least STEP_DISTANCE of it from a stronger peak
        # (without gravity the magnitude's level itself rises as a walk starts: in a window that holds the start,
        # that step outweighs the rhythm; RHYTHM_HIGHPASS_HZ)
        rhythm = smooth if rec.acc_includes_gravity else signal.sosfiltfilt(hp, smooth)
        step_s = local_period_s(rhythm, fs, (0.25, 1.5), first_ratio=STEP_RATIO, fallback_s=0.25 / STEP_DISTANCE)
        peaks = select_by_distance(peaks, prominence, STEP_DISTANCE * step_s[peaks] * fs)
        # the peaks from half the floor (ALTERNATE_STEP_RATIO) may be a slow walk's weaker steps
        weak = found["prominences"] >= ALTERNATE_STEP_RATIO * floor[candidates]
        peaks = _with_alternate_steps(peaks, candidates[weak], found["prominences"][weak], fs)
        peaks = _with_regular_weak_steps(peaks, candidates[weak], found["prominences"][weak], norm, step_s, fs)
        if len(peaks) < 3:
            continue
        bands = step_and_shake_bands(norm, fs)
        gyr_band, acc_band = (
            (
                signal.sosfiltfilt(swing_band, sig[list(GYR_COLUMNS)].to_numpy(dtype=float), axis=0),
                signal.sosfiltfilt(swing_band, sig[list(ACC_COLUMNS)].to_numpy(dtype=float), axis=0),
            )
            if check_pedalling
            else (None, None)
        )
        gaps = np.diff(t[peaks])
        breaks = np.flatnonzero((gaps > 1.5) | (gaps < 0.25))
        for a, b in zip(np.r_[0, breaks + 1], np.r_[breaks + 1, len(peaks)]):
            if b - a < 3:
                continue
            bout = _trim_edges(t, peaks[a:b])
            if len(bout) < 3:
                continue
            step_t = _step_time_s(t[bout])
            reg = regularity(norm[bout[0] : bout[-1] + 1], int(round(step_t * fs)))
            runs = [bout]
            if len(bout) >= 6 and not reg[1] >= MIN_STRIDE_REGULARITY:
                # not regular as a whole: keep the stretches of 6 steps that are (two short walks with a pause
                # and a turn between them run into one bout); rhythmic shaking that does not repeat stride after
                # stride anywhere is not walking
                runs = _regular_stretches(norm, bout, int(round(step_t * fs)))
            for run in runs:  # a loop over walking bouts
                if run is not bout:
                    step_t = _step_time_s(t[run])
                    reg = regularity(norm[run[0] : run[-1] + 1], int(round(step_t * fs)))
                if not _steps_dominate(bands, run[0], run[-1]):
                    continue
                if 60.0 / step_t > WALK_RUN_CADENCE_SPM:  # a run's steps (gaitcoach.gait.running): not walking
                    run_s += within_s(t[run[0]], t[run[-1]], (core_lo, core_hi))  # (this piece's part of it)
                    continue
                limb = (
                    _limb_on_counted_steps(gyr_band, acc_band, run[0], run[-1], int(round(step_t * fs)), fs)
                    if gyr_band is not None and acc_band is not None
                    else None
                )
                if limb == "pedalling":
                    pedal_s += within_s(t[run[0]], t[run[-1]], (core_lo, core_hi))
                    continue
                if limb == "running strides":  # a leg's strides at a run's pace
                    run_s += within_s(t[run[0]], t[run[-1]], (core_lo, core_hi))
                    continue
                # the steps inside this piece's core (a bout across its edge is counted once, step by step)
                mine = t[run][(t[run] >= core_lo) & (t[run] < core_hi)]
                if not len(mine):
                    continue
                times.extend(mine)
                cadences.extend([60.0 / step_t] * len(mine))  # each bout weighs by its steps
                walk_s += float(min(t[run[-1]] + step_t, core_hi) - max(t[run[0]], core_lo))
                if t[run[0]] >= core_lo:  # a bout's regularity once, in the piece where it starts
                    regs.append(reg)
    out["running_s"] = round(run_s, 1)
    out["pedalling_s"] = round(pedal_s, 1)
    if times:
        table = np.array(regs, dtype=float).reshape(-1, 2)

        def med(col: np.ndarray) -> float:
            return float(np.nanmedian(col)) if np.isfinite(col).any() else math.nan

        out.update(n_steps=float(len(times)), walking_time_s=walk_s, cadence_spm=float(np.median(cadences)),
                   step_regularity=med(table[:, 0]), stride_regularity=med(table[:, 1]))  # fmt: skip
    return pd.DataFrame({"time_s": np.asarray(times, dtype=float)}), out
