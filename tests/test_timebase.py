import numpy as np
import pandas as pd
import pytest

from gaitcoach import Recording
from gaitcoach.errors import GaitcoachError
from gaitcoach.timebase import Stream, assemble, clean_timestamps, estimate_rate_hz, find_segments


class TestEstimateRate:
    def test_basic(self):
        assert estimate_rate_hz(np.arange(100) / 102.4) == pytest.approx(102.4)

    def test_jitter_and_gaps(self):
        rng = np.random.default_rng(1)
        t = np.arange(2000) / 100.0 + rng.normal(0, 0.0015, 2000)
        t = np.sort(np.r_[t[:1000], t[1000:] + 5.0])  # a 5 s gap
        assert estimate_rate_hz(t) == pytest.approx(100.0, rel=0.01)

    def test_edge_cases(self):
        with pytest.raises(ValueError, match="two distinct"):
            estimate_rate_hz(np.array([1.0, 1.0]))


class TestCleanTimestamps:
    def test_out_of_order_and_duplicates(self):
        t = np.array([0.0, 0.01, 0.03, 0.02, 0.02, 0.04])
        v = np.arange(12.0).reshape(6, 2)
        t2, v2, warnings = clean_timestamps(t, v)
        assert t2.tolist() == [0.0, 0.01, 0.02, 0.03, 0.04]
        assert v2[:, 0].tolist() == [0.0, 2.0, 6.0, 4.0, 10.0]  # the first of the duplicated time is kept
        assert any("backwards" in w for w in warnings) and any("repeated" in w for w in warnings)

    def test_empty(self):
        t, v, w = clean_timestamps(np.empty(0), np.empty((0, 3)))
        assert t.size == 0 and w == []


class TestSegments:
    def test_gap_is_kept(self):
        t = np.r_[np.arange(0, 2, 0.01), np.arange(3, 5, 0.01)]
        seg = find_segments(t, rate_hz=100.0)
        assert seg.shape == (2, 2)
        assert seg[0, 1] == pytest.approx(1.99) and seg[1, 0] == pytest.approx(3.0)

    def test_two_dropped_samples_are_not_a_gap(self):
        t = np.delete(np.arange(0, 2, 0.01), [50, 51])  # 30 ms hole at 100 Hz
        assert len(find_segments(t, rate_hz=100.0)) == 1


class TestAssemble:
    def test_streams_on_different_clocks(self):
        # Android-like: accelerometer every 10 ms, gyroscope every 16.8 ms, both with jitter.
        rng = np.random.default_rng(0)
        ta = np.arange(0, 10, 0.01) + rng.normal(0, 5e-4, 1000)
        tg = np.arange(0.005, 10, 0.0168)
        f = lambda t: np.column_stack([np.sin(t), np.cos(t), t])  # noqa: E731
        signals, rate, segments, _ = assemble([Stream("acc", ta, f(ta)), Stream("gyr", tg, 2 * f(tg))])
        assert rate == pytest.approx(100.0, rel=0.01)
        grid = signals.index.to_numpy()
        assert grid[0] >= tg[0] and grid[-1] <= min(ta[-1], tg[-1])  # only where both streams have data
        np.testing.assert_allclose(signals["gyr_x"], 2 * np.sin(grid), atol=1e-3)
        np.testing.assert_allclose(signals["acc_z"], grid, atol=2e-3)
        assert len(segments) == 1

    def test_gap_never_bridged(self):
        t = np.r_[np.arange(0, 3, 0.01), np.arange(10, 13, 0.01)]
        v = np.column_stack([t, t, t])
        signals, _, segments, warnings = assemble([Stream("acc", t, v)])
        assert len(segments) == 2
        assert not ((signals.index > 3.0) & (signals.index < 10.0)).any()
        assert any("1 gap in the timestamps" in w for w in warnings)
        assert segments["n_samples"].sum() == len(signals)

    @pytest.mark.parametrize(
        ("islands", "said"),
        [(1, "1 stretch shorter than 0.5 s between gaps was dropped"),
         (2, "2 stretches shorter than 0.5 s between gaps were dropped")],
    )  # fmt: skip
    def test_stretches_too_short_to_keep_are_dropped_and_counted(self, islands, said):
        # 0.2 s of samples between two gaps, once or twice, amid two stretches of 3 s
        t = np.r_[np.arange(0, 3, 0.01), *[np.arange(5 + 2 * k, 5.2 + 2 * k, 0.01) for k in range(islands)]]
        t = np.r_[t, np.arange(10, 13, 0.01)]
        signals, _, segments, warnings = assemble([Stream("acc", t, np.column_stack([t, t, t]))])
        assert len(segments) == 2
        assert not ((signals.index > 3.0) & (signals.index < 10.0)).any()
        assert said in warnings

    def test_jittered_peaks_are_kept_and_clipping_stays_flat(self):
        # a 3 Hz burst (a push-off) sampled at 100 Hz with 2 ms jitter, clipped at +-0.8 like a saturated sensor
        rng = np.random.default_rng(3)
        n = 3000
        t = np.sort(np.arange(n) / 100.0 + rng.normal(0.0, 0.002, n))
        f = lambda x: np.sin(2 * np.pi * 3.0 * x)  # noqa: E731
        v = np.column_stack([f(t), np.clip(f(t), -0.8, 0.8), np.zeros(n)])
        signals, _, _, _ = assemble([Stream("gyr", t, v)])
        grid = signals.index.to_numpy()
        err = signals["gyr_x"].to_numpy() - f(grid)
        # lines would cut each peak short by up to (2 pi 3)^2 * 0.01^2 / 8 = 0.004 (one-signed); the spline
        # follows the curve to about 1e-4 (lines only beside bunched samples)
        assert abs(err[f(grid) > 0.95].mean()) < 2e-4 and np.median(np.abs(err)) < 1e-4
        lines = np.interp(grid, t, v[:, 0]) - f(grid)
        assert abs(lines[f(grid) > 0.95].mean()) > 5 * abs(err[f(grid) > 0.95].mean())
        clipped = signals["gyr_y"].to_numpy()
        assert clipped.max() <= 0.8 and clipped.min() >= -0.8  # no overshoot beyond the sensor's range
        assert np.mean(clipped == 0.8) > 0.15  # the plateaus stay at the limit


