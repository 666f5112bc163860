"""Where was the sensor worn? A rule-based guess from the signal, with how sure it is.

The rules follow what each segment does while walking (DESIGN §1 and Perry & Burnfield 2010): a foot turns
fast (mid-swing peaks of 300-600 deg/s) and takes the heel-strike impact (4-9 g on the instep); a thigh swings
at 110-300 deg/s with smaller impacts; the lower back rocks slowly about horizontal axes (under about 70 deg/s in
the gait band; its turns, about the vertical, are left out so that a 180 deg turn does not read as a swing).
The lower back also sweeps through only a few degrees in the gait band, where an arm or a thigh sweeps
through 13 degrees and more. An arm swings about one axis, as long forward as back; a thigh flexes in the
shorter swing phase; a lower back rotates about several axes. So a swing about one axis that is even is taken
as a wrist (confidence 0.6: the rule rests on the simulator's arm and on real thighs and lower backs; a wrist's
analysis claims only steps, cadence and regularity), an even one is never taken as a thigh, a one-axis one never
as a lower back; nor is a swing that turns back and forth once for every step of the acceleration's rhythm
through a crank's angle taken for a wrist: a thigh turning a bicycle's cranks (simulated rides 37-39 deg, +1.0
one step apart; walking arms -0.44..-0.57), which had been (0.6), nor a foot on the pedal, whose acceleration
turns round the pedal's circle once a step (:mod:`gaitcoach.gait.cranks`), which had been too. Other wrists are
left to the user; an accelerometer-only recording from a Garmin watch (the FIT file's device) is taken as a wrist.
A foot rests flat on the ground at every mid-stance: a sensor whose quietest instants find gravity spread more than
:data:`~gaitcoach.gait.foot.FOOT_REST_SPREAD_MAX_DEG` (the foot analysis' own test) is never taken for a foot,
however fast it turns (the real shoes 1.1-4.7 deg here, simulated ones under 0.6; a real Axivity AX6 turned about in
the hand 46, which had been taken for a shoe); nor is a limb swinging at a run's cadence (its own swing period, over
:data:`~gaitcoach.gait.records.WALK_RUN_CADENCE_SPM`) without a foot's hard landings (under
:data:`FOOT_IMPACT_MPS2`): a thigh running (simulated, 2.3-2.4 g) had been taken for a shoe. A recording is walking
enough to judge when some segment turns at 20 deg/s, or at 10 deg/s with an acceleration that repeats stride after
stride (a slow walker's trunk; the stride regularity of Moe-Nilssen & Helbostad 2004,
doi:10.1016/S0021-9290(03)00233-1), and its acceleration moves at step frequencies (a seated person shifting in the
chair turns, but hardly accelerates). Thresholds are design choices set between the ranges of the simulator and of
the project's real recordings; the user's own statement always wins. The rules judge a 20-second window; a recording
is judged on up to :data:`VOTING_WINDOWS` of its most active ones, and the placement most of them tell is taken
(:func:`detect_placement`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import signal

from ..model import ACC_COLUMNS, GYR_COLUMNS, WATCH_DEVICES, Recording
from .cranks import on_the_cranks, rotary_acceleration, swing_per_step
from .filters import butter_sos
from .foot import FOOT_REST_SPREAD_MAX_DEG, rest_spread_deg
from .gravity import gravity
from .records import WALK_RUN_CADENCE_SPM
from .regularity import regularity
from .rhythm import period_s
from .spectra import welch_psd
from .vectors import rowdot, rownorm
from .wrist import MIN_STRIDE_REGULARITY

__all__ = ["PlacementGuess", "detect_placement"]


@dataclass(frozen=True)
class PlacementGuess:
    """The guessed placement, how sure it is (0-1), and the features it rests on."""

    placement: str | None
    confidence: float
    features: dict[str, float]


def _active_windows(sig: pd.DataFrame, win: int, fs: float, block: int) -> list[int]:
    """Ends (exclusive sample indices) of up to :data:`VOTING_WINDOWS` windows of ``win`` samples, most active first.

    Activity is the gyroscope norm's mean, over whole seconds; each window after the first is the most active one
    that does not overlap those before it. The recording is read in blocks of ``block`` samples (a multiple of a
    second), so that a day-long recording needs no day-long arrays (bounded memory).
    """
    step = max(1, int(round(fs)))
    block = max(step, block // step * step)
    means = []
    for start in range(0, len(sig), block):  # a loop over hour-long blocks, not samples
        part = rownorm(sig.iloc[start : start + block][list(GYR_COLUMNS)].to_numpy(dtype=float))
        n = len(part) // step * step
        means.append(part[:n].reshape(-1, step).mean(axis=1))
        if n < len(part):  # the last, partial second
            means.append(np.array([part[n:].mean()]))
    per_s = np.concatenate(means) if means else np.zeros(0)
    n_win = max(1, min(len(per_s), int(round(win / step))))
    act = np.convolve(np.nan_to_num(per_s), np.ones(n_win), mode="valid")  # the activity of each window's start
    ends = []
    for _ in range(VOTING_WINDOWS):  # a loop over a few windows
        if not len(act) or not np.isfinite(act).any():
            break
        first = int(np.argmax(act))
        ends.append(min(len(sig), (first + n_win) * step))
        act[max(0, first - n_win + 1) : first + n_win] = -np.inf  # no window overlapping this one
    return ends or [min(len(sig), win)]


def _features(sig: pd.DataFrame, fs: float, end: int, win: int) -> dict[str, float]:
    """The features of the ``win`` samples ending at ``end``, read with 10 s either side for the filters."""
    lo, hi = max(0, end - win - int(10 * fs)), min(len(sig), end + int(10 * fs))
    a, end = max(0, end - win) - lo, end - lo
    gyr = sig.iloc[lo:hi][list(GYR_COLUMNS)].to_numpy(dtype=float)
    acc = sig.iloc[lo:hi][list(ACC_COLUMNS)].to_numpy(dtype=float)
    # rotation about horizontal axes only (swinging, tilting), band-passed to the gait's 0.5-3 Hz: turns are
    # rotations about the vertical, and a lower back that turns 180 deg reads like a swinging limb in the raw
    # gyroscope
    up, _ = gravity(acc, fs)
    swing = gyr - rowdot(gyr, up)[:, None] * up
    band = butter_sos(2, (0.5, min(3.0, 0.45 * fs)), fs, "bandpass")
    osc_xyz = signal.sosfiltfilt(band, swing, axis=0)
    osc = rownorm(osc_xyz)[a:end]
    # ... and the angle it sweeps (integrated, band-passed again against drift): a few degrees for a trunk,
    # 13 deg and more for an arm or a thigh even in slow walking
    sweep = rownorm(signal.sosfiltfilt(band, np.cumsum(osc_xyz, axis=0) / fs, axis=0))[a:end]
    g = gyr[a:end]
    n = rownorm(g)
    centred = g - g.mean(0)
    _, sv, vt = np.linalg.svd(centred, full_matrices=False)
    total = float(np.sum(sv**2))
    quiet = pd.Series(n).rolling(max(2, int(0.1 * fs)), center=True, min_periods=1).max().to_numpy()
    # how much of the swing (about horizontal axes, turns left out) turns about one axis, down to a slow walk's
    # stride frequency: a limb's about its joint, a trunk's about two (it rocks forward and back at the step, side
    # to side at the stride)
    slow_band = butter_sos(2, (0.3, min(3.0, 0.45 * fs)), fs, "bandpass")
    rock = signal.sosfiltfilt(slow_band, swing, axis=0)[a:end]
    sv_rock = np.linalg.svd(rock - rock.mean(0), compute_uv=False)
    # how evenly the swing about the main axis divides between its two directions (a thigh flexes in the shorter)
    w = signal.sosfiltfilt(butter_sos(2, min(5.0, 0.45 * fs), fs), centred @ vt[0])
    moving = np.abs(w) > 20.0
    forward = float(np.mean(w[moving] > 0)) if moving.sum() >= 10 else float("nan")
    # how much the acceleration moves at step frequencies (0.6-3 Hz): a seated person's fidgets hardly do
    step_band = butter_sos(2, (0.6, min(3.0, 0.45 * fs)), fs, "bandpass")
    gait_acc_sd = float(np.std(signal.sosfiltfilt(step_band, rownorm(acc))[a:end]))
    acc_rock = signal.sosfiltfilt(slow_band, acc, axis=0)[a:end]  # (the acceleration in the swing's band)
    acc = acc[a:end]
    # a steady step rhythm in the acceleration (a slow walker's trunk turns gently, but every stride repeats)
    norm = rownorm(acc)
    freq, power = welch_psd(norm - norm.mean(), fs, min(len(norm), int(8 * fs)))
    band = (freq >= 0.6) & (freq <= 3.0)
    step_n = int(round(fs / freq[band][np.argmax(power[band])])) if band.any() and power[band].max() > 0 else 0
    stride_reg = regularity(norm, step_n)[1] if step_n >= 2 else float("nan")
    # whether the main rotation turns back and forth once for every step of the acceleration's rhythm, and through
    # how much angle, and whether the acceleration turns round once a step on a crank's circle (a thigh or a foot
    # turning a bicycle's cranks, :mod:`gaitcoach.gait.cranks`)
    rate = rock @ np.linalg.svd(rock - rock.mean(0), full_matrices=False)[2][0]
    # the limb's swing rate, once a stride: its main rotation's period (the first autocorrelation peak at least 0.8
    # of the highest, design choice: a foot's swing has strong harmonics); real shoes and thighs read their cadence
    # within a few steps/min, simulated feet within 1.2 (a walk's cadence or a run's,
    # :data:`~gaitcoach.gait.records.WALK_RUN_CADENCE_SPM`)
    stride_s = period_s(rate, fs, (0.6, 3.0), first_ratio=0.8, fallback_s=float("nan"))
    swing_spm = 120.0 / stride_s
    repeats, sweep_deg = swing_per_step(rate, step_n, fs) if step_n >= 2 else (float("nan"), float("nan"))
    turns, circle = rotary_acceleration(acc_rock, step_n, fs)
    # how the sensor rests at its quietest instants, the deepest one in each stretch of one and a half of the
    # acceleration's periods, the quieter half of those (a foot's: its mid-stances, flat on the ground, not the
    # turning points of its swing): gravity's direction there, averaged over 0.1 s either side
    quiet_n = signal.sosfiltfilt(butter_sos(2, min(5.0, 0.45 * fs), fs), n)
    rests, _ = signal.find_peaks(-quiet_n, distance=max(int(0.5 * fs), int(1.5 * step_n), 1))
    rests = rests[quiet_n[rests] <= np.median(quiet_n[rests])] if len(rests) else rests  # (the quieter half)
    half = max(1, int(0.1 * fs))
    c_acc = np.vstack([np.zeros(3), np.cumsum(acc, axis=0)])
    lo_r, hi_r = np.maximum(0, rests - half), np.minimum(len(acc), rests + half + 1)
    up_rest = (c_acc[hi_r] - c_acc[lo_r]) / np.maximum(hi_r - lo_r, 1)[:, None]
    return {
        "gyro_p95_dps": float(np.percentile(n, 95)),
        "gait_gyro_p95_dps": float(np.percentile(osc, 95)),
        "gait_sweep_p95_deg": float(np.percentile(sweep, 95)),
        "gyro_axis_share": float(sv[0] ** 2 / total) if total > 0 else float("nan"),
        "swing_axis_share": float(sv_rock[0] ** 2 / np.sum(sv_rock**2)) if np.any(sv_rock) else float("nan"),
        "still_fraction": float(np.mean(quiet < 30.0)),
        "swing_balance": min(forward, 1.0 - forward),
        "acc_p99_mps2": float(np.percentile(rownorm(acc), 99)),
        "stride_regularity": float(stride_reg),
        "gait_acc_sd_mps2": gait_acc_sd,
        "rest_spread_deg": rest_spread_deg(up_rest),
        "swing_repeats_per_step": repeats,
        "swing_sweep_deg": sweep_deg,
        "swing_cadence_spm": swing_spm,
        "acc_turns_per_step": turns,
        "acc_circle_ratio": circle,
    }


def detect_placement(rec: Recording) -> PlacementGuess:
    """Guess the placement of a recording from its most active 20-second windows, by majority.

    Each of up to :data:`VOTING_WINDOWS` windows (the most active, then the most active not overlapping those before
    it) is judged on its own, and the placement most of the windows that tell one agree on is taken (the
    majority vote over a recording's walking segments of Kunze et al. 2005, "Where am I: recognizing on-body
    positions of wearable sensors", LoCA 2005, doi:10.1007/11426646_25); where as many say one place as another,
    none is. A few seconds of running in a walk had set the one most active window's figures: a phone in the
    pocket was taken for a shoe (a 2-5 s run between two simulated walks).

    Parameters
    ----------
    rec
        The recording (accelerometer and gyroscope).

    Returns
    -------
    PlacementGuess
        ``placement`` None when the signal does not show walking clearly enough (or has no gyroscope), or its
        windows disagree; the features of the most active window that tells the placement taken (or of the most
        active one), with how many windows told a placement (``windows_telling``) and how many of them this one
        (``windows_agreeing``): the windows are judged most active first, until one placement holds a majority of
        all of them.
    """
    sig, fs = rec.signals, float(rec.sampling_rate_hz or 0.0)
    if not rec.has_gyro or fs < 10.0 or len(sig) < int(5 * fs):
        if not rec.has_gyro and rec.has_signals and WATCH_DEVICES.search((rec.device or "").lower()):
            return PlacementGuess("wrist", 0.7, {})  # a watch's own accelerometer (no gyroscope to judge by)
        return PlacementGuess(None, 0.0, {})
    win = int(min(len(sig), 20 * fs))
    guesses: list[PlacementGuess] = []
    votes: Counter[str] = Counter()
    for end in _active_windows(sig, win, fs, int(3600 * fs)):  # a loop over a few windows
        guesses.append(_judge(_features(sig, fs, end, win)))
        votes.update([guesses[-1].placement] if guesses[-1].placement else [])
        if votes and 2 * votes.most_common(1)[0][1] > VOTING_WINDOWS:  # a majority the rest cannot overturn
            break
    telling = [g for g in guesses if g.placement is not None]
    top, n_top = votes.most_common(1)[0] if votes else (None, 0)
    tally = {"windows_telling": float(len(telling)), "windows_agreeing": float(n_top)}
    if not telling:
        return PlacementGuess(None, guesses[0].confidence, {**guesses[0].features, **tally})
    if 2 * n_top <= len(telling):  # no majority
        return PlacementGuess(None, 0.3, {**guesses[0].features, **tally})
    first = next(g for g in telling if g.placement == top)
    return PlacementGuess(first.placement, first.confidence, {**first.features, **tally})


def _judge(f: dict[str, float]) -> PlacementGuess:
    """The placement one window's features tell (see the module's docstring), or None."""
    slow_walk = f["gyro_p95_dps"] >= SLOW_GYRO_DPS and f["stride_regularity"] >= MIN_STRIDE_REGULARITY
    if (f["gyro_p95_dps"] < WALK_GYRO_DPS and not slow_walk) or f["gait_acc_sd_mps2"] < GAIT_ACC_SD_MPS2:
        return PlacementGuess(None, 0.0, f)
    p95, acc99 = f["gyro_p95_dps"], f["acc_p99_mps2"]
    # a slow foot (a shuffle under 300 deg/s and 3.5 g) still sweeps through more than a thigh ever does; and a foot
    # rests flat at every mid-stance (a sensor turned about in the hand rests any way: never a foot)
    foot_sweep = f["gait_sweep_p95_deg"] >= THIGH_SWEEP_MAX_DEG
    # and a shoe at a running cadence lands hard: a limb swinging that fast with softer landings is a running thigh
    # (simulated at 145-185 steps/min: 2.3-2.4 g; it had been taken for a shoe, 0.6-0.62)
    soft_run = f["swing_cadence_spm"] > WALK_RUN_CADENCE_SPM and acc99 < FOOT_IMPACT_MPS2
    rests_flat = not f["rest_spread_deg"] > FOOT_REST_SPREAD_MAX_DEG and not soft_run
    if rests_flat and ((acc99 >= FOOT_IMPACT_MPS2 and foot_sweep) or p95 >= FOOT_GYRO_DPS):  # (a brisk thigh: 3.5 g)
        sure = 0.6 + 0.4 * min(1.0, max(acc99 / FOOT_IMPACT_MPS2, p95 / FOOT_GYRO_DPS) - 1.0)
        return PlacementGuess("foot", float(min(1.0, sure)), f)
    pendulum = f["gyro_axis_share"] >= LIMB_AXIS_SHARE
    even = f["swing_balance"] >= EVEN_SWING_BALANCE
    pedalling = on_the_cranks(
        f["swing_repeats_per_step"], f["swing_sweep_deg"], f["acc_turns_per_step"], f["acc_circle_ratio"]
    )
    if pendulum and even and not pedalling:  # an arm: one axis, forward as long as back (the least a wrong guess
        return PlacementGuess("wrist", 0.6, f)  # can claim: steps); not a thigh turning a bicycle's cranks
    trunk = min(p95, f["gait_gyro_p95_dps"])  # a turn is not a swing
    one_axis = f["swing_axis_share"] >= TRUNK_SWING_AXIS_SHARE_MAX  # a slow limb: not a trunk, whatever its rate
    if trunk < TRUNK_GYRO_DPS and f["gait_sweep_p95_deg"] < TRUNK_SWEEP_DEG and not pendulum and not one_axis:
        return PlacementGuess("lumbar", float(0.6 + 0.4 * (TRUNK_GYRO_DPS - trunk) / TRUNK_GYRO_DPS), f)
    if p95 >= THIGH_GYRO_DPS and foot_sweep and not even and rests_flat:
        return PlacementGuess("foot", 0.6, f)
    # a thigh: fast swings with leg impacts, or soft impacts but a swing that flexes in a clearly shorter phase; and
    # it sweeps less than a foot
    thigh_swing = f["swing_balance"] <= THIGH_SWING_BALANCE
    if p95 >= THIGH_GYRO_DPS and (acc99 >= THIGH_ACC_MPS2 or thigh_swing) and not even and not foot_sweep:
        return PlacementGuess("pocket", 0.6, f)
    return PlacementGuess(None, 0.3, f)  # lower back while turning, or a wrist: ask the user


#: How many of a recording's most active 20-second windows vote on its placement (design choice: a few minutes of
#: walking; each window costs a few milliseconds).
VOTING_WINDOWS = 5

#: Walking turns some body segment faster than this (design choice) ...
WALK_GYRO_DPS = 20.0
#: ... or, for a slow walker's gently turning trunk (simulated lower backs at 50-60 steps/min: 17-20 deg/s), at
#: least this with a stride rhythm as regular as the wrist's walking test asks (MIN_STRIDE_REGULARITY): fidgeting
#: and a vibrating car do not repeat stride after stride.
SLOW_GYRO_DPS = 10.0

#: ... and, either way, the acceleration's magnitude moves at step frequencies (0.6-3 Hz) by at least this SD
#: [m/s²] (design choice: real walks 0.88 and more, the slowest simulated ones, 0.21 m/s at the lower back,
#: 0.06; a seated person's fidgets and posture shifts on the simulator 0.007-0.026 with sensor noise, which had
#: turned at 20 deg/s or repeated "strides" and been taken for a lower back; standing 0.01).
GAIT_ACC_SD_MPS2 = 0.04

#: Foot: heel-strike impacts of 3.5 g and more, or mid-swing rotation of 300 deg/s and more.
FOOT_IMPACT_MPS2 = 35.0
FOOT_GYRO_DPS = 300.0
#: Lower back: the trunk turns slowly (its gait oscillations, turns left out, stay under this).
TRUNK_GYRO_DPS = 70.0
#: ... and sways through less than this in the gait band (real lower backs 2.7-7.1 deg; real thighs 14-22 deg,
#: simulated wrists 13-15 deg even at 90 steps/min, when their rate alone fell under TRUNK_GYRO_DPS).
TRUNK_SWEEP_DEG = 10.0
#: A limb swings about one axis: the first principal component of its rotation carries this share and more of the
#: gyroscope's variance (a simulated arm 0.99); a lower back rocks and turns about several (real 0.67-0.90).
LIMB_AXIS_SHARE = 0.95
#: ... and a trunk's rocking about horizontal axes (0.3-3 Hz: down to a slow walk's stride) is shared by two axes,
#: the first carrying less than this (real lower backs 0.74-0.87, simulated 0.50-0.57; real thighs 0.90-0.99, real
#: feet 0.93-0.97, simulated thighs and arms 0.98-1.0). Design choice. Without it slow simulated arms and thighs
#: that turned in the walk (whole gyroscope 0.58-0.95) rocked slowly enough to be taken for lower backs (9 of 100).
TRUNK_SWING_AXIS_SHARE_MAX = 0.95
#: A thigh flexes in the swing phase, about 40 % of the gait cycle (Perry & Burnfield 2010), and extends through
#: the rest: the shorter direction of its swing lasts under this fraction of the moving time (real thighs
#: 0.32-0.47); an arm swings forward as long as back (simulated 0.49-0.50).
EVEN_SWING_BALANCE = 0.48
#: Thigh: swings at 110 deg/s and more, with leg impacts reaching 17 m/s².
THIGH_GYRO_DPS = 110.0
THIGH_ACC_MPS2 = 17.0
#: ... or, with softer impacts, a swing whose flexion lasts at most this fraction of the moving time (the ~40 %
#: swing phase, Perry & Burnfield 2010; real thighs 0.32-0.47, arms 0.5); either way through a sweep under
#: THIGH_SWEEP_MAX_DEG (real thighs 13.6-22.3 deg in the gait band, real feet 26.6 deg and more, simulated slow
#: feet at 50-60 steps/min 29-33 deg, which turn under FOOT_GYRO_DPS and land under FOOT_IMPACT_MPS2).
THIGH_SWING_BALANCE = 0.42
THIGH_SWEEP_MAX_DEG = 25.0
