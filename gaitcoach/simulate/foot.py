"""Foot kinematics over the gait cycle: sole pitch, heading and position, with the ground contacts enforced.

The sole pitch follows the rockers of stance (Perry & Burnfield, *Gait Analysis*, 2nd ed. 2010): heel rocker
from the heel strike (toe up by the strike angle) to foot flat; foot flat (pitch 0, the foot still: the
zero-velocity phase that ZUPT integration relies on); forefoot rocker from heel rise to toe-off (a slow heel
rise, then the push-off: toe down by the toe-off angle, rotating at the push-off angular velocity); then swing
(further plantar flexion, fast dorsiflexion in mid-swing, toe up again before the next strike). The pitch is a
C2 piecewise quintic.

During stance the foot rotates about the contact point (heel, then the whole sole, then the toe), which is
fixed on the ground; in swing the heel follows a C2 quintic path from toe-off to the next landing, lifted
by the swing clearance. The heading changes only in the air. Sensor signals are derived from this pose by
:mod:`gaitcoach.simulate.sensor`.
"""

from __future__ import annotations

import numpy as np

from .curves import quintic, rot_y, rot_z
from .spec import WalkSpec
from .timeline import Timeline

__all__ = ["FOOT_LENGTH_M", "SENSOR_ON_FOOT_M", "foot_pose"]

#: Heel to the forefoot contact (metatarsal heads) along the sole [m].
FOOT_LENGTH_M = 0.19
#: Sensor on the instep (laces), from the heel contact point: forward, left, up [m].
SENSOR_ON_FOOT_M = np.array([0.13, 0.0, 0.07])
#: Heel clearance at mid-swing [m].
SWING_HEIGHT_M = 0.10
_HEEL_ROCKER = 0.12  # of the stride: heel strike to foot flat
_HEEL_RISE = 0.35  # of the stride: heel rise to toe-off
_PUSH_OFF = 0.16  # of the stride: the fast part of the forefoot rocker before toe-off
_SLOW_RISE = 0.25  # fraction of the toe-off angle reached slowly before the push-off


def _push_off_split(d1: float, d2: float, push: float, total: float) -> tuple[float, float]:
    """Durations of the slow heel rise (angle ``d1``) and push-off (angle ``d2``, ending at velocity ``push``).

    Solves ``v (total - r) = 2 d1`` and ``(v + push) r = 2 d2`` for the push-off duration ``r`` and the
    velocity ``v`` between the two, so that both quintic pieces have monotone velocity.
    """
    roots = np.roots([-push, 2 * d1 + push * total + 2 * d2, -2 * d2 * total])
    ok = [float(r.real) for r in roots if abs(r.imag) < 1e-12 and 0.02 * total < r.real < 0.95 * total]
    r = min(ok, key=lambda x: abs(x - _PUSH_OFF / _HEEL_RISE * total)) if ok else _PUSH_OFF / _HEEL_RISE * total
    return r, 2 * d1 / (total - r)


def _pitch_knots(spec: WalkSpec, tl: Timeline, side: str) -> tuple[np.ndarray, ...]:
    i = 0 if side == "left" else 1
    strike, toe_off = np.radians(spec.strike_angle_deg[i]), np.radians(spec.toe_off_angle_deg[i])
    push = np.radians(spec.push_off_dps[i])
    stride = tl.stride_time
    d1, d3 = _HEEL_ROCKER * stride, _HEEL_RISE * stride
    v_ic = -0.6 * strike / d1
    kt: list[float] = [-1.0]
    kp: list[float] = [0.0]
    kv: list[float] = [0.0]
    ka: list[float] = [0.0]

    def knot(t: float, p: float, v: float, a: float = 0.0) -> None:
        if t > kt[-1] + 1e-6:
            kt.append(t)
            kp.append(p)
            kv.append(v)
            ka.append(a)

    stances = tl.stances[side]
    for k, s in enumerate(stances):
        length = (s.fc if np.isfinite(s.fc) else tl.t_end + 1) - (s.ic if np.isfinite(s.ic) else -1)
        r1 = min(d1, 0.3 * length)
        if np.isfinite(s.ic):
            knot(s.ic, strike, v_ic)
            knot(s.ic + r1, 0.0, 0.0)
        if np.isfinite(s.fc):
            r3 = min(d3, 0.5 * length)
            # slow heel rise over the forefoot, then the push-off. Both pieces are chosen so that the angular
            # velocity changes monotonically (mean velocity = mean of the end velocities), so the plantar-flexion
            # velocity peaks exactly at toe-off (the gyroscope minimum at toe-off, as observed).
            r4, v_rise = _push_off_split(_SLOW_RISE * toe_off, (1 - _SLOW_RISE) * toe_off, push, r3)
            knot(s.fc - r3, 0.0, 0.0)
            knot(s.fc - r4, _SLOW_RISE * toe_off, v_rise)
            knot(s.fc, toe_off, push)
            nxt = stances[k + 1].ic
            sw = nxt - s.fc
            lowest = toe_off - np.radians(5.0)
            peak = strike + np.radians(6.0)
            t1, t2, t3 = s.fc + 0.18 * sw, s.fc + 0.55 * sw, nxt - 0.12 * sw
            mid = 0.5 * (lowest + peak)
            knot(t1, lowest, 0.0)
            knot(t2, mid, 1.6 * (peak - lowest) / (t3 - t1))
            knot(t3, peak, 0.0)
    knot(tl.t_end + 1.0, 0.0, 0.0)
    return np.array(kt), np.array(kp), np.array(kv), np.array(ka)


