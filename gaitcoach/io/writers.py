"""Writers for every format the importers read, so a known recording can be round-tripped through each.

Each writer takes a canonical :class:`~gaitcoach.model.Recording` and returns the bytes (and, where the app
names its files by date, the file name) that the app or device would produce. They are used by the
simulator's sample files and by the tests; gaitcoach itself never needs to write phone formats.
"""

from __future__ import annotations

import io
import struct
import zipfile

import numpy as np
import pandas as pd
from scipy import signal

from ..model import ACC_COLUMNS, GRAVITY_MPS2, GYR_COLUMNS, MAG_COLUMNS, Recording
from .fit_encode import ENUMS, FitWriter, fit_time

__all__ = [
    "FIT_LAYOUTS",
    "write_actigraph_csv",
    "write_apple_health",
    "write_androsensor",
    "write_cwa",
    "write_fit",
    "write_generic_csv",
    "write_geneactiv",
    "write_gt3x",
    "write_phyphox",
    "write_physics_toolbox",
    "write_sensor_logger",
]

FIT_LAYOUTS = ("full", "counts", "compressed", "developer")
_DEFAULT_START = pd.Timestamp("2024-01-01T09:00:00", tz="UTC")


def _start(rec: Recording) -> pd.Timestamp:
    return rec.started_at if rec.started_at is not None else _DEFAULT_START


def _zip(files: dict[str, bytes], when: pd.Timestamp = _DEFAULT_START) -> bytes:
    """A zip of ``files`` stamped with the recording's start, so that the same recording gives the same bytes."""
    buf = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=stamp), data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _csv(df: pd.DataFrame, **kwargs: object) -> bytes:
    return df.to_csv(index=False, lineterminator="\n", **kwargs).encode("utf-8")  # type: ignore[call-overload]


def write_generic_csv(rec: Recording, *, absolute_time: bool = False) -> bytes:
    """A plain CSV: ``time_s`` then ``acc_x (m/s^2)`` ... ``gyr_z (deg/s)`` ... ``mag_z (uT)``.

    Parameters
    ----------
    rec
        The recording.
    absolute_time
        Write a ``timestamp`` column of ISO 8601 UTC date-times (µs) instead of relative ``time_s``.

    Returns
    -------
    bytes
        UTF-8 CSV.
    """
    units = {"acc": "m/s^2", "gyr": "deg/s", "mag": "uT"}
    t = rec.signals.index.to_numpy()
    if absolute_time:
        stamps = _start(rec) + pd.to_timedelta(np.round(t * 1e6).astype(np.int64), unit="us")
        out = pd.DataFrame({"timestamp": stamps.strftime("%Y-%m-%dT%H:%M:%S.%fZ")})
    else:
        out = pd.DataFrame({"time_s": t})
    for col in rec.channels:
        out[f"{col} ({units[col[:3]]})"] = rec.signals[col].to_numpy()
    return _csv(out, float_format="%.6f")


def write_phyphox(rec: Recording) -> bytes:
    """A phyphox 1.1.16 zip export ("Acceleration with g" and "Gyroscope" tables, ``meta/``).

    Parameters
    ----------
    rec
        The recording.

    Returns
    -------
    bytes
        The zip archive.
    """
    t = rec.signals.index.to_numpy()
    files: dict[str, bytes] = {}
    spec = [
        ("Accelerometer.csv", ACC_COLUMNS, 1.0, "m/s^2"),
        ("Gyroscope.csv", GYR_COLUMNS, np.radians(1.0), "rad/s"),
        ("Magnetometer.csv", MAG_COLUMNS, 1.0, "µT"),
    ]
    for fname, cols, factor, unit in spec:
        if all(c in rec.signals.columns for c in cols):
            v = rec.signals[list(cols)].to_numpy() * factor
            df = pd.DataFrame({"Time (s)": t, f"X ({unit})": v[:, 0], f"Y ({unit})": v[:, 1], f"Z ({unit})": v[:, 2]})
            files[fname] = _csv(df, float_format="%.9E", quoting=0).replace(b"Time (s)", b'"Time (s)"', 1)
            header, _, body = files[fname].partition(b"\n")
            files[fname] = b",".join(b'"' + h.strip(b'"') + b'"' for h in header.split(b",")) + b"\n" + body
    start = _start(rec)
    unix = start.timestamp()
    files["meta/time.csv"] = (
        '"event","experiment time","system time","system time text"\n'
        f'"START",0.000000000000000E0,{unix:.15E},"{start.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]} UTC+00:00"\n'
    ).encode()
    files["meta/device.csv"] = (
        b'"property","value"\n"version","1.1.16"\n"deviceModel","Simulated"\n"deviceBrand","gaitcoach"\n'
    )
    return _zip(files, _start(rec))


