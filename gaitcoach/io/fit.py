"""Garmin / ANT FIT files, read with fitparse (the only module that imports it).

What is read (FIT SDK profile; ``../shared/research/formats.md`` of the project's research notes):

* ``record`` messages (about 1 Hz) into the summary frame: distance, (enhanced) speed, heart rate, cadence
  (for walking and running the FIT cadence counts strides of one foot, so steps/min =
  2 x (cadence + fractional_cadence)), step length, stance time, stance time percent and balance, vertical
  oscillation and ratio, altitude; developer fields as ``dev_*`` columns.
* raw IMU in the three layouts seen in real files: (A) ``accelerometer_data`` / ``gyroscope_data`` /
  ``magnetometer_data`` with ``sample_time_offset`` and calibrated values, or counts plus a
  ``three_d_sensor_calibration``; (B) Connect IQ ``compressed_calibrated_accel_*`` arrays [mG], 25 per
  message, no offsets (one real watch declares them uint16 although they are signed: re-read as int16);
  (C) developer-field arrays in ``record`` (``accel_X`` [millig], ``mag_X`` [mG], ...).
* file_id / device_info (device), session and lap boundaries, sport.

fitparse is used with its CRC check and date conversion off (both done here, vectorised or table-driven),
asked only for the messages needed, and its message cache emptied as it goes: about twice its default speed
and bounded memory. A damaged tail (CRC mismatch, truncation, an undefined message, a broken chained header)
keeps what was read before it, with a warning, as watch platforms do; a broken first header is an error.
"""

from __future__ import annotations

import math
import re
import struct
from collections import defaultdict
from typing import Any

import fitparse
import numpy as np
import pandas as pd
from fitparse.processors import FitFileDataProcessor
from fitparse.records import DevField

from ..errors import CorruptFileError, NoSensorDataError
from ..model import GRAVITY_MPS2, WATCH_DEVICES
from ..timebase import Stream
from .base import Parsed
from .fit_format import FIT_EPOCH, crc16

__all__ = ["FIT_EPOCH", "crc16", "looks_like_fit", "read_fit", "scan_fit"]


_MESSAGES = (
    "file_id",
    "device_info",
    "session",
    "lap",
    "record",
    "sport",
    "accelerometer_data",
    "gyroscope_data",
    "magnetometer_data",
    "three_d_sensor_calibration",
)
#: Sports whose FIT cadence counts strides (one foot): steps/min = 2 x cadence.
_FOOT_SPORTS = {"walking", "running", "hiking", "training", "generic", "mountaineering", "snowshoeing", None}


def looks_like_fit(data: bytes) -> bool:
    """Tell a FIT file from its first bytes (``.FIT`` at offset 8).

    Parameters
    ----------
    data
        The file's first bytes.

    Returns
    -------
    bool
        True for a FIT header.
    """
    return len(data) >= 12 and data[8:12] == b".FIT"


def scan_fit(data: bytes, name: str) -> tuple[list[str], int]:
    """Walk the FIT headers and CRCs of a (possibly chained) file without decoding messages.

    Parameters
    ----------
    data
        The file's bytes.
    name
        File name for messages.

    Returns
    -------
    warnings, n_parts
        Problems found (CRC mismatches, truncation, a broken chained header, trailing bytes) and the number
        of intact-looking parts.

    Raises
    ------
    CorruptFileError
        When the first header is broken: then nothing can be read.
    """
    warnings: list[str] = []
    pos, part = 0, 0
    while pos < len(data):
        head = data[pos : pos + 14]
        ok = len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT"
        if not ok:
            if part == 0:
                raise CorruptFileError(
                    "the FIT header is broken (expected a 12- or 14-byte header with '.FIT'); the file cannot be "
                    "read. Download or export it from the device again.",
                    file_name=name,
                )
            if data[pos:].strip(b"\x00"):
                warnings.append(
                    f"part {part + 1} of the chained FIT file has a broken header at byte {pos}; "
                    f"the {part} part(s) before it were read"
                )
            break
        size = head[0]
        (data_size,) = struct.unpack_from("<I", head, 4)
        if size == 14 and len(head) == 14:
            (hcrc,) = struct.unpack_from("<H", head, 12)
            if hcrc not in (0, crc16(head[:12])):
                warnings.append(f"FIT header CRC mismatch at byte {pos}")
        end = pos + size + data_size
        if end + 2 > len(data):
            warnings.append(
                f"the file ends early (part {part + 1} should end at byte {end + 2}, the file has {len(data)} "
                "bytes): the intact part was read"
            )
            part += 1
            break
        (stored,) = struct.unpack_from("<H", data, end)
        if stored != crc16(data[pos:end]):
            warnings.append(f"CRC mismatch in part {part + 1} of the FIT file: some values may be damaged")
        pos, part = end + 2, part + 1
    return warnings, part


