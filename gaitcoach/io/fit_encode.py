"""A small FIT file writer: enough of the FIT protocol (2.0) to write walking activities and raw IMU data.

Used by the simulator and the tests to make FIT files with a known content (records with running dynamics,
``accelerometer_data`` / ``gyroscope_data`` / ``magnetometer_data`` in full or compressed form,
``three_d_sensor_calibration``, developer fields). Field numbers, types and scales follow the FIT SDK
profile (the same values fitparse's bundled profile decodes); it does not import fitparse.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .fit_format import FIT_EPOCH, crc16

__all__ = ["ENUMS", "FitWriter", "fit_time"]

# name: (base type id, struct code, invalid value)
_BASE: dict[str, tuple[int, str, Any]] = {
    "enum": (0x00, "B", 0xFF),
    "sint8": (0x01, "b", 0x7F),
    "uint8": (0x02, "B", 0xFF),
    "sint16": (0x83, "h", 0x7FFF),
    "uint16": (0x84, "H", 0xFFFF),
    "sint32": (0x85, "i", 0x7FFFFFFF),
    "uint32": (0x86, "I", 0xFFFFFFFF),
    "string": (0x07, "s", 0),
    "float32": (0x88, "f", math.nan),
    "uint8z": (0x0A, "B", 0),
    "uint16z": (0x8B, "H", 0),
    "uint32z": (0x8C, "I", 0),
    "byte": (0x0D, "B", 0xFF),
}
_IMU_FIELDS = {
    "timestamp": (253, "uint32", 1),
    "timestamp_ms": (0, "uint16", 1),
    "sample_time_offset": (1, "uint16", 1),
}
# message: (global number, {field: (number, base type, scale)})
_PROFILE: dict[str, tuple[int, dict[str, tuple[int, str, float]]]] = {
    "file_id": (
        0,
        {
            "type": (0, "enum", 1),
            "manufacturer": (1, "uint16", 1),
            "product": (2, "uint16", 1),
            "serial_number": (3, "uint32z", 1),
            "time_created": (4, "uint32", 1),
        },
    ),
    "device_info": (
        23,
        {
            "timestamp": (253, "uint32", 1),
            "device_index": (0, "uint8", 1),
            "manufacturer": (2, "uint16", 1),
            "serial_number": (3, "uint32z", 1),
            "product": (4, "uint16", 1),
            "product_name": (27, "string", 1),
        },
    ),
    "event": (21, {"timestamp": (253, "uint32", 1), "event": (0, "enum", 1), "event_type": (1, "enum", 1)}),
    "record": (
        20,
        {
            "timestamp": (253, "uint32", 1),
            "heart_rate": (3, "uint8", 1),
            "cadence": (4, "uint8", 1),
            "distance": (5, "uint32", 100),
            "speed": (6, "uint16", 1000),
            "vertical_oscillation": (39, "uint16", 10),
            "stance_time_percent": (40, "uint16", 100),
            "stance_time": (41, "uint16", 10),
            "fractional_cadence": (53, "uint8", 128),
            "enhanced_speed": (73, "uint32", 1000),
            "vertical_ratio": (83, "uint16", 100),
            "stance_time_balance": (84, "uint16", 100),
            "step_length": (85, "uint16", 10),
        },
    ),
    "lap": (
        19,
        {
            "timestamp": (253, "uint32", 1),
            "event": (0, "enum", 1),
            "event_type": (1, "enum", 1),
            "start_time": (2, "uint32", 1),
            "total_elapsed_time": (7, "uint32", 1000),
            "total_timer_time": (8, "uint32", 1000),
            "total_distance": (9, "uint32", 100),
            "sport": (25, "enum", 1),
            "sub_sport": (39, "enum", 1),
        },
    ),
    "session": (
        18,
        {
            "timestamp": (253, "uint32", 1),
            "event": (0, "enum", 1),
            "event_type": (1, "enum", 1),
            "start_time": (2, "uint32", 1),
            "sport": (5, "enum", 1),
            "sub_sport": (6, "enum", 1),
            "total_elapsed_time": (7, "uint32", 1000),
            "total_timer_time": (8, "uint32", 1000),
            "total_distance": (9, "uint32", 100),
            "avg_cadence": (18, "uint8", 1),
            "first_lap_index": (25, "uint16", 1),
            "num_laps": (26, "uint16", 1),
            "avg_fractional_cadence": (92, "uint8", 128),
        },
    ),
    "activity": (
        34,
        {
            "timestamp": (253, "uint32", 1),
            "total_timer_time": (0, "uint32", 1000),
            "num_sessions": (1, "uint16", 1),
            "type": (2, "enum", 1),
            "event": (3, "enum", 1),
            "event_type": (4, "enum", 1),
        },
    ),
    "accelerometer_data": (
        165,
        {
            **_IMU_FIELDS,
            "accel_x": (2, "uint16", 1),
            "accel_y": (3, "uint16", 1),
            "accel_z": (4, "uint16", 1),
            "calibrated_accel_x": (5, "float32", 1),
            "calibrated_accel_y": (6, "float32", 1),
            "calibrated_accel_z": (7, "float32", 1),
            "compressed_calibrated_accel_x": (8, "sint16", 1),
            "compressed_calibrated_accel_y": (9, "sint16", 1),
            "compressed_calibrated_accel_z": (10, "sint16", 1),
        },
    ),
    "gyroscope_data": (
        164,
        {
            **_IMU_FIELDS,
            "gyro_x": (2, "uint16", 1),
            "gyro_y": (3, "uint16", 1),
            "gyro_z": (4, "uint16", 1),
            "calibrated_gyro_x": (5, "float32", 1),
            "calibrated_gyro_y": (6, "float32", 1),
            "calibrated_gyro_z": (7, "float32", 1),
        },
    ),
    "magnetometer_data": (
        208,
        {
            **_IMU_FIELDS,
            "mag_x": (2, "uint16", 1),
            "mag_y": (3, "uint16", 1),
            "mag_z": (4, "uint16", 1),
            "calibrated_mag_x": (5, "float32", 1),
            "calibrated_mag_y": (6, "float32", 1),
            "calibrated_mag_z": (7, "float32", 1),
        },
    ),
    "three_d_sensor_calibration": (
        167,
        {
            "timestamp": (253, "uint32", 1),
            "sensor_type": (0, "enum", 1),
            "calibration_factor": (1, "uint32", 1),
            "calibration_divisor": (2, "uint32", 1),
            "level_shift": (3, "uint32", 1),
            "offset_cal": (4, "sint32", 1),
            "orientation_matrix": (5, "sint32", 65535),
        },
    ),
    "developer_data_id": (
        207,
        {
            "developer_id": (0, "byte", 1),
            "application_id": (1, "byte", 1),
            "manufacturer_id": (2, "uint16", 1),
            "developer_data_index": (3, "uint8", 1),
            "application_version": (4, "uint32", 1),
        },
    ),
    "field_description": (
        206,
        {
            "developer_data_index": (0, "uint8", 1),
            "field_definition_number": (1, "uint8", 1),
            "fit_base_type_id": (2, "uint8", 1),
            "field_name": (3, "string", 1),
            "units": (8, "string", 1),
            "native_mesg_num": (14, "uint16", 1),
        },
    ),
}

#: FIT profile enum values used by the writer (subset).
ENUMS: Mapping[str, Mapping[str, int]] = {
    "sport": {"generic": 0, "running": 1, "cycling": 2, "training": 10, "walking": 11, "hiking": 17},
    "manufacturer": {"garmin": 1, "development": 255},
    "file": {"activity": 4},
    "sensor_type": {"accelerometer": 0, "gyroscope": 1, "compass": 2},
    "event": {"timer": 0},
    "event_type": {"start": 0, "stop_all": 4},
}


def fit_time(ts: pd.Timestamp | str) -> int:
    """Seconds since the FIT epoch (1989-12-31 UTC) of a UTC time.

    Parameters
    ----------
    ts
        A time (naive values are taken as UTC).

    Returns
    -------
    int
        FIT ``date_time`` value.
    """
    t = pd.Timestamp(ts)
    t = t.tz_localize("UTC") if t.tzinfo is None else t.tz_convert("UTC")
    return int((t - FIT_EPOCH).total_seconds())


class FitWriter:
    """Write FIT messages and produce the file's bytes.

    Examples
    --------
    >>> w = FitWriter()
    >>> w.write("file_id", {"type": 4, "manufacturer": 255, "product": 1})
    >>> data = w.to_bytes()
    """

    def __init__(self) -> None:
        self._body = bytearray()
        self._local: dict[tuple[Any, ...], int] = {}
        self._next_local = 0
        self._dev: dict[tuple[int, int], str] = {}

    def add_developer_field(self, index: int, number: int, name: str, base: str, units: str) -> None:
        """Declare a developer field (writes ``developer_data_id`` once and a ``field_description``).

        Parameters
        ----------
        index
            Developer data index.
        number
            Field definition number.
        name, base, units
            Field name, base type name (e.g. ``"sint16"``) and units text.
        """
        if not any(k[0] == index for k in self._dev):
            self.write(
                "developer_data_id",
                {
                    "developer_id": [0] * 16,
                    "application_id": [index] * 16,
                    "developer_data_index": index,
                    "application_version": 1,
                },
            )
        self.write(
            "field_description",
            {
                "developer_data_index": index,
                "field_definition_number": number,
                "fit_base_type_id": _BASE[base][0],
                "field_name": name,
                "units": units,
                "native_mesg_num": 20,
            },
        )
        self._dev[(index, number)] = base

    def write(
        self,
        message: str,
        fields: Mapping[str, Any],
        dev_fields: Mapping[tuple[int, int], Sequence[float] | float] | None = None,
        *,
        types: Mapping[str, str] | None = None,
    ) -> None:
        """Append one data message (and its definition when the layout changes).

        Parameters
        ----------
        message
            Message name (a key of the writer's profile).
        fields
            Field values in profile units (scaled here); sequences become FIT arrays; None is "invalid".
        dev_fields
            ``{(developer_data_index, field_number): value or values}`` for declared developer fields.
        types
            Base-type overrides, e.g. ``{"compressed_calibrated_accel_x": "uint16"}`` to write what one real
            watch writes.
        """
        global_num, profile = _PROFILE[message]
        defs = []
        payload = bytearray()
        for name, value in fields.items():
            number, base, scale = profile[name]
            base = (types or {}).get(name, base)
            code, fmt, invalid = _BASE[base][0], _BASE[base][1], _BASE[base][2]
            if base == "string":
                raw = (str(value).encode("utf-8") + b"\x00") if value is not None else b"\x00"
                defs.append((number, len(raw), code))
                payload += raw
                continue
            seq = list(value) if isinstance(value, (list, tuple, np.ndarray)) else [value]
            raw_values = [
                invalid
                if v is None or (isinstance(v, float) and math.isnan(v))
                else (float(v) * scale if fmt == "f" else int(round(float(v) * scale)))
                for v in seq
            ]
            packed = struct.pack(f"<{len(raw_values)}{fmt}", *raw_values)
            defs.append((number, len(packed), code))
            payload += packed
        dev_defs = []
        for (index, number), value in (dev_fields or {}).items():
            base = self._dev[(index, number)]
            fmt, invalid = _BASE[base][1], _BASE[base][2]
            seq = list(value) if isinstance(value, (list, tuple, np.ndarray)) else [value]
            raw_values = [invalid if v is None else (float(v) if fmt == "f" else int(round(float(v)))) for v in seq]
            packed = struct.pack(f"<{len(raw_values)}{fmt}", *raw_values)
            dev_defs.append((number, len(packed), index))
            payload += packed
        key = (global_num, tuple(defs), tuple(dev_defs))
        local = self._local.get(key)
        if local is None:
            local = self._next_local
            self._next_local = (self._next_local + 1) % 16
            for k in [k for k, v in self._local.items() if v == local]:
                del self._local[k]
            self._local[key] = local
            header = 0x40 | local | (0x20 if dev_defs else 0)
            self._body += struct.pack("<BBBHB", header, 0, 0, global_num, len(defs))
            for number, size, code in defs:
                self._body += struct.pack("<BBB", number, size, code)
            if dev_defs:
                self._body += struct.pack("<B", len(dev_defs))
                for number, size, index in dev_defs:
                    self._body += struct.pack("<BBB", number, size, index)
        self._body += struct.pack("<B", local) + payload

    def to_bytes(self, *, profile_version: int = 2132) -> bytes:
        """The complete file: 14-byte header with its CRC, the messages, and the file CRC.

        Parameters
        ----------
        profile_version
            Profile version to declare (x100).

        Returns
        -------
        bytes
            A valid FIT file.
        """
        header = struct.pack("<BBHI4s", 14, 0x20, profile_version, len(self._body), b".FIT")
        header += struct.pack("<H", crc16(header))
        content = header + bytes(self._body)
        return content + struct.pack("<H", crc16(content))
