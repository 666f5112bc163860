"""Axivity AX3 / AX6: the device's own ``.cwa`` file (Open Movement's continuous wave accelerometer format).

A research sensor worn on the wrist in large studies (the UK Biobank's AX3) and, as an AX6 with its gyroscope, on
the lower back or the shoe in gait work. The layout (Open Movement, ``cwa.h`` of the openmovement repository, as
read by its ``cwa-convert`` and by OMGUI):

* a 1024-byte header (``MD``): hardware type (AX3, or 0x64 for an AX6), device and session numbers, the sensor
  configuration (for an AX6 the gyroscope's range: 8000 / 2^n deg/s in its low four bits), the time zone in
  minutes (-1: not set);
* then 512-byte data blocks (``AX``), each checked by the 16-bit sum of its words being zero: a timestamp (date and
  time packed in 32 bits, with a fraction of a second in 1/32768 s where the top bit of ``deviceFractional`` is
  set), the sample index ``timestampOffset`` at which that time holds, the rate (3200 / 2^(15 - n) Hz), the number
  of axes and bytes per sample, and 480 bytes of samples: 3 axes packed into 32 bits (three signed 10-bit values
  and a shared 2-bit exponent, 1/256 g), or signed 16-bit values (an AX6: gyroscope x, y, z, then acceleration in
  1/2^(8 + n) g with n in the top three bits of the block's light field, then a magnetometer in 1/16 µT where
  present).

The sample times are put on the blocks' own times: between two blocks the samples are spread evenly from one
block's timed sample to the next one's (the device's clock, not its nominal rate: a real AX3 set to 200 Hz ran at
197.2), so a pause in recording stays a gap. On the real AX3 and AX6 files of scikit-digital-health's tests the
values read are identical to its reader's and the times within 2 ms of them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CorruptFileError
from ..model import GRAVITY_MPS2
from ..timebase import Stream
from .base import Parsed, check_sample_count, set_local_start

__all__ = ["cwa_times", "looks_like_cwa", "read_cwa"]

HEADER_BYTES = 1024
BLOCK_BYTES = 512
_DATA = slice(30, 510)
#: The hardware type of an AX6 (accelerometer and gyroscope); 0x00, 0x17 and 0xFF are AX3s.
_AX6 = 0x64
#: Consecutive blocks whose timed samples lie further apart in time than this share of what their sample counts
#: at the nominal rate say (either way) are not one run of recording (design choice: a real AX3 runs about 1.5 %
#: slow; a pause in recording is seconds or more).
_RUN_TOLERANCE = 0.25


def looks_like_cwa(head: bytes) -> bool:
    """Tell an Axivity ``.cwa`` file from its first bytes.

    Parameters
    ----------
    head
        The first bytes of the file.

    Returns
    -------
    bool
        True when it opens with the ``MD`` header packet of the format's length (1020 bytes after its first four).
    """
    return len(head) >= 4 and head[:2] == b"MD" and int.from_bytes(head[2:4], "little") == HEADER_BYTES - 4


def _u16(b: np.ndarray, at: int) -> np.ndarray:
    return b[:, at : at + 2].copy().view("<u2")[:, 0]


def _block_times(ts: np.ndarray) -> np.ndarray:
    """Packed block timestamps (``YYYYYYMM MMDDDDDh hhhhmmmm mmssssss``, years from 2000) -> seconds since 1970."""
    parts = pd.DataFrame({
        "year": ((ts >> 26) & 0x3F) + 2000, "month": (ts >> 22) & 0x0F, "day": (ts >> 17) & 0x1F,
        "hour": (ts >> 12) & 0x1F, "minute": (ts >> 6) & 0x3F, "second": ts & 0x3F,
    })  # fmt: skip
    when = pd.to_datetime(parts, errors="coerce").to_numpy().astype("datetime64[ns]")
    return np.where(np.isnat(when), np.nan, when.astype(np.int64) / 1e9)


def _signed10(v: np.ndarray) -> np.ndarray:
    return np.where(v & 0x200, v - 0x400, v)


def _samples(blocks: np.ndarray, count: int, axes: int, bps: int) -> np.ndarray:
    """The blocks' samples as raw counts, shape (n_blocks * count, axes)."""
    data = blocks[:, _DATA].copy()
    if bps == 0:  # three axes packed in 32 bits with a shared exponent
        v = data.view("<u4")[:, :count].astype(np.int64)
        e = v >> 30
        out = np.stack([_signed10((v >> s) & 0x3FF) << e for s in (0, 10, 20)], axis=-1)
        return out.reshape(-1, 3).astype(float)
    return data.view("<i2")[:, : count * axes].reshape(-1, axes).astype(float)


