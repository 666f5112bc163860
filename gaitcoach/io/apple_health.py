"""Apple Health's export (``export.zip`` holding ``apple_health_export/export.xml``): its walks, as a history.

The Health app's "Export All Health Data" writes every sample as XML. gaitcoach keeps the walking and hiking
**workouts** (an Apple Watch's or the Fitness app's Walk, or another app's), each with its time, distance and
steps, and the iPhone's **walking metrics** measured during it, which the phone records by itself while it rides
in a pocket or at the waist on steady, level walking (Apple, "Measuring Walking Quality Through iPhone Mobility
Metrics", May 2021): walking speed, step length, double support (the share of the walk with both feet on the ground)
and walking asymmetry (the share of steps whose duration differs between the feet, not the left-right
difference of two step times). The metrics it measured outside any walking workout are kept per day on the
wearer's clock (``attrs["days"]``), so that the weeks can follow them without a workout.

Format (as documented from real exports: there is no real export among the development files): a root
``<HealthData>`` of ``<Record type=... unit=... startDate=... endDate=... value=... sourceName=...>`` and
``<Workout workoutActivityType=... duration=... durationUnit=... startDate=... endDate=...>`` whose children
``<WorkoutStatistics type=... sum=... unit=...>`` (iOS 16 and later) give its steps and distance, where older
exports give ``totalDistance``; dates as ``2025-01-01 10:28:18 +0900``; speeds in ``km/hr`` or ``mi/hr`` and
lengths in ``cm`` or ``in`` as the phone's locale says; percentages as fractions (``unit="%" value="0.305"``).
Exports reach gigabytes: the XML is read as a stream (bounded memory), straight out of the zip.
"""

from __future__ import annotations

import io
import math
import os
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Union, cast

import numpy as np
import pandas as pd

from ..errors import CorruptFileError, EmptyFileError, UnsupportedFormatError

__all__ = ["APPLE_HEALTH_COLUMNS", "DAY_COLUMNS", "describe_apple_health", "holds_apple_health", "read_apple_health"]

HealthSource = Union[str, "os.PathLike[str]", bytes, bytearray, BinaryIO]

#: Workout types counted as walking.
WALKING_WORKOUTS = {"HKWorkoutActivityTypeWalking": "walking", "HKWorkoutActivityTypeHiking": "hiking"}

_Q = "HKQuantityTypeIdentifier"
#: Record types read: the steps, and the walking metrics with their column.
_METRICS = {
    f"{_Q}WalkingSpeed": "speed_mps",
    f"{_Q}WalkingStepLength": "step_length_m",
    f"{_Q}WalkingDoubleSupportPercentage": "double_support_pct",
    f"{_Q}WalkingAsymmetryPercentage": "walking_asymmetry_pct",
}
_STEPS, _DISTANCE = f"{_Q}StepCount", f"{_Q}DistanceWalkingRunning"
#: Units to SI (and fractions to percent).
_FACTORS = {
    "km/hr": 1 / 3.6, "mi/hr": 0.44704, "m/s": 1.0, "km/h": 1 / 3.6, "mph": 0.44704,
    "cm": 0.01, "in": 0.0254, "m": 1.0, "ft": 0.3048, "km": 1000.0, "mi": 1609.344, "yd": 0.9144,
    "%": 100.0, "count": 1.0, "min": 60.0, "s": 1.0, "sec": 1.0, "hr": 3600.0, "h": 3600.0,
}  # fmt: skip

#: Columns of :func:`read_apple_health`'s table.
APPLE_HEALTH_COLUMNS = (
    "start", "end", "activity", "source", "duration_s", "distance_m", "steps", "speed_mps", "step_length_m",
    "double_support_pct", "walking_asymmetry_pct",
)  # fmt: skip
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"


