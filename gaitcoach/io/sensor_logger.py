"""Sensor Logger (Kelvin Choi) exports: a zip or folder of per-sensor CSVs, iOS and Android variants, or its JSON.

Every sensor file has the header ``time,seconds_elapsed,z,y,x`` (note the z,y,x order): ``time`` in ns since
the Unix epoch, ``seconds_elapsed`` in s. Units (awesome-sensor-logger ``UNITS.md``): acceleration m/s²,
gyroscope rad/s, magnetometer µT. ``Accelerometer.csv`` is acceleration *without* gravity on both platforms;
Android adds ``TotalAcceleration.csv`` (with gravity); ``Gravity.csv`` lets gravity be added back. Unless the
app's "Standardise Units & Frames" option was on, iOS reports acceleration and gravity with the opposite
sign of Android (``CROSSPLATFORM.md``): gaitcoach flips them to the Android convention, the specific force an
accelerometer measures (+1 g upward at rest), which keeps them consistent with the right-handed gyroscope.

The app's JSON export is one array of readings, each an object naming its sensor beside the CSVs' columns, the
values as strings (``[{"sensor": "Accelerometer", "time": "1655176505558479600", "seconds_elapsed": "0.37",
"z": "0.06", "y": "0.51", "x": "-0.25"}, ...]``; the sample exports of ``mhaberler/sensorlogger-util``): it is
read as the per-sensor tables it holds (:func:`sensor_logger_json_members`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import CorruptFileError, FileTooLargeError, NoSensorDataError
from ..model import GRAVITY_MPS2
from ..timebase import Stream
from .base import GYR_UNITS, Parsed
from .csv_table import numeric, read_table

__all__ = [
    "JSON_MAX_BYTES",
    "looks_like_sensor_logger",
    "looks_like_sensor_logger_json",
    "read_sensor_logger",
    "sensor_logger_json_members",
]


def looks_like_sensor_logger(header: str) -> bool:
    """Tell a Sensor Logger CSV from its header line.

    Parameters
    ----------
    header
        The first line.

    Returns
    -------
    bool
        True for ``time,seconds_elapsed,...``.
    """
    return header.lstrip("\ufeff").startswith("time,seconds_elapsed")


#: Largest JSON export read [bytes] (design choice): the JSON is parsed whole, and its readings take about 8 times
#: its size in memory (an hour at 100 Hz of three sensors: 171 MB of JSON, 1.3 GB while read); the zipped CSV
#: export has no such cost.
JSON_MAX_BYTES = 256 * 2**20


def looks_like_sensor_logger_json(data: bytes) -> bool:
    """Tell Sensor Logger's JSON export from its first bytes (an array of readings naming their sensor).

    Parameters
    ----------
    data
        The file's bytes (only the first few hundred are read).

    Returns
    -------
    bool
        True for ``[{"sensor": ..., "seconds_elapsed": ...``.
    """
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"[") and b'"sensor"' in head and b'"seconds_elapsed"' in head


def sensor_logger_json_members(data: bytes, name: str) -> dict[str, bytes]:
    """The per-sensor CSV tables (``Accelerometer.csv``, ``Gyroscope.csv``, ...) a Sensor Logger JSON export holds.

    Parameters
    ----------
    data
        The JSON file.
    name
        Its name, for errors.

    Returns
    -------
    dict
        ``<Sensor>.csv`` -> its readings as the app's CSV export writes them (``time,seconds_elapsed,...``).

    Raises
    ------
    CorruptFileError
        When the JSON does not parse (a truncated export) or holds no readings.
    FileTooLargeError
        Over :data:`JSON_MAX_BYTES`.
    """
    if len(data) > JSON_MAX_BYTES:
        raise FileTooLargeError(
            f"this Sensor Logger JSON export is {len(data) / 2**20:.0f} MiB; a JSON file is read whole, and one "
            f"over {JSON_MAX_BYTES / 2**20:.0f} MiB would need gigabytes of memory. Export the recording as zipped "
            "CSV instead.",
            file_name=name,
        )
    try:
        readings = pd.DataFrame.from_records(json.loads(data))
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise CorruptFileError(
            f"this Sensor Logger JSON export does not parse ({exc}); it may be cut short. Export the recording "
            "again, as JSON or as zipped CSV.",
            file_name=name,
        ) from exc
    if readings.empty or "sensor" not in readings.columns:
        raise CorruptFileError("this Sensor Logger JSON export holds no sensor readings.", file_name=name)
    members = {}
    for sensor, part in readings.groupby("sensor", sort=False):  # a loop over the export's sensors
        part = part.drop(columns="sensor").dropna(axis=1, how="all")
        first = [c for c in ("time", "seconds_elapsed") if c in part.columns]
        part = part[first + [c for c in part.columns if c not in first]]
        members[f"{sensor}.csv"] = part.to_csv(index=False).encode()
    return members


def _table(members: Mapping[str, bytes], base: str, name: str) -> pd.DataFrame | None:
    for member, data in members.items():
        if member.rsplit("/", 1)[-1].lower() == base.lower() and data.strip():
            df = read_table(data, f"{name}/{member}")
            if {"x", "y", "z"} <= set(df.columns) and ("time" in df.columns or "seconds_elapsed" in df.columns):
                return df
    return None


_SINGLE = (
    ("total", "TotalAcceleration.csv"),
    ("gyro", "Gyroscope.csv"),
    ("magnet", "Magnetometer.csv"),
    ("gravity", "Gravity.csv"),
    ("orient", "Orientation.csv"),
)


def _uses_epoch(members: Mapping[str, bytes], base: str) -> bool:
    for member, data in members.items():
        if member.rsplit("/", 1)[-1].lower() == base.lower():
            return data.lstrip(b"\xef\xbb\xbf").startswith(b"time,")
    return True


def _xyz(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    t = numeric(df["time"]) * 1e-9 if "time" in df.columns else numeric(df["seconds_elapsed"])
    return t, np.column_stack([numeric(df[c]) for c in ("x", "y", "z")])


def read_sensor_logger(members: Mapping[str, bytes], name: str) -> Parsed:
    """Read a Sensor Logger export.

    Parameters
    ----------
    members
        Member path to bytes (a single CSV is passed as ``{name: bytes}``).
    name
        The archive's (or file's) name.

    Returns
    -------
    Parsed
        Accelerometer with gravity [m/s²], gyroscope [deg/s], magnetometer [µT], start time, device.

    Raises
    ------
    NoSensorDataError
        When no accelerometer or gyroscope file is present.
    """
    parsed = Parsed("sensor_logger")
    if len(members) == 1:  # a lone CSV of the export: its name says which sensor it is
        ((member, data),) = members.items()
        base = member.rsplit("/", 1)[-1].lower()
        canonical = next((c for key, c in _SINGLE if key in base), "Accelerometer.csv")
        members = {canonical: data}
    meta: dict[str, str] = {}
    for member, data in members.items():
        if member.rsplit("/", 1)[-1].lower() == "metadata.csv" and data.strip():
            mdf = read_table(data, f"{name}/{member}")
            meta = {str(k): str(v) for k, v in mdf.iloc[0].items()}
    platform = meta.get("platform", "").lower()
    standardised = any("standard" in k.lower() and v.lower() in ("true", "1", "yes") for k, v in meta.items())
    total = _table(members, "TotalAcceleration.csv", name)
    linear = _table(members, "Accelerometer.csv", name)
    gravity = _table(members, "Gravity.csv", name)
    if not platform:
        platform = "android" if total is not None else "ios"
    sign = -1.0 if platform == "ios" and not standardised else 1.0
    if total is not None:
        t, v = _xyz(total)
        parsed.streams.append(Stream("acc", t, v * sign))
    elif linear is not None and gravity is not None:
        t, v = _xyz(linear)
        tg, g = _xyz(gravity)
        g_on_t = np.column_stack([np.interp(t, tg, g[:, j]) for j in range(3)])
        parsed.streams.append(Stream("acc", t, (v + g_on_t) * sign))
    elif linear is not None:
        t, v = _xyz(linear)
        with_g = bool(np.nanmedian(np.linalg.norm(v, axis=1)) > 0.5 * GRAVITY_MPS2)
        parsed.acc_includes_gravity = with_g
        parsed.streams.append(Stream("acc", t, v * sign))
        if not with_g:
            parsed.warnings.append(
                "Sensor Logger's Accelerometer.csv has gravity removed and no Gravity.csv was included: the "
                "sensor's orientation cannot be found. Export with the Gravity sensor switched on."
            )
    gyro = _table(members, "Gyroscope.csv", name)
    if gyro is not None:
        t, v = _xyz(gyro)
        parsed.streams.append(Stream("gyr", t, v * GYR_UNITS["rad/s"]))
    mag = _table(members, "Magnetometer.csv", name)
    if mag is not None:
        t, v = _xyz(mag)
        parsed.streams.append(Stream("mag", t, v))
    if not parsed.streams:
        raise NoSensorDataError(
            "this Sensor Logger export holds no Accelerometer, TotalAcceleration or Gyroscope file. Switch "
            "those sensors on in Sensor Logger and export again.",
            file_name=name,
        )
    if all(_uses_epoch(members, f) for f in ("TotalAcceleration.csv", "Accelerometer.csv", "Gyroscope.csv")):
        parsed.started_at = pd.Timestamp(0, tz="UTC")  # 'time' is ns since the Unix epoch
    parsed.device = meta.get("device name") or None
    if meta:
        parsed.info["app"] = f"Sensor Logger {meta.get('appVersion', '')} ({platform})".strip()
        rates = [float(r) for r in meta.get("sampleRateMs", "").split("|") if r.strip().replace(".", "", 1).isdigit()]
        rates = [r for r in rates if r > 0]
        if rates and min(rates) >= 100:
            parsed.warnings.append(
                f"Sensor Logger was set to sample every {min(rates):.0f} ms; gait analysis "
                "needs at least 50 Hz (20 ms). Set the sampling rate to 100 Hz in Sensor Logger's settings."
            )
    return parsed
