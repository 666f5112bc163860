"""Smooth curves and rotations for the simulator (vectorised numpy)."""

from __future__ import annotations

import numpy as np

__all__ = ["quintic", "rot_x", "rot_y", "rot_z"]


def quintic(t: np.ndarray, knots_t: np.ndarray, pos: np.ndarray, vel: np.ndarray, acc: np.ndarray) -> np.ndarray:
    """Evaluate a piecewise quintic Hermite curve (C2: position, velocity and acceleration continuous).

    Parameters
    ----------
    t
        Times to evaluate at; clipped to the knot range.
    knots_t
        Increasing knot times, shape (k,).
    pos, vel, acc
        Value, first and second derivative at each knot, shape (k,) or (k, d).

    Returns
    -------
    numpy.ndarray
        Values at ``t``, shape (n,) or (n, d).
    """
    knots_t = np.asarray(knots_t, dtype=float)
    pos, vel, acc = (np.asarray(a, dtype=float) for a in (pos, vel, acc))
    tt = np.clip(np.asarray(t, dtype=float), knots_t[0], knots_t[-1])
    i = np.clip(np.searchsorted(knots_t, tt, side="right") - 1, 0, len(knots_t) - 2)
    h = knots_t[i + 1] - knots_t[i]
    s = (tt - knots_t[i]) / h
    if pos.ndim == 2:
        s, h = s[:, None], h[:, None]
    s2, s3, s4, s5 = s * s, s**3, s**4, s**5
    h00 = 1 - 10 * s3 + 15 * s4 - 6 * s5
    h10 = s - 6 * s3 + 8 * s4 - 3 * s5
    h20 = 0.5 * s2 - 1.5 * s3 + 1.5 * s4 - 0.5 * s5
    h01 = 10 * s3 - 15 * s4 + 6 * s5
    h11 = -4 * s3 + 7 * s4 - 3 * s5
    h21 = 0.5 * s3 - s4 + 0.5 * s5
    return (
        h00 * pos[i] + h10 * h * vel[i] + h20 * h * h * acc[i]
        + h01 * pos[i + 1] + h11 * h * vel[i + 1] + h21 * h * h * acc[i + 1]
    )  # fmt: skip


def rot_x(a: np.ndarray) -> np.ndarray:
    """Rotation matrices about x by angles ``a`` [rad], shape (n, 3, 3)."""
    a = np.atleast_1d(a)
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([o, z, z], -1), np.stack([z, c, -s], -1), np.stack([z, s, c], -1)], -2)


def rot_y(a: np.ndarray) -> np.ndarray:
    """Rotation matrices about y by angles ``a`` [rad], shape (n, 3, 3)."""
    a = np.atleast_1d(a)
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2)


def rot_z(a: np.ndarray) -> np.ndarray:
    """Rotation matrices about z by angles ``a`` [rad], shape (n, 3, 3)."""
    a = np.atleast_1d(a)
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1), np.stack([z, z, o], -1)], -2)