def _yaw_knots(tl: Timeline, side: str) -> tuple[np.ndarray, np.ndarray]:
    t, y = [-1.0], [tl.stances[side][0].yaw]
    for s in tl.stances[side]:
        for edge in (s.ic, s.fc):
            if np.isfinite(edge):
                t.append(edge)
                y.append(s.yaw)
    t.append(tl.t_end + 1.0)
    y.append(tl.stances[side][-1].yaw)
    return np.array(t), np.unwrap(np.array(y))


def _orientation(pitch: np.ndarray, yaw: np.ndarray) -> np.ndarray:
    """Foot orientation: heading ``yaw``, sole pitch ``pitch`` (+ = toe up, a rotation about -y)."""
    return rot_z(yaw) @ rot_y(-pitch)


def foot_pose(spec: WalkSpec, tl: Timeline, side: str):
    """Build the foot's pose as a function of time.

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
        ``pose(t) -> (position of the sensor point (n, 3), foot orientation (n, 3, 3), pitch (n,))`` in the
        world frame (x: first walking direction, z: up).
    """
    pk = _pitch_knots(spec, tl, side)
    yk = _yaw_knots(tl, side)
    stances = tl.stances[side]
    r_toe = np.array([FOOT_LENGTH_M, 0.0, 0.0])
    stride = tl.stride_time
    # Swing heel paths: knots at toe-off (from the forefoot rocker), mid-swing, and the next heel strike.
    swings = []
    eps = 1e-4
    for k, s in enumerate(stances[:-1]):
        if not np.isfinite(s.fc):
            continue
        nxt = stances[k + 1]
        toe = np.r_[s.heel, 0.0] + (rot_z(np.array([s.yaw]))[0] @ r_toe)
        th = quintic(np.array([s.fc - eps, s.fc, s.fc + eps]), *pk)
        rr = _orientation(th, np.full(3, s.yaw))
        h = toe - rr @ r_toe
        v0 = (h[2] - h[0]) / (2 * eps)
        a0 = (h[2] - 2 * h[1] + h[0]) / eps**2
        end = np.r_[nxt.heel, 0.0]
        mid_t = s.fc + 0.45 * (nxt.ic - s.fc)
        mid = np.r_[0.5 * (h[1][:2] + end[:2]), SWING_HEIGHT_M]
        v_mid = np.r_[1.5 * (end[:2] - h[1][:2]) / (nxt.ic - s.fc), 0.0]
        swings.append(
            (
                s.fc,
                nxt.ic,
                np.array([s.fc, mid_t, nxt.ic]),
                np.array([h[1], mid, end]),
                np.array([v0, v_mid, np.zeros(3)]),
                np.array([a0, np.zeros(3), np.zeros(3)]),
            )
        )
    # Phase boundaries of stance per foot: heel rocker end and heel rise start.
    ic = np.array([s.ic for s in stances])
    fc = np.array([s.fc for s in stances])
    heel = np.array([np.r_[s.heel, 0.0] for s in stances])
    yaw_st = np.array([s.yaw for s in stances])
    length = np.where(np.isfinite(fc), fc, tl.t_end + 1) - np.where(np.isfinite(ic), ic, -1)
    rise = np.where(np.isfinite(fc), fc - np.minimum(_HEEL_RISE * stride, 0.5 * length), np.inf)

    def pose(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        t = np.asarray(t, dtype=float)
        pitch = quintic(t, *pk)
        yaw = quintic(t, yk[0], yk[1], np.zeros_like(yk[1]), np.zeros_like(yk[1]))
        rot = _orientation(pitch, yaw)
        # Which stance (the last that started before t), and is t inside it?
        k = np.clip(np.searchsorted(np.where(np.isfinite(ic), ic, -np.inf), t, side="right") - 1, 0, len(ic) - 1)
        in_stance = t <= fc[k]
        on_toe = in_stance & (t >= rise[k])
        hp = heel[k].copy()
        toe_pt = heel[k] + np.einsum("nij,j->ni", rot_z(yaw_st[k]), r_toe)
        hp[on_toe] = toe_pt[on_toe] - np.einsum("nij,j->ni", rot[on_toe], r_toe)
        for t0, t1, kt, kp_, kv, ka in swings:
            m = (t > t0) & (t < t1)
            if m.any():
                hp[m] = quintic(t[m], kt, kp_, kv, ka)
        pos = hp + np.einsum("nij,j->ni", rot, SENSOR_ON_FOOT_M)
        return pos, rot, pitch

    return pose
