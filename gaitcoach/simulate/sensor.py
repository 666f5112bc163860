"""From a segment's pose to what an IMU strapped to it records.

Physics, nothing fitted: the accelerometer measures the specific force, the second derivative of its
position plus gravity (``a + g z``, +1 g upward at rest), expressed in the sensor frame; the gyroscope
measures the segment's angular velocity (from ``dR/dt R^T``) in the sensor frame. Derivatives are central
differences of the analytic pose (step 0.1 ms). Then the logger: sample times with jitter and gaps, each sample
the mean over its output interval (the anti-aliasing of a MEMS sensor that averages its oversampled readings: a
10 ms heel strike is never missed between 50 Hz samples), white noise, constant bias, and saturation at the
sensor's range.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..model import GRAVITY_MPS2
from .curves import rot_x, rot_y, rot_z
from .spec import WalkSpec

__all__ = [
    "AVERAGE_POINTS",
    "DEFAULT_MOUNTS",
    "JUMP_FLIGHT_S",
    "JUMP_PUSH_S",
    "imu_signals",
    "mounting_matrix",
    "sample_times",
    "with_heel_strike",
    "with_impact",
    "with_jump",
]

Pose = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]

# Sensor axes (columns) in the segment frame (x forward, y left, z up; arm and thigh frames hang down).
DEFAULT_MOUNTS = {
    "foot": np.eye(3),  # on the laces: x toward the toe, y left, z up
    "lumbar": np.array([[0.0, 0.0, 1.0], [0.0, -1.0, 0.0], [1.0, 0.0, 0.0]]).T,  # x up, y right, z forward
    "pocket": np.array([[0.0, -1.0, 0.0], [0.0, 0.0, 1.0], [-1.0, 0.0, 0.0]]).T,  # phone upright, screen in
    "wrist_left": np.array([[0.0, 0.0, -1.0], [-1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]).T,  # x to the hand
    "wrist_right": np.array([[0.0, 0.0, -1.0], [1.0, 0.0, 0.0], [0.0, -1.0, 0.0]]).T,
    "vibration": np.eye(3),
}
_H = 1e-4
#: Readings averaged per sample for the anti-aliasing of :func:`imu_signals`.
AVERAGE_POINTS = 16


def mounting_matrix(spec: WalkSpec) -> np.ndarray:
    """Sensor orientation in the segment frame: the default mounting turned by ``spec.mounting_deg``.

    Parameters
    ----------
    spec
        The walk (placement, side, mounting angles: yaw, pitch, roll [deg], intrinsic z-y-x).

    Returns
    -------
    numpy.ndarray
        3x3 rotation whose columns are the sensor axes in the segment frame.
    """
    key = f"wrist_{spec.side}" if spec.placement == "wrist" else spec.placement
    base = DEFAULT_MOUNTS["vibration" if spec.activity == "vibration" else key]
    yaw, pitch, roll = np.radians(spec.mounting_deg)
    return base @ (rot_z(np.array([yaw])) @ rot_y(np.array([pitch])) @ rot_x(np.array([roll])))[0]


def sample_times(spec: WalkSpec, t_end: float, rng: np.random.Generator) -> np.ndarray:
    """Sample times of the logger: nominal grid plus jitter, with the gap stretches removed.

    Parameters
    ----------
    spec
        Rate, jitter and gaps.
    t_end
        End of the walk [s].
    rng
        Random source.

    Returns
    -------
    numpy.ndarray
        Sorted sample times [s].
    """
    n = int(np.floor(t_end * spec.rate_hz)) + 1
    t = np.arange(n) / spec.rate_hz
    if spec.jitter_s > 0:
        t = np.sort(t + rng.normal(0.0, spec.jitter_s, n))
        t = t[(t >= 0) & (t <= t_end)]
    for a, b in spec.gaps:
        t = t[(t < a) | (t > b)]
    return t


def imu_signals(
    pose: Pose,
    t: np.ndarray,
    mount: np.ndarray,
    average_s: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Accelerometer [m/s²] and gyroscope [deg/s] in the sensor frame, and the sensor position [m].

    Parameters
    ----------
    pose
        ``pose(t) -> (position (n, 3), orientation (n, 3, 3), ...)`` of the sensor point and segment.
    t
        Sample times [s].
    mount
        Sensor axes in the segment frame (see :func:`mounting_matrix`).
    average_s
        The sensor's anti-aliasing: each sample is the mean over this span centred on its time (a MEMS sensor
        averages its oversampled readings over the output interval; 0 = point samples). Taken as the mean of
        :data:`AVERAGE_POINTS` readings (midpoint rule).

    Returns
    -------
    acc, gyr, position
        Arrays of shape (n, 3).
    """
    if average_s > 0:
        offsets = ((np.arange(AVERAGE_POINTS) + 0.5) / AVERAGE_POINTS - 0.5) * average_s
        parts = [imu_signals(pose, t + dt, mount) for dt in offsets]
        acc = np.mean([p[0] for p in parts], axis=0)
        gyr = np.mean([p[1] for p in parts], axis=0)
        return acc, gyr, pose(t)[0]
    p0, r0, _ = pose(t)
    pm, rm, _ = pose(t - _H)
    pp, rp, _ = pose(t + _H)
    acc_world = (pp - 2 * p0 + pm) / _H**2
    acc_world[:, 2] += GRAVITY_MPS2
    omega_m = (rp - rm) / (2 * _H) @ np.transpose(r0, (0, 2, 1))
    omega = 0.5 * np.column_stack(
        [omega_m[:, 2, 1] - omega_m[:, 1, 2], omega_m[:, 0, 2] - omega_m[:, 2, 0], omega_m[:, 1, 0] - omega_m[:, 0, 1]]
    )
    r_ws = r0 @ mount
    acc = np.einsum("nji,nj->ni", r_ws, acc_world)
    gyr = np.degrees(np.einsum("nji,nj->ni", r_ws, omega))
    return acc, gyr, p0