def _sample_times(anchor_i: np.ndarray, anchor_t: np.ndarray, count: int, rate: float) -> np.ndarray:
    """Times of the blocks' samples from each block's timed sample (index, time), spread evenly between two of them.

    Where two consecutive anchors do not agree with the nominal rate within :data:`_RUN_TOLERANCE`, a new run
    starts (a pause in recording): each block's samples are timed within its own run, beyond the run's first or
    last timed sample at the run's own pace, so a pause stays a gap.
    """
    i = np.arange(len(anchor_i) * count, dtype=float)
    d_i, d_t = np.diff(anchor_i), np.diff(anchor_t)
    with np.errstate(divide="ignore", invalid="ignore"):
        pace = d_t * rate / d_i
    breaks = np.flatnonzero(~((d_i > 0) & (np.abs(pace - 1.0) <= _RUN_TOLERANCE))) + 1
    run = np.zeros(len(anchor_i), dtype=np.int64)
    run[breaks] = 1
    run = np.cumsum(run)
    run_of_sample = np.repeat(run, count)
    t = np.empty(len(i))
    for r in range(int(run[-1]) + 1):  # a loop over runs of recording (a pause apart), not samples
        members = np.flatnonzero(run == r)
        ai, at = anchor_i[members], anchor_t[members]
        mine = run_of_sample == r
        # beyond its first and last timed samples, the run's own pace
        step = (at[-1] - at[0]) / (ai[-1] - ai[0]) if len(members) > 1 else 1.0 / rate
        x = i[mine]
        t[mine] = np.where(
            x < ai[0], at[0] + (x - ai[0]) * step,
            np.where(x > ai[-1], at[-1] + (x - ai[-1]) * step, np.interp(x, ai, at)),
        )  # fmt: skip
    return t


