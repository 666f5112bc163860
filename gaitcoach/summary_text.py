"""The session summary in plain words: the table the CLI prints and the dashboard shows."""

from __future__ import annotations

from .metrics import SessionSummary

__all__ = ["DECIMALS", "LABELS", "UNITS", "format_value", "summary_heading", "summary_rows"]

#: Unit shown after a value, from the ending of the summary field's name.
UNITS: dict[str, str] = {"_spm": "steps/min", "_s": "s", "_m": "m", "_mps": "m/s", "_pct": "%", "_deg": "deg",
                         "_dps": "deg/s"}  # fmt: skip
#: Finest step a value is shown to, in decimals, by its unit (design choice: what the sensors resolve and a coach
#: reads; a pelvis' drop to 0.1 deg, where a sensor reads it within a few degrees, not 0.0177 deg; a stride's
#: time to the millisecond, not 0.000535 s). Within it, three significant digits.
DECIMALS: dict[str, int] = {"steps/min": 1, "s": 3, "m": 2, "m/s": 2, "%": 1, "deg": 1, "deg/s": 0}

#: Plain words for the summary's measures (no jargon without an explanation).
LABELS: dict[str, str] = {
    "n_strides": "strides analysed",
    "walking_time_s": "time walking",
    "cadence_spm": "cadence (steps per minute)",
    "stride_time_s": "stride time (one step of each foot)",
    "stride_time_sd_s": "stride time, spread",
    "stride_length_m": "stride length (heel to heel of the same foot)",
    "stride_length_sd_m": "stride length, spread",
    "speed_mps": "walking speed",
    "stance_pct": "time on the ground (% of each stride)",
    "double_support_pct": "both feet on the ground (% of each stride)",
    "strike_angle_deg": "foot strike angle (toes up at heel strike)",
    "strike_angle_sd_deg": "foot strike angle, spread",
    "toe_off_angle_deg": "toe-off angle (toes down as the foot leaves)",
    "toe_off_angle_sd_deg": "toe-off angle, spread",
    "fpa_left_deg": "foot progression angle, left (how far the toes turn out)",
    "fpa_right_deg": "foot progression angle, right (how far the toes turn out)",
    "fpa_sd_deg": "foot progression angle, spread",
    "push_off_left_dps": "push-off speed, left",
    "push_off_right_dps": "push-off speed, right",
    "roll_through_s": "roll-through (heel strike to flat foot)",
    "clearance_m": "sensor lift in swing",
    "stance_time_asymmetry_pct": "left/right difference in time on the ground",
    "step_time_asymmetry_pct": "left/right difference in step time",
    "not_level_fraction": "share of strides on stairs or slopes",
    "pelvic_rotation_range_deg": "pelvis rotation (turning with each stride)",
    "pelvic_tilt_excursion_deg": "pelvis tilt excursion (rocking forward and back)",
    "pelvic_obliquity_range_deg": "pelvis obliquity range (side-to-side tilt over a stride)",
    "pelvic_drop_left_deg": "pelvis drop on the left (while the left leg swings)",
    "pelvic_drop_right_deg": "pelvis drop on the right (while the right leg swings)",
    "pelvic_drop_asymmetry_deg": "difference in pelvic drop between the sides (one hip higher)",
    "pelvic_rise_left_deg": "pelvis rise on the left (the hip hitched up while the left leg swings)",
    "pelvic_rise_right_deg": "pelvis rise on the right (the hip hitched up while the right leg swings)",
    "hip_extension_deg": "hip extension (thigh reaching back in late stance)",
    "hip_excursion_deg": "hip swing (the thigh's forward-and-back range over a stride)",
    "n_steps": "steps counted",
    "brisk_minutes": "minutes at 100 steps/min or more",
    "step_regularity": "step regularity (1 = every step alike)",
    "stride_regularity": "stride regularity (1 = every stride alike)",
    "harmonic_ratio": "smoothness of the trunk's bounce (harmonic ratio; higher = smoother)",
    "walking_asymmetry_pct": "share of steps uneven between the feet (the iPhone's walking asymmetry)",
}


def format_value(name: str, value: float | int) -> str:
    """A summary value with its unit, to three significant digits, no finer than :data:`DECIMALS`.

    Whole numbers from 1000 on; shares in %.

    Parameters
    ----------
    name
        The summary field (its ending gives the unit, see :data:`UNITS`).
    value
        Its value.

    Returns
    -------
    str
        For example ``"108 steps/min"``, ``"0.001 s"``, ``"3,612 s"``, ``"-2.3 deg"`` or, for a ``*_fraction``,
        ``"25 %"``.
    """
    unit = next((u for k, u in UNITS.items() if name.endswith(k)), "")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if name.endswith("_fraction"):  # a share, shown as a percentage
        value, unit = 100.0 * value, "%"
    if unit in DECIMALS and not isinstance(value, int):
        value = round(value, DECIMALS[unit]) + 0.0  # (+ 0.0: no "-0")
    shown = f"{value:,.0f}" if abs(value) >= 1000 or isinstance(value, int) else f"{value:.3g}"
    return f"{shown} {unit}".strip()


def summary_rows(summary: SessionSummary) -> list[tuple[str, str]]:
    """The measured values of a summary, in plain words (what the sensor could not measure is left out).

    Parameters
    ----------
    summary
        A session's summary.

    Returns
    -------
    list of (label, shown value)
        In the summary's order.
    """
    rows = []
    for name, value in summary.as_dict().items():
        if isinstance(value, float) and value != value:
            continue
        if name == "n_strides" and not value:  # a watch counts steps, not strides
            continue
        rows.append((LABELS.get(name, name.replace("_", " ")), format_value(name, value)))
    return rows


def summary_heading(summary: SessionSummary) -> str:
    """The heading of the summary table: what its values are taken over.

    Parameters
    ----------
    summary
        A session's summary.

    Returns
    -------
    str
        Medians over strides where strides were found; otherwise the steps and the device's own records.
    """
    if summary.n_strides:
        return "Your walk (medians over straight, level strides)"
    return "Your walk (from the steps counted and the device's own records)"
