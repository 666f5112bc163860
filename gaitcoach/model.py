"""The contracts between gaitcoach's parts: column names, units, and the :class:`Recording`.

Everything inside gaitcoach is in SI units (seconds, metres, m/s²), with two exceptions kept for
readability and named in every column: angular velocity in degrees per second (``gyr_*`` [deg/s]) and
magnetic flux density in microtesla (``mag_*`` [µT]).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = [
    "ACC_COLUMNS",
    "COLUMN_UNITS",
    "GRAVITY_MPS2",
    "GYR_COLUMNS",
    "MAG_COLUMNS",
    "PLACEMENTS",
    "SIDES",
    "SIGNAL_COLUMNS",
    "SUMMARY_COLUMNS",
    "TIME_COLUMN",
    "Placement",
    "Recording",
    "Side",
]

#: Standard gravity [m/s²] (CGPM 1901), used to convert g and mG to m/s².
GRAVITY_MPS2 = 9.80665

TIME_COLUMN = "time_s"
ACC_COLUMNS = ("acc_x", "acc_y", "acc_z")
GYR_COLUMNS = ("gyr_x", "gyr_y", "gyr_z")
MAG_COLUMNS = ("mag_x", "mag_y", "mag_z")
SIGNAL_COLUMNS = ACC_COLUMNS + GYR_COLUMNS + MAG_COLUMNS

#: Columns of :attr:`Recording.summary` (1 Hz activity records) and their units.
SUMMARY_COLUMNS: Mapping[str, str] = {
    "timestamp": "UTC date-time",
    "distance_m": "m",
    "speed_mps": "m/s",
    "heart_rate_bpm": "beats/min",
    "cadence_spm": "steps/min",
    "step_length_m": "m",
    "stance_time_s": "s",
    "stance_time_pct": "% of the gait cycle",
    "stance_time_balance_pct": "% on the left foot",
    "vertical_oscillation_m": "m",
    "vertical_ratio_pct": "%",
    "altitude_m": "m",
}

#: Units of every canonical column.
COLUMN_UNITS: Mapping[str, str] = {
    TIME_COLUMN: "s",
    **{c: "m/s^2" for c in ACC_COLUMNS},
    **{c: "deg/s" for c in GYR_COLUMNS},
    **{c: "uT" for c in MAG_COLUMNS},
    **SUMMARY_COLUMNS,
}

Placement = Literal["foot", "lumbar", "pocket", "wrist", "summary"]
Side = Literal["left", "right"]
PLACEMENTS: tuple[str, ...] = ("foot", "lumbar", "pocket", "wrist", "summary")
SIDES: tuple[str, ...] = ("left", "right")
#: Garmin wrist-worn product families, as a FIT file names its device: such a device's raw motion is a wrist's.
WATCH_DEVICES = re.compile(r"fenix|forerunner|vivo_?active|venu|epix|instinct|enduro|vivosmart|vivomove|vivofit|"
                           r"approach_s|descent|marq|quatix|tactix|lily")  # fmt: skip


def _empty_signals() -> pd.DataFrame:
    return pd.DataFrame({c: np.empty(0) for c in ACC_COLUMNS}, index=pd.Index(np.empty(0), name=TIME_COLUMN))


def _empty_summary() -> pd.DataFrame:
    return pd.DataFrame(index=pd.Index(np.empty(0), name=TIME_COLUMN))


def _empty_segments() -> pd.DataFrame:
    return pd.DataFrame({"start_s": np.empty(0), "end_s": np.empty(0), "n_samples": np.empty(0, dtype=np.int64)})


def _empty_laps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": pd.Series([], dtype=object),
            "start_s": np.empty(0),
            "end_s": np.empty(0),
            "sport": pd.Series([], dtype=object),
            "sub_sport": pd.Series([], dtype=object),
        }
    )


def check_placement(placement: str | None) -> str | None:
    """Validate a placement name.

    Parameters
    ----------
    placement
        One of :data:`PLACEMENTS`, or None (unknown: detected later).

    Returns
    -------
    str or None
        The placement, lower-cased.

    Raises
    ------
    ValueError
        If the name is not a known placement.
    """
    if placement is None:
        return None
    p = str(placement).strip().lower()
    if p not in PLACEMENTS:
        raise ValueError(f"expected placement in {PLACEMENTS} or None, got {placement!r}")
    return p


def check_side(side: str | None) -> str | None:
    """Validate a side name (``"left"``, ``"right"`` or None).

    Parameters
    ----------
    side
        The body side the sensor is worn on, if known.

    Returns
    -------
    str or None
        The side, lower-cased.

    Raises
    ------
    ValueError
        If the name is not a side.
    """
    if side is None:
        return None
    s = str(side).strip().lower()
    if s not in SIDES:
        raise ValueError(f"expected side in {SIDES} or None, got {side!r}")
    return s


@dataclass(frozen=True)
class Recording:
    """One recording of one sensor (or one activity file), in canonical form.

    Attributes
    ----------
    signals
        Motion samples indexed by ``time_s`` [s from the recording start, strictly increasing], on a uniform
        grid of ``1 / sampling_rate_hz`` within each segment; columns ``acc_x, acc_y, acc_z`` [m/s², gravity
        included unless ``acc_includes_gravity`` is False], ``gyr_*`` [deg/s] and ``mag_*`` [µT] where the
        source had them. Empty (no rows) for a file with activity records only.
    summary
        Activity records (about 1 Hz) indexed by ``time_s``; the columns of :data:`SUMMARY_COLUMNS` that the
        source holds, plus ``dev_*`` columns for developer fields.
    sampling_rate_hz
        Rate of the ``signals`` grid [Hz], or None when there are no signals.
    segments
        The contiguous stretches of ``signals`` (``start_s``, ``end_s``, ``n_samples``); a gap in the source's
        timestamps starts a new segment and is never bridged.
    placement
        Where the sensor was worn (:data:`PLACEMENTS`), or None when not given (detected during analysis).
    side
        ``"left"``, ``"right"`` or None.
    started_at
        UTC time of ``time_s == 0``, or None when the source has no wall clock.
    source_format
        The reader that produced it (``"fit"``, ``"phyphox"``, ``"sensor_logger"``, ...).
    device
        Maker and model of the recording device, when the file says.
    file_name
        The name of the file it came from.
    sha256
        Hex SHA-256 of the file's bytes (identifies a file already imported).
    acc_includes_gravity
        False when the source only exported acceleration with gravity removed ("linear acceleration").
    laps
        Session and lap boundaries from activity files (``kind``, ``start_s``, ``end_s``, ``sport``,
        ``sub_sport``).
    sport
        The activity's sport (e.g. ``"walking"``), when the file says.
    warnings
        Soft problems met while reading, in plain words.
    info
        Further facts about the source (app version, sub-sport, developer field units, ...).
    """

    signals: pd.DataFrame = field(default_factory=_empty_signals)
    summary: pd.DataFrame = field(default_factory=_empty_summary)
    sampling_rate_hz: float | None = None
    segments: pd.DataFrame = field(default_factory=_empty_segments)
    placement: str | None = None
    side: str | None = None
    started_at: pd.Timestamp | None = None
    source_format: str = "dataframe"
    device: str | None = None
    file_name: str | None = None
    sha256: str | None = None
    acc_includes_gravity: bool = True
    laps: pd.DataFrame = field(default_factory=_empty_laps)
    sport: str | None = None
    warnings: tuple[str, ...] = ()
    info: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "placement", check_placement(self.placement))
        object.__setattr__(self, "side", check_side(self.side))
        idx = self.signals.index
        if idx.name != TIME_COLUMN:
            raise ValueError(f"expected signals indexed by {TIME_COLUMN!r}, got {idx.name!r}")
        if len(idx) > 1 and not bool(np.all(np.diff(idx.to_numpy(dtype=float)) > 0)):
            raise ValueError("expected strictly increasing time_s in signals")
        unknown = set(self.signals.columns) - set(SIGNAL_COLUMNS)
        if unknown:
            raise ValueError(f"expected signal columns among {SIGNAL_COLUMNS}, got extra {sorted(unknown)}")

    # -- derived facts -------------------------------------------------------------------------------
    @property
    def duration_s(self) -> float:
        """Span covered by signals and records [s] (0 when empty)."""
        ends = [float(df.index[-1]) for df in (self.signals, self.summary) if len(df)]
        starts = [float(df.index[0]) for df in (self.signals, self.summary) if len(df)]
        return max(ends) - min(starts) if ends else 0.0

    @property
    def channels(self) -> tuple[str, ...]:
        """Signal columns present, in canonical order."""
        return tuple(c for c in SIGNAL_COLUMNS if c in self.signals.columns)

    @property
    def has_gyro(self) -> bool:
        """True when angular velocity was recorded."""
        return all(c in self.signals.columns for c in GYR_COLUMNS)

    @property
    def has_acc(self) -> bool:
        """True when acceleration was recorded (every analysis needs it: steps, and which way is up)."""
        return all(c in self.signals.columns for c in ACC_COLUMNS)

    @property
    def has_signals(self) -> bool:
        """True when there are motion samples."""
        return len(self.signals) > 0

    @property
    def gaps(self) -> pd.DataFrame:
        """Gaps between segments (``start_s``, ``end_s``, ``duration_s``)."""
        seg = self.segments
        starts = seg["end_s"].to_numpy()[:-1]
        ends = seg["start_s"].to_numpy()[1:]
        return pd.DataFrame({"start_s": starts, "end_s": ends, "duration_s": ends - starts})

    def iter_segments(self) -> Iterator[pd.DataFrame]:
        """Yield the signals of each contiguous segment.

        Yields
        ------
        pandas.DataFrame
            A slice of :attr:`signals` with no gap inside.
        """
        bounds = np.cumsum(np.r_[0, self.segments["n_samples"].to_numpy(dtype=np.int64)])
        for a, b in zip(bounds[:-1], bounds[1:]):
            yield self.signals.iloc[int(a) : int(b)]

    def replace(self, **changes: Any) -> Recording:
        """Return a copy with some attributes changed (e.g. ``placement``).

        Parameters
        ----------
        **changes
            Attribute names and their new values.

        Returns
        -------
        Recording
            The new recording.
        """
        return dataclasses.replace(self, **changes)

    # -- construction --------------------------------------------------------------------------------
    @classmethod
    def from_dataframe(
        cls,
        df: pd.DataFrame,
        *,
        sampling_rate_hz: float | None = None,
        placement: str | None = None,
        side: str | None = None,
        started_at: pd.Timestamp | str | None = None,
        acc_includes_gravity: bool = True,
    ) -> Recording:
        """Build a recording from a table of samples (for notebooks and research code).

        Parameters
        ----------
        df
            Samples with a ``time_s`` column or index [s] (or none, when ``sampling_rate_hz`` is given),
            ``acc_x, acc_y, acc_z`` [m/s²], and optionally ``gyr_*`` [deg/s] and ``mag_*`` [µT].
        sampling_rate_hz
            Rate [Hz] of evenly spaced samples; required when there is no ``time_s``. When ``time_s`` is
            given the rate is estimated from it and this value is used as the grid rate.
        placement, side
            Where the sensor was worn (see :data:`PLACEMENTS`, :data:`SIDES`).
        started_at
            Wall-clock time (UTC) of the first sample, if known.
        acc_includes_gravity
            Set False for linear acceleration (gravity removed).

        Returns
        -------
        Recording
            Timestamps cleaned (sorted, duplicates dropped, with a warning), gaps kept as segments, and the
            samples on a uniform grid per segment.

        Raises
        ------
        gaitcoach.errors.GaitcoachError
            When there is no time base, no accelerometer or gyroscope columns, or too few samples.
        """
        from gaitcoach.timebase import Stream, assemble, to_utc  # local: timebase imports this module

        from .errors import NoSensorDataError

        frame = df.reset_index() if TIME_COLUMN not in df.columns and df.index.name == TIME_COLUMN else df
        if TIME_COLUMN in frame.columns:
            t = frame[TIME_COLUMN].to_numpy(dtype=float)
        elif sampling_rate_hz:
            t = np.arange(len(frame), dtype=float) / float(sampling_rate_hz)
        else:
            raise NoSensorDataError(
                f"expected a {TIME_COLUMN!r} column or index, or sampling_rate_hz; got columns {list(frame.columns)}"
            )
        streams = []
        for name, cols in (("acc", ACC_COLUMNS), ("gyr", GYR_COLUMNS), ("mag", MAG_COLUMNS)):
            if all(c in frame.columns for c in cols):
                streams.append(Stream(name, t, frame[list(cols)].to_numpy(dtype=float)))
        if not any(s.name in ("acc", "gyr") for s in streams):
            raise NoSensorDataError(
                f"expected columns {ACC_COLUMNS} (m/s^2) and/or {GYR_COLUMNS} (deg/s); got {list(frame.columns)}"
            )
        signals, rate, segments, warnings = assemble(streams, rate_hz=sampling_rate_hz)
        start = to_utc(started_at)
        return cls(
            signals=signals,
            sampling_rate_hz=rate,
            segments=segments,
            placement=placement,
            side=side,
            started_at=start,
            source_format="dataframe",
            acc_includes_gravity=acc_includes_gravity,
            warnings=tuple(warnings),
        )