def _data_blocks(data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The file's 512-byte blocks after its header, which are data blocks, and which of those pass their checksum."""
    n_blocks = max(0, (len(data) - HEADER_BYTES) // BLOCK_BYTES)
    raw = np.frombuffer(data, dtype=np.uint8, count=n_blocks * BLOCK_BYTES, offset=HEADER_BYTES).reshape(-1, 512)
    is_data = (raw[:, 0] == ord("A")) & (raw[:, 1] == ord("X")) & (_u16(raw, 2) == BLOCK_BYTES - 4)
    return raw, is_data, is_data & ((raw.view("<u2").sum(axis=1, dtype=np.uint32) & 0xFFFF) == 0)


def _block_clock(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each block's whole-second time [s, NaN where impossible], its fraction [s] and its timed sample's index."""
    whole = _block_times(blocks[:, 14:18].copy().view("<u4")[:, 0].astype(np.int64))
    frac_raw = _u16(blocks, 4).astype(np.int64)
    frac = np.where(frac_raw & 0x8000, (frac_raw & 0x7FFF) / 32768.0, 0.0)
    return whole, frac, blocks[:, 26:28].copy().view("<i2")[:, 0].astype(float)


def cwa_times(data: bytes) -> np.ndarray:
    """The times of a ``.cwa``'s intact data blocks [s since 1970, the device's clock].

    Parameters
    ----------
    data
        The file's bytes.

    Returns
    -------
    numpy.ndarray
        One time per block with a valid date (empty without any).
    """
    raw, _, intact = _data_blocks(data)
    whole, frac, _ = _block_clock(raw[intact])
    return (whole + frac)[np.isfinite(whole)]


def read_cwa(data: bytes, name: str, *, span_s: tuple[float, float] | None = None) -> Parsed:
    """Read an Axivity ``.cwa`` file.

    Parameters
    ----------
    data
        The file's bytes.
    name
        File name for messages.
    span_s
        Only the blocks timed within ``[start, end)`` of the device's clock [s since 1970, its local time]: one day
        of a week-long file (:func:`gaitcoach.io.recording_days`).

    Returns
    -------
    Parsed
        The accelerometer [m/s², from g] (an AX6's gyroscope [deg/s] and magnetometer [µT] too) on the blocks' own
        times; the start on UTC where the header gives the time zone (else the device's local time, said so); the
        device and its number.

    Raises
    ------
    CorruptFileError
        When the file is shorter than its header, or holds no intact data block.
    """
    if len(data) < HEADER_BYTES + BLOCK_BYTES:
        raise CorruptFileError(
            "the Axivity .cwa file holds no data blocks (the device may not have recorded, or the file was cut off "
            "in its header).",
            file_name=name,
        )
    header = np.frombuffer(data[:HEADER_BYTES], dtype=np.uint8)
    raw, is_data, intact = _data_blocks(data)
    parsed = Parsed("axivity")
    if (is_data & ~intact).any():
        parsed.warnings.append(f"{int((is_data & ~intact).sum())} damaged data block(s) (checksum): left out.")
    if (len(data) - HEADER_BYTES) % BLOCK_BYTES:
        parsed.warnings.append("the file ends inside a data block (cut off?): the blocks before it are read.")
    blocks = raw[intact]
    if not len(blocks):
        raise CorruptFileError("no intact data block in the Axivity .cwa file.", file_name=name)
    axes_bps = blocks[:, 25]
    rate_code = blocks[:, 24]
    layout, counts = axes_bps[0], _u16(blocks, 28)
    same = (axes_bps == layout) & (rate_code == rate_code[0]) & (counts == counts[0])
    if not same.all():  # (a file holds one configuration; blocks of another are damage)
        parsed.warnings.append(f"{int((~same).sum())} data block(s) of another configuration: left out.")
        blocks = blocks[same]
    axes, bps = int(layout >> 4), int(layout & 0x0F)
    count = int(counts[0])
    if (
        count == 0
        or axes not in (3, 6, 9)
        or bps not in (0, 2)
        or (bps == 0 and axes != 3)
        or count * (4 if bps == 0 else 2 * axes) > 480
    ):
        raise CorruptFileError(
            f"the Axivity data blocks have an unknown layout ({axes} axes, code {bps} bytes per sample, {count} "
            "samples a block).",
            file_name=name,
        )
    rate = 3200.0 / (1 << (15 - (int(rate_code[0]) & 0x0F)))
    # each block's time holds for its sample timestampOffset; the fraction (1/32768 s) moves that sample by as much
    whole, frac, offset = _block_clock(blocks)
    ok = np.isfinite(whole)
    if not ok.all():
        parsed.warnings.append(f"{int((~ok).sum())} data block(s) with an impossible date: left out.")
    if span_s is not None:
        ok &= (whole + frac >= span_s[0]) & (whole + frac < span_s[1])
    blocks, whole, frac, offset = blocks[ok], whole[ok], frac[ok], offset[ok]
    if not len(blocks):
        where = "in that span" if span_s is not None else "with a valid time"
        raise CorruptFileError(f"no data block of the Axivity .cwa file {where}.", file_name=name)
    check_sample_count(
        len(blocks) * count, rate, name,
        "Keep it a day at a time with 'gaitcoach batch FILE --db PATH', or export the days you want with OMGUI "
        "(or cwa-convert's -start and -stop) and load those.",
    )  # fmt: skip
    n_b = len(blocks)
    anchor_i = np.arange(n_b) * count + offset + frac * rate
    anchor_t = whole + frac
    order = np.argsort(anchor_t, kind="stable")  # (blocks in time order; the device writes them so)
    if not np.array_equal(order, np.arange(n_b)):
        parsed.warnings.append("data blocks out of time order: read in the order of their times.")
        blocks, anchor_t = blocks[order], anchor_t[order]
        anchor_i = np.arange(n_b) * count + (offset + frac * rate)[order]
    values = _samples(blocks, count, axes, bps)
    t_abs = _sample_times(anchor_i, anchor_t, count, rate)
    origin = float(t_abs[0])
    t = t_abs - origin
    if axes == 3:
        acc = values / 256.0
    else:
        light = np.repeat(_u16(blocks, 18).astype(np.int64), count)
        acc = values[:, 3:6] / (1 << (8 + ((light >> 13) & 0x07)))[:, None]
        gyro_code = int(header[35]) & 0x0F
        gyro_range_dps = 8000.0 / (1 << gyro_code) if gyro_code else 2000.0
        parsed.streams.append(Stream("gyr", t, values[:, 0:3] * gyro_range_dps / 32768.0))
        if axes == 9:
            parsed.streams.append(Stream("mag", t, values[:, 6:9] / 16.0))
    parsed.streams.insert(0, Stream("acc", t, acc * GRAVITY_MPS2))
    zone_min = int(header[42:44].copy().view("<i2")[0])  # (-1: not set)
    known = zone_min != -1 and -14 * 60 <= zone_min <= 14 * 60
    zone = pd.Timedelta(minutes=zone_min) if known else None
    set_local_start(parsed, pd.Timestamp(origin, unit="s"), zone, f"{zone_min:+d} min from UTC")
    model = "AX6" if int(header[4]) == _AX6 or axes >= 6 else "AX3"
    device_id = int(header[5]) | int(header[6]) << 8
    upper = int(header[11]) | int(header[12]) << 8
    if upper != 0xFFFF:
        device_id |= upper << 16
    parsed.device = f"Axivity {model} ({device_id})"
    parsed.info["units"] = {
        "time": f"the blocks' own times ({rate:g} Hz nominal)",
        "acc": "1/256 g (Axivity)" if axes == 3 else "1/2^n g (Axivity AX6)",
    }
    return parsed
