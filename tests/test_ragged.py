"""Range reductions used per stride agree with plain per-range numpy, ties and edges included."""

import numpy as np
import pytest

from gaitcoach.gait import ragged


@pytest.fixture
def ranges():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 20, size=500).astype(float)  # many ties: the first extreme must win
    lo = rng.integers(0, 480, size=60)
    hi = lo + rng.integers(1, 20, size=60)
    return x, lo, hi


def test_argmin_argmax_max_match_per_range_numpy(ranges):
    x, lo, hi = ranges
    assert np.array_equal(ragged.argmin(x, lo, hi), [a + np.argmin(x[a:b]) for a, b in zip(lo, hi)])
    assert np.array_equal(ragged.argmax(x, lo, hi), [a + np.argmax(x[a:b]) for a, b in zip(lo, hi)])
    assert np.array_equal(ragged.reduce_max(x, lo, hi), [x[a:b].max() for a, b in zip(lo, hi)])


def test_first_true_and_missing(ranges):
    x, lo, hi = ranges
    mask = x > 17
    want = [a + np.flatnonzero(mask[a:b])[0] if mask[a:b].any() else -1 for a, b in zip(lo, hi)]
    got = ragged.first_true(mask, lo, hi)
    assert np.array_equal(got, want)
    assert (got == -1).any() and (got >= 0).any()


def test_empty_range_is_refused():
    with pytest.raises(ValueError):
        ragged.flat_index(np.array([3]), np.array([3]))


@pytest.mark.parametrize("seconds", [50.0, 130.0, 301.0, 375.5])
def test_chunk_cores_tile_each_segment_and_carry_margins(seconds):
    import pandas as pd

    from gaitcoach.gait.chunks import iter_chunks
    from gaitcoach.model import Recording

    t = np.arange(0.0, seconds, 0.5)
    df = pd.DataFrame({"time_s": t, "acc_x": 0.0, "acc_y": 0.0, "acc_z": 9.81})
    rec = Recording.from_dataframe(df, sampling_rate_hz=2.0)
    pieces = list(iter_chunks(rec, chunk_s=100.0, margin_s=10.0))
    owner = np.zeros(len(t), int)
    for sig, lo, hi in pieces:
        tt = sig.index.to_numpy()
        core = (t >= lo) & (t < hi)
        owner += core
        assert np.isin(t[core], tt).all()  # every core sample is in its piece
        if np.isfinite(lo):  # 10 s of signal before the core, where the recording has it
            assert tt[0] <= max(t[0], lo - 10.0)
        if np.isfinite(hi):
            assert tt[-1] >= min(t[-1], hi + 10.0 - 0.5)
    assert (owner == 1).all()  # the cores tile the recording exactly once


@pytest.mark.parametrize("q", [0.0, 5.0, 50.0, 95.0, 99.9, 100.0])
def test_percentile_is_numpys_to_the_bit(ranges, q):
    """Ties, one-sample ranges, overlapping ranges, real-valued data: numpy.percentile's own values."""
    x, lo, hi = ranges
    noisy = x + np.random.default_rng(4).standard_normal(len(x))
    for sig in (x, noisy):
        got = ragged.percentile(sig, lo, hi, q)
        assert np.array_equal(got, [np.percentile(sig[a:b], q) for a, b in zip(lo, hi)])
    assert ragged.percentile(x, np.zeros(0, int), np.zeros(0, int), q).shape == (0,)
    holed = noisy.copy()
    holed[lo[0]] = np.nan
    with np.errstate(invalid="ignore"):
        want = [np.percentile(holed[a:b], q) for a, b in zip(lo, hi)]
    np.testing.assert_array_equal(ragged.percentile(holed, lo, hi, q), want)