class _RawProcessor(FitFileDataProcessor):
    """Leave values as decoded (dates stay FIT seconds): conversion is done here, vectorised."""

    def run_type_processor(self, field_data: Any) -> None:
        return None

    def run_field_processor(self, field_data: Any) -> None:
        return None

    def run_unit_processor(self, field_data: Any) -> None:
        return None

    def run_message_processor(self, data_message: Any) -> None:
        return None


_INVALID = {
    "enum": 0xFF,
    "sint8": 0x7F,
    "uint8": 0xFF,
    "sint16": 0x7FFF,
    "uint16": 0xFFFF,
    "sint32": 0x7FFFFFFF,
    "uint32": 0xFFFFFFFF,
    "uint8z": 0,
    "uint16z": 0,
    "uint32z": 0,
}


class _FastFitFile(fitparse.FitFile):
    """fitparse with two per-value hot spots given fast paths of identical result.

    Arrays (25 IMU samples a field) are where fitparse spends its time: it applies "no scale" and checks the
    invalid value element by element. Here an array without scale or offset is returned as is, and an array
    is only rebuilt when it holds the invalid value (a C-level ``in`` test).
    """

    def _apply_scale_offset(self, field: Any, raw_value: Any) -> Any:
        if not field.scale and not field.offset:
            return raw_value
        if isinstance(raw_value, tuple):
            return tuple(self._apply_scale_offset(field, x) for x in raw_value)
        return super()._apply_scale_offset(field, raw_value)

    def _parse_raw_values_from_data_message(self, def_mesg: Any) -> list[Any]:
        # One struct.unpack per message instead of one per field; the layout is computed once per definition.
        layout = self._layouts.get(def_mesg) if hasattr(self, "_layouts") else None
        if layout is None:
            if not hasattr(self, "_layouts"):
                self._layouts: dict[Any, Any] = {}
            fields = []
            fmt = def_mesg.endian
            for field_def in def_mesg.field_defs + def_mesg.dev_field_defs:
                base_type = field_def.base_type
                count = int(field_def.size / base_type.size)
                fmt += f"{count}s" if base_type.fmt == "s" else base_type.fmt * count
                n_values = 1 if base_type.fmt == "s" else count
                fields.append((base_type, n_values, base_type.name == "byte"))
            layout = self._layouts[def_mesg] = (struct.Struct(fmt), fields)
        packer, fields = layout
        flat = packer.unpack(self._read(packer.size)) if packer.size else ()
        raw_values: list[Any] = []
        i = 0
        for base_type, n, is_byte in fields:
            if n == 1 and not is_byte:
                raw_values.append(base_type.parse(flat[i]))
            else:
                raw = flat[i : i + n]
                if not is_byte:
                    invalid = _INVALID.get(base_type.name)
                    if invalid is not None:
                        raw = raw if invalid not in raw else tuple(None if x == invalid else x for x in raw)
                    elif base_type.fmt in ("f", "d"):  # NaN is the invalid value: one C-level sum finds it
                        raw = raw if not math.isnan(math.fsum(raw)) else tuple(None if x != x else x for x in raw)
                    else:
                        raw = tuple(base_type.parse(x) for x in raw)
                raw_values.append(raw)
            i += n
        return raw_values


