"""A limb turning a bicycle's cranks is not walking: its two signatures, for a sensor whose place was not said.

Where the user says where the sensor was, each placement's analysis has its own ride tests (a shoe never rests
flat, a thigh flexes as long as it extends, a trunk's steps do not outweigh the road's shaking). Where the place
was not said, the steps are counted from the acceleration alone (:mod:`gaitcoach.gait.wrist`), and a pedal stroke
passes for a step there: a simulated minute's ride made 51-113 "steps" at 50-110 rev/min. Two signatures tell a
limb on the cranks from a walking one; both start from what walking never does: a walking limb or trunk swings
once a stride, so one step apart it turns the other way, while a limb on the cranks turns the same way once every
revolution, which the step counter counts as a step (:data:`PEDAL_STEP_CORRELATION`).

* **A thigh** swings through the crank's angle (:data:`PEDAL_SWEEP_DEG`: the hip flexes through about 40 deg in
  seated cycling, Bini et al. 2011, doi:10.1177/0954411911416974).
* **A foot on the pedal** rocks less (the ankle through 20-30 deg, Bini et al. 2011), but rides the pedal's circle:
  its acceleration turns round once a revolution (:data:`PEDAL_TURNS_PER_STEP`), with the size that circle's
  centripetal acceleration has at that rate, (2 pi f)^2 times the crank's length (:data:`CRANK_M`,
  :data:`PEDAL_CIRCLE_RATIO`). An arm, a thigh or a trunk moves back and forth; their acceleration may loop once a
  step (the trunk's rise and fall lags its forward surge), but a small loop.

Both are design choices, measured on the simulator's rides and walks and on the project's real walks; there was no
real ride to check against.
"""

from __future__ import annotations

import numpy as np
from scipy import signal

from .regularity import regularity

__all__ = [
    "CRANK_M",
    "FOOT_PEDAL_SWEEP_MAX_DEG",
    "PEDAL_CIRCLE_RATIO",
    "PEDAL_STEP_CORRELATION",
    "PEDAL_SWEEP_DEG",
    "PEDAL_TURNS_PER_STEP",
    "on_the_cranks",
    "rotary_acceleration",
    "swing_per_step",
]

#: A bout is a limb turning a bicycle's cranks, not a walk, when the gyroscope's main rotation repeats at every step
#: counted (its autocorrelation one step apart reaches this: a walking limb or trunk swings once a stride, so one
#: step apart it turns the other way, simulated arms, thighs and lower backs -0.39..-0.59, real thighs -0.43..-0.53,
#: real lower backs -0.07..-0.21; pedalling thighs and feet on the simulator +1.0) ...
PEDAL_STEP_CORRELATION = 0.5
#: ... and either sweeps through this range of angle [deg] (5th to 95th percentile of the main rotation's angle, its
#: drift taken out): a thigh turning the cranks, simulated 39.5-40.5 at 50-110 rev/min; a shoe, whose strides the step
#: counter counts as steps and whose rotation therefore repeats too, sweeps more (real walks 73-95, real stairs
#: 47-53, simulated walks 82-89), and an arm that swings once a step, as arms do below about 0.8 m/s (Wagenaar & van
#: Emmerik 2000, doi:10.1016/S0021-9290(00)00020-8), with a small swing, less ...
PEDAL_SWEEP_DEG = (30.0, 45.0)
#: ... or sweeps less than this [deg] (a foot on the pedal: simulated 22-24; the ankle's 20-30 deg, Bini et al. 2011)
#: while its acceleration rides the pedal's circle:
FOOT_PEDAL_SWEEP_MAX_DEG = PEDAL_SWEEP_DEG[0]
#: the band-passed acceleration, in its own main plane, turns round once per step counted, within this range (a
#: foot on the pedal, simulated at 40-130 rev/min, 0.99-1.07; walking shoes, whose strides are counted, real
#: 0.70-0.95; trunks, thighs and arms up to 1.04 on the simulator, in a small loop; twice a "step" is not the
#: pedal's circle) ...
PEDAL_TURNS_PER_STEP = (0.8, 1.25)
#: ... a turning whose minor axis reaches this fraction of the circle the crank's length predicts at the step rate
#: (:func:`rotary_acceleration`: a foot on the pedal, simulated, 0.70-0.92; simulated arms, also those swinging once
#: a step, thighs and lower backs at most 0.17; real lower backs and thighs at most 0.20; real walking shoes up to
#: 1.18, which sweep more).
PEDAL_CIRCLE_RATIO = 0.4
#: A bicycle crank's length [m]: the middle of the 165-175 mm most adult bicycles carry (the lengths whose effect
#: on pedalling Barratt et al. 2011 measured between 150 and 190 mm, Med Sci Sports Exerc 43:1689,
#: doi:10.1249/MSS.0b013e3182125e96); the simulator's pedal circle too.
CRANK_M = 0.17