def write_sensor_logger(rec: Recording, *, platform: str = "android") -> bytes:
    """A Sensor Logger zip export (iOS 1.11 or Android 1.28 layout, ``time,seconds_elapsed,z,y,x``).

    Parameters
    ----------
    rec
        The recording.
    platform
        ``"android"`` (``TotalAcceleration.csv`` with gravity) or ``"ios"`` (``Accelerometer.csv`` without
        gravity plus ``Gravity.csv``, both with iOS's opposite sign).

    Returns
    -------
    bytes
        The zip archive.
    """
    t = rec.signals.index.to_numpy()
    start = _start(rec)
    ns = (np.round((start.timestamp() + t) * 1e9)).astype(np.int64)

    def table(v: np.ndarray) -> bytes:
        return _csv(
            pd.DataFrame({"time": ns, "seconds_elapsed": t, "z": v[:, 2], "y": v[:, 1], "x": v[:, 0]}),
            float_format="%.9g",
        )

    acc = rec.signals[list(ACC_COLUMNS)].to_numpy()
    files: dict[str, bytes] = {}
    rate = rec.sampling_rate_hz or 100.0
    # Gravity as the OS estimates it: the slow part of the acceleration (2nd-order low-pass at 0.3 Hz).
    sos = signal.butter(2, 0.3, fs=rate, output="sos")
    gravity = (
        signal.sosfiltfilt(sos, acc, axis=0) if len(acc) > 15 else np.repeat(acc.mean(0, keepdims=True), len(acc), 0)
    )
    linear = acc - gravity
    if platform == "android":
        files["TotalAcceleration.csv"] = table(acc)
        files["Accelerometer.csv"] = table(linear)
        files["Gravity.csv"] = table(gravity)
    else:
        files["Accelerometer.csv"] = table(-linear)
        files["Gravity.csv"] = table(-gravity)
    if rec.has_gyro:
        files["Gyroscope.csv"] = table(np.radians(rec.signals[list(GYR_COLUMNS)].to_numpy()))
    if all(c in rec.signals.columns for c in MAG_COLUMNS):
        files["Magnetometer.csv"] = table(rec.signals[list(MAG_COLUMNS)].to_numpy())
    ms = int(round(1000.0 / rate))
    sensors = "|".join(f.removesuffix(".csv") for f in files)
    files["Metadata.csv"] = (
        "version,device name,recording time,platform,appVersion,device id,sensors,sampleRateMs\n"
        f"3,Simulated phone,{start.strftime('%Y-%m-%d_%H-%M-%S')},{platform},1.28,sim,{sensors},"
        + "|".join([str(ms)] * len(files))
        + "\n"
    ).encode()
    return _zip(files, _start(rec))


def write_physics_toolbox(rec: Recording) -> tuple[str, bytes]:
    """A Physics Toolbox g-force meter CSV: ``time;gFx;gFy;gFz;TgF``, decimal comma, wall clock.

    Parameters
    ----------
    rec
        The recording (accelerometer only is written).

    Returns
    -------
    name, bytes
        The app's file name (``YYYY-MM-DDhh.mm.ss.csv``) and content.
    """
    start = _start(rec)
    t = rec.signals.index.to_numpy()
    clock = (start - start.normalize()).total_seconds() + t
    h, rem = np.divmod(clock, 3600.0)
    m, s = np.divmod(rem, 60.0)
    sec = np.floor(s)
    frac = np.round((s - sec) * 1e4).astype(int)
    carry = frac >= 10000
    sec, frac = sec + carry, np.where(carry, 0, frac)
    text = (
        pd.Series(h.astype(int) % 24).map("{:02d}".format)
        + ":"
        + pd.Series(m.astype(int)).map("{:02d}".format)
        + ":"
        + pd.Series(sec.astype(int)).map("{:02d}".format)
        + ":"
        + pd.Series(frac).map("{:04d}".format)
    )
    g = rec.signals[list(ACC_COLUMNS)].to_numpy() / GRAVITY_MPS2
    df = pd.DataFrame({"time": text, "gFx": g[:, 0], "gFy": g[:, 1], "gFz": g[:, 2], "TgF": np.linalg.norm(g, axis=1)})
    name = start.strftime("%Y-%m-%d%H.%M.%S") + ".csv"
    return name, _csv(df, sep=";", decimal=",", float_format="%.4f")


def write_actigraph_csv(
    rec: Recording, *, names: bool = True, timestamps: bool = False, date_format: str = "M/d/yyyy", pad: bool = False
) -> bytes:
    """ActiLife's raw-data CSV export of an ActiGraph (a GT9X's IMU file where the recording has a gyroscope).

    Parameters
    ----------
    rec
        The recording (evenly sampled; its rate goes into the header).
    names
        Write the column names (ActiLife's "add column headers").
    timestamps
        Write a ``Timestamp`` column before the axes.
    date_format
        The header's date format: ``"M/d/yyyy"``, ``"d/M/yyyy"`` or ``"yyyy-MM-dd"``.
    pad
        Pad every line with two empty fields (``,,``), as some exports do.

    Returns
    -------
    bytes
        The file: ten header lines, then the samples (acceleration in g; gyroscope in deg/s, magnetometer in µT).
    """
    start = _start(rec).tz_convert(None)
    code = {"M/d/yyyy": "%-m/%-d/%Y", "d/M/yyyy": "%-d/%-m/%Y", "yyyy-MM-dd": "%Y-%m-%d"}[date_format]
    model = "GT9X Link IMU" if rec.has_gyro else "GT3X+"
    rate = rec.sampling_rate_hz or 100.0
    header = [
        f"------------ Data File Created By ActiGraph {model} ActiLife v6.13.3 Firmware v3.2.1 date format "
        f"{date_format} at {rate:g} Hz  Filter Normal -----------",
        "Serial Number: NEO1F18120387",
        f"Start Time {start:%H:%M:%S}",
        f"Start Date {start.strftime(code)}",
        "Epoch Period (hh:mm:ss) 00:00:00",
        f"Download Time {start:%H:%M:%S}",
        f"Download Date {start.strftime(code)}",
        "Current Memory Address: 0",
        "Current Battery Voltage: 4.07     Mode = 12",
        "--------------------------------------------------",
    ]
    out = pd.DataFrame()
    if timestamps:
        stamps = start + pd.to_timedelta(rec.signals.index.to_numpy() - rec.signals.index[0], unit="s")
        out["Timestamp"] = stamps.strftime(f"{code} %H:%M:%S.%f").str[:-3]
    for quantity, scale, columns in (("Accelerometer", GRAVITY_MPS2, ACC_COLUMNS), ("Gyroscope", 1.0, GYR_COLUMNS),
                                     ("Magnetometer", 1.0, MAG_COLUMNS)):  # fmt: skip
        if all(c in rec.signals for c in columns):
            for axis, c in zip("XYZ", columns):
                out[f"{quantity} {axis}"] = rec.signals[c].to_numpy() / scale
    body = out.to_csv(index=False, header=names, lineterminator="\n", float_format="%.5f")
    if pad:
        body = body.replace("\n", ",,\n")
    return ("\n".join(header) + "\n" + body).encode("utf-8")


