"""Named walks for testing detectors against a known truth (the ground-truth suite of later issues).

``scenario(name, placement=..., side=...)`` returns a :class:`~gaitcoach.simulate.spec.WalkSpec`; pass it to
:func:`~gaitcoach.simulate.simulate`. Every scenario exists for every placement.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .spec import WalkSpec

__all__ = ["SCENARIOS", "scenario"]

_NOISY = dict(acc_noise_mps2=0.08, gyr_noise_dps=1.5, acc_bias_mps2=0.05, gyr_bias_dps=1.0, jitter_s=0.002)

#: name -> (what it tests, changes from the default walk)
SCENARIOS: dict[str, tuple[str, dict[str, Any]]] = {
    "clean": ("a straight 10-stride walk, no noise, default mounting", {}),
    "noisy": ("phone-grade noise, bias and timestamp jitter", _NOISY),
    "any_mounting": (
        "the sensor turned arbitrarily on its segment, with noise",
        {"mounting_deg": (137.0, -52.0, 71.0), **_NOISY},
    ),
    "short_bouts": ("three bouts of 2 strides (4 steps) with standing between", {"bouts": (2, 2, 2), "pause_s": 2.5}),
    "turns": ("a 180 deg turn and a 90 deg turn within one bout", {"bouts": (14,), "turns": ((8, 180.0), (18, -90.0))}),
    "gaps": ("two logger gaps (0.4 s and 2 s) inside the walk", {"bouts": (14,), "gaps": ((5.0, 5.4), (9.0, 11.0))}),
    "low_rate": ("sampled at 50 Hz with jitter", {"rate_hz": 50.0, "jitter_s": 0.003}),
    "high_rate": ("sampled at 200 Hz", {"rate_hz": 200.0}),
    "saturated": ("an 8 g accelerometer that clips the heel strikes", {"acc_range_g": 8.0, "impact_g": 6.0}),
    "asymmetric": (
        "8 % step-time asymmetry, unequal stance and pelvic drop",
        {"step_time_asymmetry_pct": 8.0, "stance_pct": (63.0, 58.0), "pelvic_drop_deg": (2.0, 6.0)},
    ),
    "slow": (
        "a slow, short-stepped walk (65 steps/min, 0.6 m strides, 66 % stance), as of a frail walker",
        {"cadence_spm": 65.0, "stride_length_m": 0.6, "stance_pct": (66.0, 66.0), "bouts": (12,)},
    ),
    "fast": (
        "a brisk walk (130 steps/min, 1.7 m strides, 58 % stance)",
        {"cadence_spm": 130.0, "stride_length_m": 1.7, "stance_pct": (58.0, 58.0), "bouts": (12,)},
    ),
    "standing": ("standing still for 20 s: no steps", {"activity": "stand", "lead_in_s": 20.0}),
    "sitting": ("sitting for 30 s, fidgeting and shifting posture: no steps", {"activity": "sit", "lead_in_s": 30.0}),
    "vibration": ("a phone lying in a moving car for 20 s: no steps", {"activity": "vibration", "lead_in_s": 20.0}),
    "cycling": (
        "cycling on a road for 30 s at 75 revolutions per minute: no steps",
        {"activity": "cycle", "lead_in_s": 30.0, "cadence_spm": 75.0},
    ),
}


def scenario(name: str, *, placement: str = "foot", side: str = "left", seed: int = 0) -> WalkSpec:
    """A named test walk.

    Parameters
    ----------
    name
        A key of :data:`SCENARIOS`.
    placement, side
        Where the simulated sensor is.
    seed
        Random seed for noise and jitter.

    Returns
    -------
    WalkSpec
        The description.

    Raises
    ------
    KeyError
        For an unknown name.
    """
    if name not in SCENARIOS:
        raise KeyError(f"expected a scenario in {sorted(SCENARIOS)}, got {name!r}")
    return replace(WalkSpec(placement=placement, side=side, seed=seed), **SCENARIOS[name][1])
