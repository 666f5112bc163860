"""ActiGraph's raw-data CSV (ActiLife's "RAW" export of a GT3X+, wGT3X-BT, GT9X ... recording).

A research-grade accelerometer that physiotherapists and studies clip to the belt (often over a hip) or the wrist.
The export opens with ten lines of header::

    ------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.3 Firmware v3.2.1 date format M/d/yyyy at
    30 Hz  Filter Normal -----------   (one line)
    Serial Number: NEO1F18120387
    Start Time 10:00:00
    Start Date 5/7/2014
    Epoch Period (hh:mm:ss) 00:00:00
    Download Time ...
    Download Date ...
    Current Memory Address: 0
    Current Battery Voltage: 4.07     Mode = 12
    --------------------------------------------------

then, with column headers if the export asked for them, ``Accelerometer X,Accelerometer Y,Accelerometer Z`` in g
(a leading ``Timestamp`` column optional; a GT9X's IMU file adds ``Gyroscope X..Z`` in deg/s and ``Magnetometer
X..Z`` in µT). Some exports pad the lines with empty fields (``,,``). The sampling rate is only in the first line
and the samples are evenly spaced from the start date and time, the wearer's local clock without a zone (kept as
recorded). An epoch file (an epoch period other than 00:00:00) holds activity counts, not acceleration.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import CorruptFileError, UnitError, UnsupportedFormatError
from ..model import GRAVITY_MPS2
from ..timebase import Stream
from .base import Parsed
from .csv_table import numeric, read_table, sniff_dialect
from .source import decode_text

__all__ = ["looks_like_actigraph", "read_actigraph"]

#: Header lines before the data (or the column names) in ActiLife's CSV export.
HEADER_LINES = 10

_RATE = re.compile(r"\bat\s+(\d+(?:\.\d+)?)\s*Hz", re.IGNORECASE)
_DATE_FORMAT = re.compile(r"date format\s+(\S+)", re.IGNORECASE)
_DEVICE = re.compile(r"Created By\s+(ActiGraph\s+\S+)", re.IGNORECASE)
#: ActiLife's date-format tokens (.NET style) -> strftime.
_DATE_TOKENS = (("yyyy", "%Y"), ("MM", "%m"), ("M", "%m"), ("dd", "%d"), ("d", "%d"))
_AXES = {
    "acc": ("accelerometer x", "accelerometer y", "accelerometer z"),
    "gyr": ("gyroscope x", "gyroscope y", "gyroscope z"),
    "mag": ("magnetometer x", "magnetometer y", "magnetometer z"),
}


def looks_like_actigraph(header: str) -> bool:
    """Tell ActiLife's CSV export from its first line.

    Parameters
    ----------
    header
        The first line of the file.

    Returns
    -------
    bool
        True when it names ActiGraph as the creator of the data file.
    """
    return "data file created by actigraph" in header.lower()


def _header_value(lines: list[str], key: str) -> str | None:
    for line in lines:
        if line.lower().startswith(key.lower()):
            return line[len(key) :].strip(" :,\t")
    return None


def _start(lines: list[str], date_format: str | None) -> tuple[pd.Timestamp | None, str | None]:
    """The recording's start from the header's ``Start Date`` and ``Start Time`` (local time, no zone).

    Or None and why: the gait needs no clock, so a start that cannot be read is a warning, not a refusal.
    """
    date, clock = _header_value(lines, "Start Date"), _header_value(lines, "Start Time")
    if not date or not clock:
        return None, "the header gives no start date and time"
    fmt = date_format or "M/d/yyyy"
    for token, code in _DATE_TOKENS:
        fmt = re.sub(rf"(?<![%A-Za-z]){token}(?![A-Za-z])", code, fmt)
    try:
        start = pd.to_datetime(f"{date.split()[0]} {clock.split()[0]}", format=f"{fmt} %H:%M:%S")
    except (ValueError, TypeError):
        return None, f"the header's start ({date} {clock}) does not follow its date format {fmt!r}: no wall clock"
    return start.tz_localize("UTC"), None


def read_actigraph(data: bytes, name: str) -> Parsed:
    """Read ActiLife's raw-data CSV export.

    Parameters
    ----------
    data
        The file's bytes.
    name
        File name for messages.

    Returns
    -------
    Parsed
        The accelerometer [m/s², from g] (and a GT9X's gyroscope [deg/s] and magnetometer [µT]) at the header's
        rate from its start date and time; the device and serial number.

    Raises
    ------
    UnsupportedFormatError
        For an epoch file (activity counts, not acceleration).
    CorruptFileError
        When the header has no sampling rate or the data no three acceleration columns.
    UnitError
        When the acceleration is not in g (an "analog quantized" export of the converter's counts).
    """
    text = decode_text(data[: 64 * 1024], name)
    lines = text.splitlines()[: HEADER_LINES + 2]
    first = lines[0] if lines else ""
    epoch = _header_value(lines, "Epoch Period (hh:mm:ss)")
    if epoch and epoch.strip() not in ("00:00:00", "0:00:00"):
        raise UnsupportedFormatError(
            f"an ActiGraph epoch file (activity counts every {epoch}), not the raw acceleration: export the "
            "recording from ActiLife as raw data (RAW CSV) for gait analysis.",
            file_name=name,
        )
    rate = _RATE.search(first)
    if not rate:
        raise CorruptFileError(
            "the ActiGraph header's first line gives no sampling rate ('... at 30 Hz ...').", file_name=name
        )
    rate_hz = float(rate.group(1))
    date_format = _DATE_FORMAT.search(first)
    started, no_start = _start(lines, date_format.group(1) if date_format else None)
    data_lines = lines[HEADER_LINES:]
    sep, decimal = sniff_dialect(data_lines[:4] if data_lines else [","])
    # column names, or data at once (a timestamp such as "5/7/2014 10:00:00.000" has no letters)
    has_names = bool(data_lines) and bool(re.search(r"[A-Za-z]", data_lines[0]))
    df = read_table(data, name, sep=sep, decimal=decimal, skiprows=HEADER_LINES, header=0 if has_names else None)
    df = df.dropna(axis=1, how="all")  # (lines padded with empty fields)
    if has_names:
        lower = {str(c).strip().lower(): c for c in df.columns}
        columns = {q: [lower[a] for a in axes] for q, axes in _AXES.items() if all(a in lower for a in axes)}
    else:  # no column names: [Timestamp,] X, Y, Z
        values = [c for c in df.columns if np.isfinite(numeric(df[c][:100])).mean() > 0.5]
        columns = {"acc": values[:3]} if len(values) >= 3 else {}
    if len(columns.get("acc", ())) != 3:
        raise CorruptFileError(
            f"no 'Accelerometer X, Y, Z' columns after the ActiGraph header (columns: {list(df.columns)[:8]}).",
            file_name=name,
        )
    g = np.column_stack([numeric(df[c]) for c in columns["acc"]])[:: max(1, len(df) // 20_000)]
    level = float(pd.Series(np.linalg.norm(g, axis=1)).median())
    # gravity reads 1 g; an "analog quantized" export holds the converter's counts, hundreds to thousands (design
    # choice: 0.3-3 g, far from both, as a walk's median acceleration stays near 1 g)
    if not 0.3 <= level <= 3.0:
        raise UnitError(
            f"the acceleration does not read in g (gravity reads {level:.4g} where it should read 1): export the raw "
            "data from ActiLife in g, not as the sensor's raw counts ('analog quantized').",
            file_name=name,
        )
    t = np.arange(len(df), dtype=float) / rate_hz  # evenly spaced from the start (the device's own clock)
    parsed = Parsed("actigraph", started_at=started, rate_hz=rate_hz)
    scale = {"acc": GRAVITY_MPS2, "gyr": 1.0, "mag": 1.0}
    for quantity, cols in columns.items():
        v = np.column_stack([numeric(df[c]) for c in cols]) * scale[quantity]
        parsed.streams.append(Stream(quantity, t, v))
    device = _DEVICE.search(first)
    serial = _header_value(lines, "Serial Number")
    parsed.device = " ".join(x for x in (device.group(1) if device else "ActiGraph", serial and f"({serial})") if x)
    parsed.info["units"] = {"time": f"{rate_hz:g} Hz from the header", "acc": "g (ActiGraph)"}
    if started is not None:
        parsed.info["clock"] = "the device's local time (time zone not in the file)"
    if no_start:
        parsed.warnings.append(no_start)
    return parsed