#: A GENEActiv's factory calibration as its header states it (counts * 100 = offset + gain * g; a real device's
#: values are of this size: about 255 counts per g, offsets of a few counts).
_GENEACTIV_GAIN = (25548, 25620, 25490)
_GENEACTIV_OFFSET = (574, -2272, -2198)
#: Samples per page of a GENEActiv ``.bin``.
_GENEACTIV_PAGE = 300


def _geneactiv_time(t: pd.Timestamp | pd.DatetimeIndex) -> object:
    """GENEActiv's ``2019-08-06 10:25:50:020``: the milliseconds after a colon."""
    return (
        t.strftime("%Y-%m-%d %H:%M:%S:%f").str[:-3]
        if isinstance(t, pd.DatetimeIndex)
        else (t.strftime("%Y-%m-%d %H:%M:%S:%f")[:-3])
    )


def write_geneactiv(
    rec: Recording, *, csv: bool = False, location: str = "left wrist", zone: str = "GMT +00:00"
) -> bytes:
    """A GENEActiv's ``.bin`` file (or GENEActiv PC Software's raw-data CSV conversion of it).

    Parameters
    ----------
    rec
        The recording (evenly sampled; its rate goes into the header; only its accelerometer is written).
    csv
        Write the PC Software's CSV conversion instead of the device's ``.bin``.
    location
        The header's ``Device Location Code``.
    zone
        The header's ``Time Zone``; the recording's start (UTC) is written as the local time of that zone.

    Returns
    -------
    bytes
        The file. Empty header fields are padded with NUL bytes, as the device does. The ``.bin`` holds whole pages
        of 300 samples (the samples after the last whole page are left out, as the device writes whole pages), each
        sample as 12-bit counts of the calibration :data:`_GENEACTIV_GAIN` / :data:`_GENEACTIV_OFFSET` in
        hexadecimal; the CSV, one line per sample in g (light, button, temperature after them).
    """
    from .geneactiv import _zone_offset

    rate = rec.sampling_rate_hz or 100.0
    offset = _zone_offset(zone) or pd.Timedelta(0)
    start = _start(rec).tz_convert(None) + offset
    g = rec.signals[list(ACC_COLUMNS)].to_numpy() / GRAVITY_MPS2
    nul = "\x00" * 20
    sep = "," if csv else ":"
    facts = [
        ("Device Type", "GENEActiv"), ("Device Model", "1.1"), ("Device Unique Serial Code", "046164"),
        ("Device Firmware Version", "Ver06.17 15June23"), ("Calibration Date", "2023-06-15 11:05:27:000"),
        ("Measurement Frequency", f"{rate:g} Hz"), ("Measurement Period", "168 Hours"),
        ("Start Time", _geneactiv_time(start)), ("Device Location Code", location), ("Time Zone", zone),
        ("Subject Code", "walk"), ("Subject Notes", nul), ("Investigator ID", nul), ("Config Notes", nul),
    ]  # fmt: skip
    head = ["Device Identity"] if not csv else []
    head += [f"{k}{sep}{v}" for k, v in facts]
    if csv:
        stamps = _geneactiv_time(start + pd.to_timedelta(rec.signals.index - rec.signals.index[0], unit="s"))
        body = pd.DataFrame({"t": stamps, "x": g[:, 0], "y": g[:, 1], "z": g[:, 2], "lux": 0, "button": 0,
                             "temp": 25.0})  # fmt: skip
        head += [""] * (100 - len(head))  # the conversion's header is 100 lines
        text = body.to_csv(index=False, header=False, lineterminator="\r\n", float_format="%.4f")
        return ("\r\n".join(head) + "\r\n").encode("latin-1") + text.encode("ascii")
    pages = len(g) // _GENEACTIV_PAGE
    head += ["", "Calibration Data"]
    for axis, gain, off in zip("xyz", _GENEACTIV_GAIN, _GENEACTIV_OFFSET):
        head += [f"{axis} gain:{gain}", f"{axis} offset:{off}"]
    head += ["Volts:300", "Lux:800", "", "Memory Status", f"Number of Pages:{pages}", ""]
    counts = np.rint((g[: pages * _GENEACTIV_PAGE] * _GENEACTIV_GAIN + _GENEACTIV_OFFSET) / 100.0).astype(int)
    counts = np.clip(counts, -2048, 2047) & 0xFFF
    digits = np.column_stack([counts, np.zeros(len(counts), int)])  # (light 0, button 0)
    hexes = "".join(f"{v:03X}" for v in digits.ravel())  # (a writer for tests; not on any hot path)
    lines = list(head)
    for k in range(pages):
        when = start + pd.Timedelta(seconds=k * _GENEACTIV_PAGE / rate)
        lines += [
            "Recorded Data", "Device Unique Serial Code:046164", f"Sequence Number:{k}",
            f"Page Time:{_geneactiv_time(when)}", "Unassigned:", "Temperature:25.0", "Battery voltage:4.1",
            "Device Status:Recording", f"Measurement Frequency:{rate:g}",
            hexes[k * _GENEACTIV_PAGE * 12 : (k + 1) * _GENEACTIV_PAGE * 12],
        ]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