class TestFromDataFrame:
    def test_basic(self):
        t = np.arange(500) / 50.0
        df = pd.DataFrame(
            {"time_s": t, "acc_x": 0.0, "acc_y": 0.0, "acc_z": 9.81, "gyr_x": 1.0, "gyr_y": 2.0, "gyr_z": 3.0}
        )
        rec = Recording.from_dataframe(df, placement="foot", side="left", started_at="2024-01-01T10:00:00")
        assert rec.sampling_rate_hz == pytest.approx(50.0)
        assert rec.channels == ("acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z")
        assert rec.started_at == pd.Timestamp("2024-01-01T10:00:00Z")
        assert rec.duration_s == pytest.approx(t[-1])
        assert rec.placement == "foot" and rec.side == "left"

    def test_rate_without_time(self):
        df = pd.DataFrame({"acc_x": np.zeros(200), "acc_y": 0.0, "acc_z": 9.81})
        rec = Recording.from_dataframe(df, sampling_rate_hz=100.0)
        assert rec.signals.index[-1] == pytest.approx(1.99)

    def test_exceptions(self):
        with pytest.raises(GaitcoachError, match="time_s"):
            Recording.from_dataframe(pd.DataFrame({"acc_x": [1.0]}))
        with pytest.raises(GaitcoachError, match="acc_x"):
            Recording.from_dataframe(pd.DataFrame({"time_s": [0.0, 0.1], "speed": [1.0, 2.0]}))
        with pytest.raises(ValueError, match="placement"):
            Recording.from_dataframe(
                pd.DataFrame({"time_s": np.arange(100) / 10, "acc_x": 0.0, "acc_y": 0.0, "acc_z": 9.8}), placement="hat"
            )


def test_bunched_timestamps_do_not_make_the_spline_swing():
    # a logger that rounds times to the millisecond and delivers some samples in bursts (1 ms apart)
    rng = np.random.default_rng(0)
    n = 5000
    t = np.round(np.arange(n) * 0.004 + rng.normal(0.0, 0.0008, n), 3)
    burst = np.flatnonzero(rng.random(n) < 0.05)
    t[burst] = t[np.maximum(burst - 1, 0)] + 0.001
    t = np.sort(t)
    f = lambda x: 10.0 * np.sin(2 * np.pi * 2.0 * x)  # noqa: E731
    v = np.column_stack([f(t) + rng.normal(0.0, 0.05, n), np.zeros(n), np.zeros(n)])
    signals, _, _, _ = assemble([Stream("acc", t, v)])
    grid = signals.index.to_numpy()
    t_u, first = np.unique(t, return_index=True)
    lines = np.abs(np.interp(grid, t_u, v[first, 0]) - f(grid)).max()
    assert np.abs(signals["acc_x"].to_numpy() - f(grid)).max() < 1.2 * lines  # a bare spline: 1.9 x


