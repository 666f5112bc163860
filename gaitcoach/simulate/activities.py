"""What a sensor sees when its wearer is not walking: sitting and fidgeting, lying in a moving car, or cycling."""

from __future__ import annotations

import numpy as np

from .curves import quintic, rot_x, rot_y, rot_z
from .sensor import Pose

__all__ = ["cycling", "seated", "vibration_pose"]


def vibration_pose(rng: np.random.Generator) -> Pose:
    """A phone lying in a moving car: road vibration (5-20 Hz) and slow speed changes, no steps.

    Parameters
    ----------
    rng
        Random source.

    Returns
    -------
    callable
        ``pose(t) -> (position (n, 3), orientation (n, 3, 3), tilt (n,))``.
    """
    freqs = rng.uniform(5.0, 20.0, 12)
    phases = rng.uniform(0, 2 * np.pi, (12, 3))
    amps = 0.4 / (2 * np.pi * freqs) ** 2  # about 0.4 m/s² each
    slow_f = np.array([0.05, 0.11, 0.23])
    slow_a = np.array([1.0, 0.6, 0.3]) / (2 * np.pi * slow_f) ** 2

    def pose(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        t = np.asarray(t, dtype=float)
        vib = np.stack(
            [(amps[:, None] * np.sin(2 * np.pi * freqs[:, None] * t + phases[:, j, None])).sum(0) for j in range(3)], -1
        )
        vib[:, 0] += (slow_a[:, None] * np.sin(2 * np.pi * slow_f[:, None] * t)).sum(0)
        tilt = 0.01 * np.sin(2 * np.pi * 7.0 * t)
        return vib, rot_x(tilt), tilt

    return pose


#: Sitting: each segment's tilt from its standing posture [deg] about its medio-lateral axis (thigh flexed to the
#: horizontal, forearm resting forward on the lap, pelvis tilted back; the shoe stays flat on the floor).
_SEATED_DEG = {"foot": 0.0, "lumbar": -15.0, "pocket": 90.0, "wrist": 80.0}


def seated(pose: Pose, placement: str, t_end: float, rng: np.random.Generator) -> Pose:
    """A seated posture with fidgeting, no steps.

    The segment tilts to its seated posture (:data:`_SEATED_DEG`), sways slowly (0.05-0.5 Hz, about 2 deg per
    axis) and shifts its posture by up to 10 deg over a second every 5-10 s, moving the sensor a few centimetres.

    Parameters
    ----------
    pose
        The segment's standing pose (its walk has no bouts).
    placement
        Where the sensor is.
    t_end
        The recording's length [s].
    rng
        Random source.

    Returns
    -------
    callable
        The seated pose.
    """
    tilt = np.radians(_SEATED_DEG[placement])
    freqs = rng.uniform(0.05, 0.5, (3, 3))
    phases = rng.uniform(0.0, 2 * np.pi, (3, 3))
    amps = np.radians(rng.uniform(0.3, 1.2, (3, 3)))
    shift_t = np.cumsum(rng.uniform(5.0, 10.0, int(t_end / 5.0) + 2))
    levels = np.vstack([np.zeros(3), np.radians(rng.uniform(-10.0, 10.0, (len(shift_t), 3)))])  # posture after each
    knots_t = np.r_[-1.0, np.ravel(np.column_stack([shift_t, shift_t + 1.0]))]
    knots_a = np.vstack([levels[0], np.repeat(levels[:-1], 2, axis=0)[1:], levels[-1]])

    def seated(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pos, rot, extra = pose(t)
        t = np.asarray(t, dtype=float)
        sway = np.stack([(amps[j][:, None] * np.sin(2 * np.pi * freqs[j][:, None] * t + phases[j][:, None])).sum(0)
                         for j in range(3)], -1)  # fmt: skip
        z = np.zeros_like(knots_a)
        shifted = np.stack([quintic(t, knots_t, knots_a[:, j], z[:, j], z[:, j]) for j in range(3)], -1)
        a = sway + shifted
        local = rot_y(np.full(len(t), -tilt)) @ rot_x(a[:, 0]) @ rot_y(a[:, 1]) @ rot_z(a[:, 2])
        return pos + 0.1 * a[:, [1, 0, 2]], rot @ local, extra

    return seated


#: Cycling, seated: each segment's mean tilt from its standing posture [deg] about its medio-lateral axis and how far
#: it swings either side of it once per crank revolution [deg] (orders of magnitude of seated cycling: the hip
#: flexes through about 40 deg around some 50 deg, the ankle rocks through 20-30 deg; Bini et al. 2011,
#: doi:10.1177/0954411911416974), the pelvis leaning forward and rocking a few degrees side to side, the hands
#: resting on the bars.
_CYCLING_DEG = {"foot": (0.0, 12.0), "lumbar": (30.0, 0.0), "pocket": (50.0, 20.0), "wrist": (45.0, 0.0)}
#: The pedal's circle [m] (a crank of 170-175 mm).
_CRANK_M = 0.17


def cycling(placement: str, cadence_rpm: float, rng: np.random.Generator) -> Pose:
    """A cyclist pedalling seated on a road: the segment's pedalling motion and the road's vibration, no steps.

    The thigh swings about its flexed mean and the foot turns with the crank's circle (:data:`_CYCLING_DEG`,
    :data:`_CRANK_M`), the pelvis rocks 2 deg side to side once per revolution; everything rides the road's
    vibration (:func:`vibration_pose`).

    Parameters
    ----------
    placement
        Where the sensor is.
    cadence_rpm
        Crank revolutions per minute.
    rng
        Random source (the road's vibration, the crank's phase).

    Returns
    -------
    callable
        ``pose(t) -> (position, orientation, tilt)`` as :func:`vibration_pose`'s, the tilt the segment's [deg].
    """
    road = vibration_pose(rng)
    mean, swing = (np.radians(x) for x in _CYCLING_DEG[placement])
    f = cadence_rpm / 60.0
    phase = rng.uniform(0.0, 2 * np.pi)

    def pose(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        t = np.asarray(t, dtype=float)
        vib, _, _ = road(t)
        u = 2 * np.pi * f * t + phase
        tilt = mean + swing * np.sin(u)
        rock = np.radians(2.0) * np.sin(u) if placement == "lumbar" else np.zeros_like(t)
        pos = vib + np.array([0.0, 0.0, 0.9])
        if placement == "foot":  # the pedal's circle
            pos = pos + _CRANK_M * np.column_stack([np.cos(u), np.zeros_like(t), np.sin(u)])
        elif placement == "pocket":  # the sensor 0.2 m down the thigh from the hip
            pos = pos + 0.2 * np.column_stack([np.sin(tilt), np.zeros_like(t), -np.cos(tilt)])
        return pos, rot_y(-tilt) @ rot_x(rock), np.degrees(tilt)

    return pose