def _values(message: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a message's fields into profile fields and developer fields (name -> value, units)."""
    own: dict[str, Any] = {}
    dev: dict[str, Any] = {}
    for fd in message.fields:
        if isinstance(fd.field, DevField):
            dev[fd.name] = (fd.value, fd.units)
        elif fd.value is not None or fd.name not in own:
            own[fd.name] = fd.value
    return own, dev


def read_fit(data: bytes, name: str) -> Parsed:
    """Read a FIT file.

    Parameters
    ----------
    data
        The file's bytes (fitparse closes file objects, so bytes are passed).
    name
        File name for messages.

    Returns
    -------
    Parsed
        Records (summary), IMU streams, sessions/laps, device, sport, and warnings for a damaged tail.

    Raises
    ------
    CorruptFileError
        For a broken first header, or when nothing could be decoded.
    NoSensorDataError
        For a valid FIT file with neither records nor IMU data (e.g. a settings file).
    """
    parsed = Parsed("fit")
    parsed.started_at = FIT_EPOCH
    scan_warnings, _ = scan_fit(data, name)
    parsed.warnings += scan_warnings
    buckets: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    n_read = 0
    try:
        ff = _FastFitFile(data, check_crc=False, data_processor=_RawProcessor())
        for message in ff.get_messages(_MESSAGES):
            buckets[message.name].append(_values(message))
            n_read += 1
            if n_read % 2048 == 0:
                ff._messages.clear()  # fitparse caches every message; nothing here needs them again
    except Exception as exc:
        if n_read == 0 and not buckets:
            raise CorruptFileError(
                f"the FIT file cannot be decoded ({type(exc).__name__}: {exc}). Download it from the device again.",
                file_name=name,
            ) from exc
        if not scan_warnings:
            parsed.warnings.append(f"the FIT file is damaged after {n_read} messages ({exc}); the part before was read")
    _rebase(parsed, buckets)
    _device(parsed, buckets)
    _laps(parsed, buckets)
    _records(parsed, buckets)
    _imu_full_and_compressed(parsed, buckets)
    if not parsed.streams and (parsed.summary is None or not len(parsed.summary)):
        raise NoSensorDataError(
            "this FIT file holds no activity records and no accelerometer data (it may be a settings, "
            "course or workout file). Export the activity's original FIT file.",
            file_name=name,
        )
    # a watch's own accelerometer (Garmin's raw motion is a watch's); with a gyroscope from a device not known as a
    # watch (a Connect IQ or development logger strapped anywhere) the signal decides
    watch = WATCH_DEVICES.search((parsed.device or "").lower()) or not any(s.name == "gyr" for s in parsed.streams)
    if parsed.streams and parsed.placement is None and watch:
        parsed.placement = "wrist"
        parsed.info["placement_note"] = "raw motion from a watch: taken as worn on the wrist unless you say otherwise"
    return parsed


def _rebase(parsed: Parsed, buckets: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]) -> None:
    """Count times from the first whole FIT second, so sub-millisecond offsets keep their precision."""
    stamps = [own["timestamp"] for rows in buckets.values() for own, _ in rows if isinstance(own.get("timestamp"), int)]
    base = min(stamps) if stamps else 0
    parsed.started_at = FIT_EPOCH + pd.Timedelta(seconds=base)
    for rows in buckets.values():
        for own, _ in rows:
            for key in ("timestamp", "start_time"):
                if isinstance(own.get(key), int):
                    own[key] -= base


def _device(parsed: Parsed, buckets: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]) -> None:
    for own, _ in buckets.get("file_id", []):
        maker = own.get("manufacturer")
        product = own.get("garmin_product") or own.get("product_name") or own.get("product")
        parts = [str(x) for x in (maker, product) if x is not None]
        if parts:
            parsed.device = " ".join(parts)
        if own.get("serial_number") is not None:
            parsed.info["serial_number"] = own["serial_number"]
        if own.get("type") is not None:
            parsed.info["file_type"] = own["type"]
        break