def holds_apple_health(head: bytes) -> bool:
    """Tell an Apple Health export from the first bytes of a file (a zip's or the XML's).

    Parameters
    ----------
    head
        The file's first few kilobytes.

    Returns
    -------
    bool
        True for ``export.xml`` (a ``HealthData`` document) or a zip whose first member is in
        ``apple_health_export/`` or is an ``export.xml``.
    """
    if head[:4] == b"PK\x03\x04":  # the first member's name, from its local header (zip's layout)
        first = head[30 : 30 + int.from_bytes(head[26:28], "little")].decode("utf-8", "replace").lower()
        return first.startswith("apple_health_export/") or first.rsplit("/", 1)[-1] == "export.xml"
    text = head[:4096].decode("utf-8", "replace")
    return "<HealthData" in text or "<!DOCTYPE HealthData" in text


def _factor(unit: str | None, what: str, name: str) -> float:
    key = (unit or "").strip()
    if key not in _FACTORS:
        raise CorruptFileError(f"unknown unit {unit!r} of {what} in the Apple Health export.", file_name=name)
    return _FACTORS[key]


def _open_xml(source: HealthSource, name: str, opened: list) -> BinaryIO:
    """The export's XML as a binary stream (from the zip without unpacking it); what it opened goes in ``opened``."""
    if isinstance(source, (bytes, bytearray)):
        raw: BinaryIO = io.BytesIO(bytes(source))
    elif isinstance(source, (str, os.PathLike)):
        raw = Path(source).open("rb")  # noqa: SIM115 (closed by the caller, with what else was opened)
        opened.append(raw)
    else:
        raw = source  # (the caller's: read, never closed)
    head = raw.read(4)
    raw.seek(0)
    if not head:
        raise EmptyFileError("the file is empty.", file_name=name)
    if head != b"PK\x03\x04":
        return raw
    try:
        zf = zipfile.ZipFile(raw)
        opened.append(zf)
        member = next(
            (m for m in zf.namelist() if m.rsplit("/", 1)[-1].lower() == "export.xml" and "__MACOSX" not in m), None
        )
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(f"the zip archive is damaged ({exc}).", file_name=name) from exc
    if member is None:
        raise UnsupportedFormatError(
            "the zip holds no apple_health_export/export.xml: export it again from the Health app (your picture "
            "> Export All Health Data).",
            file_name=name,
        )
    stream = cast(BinaryIO, zf.open(member))
    opened.append(stream)
    return stream


#: Control characters XML 1.0 forbids, as spaces: iOS writes some (a vertical tab, \x0b, in device names), and a
#: parser stops at the first (known from the exports of iOS 16 on).
_CONTROL = bytes.maketrans(bytes([*range(9), 11, 12, *range(14, 32)]), b" " * 29)
#: Bytes of the export's start searched for the end of its document type declaration.
_MAX_DTD_BYTES = 1 << 22


class _Cleaned:
    """The export's XML without its document type declaration and without the control characters XML forbids.

    The declaration's internal subset describes the elements and nothing gaitcoach reads needs it, while the one
    of iOS 16 and later exports is malformed (an attribute list left unclosed: every parser stops at its line 156,
    as reported by the users of every public Apple Health parser); it is dropped from the start of the stream.
    """

    def __init__(self, rest: BinaryIO) -> None:
        head = rest.read(64 * 1024)
        self.first = head[:4096]  # (as written: what the file says it is)
        start = head.find(b"<!DOCTYPE")
        if start >= 0:
            while b"]>" not in head[start:] and len(head) < _MAX_DTD_BYTES:  # (a declaration of a few kilobytes)
                more = rest.read(64 * 1024)
                if not more:
                    break
                head += more
            end = head.find(b"]>", start)
            if end >= 0:
                head = head[:start] + head[end + 2 :]
        self.head, self.rest = head.translate(_CONTROL), rest

    def read(self, n: int = -1) -> bytes:
        if self.head:
            out, self.head = self.head, b""
            return out
        return self.rest.read(n).translate(_CONTROL)


