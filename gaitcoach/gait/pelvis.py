"""The pelvis from a sensor at the lower back.

Its turning rates in the trunk's frame, which way is forward, and each stride's angles (rotation range, tilt
excursion, obliquity range, and how far each side drops or rises as it swings). Used by
:mod:`gaitcoach.gait.lumbar`.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import signal

from . import ragged
from .filters import butter_sos
from .gravity import gravity_gyro_aided
from .vectors import block_means, rowcross, rowdot, rownorm

__all__ = ["FORWARD_MIN_T", "LEVER_MIN_R2", "centre_vertical", "forward_sign", "pelvis_rates", "stride_angles"]

#: Forward is the way the trunk brakes at the heel strikes when the mean braking stands out of its own spread by
#: this many standard errors (a t statistic; design choice: real HA001 recordings 5.0-12.1; on 160 randomised
#: simulated walks of 1-2 bouts of 3-14 strides the sign never came out wrong, whatever the t, and 99 % reach this;
#: the named "short bouts" walk, three bouts of two strides, reads 2.7).
FORWARD_MIN_T = 2.5

#: A sensor off the middle of the back is on a lever only where the pelvis' obliquity explains at least this share
#: of its vertical motion at the stride frequency (a coefficient of determination; design choice). A rigid lever
#: explains nearly all of it: on the simulator, with the phone clipped over a hip, 0.75-0.99 (0.00-0.07 in the
#: middle of the back). On the project's real lower-back recordings, sensors at L5, 0.01-0.44, and the lever fitted
#: there differed between two walks of one person (0.03 and 0.11 m; 0.03 and 0.19 m): not a lever, but other motion
#: of the trunk that keeps time with its obliquity.
LEVER_MIN_R2 = 0.5


def pelvis_rates(
    gyr: np.ndarray, acc: np.ndarray, up: np.ndarray, f_step: float, fs: float, walking: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Angular velocity of the pelvis about its vertical, medio-lateral and antero-posterior axes [deg/s].

    The antero-posterior axis is the horizontal direction in which the trunk accelerates most at the step
    frequency (forward acceleration oscillates once per step, sideways sway once per stride; the axis choice
    of skdh's AP detection, here by a principal component); the medio-lateral axis completes the frame
    (``up x ap``). Which way the axis points is left open: :func:`forward_sign` tells from the second value,
    the acceleration along it (low-passed at 2 Hz). The horizontal there is the gyroscope-aided one
    (:func:`~gaitcoach.gait.gravity.gravity_gyro_aided`): the pelvis' obliquity tilts gravity into the sideways
    acceleration, and in slow walking, whose forward acceleration is small, that had turned the axis toward the
    side (simulated 60-70 steps/min: 16-18 deg off, and the drop of each side read 4.3 / 4.5 deg for 3 / 6; now
    under 1 deg; real HA001 daily life 17 -> 12 deg from the sensor's forward axis, straight walks 5-8 deg). The
    axis is the walking's (``walking``): standing and pauses between walks had turned it by a few degrees, and the
    largest error of a side's drop on randomised simulated walks was 0.38 / 0.64 deg (default / slow walks), now
    0.28 / 0.26; the real recordings read the same. One axis per piece of recording (an hour): a phone clipped on
    again at another angle about the vertical between walks misreads the pelvis of one of them (a local axis of
    a few strides' walking read sides and drops worse on real daily life, where turns and shuffles swing the
    horizontal acceleration's main direction by a median 17-29 deg).

    Parameters
    ----------
    gyr, acc
        Gyroscope [deg/s] and accelerometer [m/s², gravity included], (n, 3) in the sensor's frame.
    up
        Unit vectors pointing up, (n, 3) (:func:`~gaitcoach.gait.gravity.gravity`).
    f_step
        The walk's step frequency [Hz].
    fs
        Sampling rate [Hz].
    walking
        Samples of walking (n,), whose horizontal acceleration sets the axis (default: all).

    Returns
    -------
    rates, a_ap, a_ml
        Rates about the vertical, medio-lateral and antero-posterior axes (n, 3) [deg/s]; the acceleration along
        the antero-posterior axis, low-passed (n,) [m/s²]; the sideways acceleration along ``up x ap`` (to the
        left where ``ap`` points forward), in the gyroscope-aided horizontal, so that the pelvis' obliquity does
        not tilt gravity into it (n,) [m/s²].
    """
    # (at about 25 Hz, the means of blocks of samples: the step band needs no more, and it costs a quarter)
    q = max(1, int(fs // 25.0))
    n = len(acc) // q * q
    acc_q, gyr_q = block_means(acc, q), block_means(gyr, q)
    steady = gravity_gyro_aided(acc_q, gyr_q, fs / q)
    a_h = acc_q - rowdot(acc_q, steady)[:, None] * steady
    band = [max(0.3, 0.7 * f_step), min(0.45 * fs / q, 1.3 * f_step)]
    bp = butter_sos(2, (band[0], band[1]), fs / q, "bandpass")
    a_bp = signal.sosfiltfilt(bp, a_h, axis=0)
    w_q = np.ones(len(a_bp)) if walking is None else walking[:n].reshape(-1, q).mean(axis=1)
    _, _, vt = np.linalg.svd(a_bp * w_q[:, None], full_matrices=False)
    ap = vt[0] - rowdot(vt[0], up)[:, None] * up
    ap /= np.maximum(rownorm(ap)[:, None], 1e-9)
    # each axis' rates in a column of its own (Fortran order): :func:`stride_angles` integrates them axis by axis
    rates = np.empty((len(gyr), 3), order="F")
    for k, axis in enumerate((up, rowcross(up, ap), ap)):  # a loop over the three axes
        np.einsum("ij,ij->i", gyr, axis, out=rates[:, k])
    a_ap = signal.sosfiltfilt(butter_sos(2, min(2.0, 0.45 * fs), fs), rowdot(acc, ap))
    # sideways: in the steady horizontal of each block, back to every sample (block centres, linear between)
    ml_q = rowcross(steady, vt[0] - (steady @ vt[0])[:, None] * steady)
    ml_q /= np.maximum(rownorm(ml_q)[:, None], 1e-9)
    a_ml = np.interp(np.arange(len(acc)), np.arange(len(a_h)) * q + (q - 1) / 2.0, rowdot(a_h, ml_q))
    return rates, a_ap, a_ml


def forward_sign(a_ap: np.ndarray, contacts: np.ndarray, step_s: float, fs: float) -> float:
    """+1 where the antero-posterior axis of :func:`pelvis_rates` points forward, -1 backward, 0 unknown.

    The trunk's forward acceleration turns from positive to negative at each heel strike (Zijlstra & Hof 2003,
    doi:10.1016/S0966-6362(02)00190-X: the leading leg brakes), so forward is the way in which the acceleration a
    quarter step after the ``contacts`` (steady ones: not a bout's first or last, where the walker speeds up or
    stops) lies below that a quarter step before them, where the braking stands out of its spread
    (:data:`FORWARD_MIN_T`). Then the rates' axes are forward, left and up, a right-handed frame: a positive rate
    about forward lifts the left side.

    Parameters
    ----------
    a_ap
        The acceleration along the antero-posterior axis (:func:`pelvis_rates`) [m/s²].
    contacts
        Sample indices of steady heel strikes.
    step_s
        The walk's step time [s].
    fs
        Sampling rate [Hz].

    Returns
    -------
    float
        +1, -1, or 0 where fewer than three contacts or the braking does not stand out.
    """
    w = max(1, int(round(0.25 * step_s * fs)))
    at = contacts[(contacts >= w) & (contacts < len(a_ap) - w)]
    if len(at) < 3:
        return 0.0
    brake = a_ap[at + w] - a_ap[at - w]
    t_stat = brake.mean() / max(float(brake.std(ddof=1)) / math.sqrt(len(brake)), 1e-9)
    return 0.0 if abs(t_stat) < FORWARD_MIN_T else (-1.0 if t_stat > 0 else 1.0)


def centre_vertical(
    a_v: np.ndarray, v_v: np.ndarray, obliquity_dps: np.ndarray, walking: np.ndarray, f_step: float, fs: float
) -> tuple[np.ndarray, float]:
    """The vertical acceleration of the middle of the back, from a sensor that may sit off it (a hip clip).

    A sensor a lateral distance ``d`` from the pelvis' middle rides its obliquity on that lever: it rises and falls
    by ``d sin(theta)`` over and above the trunk's bob (rigid-body kinematics), by a centimetre or more at a hip
    (``d`` about 0.15 m, obliquity +-4 deg; Perry & Burnfield 2010), against a bob of 2-5 cm per step. Where the
    obliquity is unequal from side to side ("one hip higher"), the lever's motion repeats at the step frequency
    too, and it changes each step's rise, and so the inverted pendulum's step length (simulated, 2 / 6 deg of drop
    with the phone 16 cm to either side: stride length -5 / +5 % of the middle of the back's at 110 steps/min,
    -14 / +13 % at 75, and one side's toe-offs 90 ms late; with the lever taken away, within 0.02 m and 10 ms). The
    trunk's bob repeats once per step, the obliquity once per stride, so ``d`` is fitted by least squares in the
    stride band, between the vertical velocity and the obliquity rate over the walking, and the lever's
    acceleration ``d theta''`` is taken away where it explains enough (:data:`LEVER_MIN_R2`).

    Parameters
    ----------
    a_v
        Vertical acceleration of the sensor, gravity removed [m/s²].
    v_v
        Its integral, high-passed against drift [m/s] (below the stride band).
    obliquity_dps
        Rate about the antero-posterior axis [deg/s] (:func:`pelvis_rates`; either sign convention).
    walking
        Samples of walking (n,) (between contacts under 1.5 s apart).
    f_step, fs
        The walk's step frequency and the sampling rate [Hz].

    Returns
    -------
    a_centre, d_m
        The vertical acceleration at the pelvis' middle [m/s²] (``a_v`` itself where no lever is found), and the
        lever [m] in the rate's sign convention (0 where none).
    """
    at = np.flatnonzero(walking)
    if len(at) < int(2.0 * fs / max(f_step, 1e-9)) * 2:  # fewer than two strides of walking
        return a_v, 0.0
    f_stride = f_step / 2.0
    band = butter_sos(2, (0.7 * f_stride, min(1.4 * f_stride, 0.45 * fs)), fs, "bandpass")
    v_z = signal.sosfiltfilt(band, v_v)[at]
    w = np.radians(obliquity_dps)
    w_b = signal.sosfiltfilt(band, w)[at]
    ww, zz = float(np.sum(w_b * w_b)), float(np.sum(v_z * v_z))
    if ww <= 0.0 or zz <= 0.0:
        return a_v, 0.0
    d = float(np.sum(v_z * w_b)) / ww
    r2 = 1.0 - float(np.sum((v_z - d * w_b) ** 2)) / zz
    if r2 < LEVER_MIN_R2:
        return a_v, 0.0
    return a_v - d * np.gradient(w, 1.0 / fs), d


def stride_angles(
    rates: np.ndarray,
    i0: np.ndarray,
    i1: np.ndarray,
    i2: np.ndarray,
    fs: float,
    first_left: np.ndarray | None = None,
    forward: float | np.ndarray = 1.0,
) -> np.ndarray:
    """Per stride: rotation range, tilt excursion, each half's drop, turn, obliquity range, each half's rise [deg].

    Each rate is integrated over the stride and its linear drift removed (the pelvis returns to where it was a
    stride earlier). The obliquity is measured from its value at the heel strikes, where the pelvis passes level
    (Perry & Burnfield 2010): in the first half (first foot on the ground) the other side drops; in the second half
    the first side does. The drops need the rates' frame (forward, left, up: :func:`pelvis_rates`, whose
    antero-posterior axis points ``forward`` = +1 or -1 of the way, :func:`forward_sign`) and the side of each
    stride's first contact (``first_left``; else NaN): the obliquity is zeroed at all three heel strikes,
    and a drop is how far the swinging side falls below that level, 0 where it only rises (a hip hitched to
    clear the foot; real HA001's swing side rises about as far as it drops, and taking the tilt either way had
    read 1.4-3.4 deg of "drop" there, 0.0-0.7 deg now). The fifth column is the stride's turn: the rotation about
    the vertical over the stride (before the drift removal; the pelvis' own rotation returns to zero over a
    stride); the sixth the obliquity's range over the stride; the last two how far the swinging side rises above
    level in each half (NaN with the drops).

    Parameters
    ----------
    rates
        :func:`pelvis_rates`' rates (n, 3) [deg/s].
    i0, i1, i2
        Sample indices of each stride's three heel strikes.
    fs
        Sampling rate [Hz].
    first_left
        Whether each stride's first heel strike is the left foot's (None: no drops or rises).
    forward
        :func:`forward_sign` of the rates' antero-posterior axis (+1 or -1), for all strides or each (0: unknown,
        no drops or rises for that stride).

    Returns
    -------
    numpy.ndarray
        (n strides, 8) [deg].
    """
    if len(i0) == 0:
        return np.empty((0, 8))
    # each rate's running integral, one row per axis (rows: gathers from contiguous memory, half the time)
    csum = np.zeros((3, len(rates) + 1))
    np.cumsum(np.ascontiguousarray(rates.T), axis=1, out=csum[:, 1:])
    csum /= fs
    fwd = np.broadcast_to(np.asarray(forward, dtype=float), (len(i0),))
    # strides a few hundred at a time, whose arrays stay in the processor's cache (an hour's 6400 strides: 26 against
    # 45 ms all at once; 128 at a time 42 ms, 1024 28 ms)
    parts = []
    for s in range(0, len(i0), _STRIDES_AT_ONCE):  # a loop over groups of strides
        g = slice(s, s + _STRIDES_AT_ONCE)
        parts.append(
            _stride_angles_of(csum, i0[g], i1[g], i2[g], None if first_left is None else first_left[g], fwd[g])
        )
    return np.vstack(parts)


_STRIDES_AT_ONCE = 512  # (design choice: measured, :func:`stride_angles`)


def _stride_angles_of(
    csum: np.ndarray, i0: np.ndarray, i1: np.ndarray, i2: np.ndarray, first_left: np.ndarray | None, fwd: np.ndarray
) -> np.ndarray:
    """:func:`stride_angles` of some strides, from the rates' running integrals ``csum`` (3, n + 1) [deg]."""
    flat, offsets = ragged.flat_index(i0, i2 + 1)
    n_len, half, last = i2 - i0 + 1, i1 - i0, i2 - i0
    pos = flat - np.repeat(i0, n_len)  # each sample's place in its stride
    ramp = pos / np.repeat(np.maximum(last, 1), n_len)
    total = csum[:, i2 + 1] - csum[:, i0]
    ang = np.empty((3, len(flat)))
    after = flat + 1
    for c in range(3):  # a loop over the three axes
        # integral from the stride's first sample, as the running sum did, less the stride's linear drift
        np.take(csum[c], after, out=ang[c])
        ang[c] -= np.repeat(csum[c][i0], n_len)
        ang[c] -= ramp * np.repeat(total[c], n_len)
    # (the strides lie end to end in ``ang``: each one's extremes straight from its own run of samples)
    ptp = [np.maximum.reduceat(ang[c], offsets) - np.minimum.reduceat(ang[c], offsets) for c in (0, 1, 2)]
    mid = offsets + half
    turn = csum[0, i2 + 1] - csum[0, i0]
    if first_left is None:
        nan = np.full(len(i0), np.nan)
        return np.column_stack([ptp[0], ptp[1], nan, nan, turn, ptp[2], nan, nan])
    # level at the middle heel strike too: take away a tent through its value (0 at the stride's ends), rising
    # over the stride's first half (pos / half) and falling over its second ((last - pos) / (last - half))
    halves = np.column_stack([half + 1, last - half]).ravel()
    peak_at = np.repeat(np.column_stack([np.zeros_like(last), last]).ravel(), halves)
    rise_run = np.column_stack([np.maximum(half, 1), np.maximum(last - half, 1)]).ravel()
    tent = np.abs(pos - peak_at) / np.repeat(rise_run, halves)
    level = ang[2] - tent * np.repeat(ang[2][mid], n_len)  # + = left higher where the axis points forward
    # the first side's height above level (NaN where which way is left is not known): the other side drops in the
    # stride's first half, then the first side in its second half
    first_up = level * np.repeat(np.where(fwd == 0, np.nan, np.where(first_left, fwd, -fwd)), n_len)
    # each half's highest and lowest (its ranges end to end in ``first_up``, overlapping at the middle heel strike)
    in_first = np.column_stack([offsets, mid + 1]).ravel()
    in_second = np.column_stack([mid, offsets + n_len]).ravel()[:-1]
    hi1, lo1 = np.maximum.reduceat(first_up, in_first)[::2], np.minimum.reduceat(first_up, in_first)[::2]
    hi2, lo2 = np.maximum.reduceat(first_up, in_second)[::2], np.minimum.reduceat(first_up, in_second)[::2]
    return np.column_stack([ptp[0], ptp[1], hi1, -lo2, turn, ptp[2], -lo1, hi2])
