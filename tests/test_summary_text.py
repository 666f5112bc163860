"""The summary in plain words, as the CLI prints it and the dashboard shows it."""

import math

from gaitcoach.metrics import SessionSummary
from gaitcoach.summary_text import LABELS, format_value, summary_heading, summary_rows


def test_values_keep_their_units_and_a_day_reads_as_a_whole_number():
    assert format_value("cadence_spm", 108.04) == "108 steps/min"
    assert format_value("stride_time_sd_s", 0.001054) == "0.001 s"  # no finer than what is measured
    assert format_value("stride_time_sd_s", 0.000535) == "0.001 s" and format_value("stride_time_s", 1.2637) == "1.26 s"
    assert format_value("walking_time_s", 3612.4) == "3,612 s"  # not 3.61e+03
    assert format_value("n_steps", 12345.0) == "12,345"
    assert format_value("n_strides", 38) == "38"
    assert format_value("pelvic_drop_left_deg", -2.345) == "-2.3 deg"
    assert format_value("pelvic_drop_left_deg", 0.0177) == "0 deg" and format_value("fpa_left_deg", -0.04) == "0 deg"
    assert format_value("stride_length_m", 0.6324) == "0.63 m" and format_value("stance_pct", 64.62) == "64.6 %"
    assert format_value("step_regularity", 0.3534) == "0.353"  # no unit: three significant digits
    assert format_value("not_level_fraction", 0.25) == "25 %"


def test_only_what_was_measured_is_shown_in_plain_words():
    summary = SessionSummary(n_strides=12, cadence_spm=104.0, stride_length_m=math.nan, step_time_asymmetry_pct=7.9)
    rows = dict(summary_rows(summary))
    assert rows[LABELS["cadence_spm"]] == "104 steps/min"
    assert rows["left/right difference in step time"] == "7.9 %"
    assert LABELS["stride_length_m"] not in rows
    assert set(summary.as_dict()) <= set(LABELS)  # every measure has its plain words


def test_a_watch_without_strides_is_not_summarised_over_strides():
    watch = SessionSummary(n_strides=0, n_steps=1296.0, cadence_spm=99.0)
    rows = dict(summary_rows(watch))
    assert LABELS["n_strides"] not in rows and rows[LABELS["n_steps"]] == "1,296"
    assert "strides" not in summary_heading(watch)
    assert "strides" in summary_heading(SessionSummary(n_strides=12, cadence_spm=104.0))