def _laps(parsed: Parsed, buckets: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]) -> None:
    rows = []
    for kind in ("session", "lap"):
        for own, _ in buckets.get(kind, []):
            start = own.get("start_time")
            elapsed = own.get("total_elapsed_time")
            if start is None:
                continue
            end = start + elapsed if elapsed is not None else own.get("timestamp", start)
            rows.append(
                {
                    "kind": kind,
                    "start_s": float(start),
                    "end_s": float(end),
                    "sport": own.get("sport"),
                    "sub_sport": own.get("sub_sport"),
                }
            )
            if kind == "session":
                cad = own.get("avg_running_cadence") or own.get("avg_cadence")
                if cad is not None and own.get("sport") in _FOOT_SPORTS:
                    frac = own.get("avg_fractional_cadence") or 0.0
                    parsed.info.setdefault("session_avg_cadence_spm", 2.0 * (float(cad) + float(frac)))
    sports = [r["sport"] for r in rows if r["kind"] == "session" and r["sport"] is not None]
    if not sports:
        sports = [own.get("sport") for own, _ in buckets.get("sport", []) if own.get("sport") is not None]
    parsed.sport = str(sports[0]) if sports else None
    subs = [r["sub_sport"] for r in rows if r["kind"] == "session" and r["sub_sport"] is not None]
    if subs:
        parsed.info["sub_sport"] = subs[0]
    if rows:
        parsed.laps = pd.DataFrame(rows)


_RECORD_FIELDS = {
    # FIT field: (column, factor to SI as decoded by the profile)
    "distance": ("distance_m", 1.0),
    "heart_rate": ("heart_rate_bpm", 1.0),
    "step_length": ("step_length_m", 1e-3),
    "stance_time": ("stance_time_s", 1e-3),
    "stance_time_percent": ("stance_time_pct", 1.0),
    "stance_time_balance": ("stance_time_balance_pct", 1.0),
    "vertical_oscillation": ("vertical_oscillation_m", 1e-3),
    "vertical_ratio": ("vertical_ratio_pct", 1.0),
}
_DEV_IMU = re.compile(
    r"^(?:sensor)?(acc|accel|accelerometer|acceleration|mag|magnetometer|gyro|gyr)[_ ]?([xyz])(?:_hd)?$"
)


def _column(rows: list[dict[str, Any]], key: str) -> np.ndarray:
    return np.array([r.get(key) for r in rows], dtype=float)


def _records(parsed: Parsed, buckets: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]) -> None:
    recs = [(own, dev) for own, dev in buckets.get("record", []) if own.get("timestamp") is not None]
    if not recs:
        return
    own_rows = [o for o, _ in recs]
    ts = _column(own_rows, "timestamp")
    cols: dict[str, np.ndarray] = {"time_s": ts}
    present = set().union(*(o.keys() for o in own_rows))
    for fit_name, (col, factor) in _RECORD_FIELDS.items():
        if fit_name in present:
            cols[col] = _column(own_rows, fit_name) * factor
    speed = "enhanced_speed" if "enhanced_speed" in present else "speed" if "speed" in present else None
    if speed:
        cols["speed_mps"] = _column(own_rows, speed)
    alt = "enhanced_altitude" if "enhanced_altitude" in present else "altitude" if "altitude" in present else None
    if alt:
        cols["altitude_m"] = _column(own_rows, alt)
    if "cadence" in present:
        cad = _column(own_rows, "cadence") + np.nan_to_num(_column(own_rows, "fractional_cadence"))
        if parsed.sport in _FOOT_SPORTS:
            cols["cadence_spm"] = 2.0 * cad  # FIT walking/running cadence counts one foot
        else:
            cols["cadence_rpm"] = cad
    # Developer fields: scalars become dev_* columns, arrays named like accel_X are motion (layout C).
    dev_units: dict[str, str] = {}
    arrays: dict[str, list[tuple[float, Any]]] = defaultdict(list)
    scalars: dict[str, list[Any]] = defaultdict(lambda: [None] * len(recs))
    for i, (own, dev) in enumerate(recs):
        for key, (value, units) in dev.items():
            if isinstance(value, (tuple, list)):
                arrays[key].append((own["timestamp"], value))
                dev_units[key] = units or ""
            elif isinstance(value, (int, float)) or value is None:
                scalars[key][i] = value
                dev_units[key] = units or ""
    for key, values in scalars.items():
        col = "dev_" + re.sub(r"[^a-z0-9]+", "_", str(key).lower()).strip("_")
        cols[col] = np.array(values, dtype=float)
        parsed.info.setdefault("developer_units", {})[col] = dev_units.get(key, "")
    summary = pd.DataFrame(cols)
    start = parsed.started_at if parsed.started_at is not None else FIT_EPOCH
    summary.insert(1, "timestamp", start + pd.to_timedelta(summary["time_s"], unit="s"))
    parsed.summary = summary
    _imu_developer_arrays(parsed, arrays, dev_units)