def _elements(stream: BinaryIO, name: str, warnings: list[str]) -> Iterator[ET.Element]:
    """The export's ``Record`` and ``Workout`` elements, streamed; the tree is cleared behind them."""
    root = None
    seen = 0
    cleaned = _Cleaned(stream)
    head = cleaned.first
    try:
        for event, elem in ET.iterparse(cleaned, events=("start", "end")):
            if root is None:
                root = elem
                if elem.tag != "HealthData":
                    raise UnsupportedFormatError(
                        f"this XML file is not an Apple Health export (its root is <{elem.tag}>, not <HealthData>).",
                        file_name=name,
                    )
                continue
            if event != "end" or elem.tag not in ("Record", "Workout"):
                continue
            seen += 1
            yield elem
            root.clear()  # (bounded memory: the samples read are dropped)
    except ET.ParseError as exc:
        if root is None and not holds_apple_health(head):
            raise UnsupportedFormatError(f"this file is not XML gaitcoach reads ({exc}).", file_name=name) from exc
        if not seen:
            raise CorruptFileError(f"the export breaks off before any sample ({exc}).", file_name=name) from exc
        warnings.append(f"the export breaks off ({exc}); the {seen:,} samples and workouts before it are read")


class _Samples:
    """Samples of one kind, turned from text into numbers :data:`_BLOCK` at a time.

    An export holds millions of step samples: kept as text, they would take gigabytes.
    """

    def __init__(self) -> None:
        self.text: list[tuple[str | None, str | None, str | None, float, str]] = []
        self.blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self.keys: dict[str, int] = {}  # a source's (or a metric's column's) number

    def add(self, a: dict[str, str], factor: float, key: str) -> None:
        self.text.append((a.get("startDate"), a.get("endDate"), a.get("value"), factor, key))
        if len(self.text) >= _BLOCK:
            self._flush()

    def _flush(self) -> None:
        if not self.text:
            return
        start, end, value, factor, key = zip(*self.text)
        numbers = pd.to_numeric(pd.Series(value, dtype=object), errors="coerce").to_numpy(float)
        codes = np.array([self.keys.setdefault(k, len(self.keys)) for k in key], np.int32)
        # the day on the wearer's clock, as written ("2025-01-01 10:28:18 +0900")
        day = pd.to_datetime(pd.Series(start, dtype=object).str[:10], format="%Y-%m-%d", errors="coerce")
        self.blocks.append((_dates(list(start)), _dates(list(end)), numbers * np.asarray(factor, float), codes,
                            day.to_numpy(dtype="datetime64[D]")))  # fmt: skip
        self.text = []

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """Start and end [ns since 1970, UTC], value (SI), key number, the local day; and the keys by number."""
        self._flush()
        if not self.blocks:
            empty = np.zeros(0)
            return empty, empty, empty, np.zeros(0, np.int32), np.zeros(0, "datetime64[D]"), []
        start, end, value, code, day = (np.concatenate(x) for x in zip(*self.blocks))
        return start, end, value, code, day, sorted(self.keys, key=lambda k: self.keys[k])


#: Samples turned from text into numbers at a time (design choice: memory against speed).
_BLOCK = 100_000


