"""Import: every supported file into one canonical :class:`~gaitcoach.model.Recording`.

Formats are told from the content first and the name second; each has one reader in this package, kept in
:data:`READERS`. :func:`load` is the entry point for one sensor, :func:`load_all` for a file that may hold two
(a left and a right shoe).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from ..errors import GaitcoachError, MultipleSensorsError, NoSensorDataError, UnsupportedFormatError
from ..model import Recording, check_placement, check_side
from .actigraph import looks_like_actigraph, read_actigraph
from .activity_list import looks_like_activity_list, read_activity_list
from .androsensor import looks_like_androsensor, read_androsensor
from .apple_health import holds_apple_health
from .axivity import cwa_times, looks_like_cwa, read_cwa
from .base import Parsed, finish
from .csv_table import first_lines
from .fit import looks_like_fit, read_fit
from .geneactiv import geneactiv_times, looks_like_geneactiv, read_geneactiv
from .generic_csv import read_generic_csv
from .gt3x import gt3x_times, looks_like_gt3x, read_gt3x
from .phyphox import looks_like_phyphox, read_phyphox
from .physics_toolbox import looks_like_physics_toolbox, read_physics_toolbox
from .sensor_logger import (
    looks_like_sensor_logger,
    looks_like_sensor_logger_json,
    read_sensor_logger,
    sensor_logger_json_members,
)
from .source import Source, SourceLike, read_source

__all__ = [
    "DAY_FORMATS", "FORMATS", "READERS", "detect_format", "load", "load_all", "read_activity_list", "recording_days",
    "side_from_name",
]  # fmt: skip

Reader = Callable[[Source, Mapping[str, str]], Parsed]


def _fit(source: Source, units: Mapping[str, str]) -> Parsed:
    if source.members:  # a zip with a FIT file inside (Garmin Connect's "Export original")
        name, data = next((k, v) for k, v in source.members.items() if looks_like_fit(v))
        return read_fit(data, f"{source.name}/{name}")
    return read_fit(source.data, source.name)


def _members(source: Source) -> Mapping[str, bytes]:
    return source.members or {source.name: source.data}


def _sensor_logger_members(source: Source) -> Mapping[str, bytes]:
    """The export's per-sensor tables: its CSVs, or those its JSON export holds."""
    members = _members(source)
    if len(members) == 1:
        ((member, data),) = members.items()
        if looks_like_sensor_logger_json(data):
            return sensor_logger_json_members(data, source.name if member == source.name else f"{source.name}/{member}")
    return members


def _one_csv_reader(reader: Callable[..., Parsed], *, with_units: bool = False) -> Reader:
    def run(source: Source, units: Mapping[str, str]) -> Parsed:
        name, data = _one_file(source)
        return reader(data, name, units=units) if with_units else reader(data, name)

    return run


READERS: dict[str, Reader] = {
    "fit": _fit,
    "phyphox": lambda s, u: read_phyphox(_members(s), s.name),
    "sensor_logger": lambda s, u: read_sensor_logger(_sensor_logger_members(s), s.name),
    "physics_toolbox": _one_csv_reader(read_physics_toolbox),
    "androsensor": _one_csv_reader(read_androsensor),
    "actigraph": _one_csv_reader(read_actigraph),
    "geneactiv": lambda s, u: read_geneactiv(*_geneactiv_file(s)[::-1]),
    "axivity": lambda s, u: read_cwa(*_cwa_file(s)[::-1]),
    "gt3x": lambda s, u: read_gt3x(dict(s.members), s.name),
    "generic_csv": _one_csv_reader(read_generic_csv, with_units=True),
}
FORMATS: tuple[str, ...] = tuple(READERS)

#: The formats whose files can be read a day at a time (a research logger's week is more than one load holds): each
#: reader reads only the blocks timed within a span of the device's clock, and tells the blocks' times without
#: decoding their samples.
_SPAN_READERS: dict[str, Callable[[Source, tuple[float, float]], Parsed]] = {
    "axivity": lambda s, span: read_cwa(*_cwa_file(s)[::-1], span_s=span),
    "geneactiv": lambda s, span: read_geneactiv(*_geneactiv_file(s)[::-1], span_s=span),
    "gt3x": lambda s, span: read_gt3x(dict(s.members), s.name, span_s=span),
}
_TIMES: dict[str, Callable[[Source], np.ndarray]] = {
    "axivity": lambda s: cwa_times(_cwa_file(s)[1]),
    "geneactiv": lambda s: geneactiv_times(_geneactiv_file(s)[1]),
    "gt3x": lambda s: gt3x_times(dict(s.members)),
}
DAY_FORMATS: tuple[str, ...] = tuple(_SPAN_READERS)


