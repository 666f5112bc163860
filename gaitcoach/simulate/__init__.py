"""A walking simulator with known truth: a described walk in, IMU signals and the exact events out.

``simulate(WalkSpec(...))`` returns the :class:`~gaitcoach.model.Recording` a sensor on the foot, the lower
back, in a trouser pocket or on the wrist would record, and a :class:`WalkTruth` with the heel-strike and
toe-off times of both feet, per-stride foot angles and lengths, and pelvis angles. Signals are derived
physically from segment kinematics (see :mod:`.foot`, :mod:`.body`, :mod:`.sensor`).

It ships with the package (not only the tests) because the sample files are made from it and because users
and researchers can check an algorithm or a sensor setting against a known truth with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..model import GRAVITY_MPS2, TIME_COLUMN, Recording
from .activities import cycling, running, seated, vibration_pose
from .body import arm_pose, collision_gains, pelvis_pose, thigh_pose
from .foot import foot_pose
from .sensor import (
    JUMP_FLIGHT_S,
    JUMP_PUSH_S,
    imu_signals,
    mounting_matrix,
    sample_times,
    with_heel_strike,
    with_impact,
    with_jump,
)
from .spec import WalkSpec, WalkTruth
from .timeline import build_timeline, truth_tables

__all__ = ["WalkSpec", "WalkTruth", "activity_records", "simulate", "simulate_sequence"]

_PLACEMENTS = ("foot", "lumbar", "pocket", "wrist")


def simulate(spec: WalkSpec) -> tuple[Recording, WalkTruth]:
    """Simulate a walk as recorded by one sensor.

    Parameters
    ----------
    spec
        The walk and the sensor (placement, side, mounting, rate, noise, gaps, ...).

    Returns
    -------
    recording, truth
        The recording (placement and side set, gaps kept as segments) and the known truth.

    Raises
    ------
    ValueError
        For an unknown placement, side or activity.
    """
    if spec.placement not in _PLACEMENTS:
        raise ValueError(f"expected placement in {_PLACEMENTS}, got {spec.placement!r}")
    if spec.side not in ("left", "right"):
        raise ValueError(f"expected side 'left' or 'right', got {spec.side!r}")
    if spec.activity not in ("walk", "stand", "sit", "vibration", "cycle", "run"):
        raise ValueError(
            f"expected activity 'walk', 'stand', 'sit', 'vibration', 'cycle' or 'run', got {spec.activity!r}"
        )
    rng = np.random.default_rng(spec.seed)
    tl = build_timeline(spec)
    events, strides = truth_tables(spec, tl)
    t = sample_times(spec, tl.t_end, rng)
    ics = {s: np.array([x.ic for x in tl.stances[s] if np.isfinite(x.ic)]) for s in ("left", "right")}
    if spec.activity == "vibration":
        pose = vibration_pose(rng)
    elif spec.activity == "cycle":  # pedalling at the walk's cadence in revolutions per minute
        pose = cycling(spec.placement, spec.cadence_spm, rng)
    elif spec.activity == "run":  # running at the walk's cadence and speed
        speed = spec.stride_length_m * spec.cadence_spm / 120.0
        pose = running(spec.placement, spec.side, spec.cadence_spm, speed, tl.t_end, rng)
    elif spec.placement == "foot":
        pose = with_heel_strike(foot_pose(spec, tl, spec.side), ics[spec.side], spec.impact_g)
    elif spec.placement == "lumbar":
        both = np.sort(np.r_[ics["left"], ics["right"]])
        gains = collision_gains(spec, tl, both)  # a bout's first heel strike lands softer
        pose = with_impact(pelvis_pose(spec, tl), both, 0.01 * spec.impact_g, tau_s=0.01, freq_hz=15.0, gains=gains)
    elif spec.placement == "pocket":
        pose = with_heel_strike(thigh_pose(spec, tl, spec.side), ics[spec.side], 0.12 * spec.impact_g)
    else:
        pose = arm_pose(spec, tl, spec.side)
    if spec.activity == "sit":
        pose = seated(pose, spec.placement, tl.t_end, rng)
    if spec.sync_jump_s is not None and spec.activity == "walk":
        landing = spec.sync_jump_s + JUMP_PUSH_S + JUMP_FLIGHT_S
        pose = with_impact(with_jump(pose, spec.sync_jump_s), np.array([landing]), spec.impact_g, 0.004, 30.0)
    acc, gyr, position = imu_signals(pose, t, mounting_matrix(spec), average_s=1.0 / spec.rate_hz)
    acc = (
        acc + spec.acc_bias_mps2 + rng.normal(0.0, spec.acc_noise_mps2, acc.shape)
        if spec.acc_noise_mps2 or spec.acc_bias_mps2
        else acc
    )
    gyr = (
        gyr + spec.gyr_bias_dps + rng.normal(0.0, spec.gyr_noise_dps, gyr.shape)
        if spec.gyr_noise_dps or spec.gyr_bias_dps
        else gyr
    )
    acc = np.clip(acc, -spec.acc_range_g * GRAVITY_MPS2, spec.acc_range_g * GRAVITY_MPS2)
    gyr = np.clip(gyr, -spec.gyr_range_dps, spec.gyr_range_dps)
    frame = pd.DataFrame(
        np.column_stack([t, acc, gyr]), columns=[TIME_COLUMN, "acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"]
    )
    recording = Recording.from_dataframe(
        frame,
        sampling_rate_hz=spec.rate_hz,
        placement=spec.placement,
        side=spec.side if spec.placement != "lumbar" else None,
        started_at=spec.started_at,
    ).replace(source_format="simulated", device="gaitcoach simulator", info={"simulated": True})
    pelvis = _pelvis_truth(spec, tl, strides)
    sensor_position = pd.DataFrame(position, columns=["x", "y", "z"], index=pd.Index(t, name=TIME_COLUMN))
    return recording, WalkTruth(
        events=events, strides=strides, pelvis=pelvis, sensor_position=sensor_position, spec=spec
    )


def simulate_sequence(specs: Sequence[WalkSpec]) -> tuple[Recording, list[WalkTruth]]:
    """Walks recorded one after the other by one sensor, without a break: a brisk walk, then a slow one, ...

    Each walk starts and ends standing still (its ``lead_in_s`` and ``lead_out_s``); the next one's first sample
    follows the last one's by a sample interval, on one clock.

    Parameters
    ----------
    specs
        The walks, in order (standing, sitting or a car ride among them: ``activity``): one placement, side and
        rate, no logger gaps.

    Returns
    -------
    recording, truths
        One recording, and each walk's truth with its times on the recording's clock.

    Raises
    ------
    ValueError
        For no walks, walks of different sensors, or logger gaps.
    """
    if not specs:
        raise ValueError("expected at least one walk")
    first = specs[0]
    if any((s.placement, s.side, s.rate_hz) != (first.placement, first.side, first.rate_hz) for s in specs):
        raise ValueError("expected one placement, side and rate for every walk of a sequence")
    if any(s.gaps for s in specs):
        raise ValueError("expected walks without logger gaps in a sequence")
    parts, truths, offset = [], [], 0.0
    for spec in specs:  # a loop over walks
        rec, truth = simulate(spec)
        parts.append(rec.signals.set_axis(rec.signals.index + offset))
        shift = {c: truth.strides[c] + offset for c in ("ic_s", "fc_s", "next_ic_s") if c in truth.strides}
        truths.append(dataclasses.replace(
            truth,
            events=truth.events.assign(time_s=truth.events["time_s"] + offset),
            strides=truth.strides.assign(**shift),
            pelvis=truth.pelvis.assign(ic_s=truth.pelvis["ic_s"] + offset) if "ic_s" in truth.pelvis else truth.pelvis,
            sensor_position=truth.sensor_position.set_axis(truth.sensor_position.index + offset),
        ))  # fmt: skip
        offset = float(parts[-1].index[-1]) + 1.0 / first.rate_hz
    recording = Recording.from_dataframe(
        pd.concat(parts),
        sampling_rate_hz=first.rate_hz,
        placement=first.placement,
        side=first.side if first.placement != "lumbar" else None,
        started_at=first.started_at,
    ).replace(source_format="simulated", device="gaitcoach simulator", info={"simulated": True})
    return recording, truths


def _pelvis_truth(spec: WalkSpec, tl, strides: pd.DataFrame) -> pd.DataFrame:
    """Pelvis angles per stride of the left foot, measured on the simulated pelvis at 1 kHz."""
    cols = [
        "ic_s",
        "obliquity_range_deg",
        "drop_left_deg",
        "drop_right_deg",
        "tilt_excursion_deg",
        "rotation_range_deg",
        "rise_left_deg",
        "rise_right_deg",
    ]
    if strides.empty:
        return pd.DataFrame(columns=cols)
    pose = pelvis_pose(spec, tl)
    right_ic = np.sort(strides.loc[strides["side"] == "right", "ic_s"].to_numpy(dtype=float))
    rows = []
    for _, s in strides[strides["side"] == "left"].iterrows():  # a loop over strides
        tt = np.arange(s["ic_s"], s["next_ic_s"], 1e-3)
        ang = pose(tt)[2]
        # each side drops or rises (obliquity + = left higher) while it swings: the right while the left foot
        # stands, until the right heel strike; then the left
        mid = right_ic[(right_ic > s["ic_s"]) & (right_ic < s["next_ic_s"])]
        first = tt < (mid[0] if len(mid) else 0.5 * (s["ic_s"] + s["next_ic_s"]))
        obl_r, obl_l = ang[first, 0], ang[~first, 0]
        drop_right, rise_right = max(0.0, float(obl_r.max(initial=0.0))), max(0.0, float(-obl_r.min(initial=0.0)))
        drop_left, rise_left = max(0.0, float(-obl_l.min(initial=0.0))), max(0.0, float(obl_l.max(initial=0.0)))
        rows.append([s["ic_s"], np.ptp(ang[:, 0]), drop_left, drop_right, np.ptp(ang[:, 1]), np.ptp(ang[:, 2]),
                     rise_left, rise_right])  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def activity_records(truth: WalkTruth, duration_s: float, *, heart_rate_bpm: float = 95.0) -> pd.DataFrame:
    """The 1 Hz activity records a watch would log for the simulated walk (for FIT files).

    Parameters
    ----------
    truth
        The walk's truth.
    duration_s
        Length of the recording [s].
    heart_rate_bpm
        Heart rate to write while walking (resting 10 bpm lower).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``time_s`` (whole seconds): ``cadence_spm``, ``speed_mps``, ``step_length_m``,
        ``stance_time_s``, ``stance_time_balance_pct`` (left share of stance time), ``distance_m``,
        ``heart_rate_bpm``; zeros while standing.
    """
    t = np.arange(int(np.ceil(duration_s)) + 1, dtype=float)
    st = truth.strides
    walking = np.zeros(len(t), dtype=bool)
    for a, b in zip(st.get("ic_s", []), st.get("next_ic_s", [])):
        walking |= (t >= a) & (t <= b)
    stride_t = float(st["stride_time_s"].median()) if not st.empty else np.nan
    length = float(st["stride_length_m"].median()) if not st.empty else 0.0
    stance = st.groupby("side")["stance_time_s"].median() if not st.empty else pd.Series(dtype=float)
    balance = 100.0 * stance.get("left", np.nan) / stance.sum() if len(stance) == 2 else np.nan
    speed = np.where(walking, length / stride_t if not st.empty else 0.0, 0.0)
    out = pd.DataFrame(
        {
            "cadence_spm": np.where(walking, 120.0 / stride_t if not st.empty else 0.0, 0.0),
            "speed_mps": speed,
            "step_length_m": np.where(walking, length / 2, 0.0),
            "stance_time_s": np.where(walking, float(stance.mean()) if len(stance) else 0.0, 0.0),
            "stance_time_balance_pct": np.where(walking, balance, np.nan),
            "distance_m": np.cumsum(speed),
            "heart_rate_bpm": np.where(walking, heart_rate_bpm, heart_rate_bpm - 10.0),
        },
        index=pd.Index(t, name=TIME_COLUMN),
    )
    return out