def read_apple_health(source: HealthSource, *, name: str | None = None) -> pd.DataFrame:
    """Read the walking and hiking workouts of an Apple Health export, with the walking metrics measured in them.

    Parameters
    ----------
    source
        The export: ``export.zip`` or ``export.xml``, as a path, bytes or a binary file object.
    name
        File name for messages (default: the path's name).

    Returns
    -------
    pandas.DataFrame
        One row per walking workout, oldest first (:data:`APPLE_HEALTH_COLUMNS`): ``start`` and ``end`` (UTC),
        ``activity`` (walking / hiking), ``source`` (the app or device that recorded it), ``duration_s``,
        ``distance_m``, ``steps`` (the workout's own count, else the step samples inside it from the one source
        that counted most there: phone and watch both count, and Health keeps one of them), and the medians of the
        walking metrics whose samples lie inside it: ``speed_mps``, ``step_length_m``, ``double_support_pct``
        and ``walking_asymmetry_pct`` (NaN where none). ``attrs["warnings"]``: what could not be read;
        ``attrs["days"]``: per day on the wearer's clock, the medians of the walking metrics the iPhone measured
        outside the workouts (:data:`DAY_COLUMNS`).

    Raises
    ------
    EmptyFileError, CorruptFileError, UnsupportedFormatError
        For an empty file, a damaged zip or an export that breaks off before its first sample, and a file that is
        not an Apple Health export.
    """
    if name is None:
        name = Path(source).name if isinstance(source, (str, os.PathLike)) else getattr(source, "name", "export")
    name = str(name)
    warnings: list[str] = []
    opened: list = []  # (files this reader opened, closed when done)
    steps, metrics = _Samples(), _Samples()
    workouts: list[dict] = []
    try:
        stream = _open_xml(source, name, opened)
        for elem in _elements(stream, name, warnings):  # a loop over the export's elements (streamed)
            a = elem.attrib
            if elem.tag == "Record":
                kind = a.get("type", "")
                if kind == _STEPS:
                    steps.add(a, 1.0, a.get("sourceName", ""))
                elif kind in _METRICS:
                    metrics.add(a, _factor(a.get("unit"), kind, name), _METRICS[kind])
            elif a.get("workoutActivityType") in WALKING_WORKOUTS:
                workouts.append(_workout(elem, name))
    finally:
        for handle in reversed(opened):
            handle.close()
    table = _with_samples(pd.DataFrame(workouts, columns=[*APPLE_HEALTH_COLUMNS[:7]]), steps, metrics)
    table.attrs["warnings"] = warnings
    table.attrs["file_name"] = name
    return table


def describe_apple_health(walks: pd.DataFrame) -> list[tuple[str, str]]:
    """Facts about an Apple Health export's walks for ``gaitcoach inspect``.

    Parameters
    ----------
    walks
        Output of :func:`read_apple_health`.

    Returns
    -------
    list of (label, text)
        Rows to print.
    """
    span = f"{walks['start'].min():%Y-%m-%d} to {walks['start'].max():%Y-%m-%d}" if len(walks) else "none"
    measured = int(walks[list(APPLE_HEALTH_COLUMNS[7:])].notna().any(axis=1).sum()) if len(walks) else 0
    rows = [
        ("file", str(walks.attrs.get("file_name", "-"))),
        ("format", "apple_health"),
        ("walks", f"{len(walks)} walking or hiking workouts ({span}), {walks['duration_s'].sum() / 60:.0f} min in all"),
        (
            "walking metrics",
            f"the iPhone's speed, step length, double support or asymmetry during {measured} of them, "
            f"on days outside them: {len(walks.attrs.get('days', ()))}",
        ),  # fmt: skip
        ("can support", "walking volume history (weekly minutes), cadence, speed and stride; no step events"),
    ]
    return rows + [("warning", w) for w in walks.attrs.get("warnings", [])]


def _workout(elem: ET.Element, name: str) -> dict:
    """One walking workout's times, duration, distance and steps (its own statistics where it has them)."""
    a = elem.attrib
    duration = _number(a.get("duration")) * _factor(a.get("durationUnit", "min"), "a workout's duration", name)
    distance = math.nan
    if a.get("totalDistance"):
        distance = _number(a["totalDistance"]) * _factor(a.get("totalDistanceUnit", "km"), "a distance", name)
    counted = math.nan
    for stat in elem.iter("WorkoutStatistics"):  # (a handful of children)
        s = stat.attrib
        if s.get("type") == _STEPS and s.get("sum"):
            counted = _number(s["sum"])
        elif s.get("type") == _DISTANCE and s.get("sum"):
            distance = _number(s["sum"]) * _factor(s.get("unit"), "a distance", name)
    return {
        "start": a.get("startDate"), "end": a.get("endDate"), "activity": WALKING_WORKOUTS[a["workoutActivityType"]],
        "source": a.get("sourceName", ""), "duration_s": duration, "distance_m": distance, "steps": counted,
    }  # fmt: skip


def _number(text: str | None) -> float:
    try:
        return float(text) if text is not None else math.nan
    except ValueError:
        return math.nan


def _dates(values: list) -> np.ndarray:
    """Apple's ``2025-01-01 10:28:18 +0900`` as UTC nanoseconds (float; NaN where unreadable)."""
    t = pd.to_datetime(pd.Series(values, dtype=object), format=_DATE_FORMAT, utc=True, errors="coerce")
    out = t.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(float)
    out[t.isna().to_numpy()] = np.nan
    return out