def _one_file(source: Source) -> tuple[str, bytes]:
    """The file itself, or the one CSV inside an archive (named by its member name, which may carry a date)."""
    return (source.name, source.data) if not source.members else _only_csv(source)


def _geneactiv_file(source: Source) -> tuple[str, bytes]:
    """The file itself, or the GENEActiv file inside an archive."""
    if not source.members:
        return source.name, source.data
    return next((f"{source.name}/{k}", v) for k, v in source.members.items() if looks_like_geneactiv(v[:4096]))


def _cwa_file(source: Source) -> tuple[str, bytes]:
    """The file itself, or the Axivity .cwa inside an archive."""
    if not source.members:
        return source.name, source.data
    return next((f"{source.name}/{k}", v) for k, v in source.members.items() if looks_like_cwa(v[:4]))


def _only_csv(source: Source) -> tuple[str, bytes]:
    csvs = [(k, v) for k, v in source.members.items() if k.lower().endswith((".csv", ".txt", ".tsv"))]
    if len(csvs) != 1:
        raise UnsupportedFormatError(
            f"the archive holds {len(csvs)} CSV files and none of the known app layouts (phyphox, Sensor "
            "Logger). Load the CSV file you want on its own.",
            file_name=source.name,
        )
    return csvs[0]


def _sniff_text(data: bytes, name: str) -> str:
    if looks_like_geneactiv(data[:4096]):  # (before decoding: its header pads empty fields with NUL bytes)
        return "geneactiv"
    if looks_like_sensor_logger_json(data):
        return "sensor_logger"
    if data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        raise UnsupportedFormatError(
            "this JSON file is not one gaitcoach reads (Sensor Logger's JSON export is): export the recording as "
            "CSV, or a zip of the app's CSV files.",
            file_name=name,
        )
    lines = first_lines(data, name, n=2)
    header = lines[0] if lines else ""
    if looks_like_activity_list(header):
        raise UnsupportedFormatError(
            "this is a Garmin Connect activity list (one row per activity), not a recording of one walk. Read "
            "it with gaitcoach.read_activity_list(...) or 'gaitcoach inspect', keep its walks in the session "
            "database with 'gaitcoach batch FILE --db PATH'; for gait analysis export each walk's original FIT "
            "file.",
            file_name=name,
        )
    if looks_like_phyphox(header):
        return "phyphox"
    if looks_like_sensor_logger(header):
        return "sensor_logger"
    if looks_like_androsensor(header):
        return "androsensor"
    if looks_like_physics_toolbox(header):
        return "physics_toolbox"
    if looks_like_actigraph(header):
        return "actigraph"
    return "generic_csv"


def _not_a_recording_but_apple_health(name: str) -> UnsupportedFormatError:
    return UnsupportedFormatError(
        "this is an Apple Health export (a history of samples and workouts), not a recording of one walk: keep "
        "its walking workouts in the session database with 'gaitcoach batch FILE --db PATH' (or the dashboard), "
        "read them with gaitcoach.read_apple_health(...).",
        file_name=name,
    )


def detect_format(source: Source) -> str:
    """Tell which reader a source needs, from its content (and its name for archives).

    Parameters
    ----------
    source
        The input as read by :func:`~gaitcoach.io.source.read_source`.

    Returns
    -------
    str
        A key of :data:`READERS`.

    Raises
    ------
    UnsupportedFormatError
        For content gaitcoach does not read (random bytes, images, non-UTF-8 text, ...).
    """
    if holds_apple_health(source.data[:4096]) or any(k.lower().endswith("export.xml") for k in source.members):
        raise _not_a_recording_but_apple_health(source.name)
    if source.members:
        names = {k.lower().rsplit("/", 1)[-1]: k for k in source.members}
        if any(looks_like_fit(v) for v in source.members.values()):
            return "fit"
        if (
            "device.csv" in names
            and any("/meta/" in f"/{k.lower()}" for k in source.members)
            or any(looks_like_phyphox(v[:64].decode("utf-8", "replace")) for v in source.members.values())
        ):
            return "phyphox"
        if "metadata.csv" in names or any(
            v[:64].lstrip(b"\xef\xbb\xbf").startswith(b"time,seconds_elapsed") for v in source.members.values()
        ):
            return "sensor_logger"
        if looks_like_gt3x(set(names)):  # (a .gt3x is a zip of the device's log and its info.txt)
            return "gt3x"
        if any(looks_like_geneactiv(v[:4096]) for v in source.members.values()):
            return "geneactiv"
        if any(looks_like_cwa(v[:4]) for v in source.members.values()):
            return "axivity"
        jsons = [v for k, v in source.members.items() if k.lower().endswith(".json")]
        if len(source.members) == 1 and jsons and looks_like_sensor_logger_json(jsons[0]):
            return "sensor_logger"  # a zip holding the app's JSON export
        key, data = _only_csv(source)
        return _sniff_text(data, f"{source.name}/{key}")
    if looks_like_fit(source.data):
        return "fit"
    if source.name.lower().endswith(".fit"):
        return "fit"  # a .fit whose header is broken: the FIT reader says so precisely
    if looks_like_cwa(source.data[:4]) or source.name.lower().endswith(".cwa"):
        return "axivity"  # (a .cwa whose header is broken: the reader says so)
    return _sniff_text(source.data, source.name)


