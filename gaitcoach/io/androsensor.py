"""AndroSensor (Fivasim) exports.

One ``;``-separated CSV with 33 columns such as ``ACCELEROMETER X (m/s²)``, ``GRAVITY X (m/s²)``,
``LINEAR ACCELERATION X (m/s²)``, ``GYROSCOPE X (rad/s)``, ``MAGNETIC FIELD X (μT)``, then
``Time since start in ms`` and ``YYYY-MO-DD HH-MI-SS_SSS`` (the phone's local clock, written
``2022-10-02 18:09:00:359``). The app logs every 500 ms by default; gait needs its fastest setting.
"""

from __future__ import annotations

import pandas as pd

from .base import Parsed
from .csv_table import first_lines, read_table, sniff_dialect
from .generic_csv import find_columns, parse_time, to_parsed

__all__ = ["looks_like_androsensor", "read_androsensor"]


def looks_like_androsensor(header: str) -> bool:
    """Tell an AndroSensor CSV from its header line.

    Parameters
    ----------
    header
        The first line.

    Returns
    -------
    bool
        True when the header has AndroSensor's ``Time since start in ms`` column.
    """
    return "Time since start in ms" in header


def read_androsensor(data: bytes, name: str) -> Parsed:
    """Read an AndroSensor CSV.

    Parameters
    ----------
    data
        The file's bytes.
    name
        File name for messages.

    Returns
    -------
    Parsed
        Accelerometer with gravity [m/s²], gyroscope [deg/s], magnetometer [µT]; start from the clock column.
    """
    sep, decimal = sniff_dialect(first_lines(data, name))
    df = read_table(data, name, sep=sep, decimal=decimal)
    time_col = next(c for c in df.columns if c.strip().lower().startswith("time since start"))
    cols = find_columns(list(df.columns))
    cols.time = time_col
    parsed = to_parsed(df, name, source_format="androsensor", units={"time": "ms"}, columns=cols)
    clock_col = next((c for c in df.columns if c.strip().upper().startswith("YYYY-MO-DD")), None)
    if clock_col is not None:
        clock_s, _, _ = parse_time(df[clock_col].head(1), clock_col, "datetime", name)
        t0 = float(pd.to_numeric(df[time_col], errors="coerce").iloc[0]) / 1000.0
        parsed.started_at = pd.Timestamp(clock_s[0] - t0, unit="s", tz="UTC")
        parsed.info["clock"] = "phone's local time (time zone not in the file)"
    parsed.device = "Android phone (AndroSensor)"
    if parsed.streams:
        dt = pd.Series(parsed.streams[0].t_s).diff().median()
        if dt >= 0.1:
            parsed.warnings.append(
                f"AndroSensor logged every {dt * 1000:.0f} ms; gait analysis needs at least 50 Hz. Set "
                "'Recording interval' to the fastest setting in AndroSensor."
            )
    return parsed