def _unit_factor(units: str, quantity: str) -> float | None:
    u = units.strip().lower().replace(" ", "")
    if quantity == "acc":
        return {
            "millig": GRAVITY_MPS2 / 1000,
            "mg": GRAVITY_MPS2 / 1000,
            "g": GRAVITY_MPS2,
            "m/s^2": 1.0,
            "m/s2": 1.0,
            "m/s²": 1.0,
        }.get(u)
    if quantity == "mag":
        return {"mg": 0.1, "milligauss": 0.1, "g": 100.0, "gauss": 100.0, "ut": 1.0, "µt": 1.0, "nt": 1e-3}.get(u)
    return {"deg/s": 1.0, "dps": 1.0, "rad/s": float(np.degrees(1.0)), "mdeg/s": 1e-3}.get(u)


def _imu_developer_arrays(parsed: Parsed, arrays: dict[str, list[tuple[float, Any]]], units: dict[str, str]) -> None:
    axes: dict[str, dict[str, str]] = defaultdict(dict)
    for key in arrays:
        m = _DEV_IMU.match(str(key).lower())
        if m:
            q = {
                "acc": "acc",
                "accel": "acc",
                "accelerometer": "acc",
                "acceleration": "acc",
                "mag": "mag",
                "magnetometer": "mag",
                "gyro": "gyr",
                "gyr": "gyr",
            }[m.group(1)]
            axes[q][m.group(2)] = key
    for q, found in axes.items():
        if set(found) != {"x", "y", "z"}:
            continue
        factor = _unit_factor(units.get(found["x"], ""), q)
        if factor is None:
            parsed.warnings.append(
                f"developer field {found['x']!r} has unknown units {units.get(found['x'])!r}; ignored"
            )
            continue
        # Each record carries n samples of the second that starts at its timestamp.
        series = [arrays[found[a]] for a in "xyz"]
        n_msgs = min(len(s) for s in series)
        lengths = np.array(
            [min(len(series[0][i][1]), len(series[1][i][1]), len(series[2][i][1])) for i in range(n_msgs)]
        )
        ts = np.array([series[0][i][0] for i in range(n_msgs)], dtype=float)
        vals = [
            np.array([v for i in range(n_msgs) for v in series[j][i][1][: lengths[i]]], dtype=float) for j in range(3)
        ]
        t = _spread(ts, lengths)
        parsed.streams.append(Stream(q, t, np.column_stack(vals) * factor))
        parsed.info["imu_layout"] = "developer-field arrays in record (Connect IQ app)"


