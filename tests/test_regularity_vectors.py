"""Harmonic ratio and regularity against their definitions; the vector helpers, the Gaussian filter and the filter
designs against numpy's and scipy's; the gyroscope's integration against the sequential product."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gaitcoach.gait.regularity import N_HARMONICS, harmonic_ratio, regularity
from gaitcoach.gait.vectors import block_means, rowcross, rowdot, rownorm


def test_harmonic_ratio_is_the_even_over_odd_amplitudes_of_strides_of_any_length():
    """Strides of three lengths, each the same five harmonics: HR = (sum of even amplitudes) / (sum of odd)."""
    amps = {1: 0.4, 2: 1.0, 3: 0.1, 4: 0.5, 6: 0.2}  # harmonic: amplitude
    truth = (1.0 + 0.5 + 0.2) / (0.4 + 0.1)
    rng = np.random.default_rng(3)
    lengths = np.array([110, 97, 110, 123, 97, 110])
    pieces, starts = [], []
    for n in lengths:  # a loop over the strides, building the test signal
        u = np.arange(n) / n
        phases = rng.uniform(0, 2 * np.pi, len(amps))
        starts.append(sum(len(p) for p in pieces))
        pieces.append(0.3 + sum(a * np.cos(2 * np.pi * k * u + ph) for (k, a), ph in zip(amps.items(), phases)))
    x = np.concatenate(pieces)
    starts = np.array(starts)
    hr = harmonic_ratio(x, starts, starts + lengths)
    assert hr == pytest.approx(np.full(len(lengths), truth), rel=1e-9)


def test_harmonic_ratio_needs_room_for_its_harmonics():
    x = np.cos(np.arange(400) / 7.0)
    hr = harmonic_ratio(x, np.array([0, 100]), np.array([2 * N_HARMONICS - 1, 100 + 2 * N_HARMONICS]))
    assert math.isnan(hr[0]) and not math.isnan(hr[1])


@pytest.mark.parametrize(("n", "step"), [(60, 15), (700, 55), (3000, 101), (41, 10), (20000, 55)])  # (by FFT; by lags)
def test_regularity_is_the_normalised_autocorrelation_peak_near_a_step_and_a_stride(n, step):
    rng = np.random.default_rng(n)
    t = np.arange(n)
    x = np.sin(2 * np.pi * t / (2 * step)) + 0.6 * np.sin(2 * np.pi * t / step) + 0.4 * rng.standard_normal(n)
    y = x - x.mean()

    def coefficient(lag: int) -> float:  # the two overlapping parts' correlation, from the definition
        a, b = y[: n - lag], y[lag:]
        return float(a @ b / math.sqrt((a @ a) * (b @ b)))

    def peak(lag: int) -> float:
        return max(coefficient(k) for k in range(max(1, int(0.7 * lag)), min(n - 1, int(1.3 * lag) + 1)))

    assert regularity(x, step) == pytest.approx((peak(step), peak(2 * step)), abs=1e-12)


def test_regularity_of_a_bout_under_four_steps_is_unknown():
    assert all(math.isnan(v) for v in regularity(np.random.default_rng(0).standard_normal(100), 30))


def test_rowdot_and_rownorm_match_numpy():
    rng = np.random.default_rng(1)
    a, b, v = rng.standard_normal((1000, 3)), rng.standard_normal((1000, 3)), rng.standard_normal(3)
    close = {"rtol": 0.0, "atol": 1e-14}  # (the same sums, to the last bit's rounding)
    assert np.allclose(rowdot(a, b), np.sum(a * b, axis=1), **close)
    assert np.allclose(rowdot(a, v), np.sum(a * v, axis=1), **close)
    assert np.array_equal(rowdot(v, a), rowdot(a, v))
    assert np.allclose(rownorm(a), np.linalg.norm(a, axis=1), **close)
    assert np.allclose(rowdot(a[:, :2], b[:, :2]), np.sum(a[:, :2] * b[:, :2], axis=1), **close)


@pytest.mark.parametrize("order", ["C", "F"])  # (rows one after another, or columns: as pandas hands them)
def test_rowcross_and_block_means_match_numpy(order):
    rng = np.random.default_rng(2)
    a, b = (np.asarray(rng.standard_normal((1001, 3)), order=order) for _ in range(2))
    assert np.array_equal(rowcross(a, b), np.cross(a, b))
    for q in (1, 2, 3, 4, 8):
        m = len(a) // q * q
        want = a[:m].reshape(-1, q, 3).mean(axis=1)
        assert block_means(a, q).shape == want.shape == (1001 // q, 3)
        np.testing.assert_allclose(block_means(a, q), want, rtol=0.0, atol=1e-15)  # (the same sums in order)
        if order == "C":
            assert np.array_equal(block_means(a, q), want)


@pytest.mark.parametrize("n", [3, 60, 61, 1000, 20000])
@pytest.mark.parametrize("sigma", [2.0, 5.9, 6.1, 10.7, 22.3])
@pytest.mark.parametrize("order", [0, 1])
def test_gaussian_filter_matches_ndimage(n, sigma, order):
    """Narrow kernels and short signals by ndimage itself, wide ones by numpy's convolution: the same result."""
    from scipy import ndimage

    from gaitcoach.gait.filters import gaussian_filter1d

    x = np.cumsum(np.random.default_rng(n).standard_normal(n))  # (a walk-like drift: edges matter)
    want = ndimage.gaussian_filter1d(x, sigma, order=order)
    got = gaussian_filter1d(x, sigma, order=order)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=0.0, atol=1e-13 * np.abs(want).max())


def test_filter_designs_are_scipys_and_each_caller_gets_its_own():
    from scipy import signal

    from gaitcoach.gait.filters import butter_sos

    want = signal.butter(2, [0.5, 3.0], btype="bandpass", fs=100.0, output="sos")
    got = butter_sos(2, (0.5, 3.0), 100.0, "bandpass")
    np.testing.assert_array_equal(got, want)
    got[:] = 0.0  # a caller's change does not reach the next caller
    np.testing.assert_array_equal(butter_sos(2, [0.5, 3.0], 100, "bandpass"), want)
    np.testing.assert_array_equal(
        butter_sos(4, 0.1, 100.0, "highpass"), signal.butter(4, 0.1, "highpass", fs=100.0, output="sos")
    )


@pytest.mark.parametrize("n", [1, 2, 15, 16, 17, 255, 256, 257, 4097])  # (around the scan's blocks and levels)
def test_gyroscope_integration_is_the_running_product_of_the_steps(n):
    """The blocked scan gives each sample's orientation as the steps multiplied one after another would."""
    from gaitcoach.gait import quaternions as quat

    dt = 0.01
    w = np.random.default_rng(n).normal(scale=3.0, size=(n, 3))  # rad/s
    got = quat.integrate_gyro(w, dt)
    steps = quat.from_rotvec(0.5 * (w[1:] + w[:-1]) * dt)
    want = np.empty((n, 4))
    want[0] = (1.0, 0.0, 0.0, 0.0)
    for i in range(1, n):  # the sequential product, sample by sample (the definition)
        want[i] = quat.multiply(want[i - 1], steps[i - 1])
    want /= np.linalg.norm(want, axis=1, keepdims=True)
    np.testing.assert_allclose(got, want, rtol=0.0, atol=1e-12)
