"""What a sensor sees when its wearer is not walking: sitting and fidgeting, lying in a moving car, cycling, running."""

from __future__ import annotations

import numpy as np
from scipy.interpolate import CubicSpline

from .curves import quintic, rot_x, rot_y, rot_z
from .sensor import GRAVITY_MPS2, Pose, with_heel_strike, with_impact

__all__ = ["RUN_DUTY_FACTOR", "cycling", "running", "seated", "vibration_pose"]


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


#: Running: the share of each stride a foot is on the ground (the duty factor: about 0.3-0.4 at jogging speeds, under
#: 0.5 in any run, Novacheck 1998, doi:10.1016/S0966-6362(97)00038-6), so each step is 72 % contact and 28 % flight.
RUN_DUTY_FACTOR = 0.36
#: Each segment's swing at the stride frequency while running [deg]: mean and amplitude of its sagittal angle
#: (hip from 10 deg of extension to 45 deg of flexion, Novacheck 1998; the bent arm through about 50 deg), and the
#: trunk's pitch, roll and yaw amplitudes.
_RUN_DEG = {"pocket": (17.5, 27.5), "wrist": (0.0, 25.0)}
_RUN_TRUNK_DEG = (3.0, 4.0, 6.0)
#: Each contact's impact transient [g]: at the lower back and the thigh (design choice: twice walking's
#: or more, the impact peak of running's ground reaction force being 1.5-2.5 body weights against walking's 1.2).
_RUN_IMPACT_G = {"lumbar": 1.0, "pocket": 1.5, "wrist": 0.0}


#: Where in a running stride (0 at the foot's contact) the hip is most extended and most flexed: at the toe-off and
#: in late swing, so that the thigh flexes through 42 % of the stride (Novacheck 1998).
_HIP_EXTENDED, _HIP_FLEXED = RUN_DUTY_FACTOR, RUN_DUTY_FACTOR + 0.42


def _hip_wave(p: np.ndarray) -> np.ndarray:
    """The thigh's sagittal swing over a running stride, -1 (extended) .. +1 (flexed), smooth; ``p`` in 0..1."""
    q = np.mod(p - _HIP_EXTENDED, 1.0)  # 0 at the toe-off
    up = _HIP_FLEXED - _HIP_EXTENDED
    return np.where(q < up, -np.cos(np.pi * q / up), np.cos(np.pi * (q - up) / (1.0 - up)))


def _spring_mass_height(step_s: float) -> CubicSpline:
    """The centre of mass' height over one step of running [m], 0 at the contact, periodic.

    The spring-mass model of running (Blickhan 1989, doi:10.1016/0021-9290(89)90224-8): the vertical ground
    reaction force rises and falls as a half sine over the contact, whose impulse carries the body's weight over the
    whole step, and the body falls freely in the flight (the accelerometer then reads about 0 g).
    """
    contact_s = 2 * RUN_DUTY_FACTOR * step_s
    t = np.linspace(0.0, step_s, 4001)
    dt = t[1] - t[0]
    peak = np.pi * GRAVITY_MPS2 * step_s / (2 * contact_s)  # the half sine's impulse = weight x step time
    acc = np.where(t < contact_s, peak * np.sin(np.pi * np.minimum(t, contact_s) / contact_s), 0.0) - GRAVITY_MPS2
    acc -= np.trapezoid(acc, t) / step_s  # (the grid's residual)
    vel = np.concatenate([[0.0], np.cumsum(0.5 * (acc[1:] + acc[:-1]) * dt)])
    vel -= np.trapezoid(vel, t) / step_s
    z = np.concatenate([[0.0], np.cumsum(0.5 * (vel[1:] + vel[:-1]) * dt)])
    z -= np.linspace(0.0, z[-1] - z[0], len(z))
    z[-1] = z[0]
    return CubicSpline(t, z - z[0], bc_type="periodic")


