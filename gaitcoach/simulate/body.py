"""Pelvis, thigh and arm kinematics: what a lower-back, trouser-pocket or wrist sensor rides on.

* Pelvis (lower back): the centre of mass moves forward along the footfalls, rises and falls twice per stride
  as an inverted pendulum, with the vertical acceleration a lower-back sensor shows around the contacts (the
  collision after each heel strike, the drop into single support after the other foot's toe-off; measured on the
  project's real recordings, :func:`_vertical_profile`); the peak-to-peak rise ``h`` follows
  Zijlstra & Hof 2003 (Gait Posture 18:1, doi:10.1016/S0966-6362(02)00190-X): step = K x 2 sqrt(2 l h - h²)
  with ``l`` the sensor height and K = 4.587 / 4, the constant the analysis uses (mobgap's, trained on
  Mobilise-D data): simulated stride lengths check how well the analysis measures ``h``, not the constant,
  which only real data can check — and sways once per stride toward the stance foot. It drops on the swing side
  (obliquity, per-side ``pelvic_drop_deg``), tilts twice per stride and rotates once per stride with the leg
  that swings forward (Perry & Burnfield, *Gait Analysis*, 2nd ed. 2010). The shoulders ride its bob smoothed.
* Thigh (pocket): flexed at heel strike, extends through stance to its peak extension just after the other
  foot lands (``hip_extension_deg``), flexes through pre-swing and swing and eases back before the heel strike:
  the shape of the sagittal hip angle in Perry & Burnfield, at the phases and sizes of the project's real thigh
  recordings (:data:`_THIGH_KNOTS_DEG`).
* Arm (wrist): swings once per stride, in phase with the opposite leg.
All motions fade in as a bout starts and out after its last step (the pelvis over a stride, its first heel strike
landing softer; a thigh stands until its first toe-off and stays in stance after its last landing).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.interpolate import CubicSpline, PchipInterpolator

from .curves import quintic, rot_x, rot_y, rot_z
from .spec import WalkSpec
from .timeline import Timeline

__all__ = ["arm_pose", "pelvis_pose", "thigh_pose"]

PENDULUM_K = 4.587 / 4  # inverted-pendulum correction factor (see the module docstring)
#: The walking speed at which a heel strike's transient has the spec's ``impact_g`` [m/s]: the default walk's
#: (1.4 m strides at 110 steps/min).
IMPACT_SPEED_MPS = 1.4 * 110.0 / 120.0
_SWAY_M = 0.04  # mediolateral CoM excursion, peak to peak [m]
_SPEED_SWING = 0.08  # forward speed fluctuation, fraction of the mean speed
_HIP_WIDTH_M = 0.09
_SHOULDER_ABOVE_HIP_M = 0.5
_SHOULDER_WIDTH_M = 0.19
_ARM_LENGTH_M = 0.62


class _Phases:
    """Continuous step count and per-foot stride phase, plus the walking envelope."""

    def __init__(
        self, spec: WalkSpec, tl: Timeline, stop_s: float = -0.1, start_strides: float = 0.6, lead_strides: float = 0.0
    ) -> None:
        """Phases of ``tl``'s walk.

        ``stop_s``: where the motion starts to fade after a bout's last heel strike [strides];
        ``start_strides``: how long it takes to fade in [strides], from ``lead_strides`` before a bout's first
        toe-off.
        """
        self.tl = tl
        ic = tl.ic_all
        self.bouts = tl.bout_spans
        env_t, env_p = [-1.0], [0.0]
        for first_fc, last_ic in tl.bout_spans:
            begin = max(first_fc - lead_strides * tl.stride_time, env_t[-1] + 0.05)
            env_t += [
                begin,
                begin + start_strides * tl.stride_time,
                last_ic + stop_s * tl.stride_time,
                last_ic + (stop_s + 0.5) * tl.stride_time,
            ]
            env_p += [0.0, 1.0, 1.0, 0.0]
        env_t.append(tl.t_end + 2.0)
        env_p.append(0.0)
        self.env = (np.array(env_t), np.array(env_p), np.zeros(len(env_t)), np.zeros(len(env_t)))
        self.ic = ic
        # step count through the ICs, extended at a constant rate before and after each stretch of walking. Where
        # the motion has faded out between two bouts, each has its own spline: one spline across the standing
        # between had slowed the count near the next bout's first heel strike, which played its collision back
        # 20 ms late and stretched (simulated lower-back heel strikes of later bouts read 21 ms late)
        self.count: list[tuple[float, CubicSpline]] = []  # (from this time on, the spline)
        cut = [0] + [int(np.searchsorted(ic, a)) for a, b in zip(env_t[5::4], env_t[4:-1:4]) if a > b] + [len(ic)]
        for lo, hi in zip(cut[:-1], cut[1:]):
            part = ic[lo:hi]
            if len(part) < 2:
                continue
            t = np.r_[part[0] - 2 * (part[1] - part[0]), part, part[-1] + 2 * (part[-1] - part[-2])]
            n = np.r_[lo - 2.0, np.arange(lo, hi, dtype=float), hi + 1.0]
            start = -np.inf if not self.count else 0.5 * (ic[lo - 1] + ic[lo])
            self.count.append((start, CubicSpline(t, n)))
        self.left_first = bool(len(ic) and tl.stances["left"][1].ic == ic[0]) if len(tl.stances["left"]) > 1 else False

    def envelope(self, t: np.ndarray) -> np.ndarray:
        return np.clip(quintic(t, *self.env), 0.0, 1.0)

    def step(self, t: np.ndarray) -> np.ndarray:
        """Steps since the first IC (integer at every IC)."""
        t = np.asarray(t, dtype=float)
        if not self.count:
            return np.zeros_like(t)
        which = np.searchsorted([start for start, _ in self.count], t, side="right") - 1
        out = np.empty_like(t)
        for k, (_, spline) in enumerate(self.count):  # a loop over bouts
            here = which == k
            out[here] = spline(t[here])
        return out

    def left_phase(self, t: np.ndarray) -> np.ndarray:
        """Stride phase of the left foot [0..2 per stride in step units]: 0 at a left IC."""
        # The right foot leads each bout, so left ICs are the odd steps.
        return self.step(t) - (0.0 if self.left_first else 1.0)


def _centre(tl: Timeline, t: np.ndarray) -> np.ndarray:
    return quintic(t, tl.centre_t, tl.centre_xy, tl.centre_v, np.zeros_like(tl.centre_xy))


def _heading(tl: Timeline, t: np.ndarray) -> np.ndarray:
    z = np.zeros_like(tl.heading)
    return quintic(t, tl.heading_t, tl.heading, z, z)


#: Lower-back vertical acceleration [m/s²] against the time from a heel strike, from the other foot's toe-off and
#: to the next heel strike [s]: the mean of HA001 Test5 around Stereophoto's contacts (see _vertical_profile),
#: every 10 ms within 40 ms of the heel strike. (With knots every 30 ms the rise had two equally steep stretches,
#: -30..0 and 0..+30 ms, where the real mean rises steepest within 10 ms of the contact: a lower-back detector's
#: steepest rise jumped between them, +-17 ms from step to step.)
_AFTER_IC = ((0.0, 2.18), (0.01, 2.86), (0.02, 3.2), (0.03, 3.24), (0.06, 2.72), (0.09, 1.38), (0.12, 0.34))
_AROUND_FC = ((0.0, -0.7), (0.06, 0.35), (0.12, -1.9))
_BEFORE_IC = ((0.15, -1.18), (0.12, -0.74), (0.09, 0.03), (0.06, 0.64), (0.04, 0.88), (0.02, 1.1), (0.01, 1.48))
_SINGLE_SUPPORT = -1.4


def _step_knots(step_s: float, double_support_s: float) -> list[tuple[float, float]]:
    """Vertical acceleration knots of one step [(s from its heel strike, m/s²)] (see :func:`_vertical_profile`).

    Where the step is too short for all of them (a short double support, a quick step), the knots nearer the
    toe-off give way: the heel strike's decay (its collision, the first 60 ms, stays), then the toe-off's, then
    the next heel strike's rise.
    """
    fc = float(np.clip(double_support_s, 0.03, 0.6 * step_s))
    gap = 0.025
    knots = [(t, a) for t, a in _AFTER_IC if t < fc - gap or t <= 0.06]  # the collision itself stays whole
    knots += [(fc + t, a) for t, a in _AROUND_FC if fc + t > knots[-1][0] + gap]
    before = [(step_s - t, a) for t, a in _BEFORE_IC]
    mid = 0.5 * (knots[-1][0] + before[0][0])
    if before[0][0] - knots[-1][0] > 4 * gap:
        knots.append((mid, _SINGLE_SUPPORT))
    return knots + [(t, a) for t, a in before if t > knots[-1][0] + gap]


def _vertical_profile(
    steps: tuple[tuple[float, float], tuple[float, float]], phase_of: Callable[[np.ndarray], np.ndarray] | None = None
) -> CubicSpline:
    """Height of the centre of mass over one stride, 0 at its lowest, 1 at its top, against the stride phase.

    ``steps`` holds the stride's two steps, each ``(duration_s, double_support_s)``: phase 0-1 is the first step
    (from a heel strike to the other foot's), 1-2 the second; the toe-off of the foot behind lies
    ``double_support_s`` after each heel strike. Built from the lower-back vertical acceleration (Newton: the
    vertical ground reaction force over the mass, minus gravity) as the sensor sees it around the contacts: it
    rises through the last 100 ms of single support, peaks 30 ms after the heel strike (the leading leg's
    collision, Kuo 2007, doi:10.1016/j.humov.2007.04.003; the loading response of Perry & Burnfield, *Gait
    Analysis*, 2nd ed. 2010), falls within 100 ms, stays near body weight through the rest of double support
    with a small push-off bump just after the other foot's toe-off, and drops below body weight within 100 ms of
    that toe-off, as single support begins. Knot times (seconds from the contacts) and levels [m/s²] are the
    mean of the project's real recordings HA001 Test5 around their Stereophoto contacts (``benchmarks/
    bench_sim_vs_real.py`` prints both side by side): peak +3.3, single support -1.6..-1.1. The acceleration is
    integrated twice (no net climb over a stride) and the height scaled to 0..1, so the pendulum's rise sets the
    amplitude. ``phase_of`` maps the time since a left heel strike to the walk's stride phase (default: linear in
    each step), so that the height played back against that phase has the acceleration designed here. (Was a
    cosine plus the collision, with no toe-off in it: its broad peak put the wavelet's toe-off 50 ms late.)
    """
    (t1, ds1), (t2, ds2) = steps
    stride = t1 + t2
    k1, k2 = np.array(_step_knots(t1, ds1)).T, np.array(_step_knots(t2, ds2)).T
    tt = np.linspace(0.0, stride, 8001)
    dt = tt[1] - tt[0]
    first = tt < t1
    single = k2[1] <= _SINGLE_SUPPORT  # the second step's single-support knots

    def height(gain: float) -> np.ndarray:
        k_t, k_a = np.r_[k1[0], t1 + k2[0]], np.r_[k1[1], np.where(single, gain, 1.0) * k2[1]]
        k_t, k_a = np.r_[k_t - stride, k_t, k_t + stride], np.r_[k_a, k_a, k_a]  # periodic over the stride
        acc = PchipInterpolator(k_t, k_a)(tt)  # monotone between knots: no overshoot
        acc -= np.trapezoid(acc, tt) / stride  # no net change of vertical speed over a stride
        vel = np.concatenate([[0.0], np.cumsum(0.5 * (acc[1:] + acc[:-1]) * dt)])
        vel -= np.trapezoid(vel, tt) / stride  # periodic: no net climb over the stride
        z = np.concatenate([[0.0], np.cumsum(0.5 * (vel[1:] + vel[:-1]) * dt)])
        return z - np.linspace(0.0, z[-1] - z[0], len(z))  # the numerical integral's residual drift

    def unequal(gain: float) -> float:
        z = height(gain)
        return float(np.ptp(z[first]) / np.ptp(z[~first]) - 1.0)

    # equal steps ride one pendulum: the second step's single support is deepened or eased until both steps rise
    # alike (unequal step times would otherwise rise unequally); the contacts' shapes are left as they are
    g0, g1 = 1.0, 1.1
    r0, r1 = unequal(g0), unequal(g1)
    for _ in range(6):  # secant steps
        if abs(r1) < 1e-4 or r1 == r0:
            break
        g0, g1, r0 = g1, g1 - r1 * (g1 - g0) / (r1 - r0), r1
        r1 = unequal(g1)
    z = height(g1)
    z = (z - z.min()) / np.ptp(z)
    z[-1] = z[0]
    phase = phase_of(tt) if phase_of is not None else np.where(tt < t1, tt / t1, 1.0 + (tt - t1) / t2)
    return CubicSpline(phase, z, bc_type="periodic")


def _pelvis_phases(spec: WalkSpec, tl: Timeline) -> _Phases:
    """The pelvis' phases and envelope.

    Its motion fades in over a stride from a bout's first toe-off: gait initiation brakes the centre of mass'
    fall before the first heel strike, which lands softer than the steady ones (Yiou et al. 2017,
    doi:10.5312/wjo.v8.i11.815; on the project's real lower-back recordings the first collision is about a third
    of the later ones, ``benchmarks/bench_sim_vs_real.py``). It fades out only after the last heel strike's
    collision (50 ms later at 110 steps/min): a walk's last contact loads the leg like any other.
    """
    return _Phases(spec, tl, stop_s=0.05, start_strides=1.0)


def collision_gains(spec: WalkSpec, tl: Timeline, ic_times: np.ndarray) -> np.ndarray:
    """How hard each heel strike lands at the lower back (1 for a steady step of the default walk).

    Parameters
    ----------
    spec
        The walk.
    tl
        Its timeline.
    ic_times
        Heel strikes [s].

    Returns
    -------
    np.ndarray
        One gain per heel strike: the pelvis' envelope at that strike (a bout's first strike lands softer, see
        :func:`_pelvis_phases`), in proportion to the walking speed against :data:`IMPACT_SPEED_MPS` (the
        heel-strike transient grows with walking speed: Whittle 1999, doi:10.1016/S0966-6362(99)00041-7).
    """
    speed = spec.stride_length_m / tl.stride_time
    return speed / IMPACT_SPEED_MPS * _pelvis_phases(spec, tl).envelope(np.asarray(ic_times, dtype=float))


def pelvis_pose(spec: WalkSpec, tl: Timeline, *, smooth: bool = False):
    """The lower-back (L5) sensor point and pelvis orientation over time.

    Parameters
    ----------
    spec
        The walk.
    tl
        Its timeline.
    smooth
        Keep only the bob's stride and step frequencies (the shoulders': the spine attenuates the pelvis'
        higher harmonics, Menz et al. 2003, doi:10.1016/S0966-6362(02)00159-5).

    Returns
    -------
    callable
        ``pose(t) -> (position (n, 3), orientation (n, 3, 3), angles (n, 3))`` with angles ``(obliquity,
        tilt, rotation)`` [deg]: obliquity + = left side higher, tilt + = anterior, rotation + = left side
        forward.
    """
    ph = _pelvis_phases(spec, tl)
    l_m = spec.sensor_height_m
    step_len = spec.stride_length_m / 2.0
    rise = l_m - np.sqrt(l_m**2 - (step_len / (2 * PENDULUM_K)) ** 2)
    speed = spec.stride_length_m / tl.stride_time
    f_step = 2.0 / tl.stride_time
    drop_l, drop_r = np.radians(spec.pelvic_drop_deg[0]), np.radians(spec.pelvic_drop_deg[1])
    tilt_e, rot_r = np.radians(spec.pelvic_tilt_excursion_deg), np.radians(spec.pelvic_rotation_deg)
    rot_lead = 2.0 * np.pi * (0.25 - spec.rotation_swing_strides)  # [rad; 2 pi = a stride]

    # the stride from a left heel strike: the step to the right one, then the step back to the left, each with
    # the double support before the other foot's toe-off (that foot's stance minus the step before this strike)
    stance_l, stance_r = (p / 100.0 * tl.stride_time for p in spec.stance_pct)
    step_to_r, step_to_l = tl.step_times
    left_ic = np.array([st.ic for st in tl.stances["left"] if np.isfinite(st.ic)])
    steady = left_ic[np.isin(np.round(left_ic + tl.stride_time, 9), np.round(left_ic, 9))]
    steady = steady[np.isin(np.round(steady - tl.stride_time, 9), np.round(left_ic, 9))]
    phase_of = None
    if len(steady):  # the walk's own phase through a stride in the middle of a bout (smooth across the strikes)
        t0 = float(steady[len(steady) // 2])
        at_t0 = float(ph.left_phase(np.array([t0]))[0])

        def phase_of(tt: np.ndarray) -> np.ndarray:
            return ph.left_phase(t0 + tt) - at_t0

    elif len(left_ic) > 1:  # steps that vary (step_time_cv_pct): the phase of the walk's mean stride
        knots = np.cumsum(np.r_[0.0, np.tile([step_to_r, step_to_l], 20)])
        knots -= knots[20]  # a left heel strike in the middle
        count = CubicSpline(knots, np.arange(len(knots), dtype=float) - 20.0)

        def phase_of(tt: np.ndarray) -> np.ndarray:
            return count(tt)

    height = _vertical_profile(((step_to_r, stance_r - step_to_l), (step_to_l, stance_l - step_to_r)), phase_of)
    if smooth:
        grid = np.linspace(0.0, 2.0, 512, endpoint=False)
        spec_z = np.fft.rfft(height(grid))
        spec_z[3:] = 0.0  # the stride (1) and step (2) harmonics of a stride
        z_s = np.fft.irfft(spec_z, len(grid))
        height = CubicSpline(np.r_[grid, 2.0], np.r_[z_s, z_s[0]], bc_type="periodic")

    def angles(t: np.ndarray) -> np.ndarray:
        e = ph.envelope(t)
        u = np.pi * ph.left_phase(t)  # 0 at left IC, pi at right IC
        c = np.cos(u - np.pi / 2 + 0.0)  # +1 in mid left stance, -1 in mid right stance
        # Left stance: the right (swing) side drops -> left higher (+); extremes +drop_r and -drop_l exactly
        # (a smooth blend of the two amplitudes, monotone between them while the larger is < 3x the smaller).
        obliquity = e * c * (drop_l + (drop_r - drop_l) * (1 + c) / 2)
        tilt = e * tilt_e / 2 * np.cos(2 * u)
        # the left hip is furthest forward in the left leg's swing, a quarter stride before the pelvis turns back
        # fastest (most negative yaw rate), around the left heel strike (spec.rotation_swing_strides), as McCamley
        # et al. 2012 use to tell left from right (a cosine's rate is most negative a quarter period after its peak)
        rotation = e * rot_r / 2 * np.cos(u + rot_lead)
        return np.column_stack([obliquity, tilt, rotation])

    def pose(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        t = np.asarray(t, dtype=float)
        e = ph.envelope(t)
        u = np.pi * ph.left_phase(t)
        heading = _heading(tl, t)
        xy = _centre(tl, t)
        fwd = np.column_stack([np.cos(heading), np.sin(heading)])
        left = np.column_stack([-np.sin(heading), np.cos(heading)])
        surge = e * _SPEED_SWING * speed / (2 * np.pi * f_step) * np.sin(2 * u)
        sway = e * _SWAY_M / 2 * np.cos(u - np.pi / 2)
        z = l_m - e * rise * (1.0 - height((u / np.pi) % 2.0))  # lowest in double support
        pos = np.column_stack([xy + fwd * surge[:, None] + left * sway[:, None], z])
        ang = angles(t)
        rot = rot_z(heading + ang[:, 2]) @ rot_y(ang[:, 1]) @ rot_x(ang[:, 0])
        if spec.placement == "lumbar" and any(spec.lumbar_offset_m):  # off the middle of the back: on a lever
            pos = pos + rot @ np.asarray(spec.lumbar_offset_m, dtype=float)
        return pos, rot, np.degrees(ang)

    return pose


#: The thigh's angle above its most extended [deg] at the knots of :func:`thigh_pose`: the heel strike, 7.5 % and
#: 25 % of the stride, 90 % of the way to the other heel strike, that strike, 15 % and 50 % of pre-swing, the
#: toe-off, 17, 38, 56, 73 and 87 % of swing. The mean of the project's real thigh recordings at those phases of
#: their pressure-insole contacts (40 strides of 6 people, young and elderly, stance 56-77 %; the strides' spread
#: 1-9 deg): a held loading response, a steady extension to just after the other heel strike, a fast flexion
#: through pre-swing (14.5 deg by the toe-off) and swing to 37.7 deg at mid-swing, 4 deg back by the heel strike
#: (``benchmarks/bench_sim_vs_real.py`` computes them from ../shared and prints them beside these).
_THIGH_KNOTS_DEG = (33.9, 33.4, 17.8, 2.8, 0.4, 0.0, 4.0, 14.5, 24.4, 34.4, 37.7, 35.7, 33.8)


def thigh_pose(spec: WalkSpec, tl: Timeline, side: str):
    """The thigh of ``side`` (a phone in the front trouser pocket).

    Parameters
    ----------
    spec
        The walk.
    tl
        Its timeline.
    side
        ``"left"`` or ``"right"``.

    Returns
    -------
    callable
        ``pose(t) -> (sensor point (n, 3), thigh orientation (n, 3, 3), thigh angle (n,) [deg, + = flexed])``.
    """
    # the leading leg's first swing is a whole one (the thigh fades in before the first toe-off, while the body
    # leans into the walk), and a leg that has landed for the last time stays in stance while the other closes
    # (its phase stops at the other foot's heel strike, its most extended): it does not swing again as it fades
    lead = 0.4
    ph = _Phases(spec, tl, lead_strides=lead, start_strides=0.5)
    own = [[st.ic for st in tl.stances[side] if st.bout == b] for b in range(len(tl.bout_spans))]
    first_own = np.array([min(x, default=np.inf) for x in own])
    last_own = np.array([max(x, default=-np.inf) for x in own])
    begins = np.array([fc - lead * tl.stride_time for fc, _ in tl.bout_spans])
    pelvis = pelvis_pose(spec, tl)
    i = 0 if side == "left" else 1
    ext = spec.hip_extension_deg[i]
    stance = spec.stance_pct[i] / 100.0
    # the thigh's angle over a stride from this side's heel strike (u = 0), through the other's (u = 0.5) and this
    # side's toe-off (u = stance) to the next heel strike, at the real thighs' phases (see _THIGH_KNOTS_DEG)
    stance = max(stance, 0.54)  # a pre-swing of at least 4 % of the stride
    pre, swing = stance - 0.5, 1.0 - stance
    u = [0.0, 0.075, 0.25, 0.45, 0.5, 0.5 + 0.15 * pre, 0.5 + 0.5 * pre, stance]
    u += [stance + q * swing for q in (0.17, 0.38, 0.56, 0.73, 0.87)] + [1.0]
    a = np.radians(np.array(_THIGH_KNOTS_DEG) - ext)
    cycle = CubicSpline(np.array(u), np.r_[a, a[0]], bc_type="periodic")
    grid = np.linspace(0.12, 0.5, 381)
    upright = float(grid[np.argmin(np.abs(cycle(grid)))])  # the phase of mid-stance where the thigh is vertical
    sign = 1.0 if side == "left" else -1.0
    offset = 0.0 if side == "left" else 1.0

    def pose(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        t = np.asarray(t, dtype=float)
        e = ph.envelope(t)
        u = ((ph.left_phase(t) - offset) / 2.0) % 1.0
        if len(begins):  # before the leg's first toe-off of a bout it stands; after its last landing it stays
            b = np.clip(np.searchsorted(begins, t, side="right") - 1, 0, None)
            first_off = first_own[b] - (1.0 - stance) * tl.stride_time
            u = np.where(t < first_off, np.maximum(stance - (first_off - t) / tl.stride_time, upright), u)
            u = np.where(t > last_own[b], np.minimum((t - last_own[b]) / tl.stride_time, 0.5), u)
        angle = e * cycle(u)
        p_pos, p_rot, _ = pelvis(t)
        heading = _heading(tl, t)
        hip = p_pos + np.einsum("nij,j->ni", rot_z(heading), np.array([0.10, sign * _HIP_WIDTH_M, 0.0]))
        rot = rot_z(heading) @ rot_y(-angle)
        pos = hip + np.einsum("nij,j->ni", rot, np.array([0.08, sign * 0.03, -0.20]))
        return pos, rot, np.degrees(angle)

    return pose


def arm_pose(spec: WalkSpec, tl: Timeline, side: str):
    """The wrist of ``side`` (a watch).

    Parameters
    ----------
    spec
        The walk.
    tl
        Its timeline.
    side
        ``"left"`` or ``"right"``.

    Returns
    -------
    callable
        ``pose(t) -> (wrist point (n, 3), forearm orientation (n, 3, 3), arm angle (n,) [deg, + = forward])``.
    """
    ph = _Phases(spec, tl)
    pelvis = pelvis_pose(spec, tl, smooth=True)  # the shoulder rides the trunk's attenuated bob
    amp = np.radians(spec.arm_swing_deg) / 2
    sign = 1.0 if side == "left" else -1.0

    def pose(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        t = np.asarray(t, dtype=float)
        e = ph.envelope(t)
        u = np.pi * ph.left_phase(t)
        # The left arm is furthest forward at the right heel strike; swinging once a step, both arms are furthest
        # forward at every heel strike
        angle = e * amp * (-np.cos(2.0 * u) if spec.arm_swing_per_step else -np.cos(u) * sign)
        p_pos, _, _ = pelvis(t)
        heading = _heading(tl, t)
        shoulder = p_pos + np.einsum(
            "nij,j->ni", rot_z(heading), np.array([0.1, sign * _SHOULDER_WIDTH_M, _SHOULDER_ABOVE_HIP_M])
        )
        rot = rot_z(heading) @ rot_y(-angle)
        pos = shoulder + np.einsum("nij,j->ni", rot, np.array([0.0, 0.0, -_ARM_LENGTH_M]))
        return pos, rot, np.degrees(angle)

    return pose
