"""ActiGraph ``.gt3x``: the device's own file (GT3X+, wGT3X+, wGT3X-BT, ActiSleep, GT9X Link), read without ActiLife.

The layout is ActiGraph's published one (the ``GT3X-File-Format`` documentation of the actigraph repository): a zip
holding ``info.txt`` (``Key: Value`` lines: serial number, sample rate, start date in .NET ticks, sometimes the
acceleration scale and the time zone) and ``log.bin``, a sequence of records. Each record is a separator byte
(0x1E), a type, a 32-bit Unix timestamp (whole seconds, the device's clock), a 16-bit payload size, the payload and
a checksum (the one's complement of the XOR of header and payload). The records read here:

* ``ACTIVITY`` (0x00): one second of samples, each three 12-bit two's complement values in Y, X, Z order, packed
  big-endian nibble by nibble;
* ``ACTIVITY2`` (0x1A): one second of samples as little-endian 16-bit X, Y, Z (a one-byte payload marks a USB
  connection, not samples);
* ``PARAMETERS`` (0x15): 8-byte key/value pairs; ``ACCEL_SCALE`` (counts per g, in ActiGraph's own floating-point
  code), ``SAMPLE_RATE`` and ``UTC_OFFSET`` (seconds) are used.

The counts per g are the ``PARAMETERS`` record's, else ``info.txt``'s ``Acceleration Scale``, else the documented
ones by serial number (NEO and CLE devices 341, others 256). Samples of a second are evenly spaced from its
timestamp at the sample rate; a second without a record (the device's idle sleep, or a damaged record) is a gap.
The GT9X's separate IMU records (its gyroscope) are not read. Files of the older NHANES layout (``activity.bin``)
are refused with how to export them.
"""

from __future__ import annotations

import re
import struct

import numpy as np
import pandas as pd

from ..errors import CorruptFileError, UnsupportedFormatError
from ..model import GRAVITY_MPS2
from ..timebase import Stream
from .base import Parsed, check_sample_count, set_local_start

__all__ = ["decode_activity", "gt3x_times", "looks_like_gt3x", "read_gt3x", "ssp_float"]

SEPARATOR = 0x1E
ACTIVITY, PARAMETERS, ACTIVITY2, IMU = 0x00, 0x15, 0x1A, 0x11
_HEADER = struct.Struct("<BBIH")
#: The device by its serial number's prefix (ActiGraph's documentation of the format).
_MODELS = {"NEO": "GT3X+", "CLE": "wGT3X+", "MOS": "wGT3X-BT", "TAS": "GT9X Link", "MRA": "ActiSleep+"}


def looks_like_gt3x(names: set[str]) -> bool:
    """Tell a ``.gt3x`` from the member names of a zip.

    Parameters
    ----------
    names
        The zip's member file names (without folders), lower case.

    Returns
    -------
    bool
        True when it holds ``info.txt`` with ``log.bin`` (or, the older NHANES layout, ``activity.bin``).
    """
    return "info.txt" in names and ("log.bin" in names or "activity.bin" in names)


def ssp_float(code: int) -> float:
    """Decode ActiGraph's floating-point code of a ``PARAMETERS`` value.

    Parameters
    ----------
    code
        The 32-bit value: a two's complement 24-bit fraction (2^23 times the mantissa) and an 8-bit two's
        complement power of two above it.

    Returns
    -------
    float
        The value (0 for a zero code).
    """
    exponent = (code >> 24) & 0xFF
    exponent = exponent - 256 if exponent & 0x80 else exponent
    fraction = code & 0xFFFFFF
    fraction = fraction - (1 << 24) if fraction & 0x800000 else fraction
    return fraction / float(1 << 23) * 2.0**exponent


def decode_activity(payload: np.ndarray, n_samples: int) -> np.ndarray:
    """Unpack ``ACTIVITY`` payloads of ``n_samples`` each: 12-bit two's complement Y, X, Z -> counts X, Y, Z.

    Parameters
    ----------
    payload
        The payloads' bytes, shape (n_records, size) (uint8).
    n_samples
        Samples per payload (``size * 8 // 36``).

    Returns
    -------
    numpy.ndarray
        Counts, shape (n_records * n_samples, 3), in X, Y, Z order.
    """
    nib = np.empty((payload.shape[0], payload.shape[1] * 2), dtype=np.int32)
    nib[:, 0::2], nib[:, 1::2] = payload >> 4, payload & 0x0F
    v = nib[:, : n_samples * 9].reshape(-1, 3, 3)
    counts = (v[:, :, 0] << 8) | (v[:, :, 1] << 4) | v[:, :, 2]
    counts = np.where(counts >= 2048, counts - 4096, counts)
    return counts[:, [1, 0, 2]]