def load(
    source: SourceLike,
    *,
    name: str | None = None,
    placement: str | None = None,
    side: str | None = None,
    units: Mapping[str, str] | None = None,
    format: str | None = None,
    day: str | None = None,
) -> Recording:
    """Load a sensor or activity file into a :class:`~gaitcoach.model.Recording`.

    Parameters
    ----------
    source
        A path (file, or a folder of an unzipped phone export), the file's bytes, or a binary file object.
    name
        File name to report (default: the path's name).
    placement
        Where the sensor was worn: ``"foot"``, ``"lumbar"``, ``"pocket"``, ``"wrist"`` (or ``"summary"``).
        None lets the analysis detect it.
    side
        ``"left"`` or ``"right"`` for a sensor worn on one side.
    units
        Explicit units for a generic CSV: keys ``time`` (``s``, ``ms``, ``us``, ``ns``, ``datetime``),
        ``acc`` (``m/s^2``, ``g``, ``mg``), ``gyr`` (``deg/s``, ``rad/s``), ``mag`` (``ut``, ``gauss``); and
        ``rate_hz`` (e.g. ``"100"``), the sampling rate of a file without a time column (its rows, or its sample
        numbers, are then the samples).
    format
        Force a reader (a key of :data:`READERS`) instead of detecting it.
    day
        ``"YYYY-MM-DD"``: only that day of a research sensor's own file of several days (see :func:`load_all`).

    Returns
    -------
    Recording
        The canonical recording; soft problems are in its ``warnings``.

    Raises
    ------
    gaitcoach.errors.GaitcoachError
        For any problem with the file; the message names the file, what is wrong and what to do.
    ValueError
        For an invalid ``placement``, ``side`` or ``format`` argument (a programming error, not bad input).
    """
    recordings = load_all(source, name=name, placement=placement, side=side, units=units, format=format, day=day)
    if len(recordings) > 1:
        sides = " and ".join(str(r.side) for r in recordings)
        raise MultipleSensorsError(
            f"the file holds {len(recordings)} sensors ({sides}). Load them together with "
            "gaitcoach.load_all(...), or pick one with side='left' or side='right'.",
            file_name=recordings[0].file_name,
        )
    return recordings[0]