def _cwa_time(t: np.ndarray) -> np.ndarray:
    """Seconds since 1970 (whole) -> the ``.cwa`` packed timestamp (years from 2000)."""
    d = pd.to_datetime(t, unit="s")
    return (
        ((d.year.to_numpy() - 2000) << 26) | (d.month.to_numpy() << 22) | (d.day.to_numpy() << 17)
        | (d.hour.to_numpy() << 12) | (d.minute.to_numpy() << 6) | d.second.to_numpy()
    ).astype(np.uint32)  # fmt: skip


def write_cwa(rec: Recording, *, zone_min: int = -1, device_id: int = 51888, nominal_hz: float | None = None) -> bytes:
    """An Axivity ``.cwa`` file: an AX3's packed accelerometer, or an AX6's gyroscope and accelerometer.

    Parameters
    ----------
    rec
        The recording (evenly sampled at 12.5, 25, 50, 100, 200, 400, 800 or 1600 Hz: the device's rates); with a
        gyroscope it is written as an AX6 (gyroscope range 2000 deg/s, acceleration in 1/2048 g), without as an AX3
        (three axes packed in 32 bits: 1/256 g with a shared exponent).
    zone_min
        The header's time zone in minutes from UTC (-1: not set, the default); the recording's start (UTC) is
        written as the local time of that zone.
    device_id
        The device number in the header.
    nominal_hz
        The rate the device was set to, where its clock runs off it (the samples keep the recording's own times);
        by default the recording's rate.

    Returns
    -------
    bytes
        The 1024-byte header and the 512-byte data blocks (the samples after the last whole block are left out), each
        block timed at its first sample (its whole second, the fraction in 1/32768 s and the shim
        ``timestampOffset`` = -fraction x rate, rounded, as the device's firmware writes them).
    """
    rate = float(nominal_hz or rec.sampling_rate_hz or 100.0)
    code = int(round(15 - np.log2(3200.0 / rate)))
    ax6 = rec.has_gyro
    per_block = 40 if ax6 else 120
    n_blocks = len(rec.signals) // per_block
    n = n_blocks * per_block
    g = rec.signals[list(ACC_COLUMNS)].to_numpy()[:n] / GRAVITY_MPS2
    header = bytearray(b"\xff" * 1024)
    header[0:4] = b"MD" + (1020).to_bytes(2, "little")
    header[4] = 0x64 if ax6 else 0x17
    header[5:7] = (device_id & 0xFFFF).to_bytes(2, "little")
    header[7:11] = (1).to_bytes(4, "little")
    header[11:13] = (device_id >> 16).to_bytes(2, "little") if device_id >> 16 else b"\xff\xff"
    header[35] = 0x02 if ax6 else 0xFF  # (an AX6's gyroscope range: 8000 / 2^2 = 2000 deg/s)
    header[36] = (1 << 6) | code  # (+-8 g)
    header[42:44] = int(zone_min).to_bytes(2, "little", signed=True)
    header[64:512] = b" " * 448
    offset_s = 0 if zone_min == -1 else 60 * zone_min
    t0 = _start(rec).value / 1e9 + offset_s + rec.signals.index.to_numpy()[:n] - rec.signals.index[0]
    first = t0[::per_block]
    whole = np.floor(first)
    frac16 = np.minimum(np.rint((first - whole) * 32768.0), 32767).astype(np.int64)
    blocks = np.zeros((n_blocks, 512), dtype=np.uint8)
    w16 = blocks.view("<u2")
    blocks[:, 0:2] = np.frombuffer(b"AX", dtype=np.uint8)
    w16[:, 1] = 508
    w16[:, 2] = 0x8000 | frac16
    blocks[:, 6:10] = np.frombuffer((1).to_bytes(4, "little"), dtype=np.uint8)
    blocks[:, 10:14] = np.arange(n_blocks, dtype="<u4").view(np.uint8).reshape(-1, 4)
    blocks[:, 14:18] = _cwa_time(whole).view(np.uint8).reshape(-1, 4)
    w16[:, 9] = (3 << 13) if ax6 else 0  # light: an AX6's acceleration in 1/2^(8+3) g
    blocks[:, 24] = header[36]
    blocks[:, 25] = (6 << 4 | 2) if ax6 else (3 << 4)
    blocks[:, 26:28] = (-np.rint(frac16 / 32768.0 * rate)).astype("<i2").view(np.uint8).reshape(-1, 2)
    w16[:, 14] = per_block
    if ax6:
        gyr = rec.signals[list(GYR_COLUMNS)].to_numpy()[:n] * 32768.0 / 2000.0
        raw = np.clip(np.rint(np.column_stack([gyr, g * 2048.0])), -32768, 32767).astype("<i2")
        blocks[:, 30:510] = raw.reshape(n_blocks, -1).view(np.uint8)
    else:
        counts = np.rint(g * 256.0).astype(np.int64)
        big = np.abs(counts).max(axis=1)
        e = np.select([big < 512, big < 1024, big < 2048], [0, 1, 2], 3)
        v = np.clip(counts >> e[:, None], -512, 511) & 0x3FF
        packed = (v[:, 0] | (v[:, 1] << 10) | (v[:, 2] << 20) | (e << 30)).astype("<u4")
        blocks[:, 30:510] = packed.reshape(n_blocks, -1).view(np.uint8)
    w16[:, 255] = (-(w16[:, :255].sum(axis=1, dtype=np.int64))) & 0xFFFF  # the words sum to zero
    return bytes(header) + blocks.tobytes()