def _samples_in(kind: int, size: int) -> int:
    """Samples in an activity record's payload (none in other records, nor in ACTIVITY2's one-byte USB mark)."""
    if kind == ACTIVITY:
        return size * 8 // 36
    return size // 6 if kind == ACTIVITY2 and size > 1 else 0


def _info(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        key, found, value = line.partition(":")
        if found:
            out[key.strip().lower()] = value.strip()
    return out


def _records(log: bytes) -> tuple[list[tuple[int, int, int, int]], int, int]:
    """(type, timestamp, payload offset, size) of each intact record; the damaged stretches; the bytes they hold.

    A record whose checksum fails (or that runs past the end) starts a damaged stretch: the scan moves on to the
    next separator byte that begins an intact record.
    """
    out, damaged, skipped = [], 0, 0
    pos, n = 0, len(log)
    data = np.frombuffer(log, dtype=np.uint8)
    bad_from = -1  # where the current damaged stretch began
    while pos + _HEADER.size < n:  # a loop over records (one a second), not samples
        if log[pos] == SEPARATOR:
            _, kind, stamp, size = _HEADER.unpack_from(log, pos)
            end = pos + _HEADER.size + size
            if end < n and (int(np.bitwise_xor.reduce(data[pos:end])) ^ 0xFF) == log[end]:
                if bad_from >= 0:
                    skipped += pos - bad_from
                    bad_from = -1
                out.append((kind, stamp, pos + _HEADER.size, size))
                pos = end + 1
                continue
        nxt = log.find(bytes([SEPARATOR]), pos + 1)
        # zero bytes between records are not damage (ActiGraph's documentation); anything else up to the next
        # separator is
        if bad_from < 0 and (log[pos] == SEPARATOR or log[pos : nxt if nxt >= 0 else n].strip(b"\x00")):
            damaged += 1
            bad_from = pos
        if nxt < 0:
            break
        pos = nxt
    if bad_from >= 0:
        skipped += n - bad_from
    return out, damaged, skipped


def _parameters(log: bytes, offset: int, size: int) -> dict[tuple[int, int], int]:
    values = np.frombuffer(log, dtype="<u2,<u2,<u4", count=size // 8, offset=offset)
    return {(int(a), int(b)): int(v) for a, b, v in values.tolist()}


def gt3x_times(members: dict[str, bytes]) -> np.ndarray:
    """The times of a ``.gt3x``'s intact activity records [s since 1970, the device's clock].

    Parameters
    ----------
    members
        File name -> bytes of the zip's members.

    Returns
    -------
    numpy.ndarray
        One time per record (a second of samples), empty without any.
    """
    log = {k.lower().rsplit("/", 1)[-1]: v for k, v in members.items()}.get("log.bin", b"")
    stamps = [t for k, t, _, size in _records(log)[0] if _samples_in(k, size)]
    return np.asarray(stamps, dtype=float)


def read_gt3x(members: dict[str, bytes], name: str, *, span_s: tuple[float, float] | None = None) -> Parsed:
    """Read an ActiGraph ``.gt3x`` (the members of its zip).

    Parameters
    ----------
    members
        File name -> bytes of the zip's members (``info.txt``, ``log.bin``).
    name
        File name for messages.
    span_s
        Only the records timed within ``[start, end)`` of the device's clock [s since 1970, its local time]: one day of
        a week-long file (:func:`gaitcoach.io.recording_days`).

    Returns
    -------
    Parsed
        The accelerometer [m/s², from g]; the start on UTC where the device's time zone is recorded (else its local
        time, said so); the device and serial number.

    Raises
    ------
    UnsupportedFormatError
        For the older NHANES layout (``activity.bin``).
    CorruptFileError
        Without ``info.txt`` or its sample rate, or without any intact activity record.
    """
    by_name = {k.lower().rsplit("/", 1)[-1]: v for k, v in members.items()}
    if "log.bin" not in by_name:
        raise UnsupportedFormatError(
            "an ActiGraph .gt3x of the older layout (activity.bin, firmware 2.5 and earlier): export the recording "
            "from ActiLife as raw data (RAW CSV) and load that.",
            file_name=name,
        )
    info = _info(by_name.get("info.txt", b"").decode("utf-8", "replace"))
    log = by_name["log.bin"]
    parsed = Parsed("gt3x")
    records, damaged, skipped = _records(log)
    params: dict[tuple[int, int], int] = {}
    for kind, _, off, size in records:
        if kind == PARAMETERS:
            params.update(_parameters(log, off, size))
    rate = params.get((1, 10)) or _number(info.get("sample rate"))
    if not rate or rate <= 0:
        raise CorruptFileError("the ActiGraph file gives no sample rate (info.txt's 'Sample Rate').", file_name=name)
    serial = info.get("serial number", "")
    scale = ssp_float(params[(0, 55)]) if params.get((0, 55)) else _number(info.get("acceleration scale"))
    if not scale:
        scale = 341.0 if serial.upper().startswith(("NEO", "CLE")) else 256.0
    acts = [(k, t, o, s) for k, t, o, s in records if _samples_in(k, s)]
    if span_s is not None:
        acts = [a for a in acts if span_s[0] <= a[1] < span_s[1]]
    check_sample_count(
        sum(_samples_in(k, s) for k, _, _, s in acts), float(rate), name,
        "Keep it a day at a time with 'gaitcoach batch FILE --db PATH', or export the days you want from ActiLife "
        "as raw data (RAW CSV) and load those.",
    )  # fmt: skip
    if not acts:
        where = "in that span" if span_s is not None else "in the ActiGraph log (log.bin)"
        raise CorruptFileError(f"no intact activity record {where}.", file_name=name)
    raw = np.frombuffer(log, dtype=np.uint8)
    t_parts, v_parts = [], []
    table = np.array([(k, s, t, o) for k, t, o, s in acts], dtype=np.int64)  # kind, size, stamp, offset
    for kind, size in sorted({(int(k), int(s)) for k, s in table[:, :2]}):  # a loop over record layouts
        group = table[(table[:, 0] == kind) & (table[:, 1] == size)]
        n = _samples_in(kind, size)
        idx = group[:, 3][:, None] + np.arange(size)
        payload = raw[idx]
        if kind == ACTIVITY:
            counts = decode_activity(payload, n)
        else:
            counts = payload[:, : n * 6].copy().view("<i2").reshape(-1, 3).astype(np.int32)
        stamps = group[:, 2].astype(float)
        t_parts.append((stamps[:, None] + np.arange(n) / float(rate)).ravel())
        v_parts.append(counts)
    t_abs = np.concatenate(t_parts)
    order = np.argsort(t_abs, kind="stable")
    t_abs, counts = t_abs[order], np.concatenate(v_parts)[order]
    origin = float(t_abs[0])
    parsed.rate_hz = float(rate)
    parsed.streams.append(Stream("acc", t_abs - origin, counts / scale * GRAVITY_MPS2))
    offset_s = params.get((1, 40))
    if offset_s is not None:
        offset_s = offset_s - (1 << 32) if offset_s & 0x80000000 else offset_s
        zone = f"UTC{offset_s / 3600:+g} h"
        set_local_start(parsed, pd.Timestamp(origin, unit="s"), pd.Timedelta(seconds=offset_s), zone)
    else:
        zone_text = info.get("timezone") or info.get("time zone")
        set_local_start(parsed, pd.Timestamp(origin, unit="s"), _zone(zone_text), zone_text or "")
    model = info.get("device type") or _MODELS.get(serial[:3].upper())
    parsed.device = " ".join(x for x in ("ActiGraph", model, serial and f"({serial})") if x)
    parsed.info["units"] = {"time": f"each second's record at {rate:g} Hz", "acc": f"{scale:g} counts per g"}
    if damaged:
        parsed.warnings.append(
            f"the log holds {damaged} damaged stretch(es) ({skipped} bytes, a record's checksum failing or the file "
            "cut off): their seconds are left out."
        )
    if any(k == IMU for k, _, _, _ in records):
        parsed.warnings.append(
            "the GT9X's IMU records (its gyroscope) are not read from a .gt3x: export the IMU file from ActiLife as "
            "raw data (RAW CSV) for them."
        )
    return parsed


def _number(text: str | None) -> float | None:
    m = re.search(r"[-+]?\d+(?:\.\d+)?", text or "")
    return float(m.group()) if m else None


def _zone(text: str | None) -> pd.Timedelta | None:
    """info.txt's ``TimeZone: -05:00:00`` as an offset from UTC."""
    m = re.fullmatch(r"\s*([-+]?)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*", text or "")
    if not m:
        return None
    sign = -1 if m.group(1) == "-" else 1
    return sign * pd.Timedelta(hours=int(m.group(2)), minutes=int(m.group(3)), seconds=int(m.group(4) or 0))
