"""Double and single support from both feet's contacts."""

import numpy as np
import pandas as pd
import pytest

import gaitcoach
from gaitcoach.gait.support import support_times
from gaitcoach.model import SIDES
from gaitcoach.simulate import WalkSpec, simulate


def test_phases_of_a_hand_made_cycle():
    # left: IC 0.0, FC 0.7, IC 1.1; right: FC 0.1, IC 0.55, FC 1.25 -> double support 0.1 + 0.15, single 0.45
    events = pd.DataFrame(
        {
            "time_s": [0.0, 0.1, 0.55, 0.7, 1.1, 1.25],
            "event": ["IC", "FC", "IC", "FC", "IC", "FC"],
            "side": ["left", "right", "right", "left", "left", "right"],
        }
    )
    strides = pd.DataFrame({"side": ["left"], "ic_s": [0.0], "fc_s": [0.7], "stride_time_s": [1.1]})
    out = support_times(strides, events)
    assert out["double_support_s"].iloc[0] == pytest.approx(0.25)
    assert out["single_support_s"].iloc[0] == pytest.approx(0.45)
    # without the other foot's toe-off (a pocket sees none): not measurable
    assert np.isnan(support_times(strides, events[events["event"] == "IC"])["double_support_s"].iloc[0])


def test_two_shoes_give_the_double_support_of_the_walk():
    # stance 62 % of the stride on both sides: double support 2 x 12 % (Perry & Burnfield 2010), single 38 %
    recs = [simulate(WalkSpec(placement="foot", side=s, bouts=(14,)))[0] for s in SIDES]
    result = gaitcoach.analyze(recs)
    assert result.summary.double_support_pct == pytest.approx(24.0, abs=1.0)
    single = (100 * result.strides["single_support_s"] / result.strides["stride_time_s"]).median()
    assert single == pytest.approx(38.0, abs=1.0)
    # one shoe alone cannot tell
    assert np.isnan(gaitcoach.analyze(recs[0]).summary.double_support_pct)