def _ssp_code(value: float) -> int:
    """ActiGraph's floating-point code (:func:`gaitcoach.io.gt3x.ssp_float` decodes it)."""
    if value == 0:
        return 0
    mantissa, exponent = np.frexp(abs(value))  # abs(value) = mantissa * 2^exponent, 0.5 <= mantissa < 1
    fraction = int(mantissa * (1 << 23)) * (1 if value > 0 else -1)
    return ((int(exponent) & 0xFF) << 24) | (fraction & 0xFFFFFF)


def _gt3x_record(kind: int, stamp: int, payload: bytes) -> bytes:
    head = bytes([0x1E, kind]) + int(stamp).to_bytes(4, "little") + len(payload).to_bytes(2, "little")
    check = 0
    for b in head + payload:  # (a writer for tests, a record a second)
        check ^= b
    return head + payload + bytes([check ^ 0xFF])


def write_gt3x(
    rec: Recording,
    *,
    serial: str = "NEO1F18120387",
    activity2: bool = False,
    parameters: bool = True,
    utc_offset_s: int | None = None,
) -> bytes:
    """An ActiGraph ``.gt3x``: a zip of ``info.txt`` and ``log.bin`` (ActiGraph's published layout).

    Parameters
    ----------
    rec
        The recording (evenly sampled at a whole rate, 30-100 Hz as the devices record; its accelerometer only); the
        whole seconds from its start are written, one ``ACTIVITY`` record a second.
    serial
        The serial number (its prefix names the device; NEO and CLE count 341 a g, others 256).
    activity2
        Write ``ACTIVITY2`` records (16-bit X, Y, Z) instead of ``ACTIVITY`` (12-bit Y, X, Z packed).
    parameters
        Write a ``PARAMETERS`` record (the scale, the rate and, where given, the time zone); without it the reader
        falls back on ``info.txt`` and the serial number.
    utc_offset_s
        The wearer's time zone [s from UTC]: the records' times are the local time of that zone; None: the
        recording's start (UTC) is written as the device's time, and no zone is recorded.

    Returns
    -------
    bytes
        The zip.
    """
    rate = int(round(rec.sampling_rate_hz or 30.0))
    scale = 341.0 if serial.upper().startswith(("NEO", "CLE")) else 256.0
    seconds = len(rec.signals) // rate
    g = rec.signals[list(ACC_COLUMNS)].to_numpy()[: seconds * rate] / GRAVITY_MPS2
    limit = 32767 if activity2 else 2047
    counts = np.clip(np.rint(g * scale), -limit - 1, limit).astype(np.int64)
    local0 = int(_start(rec).value // 10**9) + (utc_offset_s or 0)
    records = []
    if parameters:
        pairs = [(0, 55, _ssp_code(scale)), (1, 10, rate)]
        if utc_offset_s is not None:
            pairs.append((1, 40, utc_offset_s & 0xFFFFFFFF))
        records.append(_gt3x_record(0x15, local0, b"".join(struct.pack("<HHI", a, b, v) for a, b, v in pairs)))
    for k in range(seconds):  # a record a second
        c = counts[k * rate : (k + 1) * rate]
        if activity2:
            payload = c.astype("<i2").tobytes()
        else:
            nibbles = (c[:, [1, 0, 2]] & 0xFFF)[:, :, None] >> np.array([8, 4, 0]) & 0xF
            flat = np.r_[nibbles.ravel(), np.zeros(len(c) * 9 % 2, np.int64)]
            payload = (flat[0::2] << 4 | flat[1::2]).astype(np.uint8).tobytes()
        records.append(_gt3x_record(0x1A if activity2 else 0x00, local0 + k, payload))
    ticks = local0 * 10**7 + 621_355_968_000_000_000
    info = (
        f"Serial Number: {serial}\nDevice Type: \nFirmware: 3.2.1\nBattery Voltage: 4.07\nSample Rate: {rate}\n"
        f"Start Date: {ticks}\nStop Date: 0\nDownload Date: {ticks + seconds * 10**7}\nBoard Revision: 4\n"
        "Subject Name: walk\n"
    )
    return _zip({"info.txt": info.encode(), "log.bin": b"".join(records)}, _start(rec))


def write_apple_health(
    workouts: pd.DataFrame,
    records: pd.DataFrame,
    *,
    zipped: bool = True,
    metric: bool = True,
    statistics: bool = True,
    utc_offset: str = "+0900",
) -> bytes:
    """An Apple Health export ("Export All Health Data"): ``export.zip`` holding ``apple_health_export/export.xml``.

    Parameters
    ----------
    workouts
        ``start``, ``end`` (tz-aware), ``activity`` (``Walking``, ``Hiking``, ``Running`` ...), ``steps``,
        ``distance_m``, ``source``.
    records
        ``type`` (``StepCount``, ``WalkingSpeed`` [m/s], ``WalkingStepLength`` [m], ``WalkingDoubleSupportPercentage``
        and ``WalkingAsymmetryPercentage`` [%], ``DistanceWalkingRunning`` [m]), ``start``, ``end``, ``value``,
        ``source``.
    zipped
        The zip, else the XML itself.
    metric
        Units of a metric locale (km/hr, cm, km), else of the US one (mi/hr, in, mi).
    statistics
        Workouts with ``WorkoutStatistics`` children (iOS 16 and later), else ``totalDistance`` attributes and no
        step count (older exports).
    utc_offset
        The zone the dates are written in.

    Returns
    -------
    bytes
        The export.
    """
    zone = pd.Timestamp("2000-01-01T00:00:00" + utc_offset[:3] + ":" + utc_offset[3:]).tz

    def when(t: pd.Timestamp) -> str:
        return pd.Timestamp(t).tz_convert(zone).strftime("%Y-%m-%d %H:%M:%S %z")

    # unit written and factor from SI, by locale (percentages as fractions, as Health writes them)
    units = {
        "StepCount": ("count", 1.0),
        "WalkingSpeed": ("km/hr", 3.6) if metric else ("mi/hr", 1 / 0.44704),
        "WalkingStepLength": ("cm", 100.0) if metric else ("in", 1 / 0.0254),
        "WalkingDoubleSupportPercentage": ("%", 0.01),
        "WalkingAsymmetryPercentage": ("%", 0.01),
        "DistanceWalkingRunning": ("km", 1e-3) if metric else ("mi", 1 / 1609.344),
    }
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!DOCTYPE HealthData [",
        "<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>",
        "<!ATTLIST HealthData locale CDATA #REQUIRED>",
        "]>",
        f'<HealthData locale="{"en_GB" if metric else "en_US"}">',
        f' <ExportDate value="{when(pd.Timestamp("2025-01-01T00:00:00Z"))}"/>',
        ' <Me HKCharacteristicTypeIdentifierDateOfBirth=""'
        ' HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>',
    ]
    for _, r in records.iterrows():  # (a test export: a few hundred records)
        unit, factor = units[r["type"]]
        lines.append(
            f' <Record type="HKQuantityTypeIdentifier{r["type"]}" sourceName="{r["source"]}" sourceVersion="17.1" '
            f'unit="{unit}" creationDate="{when(r["end"])}" startDate="{when(r["start"])}" '
            f'endDate="{when(r["end"])}" value="{r["value"] * factor:.6g}"/>'
        )
    for _, w in workouts.iterrows():
        minutes = (w["end"] - w["start"]).total_seconds() / 60.0
        dist_unit, dist_factor = units["DistanceWalkingRunning"]
        head = (
            f' <Workout workoutActivityType="HKWorkoutActivityType{w["activity"]}" duration="{minutes:.4f}" '
            f'durationUnit="min" sourceName="{w["source"]}" sourceVersion="10.1" creationDate="{when(w["end"])}" '
            f'startDate="{when(w["start"])}" endDate="{when(w["end"])}"'
        )
        if statistics:
            lines.append(head + ">")
            lines.append('  <MetadataEntry key="HKIndoorWorkout" value="0"/>')
            span = f'startDate="{when(w["start"])}" endDate="{when(w["end"])}"'
            if w["steps"] == w["steps"]:
                lines.append(
                    f'  <WorkoutStatistics type="HKQuantityTypeIdentifierStepCount" {span} sum="{w["steps"]:.0f}" '
                    'unit="count"/>'
                )
            lines.append(
                f'  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" {span} '
                f'sum="{w["distance_m"] * dist_factor:.6g}" unit="{dist_unit}"/>'
            )
            lines.append(" </Workout>")
        else:
            lines.append(
                head + f' totalDistance="{w["distance_m"] * dist_factor:.6g}" totalDistanceUnit="{dist_unit}">'
            )
            lines.append('  <MetadataEntry key="HKIndoorWorkout" value="0"/>')
            lines.append(" </Workout>")
    lines.append("</HealthData>")
    xml = ("\n".join(lines) + "\n").encode("utf-8")
    if not zipped:
        return xml
    return _zip({"apple_health_export/export.xml": xml, "apple_health_export/export_cda.xml": b"<ClinicalDocument/>"})


def write_androsensor(rec: Recording) -> bytes:
    """An AndroSensor CSV (the motion columns of its 33, ``;``-separated, with both time columns).

    Parameters
    ----------
    rec
        The recording.

    Returns
    -------
    bytes
        UTF-8 CSV.
    """
    t = rec.signals.index.to_numpy()
    start = _start(rec)
    acc = rec.signals[list(ACC_COLUMNS)].to_numpy()
    out = {f"ACCELEROMETER {a} (m/s²)": acc[:, i] for i, a in enumerate("XYZ")}
    if rec.has_gyro:
        gyr = np.radians(rec.signals[list(GYR_COLUMNS)].to_numpy())
        out.update({f"GYROSCOPE {a} (rad/s)": gyr[:, i] for i, a in enumerate("XYZ")})
    out["Time since start in ms "] = np.round(t * 1000).astype(np.int64)
    stamps = (start + pd.to_timedelta(t, unit="s")).strftime("%Y-%m-%d %H:%M:%S:%f").str[:-3]
    out["YYYY-MO-DD HH-MI-SS_SSS"] = np.asarray(stamps)
    return _csv(pd.DataFrame(out), sep=";", float_format="%.6f")


def write_fit(
    rec: Recording,
    *,
    layout: str = "full",
    sport: str = "walking",
    declare_unsigned: bool = False,
    device: tuple[int, int] = (255, 1),
) -> bytes:
    """A FIT activity with the recording's records and IMU data in one of the real-world layouts.

    Parameters
    ----------
    rec
        The recording; its ``summary`` becomes ``record`` messages (``cadence_spm`` written as FIT cadence
        and fractional cadence), its signals IMU messages.
    layout
        ``"full"``: calibrated values with ``sample_time_offset`` (25 samples a message, ms resolution);
        ``"counts"``: raw counts plus ``three_d_sensor_calibration``; ``"compressed"``: Connect IQ
        ``compressed_calibrated_accel_*`` [mG] one message a second (accelerometer only; needs a whole number
        of samples a second); ``"developer"``: developer-field arrays ``accel_X`` [millig] in ``record``.
    sport
        FIT sport name.
    declare_unsigned
        With ``"compressed"``: declare the arrays uint16 as one real watch does (values stay signed bits).
    device
        FIT ``manufacturer`` and ``product`` numbers (default: a development device; ``(1, 1551)``: a Garmin fenix).

    Returns
    -------
    bytes
        The FIT file.
    """
    if layout not in FIT_LAYOUTS:
        raise ValueError(f"expected layout in {FIT_LAYOUTS}, got {layout!r}")
    start = _start(rec)
    t0 = fit_time(start)
    w = FitWriter()
    w.write("file_id", {"type": 4, "manufacturer": device[0], "product": device[1], "serial_number": 12345,
                        "time_created": t0})  # fmt: skip
    w.write("event", {"timestamp": t0, "event": 0, "event_type": 0})
    sig = rec.signals
    t = sig.index.to_numpy()
    if layout == "developer":
        w.add_developer_field(0, 0, "accel_X", "sint16", "millig")
        w.add_developer_field(0, 1, "accel_Y", "sint16", "millig")
        w.add_developer_field(0, 2, "accel_Z", "sint16", "millig")
    if layout == "counts":
        w.write(
            "three_d_sensor_calibration",
            {
                "timestamp": t0,
                "sensor_type": 0,
                "calibration_factor": 1,
                "calibration_divisor": 1000,
                "level_shift": 32768,
                "offset_cal": [0, 0, 0],
                "orientation_matrix": [1, 0, 0, 0, 1, 0, 0, 0, 1],
            },
        )
        w.write(
            "three_d_sensor_calibration",
            {
                "timestamp": t0,
                "sensor_type": 1,
                "calibration_factor": 1,
                "calibration_divisor": 40,
                "level_shift": 32768,
                "offset_cal": [0, 0, 0],
                "orientation_matrix": [1, 0, 0, 0, 1, 0, 0, 0, 1],
            },
        )
    if len(sig) and layout in ("full", "counts"):
        chunks = np.flatnonzero(np.r_[True, np.diff(np.floor(t)) > 0] | (np.arange(len(t)) % 25 == 0))
        for a, b in zip(chunks, np.r_[chunks[1:], len(t)]):
            ts = np.floor(t[a])
            base = {
                "timestamp": t0 + int(ts),
                "timestamp_ms": int(round((t[a] - ts) * 1000)),
                "sample_time_offset": np.round((t[a:b] - t[a]) * 1000).astype(int).tolist(),
            }
            acc_g = sig[list(ACC_COLUMNS)].to_numpy()[a:b] / GRAVITY_MPS2
            if layout == "full":
                w.write(
                    "accelerometer_data",
                    {**base, **{f"calibrated_accel_{x}": acc_g[:, i].tolist() for i, x in enumerate("xyz")}},
                )
            else:
                w.write(
                    "accelerometer_data",
                    {
                        **base,
                        **{
                            f"accel_{x}": np.clip(np.round(acc_g[:, i] * 1000) + 32768, 0, 65534).tolist()
                            for i, x in enumerate("xyz")
                        },
                    },
                )
            if rec.has_gyro:
                gyr = sig[list(GYR_COLUMNS)].to_numpy()[a:b]
                if layout == "full":
                    w.write(
                        "gyroscope_data",
                        {**base, **{f"calibrated_gyro_{x}": gyr[:, i].tolist() for i, x in enumerate("xyz")}},
                    )
                else:
                    w.write(
                        "gyroscope_data",
                        {
                            **base,
                            **{
                                f"gyro_{x}": np.clip(np.round(gyr[:, i] * 40) + 32768, 0, 65534).tolist()
                                for i, x in enumerate("xyz")
                            },
                        },
                    )
            if all(c in sig.columns for c in MAG_COLUMNS) and layout == "full":
                mag = sig[list(MAG_COLUMNS)].to_numpy()[a:b] / 100.0
                w.write(
                    "magnetometer_data",
                    {**base, **{f"calibrated_mag_{x}": mag[:, i].tolist() for i, x in enumerate("xyz")}},
                )
    second = np.floor(t).astype(np.int64) if len(t) else np.empty(0, np.int64)
    if len(sig) and layout == "compressed":
        types = {f"compressed_calibrated_accel_{x}": "uint16" for x in "xyz"} if declare_unsigned else None
        mg = np.round(sig[list(ACC_COLUMNS)].to_numpy() / GRAVITY_MPS2 * 1000).astype(np.int64)
        bounds = np.flatnonzero(np.r_[True, np.diff(second) > 0, True])
        full = int(round(rec.sampling_rate_hz or 25))
        for a, b in zip(bounds[:-1], bounds[1:]):
            if b - a != full:  # like the watch: only whole seconds of samples are logged
                continue
            vals = {
                f"compressed_calibrated_accel_{x}": (mg[a:b, i] & 0xFFFF if declare_unsigned else mg[a:b, i]).tolist()
                for i, x in enumerate("xyz")
            }
            w.write("accelerometer_data", {"timestamp": t0 + int(second[a]), **vals}, types=types)
    # records: one a second over the span of summary and signals
    summ = rec.summary
    n_sec = int(np.ceil(max(rec.duration_s, float(summ.index.max()) if len(summ) else 0.0))) + 1
    if not len(summ) and layout != "developer":
        n_sec = 0
    mg_dev = np.round(sig[list(ACC_COLUMNS)].to_numpy() / GRAVITY_MPS2 * 1000).astype(int) if len(sig) else None
    for s in range(n_sec):
        fields: dict[str, object] = {"timestamp": t0 + s}
        if len(summ):
            row = summ.iloc[int(np.argmin(np.abs(summ.index.to_numpy() - s)))]
            for col, (fit_name, factor) in _RECORD_OUT.items():
                if col in row.index and pd.notna(row[col]):
                    fields[fit_name] = float(row[col]) * factor
            if "cadence_spm" in row.index and pd.notna(row["cadence_spm"]):
                strides = float(row["cadence_spm"]) / 2.0
                fields["cadence"] = int(np.floor(strides))
                fields["fractional_cadence"] = strides - np.floor(strides)
        dev = None
        if layout == "developer" and mg_dev is not None:
            idx = np.flatnonzero(second == s)
            if idx.size:
                dev = {(0, i): mg_dev[idx, i].tolist() for i in range(3)}
        w.write("record", fields, dev)
    end = t0 + max(n_sec, int(np.ceil(rec.duration_s)))
    elapsed = end - t0
    sport_id = ENUMS["sport"].get(sport, 0)
    w.write("event", {"timestamp": end, "event": 0, "event_type": 4})
    w.write(
        "lap",
        {
            "timestamp": end,
            "start_time": t0,
            "total_elapsed_time": elapsed,
            "total_timer_time": elapsed,
            "sport": sport_id,
            "sub_sport": 0,
        },
    )
    cad = summ["cadence_spm"].mean() / 2.0 if "cadence_spm" in summ.columns and len(summ) else None
    session = {
        "timestamp": end,
        "start_time": t0,
        "sport": sport_id,
        "sub_sport": 0,
        "total_elapsed_time": elapsed,
        "total_timer_time": elapsed,
        "first_lap_index": 0,
        "num_laps": 1,
    }
    if cad is not None and np.isfinite(cad):
        session.update(avg_cadence=int(np.floor(cad)), avg_fractional_cadence=cad - np.floor(cad))
    w.write("session", session)
    w.write(
        "activity",
        {"timestamp": end, "total_timer_time": elapsed, "num_sessions": 1, "type": 0, "event": 26, "event_type": 1},
    )
    return w.to_bytes()


_RECORD_OUT = {
    "distance_m": ("distance", 1.0),
    "speed_mps": ("enhanced_speed", 1.0),
    "heart_rate_bpm": ("heart_rate", 1.0),
    "step_length_m": ("step_length", 1000.0),
    "stance_time_s": ("stance_time", 1000.0),
    "stance_time_pct": ("stance_time_percent", 1.0),
    "stance_time_balance_pct": ("stance_time_balance", 1.0),
    "vertical_oscillation_m": ("vertical_oscillation", 1000.0),
    "vertical_ratio_pct": ("vertical_ratio", 1.0),
}