def load_all(
    source: SourceLike,
    *,
    name: str | None = None,
    placement: str | None = None,
    side: str | None = None,
    units: Mapping[str, str] | None = None,
    format: str | None = None,
    day: str | None = None,
) -> list[Recording]:
    """Load every sensor of a file: one recording for most files, two for a file with a left and a right shoe.

    A generic CSV with a left and a right set of columns (``left_acc_x ... right_gyr_z``; see
    :func:`gaitcoach.io.generic_csv.split_sides`) holds two sensors on one clock: each recording gets its side,
    and :func:`gaitcoach.analyze` keeps them on the file's clock.

    Parameters
    ----------
    source, name, placement, units, format
        As for :func:`load`.
    side
        For a one-sensor file, the side it was worn on; for a two-sensor file, the one sensor to keep.
    day
        ``"YYYY-MM-DD"``: only that calendar day of the device's clock, midnight to midnight, of a research sensor's
        own file (:data:`DAY_FORMATS`: an Axivity ``.cwa``, a GENEActiv file, an ActiGraph ``.gt3x``), which may hold
        a week; its recording is named ``"file (day)"``. :func:`recording_days` lists the days.

    Returns
    -------
    list of Recording
        The file's sensors, left before right.

    Raises
    ------
    gaitcoach.errors.GaitcoachError
        For any problem with the file (as :func:`load`).
    ValueError
        For an invalid ``placement``, ``side`` or ``format`` argument.
    """
    placement = check_placement(placement)
    side = check_side(side)
    if format is not None and format not in READERS:
        raise ValueError(f"expected format in {FORMATS}, got {format!r}")
    src = read_source(source, name=name)
    fmt = format or detect_format(src)
    data = src.data or b"".join(src.members.values())
    try:
        if day is not None:
            span = _day_span(day, fmt, src.name)
            parsed = _SPAN_READERS[fmt](dataclasses.replace(src, name=f"{src.name} ({day})"), span)
            return [finish(parsed, name=f"{src.name} ({day})", data=data + day.encode(), placement=placement,
                           side=side)]  # fmt: skip
        parsed = READERS[fmt](src, units or {})
        if not parsed.parts:
            return [finish(parsed, name=src.name, data=data, placement=placement, side=side)]
        if len(parsed.parts) == 1:  # one sensor whose columns name its side (the user's statement wins)
            return [finish(parsed.parts[0], name=src.name, data=data, placement=placement, side=side)]
        parts = [p for p in parsed.parts if side is None or p.side == side]
        clock = hashlib.sha256(data).hexdigest()
        for p in parts:  # the sensors of one file share its clock
            p.info["file_clock"] = clock
        return [
            finish(p, name=f"{src.name} [{p.side}]", data=data + str(p.side).encode(), placement=placement)
            for p in parts
        ]
    except GaitcoachError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, ArithmeticError, MemoryError, StopIteration) as exc:
        # A reader met a layout it does not expect: report it as a broken file, not a traceback.
        raise UnsupportedFormatError(
            f"the file looks like {fmt.replace('_', ' ')} but its content does not fit that format "
            f"({type(exc).__name__}: {exc}).",
            file_name=src.name,
        ) from exc


def _day_span(day: str, fmt: str, name: str) -> tuple[float, float]:
    if fmt not in _SPAN_READERS:
        raise UnsupportedFormatError(
            f"only a research sensor's own file ({', '.join(DAY_FORMATS)}) is read a day at a time; this is "
            f"{fmt.replace('_', ' ')}.",
            file_name=name,
        )
    try:
        midnight = pd.Timestamp(day).normalize()
    except ValueError as exc:
        raise ValueError(f"expected a day as YYYY-MM-DD, got {day!r}") from exc
    start = midnight.value / 1e9
    return start, start + 86400.0


def recording_days(source: SourceLike, *, name: str | None = None) -> list[str]:
    """The calendar days (the device's clock) a research sensor's own file holds samples on.

    Parameters
    ----------
    source
        A path, the file's bytes, or a binary file object.
    name
        File name to report.

    Returns
    -------
    list of str
        ``"YYYY-MM-DD"`` of each day with samples (for a GENEActiv CSV, from its first row's day to its last's),
        oldest first, each to load with ``load_all(..., day=...)``.

    Raises
    ------
    gaitcoach.errors.GaitcoachError
        For a file of another format (:data:`DAY_FORMATS`), or one without a readable time.
    """
    src = read_source(source, name=name)
    fmt = detect_format(src)
    _day_span("2000-01-01", fmt, src.name)  # (says which formats)
    try:
        times = _TIMES[fmt](src)
    except (ValueError, KeyError, IndexError, TypeError, ArithmeticError, StopIteration) as exc:
        raise UnsupportedFormatError(
            f"the file looks like {fmt.replace('_', ' ')} but its content does not fit that format "
            f"({type(exc).__name__}: {exc}).",
            file_name=src.name,
        ) from exc
    if not len(times):
        raise NoSensorDataError("the file holds no readable timed samples.", file_name=src.name)
    days = np.unique(np.floor(np.asarray(times, float) / 86400.0))
    return [pd.Timestamp(d * 86400.0, unit="s").strftime("%Y-%m-%d") for d in days]


def side_from_name(name: str) -> str | None:
    """The side a file's name states: ``left_shoe.csv``, ``Right-foot.fit``, ``walk_L.zip``.

    Parameters
    ----------
    name
        A file name.

    Returns
    -------
    str or None
        ``"left"`` or ``"right"`` when the name says one side (as a word: left, right, l, r), else None.
    """
    words = set(re.split(r"[^a-z]+", name.lower()))
    found = words & {"left", "right", "l", "r"}
    if found in ({"left"}, {"l"}):
        return "left"
    if found in ({"right"}, {"r"}):
        return "right"
    return None
