"""Gait from a sensor on the shoe: strides, heel strike and toe-off, trajectory and foot angles.

Clean-room implementation of the published methods summarised in the project's research notes:

1. **Strides** run from one mid-stance to the next ("min_vel" strides, Rampp et al. 2015, IEEE TBME
   62(4):1089, doi:10.1109/TBME.2014.2368211): the mid-swing peaks of the (low-passed) gyroscope norm mark the
   swings, one per stride (at least 0.6 of the stride period around each apart, from the norm's autocorrelation
   in 8 s windows, :mod:`gaitcoach.gait.rhythm`, so that a slow stride's push-off and swing peaks do not split it
   and a brisk walk's strides are not merged); between two swings, mid-stance is the
   centre of the 0.1 s window with the least gyroscope energy (Rampp's min_vel). Strides last 0.6-3.0 s (the
   limits of Barth et al. 2015, doi:10.3390/s150306419). Nothing depends on how the sensor is mounted.
2. **Trajectory** per stride with zero-velocity updates (Rampp 2015; Hannink et al. 2017,
   doi:10.3390/s17091940): the gyroscope's bias is taken from standing still where there is some (zero angular
   rate update), the orientation starts from gravity at mid-stance, the gyroscope is integrated
   (a vectorised quaternion scan), gravity is removed and the velocity, zero at both mid-stances, is
   de-drifted linearly before the position is integrated: stride length, clearance, speed.
3. **Axes** without a known mounting: the foot's flexion axis is the dominant rotation axis while walking
   (principal component of the gyroscope; the notes' "PCA alignment"); its sign is fixed by the walking
   direction (the foot moves forward: the idea of gaitmap's forward-sign alignment, here from the ZUPT
   displacement). The foot's long axis is perpendicular to the flexion axis in the horizontal plane.
4. **Events**: mid-swing = the fastest dorsiflexion about the flexion axis (the foot swinging forward; the
   gyroscope norm, which only bounds the strides, may peak at a brisk push-off instead); toe-off (final
   contact) = the fastest plantar flexion before mid-swing (Herzer's rule, after
   Figueiredo et al. 2018, doi:10.1109/TNSRE.2018.2868094), placed between samples at the corner where the
   lines either side meet; heel strike (initial contact) = the impact, the maximum of the acceleration
   magnitude within [-80 ms, +50 ms] of the first plantar-flexion minimum after mid-swing (Rampp 2015's
   windows, on the magnitude so that any mounting works; where the accelerometer clips, the first clipped
   sample), the heel's impact rather than a later jolt of the heel rocker (:func:`_heel_jolt`), between samples at
   the vertex of the parabola through the peak. Each stride also carries its
   mid-stance zero-velocity window.
5. **Angles**: the sole pitch is the elevation of the foot's long axis, zero at mid-stance by construction
   (Rampp 2015; gaitmap's sole angle): the foot strike angle is its value at heel strike (+ = toe up), the
   toe-off angle at toe-off. The foot progression angle is the angle between the foot's long axis and the
   stride's displacement (Wouda et al. 2021, doi:10.1186/s12984-021-00816-4), + = toe out. Because the
   measured long axis is perpendicular to the ankle's flexion axis, which is itself oblique in real feet,
   the absolute toe-out carries a person-specific offset: coach its change from the user's baseline, measure
   against a sensor axis laid along the shoe (``long_axis``), or subtract a calibration from a walk with the
   toes pointed ahead (:func:`gaitcoach.gait.foot_calibration.toe_out_offset`).
6. **Long recordings** are analysed in hour-long pieces (:mod:`gaitcoach.gait.chunks`): bounded memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import ndimage, signal

from ..model import ACC_COLUMNS, GRAVITY_MPS2, GYR_COLUMNS, Recording
from . import quaternions as quat
from . import ragged
from .chunks import iter_chunks
from .filters import butter_sos
from .records import MAX_WALKING_SPEED_MPS, WALK_RATIO_RANGE
from .rhythm import local_period_s, period_s, select_by_distance
from .running import within_s
from .stillness import gyro_clipped, standing_gyro_bias
from .stretches import core_span, walking_stretches
from .vectors import rowdot, rownorm

__all__ = [
    "FOOT_COLUMNS",
    "FootConfig",
    "FootResult",
    "STRIDE_COLUMNS",
    "TYPICAL_STRIDE_S",
    "analyze_foot",
]


def __getattr__(name: str) -> object:
    """The calibrations' former home (:mod:`gaitcoach.gait.foot_calibration` now): ``toe_out_offset`` and the rest."""
    if name in ("MIN_CALIBRATION_STRIDES", "SIDE_SEPARATION_DEG", "infer_sides", "toe_out_offset"):
        from . import foot_calibration  # imported late: it builds on this module

        return getattr(foot_calibration, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


STRIDE_COLUMNS = (
    "side", "ic_s", "fc_s", "next_ic_s", "stride_time_s", "stance_time_s", "swing_time_s", "stance_pct",
    "stride_length_m", "strike_angle_deg", "toe_off_angle_deg", "fpa_deg", "straight",
    "speed_mps", "clearance_m", "roll_through_s", "push_off_dps", "turn_deg", "level",
)  # fmt: skip


#: Extra stride columns of the foot analysis [s]: the stride's zero-velocity window in mid-stance (the 0.1 s of
#: least rotation, Rampp et al. 2015's min_vel; the trajectory is anchored there).
FOOT_COLUMNS = ("mid_stance_start_s", "mid_stance_end_s")

#: A long recording is analysed in pieces of this many seconds (:func:`~gaitcoach.gait.chunks.iter_chunks`; design
#: choice). Ten minutes at 100 Hz keep each piece's arrays within the processor's caches' reach: a simulated hour's
#: walk analysed 15 % faster than in hour-long pieces (``benchmarks/bench_foot.py``: 0.88-1.03 -> 1.15-1.17 M
#: samples/s in a fresh process), with the same events and strides (a stride across a piece's end takes its second
#: mid-stance from the margin).
FOOT_CHUNK_S = 600.0

_AXES = {"x": (1, 0, 0), "y": (0, 1, 0), "z": (0, 0, 1), "-x": (-1, 0, 0), "-y": (0, -1, 0), "-z": (0, 0, -1)}


@dataclass(frozen=True)
class FootConfig:
    """Parameters of the foot analysis (seconds and hertz: independent of the sampling rate).

    Attributes
    ----------
    swing_peak_min_dps
        Smallest mid-swing peak of the gyroscope norm that counts as a step (design choice: well below the
        250-450 deg/s of healthy and geriatric walkers in the notes' data, above standing fidgets).
    lowpass_hz
        Low-pass of the gyroscope norm for finding swings (design choice; the stride frequency is ~1 Hz).
    stride_min_s, stride_max_s
        Allowed stride duration (Barth et al. 2015).
    min_vel_window_s
        Window of the mid-stance energy minimum (Rampp et al. 2015).
    ic_before_s, ic_after_s
        Search window of the impact around the gyroscope candidate (Rampp et al. 2015: 80 ms, 50 ms).
    straight_max_turn_deg
        A stride whose heading changes more than this is a turn (design choice).
    level_max_slope
        A stride whose rise over its length is steeper than this is not level walking (design choice: stairs
        climb at 30-40 deg, a slope of 0.6-0.8; walkable ramps stay under 5 deg, 0.08; 0.25 leaves room for
        the integration drift, which reached 0.2 on the project's real level walks).
    long_axis
        Toe-out reference. None: the foot's long axis is taken perpendicular to its flexion axis (no mounting
        needed; carries the ankle axis' personal obliquity). ``"x"``, ``"y"``, ``"z"`` (or ``"-x"`` ...): the
        sensor axis the user laid along the shoe ("the phone's long edge along the shoe" is ``"y"`` for
        phones), so toe-out follows the shoe itself.
    fpa_offset_deg
        Calibration subtracted from every toe-out value, e.g. the user's own median from a baseline walk.
    min_rate_hz
        Slowest sampling rate analysed (design choice: the 5 Hz swing filter and the 50-80 ms impact window need
        at least 20 Hz; 25 Hz watch data still works).
    """

    swing_peak_min_dps: float = 100.0
    lowpass_hz: float = 5.0
    stride_min_s: float = 0.6
    stride_max_s: float = 3.0
    min_vel_window_s: float = 0.1
    ic_before_s: float = 0.08
    ic_after_s: float = 0.05
    straight_max_turn_deg: float = 20.0
    level_max_slope: float = 0.25
    long_axis: str | None = None
    fpa_offset_deg: float = 0.0
    min_rate_hz: float = 20.0


@dataclass
class FootResult:
    """Events, strides and what was found about the mounting."""

    events: pd.DataFrame
    strides: pd.DataFrame
    info: dict[str, object] = field(default_factory=dict)


def _empty(side: str | None) -> FootResult:
    ev = pd.DataFrame(
        {"time_s": np.empty(0), "event": pd.Series([], dtype=object), "side": pd.Series([], dtype=object)}
    )
    st = pd.DataFrame({c: pd.Series([], dtype=object if c == "side" else float) for c in STRIDE_COLUMNS + FOOT_COLUMNS})
    return FootResult(ev, st, {"side": side, "strides_found": 0})


#: The heel strike's impact is found in the acceleration high-passed at this [Hz] (design choice: the impact rings
#: for a few tens of milliseconds; the foot's braking in terminal swing takes about a hundred)...
IMPACT_HIGHPASS_HZ = 12.0
#: ... and timed at the magnitude's peak within this [s] of it (design choice).
IMPACT_SNAP_S = 0.02

#: A jolt is the heel's while the foot has turned no more than this [deg] down from its highest pitch after the
#: swing (design choice). The heel rocker starts at the heel's contact and ends when the forefoot lands (Perry &
#: Burnfield 2010); a jolt once the foot has turned well into it is not the heel's. On a real walk with the sensor
#: on the outer side of the shoe (gaitmap's example with motion capture, ``bench_foot.py --mocap``) the heel's jolt
#: came 0-5 deg into the turn, a second, often larger one 13-14 deg in: the largest jolt had put 12 of 27 left heel
#: strikes 40-60 ms late and read their strike angles 10 deg low (17 instead of 27; now 4 of 27, none low). The
#: markers' sole pitch falls 1.3-3.9 deg from its peak to the heel's impact; the simulator's, 6 deg.
HEEL_JOLT_TURN_DEG = 8.0
#: ... unless the foot lands flatter than this [deg] (a flat or forefoot landing: no heel rocker to tell by; the
#: largest jolt, design choice).
HEEL_ROCKER_MIN_DEG = 10.0

#: Foot flat, the end of the roll-through: the sole has come down this fraction of the way from its pitch at the heel
#: strike (design choice). The pitch settles on flat slowly, and a sensor's mid-stance zero is off by a degree or so:
#: "pitch <= 0" had been reached in 10 of 31 strides of a real walk, 0.02-0.40 s after the heel strike (median
#: 0.23 s, 21 % of the stride, a "work on it" for a healthy walker). There the markers' forefoot lands 0.11-0.13 s
#: after the heel strike (``bench_foot.py --mocap``), as the loading response's ~10 % of the gait cycle (Perry &
#: Burnfield 2010).
ROLL_FLAT_FRACTION = 0.9

#: At each mid-stance the foot rests on the ground: the acceleration's size, averaged over the zero-velocity window,
#: stays within this of 1 g [m/s²] (the acceleration-magnitude zero-velocity detector of Skog et al. 2010, IEEE
#: TBME 57:2657, doi:10.1109/TBME.2010.2060723; design choice: the project's real walks, stairs included, rest
#: within 0.03-1.3 of it, an uncalibrated phone reads 1 g a few percent off, and a foot pedalling a bicycle, never
#: at rest, swings 17-23 away from it on the simulator, the crank circle's centripetal acceleration).
MID_STANCE_REST_MPS2 = 3.0
#: ... and in one posture: the foot flat on the ground at every mid-stance (the premise of the zero-velocity update,
#: Rampp et al. 2015), so gravity reads the same way in the sensor at each. A walk whose mid-stances read it spread
#: by more than this median angle from their median direction is a sensor held or handled, not a shoe walking (design
#: choice: each walk of the real shoe recordings 1.5-8.1 deg, stairs and 180 deg turns among them; simulated walks
#: of ``bench_sweep.py`` (any mounting, slow, turning) at most 4.9; a real Axivity AX6 turned about in the hand,
#: scikit-digital-health's test file, 38 and 62).
FOOT_REST_SPREAD_MAX_DEG = 25.0

#: The stride duration Rampp et al. 2015's event windows were set for (a comfortable adult walk, ~110 steps/min).
TYPICAL_STRIDE_S = 1.1


def _heel_jolt(
    jolt: np.ndarray, w_dorsi: np.ndarray, swing: np.ndarray, b_idx: np.ndarray, lo: np.ndarray, hi: np.ndarray,
    fs: float,
) -> np.ndarray:  # fmt: skip
    """The heel's impact in each window ``[lo, hi)``.

    The largest peak of ``jolt`` from the foot's highest pitch after the swing (10 ms of leeway) until it has turned
    :data:`HEEL_JOLT_TURN_DEG` down; the largest jolt where the landing is flatter than :data:`HEEL_ROCKER_MIN_DEG` or
    no peak qualifies. The turn is the plantar flexion integrated from the end of the swing's dorsiflexion
    (``w_dorsi`` [deg/s] turning negative after ``swing``); to mid-stance (``b_idx``), where the sole is flat, it is
    the landing pitch.
    """
    largest = ragged.argmax(jolt, lo, hi)
    if len(lo) == 0:
        return largest
    top = ragged.first_true(w_dorsi < 0, swing, b_idx)  # the highest pitch: dorsiflexion ends
    top = np.where(top >= 0, top, swing)
    turned = np.cumsum(w_dorsi) / fs  # [deg]
    landing = turned[top] - turned[b_idx]  # plantar flexion from the highest pitch to flat
    idx, _ = ragged.flat_index(lo, hi)
    owner = np.repeat(np.arange(len(lo)), hi - lo)
    peak = np.r_[False, (jolt[1:-1] >= jolt[:-2]) & (jolt[1:-1] > jolt[2:]), False]
    # after the highest pitch (the heel's contact ends the dorsiflexion; before it, the swing's braking) and before
    # the foot has turned HEEL_JOLT_TURN_DEG down
    early = (peak[idx] & (idx >= top[owner] - int(round(0.01 * fs)))
             & (turned[top][owner] - turned[idx] <= HEEL_JOLT_TURN_DEG))  # fmt: skip
    candidates = np.full(len(jolt), -np.inf)
    candidates[idx[early]] = jolt[idx[early]]
    heel = ragged.argmax(candidates, lo, hi)
    return np.where((landing >= HEEL_ROCKER_MIN_DEG) & np.isfinite(candidates[heel]), heel, largest)


def _windows(g_norm: np.ndarray, fs: float, cfg: FootConfig) -> tuple[np.ndarray, np.ndarray]:
    """Mid-stance indices bounding strides, and the swing peak inside each stride window."""
    sos = butter_sos(2, cfg.lowpass_hz, fs)
    smooth = signal.sosfiltfilt(sos, g_norm) if len(g_norm) > 15 else g_norm
    # one swing peak per stride: a slow stride's push-off and swing peaks lie further apart than the shortest
    # stride, so the peaks must also lie 0.6 of the walk's own stride period apart (from the autocorrelation,
    # around each peak: a recording may hold brisk and slow walks)
    peaks, found = signal.find_peaks(smooth, height=cfg.swing_peak_min_dps, distance=max(1, int(cfg.stride_min_s * fs)))
    if len(peaks):
        # the first autocorrelation peak at least 0.6 as high as the highest (design choice: a slow stride's
        # push-off and swing peaks, 0.9 s apart, correlate at 0.3-0.4; where steps vary by 5-8 %, an 8 s window's
        # one-stride peak can fall to 0.7 of its two-stride one, and 0.8 then kept every other stride)
        period = local_period_s(smooth, fs, (cfg.stride_min_s, cfg.stride_max_s), first_ratio=0.6,
                                fallback_s=np.nan)[peaks]  # fmt: skip
        if np.isnan(period).any():  # no clear rhythm around some swings: the whole signal's, else the shortest
            whole = period_s(smooth, fs, (cfg.stride_min_s, cfg.stride_max_s), first_ratio=0.6,
                             fallback_s=cfg.stride_min_s)  # fmt: skip
            period = np.where(np.isnan(period), whole, period)
        distance = np.maximum(cfg.stride_min_s, 0.6 * period) * fs
        peaks = select_by_distance(peaks, found["peak_heights"], distance)
    none = np.empty((0, 2), np.int64), np.empty(0, np.int64)
    if len(peaks) == 0:
        return none
    w = max(1, int(round(cfg.min_vel_window_s * fs)))
    energy = np.convolve(g_norm**2, np.ones(w) / w, mode="same")
    span = int(cfg.stride_max_s * fs)
    # each swing's search range: back to the previous swing and on to the next one, if within a stride
    prev = np.r_[-(10**12), peaks[:-1]]
    nxt = np.r_[peaks[1:], 10**12]
    lo = np.where(peaks - prev <= span, prev, np.maximum(0, peaks - span // 2))
    hi = np.where(nxt - peaks <= span, nxt, np.minimum(len(g_norm) - 1, peaks + span // 2))
    keep = (peaks - lo >= 2) & (hi - peaks >= 2)
    peaks, lo, hi = peaks[keep], lo[keep], hi[keep]
    a = ragged.argmin(energy, lo, peaks)  # mid-stance before the swing (Rampp's min_vel)
    b = ragged.argmin(energy, peaks, hi)  # and after it
    ok = (b - a >= cfg.stride_min_s * fs) & (b - a <= cfg.stride_max_s * fs) & (b > peaks + 1)
    if not ok.any():
        return none
    return np.column_stack([a[ok], b[ok]]).astype(np.int64), peaks[ok].astype(np.int64)


def _cusp(y: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Offsets (-1..1 samples) of corner-shaped minima of ``y`` at samples ``k``.

    The corner is where the falling branch meets the rising one, each a line through its two samples nearest the
    corner: with the corner after ``k`` the branches are (k-1, k) and (k+1, k+2), with it before ``k`` they are
    (k-2, k-1) and (k, k+1); the hypothesis whose corner falls in its own interval wins (both: the deeper). The
    plantar-flexion velocity peaks in a corner at toe-off (the ground's push stops at once), so the lowest
    sample sits on the shallower side, and a parabola through the extremum moves the wrong way (measured:
    toe-off angle error 1.3 -> 2.3 deg at 100 Hz).
    """
    k = np.asarray(k, dtype=np.int64)
    inner = (k >= 2) & (k < len(y) - 2)
    kc = np.clip(k, 2, max(2, len(y) - 3))
    ym2, ym1, y0, yp1, yp2 = y[kc - 2], y[kc - 1], y[kc], y[kc + 1], y[kc + 2]

    def meet(xa: float, ya: np.ndarray, sa: np.ndarray, xb: float, yb: np.ndarray, sb: np.ndarray):
        # lines ya + sa (x - xa) and yb + sb (x - xb): where they cross, and how deep
        with np.errstate(divide="ignore", invalid="ignore"):
            x = (yb - ya + sa * xa - sb * xb) / (sa - sb)
        return x, ya + sa * (x - xa)

    x_after, d_after = meet(0.0, y0, y0 - ym1, 1.0, yp1, yp2 - yp1)  # corner in [0, 1]
    x_before, d_before = meet(-1.0, ym1, ym1 - ym2, 0.0, y0, yp1 - y0)  # corner in [-1, 0]
    ok_after = np.isfinite(x_after) & (x_after >= 0) & (x_after <= 1) & (y0 - ym1 < 0) & (yp2 - yp1 > 0)
    ok_before = np.isfinite(x_before) & (x_before >= -1) & (x_before <= 0) & (ym1 - ym2 < 0) & (yp1 - y0 > 0)
    pick_after = ok_after & (~ok_before | (d_after <= d_before))
    x = np.where(pick_after, x_after, np.where(ok_before, x_before, 0.0))
    return np.where(inner, x, 0.0)


def _at(series: np.ndarray, k: np.ndarray, frac: np.ndarray) -> np.ndarray:
    """Linear interpolation of ``series`` at fractional indices ``k + frac``."""
    lo = np.clip(k + np.floor(frac).astype(np.int64), 0, len(series) - 2)
    w = frac - np.floor(frac)
    return series[lo] * (1 - w) + series[lo + 1] * w


def _segment_analysis(
    sig: pd.DataFrame, fs: float, side: str | None, cfg: FootConfig, acc_limit: float, clip: np.ndarray,
    bias: np.ndarray,
):  # fmt: skip
    """One walk's strides, events and angles (``clip``: its clipped samples; ``bias``: the gyroscope's bias)."""
    t = sig.index.to_numpy()
    acc = sig[list(ACC_COLUMNS)].to_numpy(dtype=float)
    gyr = sig[list(GYR_COLUMNS)].to_numpy(dtype=float) - bias
    g_norm = rownorm(gyr)
    win, swing = _windows(g_norm, fs, cfg)
    if len(win) == 0:
        return None
    dt = 1.0 / fs
    # 1. Orientation at every sample relative to the first (one vectorised scan), and per stride from gravity.
    q_all = quat.integrate_gyro(np.radians(gyr), dt)
    half = max(1, int(0.1 * fs))
    a_idx, b_idx = win[:, 0], win[:, 1]
    # gravity at mid-stance: the accelerometer averaged over 0.1 s either side of min_vel
    csum = np.vstack([np.zeros(3), np.cumsum(acc, axis=0)])
    lo_g, hi_g = np.maximum(0, a_idx - half), np.minimum(len(acc), a_idx + half + 1)
    up_s = (csum[hi_g] - csum[lo_g]) / (hi_g - lo_g)[:, None]
    q0 = quat.from_two_vectors(up_s, np.tile([0.0, 0.0, 1.0], (len(up_s), 1)))
    # the foot rests at both mid-stances (the zero-velocity update's premise): a pedalling foot never does
    norm_sum = np.r_[0.0, np.cumsum(rownorm(acc))]
    w_rest = max(1, int(round(0.5 * cfg.min_vel_window_s * fs)))

    def off_one_g(i: np.ndarray) -> np.ndarray:
        lo, hi = np.maximum(0, i - w_rest), np.minimum(len(acc), i + w_rest + 1)
        return np.abs((norm_sum[hi] - norm_sum[lo]) / (hi - lo) - GRAVITY_MPS2)

    at_rest = np.maximum(off_one_g(a_idx), off_one_g(b_idx)) <= MID_STANCE_REST_MPS2
    lengths = b_idx - a_idx + 1
    stride_of = np.repeat(np.arange(len(win)), lengths)
    idx, _ = ragged.flat_index(a_idx, b_idx + 1)
    # world_q(i) = q0[s] ⊗ Q[a]^-1 ⊗ Q[i]
    q_w = quat.multiply(quat.multiply(q0, quat.conjugate(q_all[a_idx]))[stride_of], q_all[idx])
    acc_w = quat.rotate(q_w, acc[idx]) - np.array([0.0, 0.0, GRAVITY_MPS2])
    # 2. Velocity: trapezoidal integral within each stride, zero at both mid-stances (linear de-drift).
    first = np.r_[0, np.cumsum(lengths)[:-1]]
    inc = np.zeros_like(acc_w)
    inc[1:] = 0.5 * (acc_w[1:] + acc_w[:-1]) * dt
    inc[first] = 0.0
    vel = np.cumsum(inc, axis=0)
    vel -= np.repeat(vel[first], lengths, axis=0)
    last = first + lengths - 1
    frac = (idx - np.repeat(a_idx, lengths)) / np.repeat(np.maximum(lengths - 1, 1), lengths)
    vel -= frac[:, None] * np.repeat(vel[last], lengths, axis=0)
    pinc = np.zeros_like(vel)
    pinc[1:] = 0.5 * (vel[1:] + vel[:-1]) * dt
    pinc[first] = 0.0
    pos = np.cumsum(pinc, axis=0)
    pos -= np.repeat(pos[first], lengths, axis=0)
    disp = pos[last]
    # 3. The flexion axis (sensor frame) from the straight strides (a turn's rotation about the vertical would tilt
    # it: one 180 deg turn in a 22-stride walk moved the toe-out of every stride by 1 deg), and its sign from the
    # walking direction. A stride's turn here: the heading its start orientation's x axis gains by its end.
    x_end = quat.rotate(quat.multiply(q_w[last], quat.conjugate(q_w[first])), np.tile([1.0, 0.0, 0.0], (len(win), 1)))
    straight_s = np.abs(np.degrees(np.arctan2(x_end[:, 1], x_end[:, 0]))) < cfg.straight_max_turn_deg
    moving = g_norm > cfg.swing_peak_min_dps
    if straight_s.sum() >= 3 and not straight_s.all():
        in_straight = np.zeros(len(gyr), dtype=bool)
        in_straight[idx[np.repeat(straight_s, lengths)]] = True
        moving &= in_straight
    _, sv, vt = np.linalg.svd(gyr[moving] if moving.sum() > 10 else gyr, full_matrices=False)
    ml = vt[0]
    ml_w = quat.rotate(q0, np.tile(ml, (len(win), 1)))  # at each mid-stance, in that stride's world frame
    fwd = np.cross(np.array([0.0, 0.0, 1.0]), ml_w)  # up x right = forward (if ml points right)
    fwd[:, 2] = 0.0
    dots = rowdot(fwd[:, :2], disp[:, :2])
    sign = 1.0 if np.median(dots) >= 0 else -1.0
    ml = ml * sign  # now: rotation about +ml is dorsiflexion (toe up)
    fwd *= sign
    fwd /= np.maximum(rownorm(fwd)[:, None], 1e-12)
    w_dorsi = gyr @ ml
    # mid-swing, now that the axis and its sign are known: the fastest dorsiflexion, the foot swinging forward
    # (the gyroscope norm's peak can be the push-off instead: a real walk with a sharp 650 deg/s push-off and a
    # 450 deg/s swing had its heel strikes put on its toe-offs, stance 96 %)
    swing = ragged.argmax(w_dorsi, a_idx + 1, b_idx)
    # 4. Events in each window [mid-stance, swing peak, mid-stance]: toe-off before the swing, heel strike after.
    an = rownorm(acc)
    before, after = int(round(cfg.ic_before_s * fs)), int(round(cfg.ic_after_s * fs))
    fc = ragged.argmin(w_dorsi, a_idx, swing)  # fastest plantar flexion before the swing: toe-off
    cand = ragged.argmin(w_dorsi, swing, b_idx)  # the plantar-flexion minimum after it
    # Rampp's window reaches 80 ms back for a typical 1.1 s stride; a slower stride's loading response is slower
    # (simulated 60-75 steps/min: the strike lies 92-110 ms before the minimum, and was missed), so the reach
    # stretches with the stride; a fast stride keeps 80 ms (its terminal swing brakes the foot hard ~90 ms before
    # the minimum at 140 steps/min)
    # (the median of the stride and the two either side: a bout's last window runs on into the standing after it,
    # and a recording may hold brisk and slow walks; the whole recording's median had put a 60 steps/min walk's
    # heel strikes 50-64 ms late after a brisk walk on the simulator)
    typical = pd.Series(b_idx - a_idx).rolling(5, center=True, min_periods=1).median().to_numpy()
    reach = np.maximum(before, np.round(cfg.ic_before_s / TYPICAL_STRIDE_S * typical).astype(np.int64))
    lo, hi = np.maximum(swing, cand - reach), np.minimum(b_idx, cand + after + 1)
    # the impact: the sharpest jolt of the window (the acceleration high-passed at IMPACT_HIGHPASS_HZ), then the
    # magnitude's peak within IMPACT_SNAP_S of it. The heel's impact is sharp; the foot's braking at the end of a
    # fast swing is smooth but can be the larger (simulated 125 steps/min with a 13 deg strike: 4 of 14 heel
    # strikes had been put 55-65 ms early, on the braking; real heel strikes unchanged)
    # (high-passed as the acceleration less its moving mean over half a period of IMPACT_HIGHPASS_HZ)
    span = max(2, int(round(fs / (2 * IMPACT_HIGHPASS_HZ))))
    jolt_sig = rownorm(acc - ndimage.uniform_filter1d(acc, span, axis=0))
    jolt = _heel_jolt(jolt_sig, w_dorsi, swing, b_idx, lo, hi, fs)
    snap = max(1, int(round(IMPACT_SNAP_S * fs)))
    peak = ragged.argmax(an, np.maximum(lo, jolt - snap), np.minimum(hi, jolt + snap + 1))
    limit = acc_limit * 0.999
    first_clip = ragged.first_true(an >= limit, lo, hi)
    clipped = (an[peak] >= limit) & (first_clip >= 0)
    ic = np.where(clipped, first_clip, peak)  # where the accelerometer clips: the first clipped sample
    # sub-sample refinement: the impact's vertex (a parabola through the peak and its neighbours); toe-off's
    # corner from the lines either side
    ic_frac = np.where(clipped, 0.0, ragged.parabola_vertex(an, ic))
    fc_frac = _cusp(w_dorsi, fc)
    # 5. Foot long axis in each stride's world frame -> sole pitch; heading change; toe-out.
    fwd_s = quat.rotate(quat.conjugate(q0), fwd)  # the long axis in sensor coordinates, per stride
    f_world = quat.rotate(q_w, fwd_s[stride_of])
    pitch = np.degrees(np.arcsin(np.clip(f_world[:, 2], -1, 1)))
    loc_ic = first + (ic - a_idx)
    loc_fc = first + (fc - a_idx)
    heading_end = np.degrees(np.arctan2(f_world[last, 1], f_world[last, 0]))
    heading_start = np.degrees(np.arctan2(fwd[:, 1], fwd[:, 0]))
    turn = (heading_end - heading_start + 180.0) % 360.0 - 180.0
    walk_dir = np.degrees(np.arctan2(disp[:, 1], disp[:, 0]))
    foot_dir = heading_start
    if cfg.long_axis is not None:  # the user strapped the phone with this axis along the shoe
        axis = quat.rotate(q0, np.tile(np.asarray(_AXES[cfg.long_axis], float), (len(win), 1)))
        axis[:, 2] = 0.0
        flip = rowdot(axis[:, :2], fwd[:, :2]) < 0
        axis[flip] *= -1.0
        foot_dir = np.degrees(np.arctan2(axis[:, 1], axis[:, 0]))
    out_angle = (foot_dir - walk_dir + 180.0) % 360.0 - 180.0  # + = foot turned left of the walking line
    fpa = (out_angle if side != "right" else -out_angle) - cfg.fpa_offset_deg
    clearance = ragged.reduce_max(pos[:, 2], first, last + 1) - np.minimum(pos[first, 2], pos[last, 2])
    # roll-through: heel strike to foot flat, the heel rocker ROLL_FLAT_FRACTION of the way done (a landing flat or
    # on the toes: none)
    pitch_ic = _at(pitch, loc_ic, ic_frac)
    flat_pitch = (1.0 - ROLL_FLAT_FRACTION) * np.maximum(pitch_ic, 0.0)
    flat_at = ragged.first_true(pitch <= flat_pitch[stride_of], loc_ic, last + 1)
    roll = np.where(flat_at >= 0, (flat_at - loc_ic) * dt, np.nan)
    return {
        "t": t, "win": win, "ic": ic, "fc": fc, "disp": disp,
        "ic_t": t[ic] + ic_frac / fs, "fc_t": t[fc] + fc_frac / fs,
        "pitch_ic": pitch_ic, "pitch_fc": _at(pitch, loc_fc, fc_frac),
        "fpa": fpa, "turn": turn, "clearance": clearance, "roll": roll, "push": -w_dorsi[fc],
        "clipped": ragged.reduce_max(clip.astype(float), a_idx, b_idx + 1) > 0, "at_rest": at_rest,
        "pca_ratio": float(sv[0] ** 2 / np.sum(sv**2)), "ml": ml,
        "up": up_s.mean(0) / np.linalg.norm(up_s.mean(0)), "up_s": up_s,
    }  # fmt: skip


_PER_WINDOW = ("win", "ic", "fc", "disp", "ic_t", "fc_t", "pitch_ic", "pitch_fc", "fpa", "turn", "clearance", "roll",
               "push", "clipped", "at_rest", "up_s")  # fmt: skip


def rest_spread_deg(up: np.ndarray) -> float:
    """How far the directions of gravity at a walk's rests lie from their common one: the median angle [deg].

    Parameters
    ----------
    up
        Gravity at each rest in the sensor's frame, shape (n, 3) (any length).

    Returns
    -------
    float
        The median angle between each direction and their median direction (the normalised per-axis median), NaN
        for none. See :data:`FOOT_REST_SPREAD_MAX_DEG`.
    """
    if not len(up):
        return float("nan")
    u = up / np.maximum(rownorm(up)[:, None], 1e-12)
    centre = np.median(u, axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-12)
    return float(np.median(np.degrees(np.arccos(np.clip(u @ centre, -1.0, 1.0)))))


def _subset(r: dict, keep: np.ndarray) -> dict:
    """The per-stride-window arrays of a segment's results, only where ``keep``."""
    return {k: (v[keep] if k in _PER_WINDOW else v) for k, v in r.items()}


def _walks(
    sig: pd.DataFrame, gyr: np.ndarray, fs: float, side: str | None, cfg: FootConfig, acc_limit: float,
    clip: np.ndarray, bias: np.ndarray,
) -> list[tuple[dict, tuple[int, int]]]:  # fmt: skip
    """Each walk's analysis (:func:`_segment_analysis`) and its span ``lo:hi`` in ``sig``.

    ``gyr``: the gyroscope, its bias removed (the walks are found by its swings,
    :func:`~gaitcoach.gait.stretches.walking_stretches`). Simulated: a phone strapped on again at another angle
    between two walks had read one walk's toe-out -170 deg and lost 7 of its 11 strides, one axis serving both.
    """
    out = []
    for lo, hi, _, _ in walking_stretches(gyr, fs, lowpass_hz=cfg.lowpass_hz, peak_min_dps=cfg.swing_peak_min_dps,
                                          stride_min_s=cfg.stride_min_s, stride_max_s=cfg.stride_max_s):  # fmt: skip
        if hi - lo < int(2 * cfg.stride_min_s * fs):
            continue
        r = _segment_analysis(sig.iloc[lo:hi], fs, side, cfg, acc_limit, clip[lo:hi], bias)
        if r is not None:
            out.append((r, (lo, hi)))
    return out


def analyze_foot(rec: Recording, *, side: str | None = None, config: FootConfig | None = None) -> FootResult:
    """Analyse a recording of a sensor on one shoe.

    Parameters
    ----------
    rec
        The recording (accelerometer and gyroscope needed).
    side
        ``"left"`` or ``"right"`` (default: the recording's side); toe-out is signed per side.
    config
        Parameters (defaults: :class:`FootConfig`).

    Returns
    -------
    FootResult
        ``events`` (``time_s``, ``event``, ``side``), ``strides`` (:data:`STRIDE_COLUMNS` and
        :data:`FOOT_COLUMNS`), and ``info``
        (flexion axis in sensor coordinates, how dominant it is, strides found, not-level strides).
    """
    cfg = config or FootConfig()
    side = side or rec.side
    if not rec.has_signals or not rec.has_gyro or not rec.sampling_rate_hz or rec.sampling_rate_hz < cfg.min_rate_hz:
        return _empty(side)
    fs = float(rec.sampling_rate_hz)
    acc_limit = float(np.abs(rec.signals[list(ACC_COLUMNS)].to_numpy()).max())
    label = side or "unknown"
    events, rows = [], []
    info: dict[str, object] = {"side": side}
    n_clipped, running_s, unsteady_s = 0, 0.0, 0.0
    bias = np.zeros(3)
    for sig, core_lo, core_hi in iter_chunks(rec, chunk_s=FOOT_CHUNK_S):  # memory bounded for a day's recording
        if len(sig) < int(2 * cfg.stride_min_s * fs):
            continue
        gyr = sig[list(GYR_COLUMNS)].to_numpy(dtype=float)
        # (a piece of continuous walking, never still, keeps the bias of the standing before it)
        bias = standing_gyro_bias(gyr, sig[list(ACC_COLUMNS)].to_numpy(dtype=float), fs, default=bias)
        clip = gyro_clipped(gyr)
        # walk by walk: a phone strapped on again another way round between walks finds its axes in each
        for r, (lo, hi) in _walks(sig, gyr - bias, fs, side, cfg, acc_limit, clip, bias):  # a loop over walks
            w_lo, w_hi = core_span(sig.index.to_numpy(), lo, hi, (core_lo, core_hi), fs)
            starts = r["t"][r["win"][:, 0]]
            # the toe-off and the heel strike inside the window, not on its edge: a recording that starts (or
            # resumes after a gap) in push-off has no mid-stance before its first swing, and its "toe-off" would be
            # the edge
            inside = (r["fc"] > r["win"][:, 0] + 1) & (r["ic"] < r["win"][:, 1] - 1)
            usable = inside & r["at_rest"]
            # the piece reports the windows that start in its core, and the strides that start there (a stride
            # across the core's end takes its second window from the margin)
            core = ((starts >= w_lo) & (starts < w_hi))[usable]
            r = _subset(r, usable)
            if not core.any():
                continue
            if rest_spread_deg(r["up_s"]) > FOOT_REST_SPREAD_MAX_DEG:  # no shoe's rests: a sensor held or handled
                unsteady_s += within_s(
                    float(r["t"][r["win"][0, 0]]), float(r["t"][r["win"][-1, 1]]), (core_lo, core_hi)
                )
                continue
            info.update(
                mounting_axis_flexion=r["ml"].round(3).tolist(),
                flexion_axis_share=round(r["pca_ratio"], 3),
                gravity_at_rest=r["up"].round(3).tolist(),
            )
            walk_events = pd.DataFrame({
                "time_s": np.column_stack([r["fc_t"][core], r["ic_t"][core]]).ravel(),
                "event": np.tile(["FC", "IC"], int(core.sum())), "side": label,
            })  # fmt: skip
            # stride k: IC_k -> IC_{k+1}, toe-off FC_{k+1}, swing of window k+1; only for adjacent windows; its
            # mid-stance is where window k ends and k+1 begins
            half_window = 0.5 * max(1, int(round(cfg.min_vel_window_s * fs))) / fs
            k = np.flatnonzero((r["win"][:-1, 1] == r["win"][1:, 0]) & core[:-1])
            ic0, ic1, fc1 = r["ic_t"][k], r["ic_t"][k + 1], r["fc_t"][k + 1]
            d = r["disp"][k + 1]
            stride_t = ic1 - ic0
            length = np.hypot(d[:, 0], d[:, 1])
            fast = (length / stride_t)[~(r["clipped"][k] | r["clipped"][k + 1])]
            # a run (gaitcoach.gait.running): faster than anyone walks, with steps a runner takes (strides longer
            # still for their cadence are no one's: a file read at half its sampling rate, left to the session's
            # check, gaitcoach.analysis)
            ratio = np.median(length) / 2.0 / (120.0 / np.median(stride_t)) if len(length) else 0.0
            if len(fast) >= 2 and np.median(fast) > MAX_WALKING_SPEED_MPS and ratio <= WALK_RATIO_RANGE[1]:
                running_s += within_s(ic0[0], ic1[-1], (core_lo, core_hi))
                continue
            events.append(walk_events)
            # where the gyroscope clipped, the integrated orientation and path are wrong: no angles, length or turn
            # (the events come from the rates' shape and stay; simulated at a 250 deg/s range: strike angle 7 deg
            # for 20, stride length 0.66 m for 1.15, events within 5 ms)
            bad = r["clipped"][k] | r["clipped"][k + 1]
            n_clipped += int(bad.sum())
            nan = np.where(bad, np.nan, 1.0)
            rows.append(pd.DataFrame({
                "side": label, "ic_s": ic0, "fc_s": fc1, "next_ic_s": ic1, "stride_time_s": stride_t,
                "stance_time_s": fc1 - ic0, "swing_time_s": ic1 - fc1, "stance_pct": 100 * (fc1 - ic0) / stride_t,
                "stride_length_m": length * nan, "strike_angle_deg": r["pitch_ic"][k] * nan,
                "toe_off_angle_deg": r["pitch_fc"][k + 1] * nan, "fpa_deg": r["fpa"][k + 1] * nan,
                "straight": ~bad & (np.abs(r["turn"][k + 1]) < cfg.straight_max_turn_deg),
                "speed_mps": length / stride_t * nan, "clearance_m": r["clearance"][k + 1] * nan,
                "roll_through_s": r["roll"][k] * nan, "push_off_dps": r["push"][k + 1] * nan,
                "turn_deg": r["turn"][k + 1] * nan,
                "level": bad | (np.abs(d[:, 2]) <= cfg.level_max_slope * np.maximum(length, 1e-6)),
                "mid_stance_start_s": r["t"][r["win"][k + 1, 0]] - half_window,
                "mid_stance_end_s": r["t"][r["win"][k + 1, 0]] + half_window,
            }))  # fmt: skip
    if running_s:
        info["running_s"] = round(running_s, 1)
    if unsteady_s:
        info["unsteady_s"] = round(unsteady_s, 1)
    if not events:
        out = _empty(side)
        out.info.update({k: v for k, v in info.items() if k in ("running_s", "unsteady_s")})
        return out
    ev = pd.concat(events, ignore_index=True).sort_values("time_s", kind="stable")
    st = pd.concat(rows, ignore_index=True)[list(STRIDE_COLUMNS + FOOT_COLUMNS)] if rows else _empty(side).strides
    info["strides_found"] = len(st)
    info["not_level_strides"] = int((~st["level"].astype(bool)).sum()) if len(st) else 0
    info["gyro_clipped_strides"] = n_clipped
    return FootResult(ev.reset_index(drop=True), st, info)
