"""Welch's spectrum with all segments transformed together (gaitcoach.gait.spectra)."""

import warnings

import numpy as np
import pytest
from scipy import signal

from gaitcoach.gait.spectra import welch_psd


@pytest.mark.parametrize(
    ("n", "nperseg"), [(34_958, 800), (120_001, 800), (2_000, 2_000), (1_999, 2_000), (1_201, 801), (17, 16), (5, 800)]
)
def test_equals_scipy_welch(n, nperseg):
    """The same estimate as scipy.signal.welch's defaults: even and odd segments, a signal shorter than one, more
    segments than one block."""
    x = np.random.default_rng(n).standard_normal(n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (scipy warns where nperseg exceeds the signal)
        f_ref, p_ref = signal.welch(x, fs=100.0, nperseg=nperseg)
    f, p = welch_psd(x, 100.0, nperseg)
    np.testing.assert_allclose(f, f_ref)
    np.testing.assert_allclose(p, p_ref, rtol=1e-9, atol=1e-12 * p_ref.max())


def test_an_empty_signal_has_an_empty_spectrum():
    f, p = welch_psd(np.zeros(0), 100.0, 800)
    assert f.shape == p.shape == (0,)


def test_a_sine_peaks_at_its_frequency_with_its_power():
    """A 1.8 Hz sine of amplitude 2 in noise: the peak at 1.8 Hz (0.125 Hz bins), the density integrating to its
    power A^2 / 2 = 2 around it."""
    fs = 100.0
    t = np.arange(int(600 * fs)) / fs
    x = 2.0 * np.sin(2 * np.pi * 1.8 * t) + 0.1 * np.random.default_rng(0).standard_normal(len(t))
    f, p = welch_psd(x, fs, int(8 * fs))
    assert f[np.argmax(p)] == pytest.approx(1.8, abs=0.0625)
    near = np.abs(f - 1.8) < 0.5
    assert np.sum(p[near]) * (f[1] - f[0]) == pytest.approx(2.0, rel=0.02)