def _spread(ts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Sample times for messages of ``lengths[i]`` samples each, spread evenly over their second.

    Messages that share a timestamp split that second between them (vectorised).
    """
    ts = np.asarray(ts, dtype=float)
    lengths = np.asarray(lengths, dtype=np.int64)
    first_of_ts = np.r_[True, np.diff(ts) != 0]
    group = np.cumsum(first_of_ts) - 1
    per_group = np.bincount(group, weights=lengths).astype(np.int64)
    before_in_group = np.cumsum(lengths) - lengths
    group_start = before_in_group[first_of_ts]
    offset_in_group = np.repeat(before_in_group - group_start[group], lengths) + (
        np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    )
    n_in_group = np.repeat(per_group[group], lengths)
    return np.repeat(ts, lengths) + offset_in_group / np.maximum(n_in_group, 1)


def _flat(rows: list[dict[str, Any]], key: str, lengths: np.ndarray) -> np.ndarray:
    out: list[Any] = []
    for r, n in zip(rows, lengths):
        v = r.get(key)
        if v is None:
            out.extend([None] * int(n))
        else:
            seq = v if isinstance(v, (tuple, list)) else (v,)
            out.extend(list(seq[: int(n)]) + [None] * (int(n) - len(seq)))
    return np.array(out, dtype=float)


def _calibration(buckets: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]) -> dict[str, dict[str, Any]]:
    cal: dict[str, dict[str, Any]] = {}
    for own, _ in buckets.get("three_d_sensor_calibration", []):
        kind = own.get("sensor_type")
        if kind is not None:
            cal[str(kind)] = own
    return cal


def _apply_calibration(raw: np.ndarray, cal: dict[str, Any]) -> np.ndarray:
    """FIT SDK: calibrated = factor / divisor * R @ (raw - level_shift - offset_cal)."""
    factor = cal.get("accel_cal_factor") or cal.get("gyro_cal_factor") or cal.get("calibration_factor") or 1
    divisor = cal.get("calibration_divisor") or 1
    level = cal.get("level_shift") or 0
    offset = np.array(cal.get("offset_cal") or (0, 0, 0), dtype=float)
    matrix = cal.get("orientation_matrix")
    r = np.array(matrix, dtype=float).reshape(3, 3) if matrix is not None and len(matrix) == 9 else np.eye(3)
    return (float(factor) / float(divisor)) * ((raw - float(level) - offset) @ r.T)


_IMU = {
    "accelerometer_data": ("acc", "accel", GRAVITY_MPS2, "accelerometer"),
    "gyroscope_data": ("gyr", "gyro", 1.0, "gyroscope"),
    "magnetometer_data": ("mag", "mag", 100.0, "compass"),  # gauss -> µT
}


def _imu_full_and_compressed(parsed: Parsed, buckets: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]) -> None:
    cal = _calibration(buckets)
    for msg_name, (quantity, prefix, to_si, sensor_type) in _IMU.items():
        rows = [own for own, _ in buckets.get(msg_name, []) if own.get("timestamp") is not None]
        if not rows:
            continue
        compressed = f"compressed_calibrated_{prefix}_x"
        if msg_name == "accelerometer_data" and any(r.get(compressed) is not None for r in rows):
            lengths = np.array([len(r.get(compressed) or ()) for r in rows], dtype=np.int64)
            v = np.column_stack([_flat(rows, f"compressed_calibrated_{prefix}_{a}", lengths) for a in "xyz"])
            wrapped = v > 32767  # declared uint16 by one real watch, but the profile says sint16
            if wrapped.any():
                v = np.where(wrapped, v - 65536.0, v)
                parsed.warnings.append(
                    "this watch declares its accelerometer values unsigned although they are signed; they "
                    "were re-read as signed"
                )
            ts = np.array([r["timestamp"] for r in rows], dtype=float)
            ms = np.array([r.get("timestamp_ms") or 0 for r in rows], dtype=float)
            parsed.streams.append(Stream(quantity, _spread(ts + ms / 1000.0, lengths), v * (GRAVITY_MPS2 / 1000.0)))
            parsed.info["imu_layout"] = "compressed calibrated accelerometer (Connect IQ SensorLogging)"
            continue
        offsets_key = "sample_time_offset"
        calibrated = f"calibrated_{prefix}_x"
        has_cal = any(r.get(calibrated) is not None for r in rows)
        lengths = np.array(
            [len(_as_seq(r.get(calibrated if has_cal else f"{prefix}_x"))) for r in rows], dtype=np.int64
        )
        if lengths.sum() == 0:
            continue
        if has_cal:
            v = np.column_stack([_flat(rows, f"calibrated_{prefix}_{a}", lengths) for a in "xyz"]) * to_si
        elif sensor_type in cal:
            raw = np.column_stack([_flat(rows, f"{prefix}_{a}", lengths) for a in "xyz"])
            v = _apply_calibration(raw, cal[sensor_type]) * to_si
        else:
            parsed.warnings.append(f"{msg_name} holds raw counts without a calibration message; ignored")
            continue
        ts = np.array([r["timestamp"] for r in rows], dtype=float)
        ms = np.array([r.get("timestamp_ms") or 0 for r in rows], dtype=float)
        if any(r.get(offsets_key) is not None for r in rows):
            off = _flat(rows, offsets_key, lengths) / 1000.0
            t = np.repeat(ts + ms / 1000.0, lengths) + off
        else:
            t = _spread(ts + ms / 1000.0, lengths)
        parsed.streams.append(Stream(quantity, t, v))
        parsed.info["imu_layout"] = "FIT profile IMU messages with sample time offsets"


def _as_seq(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)
