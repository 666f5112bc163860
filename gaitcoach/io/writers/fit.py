"""The FIT writer: activity records and raw motion in each layout real watch files use."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...model import ACC_COLUMNS, GRAVITY_MPS2, GYR_COLUMNS, MAG_COLUMNS, Recording
from ..fit_encode import ENUMS, FitWriter, fit_time
from ._common import _start

FIT_LAYOUTS = ("full", "counts", "compressed", "developer")


def write_fit(
    rec: Recording,
    *,
    layout: str = "full",
    sport: str = "walking",
    declare_unsigned: bool = False,
    device: tuple[int, int] = (255, 1),
) -> bytes:
    """A FIT activity with the recording's records and IMU data in one of the real-world layouts.

    Parameters
    ----------
    rec
        The recording; its ``summary`` becomes ``record`` messages (``cadence_spm`` written as FIT cadence
        and fractional cadence), its signals IMU messages.
    layout
        ``"full"``: calibrated values with ``sample_time_offset`` (25 samples a message, ms resolution);
        ``"counts"``: raw counts plus ``three_d_sensor_calibration``; ``"compressed"``: Connect IQ
        ``compressed_calibrated_accel_*`` [mG] one message a second (accelerometer only; needs a whole number
        of samples a second); ``"developer"``: developer-field arrays ``accel_X`` [millig] in ``record``.
    sport
        FIT sport name.
    declare_unsigned
        With ``"compressed"``: declare the arrays uint16 as one real watch does (values stay signed bits).
    device
        FIT ``manufacturer`` and ``product`` numbers (default: a development device; ``(1, 1551)``: a Garmin fenix).

    Returns
    -------
    bytes
        The FIT file.
    """
    if layout not in FIT_LAYOUTS:
        raise ValueError(f"expected layout in {FIT_LAYOUTS}, got {layout!r}")
    start = _start(rec)
    t0 = fit_time(start)
    w = FitWriter()
    w.write("file_id", {"type": 4, "manufacturer": device[0], "product": device[1], "serial_number": 12345,
                        "time_created": t0})  # fmt: skip
    w.write("event", {"timestamp": t0, "event": 0, "event_type": 0})
    sig = rec.signals
    t = sig.index.to_numpy()
    if layout == "developer":
        w.add_developer_field(0, 0, "accel_X", "sint16", "millig")
        w.add_developer_field(0, 1, "accel_Y", "sint16", "millig")
        w.add_developer_field(0, 2, "accel_Z", "sint16", "millig")
    if layout == "counts":
        w.write(
            "three_d_sensor_calibration",
            {
                "timestamp": t0,
                "sensor_type": 0,
                "calibration_factor": 1,
                "calibration_divisor": 1000,
                "level_shift": 32768,
                "offset_cal": [0, 0, 0],
                "orientation_matrix": [1, 0, 0, 0, 1, 0, 0, 0, 1],
            },
        )
        w.write(
            "three_d_sensor_calibration",
            {
                "timestamp": t0,
                "sensor_type": 1,
                "calibration_factor": 1,
                "calibration_divisor": 40,
                "level_shift": 32768,
                "offset_cal": [0, 0, 0],
                "orientation_matrix": [1, 0, 0, 0, 1, 0, 0, 0, 1],
            },
        )
    if len(sig) and layout in ("full", "counts"):
        chunks = np.flatnonzero(np.r_[True, np.diff(np.floor(t)) > 0] | (np.arange(len(t)) % 25 == 0))
        for a, b in zip(chunks, np.r_[chunks[1:], len(t)]):
            ts = np.floor(t[a])
            base = {
                "timestamp": t0 + int(ts),
                "timestamp_ms": int(round((t[a] - ts) * 1000)),
                "sample_time_offset": np.round((t[a:b] - t[a]) * 1000).astype(int).tolist(),
            }
            acc_g = sig[list(ACC_COLUMNS)].to_numpy()[a:b] / GRAVITY_MPS2
            if layout == "full":
                w.write(
                    "accelerometer_data",
                    {**base, **{f"calibrated_accel_{x}": acc_g[:, i].tolist() for i, x in enumerate("xyz")}},
                )
            else:
                w.write(
                    "accelerometer_data",
                    {
                        **base,
                        **{
                            f"accel_{x}": np.clip(np.round(acc_g[:, i] * 1000) + 32768, 0, 65534).tolist()
                            for i, x in enumerate("xyz")
                        },
                    },
                )
            if rec.has_gyro:
                gyr = sig[list(GYR_COLUMNS)].to_numpy()[a:b]
                if layout == "full":
                    w.write(
                        "gyroscope_data",
                        {**base, **{f"calibrated_gyro_{x}": gyr[:, i].tolist() for i, x in enumerate("xyz")}},
                    )
                else:
                    w.write(
                        "gyroscope_data",
                        {
                            **base,
                            **{
                                f"gyro_{x}": np.clip(np.round(gyr[:, i] * 40) + 32768, 0, 65534).tolist()
                                for i, x in enumerate("xyz")
                            },
                        },
                    )
            if all(c in sig.columns for c in MAG_COLUMNS) and layout == "full":
                mag = sig[list(MAG_COLUMNS)].to_numpy()[a:b] / 100.0
                w.write(
                    "magnetometer_data",
                    {**base, **{f"calibrated_mag_{x}": mag[:, i].tolist() for i, x in enumerate("xyz")}},
                )
    second = np.floor(t).astype(np.int64) if len(t) else np.empty(0, np.int64)
    if len(sig) and layout == "compressed":
        types = {f"compressed_calibrated_accel_{x}": "uint16" for x in "xyz"} if declare_unsigned else None
        mg = np.round(sig[list(ACC_COLUMNS)].to_numpy() / GRAVITY_MPS2 * 1000).astype(np.int64)
        bounds = np.flatnonzero(np.r_[True, np.diff(second) > 0, True])
        full = int(round(rec.sampling_rate_hz or 25))
        for a, b in zip(bounds[:-1], bounds[1:]):
            if b - a != full:  # like the watch: only whole seconds of samples are logged
                continue
            vals = {
                f"compressed_calibrated_accel_{x}": (mg[a:b, i] & 0xFFFF if declare_unsigned else mg[a:b, i]).tolist()
                for i, x in enumerate("xyz")
            }
            w.write("accelerometer_data", {"timestamp": t0 + int(second[a]), **vals}, types=types)
    # records: one a second over the span of summary and signals
    summ = rec.summary
    n_sec = int(np.ceil(max(rec.duration_s, float(summ.index.max()) if len(summ) else 0.0))) + 1
    if not len(summ) and layout != "developer":
        n_sec = 0
    mg_dev = np.round(sig[list(ACC_COLUMNS)].to_numpy() / GRAVITY_MPS2 * 1000).astype(int) if len(sig) else None
    for s in range(n_sec):
        fields: dict[str, object] = {"timestamp": t0 + s}
        if len(summ):
            row = summ.iloc[int(np.argmin(np.abs(summ.index.to_numpy() - s)))]
            for col, (fit_name, factor) in _RECORD_OUT.items():
                if col in row.index and pd.notna(row[col]):
                    fields[fit_name] = float(row[col]) * factor
            if "cadence_spm" in row.index and pd.notna(row["cadence_spm"]):
                strides = float(row["cadence_spm"]) / 2.0
                fields["cadence"] = int(np.floor(strides))
                fields["fractional_cadence"] = strides - np.floor(strides)
        dev = None
        if layout == "developer" and mg_dev is not None:
            idx = np.flatnonzero(second == s)
            if idx.size:
                dev = {(0, i): mg_dev[idx, i].tolist() for i in range(3)}
        w.write("record", fields, dev)
    end = t0 + max(n_sec, int(np.ceil(rec.duration_s)))
    elapsed = end - t0
    sport_id = ENUMS["sport"].get(sport, 0)
    w.write("event", {"timestamp": end, "event": 0, "event_type": 4})
    w.write(
        "lap",
        {
            "timestamp": end,
            "start_time": t0,
            "total_elapsed_time": elapsed,
            "total_timer_time": elapsed,
            "sport": sport_id,
            "sub_sport": 0,
        },
    )
    cad = summ["cadence_spm"].mean() / 2.0 if "cadence_spm" in summ.columns and len(summ) else None
    session = {
        "timestamp": end,
        "start_time": t0,
        "sport": sport_id,
        "sub_sport": 0,
        "total_elapsed_time": elapsed,
        "total_timer_time": elapsed,
        "first_lap_index": 0,
        "num_laps": 1,
    }
    if cad is not None and np.isfinite(cad):
        session.update(avg_cadence=int(np.floor(cad)), avg_fractional_cadence=cad - np.floor(cad))
    w.write("session", session)
    w.write(
        "activity",
        {"timestamp": end, "total_timer_time": elapsed, "num_sessions": 1, "type": 0, "event": 26, "event_type": 1},
    )
    return w.to_bytes()


_RECORD_OUT = {
    "distance_m": ("distance", 1.0),
    "speed_mps": ("enhanced_speed", 1.0),
    "heart_rate_bpm": ("heart_rate", 1.0),
    "step_length_m": ("step_length", 1000.0),
    "stance_time_s": ("stance_time", 1000.0),
    "stance_time_pct": ("stance_time_percent", 1.0),
    "stance_time_balance_pct": ("stance_time_balance", 1.0),
    "vertical_oscillation_m": ("vertical_oscillation", 1000.0),
    "vertical_ratio_pct": ("vertical_ratio", 1.0),
}