def running(
    placement: str, side: str, cadence_spm: float, speed_mps: float, t_end: float, rng: np.random.Generator
) -> Pose:
    """A runner at a steady pace: the centre of mass bounces on the legs' springs, with a flight in every step.

    The body's height follows the spring-mass model (:func:`_spring_mass_height`), its forward speed brakes and
    pushes by 0.3 g in each contact; the trunk rocks a few degrees (:data:`_RUN_TRUNK_DEG`), the thigh and the bent
    arm swing once per stride (:data:`_RUN_DEG`) about the moving body. A contact every step from a random phase,
    the sensor's own foot on every other one, each with its impact (:data:`_RUN_IMPACT_G`: every contact's at the
    lower back, the own foot's on the thigh). Not on the shoe: a foot's running stance is not modelled.

    Parameters
    ----------
    placement, side
        Where the sensor is (``"lumbar"``, ``"pocket"`` or ``"wrist"``), and on which side.
    cadence_spm, speed_mps
        Steps per minute and running speed.
    t_end
        The recording's length [s].
    rng
        Random source (the contacts' phase).

    Returns
    -------
    callable
        ``pose(t) -> (position, orientation, tilt)`` as :func:`vibration_pose`'s.
    """
    if placement not in _RUN_IMPACT_G:
        raise ValueError(f"running is simulated at the lower back, in the pocket and at the wrist, not {placement!r}")
    step_s = 60.0 / cadence_spm
    height = _spring_mass_height(step_s)
    phase_s = float(rng.uniform(0.0, step_s))
    contact_s = 2 * RUN_DUTY_FACTOR * step_s
    # forward: braking, then pushing, by 0.3 g in each contact (a = -A sin(2 pi s / contact)), with the speed lost
    # and regained within the contact; the drift of that displacement over a step is taken out, so the mean speed
    # is ``speed_mps`` and position, speed and acceleration stay continuous
    k_c = 0.3 * GRAVITY_MPS2 * contact_s / (2 * np.pi)
    lag = k_c * contact_s  # the displacement lost over a contact
    pitch_a, roll_a, yaw_a = (np.radians(x) for x in _RUN_TRUNK_DEG)
    mean, swing = (np.radians(x) for x in _RUN_DEG.get(placement, (0.0, 0.0)))
    sign = 1.0 if side == "left" else -1.0

    def pose(t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        t = np.asarray(t, dtype=float)
        s = np.mod(t - phase_s, step_s)
        u = np.pi * (t - phase_s) / step_s  # the stride's phase: 0 at this side's contact, pi at the other's
        inside = np.minimum(s, contact_s)
        surge = k_c * (contact_s / (2 * np.pi) * np.sin(2 * np.pi * inside / contact_s) - inside) + lag * s / step_s
        body = np.column_stack([speed_mps * t + surge, np.zeros_like(t), 1.0 + height(s)])
        trunk = rot_z(yaw_a * sign * np.cos(u)) @ rot_x(roll_a * np.sin(u)) @ rot_y(-pitch_a * np.cos(2 * u))
        if placement == "lumbar":
            return body, trunk, np.zeros_like(t)
        if placement == "pocket":  # the hip extends until the toe-off, flexes until late swing, eases to the contact
            angle = mean + swing * _hip_wave(np.mod((t - phase_s) / (2 * step_s), 1.0))
        else:
            angle = mean + sign * swing * np.sin(u + (np.pi / 2 if placement == "wrist" else 0.0))
        rot = rot_y(-angle)
        if placement == "pocket":  # 0.2 m down the thigh from the hip
            pos = body + 0.2 * np.column_stack([np.sin(angle), np.zeros_like(t), -np.cos(angle)])
        else:  # the wrist: the shoulder 0.5 m above the hip, the elbow bent at the end of a 0.3 m upper arm
            pos = body + np.column_stack([0.3 * np.sin(angle), np.zeros_like(t), 0.5 - 0.3 * np.cos(angle)])
        return pos, rot, np.degrees(angle)

    contacts = np.arange(phase_s, t_end + step_s, step_s)
    peak_g = _RUN_IMPACT_G.get(placement, 0.0)
    if placement == "lumbar":
        return with_impact(pose, contacts, peak_g, tau_s=0.01, freq_hz=15.0)
    return with_heel_strike(pose, contacts[::2], peak_g) if peak_g else pose