def with_impact(
    pose: Pose,
    ic_times: np.ndarray,
    peak_g: float,
    tau_s: float = 0.012,
    freq_hz: float = 25.0,
    gains: np.ndarray | None = None,
) -> Pose:
    """Add a heel-strike transient to a pose: a small damped vertical oscillation of the sensor after each IC.

    The transient is a displacement ``d(s) = D (s / tau)^2 exp(-s / tau) sin(2 pi f s)`` for ``s >= 0`` after
    each IC (C2 at the start, back to rest after a few ``tau``), so it adds the acceleration spike of an impact
    without changing velocity or position over the stride (zero-velocity integration stays exact). ``D`` gives
    an acceleration peak of about ``peak_g``.

    Parameters
    ----------
    pose
        The segment's pose function.
    ic_times
        Sorted heel strikes [s].
    peak_g
        Approximate acceleration peak [g].
    tau_s, freq_hz
        Decay time and frequency.
    gains
        Each IC's share of ``peak_g`` (default: all 1), in the order of the sorted ``ic_times``.

    Returns
    -------
    callable
        The pose with the transient added to the position.
    """
    ics = np.sort(np.asarray(ic_times, dtype=float))
    gain = np.ones(len(ics)) if gains is None else np.asarray(gains, dtype=float)
    amp = peak_g * GRAVITY_MPS2 / ((2 * np.pi * freq_hz) ** 2 * 4 / np.e**2)
    if len(ics) == 0 or peak_g == 0:
        return pose

    def shaken(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pos, rot, extra = pose(t)
        k = np.searchsorted(ics, t, side="right") - 1
        s = t - ics[np.clip(k, 0, None)]
        live = k >= 0
        x = np.where(live, s / tau_s, 0.0)
        d = np.where(live, amp * gain[np.clip(k, 0, None)] * x * x * np.exp(-x) * np.sin(2 * np.pi * freq_hz * s), 0.0)
        pos = pos.copy()
        pos[:, 2] += d
        return pos, rot, extra

    return shaken


def with_heel_strike(pose: Pose, ic_times: np.ndarray, peak_g: float, sigma_s: float = 0.010) -> Pose:
    """Add heel-strike impacts to a pose, each centred on its initial contact.

    The sensor dips by ``d(s) = -D exp(-s^2 / (2 sigma^2))`` around each contact ``s = 0``: its vertical
    acceleration ``D / sigma^2 (1 - s^2 / sigma^2) exp(-s^2 / (2 sigma^2))`` is a single upward peak of
    ``peak_g`` at the contact (half width 0.64 sigma) between two small downward lobes, and it changes neither
    velocity nor position over the stride (zero-velocity integration stays exact). Centred, because that is
    where the real references put contact: on the project's real shoe recordings the acceleration peak lies on
    the motion-capture contact (median |acc| 5.5-6.8 g from 20 ms before to 10 ms after it, 2.3-2.8 g 10-20 ms
    after; ``benchmarks/bench_foot.py`` finds the peak -1 to -5 ms from it), and on the real thigh recordings
    on the pressure-insole contact (+4 ms, ``benchmarks/bench_pocket.py``).

    Parameters
    ----------
    pose
        The segment's pose function.
    ic_times
        Heel strikes [s].
    peak_g
        Acceleration peak [g].
    sigma_s
        Width of the dip [s] (10 ms: the impact's peak spans about one sample at 100 Hz, as on the real shoe).

    Returns
    -------
    callable
        The pose with the impacts added to the position.
    """
    ics = np.sort(np.asarray(ic_times, dtype=float))
    if len(ics) == 0 or peak_g == 0:
        return pose
    depth = peak_g * GRAVITY_MPS2 * sigma_s**2

    def struck(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pos, rot, extra = pose(t)
        k = np.searchsorted(ics, t)
        before, after = ics[np.maximum(k - 1, 0)], ics[np.minimum(k, len(ics) - 1)]
        nearest = np.where(np.abs(t - before) <= np.abs(t - after), before, after)
        x = (t - nearest) / sigma_s
        pos = pos.copy()
        pos[:, 2] -= np.where(np.abs(x) < 8.0, depth * np.exp(-0.5 * x * x), 0.0)
        return pos, rot, extra

    return struck


JUMP_PUSH_S = 0.06  # take-off push and landing, each [s]
JUMP_FLIGHT_S = 0.30  # time in the air [s]


def with_jump(pose: Pose, t_jump_s: float) -> Pose:
    """Add a jump with both feet to a standing segment's pose: push off, fly, land (a sync event).

    The segment is lifted with a half-sine acceleration for :data:`JUMP_PUSH_S` to the take-off speed
    ``g x flight / 2``, flies ballistically (acceleration ``-g``: the accelerometer reads zero) for
    :data:`JUMP_FLIGHT_S`, and is stopped with a half sine as long as the push, ending where it started.

    Parameters
    ----------
    pose
        The pose (standing still at ``t_jump_s``).
    t_jump_s
        Start of the push [s]; the landing is at ``t_jump_s + JUMP_PUSH_S + JUMP_FLIGHT_S``.

    Returns
    -------
    callable
        The pose with the jump added to the height.
    """
    tp, tf = JUMP_PUSH_S, JUMP_FLIGHT_S
    v0 = GRAVITY_MPS2 * tf / 2.0

    def lift(s: np.ndarray) -> np.ndarray:
        z = np.zeros_like(s)
        push = (s >= 0) & (s < tp)  # v = v0 (1 - cos(pi s / tp)) / 2
        z[push] = v0 / 2 * (s[push] - tp / np.pi * np.sin(np.pi * s[push] / tp))
        h0 = v0 * tp / 2
        fly = (s >= tp) & (s < tp + tf)
        u = s[fly] - tp
        z[fly] = h0 + v0 * u - GRAVITY_MPS2 * u * u / 2
        land = (s >= tp + tf) & (s < 2 * tp + tf)  # v = -v0 (1 + cos(pi w / tp)) / 2, back to 0
        w = s[land] - tp - tf
        z[land] = h0 - v0 / 2 * (w + tp / np.pi * np.sin(np.pi * w / tp))
        return z

    def jumped(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pos, rot, extra = pose(t)
        pos = pos.copy()
        pos[:, 2] += lift(np.asarray(t, dtype=float) - t_jump_s)
        return pos, rot, extra

    return jumped
