"""The cadence over the session's time, against simulated walks with known cadences and pauses."""

import numpy as np
import pandas as pd
import pytest

from gaitcoach.gait.lumbar import analyze_lumbar
from gaitcoach.simulate import WalkSpec, simulate_sequence
from gaitcoach.walk_timeline import cadence_over_time, timeline_bin_s


def test_two_walks_and_the_pause_between():
    brisk = WalkSpec(placement="lumbar", cadence_spm=120.0, stride_length_m=1.5, bouts=(30,), lead_out_s=30.0)
    slow = WalkSpec(placement="lumbar", cadence_spm=80.0, stride_length_m=0.9, bouts=(20,), seed=1)
    rec, truths = simulate_sequence([brisk, slow])
    timeline = cadence_over_time(analyze_lumbar(rec).strides, bin_s=10.0)
    first, second = (t.events["time_s"].agg(["min", "max"]) / 60.0 for t in truths)
    walking = timeline[timeline["strides"] >= 5]  # (a span a walk only starts or ends in holds a few)
    assert np.allclose(walking[walking.index < first["max"]]["cadence_spm"], 120.0, atol=2.0)
    assert np.allclose(walking[walking.index > second["min"]]["cadence_spm"], 80.0, atol=2.0)
    assert len(walking) >= 5
    # the 30 s standing between the walks: spans without a stride
    pause = timeline[(timeline.index > first["max"]) & (timeline.index + 10 / 60 < second["min"])]
    assert len(pause) >= 2 and pause["cadence_spm"].isna().all() and (pause["strides"] == 0).all()


def test_hand_made_strides_and_spans():
    strides = pd.DataFrame({"ic_s": [0.0, 1.0, 2.0, 25.0], "stride_time_s": [1.0, 1.0, 1.2, 1.5]})
    out = cadence_over_time(strides, bin_s=10.0)
    assert list(out.index) == pytest.approx([0.0, 1 / 6, 1 / 3])
    assert out["cadence_spm"].iloc[0] == pytest.approx(120.0) and np.isnan(out["cadence_spm"].iloc[1])
    assert out["cadence_spm"].iloc[2] == pytest.approx(80.0)
    assert list(out["strides"]) == [3, 0, 1]
    assert cadence_over_time(strides.iloc[:0]).empty
    assert (timeline_bin_s(600), timeline_bin_s(3600), timeline_bin_s(86400)) == (10.0, 60.0, 300.0)


def test_the_web_page_report_draws_when_the_session_walked():
    """Two walks with a pause between: one line per walk in the page's chart, nothing fetched from elsewhere."""
    import gaitcoach
    from gaitcoach.report_html import report_html

    walk = WalkSpec(placement="lumbar", bouts=(40,), lead_out_s=30.0)
    rec, _ = simulate_sequence([walk, walk])
    page = report_html(gaitcoach.analyze(rec))
    assert "<h2>Cadence over the session</h2>" in page
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert chart.count("<polyline") == 2
    assert "http" not in page and "<script" not in page
    short, _ = simulate_sequence([WalkSpec(placement="lumbar", bouts=(10,))])
    assert "<svg" not in report_html(gaitcoach.analyze(short))  # (under a minute's walking: no chart)
