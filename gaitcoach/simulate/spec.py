"""What the simulator takes (:class:`WalkSpec`) and what it returns besides the recording (:class:`WalkTruth`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["WalkSpec", "WalkTruth"]


@dataclass(frozen=True)
class WalkSpec:
    """A described walk. Pairs are ``(left, right)``.

    Defaults describe a healthy adult at a comfortable speed: cadence 110 steps/min and stride 1.40 m
    (1.28 m/s; Bohannon & Williams Andrews 2011, doi:10.1016/j.physio.2010.12.004: 1.2-1.4 m/s comfortable
    speed under 70), stance 60 % of the gait cycle (about 60-62 % in gait-lab terminology), foot strike and
    toe-off sole angles of +20 deg and -60 deg and pelvic motion of a few degrees (orders of magnitude as in
    Perry & Burnfield, *Gait Analysis*, 2nd ed. 2010), toe-out 7 deg (adult values of 5-13 deg are quoted in
    the project's evidence notes). They are plausible inputs, not norms: the coaching uses its own cited
    bands.

    Attributes
    ----------
    cadence_spm
        Steps per minute (mean of both sides).
    stride_length_m
        Heel-to-heel distance of one foot over one stride on straight walking.
    bouts
        Strides per walking bout (each bout starts and ends standing, feet side by side).
    pause_s, lead_in_s, lead_out_s
        Standing between bouts, before the first and after the last [s].
    turns
        ``(step_index, angle_deg)``: the walking direction turns by ``angle_deg`` (+ = left) spread over the
        three footfalls after global step ``step_index`` (0 = the first step of the first bout).
    step_time_asymmetry_pct
        ``100 * (left step - right step) / mean step``; a left step ends with a left heel strike.
    step_time_cv_pct
        Step-to-step variability: each step's duration varies at random about its side's mean with this
        coefficient of variation [%] (drawn with ``seed``, within 2.5 SD; each swing keeps its duration, so the
        stance absorbs the change). Healthy adults' stride time varies by about 1-3 %, older adults and people
        with neurological disease by more (Hausdorff 2005, doi:10.1186/1743-0003-2-19). Default 0: a metronome
        walk.
    stance_pct
        Stance time per side [% of the stride] (default 62 %, normal walking in Perry & Burnfield 2010).
    strike_angle_deg
        Sole pitch at heel strike (+ = toe up); near 0 is a flat-foot landing.
    toe_off_angle_deg
        Sole pitch at toe-off (- = toe down); a weak push-off has a smaller magnitude.
    push_off_dps
        Peak plantar-flexion angular velocity of the foot at toe-off [deg/s] (negative).
    fpa_deg
        Foot progression angle (+ = toe out).
    pelvic_drop_deg
        How far each side of the pelvis drops while it swings [deg] ("one hip higher": unequal values; negative:
        the side rises instead, a hip hitched to clear the foot).
    pelvic_tilt_excursion_deg, pelvic_rotation_deg
        Sagittal tilt and transverse rotation, peak to peak [deg].
    rotation_swing_strides
        When the trunk turns back fastest (its yaw rate's extreme, negative at a left heel strike) [strides from the
        heel strike]; it differs from person to person: three real people at 0.00, -0.09 and -0.17 (mobgap's example
        data, ``benchmarks/bench_sim_vs_real.py``); the default is their middle.
    hip_extension_deg
        Peak thigh extension behind the vertical in late stance [deg] (the pocket phone sees it).
    arm_swing_deg
        Arm swing peak to peak [deg] (the wrist sensor sees it).
    arm_swing_per_step
        The arms swing once a step instead of once a stride, as they do in slow walking (0.3-0.7 m/s on a
        treadmill: arm movements locked onto the step frequency, onto the stride frequency from 0.8 m/s;
        Wagenaar & van Emmerik 2000, doi:10.1016/S0021-9290(00)00020-8).
    height_m
        Body height; the lower-back sensor sits at 0.55 x height above the floor (Zijlstra & Hof 2003 use
        leg length; 0.53 x height is skdh's default).
    placement, side
        Sensor placement (``"foot"``, ``"lumbar"``, ``"pocket"``, ``"wrist"``) and side for one-sided ones.
    mounting_deg
        Sensor rotation relative to the segment's default mounting, intrinsic z-y-x (yaw, pitch, roll) [deg].
        For the foot the default mounting is on the laces with x toward the toe; ``(0, 40, 0)`` pitches it 40 deg.
    lumbar_offset_m
        Where a belt sensor sits relative to the middle of the lower back, in the pelvis' frame (forward, left,
        up) [m]: ``(0.0, 0.16, 0.0)`` is a phone clipped to the belt over the left hip (about half the pelvis'
        width), which rides the pelvis' rotations on that lever.
    activity
        ``"walk"``, ``"stand"`` (no steps), ``"sit"`` (seated, fidgeting: no steps), ``"vibration"`` (a phone
        lying in a moving car: no steps), ``"cycle"`` (pedalling on a road at ``cadence_spm`` revolutions per
        minute: no steps) or ``"run"`` (running at ``cadence_spm`` steps per minute and ``stride_length_m``, with a
        flight in every step: no walking; lower back, pocket and wrist).
    rate_hz, jitter_s
        Sampling rate and the SD of timestamp jitter [s].
    acc_noise_mps2, gyr_noise_dps, acc_bias_mps2, gyr_bias_dps
        White noise SD and constant bias per axis.
    acc_range_g, gyr_range_dps
        Saturation of the sensor (values are clipped).
    impact_g
        Peak of the heel-strike impact on the foot [g] (one peak centred on the contact,
        :func:`~gaitcoach.simulate.sensor.with_heel_strike`; the instep sensors of the project's real recordings
        peak at 6-9 g at heel strike).
    gaps
        ``(start_s, end_s)`` stretches where the logger lost samples.
    seed
        Random seed (noise, jitter, random mounting).
    sync_jump_s
        Time [s] at which the walker, standing in the lead-in, jumps once with both feet (feet in the air for 0.3 s;
        the landing 0.36 s later is the event that puts two shoes on one clock); None: no jump.
    started_at
        UTC start.
    """

    cadence_spm: float = 110.0
    stride_length_m: float = 1.40
    bouts: tuple[int, ...] = (10,)
    pause_s: float = 3.0
    lead_in_s: float = 2.0
    lead_out_s: float = 2.0
    turns: tuple[tuple[int, float], ...] = ()
    step_time_asymmetry_pct: float = 0.0
    step_time_cv_pct: float = 0.0
    stance_pct: tuple[float, float] = (62.0, 62.0)
    strike_angle_deg: tuple[float, float] = (20.0, 20.0)
    toe_off_angle_deg: tuple[float, float] = (-60.0, -60.0)
    push_off_dps: tuple[float, float] = (-350.0, -350.0)
    fpa_deg: tuple[float, float] = (7.0, 7.0)
    pelvic_drop_deg: tuple[float, float] = (4.0, 4.0)
    pelvic_tilt_excursion_deg: float = 4.0
    pelvic_rotation_deg: float = 8.0
    rotation_swing_strides: float = -1.0 / 12.0
    hip_extension_deg: tuple[float, float] = (10.0, 10.0)
    arm_swing_deg: float = 30.0
    arm_swing_per_step: bool = False
    height_m: float = 1.75
    placement: str = "foot"
    side: str = "left"
    mounting_deg: tuple[float, float, float] = (0.0, 0.0, 0.0)
    lumbar_offset_m: tuple[float, float, float] = (0.0, 0.0, 0.0)
    activity: str = "walk"
    rate_hz: float = 100.0
    jitter_s: float = 0.0
    acc_noise_mps2: float = 0.0
    gyr_noise_dps: float = 0.0
    acc_bias_mps2: float = 0.0
    gyr_bias_dps: float = 0.0
    acc_range_g: float = 16.0
    gyr_range_dps: float = 2000.0
    impact_g: float = 5.0
    gaps: tuple[tuple[float, float], ...] = ()
    seed: int = 0
    sync_jump_s: float | None = None
    started_at: str = "2024-05-01T08:00:00Z"

    @property
    def sensor_height_m(self) -> float:
        """Height of a lower-back sensor above the floor [m]."""
        return 0.55 * self.height_m


@dataclass(frozen=True)
class WalkTruth:
    """The known truth behind a simulated recording.

    Attributes
    ----------
    events
        ``time_s``, ``event`` (``"IC"``/``"FC"``), ``side``, sorted by time: both feet, whatever the placement.
    strides
        One row per stride of each foot (IC to the next IC of the same foot within a bout), with the columns
        of the strides contract: ``side, ic_s, fc_s, next_ic_s, stride_time_s, stance_time_s, swing_time_s,
        stance_pct, stride_length_m, strike_angle_deg, toe_off_angle_deg, fpa_deg, straight``.
    pelvis
        One row per stride of the left foot: ``ic_s``, ``obliquity_range_deg``, ``drop_left_deg``,
        ``drop_right_deg`` (how far each side falls below level while it swings; 0 where it only rises),
        ``tilt_excursion_deg``, ``rotation_range_deg``, ``rise_left_deg``, ``rise_right_deg`` (how far it rises
        above level: a hitched hip).
    sensor_position
        World position of the sensor (``time_s`` index; ``x, y, z`` [m]; z up, x the first walking
        direction) at the sample times, for trajectory checks.
    spec
        The description that produced it.
    """

    events: pd.DataFrame
    strides: pd.DataFrame
    pelvis: pd.DataFrame
    sensor_position: pd.DataFrame
    spec: WalkSpec = field(repr=False)
