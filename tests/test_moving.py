"""Moving-window statistics and the local rhythm (gaitcoach.gait.moving, gaitcoach.gait.rhythm)."""

import numpy as np

from gaitcoach.gait.moving import moving_rms
from gaitcoach.gait.rhythm import local_period_s, select_by_distance


def test_moving_rms_of_a_loud_stretch_then_silence():
    # a running sum's rounding dipped under zero after a loud stretch: the square root gave NaN (950 of 2000)
    x = np.r_[np.random.default_rng(0).normal(0.0, 100.0, 1000), np.zeros(1000)]
    r = moving_rms(x, 101)
    assert np.isfinite(r).all() and (r >= 0).all()
    assert 80.0 < r[500] < 120.0 and r[1500] < 1e-3


def test_local_period_follows_a_change_of_rhythm():
    # 1.0 s then 2.0 s between bumps: the period around each part is its own, not twice the first (its peaks at two
    # and three periods are as high as the first)
    fs = 50.0
    t = np.arange(0, 120, 1 / fs)
    x = ((1.0 + np.cos(2 * np.pi * t / np.where(t < 60, 1.0, 2.0))) / 2.0) ** 8
    period = local_period_s(x, fs, (0.6, 3.0), first_ratio=0.8, fallback_s=np.nan)
    assert np.allclose(period[(t > 10) & (t < 50)], 1.0, atol=0.03)
    assert np.allclose(period[(t > 70) & (t < 110)], 2.0, atol=0.05)


def test_select_by_distance_keeps_the_stronger_of_close_peaks():
    peaks = np.array([10, 14, 30, 33, 60])
    kept = select_by_distance(peaks, np.array([1.0, 3.0, 2.0, 1.0, 1.0]), np.array([10, 10, 5, 5, 5]))
    assert kept.tolist() == [14, 30, 60]