def test_a_clock_set_back_keeps_both_stretches_apart():
    # 10 s at 100 Hz, then the clock set back by 5 s for the next 10 s: sorting had interleaved the two stretches
    # (and dropped the repeated instants); each keeps its own timing, one after the other
    t = np.r_[np.arange(0, 10, 0.01), np.arange(1000) * 0.01 + 5.0]
    v = np.column_stack([np.sin(np.arange(2000) * 0.1)] * 3)
    tt, vv, warn = clean_timestamps(t, v)
    assert np.all(np.diff(tt) > 0) and len(tt) == 2000
    np.testing.assert_allclose(vv, v)  # the samples in their recorded order
    assert tt[1000] - tt[999] == pytest.approx(1.0) and any("clock went back 1 times" in w for w in warn)
    # a few samples written out of order are still just sorted
    t2 = np.arange(0, 1, 0.01)
    t2[[10, 11]] = t2[[11, 10]]
    tt2, _, warn2 = clean_timestamps(t2, np.zeros((100, 3)))
    np.testing.assert_allclose(tt2, np.arange(0, 1, 0.01))
    assert not any("clock" in w for w in warn2) and any("backwards" in w for w in warn2)


@pytest.mark.parametrize("rate_hz", [30.0, 102.4, 128.0, 400.0])
def test_rate_of_a_clock_that_ticks_in_whole_milliseconds(rate_hz):
    """Times rounded to the millisecond: the median interval is a whole tick (30 Hz's 33/34 ms read 30.3 Hz,
    128 Hz's 7/8 ms 125 Hz, 400 Hz's 2/3 ms 333 or 500 Hz); the rate is the true one."""
    t = np.round(np.arange(0.0, 60.0, 1.0 / rate_hz), 3)
    assert estimate_rate_hz(t) == pytest.approx(rate_hz, rel=1e-4)
    assert estimate_rate_hz(np.r_[t, t[-1] + 5.0 + t]) == pytest.approx(rate_hz, rel=1e-4)  # a gap left out


def test_a_headerless_csv_of_date_times_and_g_loads():
    """An Axivity's cwa-convert output: no header, 'YYYY-MM-DD hh:mm:ss.fff' then x, y, z in g; values that repeat
    on the first line (pandas renames the second '0.0000' as a header '0.0000.1') do not make it a header."""
    import gaitcoach

    start = pd.Timestamp("2014-05-07 10:00:00")
    t = np.arange(0.0, 30.0, 0.01)
    stamps = (start + pd.to_timedelta(t, unit="s")).strftime("%Y-%m-%d %H:%M:%S.%f").str[:-3]
    z = np.r_[np.zeros(100), 0.1 * np.sin(2 * np.pi * 1.8 * t[100:])]
    lines = [f"{s},{0.0:.4f},{0.0:.4f},{1.0 + zz:.4f}" for s, zz in zip(stamps, z)]
    rec = gaitcoach.load(("\n".join(lines) + "\n").encode(), name="axivity.csv")
    assert rec.sampling_rate_hz == pytest.approx(100.0)
    assert rec.started_at == pd.Timestamp("2014-05-07 10:00:00", tz="UTC")
    assert rec.signals["acc_z"].iloc[:100].mean() == pytest.approx(9.80665, rel=1e-3)  # g -> m/s^2
    assert rec.duration_s == pytest.approx(29.99, abs=0.01)


def test_a_logger_that_repeats_its_last_value_is_told():
    """A 15 Hz log of a sensor that updated about 8 times a second (every other sample repeats the one before, as
    the corpus' vivoactive HR Connect IQ file): a warning with the rate it really had. A noisy sensor, and one
    quantised at rest (equal samples, but still), give none."""
    rng = np.random.default_rng(0)
    t = np.arange(0, 60, 1 / 15)
    walk = np.column_stack([3 * np.sin(2 * np.pi * 1.8 * t), 2 * np.cos(2 * np.pi * 0.9 * t), 9.8 + np.sin(t)])
    held = walk.copy()
    held[1::2] = held[::2][: len(held[1::2])]
    _, _, _, warnings = assemble([Stream("acc", t, held)])
    assert any("repeat the one before" in w and "about 8 new values a second" in w for w in warnings)
    noisy = walk + rng.normal(0, 0.01, walk.shape)
    rest = np.tile([0.0, 0.0, 9.81], (len(t), 1))
    for values in (noisy, rest):
        _, _, _, warnings = assemble([Stream("acc", t, values)])
        assert not any("repeat" in w for w in warnings)
