"""Pelvis, thigh and arm kinematics: what a lower-back, trouser-pocket or wrist sensor rides on.

* Pelvis (lower back): the centre of mass moves forward along the footfalls, rises and falls twice per stride
  as an inverted pendulum — lowest at heel strike, highest in mid-stance; the peak-to-peak rise ``h`` follows
  Zijlstra & Hof 2003 (Gait Posture 18:1, doi:10.1016/S0966-6362(02)00190-X): step = K x 2 sqrt(2 l h - h²)
  with ``l`` the sensor height and K = 4.587 / 4, the constant the analysis uses (mobgap's, trained on
  Mobilise-D data): simulated stride lengths check how well the analysis measures ``h``, not the constant,
  which only real data can check — and sways once per stride toward the stance foot. It drops on the swing side
  (obliquity, per-side ``pelvic_drop_deg``), tilts twice per stride and rotates once per stride with the leg
  that swings forward (Perry & Burnfield, *Gait Analysis*, 2nd ed. 2010).
* Thigh (pocket): flexed at heel strike, extends through stance to its peak extension at the end of terminal
  stance, 12 % of the stride before toe-off (``hip_extension_deg``; pre-swing spans 50-62 % of the cycle),
  flexes fast in swing (shape of the sagittal hip angle in Perry & Burnfield).
* Arm (wrist): swings once per stride, in phase with the opposite leg.
All motions fade in over the first step of a bout and out after the last.
"""

from __future__ import annotations

import numpy as np
from scipy.interpolate import CubicSpline

from .curves import quintic, rot_x, rot_y, rot_z
from .spec import WalkSpec
from .timeline import Timeline

__all__ = ["arm_pose", "pelvis_pose", "thigh_pose"]

PENDULUM_K = 4.587 / 4  # inverted-pendulum correction factor (see the module docstring)
_SWAY_M = 0.04  # mediolateral CoM excursion, peak to peak [m]
_ROTATION_LEAD = 0.2 * np.pi  # phase lead of pelvic rotation on the heel strike [rad of a step] (design choice)
_SPEED_SWING = 0.08  # forward speed fluctuation, fraction of the mean speed
_HIP_WIDTH_M = 0.09
_SHOULDER_ABOVE_HIP_M = 0.5
_SHOULDER_WIDTH_M = 0.19
_ARM_LENGTH_M = 0.62


class _Phases:
    """Continuous step count and per-foot stride phase, plus the walking envelope."""

    def __init__(self, spec: WalkSpec, tl: Timeline) -> None:
        self.tl = tl
        ic = tl.ic_all
        self.bouts = tl.bout_spans
        env_t, env_p = [-1.0], [0.0]
        for first_fc, last_ic in tl.bout_spans:
            env_t += [
                first_fc,
                first_fc + 0.6 * tl.stride_time,
                last_ic - 0.1 * tl.stride_time,
                last_ic + 0.4 * tl.stride_time,
            ]
            env_p += [0.0, 1.0, 1.0, 0.0]
        env_t.append(tl.t_end + 2.0)
        env_p.append(0.0)
        self.env = (np.array(env_t), np.array(env_p), np.zeros(len(env_t)), np.zeros(len(env_t)))
        self.ic = ic
        if len(ic) >= 2:
            # step count through the ICs, extended at a constant rate before and after
            t = np.r_[ic[0] - 2 * (ic[1] - ic[0]), ic, ic[-1] + 2 * (ic[-1] - ic[-2])]
            n = np.r_[-2.0, np.arange(len(ic), dtype=float), len(ic) + 1.0]
            self.count = CubicSpline(t, n)
        else:
            self.count = None
        self.left_first = bool(len(ic) and tl.stances["left"][1].ic == ic[0]) if len(tl.stances["left"]) > 1 else False

    def envelope(self, t: np.ndarray) -> np.ndarray:
        return np.clip(quintic(t, *self.env), 0.0, 1.0)

    def step(self, t: np.ndarray) -> np.ndarray:
        """Steps since the first IC (integer at every IC)."""
        return self.count(t) if self.count is not None else np.zeros_like(t)

    def left_phase(self, t: np.ndarray) -> np.ndarray:
        """Stride phase of the left foot [0..2 per stride in step units]: 0 at a left IC."""
        # The right foot leads each bout, so left ICs are the odd steps.
        return self.step(t) - (0.0 if self.left_first else 1.0)


def _centre(tl: Timeline, t: np.ndarray) -> np.ndarray:
    return quintic(t, tl.centre_t, tl.centre_xy, tl.centre_v, np.zeros_like(tl.centre_xy))


def _heading(tl: Timeline, t: np.ndarray) -> np.ndarray:
    z = np.zeros_like(tl.heading)
    return quintic(t, tl.heading_t, tl.heading, z, z)