def _with_samples(table: pd.DataFrame, steps: _Samples, metrics: _Samples) -> pd.DataFrame:
    """The workouts with their steps from the step samples where they have no count, and the metrics' medians.

    In ``attrs["days"]``: the days' medians of the metrics measured outside them (:func:`_days`).
    """
    for column in APPLE_HEALTH_COLUMNS[7:]:
        table[column] = np.nan
    m0, m1, m_val, m_code, m_day, columns = metrics.arrays()
    m_mid, m_col = 0.5 * (m0 + m1), np.asarray(columns, dtype=object)[m_code] if len(columns) else np.zeros(0, object)
    if table.empty:
        out = table.reindex(columns=list(APPLE_HEALTH_COLUMNS))
        out.attrs["days"] = _days(m0, m_mid, m_val, m_col, m_day, np.zeros(len(m_mid), bool))
        return out
    w0, w1 = _dates(list(table["start"])), _dates(list(table["end"]))
    table["start"] = pd.to_datetime(w0, unit="ns", utc=True)
    table["end"] = pd.to_datetime(w1, unit="ns", utc=True)
    s0, s1, s_val, s_src, _, _ = steps.arrays()
    counted = table["steps"].to_numpy(float)
    in_walk = np.zeros(len(m_mid), bool)
    for i in range(len(table)):  # a loop over workouts (a few a day)
        a, b = w0[i], w1[i]
        if not np.isfinite(counted[i]) and len(s0):
            # each step sample's share inside the workout; of the sources, the one that counted most there
            overlap = np.clip(np.minimum(s1, b) - np.maximum(s0, a), 0.0, None)
            share = np.where(s1 > s0, overlap / np.where(s1 > s0, s1 - s0, 1.0), (s0 >= a) & (s0 <= b))
            inside = share > 0
            if inside.any():
                totals = pd.Series(s_val[inside] * share[inside]).groupby(s_src[inside]).sum()
                table.at[i, "steps"] = float(np.round(totals.max()))
        during = (m_mid >= a) & (m_mid <= b)
        in_walk |= during
        for column in APPLE_HEALTH_COLUMNS[7:]:
            values = m_val[during & (m_col == column)]
            if len(values):
                table.at[i, column] = float(np.median(values))
    out = table.sort_values("start", kind="stable").reset_index(drop=True)
    out.attrs["days"] = _days(m0, m_mid, m_val, m_col, m_day, in_walk)
    return out


#: Columns of the days' table (``attrs["days"]`` of :func:`read_apple_health`'s).
DAY_COLUMNS = ("day", "start", "samples", *APPLE_HEALTH_COLUMNS[7:])


def _days(
    m0: np.ndarray, m_mid: np.ndarray, m_val: np.ndarray, m_col: np.ndarray, m_day: np.ndarray, in_walk: np.ndarray
) -> pd.DataFrame:
    """Per day on the wearer's clock: the medians of the walking metrics measured outside the walking workouts.

    The iPhone measures them on its own, on every steady, level walk of the day. With their count and the first.
    """
    keep = ~in_walk & np.isfinite(m_val) & np.isfinite(m0) & ~np.isnat(m_day)
    if not keep.any():
        return pd.DataFrame(columns=list(DAY_COLUMNS))
    df = pd.DataFrame({"day": m_day[keep], "column": m_col[keep], "value": m_val[keep], "t0": m0[keep]})
    wide = df.pivot_table(index="day", columns="column", values="value", aggfunc="median")
    first = df.groupby("day")["t0"].min()
    out = pd.DataFrame(
        {"day": wide.index, "start": pd.to_datetime(first.reindex(wide.index).to_numpy(), unit="ns", utc=True),
         "samples": df.groupby("day").size().reindex(wide.index).to_numpy()}
    )  # fmt: skip
    for column in APPLE_HEALTH_COLUMNS[7:]:
        out[column] = wide[column].to_numpy() if column in wide else np.nan
    return out.reset_index(drop=True)
