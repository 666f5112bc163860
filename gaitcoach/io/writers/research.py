"""Writers of the research accelerometers' files.

ActiGraph (ActiLife's raw CSV, .gt3x), GENEActiv (.bin, CSV), Axivity (.cwa).
"""

from __future__ import annotations

import struct

import numpy as np
import pandas as pd

from ...model import ACC_COLUMNS, GRAVITY_MPS2, GYR_COLUMNS, MAG_COLUMNS, Recording
from ._common import _start, _zip


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
    from ..geneactiv import _zone_offset

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