def _vertical_profile(step_s: float) -> CubicSpline:
    """Height of the centre of mass over one step (phase 0 at the heel strike), 0 at its lowest, 1 at its top.

    The vertical acceleration (Newton: the vertical ground reaction force over the mass, minus gravity) is the
    inverted pendulum's once-per-step oscillation, highest 35 ms after the heel strike, plus the collision of
    the leading leg, which starts at the heel strike and peaks 35 ms later, 1.5 times the oscillation (Kuo
    2007, doi:10.1016/j.humov.2007.04.003, the step-to-step transition; Perry & Burnfield, *Gait Analysis*,
    2nd ed. 2010, the loading response). Timing and ratio follow the mean lower-back vertical acceleration
    around the reference contacts of the project's real recording HA001 Test5 (``benchmarks/
    bench_sim_vs_real.py``): -1.2 m/s² in single support, rising fastest at the contact, +3.3 m/s² 30 ms after
    it. A pure cosine lowest at the heel strike would put the steepest rise a quarter step early.
    """
    v = np.linspace(0.0, 1.0, 4001)
    tau = 0.035 / step_s  # the collision's rise, as a fraction of the step
    peak = 0.035 / step_s
    acc = np.cos(2 * np.pi * (v - peak)) + 1.5 * (v / tau) * np.exp(1.0 - v / tau)
    acc -= np.trapezoid(acc, v)  # no net change of vertical speed over a step
    dv = v[1] - v[0]
    vel = np.concatenate([[0.0], np.cumsum(0.5 * (acc[1:] + acc[:-1]) * dv)])
    vel -= np.trapezoid(vel, v)  # periodic: no net climb over the step
    z = np.concatenate([[0.0], np.cumsum(0.5 * (vel[1:] + vel[:-1]) * dv)])
    z -= np.linspace(0.0, z[-1] - z[0], len(z))  # the numerical integral's residual drift
    z = (z - z.min()) / np.ptp(z)
    z[-1] = z[0]
    return CubicSpline(v, z, bc_type="periodic")


def pelvis_pose(spec: WalkSpec, tl: Timeline):
    """The lower-back (L5) sensor point and pelvis orientation over time.

    Parameters
    ----------
    spec
        The walk.
    tl
        Its timeline.

    Returns
    -------
    callable
        ``pose(t) -> (position (n, 3), orientation (n, 3, 3), angles (n, 3))`` with angles ``(obliquity,
        tilt, rotation)`` [deg]: obliquity + = left side higher, tilt + = anterior, rotation + = left side
        forward.
    """
    ph = _Phases(spec, tl)
    l_m = spec.sensor_height_m
    step_len = spec.stride_length_m / 2.0
    rise = l_m - np.sqrt(l_m**2 - (step_len / (2 * PENDULUM_K)) ** 2)
    speed = spec.stride_length_m / tl.stride_time
    f_step = 2.0 / tl.stride_time
    drop_l, drop_r = np.radians(spec.pelvic_drop_deg[0]), np.radians(spec.pelvic_drop_deg[1])
    tilt_e, rot_r = np.radians(spec.pelvic_tilt_excursion_deg), np.radians(spec.pelvic_rotation_deg)

    height = _vertical_profile(tl.stride_time / 2.0)

    def angles(t: np.ndarray) -> np.ndarray:
        e = ph.envelope(t)
        u = np.pi * ph.left_phase(t)  # 0 at left IC, pi at right IC
        c = np.cos(u - np.pi / 2 + 0.0)  # +1 in mid left stance, -1 in mid right stance
        # Left stance: the right (swing) side drops -> left higher (+); extremes +drop_r and -drop_l exactly
        # (a smooth blend of the two amplitudes, monotone between them while the larger is < 3x the smaller).
        obliquity = e * c * (drop_l + (drop_r - drop_l) * (1 + c) / 2)
        tilt = e * tilt_e / 2 * np.cos(2 * u)
        # the left hip is furthest forward a little before the left heel strike, so that the pelvis already
        # turns back (negative yaw rate) at the strike, as McCamley et al. 2012 use to tell left from right
        rotation = e * rot_r / 2 * np.cos(u + _ROTATION_LEAD)
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
        z = l_m - e * rise * (1.0 - height((u / np.pi) % 1.0))  # lowest in double support
        pos = np.column_stack([xy + fwd * surge[:, None] + left * sway[:, None], z])
        ang = angles(t)
        rot = rot_z(heading + ang[:, 2]) @ rot_y(ang[:, 1]) @ rot_x(ang[:, 0])
        return pos, rot, np.degrees(ang)

    return pose


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
    ph = _Phases(spec, tl)
    pelvis = pelvis_pose(spec, tl)
    i = 0 if side == "left" else 1
    ext = np.radians(spec.hip_extension_deg[i])
    stance = spec.stance_pct[i] / 100.0
    # Thigh angle over one stride from this side's IC (fractions of the stride).
    knots_u = np.array([0.0, 0.12, stance - 0.24, stance - 0.12, stance, stance + 0.15, 0.87, 1.0])
    knots_a = np.radians([25.0, 24.0, 5.0, 0.0, -2.0, 15.0, 30.0, 25.0])
    knots_a[3] = -ext
    cycle = CubicSpline(knots_u, knots_a, bc_type="periodic")
    sign = 1.0 if side == "left" else -1.0
    offset = 0.0 if side == "left" else 1.0

    def pose(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        t = np.asarray(t, dtype=float)
        e = ph.envelope(t)
        u = ((ph.left_phase(t) - offset) / 2.0) % 1.0
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
    pelvis = pelvis_pose(spec, tl)
    amp = np.radians(spec.arm_swing_deg) / 2
    sign = 1.0 if side == "left" else -1.0

    def pose(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        t = np.asarray(t, dtype=float)
        e = ph.envelope(t)
        u = np.pi * ph.left_phase(t)
        # The left arm is furthest forward at the right heel strike.
        angle = e * amp * (-np.cos(u)) * sign
        p_pos, _, _ = pelvis(t)
        heading = _heading(tl, t)
        shoulder = p_pos + np.einsum(
            "nij,j->ni", rot_z(heading), np.array([0.1, sign * _SHOULDER_WIDTH_M, _SHOULDER_ABOVE_HIP_M])
        )
        rot = rot_z(heading) @ rot_y(-angle)
        pos = shoulder + np.einsum("nij,j->ni", rot, np.array([0.0, 0.0, -_ARM_LENGTH_M]))
        return pos, rot, np.degrees(angle)

    return pose
