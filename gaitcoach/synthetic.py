"""A periodic test signal with known content, for format round trips and the first sample files.

This is not a gait simulation (no heel strikes, no foot kinematics): it is gravity on a slightly tilted
axis plus oscillations at the step and stride frequency with walking-like amplitudes, and 1 Hz activity
records, so that every reader and writer can be checked value by value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .model import GRAVITY_MPS2, TIME_COLUMN, Recording

__all__ = ["periodic_recording"]


def periodic_recording(
    *,
    rate_hz: float = 100.0,
    duration_s: float = 12.0,
    gyro: bool = True,
    mag: bool = False,
    started_at: str = "2024-05-01T08:00:00Z",
    cadence_spm: float = 110.0,
    placement: str | None = None,
) -> Recording:
    """Build a recording whose every sample is known in closed form.

    Parameters
    ----------
    rate_hz
        Sampling rate [Hz].
    duration_s
        Length [s].
    gyro, mag
        Include gyroscope [deg/s] / magnetometer [µT] channels.
    started_at
        UTC start.
    cadence_spm
        Step frequency of the oscillations [steps/min]; also written to the records.
    placement
        Placement to state.

    Returns
    -------
    Recording
        Signals plus a 1 Hz summary (cadence, speed 1.25 m/s, step length 0.68 m, stance time 0.62 s,
        stance balance 50.8 %, heart rate 96 bpm).
    """
    t = np.arange(int(round(duration_s * rate_hz))) / rate_hz
    f = cadence_spm / 60.0
    df = pd.DataFrame(
        {
            TIME_COLUMN: t,
            "acc_x": 1.5 * np.sin(2 * np.pi * f * t) + 0.8,
            "acc_y": 0.7 * np.sin(np.pi * f * t + 0.3),
            "acc_z": GRAVITY_MPS2 * 0.99 + 2.0 * np.cos(2 * np.pi * f * t),
        }
    )
    if gyro:
        df["gyr_x"] = 40.0 * np.sin(np.pi * f * t)
        df["gyr_y"] = 250.0 * np.sin(np.pi * f * t + 1.0)
        df["gyr_z"] = -15.0 * np.cos(2 * np.pi * f * t)
    if mag:
        df["mag_x"], df["mag_y"], df["mag_z"] = 20.0 + 0 * t, -5.0 + np.sin(t), 40.0 + 0 * t
    rec = Recording.from_dataframe(df, started_at=started_at, placement=placement)
    n = int(duration_s) + 1
    summary = pd.DataFrame(
        {
            "cadence_spm": np.full(n, cadence_spm),
            "speed_mps": 1.25,
            "step_length_m": 0.68,
            "stance_time_s": 0.62,
            "stance_time_balance_pct": 50.8,
            "heart_rate_bpm": 96.0,
        },
        index=pd.Index(np.arange(n, dtype=float), name=TIME_COLUMN),
    )
    return rec.replace(summary=summary)