def swing_per_step(rate_dps: np.ndarray, step_n: int, fs: float) -> tuple[float, float]:
    """How the main rotation repeats one step apart, and the angle it sweeps.

    Parameters
    ----------
    rate_dps
        The rotation rate about the main axis (n,) [deg/s], band-passed to gait frequencies.
    step_n
        The step counted, in samples.
    fs
        Sampling rate [Hz].

    Returns
    -------
    repeats, sweep_deg
        The unbiased autocorrelation one step apart (Moe-Nilssen & Helbostad 2004,
        doi:10.1016/S0021-9290(03)00233-1) and the 5th-95th percentile range of the angle, its drift taken out.
    """
    repeats = regularity(rate_dps, step_n)[0]
    angle = signal.detrend(np.cumsum(rate_dps) / fs)
    return float(repeats), float(np.percentile(angle, 95) - np.percentile(angle, 5))


def rotary_acceleration(acc_band_mps2: np.ndarray, step_n: int, fs: float) -> tuple[float, float]:
    """How often, and how roundly, the acceleration turns round per step: a foot riding the pedal's circle.

    Parameters
    ----------
    acc_band_mps2
        The acceleration (n, 3) [m/s²], band-passed to gait frequencies (gravity gone with its constant part).
    step_n
        The step counted, in samples (a revolution, on the cranks).
    fs
        Sampling rate [Hz].

    Returns
    -------
    turns_per_step, circle_ratio
        The net turns of the acceleration in its main plane (its first two principal components) per step, and the
        amplitude of its minor axis (the square root of twice its mean square: a circle's radius) against the
        centripetal acceleration of a point on a crank of :data:`CRANK_M` turning once a step. NaN where too short.
    """
    if len(acc_band_mps2) < 2 * max(step_n, 2) or step_n < 2:
        return float("nan"), float("nan")
    centred = acc_band_mps2 - acc_band_mps2.mean(axis=0)
    plane = np.linalg.svd(centred, full_matrices=False)[2][:2]
    p = centred @ plane.T
    angle = np.unwrap(np.arctan2(p[:, 1], p[:, 0]))
    turns = abs(float(angle[-1] - angle[0])) / (2 * np.pi)
    steps = (len(p) - 1) / step_n
    radius = float(np.sqrt(2.0 * np.mean(p[:, 1] ** 2)))
    expected = (2 * np.pi * fs / step_n) ** 2 * CRANK_M
    return turns / steps, radius / expected


def on_the_cranks(repeats: float, sweep_deg: float, turns_per_step: float, circle_ratio: float) -> bool:
    """Whether a bout's motion is a thigh's or a foot's on a bicycle's cranks (see the module's docstring).

    Parameters
    ----------
    repeats, sweep_deg
        From :func:`swing_per_step`.
    turns_per_step, circle_ratio
        From :func:`rotary_acceleration` (NaN: not measured; then only a thigh is told).

    Returns
    -------
    bool
        True for a limb on the cranks.
    """
    if not repeats >= PEDAL_STEP_CORRELATION:
        return False
    thigh = PEDAL_SWEEP_DEG[0] <= sweep_deg <= PEDAL_SWEEP_DEG[1]
    foot = sweep_deg < FOOT_PEDAL_SWEEP_MAX_DEG and PEDAL_TURNS_PER_STEP[0] <= turns_per_step <= PEDAL_TURNS_PER_STEP[1]
    return bool(thigh or (foot and circle_ratio >= PEDAL_CIRCLE_RATIO))
