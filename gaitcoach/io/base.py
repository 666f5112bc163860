"""What every reader returns (:class:`Parsed`), and the one step that turns it into a :class:`Recording`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import FileTooLargeError, NoSensorDataError
from ..model import GRAVITY_MPS2, TIME_COLUMN, Recording, _empty_laps
from ..timebase import Stream, assemble

__all__ = [
    "ACC_UNITS", "GYR_UNITS", "MAG_UNITS", "MAX_SAMPLES", "Parsed", "check_sample_count", "finish", "set_local_start",
    "unit_in_header",
]  # fmt: skip

#: Most motion samples read from one recording (design choice: three and a half days at 100 Hz; loading takes about
#: 120 bytes a sample at its peak, so this keeps a file within about 3.6 GB of memory. Most CSVs within the 1 GiB file
#: limit hold fewer; a research logger's week at 100 Hz, 60 million, is read a day at a time instead).
MAX_SAMPLES = 30_000_000

#: Factors to the canonical unit of each quantity. Keys are normalised unit spellings.
ACC_UNITS: Mapping[str, float] = {"m/s^2": 1.0, "g": GRAVITY_MPS2, "mg": GRAVITY_MPS2 / 1000.0}
GYR_UNITS: Mapping[str, float] = {"deg/s": 1.0, "rad/s": float(np.degrees(1.0)), "mdeg/s": 1e-3}
MAG_UNITS: Mapping[str, float] = {"ut": 1.0, "nt": 1e-3, "mt": 1e3, "gauss": 100.0, "mgauss": 0.1}

_UNIT_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"m\s*/\s*s\s*(\^?\s*2|²|\*\*2|2)|m\s*s\s*-\s*2|ms\^-2", "m/s^2"),
    (r"rad\s*/\s*s|rad/sec|rps", "rad/s"),
    (r"deg\s*/\s*s|°\s*/\s*s|dps|deg/sec|degrees?\s*/\s*s|\bd\s*/\s*s\b", "deg/s"),  # (d/s: a short label for deg/s)
    (r"µt|μt|\but\b|micro\s*tesla", "ut"),
    (r"\bnt\b", "nt"),
    (r"\bmt\b", "mt"),
    (r"\bmilli\s*g\b|\bmg\b|millig", "mg"),
    (r"\bg\b|g-?force|\bgf", "g"),
)


def unit_in_header(header: str) -> str | None:
    """Find the unit named in a column header, e.g. ``"X (m/s^2)"`` -> ``"m/s^2"``.

    Parameters
    ----------
    header
        A column name.

    Returns
    -------
    str or None
        A normalised unit (keys of :data:`ACC_UNITS`, :data:`GYR_UNITS`, :data:`MAG_UNITS`), or None.
    """
    h = header.lower()
    inner = re.findall(r"[\(\[\{]([^\)\]\}]*)[\)\]\}]", h)
    for text in inner + [h]:
        for pattern, unit in _UNIT_PATTERNS:
            if re.search(pattern, text):
                return unit
    return None


@dataclass
class Parsed:
    """A reader's output, before the common time-base step.

    Attributes
    ----------
    source_format
        Reader name.
    streams
        Motion streams; times in seconds relative to ``started_at`` (or to any origin when it is None).
    summary
        Activity records with a ``time_s`` column on the same origin, or None.
    started_at
        UTC time of ``t == 0`` for the streams and summary.
    side
        The side the file itself names for this sensor (e.g. from ``left_acc_x`` columns), or None.
    parts
        For a file holding several sensors (a left and a right shoe): one output per sensor, each with its
        ``side``; the file's own streams are then empty.
    """

    source_format: str
    streams: list[Stream] = field(default_factory=list)
    summary: pd.DataFrame | None = None
    started_at: pd.Timestamp | None = None
    device: str | None = None
    acc_includes_gravity: bool = True
    laps: pd.DataFrame | None = None
    sport: str | None = None
    placement: str | None = None
    warnings: list[str] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)
    rate_hz: float | None = None
    side: str | None = None
    parts: list[Parsed] = field(default_factory=list)


def check_sample_count(n_samples: int, rate_hz: float | None, name: str, how_to_cut: str) -> None:
    """Refuse a recording of more than :data:`MAX_SAMPLES` samples before it fills the memory.

    Parameters
    ----------
    n_samples
        The samples of its longest stream (or how many the file announces).
    rate_hz
        Its sampling rate, to say how long that is (None: not said).
    name
        File name for the message.
    how_to_cut
        How to export a shorter part from this kind of file (a sentence).

    Raises
    ------
    FileTooLargeError
        Over the limit.
    """
    if n_samples <= MAX_SAMPLES:
        return
    span = f" ({n_samples / rate_hz / 86400.0:.1f} days at {rate_hz:g} Hz)" if rate_hz else ""
    raise FileTooLargeError(
        f"the recording holds {n_samples / 1e6:.1f} million samples{span}; gaitcoach reads up to "
        f"{MAX_SAMPLES / 1e6:.0f} million at a time ({MAX_SAMPLES / 100 / 86400:.1f} days at 100 Hz) to stay within "
        f"memory. {how_to_cut}",
        file_name=name,
    )


def set_local_start(parsed: Parsed, local: pd.Timestamp, offset: pd.Timedelta | None, zone: str = "") -> None:
    """Put a device's local start on UTC where its time zone is known, and say which clock it is.

    Parameters
    ----------
    parsed
        The reader's output: its ``started_at`` and ``info["clock"]`` are set.
    local
        The first sample's time on the device's clock (no zone).
    offset
        The device's time zone as an offset from UTC, or None where the file does not give it: the local time is
        then kept as it is (the time of day the user walked) and the clock note says so.
    zone
        The zone as the file states it, for the note.
    """
    if offset is not None:
        parsed.started_at = (local - offset).tz_localize("UTC")
        parsed.info["clock"] = f"the device's clock, time zone {zone} (from the file)"
    else:
        parsed.started_at = local.tz_localize("UTC")
        parsed.info["clock"] = "the device's local time (time zone not in the file)"


def finish(
    parsed: Parsed,
    *,
    name: str,
    data: bytes,
    placement: str | None = None,
    side: str | None = None,
) -> Recording:
    """Clean the time base of a reader's output and build the :class:`Recording`.

    Parameters
    ----------
    parsed
        The reader's output.
    name
        File name (for messages and the recording).
    data
        The file's bytes (hashed to identify the file).
    placement, side
        The user's statement of where the sensor was worn; overrides the reader's guess.

    Returns
    -------
    Recording
        With ``time_s == 0`` at the earliest sample or record.

    Raises
    ------
    NoSensorDataError
        When the file holds neither motion samples nor activity records.
    """
    summary = parsed.summary if parsed.summary is not None and len(parsed.summary) else None
    starts = [float(np.nanmin(s.t_s)) for s in parsed.streams if len(s.t_s) and np.isfinite(s.t_s).any()]
    if summary is not None:
        starts.append(float(summary[TIME_COLUMN].min()))
    if not starts:
        raise NoSensorDataError(
            "the file holds no motion sensor samples and no activity records. Record with the "
            "accelerometer (and gyroscope) switched on, or export the activity as a FIT file.",
            file_name=name,
        )
    t0 = min(starts)
    check_sample_count(
        max((len(s.t_s) for s in parsed.streams), default=0), parsed.rate_hz, name,
        "Export or record a shorter stretch (a day, or the walks you want) and load that.",
    )  # fmt: skip
    streams = [Stream(s.name, s.t_s - t0, s.values) for s in parsed.streams]
    signals, rate, segments, tb_warnings = assemble(streams, rate_hz=parsed.rate_hz)
    if summary is not None:
        summary = summary.assign(**{TIME_COLUMN: summary[TIME_COLUMN] - t0}).set_index(TIME_COLUMN)
        summary = summary[~summary.index.duplicated(keep="first")].sort_index()
    elif parsed.streams and not any(s.name in ("acc", "gyr") for s in parsed.streams):
        raise NoSensorDataError(
            "the file holds magnetometer data only; gaitcoach needs the accelerometer (and gyroscope).",
            file_name=name,
        )
    elif parsed.streams and not len(signals):
        raise NoSensorDataError(
            "the motion data is too short or too broken to use (no stretch of at least half a second without a gap).",
            file_name=name,
        )
    started = parsed.started_at + pd.Timedelta(seconds=t0) if parsed.started_at is not None else None
    info = dict(parsed.info)
    info["file_time_origin_s"] = t0  # the file's own time at this recording's time 0
    laps = parsed.laps if parsed.laps is not None else _empty_laps()
    if len(laps):
        laps = laps.assign(start_s=laps["start_s"] - t0, end_s=laps["end_s"] - t0)
    if placement is None:
        placement = parsed.placement if parsed.placement else ("summary" if not len(signals) else None)
    return Recording(
        signals=signals,
        summary=summary if summary is not None else pd.DataFrame(index=pd.Index([], name=TIME_COLUMN)),
        sampling_rate_hz=rate,
        segments=segments,
        placement=placement,
        side=side or parsed.side,
        started_at=started,
        source_format=parsed.source_format,
        device=parsed.device,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        acc_includes_gravity=parsed.acc_includes_gravity,
        laps=laps,
        sport=parsed.sport,
        warnings=tuple(parsed.warnings + tb_warnings),
        info=info,
    )
