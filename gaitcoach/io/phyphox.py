"""phyphox exports (RWTH Aachen's phone physics app): a zip (or folder) of one CSV per sensor, or one CSV.

Layout (phyphox 1.1.x, fileFormat 1.18): ``Accelerometer.csv`` (with gravity), ``Linear Accelerometer.csv``
(gravity removed), ``Gyroscope.csv`` [rad/s], ``Magnetometer.csv`` [µT], each with a header such as
``"Time (s)","X (m/s^2)","Y (m/s^2)","Z (m/s^2)"`` (older versions: ``"Acceleration x (m/s^2)"``), time in
seconds since the experiment start; ``meta/time.csv`` holds the wall clock of the start (Unix seconds) and
``meta/device.csv`` the phone. phyphox reports the Android axis and sign convention on both platforms.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import NoSensorDataError, UnitError
from ..model import GRAVITY_MPS2
from ..timebase import Stream
from .base import ACC_UNITS, GYR_UNITS, MAG_UNITS, Parsed, unit_in_header
from .csv_table import numeric, read_table

__all__ = ["looks_like_phyphox", "read_phyphox"]

_FILES = {
    "accelerometer.csv": ("acc", True),
    "linear accelerometer.csv": ("acc", False),
    "gyroscope.csv": ("gyr", True),
    "magnetometer.csv": ("mag", True),
}
_FACTORS = {"acc": ACC_UNITS, "gyr": GYR_UNITS, "mag": MAG_UNITS}
_DEFAULT_UNIT = {"acc": "m/s^2", "gyr": "rad/s", "mag": "ut"}


def looks_like_phyphox(header: str) -> bool:
    """Tell a phyphox CSV from its header line.

    Parameters
    ----------
    header
        The first line.

    Returns
    -------
    bool
        True when the first column is phyphox's ``"Time (s)"``.
    """
    return header.lstrip("\ufeff").startswith('"Time (s)"')


def _kind_from_header(columns: list[str], file_name: str) -> tuple[str, bool] | None:
    base = file_name.rsplit("/", 1)[-1].lower()
    if base in _FILES:
        return _FILES[base]
    words = " ".join(columns[1:]).lower()
    if "linear acceleration" in words:
        return "acc", False
    if "gyro" in words or "rad/s" in words:
        return "gyr", True
    if "magnetic" in words or "µt" in words or "μt" in words:
        return "mag", True
    if "m/s^2" in words or "acceleration" in words:
        return "acc", True
    return None


def _stream(data: bytes, member: str, name: str) -> tuple[Stream, bool] | None:
    df = read_table(data, f"{name}/{member}" if member != name else name)
    kind = _kind_from_header(list(df.columns), member)
    if kind is None or df.shape[1] < 4:
        return None
    quantity, with_gravity = kind
    unit = unit_in_header(df.columns[1]) or _DEFAULT_UNIT[quantity]
    factors = _FACTORS[quantity]
    if unit not in factors:
        raise UnitError(f"unexpected unit {unit!r} in column {df.columns[1]!r} of {member}.", file_name=name)
    t = numeric(df.iloc[:, 0])
    v = np.column_stack([numeric(df.iloc[:, j]) for j in (1, 2, 3)]) * factors[unit]
    if quantity == "acc" and member == name and with_gravity:
        # A lone "X (m/s^2)" file may be either kind: gravity shows as a mean magnitude near 1 g.
        with_gravity = bool(np.nanmedian(np.linalg.norm(v, axis=1)) > 0.5 * GRAVITY_MPS2)
    return Stream(quantity, t, v), with_gravity


def read_phyphox(members: Mapping[str, bytes], name: str) -> Parsed:
    """Read a phyphox export (zip/folder members, or ``{name: bytes}`` for one CSV).

    Parameters
    ----------
    members
        Member path to bytes.
    name
        The archive's (or file's) name.

    Returns
    -------
    Parsed
        Motion streams, start time and device.

    Raises
    ------
    NoSensorDataError
        When no accelerometer, gyroscope or magnetometer table is in the export.
    """
    parsed = Parsed("phyphox")
    found: dict[str, tuple[Stream, bool]] = {}
    for member, data in sorted(members.items()):
        if not member.lower().endswith(".csv") and member != name:
            continue
        if "/meta/" in f"/{member.lower()}":
            continue
        got = _stream(data, member, name)
        if got is None:
            continue
        stream, with_gravity = got
        # Prefer acceleration with gravity over linear acceleration.
        if stream.name in found and not (stream.name == "acc" and with_gravity and not found["acc"][1]):
            continue
        found[stream.name] = (stream, with_gravity)
    if not found:
        raise NoSensorDataError(
            "this phyphox export holds no accelerometer, gyroscope or magnetometer data. In phyphox, record "
            "with the 'Acceleration with g' (and 'Gyroscope') experiment and export as CSV.",
            file_name=name,
        )
    parsed.streams = [s for s, _ in found.values()]
    if "acc" in found:
        parsed.acc_includes_gravity = found["acc"][1]
        if not found["acc"][1]:
            parsed.warnings.append(
                "phyphox exported linear acceleration (gravity removed): the sensor's orientation cannot be "
                "found from it. Record with 'Acceleration with g' for the full analysis."
            )
    meta = {m.lower().rsplit("meta/", 1)[-1]: d for m, d in members.items() if "meta/" in m.lower()}
    if "time.csv" in meta:
        tdf = read_table(meta["time.csv"], f"{name}/meta/time.csv")
        start_rows = tdf[tdf.iloc[:, 0].astype(str).str.upper() == "START"]
        if len(start_rows) and tdf.shape[1] >= 3:
            unix_s = float(numeric(start_rows.iloc[:, 2])[0])
            exp_s = float(numeric(start_rows.iloc[:, 1])[0])
            if np.isfinite(unix_s):
                parsed.started_at = pd.Timestamp(unix_s - (exp_s if np.isfinite(exp_s) else 0.0), unit="s", tz="UTC")
    if "device.csv" in meta:
        ddf = read_table(meta["device.csv"], f"{name}/meta/device.csv")
        props = dict(zip(ddf.iloc[:, 0].astype(str), ddf.iloc[:, 1].fillna("").astype(str)))
        parsed.device = " ".join(x for x in (props.get("deviceBrand"), props.get("deviceModel")) if x) or None
        parsed.info["app"] = f"phyphox {props.get('version', '')}".strip()
    return parsed
