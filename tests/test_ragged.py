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
