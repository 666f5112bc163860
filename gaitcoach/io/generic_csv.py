"""Generic CSV: a time column and accelerometer / gyroscope / magnetometer columns recognised by name.

So that a user of any logging app is never stuck: the time column may be in s, ms, µs or ns (relative or
since the Unix epoch) or an ISO date-time; units come from the header (``"acc_x (g)"``, ``"[m/s²]"``,
``"rad/s"``), else from the values (the magnitude of gravity tells g, mg and m/s² apart; a gyroscope over
25 units is in deg/s, a smaller one is told by how fast gravity tilts in the accelerometer), and can always be
given explicitly: ``load(path, units={"time": "ms", "acc": "g", "gyr": "rad/s"})``. A file without a time column
(research exports often number their samples instead) loads with its sampling rate given:
``units={"rate_hz": "100"}`` (``--rate 100`` on the command line); a sample-number column, if there is one, keeps
any gaps.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import NoSensorDataError, UnitError
from ..timebase import Stream
from .base import ACC_UNITS, GYR_UNITS, MAG_UNITS, Parsed, unit_in_header
from .csv_table import first_lines, numeric, read_table, sniff_dialect

__all__ = [
    "TIME_UNITS",
    "Columns",
    "find_columns",
    "gyro_unit_check",
    "parse_time",
    "read_generic_csv",
    "split_sides",
    "to_parsed",
]

#: Factors from each time unit to seconds.
TIME_UNITS: Mapping[str, float] = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}

_AXIS = r"[ _\-.]?([xyz])"
#: Names of each quantity, before (``acc_x``, ``accX``) or after (``x_acc``) its axis letter.
_NAMES = {
    "acc": r"acc|accel|accelerometer|acceleration|total acceleration|totalacceleration|a|gf|g force|gforce|"
    r"accelerometer acceleration",
    "lin": r"linear acceleration|linear acc|linearacceleration|user acceleration|useracc|lin acc|"
    r"motion user acceleration",
    "grav": r"grav|gravity|motion gravity",
    "gyr": r"gyr|gyro|gyroscope|angular velocity|rotation rate|rotationrate|rot|w|omega|g|gyroscope rotation rate|"
    r"gyro rotation|motion rotation rate",
    "mag": r"mag|magn|magnetometer|magnetic field|magneticfield|m|b",
}


def _axis_first(names: str) -> str:
    """The names of more than one letter, for ``x_acc``-style columns (``x_g`` or ``xm`` say too little)."""
    return "|".join(n for n in names.split("|") if len(n) > 1)


_PATTERNS = {
    **{k: re.compile(f"^(?:{v}){_AXIS}$|^([xyz])[ _\\-.]?(?:{_axis_first(v)})$") for k, v in _NAMES.items()},
    "bare": re.compile(r"^([xyz])$"),
}
#: A column numbering the samples (used as the time, with a given rate, where there is no time column).
_SAMPLE_NUMBER = re.compile(r"^(?:sample|samples|sample ?(?:index|nr|no|number|count)|index|idx|n)$")

_TIME = re.compile(
    r"^(?:time|t|timestamp|time stamp|times|seconds elapsed|seconds_elapsed|elapsed|elapsed time|datetime|date time|"
    r"date_time|utc|epoch|unix time|time since start|sensor timestamp|loggingtime|logging time)"
    r"(?: (?:s|sec|seconds|ms|millis|milliseconds|us|micros|ns|nanos|nanoseconds)| in ms)?$"
)


def _norm(column: str) -> str:
    c = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", column)  # camelCase: "accelerometerAccelerationX" -> words
    c = re.sub(r"[\(\[\{][^\)\]\}]*[\)\]\}]", " ", c.lower())
    c = re.sub(r"[^a-z0-9]+", " ", c).strip()
    return c


@dataclass
class Columns:
    """The columns found for each quantity (x, y, z order)."""

    time: str | None
    acc: list[str] | None
    lin: list[str] | None
    grav: list[str] | None
    gyr: list[str] | None
    mag: list[str] | None


def find_columns(columns: list[str]) -> Columns:
    """Recognise the time and sensor columns of a table by name.

    Parameters
    ----------
    columns
        Column names as in the file.

    Returns
    -------
    Columns
        The matched columns; a quantity is found only when all three axes are.
    """
    found: dict[str, dict[str, str]] = {k: {} for k in _PATTERNS}
    time = None
    for col in columns:
        n = _norm(col)
        if time is None and (_TIME.match(n) or _TIME.match(n.replace(" ", ""))):
            time = col
            continue
        for key, pat in _PATTERNS.items():
            m = pat.match(n) or pat.match(n.replace(" ", ""))
            axis = next((g for g in m.groups() if g), None) if m else None
            if axis and axis not in found[key]:
                found[key][axis] = col
                break

    def xyz(key: str) -> list[str] | None:
        d = found[key]
        return [d[a] for a in "xyz"] if all(a in d for a in "xyz") else None

    acc = xyz("acc") or (xyz("bare") if not xyz("lin") else None)
    return Columns(time, acc, xyz("lin"), xyz("grav"), xyz("gyr"), xyz("mag"))


def parse_time(
    series: pd.Series, header: str, unit: str | None, name: str
) -> tuple[np.ndarray, pd.Timestamp | None, str]:
    """Turn a time column into seconds.

    Parameters
    ----------
    series
        The column.
    header
        Its name (may say the unit: ``"time (ms)"``).
    unit
        Explicit unit (``"s"``, ``"ms"``, ``"us"``, ``"ns"``, ``"datetime"``), overriding everything else.
    name
        File name for messages.

    Returns
    -------
    t_s, started_at, how
        Seconds from ``started_at`` (the Unix epoch for absolute times, None for relative ones) and how the
        unit was decided, in words.

    Raises
    ------
    UnitError
        When the unit cannot be decided.
    """
    if unit is not None and unit not in TIME_UNITS and unit != "datetime":
        raise UnitError(f"unknown time unit {unit!r}; use one of {sorted(TIME_UNITS)} or 'datetime'.", file_name=name)
    values = numeric(series)
    if unit == "datetime" or (unit is None and np.mean(np.isfinite(values)) < 0.5):
        text = series.astype(str).str.strip()
        # "2022-10-02 18:09:00:359" (AndroSensor) -> "...:00.359"
        text = text.str.replace(r"^(.*\d{2}:\d{2}:\d{2}):(\d+)$", r"\1.\2", regex=True)
        try:
            stamps = pd.to_datetime(text, utc=True, format="ISO8601")
        except (ValueError, TypeError):
            stamps = pd.to_datetime(text, errors="coerce", utc=True, format="mixed")
        if stamps.isna().mean() > 0.5:
            raise UnitError(
                f"the time column {header!r} is neither numbers nor date-times (e.g. {text.iloc[0]!r}).",
                file_name=name,
            )
        ns = stamps.to_numpy(dtype="datetime64[ns]").astype("int64").astype(float)
        ns[stamps.isna().to_numpy()] = np.nan
        return ns * 1e-9, pd.Timestamp(0, tz="UTC"), "date-time text"
    how = "given"
    if unit is None:
        h = header.lower()
        m = re.search(r"[\(\[]\s*(ns|us|µs|μs|ms|s|sec|seconds|milliseconds|nanoseconds)\s*[\)\]]", h)
        words = {"sec": "s", "seconds": "s", "milliseconds": "ms", "nanoseconds": "ns", "µs": "us", "μs": "us"}
        if m:
            unit = words.get(m.group(1), m.group(1))
            how = "from the header"
        elif re.search(r"(^|[^a-z])ms($|[^a-z])|in ms|millis", h):
            unit, how = "ms", "from the header"
        elif h.endswith("_ns") or "nanos" in h:
            unit, how = "ns", "from the header"
        elif h.endswith("_us") or "micros" in h:
            unit, how = "us", "from the header"
        elif h.endswith("_s") or h in ("seconds_elapsed", "time_s"):
            unit, how = "s", "from the header"
    finite = values[np.isfinite(values)]
    if finite.size < 2:
        raise NoSensorDataError(f"the time column {header!r} has fewer than two values.", file_name=name)
    first = float(np.median(finite[: min(finite.size, 100)]))
    if unit is None:
        how = "from the values"
        if first > 1e17:
            unit = "ns"
        elif first > 1e14:
            unit = "us"
        elif first > 1e11:
            unit = "ms"
        elif first > 1e8:
            unit = "s"
        else:
            dt = float(np.median(np.diff(finite[: min(finite.size, 10_000)])))
            # Assumes 1 Hz .. 1 kHz sampling: dt <= 1 in seconds, else ms, µs, ns.
            unit = "s" if dt <= 1.0 else "ms" if dt <= 1e3 else "us" if dt <= 1e6 else "ns"
    t = values * TIME_UNITS[unit]
    epoch = first * TIME_UNITS[unit] > 1e8  # after 1973: an absolute Unix time
    return t, (pd.Timestamp(0, tz="UTC") if epoch else None), f"{unit} ({how})"


def gyro_unit_check(t: np.ndarray, acc: np.ndarray, gyr_dps: np.ndarray) -> float:
    """Check a gyroscope's unit against the accelerometer: the factor that corrects ``gyr_dps`` (1, 180/pi or pi/180).

    Gravity tilts in the sensor frame exactly as fast as the sensor turns about a horizontal axis, whatever the
    units: the rate at which the (0.5 s smoothed) gravity direction turns [rad/s] is compared with the gyroscope's
    rate about the horizontal [rad/s if ``gyr_dps`` is right]. Their median ratio is about 1 when the unit is right
    and 57 (or 1/57) when deg/s and rad/s were confused; the decision is taken halfway on a log scale (ratio
    beyond 7.6), over the samples where gravity tilts at 0.05 rad/s or more (at least 50 of them; otherwise 1).
    A magnitude threshold alone cannot tell a quiet lower back in deg/s (under 25 deg/s for 99.9 % of a day) from a
    foot in rad/s (up to 15 rad/s).

    Parameters
    ----------
    t
        Sample times [s].
    acc
        The accelerometer with gravity, (n, 3), any unit (only its direction is used).
    gyr_dps
        The gyroscope as read, (n, 3) [deg/s if its unit was read right].

    Returns
    -------
    float
        1.0 when the unit looks right (or cannot be checked), ``pi / 180`` when the values turn 57 times faster than
        gravity tilts (deg/s values taken for rad/s), ``180 / pi`` when 57 times slower.
    """
    if len(t) < 100 or acc.shape != gyr_dps.shape:
        return 1.0
    window = 200_000  # a long recording is checked on its most active stretch (about half an hour at 100 Hz)
    if len(t) > window:
        step = 10  # judged on every tenth sample: no full-length temporaries
        busy = np.cumsum(np.nan_to_num(np.abs(gyr_dps[::step])).sum(axis=1))
        span = window // step
        k = step * int(np.argmax(busy[span:] - busy[:-span])) if len(busy) > span else 0
        t, acc, gyr_dps = t[k : k + window], acc[k : k + window], gyr_dps[k : k + window]
    # a time that does not move on (a repeated or backward timestamp, dropped later by the reader) has no rate
    ahead = np.r_[True, np.diff(t) > 0]
    if not ahead.all():
        t, acc, gyr_dps = t[ahead], acc[ahead], gyr_dps[ahead]
    n = len(t)
    dt = float(np.nanmedian(np.diff(t)))
    if not np.isfinite(dt) or dt <= 0:
        return 1.0
    w = max(3, int(round(0.5 / dt)))
    kernel = np.ones(w) / w
    g = np.column_stack([np.convolve(np.nan_to_num(acc[:, i]), kernel, mode="same") for i in range(3)])
    g /= np.maximum(np.linalg.norm(g, axis=1, keepdims=True), 1e-9)
    tilt_rate = np.linalg.norm(np.gradient(g, t, axis=0), axis=1)  # rad/s of the gravity direction
    w_rad = np.radians(np.nan_to_num(gyr_dps))
    w_rad = np.column_stack([np.convolve(w_rad[:, i], kernel, mode="same") for i in range(3)])
    w_perp = np.linalg.norm(w_rad - np.sum(w_rad * g, axis=1, keepdims=True) * g, axis=1)
    edge = w  # the smoothing's edges are not full windows
    use = np.zeros(n, bool)
    use[edge:-edge] = tilt_rate[edge:-edge] >= 0.05
    if use.sum() < 50:
        return 1.0
    ratio = float(np.median(w_perp[use] / tilt_rate[use]))
    limit = math.sqrt(180.0 / math.pi)
    if ratio > limit:
        return math.pi / 180.0  # 57 times too fast: deg/s values taken for rad/s
    if ratio < 1.0 / limit:
        return 180.0 / math.pi  # 57 times too slow: rad/s values taken for deg/s
    return 1.0


def _scale(
    quantity: str, df: pd.DataFrame, cols: list[str], unit: str | None, name: str, *, linear: bool = False
) -> tuple[np.ndarray, str]:
    v = np.column_stack([numeric(df[c]) for c in cols])
    table = {"acc": ACC_UNITS, "gyr": GYR_UNITS, "mag": MAG_UNITS}[quantity]
    how = "given"
    if unit is None:
        unit = unit_in_header(cols[0])
        if quantity == "mag" and unit == "g":
            unit = "gauss"
        how = "from the header"
    probe = v[:: max(1, len(v) // 20_000)]  # units are told from a spread-out subsample (speed)
    if unit is None and quantity == "acc" and not linear:
        g = float(np.nanmedian(np.linalg.norm(probe, axis=1)))
        for u, lo, hi in (("g", 0.5, 2.0), ("m/s^2", 5.0, 20.0), ("mg", 500.0, 2000.0)):
            if lo <= g <= hi:
                unit, how = u, f"from the values (median |a| = {g:.3g})"
                break
    if unit is None and quantity == "gyr":
        finite = np.abs(probe[np.isfinite(probe)])  # (a column of no values at all has no percentile)
        top = float(np.percentile(finite, 99.9)) if finite.size else 0.0
        # 25 rad/s (1400 deg/s) is beyond human motion, so larger values are deg/s; smaller ones are taken for rad/s
        # here and checked against the accelerometer by the caller (gyro_unit_check: a quiet lower back turns under
        # 25 deg/s). The 99.9th percentile: a day at the lower back is mostly sitting, and its walking should decide
        unit, how = ("deg/s" if top > 25.0 else "rad/s"), f"from the values (99.9th percentile {top:.3g})"
    if unit is None and quantity == "mag":
        unit, how = "ut", "assumed (Earth's field is 25-65 µT)"
    if unit is None:
        raise UnitError(
            f"cannot tell the unit of {cols[0]!r} from its header or its values. Pass it explicitly, e.g. "
            f"units={{'{quantity}': 'm/s^2'}} (--{quantity}-unit on the command line, 'File units' in the dashboard).",
            file_name=name,
        )
    key = unit.lower().replace("²", "^2").replace("μ", "u").replace("µ", "u")
    key = {"m/s2": "m/s^2", "dps": "deg/s", "°/s": "deg/s", "ut": "ut", "gauss": "gauss"}.get(key, key)
    if key not in table:
        raise UnitError(f"unknown {quantity} unit {unit!r}; use one of {sorted(table)}.", file_name=name)
    return v * table[key], f"{unit} ({how})"


def to_parsed(
    df: pd.DataFrame,
    name: str,
    *,
    source_format: str,
    units: Mapping[str, str] | None = None,
    columns: Columns | None = None,
) -> Parsed:
    """Build a reader's output from a table whose columns are recognised by :func:`find_columns`.

    Parameters
    ----------
    df
        The table.
    name
        File name for messages.
    source_format
        Reader name to record.
    units
        Explicit units: keys ``time``, ``acc``, ``gyr``, ``mag``.
    columns
        Pre-matched columns (default: :func:`find_columns`).

    Returns
    -------
    Parsed
        Streams in canonical units and how each unit was decided (``info["units"]``).

    Raises
    ------
    NoSensorDataError
        When there is no time column or no accelerometer/gyroscope columns.
    UnitError
        When a unit cannot be decided.
    """
    units = dict(units or {})
    cols = columns or find_columns([str(c) for c in df.columns])
    rate_hz = _given_rate(units.get("rate_hz"), name)
    if cols.time is None and rate_hz is None:
        raise NoSensorDataError(
            f"no time column found (columns: {list(df.columns)[:8]}). Name it 'time_s', 'time (ms)', "
            "'timestamp' or similar, or give the sampling rate (units={'rate_hz': '100'}; --rate 100 on the "
            "command line, 'File units' in the dashboard).",
            file_name=name,
        )
    if cols.acc is None and cols.lin is None and cols.gyr is None:
        raise NoSensorDataError(
            f"no accelerometer or gyroscope columns found (columns: {list(df.columns)[:8]}). Name them like "
            "'acc_x, acc_y, acc_z' and 'gyr_x, gyr_y, gyr_z'.",
            file_name=name,
        )
    parsed = Parsed(source_format)
    if cols.time is not None:
        t, parsed.started_at, how_t = parse_time(df[cols.time], cols.time, units.get("time"), name)
    else:  # the rows are the samples, at the given rate (rate_hz is known here)
        counter = next((str(c) for c in df.columns if _SAMPLE_NUMBER.match(str(c).strip().lower())), None)
        numbers = numeric(df[counter]) if counter is not None else np.arange(len(df), dtype=float)
        t = numbers / float(rate_hz or 1.0)
        how_t = f"{'column ' + repr(counter) if counter else 'row'} numbers at the given {rate_hz:g} Hz"
    described = {"time": how_t}
    if cols.acc is not None:
        v, described["acc"] = _scale("acc", df, cols.acc, units.get("acc"), name)
        parsed.streams.append(Stream("acc", t, v))
    elif cols.lin is not None:
        v, described["acc"] = _scale("acc", df, cols.lin, units.get("acc") or "m/s^2", name, linear=True)
        if cols.grav is not None:
            g, _ = _scale("acc", df, cols.grav, units.get("acc") or "m/s^2", name, linear=True)
            v = v + g
        else:
            parsed.acc_includes_gravity = False
            parsed.warnings.append(
                "only linear acceleration (gravity removed) in this file: orientation cannot be found"
            )
        parsed.streams.append(Stream("acc", t, v))
    if cols.gyr is not None:
        v, described["gyr"] = _scale("gyr", df, cols.gyr, units.get("gyr"), name)
        acc_stream = next((s for s in parsed.streams if s.name == "acc"), None)
        guessed_rad = described["gyr"].startswith("rad/s (from the values")
        # small values may be a quiet sensor in deg/s (values over 25 are deg/s for sure: 25 rad/s is beyond human
        # motion); how fast gravity tilts in the accelerometer tells
        acc_g = acc_stream.values if acc_stream is not None and parsed.acc_includes_gravity else None
        if guessed_rad and acc_g is not None and gyro_unit_check(t, acc_g, v) < 1.0:
            v = v * (math.pi / 180.0)  # undo the rad/s to deg/s conversion
            described["gyr"] = "deg/s (from how fast gravity tilts in the accelerometer)"
        parsed.streams.append(Stream("gyr", t, v))
    if cols.mag is not None:
        v, described["mag"] = _scale("mag", df, cols.mag, units.get("mag"), name)
        parsed.streams.append(Stream("mag", t, v))
    parsed.info["units"] = described
    return parsed


def _given_rate(value: object, name: str) -> float | None:
    """The sampling rate given for a file without a time column [Hz], or None; a UnitError if it is no rate."""
    if value is None:
        return None
    try:
        rate = float(str(value))
    except ValueError:
        rate = math.nan
    if not (math.isfinite(rate) and 0.0 < rate <= 100_000.0):
        raise UnitError(f"the sampling rate {value!r} is not a rate in Hz (e.g. '100').", file_name=name)
    return rate


def read_generic_csv(data: bytes, name: str, *, units: Mapping[str, str] | None = None) -> Parsed:
    """Read any CSV with a time column and sensor columns.

    Parameters
    ----------
    data
        The file's bytes.
    name
        File name for messages.
    units
        Explicit units (see :func:`to_parsed`).

    Returns
    -------
    Parsed
        The reader's output.
    """
    lines = first_lines(data, name)
    sep, decimal = sniff_dialect(lines)
    df = read_table(data, name, sep=sep, decimal=decimal)
    # no header row (judged on the line itself: pandas renames repeated values, "0.0" twice reads "0.0.1"); such as
    # an Axivity's cwa-convert output, "2014-05-07 10:00:00.000,0.0156,-0.9844,0.0469" in g
    if lines and all(_is_number(c.strip().strip('"')) for c in lines[0].split(sep)):
        df = read_table(data, name, sep=sep, decimal=decimal, header=None)
        df.columns = (["time", "acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"] + [f"c{i}" for i in range(20)])[
            : df.shape[1]
        ]
    names = [str(c) for c in df.columns]
    sided, shared = _sided(names)
    sides = _whole_sides(sided, shared)
    if sides is None:
        cols = find_columns(names)
        if cols.acc is None and cols.lin is None and cols.gyr is None and any(sided.values()):
            whole = [side for side, c in sided.items() if _has_motion(list(c.values()))]
            raise NoSensorDataError(
                "the columns name a left and a right sensor, but "
                + (f"only the {whole[0]} one has" if whole else "neither has")
                + " a full set of accelerometer (or gyroscope) x, y and z columns. Name them like left_acc_x, "
                "left_acc_y, left_acc_z and right_acc_x, right_acc_y, right_acc_z.",
                file_name=name,
            )
        return to_parsed(df, name, source_format="generic_csv", units=units)
    parsed = Parsed("generic_csv")
    for side, renamed in sides.items():  # a loop over the file's two sensors
        part = to_parsed(df[list(renamed)].rename(columns=renamed), name, source_format="generic_csv", units=units)
        part.side = side
        parsed.parts.append(part)
    return parsed


#: Words that name a side in a column header, and words about where the sensor sits that go with them.
_SIDE_WORDS = {"left": "left", "l": "left", "lf": "left", "right": "right", "r": "right", "rf": "right"}
_PLACE_WORDS = {"foot", "shoe", "sensor", "imu", "ankle"}
_SPLIT = re.compile(r"[\s_\-.:/]+")
_BRACKETED = re.compile(r"[\(\[\{]([^\)\]\}]*)[\)\]\}]")


def split_sides(columns: list[str]) -> dict[str, dict[str, str]] | None:
    """The sensors of a table with a left and a right set of columns, or None for columns without a side.

    A column belongs to a side when one of its words is ``left``/``right`` (or ``l``/``r``, ``lf``/``rf``), as in
    ``left_acc_x``, ``acc_x_right [g]``, ``Left Foot Gyr Z (deg/s)``, ``Acc X (Left)`` or gaitmap's
    ``left_sensor_acc_x``; columns without a side (the time) are shared. Both sides must have a full
    accelerometer or gyroscope set.

    Parameters
    ----------
    columns
        Column names as in the file.

    Returns
    -------
    dict or None
        ``{"left": {file column: column name without the side}, "right": {...}}``, the shared columns in both;
        one side only for a one-sensor table whose columns name their side (``left_acc_x`` ...).
    """
    return _whole_sides(*_sided(columns))


def _whole_sides(by_side: dict[str, dict[str, str]], shared: dict[str, str]) -> dict[str, dict[str, str]] | None:
    """Both sides when both have motion columns, or the one side a one-sensor table names; else None."""
    full = {side for side, c in by_side.items() if _has_motion(list(c.values()))}
    if full == {"left", "right"} or (len(full) == 1 and not any(by_side[s] for s in set(by_side) - full)):
        return {side: {**shared, **by_side[side]} for side in sorted(full)}
    return None


def _has_motion(columns: list[str]) -> bool:
    found = find_columns(columns)
    return found.acc is not None or found.gyr is not None


def _sided(columns: list[str]) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Each side's columns (file column -> name without the side) and the columns without a side."""
    by_side: dict[str, dict[str, str]] = {"left": {}, "right": {}}
    shared: dict[str, str] = {}
    for col in columns:
        # a side in brackets, as in "Acc X (Left) [g]", counts as a word of the name
        bracketed = [g for g in _BRACKETED.findall(col) if g.strip().lower() in _SIDE_WORDS]
        text = _BRACKETED.sub(lambda g: "" if g.group(1).strip().lower() in _SIDE_WORDS else g.group(0), col)
        m = re.search(r"[\(\[\{]", text)
        head, unit = (text[: m.start()], text[m.start() :].strip()) if m else (text, "")
        words = [w for w in _SPLIT.split(head.strip()) if w] + [g.strip() for g in bracketed]
        sides = {_SIDE_WORDS[w.lower()] for w in words if w.lower() in _SIDE_WORDS}
        if len(sides) != 1:
            shared[col] = col
            continue
        rest = [w for w in words if w.lower() not in _SIDE_WORDS and w.lower() not in _PLACE_WORDS]
        by_side[sides.pop()][col] = "_".join(rest) + (" " + unit if unit else "")
    return by_side, shared


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return bool(re.match(r"^\d{4}-\d{2}-\d{2}", text))
    return True
