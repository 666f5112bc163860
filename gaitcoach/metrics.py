"""Strides -> session summary: medians, spreads and left/right asymmetry, with units in every name."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

__all__ = ["SessionSummary", "asymmetry_pct", "covered_s", "summarize"]


def asymmetry_pct(left: float, right: float) -> float:
    """Symmetry index ``100 * (left - right) / mean(left, right)`` [%].

    Robinson et al. 1987, J Manipulative Physiol Ther 10:172; the form used for step and stance time by the
    evidence notes' sources.

    Parameters
    ----------
    left, right
        The same measure on each side.

    Returns
    -------
    float
        Positive when the left value is larger; NaN when either is missing.
    """
    if not (np.isfinite(left) and np.isfinite(right)) or left + right == 0:
        return math.nan
    return 100.0 * (left - right) / ((left + right) / 2.0)


@dataclass(frozen=True)
class SessionSummary:
    """Session values (medians over the straight, level strides unless said otherwise); NaN = not measurable.

    ``*_sd`` are standard deviations over strides (the spread that coaching reports as uncertainty).
    ``walking_asymmetry_pct`` is the iPhone's own walking metric from an Apple Health export: the share of steps
    whose duration differs between the feet (Apple, "Measuring Walking Quality Through iPhone Mobility Metrics",
    May 2021), not the left-right difference of ``step_time_asymmetry_pct``; no cue judges it.
    """

    n_strides: int = 0
    walking_time_s: float = math.nan
    cadence_spm: float = math.nan
    stride_time_s: float = math.nan
    stride_time_sd_s: float = math.nan
    stride_length_m: float = math.nan
    stride_length_sd_m: float = math.nan
    speed_mps: float = math.nan
    stance_pct: float = math.nan
    double_support_pct: float = math.nan
    strike_angle_deg: float = math.nan
    strike_angle_sd_deg: float = math.nan
    toe_off_angle_deg: float = math.nan
    toe_off_angle_sd_deg: float = math.nan
    fpa_left_deg: float = math.nan
    fpa_right_deg: float = math.nan
    fpa_sd_deg: float = math.nan
    push_off_left_dps: float = math.nan
    push_off_right_dps: float = math.nan
    roll_through_s: float = math.nan
    clearance_m: float = math.nan
    stance_time_asymmetry_pct: float = math.nan
    step_time_asymmetry_pct: float = math.nan
    not_level_fraction: float = math.nan
    pelvic_rotation_range_deg: float = math.nan
    pelvic_tilt_excursion_deg: float = math.nan
    pelvic_obliquity_range_deg: float = math.nan
    pelvic_drop_left_deg: float = math.nan
    pelvic_drop_right_deg: float = math.nan
    pelvic_rise_left_deg: float = math.nan
    pelvic_rise_right_deg: float = math.nan
    hip_extension_deg: float = math.nan
    hip_excursion_deg: float = math.nan
    n_steps: float = math.nan
    brisk_minutes: float = math.nan
    step_regularity: float = math.nan
    stride_regularity: float = math.nan
    harmonic_ratio: float = math.nan
    walking_asymmetry_pct: float = math.nan

    def as_dict(self) -> dict[str, float]:
        """The values by name.

        Returns
        -------
        dict
            Name to value.
        """
        return asdict(self)


def _median(s: pd.Series) -> float:
    v = pd.to_numeric(s, errors="coerce").dropna()
    return float(v.median()) if len(v) else math.nan


def _sd(s: pd.Series) -> float:
    v = pd.to_numeric(s, errors="coerce").dropna()
    return float(v.std(ddof=1)) if len(v) > 1 else math.nan


def covered_s(start: np.ndarray, end: np.ndarray) -> float:
    """Time covered by the union of the intervals ``[start, end]`` [s].

    Walking time from strides that overlap: a lower back's strides start at every step, two shoes' interleave.
    """
    ok = np.isfinite(start) & np.isfinite(end) & (end > start)
    if not ok.any():
        return 0.0
    order = np.argsort(start[ok], kind="stable")
    s, e = start[ok][order], end[ok][order]
    reach = np.maximum.accumulate(e)
    new = np.r_[True, s[1:] > reach[:-1]]  # a stride starting after everything before it has ended
    first = np.flatnonzero(new)
    return float(np.sum(np.maximum.reduceat(e, first) - s[first]))


def summarize(strides: pd.DataFrame, events: pd.DataFrame) -> SessionSummary:
    """Summarise a session's strides.

    Parameters
    ----------
    strides
        The strides table (one or both feet).
    events
        The events table (both feet's initial contacts give the step times).

    Returns
    -------
    SessionSummary
        Medians over straight, level strides; toe-out and push-off per side; stance-time and step-time
        asymmetry (left vs right) when both feet were measured.
    """
    if strides.empty:
        return SessionSummary()
    good = strides[strides["straight"].astype(bool) & strides["level"].astype(bool)]
    use = good if len(good) else strides
    side = use["side"]
    stance = {s: _median(use.loc[side == s, "stance_time_s"]) for s in ("left", "right")}
    ic = events[events["event"] == "IC"].sort_values("time_s")
    steps = {"left": math.nan, "right": math.nan}
    if set(ic["side"]) >= {"left", "right"}:
        t, sd = ic["time_s"].to_numpy(), ic["side"].to_numpy()
        dt = np.diff(t)
        ok = (sd[1:] != sd[:-1]) & (dt < 2.0)
        for s in ("left", "right"):  # a left step ends with a left heel strike
            m = ok & (sd[1:] == s)
            steps[s] = float(np.median(dt[m])) if m.any() else math.nan
    stride_t = _median(use["stride_time_s"])
    return SessionSummary(
        n_strides=len(strides),
        walking_time_s=covered_s(strides["ic_s"].to_numpy(float), strides["next_ic_s"].to_numpy(float)),
        cadence_spm=120.0 / stride_t if np.isfinite(stride_t) else math.nan,
        stride_time_s=stride_t,
        stride_time_sd_s=_sd(use["stride_time_s"]),
        stride_length_m=_median(use["stride_length_m"]),
        stride_length_sd_m=_sd(use["stride_length_m"]),
        speed_mps=_median(use["speed_mps"]),
        stance_pct=_median(use["stance_pct"]),
        double_support_pct=_median(100.0 * use.get("double_support_s", np.nan) / use["stride_time_s"]),
        strike_angle_deg=_median(use["strike_angle_deg"]),
        strike_angle_sd_deg=_sd(use["strike_angle_deg"]),
        toe_off_angle_deg=_median(use["toe_off_angle_deg"]),
        toe_off_angle_sd_deg=_sd(use["toe_off_angle_deg"]),
        fpa_left_deg=_median(use.loc[side == "left", "fpa_deg"]),
        fpa_right_deg=_median(use.loc[side == "right", "fpa_deg"]),
        fpa_sd_deg=_sd(use["fpa_deg"]),
        push_off_left_dps=_median(use.loc[side == "left", "push_off_dps"]),
        push_off_right_dps=_median(use.loc[side == "right", "push_off_dps"]),
        roll_through_s=_median(use["roll_through_s"]),
        clearance_m=_median(use["clearance_m"]),
        stance_time_asymmetry_pct=asymmetry_pct(stance["left"], stance["right"]),
        step_time_asymmetry_pct=asymmetry_pct(steps["left"], steps["right"]),
        not_level_fraction=float(1.0 - strides["level"].astype(bool).mean()),
        pelvic_rotation_range_deg=_median(use.get("rotation_range_deg", pd.Series(dtype=float))),
        pelvic_tilt_excursion_deg=_median(use.get("tilt_excursion_deg", pd.Series(dtype=float))),
        pelvic_obliquity_range_deg=_median(use.get("obliquity_range_deg", pd.Series(dtype=float))),
        pelvic_drop_left_deg=_median(use.get("drop_left_deg", pd.Series(dtype=float))),
        pelvic_drop_right_deg=_median(use.get("drop_right_deg", pd.Series(dtype=float))),
        pelvic_rise_left_deg=_median(use.get("rise_left_deg", pd.Series(dtype=float))),
        pelvic_rise_right_deg=_median(use.get("rise_right_deg", pd.Series(dtype=float))),
        hip_extension_deg=_median(use.get("hip_extension_deg", pd.Series(dtype=float))),
        hip_excursion_deg=_median(use.get("hip_excursion_deg", pd.Series(dtype=float))),
        harmonic_ratio=_median(use.get("harmonic_ratio", pd.Series(dtype=float))),
    )
