"""GENEActiv (Activinsights): the device's own ``.bin`` file and GENEActiv PC Software's raw-data CSV export.

A research accelerometer worn on the wrist in most studies, and on the lower back, the hip or the thigh in gait
work. Both files open with the same header the device was configured with: the sampling rate ("Measurement
Frequency"), the start, the time zone ("GMT -04") and where it was worn ("Device Location Code": free text such as
"left wrist" or "back"); empty fields are padded with NUL bytes.

* **``.bin``** (GENEActiv Operating Instructions, "Decoding .bin files"; the same layout as the readers of GGIRread
  and actipy): ``Key:Value`` header lines with the calibration ("x gain", "x offset", ... for each axis), then
  pages of ``Recorded Data``: nine ``Key:Value`` lines (``Page Time`` of its first sample, ``Measurement
  Frequency`` ...) and one line of hexadecimal digits, twelve per sample: x, y, z as 12-bit two's complement
  counts, then 10 bits of light, the button and a spare bit. Calibrated acceleration in g is
  ``(count * 100 - offset) / gain``.
* **CSV** (the PC Software's "raw data" conversion of a ``.bin``): ``Key,Value`` header lines, then one line per
  sample: ``2019-08-06 10:25:50:020,-0.4620,0.7319,0.4453,0,0,31.6`` (time with the milliseconds after a colon,
  x, y, z in g, light, button, temperature). Its "epoch" conversion (a summary every second or minute) is not the
  acceleration and is refused.

Times are the device's local clock; with the header's time zone the start is put on UTC.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import CorruptFileError, UnsupportedFormatError
from ..model import GRAVITY_MPS2
from ..timebase import Stream
from .base import Parsed, check_sample_count, set_local_start
from .csv_table import numeric, read_table

__all__ = ["geneactiv_placement", "geneactiv_times", "looks_like_geneactiv", "read_geneactiv"]

#: Hexadecimal digits per sample in a ``.bin`` page (three 12-bit axes, 10 bits of light, two flags).
HEX_PER_SAMPLE = 12
#: Most pages decoded at a time (bounds the memory of the decoding; design choice).
_PAGE_BATCH = 4096

_TIME_FORMAT = "%Y-%m-%d %H:%M:%S:%f"
_STAMP = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}:\d{1,3}"
_CSV_ROW = re.compile(rb"^" + _STAMP.encode() + rb",", re.MULTILINE)
_PAGE = re.compile(rb"Page Time:([^\r\n]*)\r?\n(?:[^\r\n]*\r?\n){0,8}?Measurement Frequency:([^\r\n]*)\r?\n([^\r\n]*)")
_ZONE = re.compile(r"GMT\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
#: ASCII code -> hexadecimal digit value; 255 for any other byte.
_NIBBLE = np.full(256, 255, dtype=np.uint8)
for _i, _c in enumerate(b"0123456789ABCDEF"):
    _NIBBLE[_c] = _i
    _NIBBLE[ord(chr(_c).lower())] = _i


def looks_like_geneactiv(head: bytes) -> bool:
    """Tell a GENEActiv ``.bin`` file or its CSV conversion from the start of the file.

    Parameters
    ----------
    head
        The first kilobytes of the file.

    Returns
    -------
    bool
        True when the header names the device type GENEActiv.
    """
    text = head[:4096].replace(b"\x00", b"")
    return bool(re.search(rb"^\s*Device Type\s*[,:]\s*GENEActiv", text, re.MULTILINE | re.IGNORECASE))


def _is_bin(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \r\n").startswith(b"Device Identity") or b"Recorded Data" in head


def _header(text: str, sep: str) -> dict[str, str]:
    """``Key<sep>Value`` lines -> {lower-case key: value}; the first of a repeated key wins."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        key, found, value = line.partition(sep)
        key = key.strip().lower()
        if found and key and key not in out:
            out[key] = value.strip(" \t\x00,")
    return out


def _frequency_hz(value: str | None, name: str) -> float:
    number = _NUMBER.search(value or "")
    rate = float(number.group()) if number else float("nan")
    if not np.isfinite(rate) or rate <= 0:
        raise CorruptFileError(
            f"the GENEActiv header gives no sampling rate ('Measurement Frequency': {value!r}).", file_name=name
        )
    return rate


def _zone_offset(value: str | None) -> pd.Timedelta | None:
    """The header's ``Time Zone`` (``GMT -04``, ``GMT +05:30``) as an offset from UTC, or None."""
    m = _ZONE.search(value or "")
    if not m:
        return None
    sign = -1 if m.group(1) == "-" else 1
    return sign * pd.Timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))


def geneactiv_placement(location: str | None) -> tuple[str | None, str | None]:
    """Where the header's ``Device Location Code`` says the sensor was worn, as gaitcoach's placement and side.

    Parameters
    ----------
    location
        The free text the device was configured with (``"left wrist"``, ``"back"``, ``"right thigh"`` ...).

    Returns
    -------
    placement, side
        ``"wrist"`` (with its side), ``"lumbar"`` (the back, the waist or a hip: a belt sensor, one over a hip is
        recognised as such in the analysis), ``"pocket"`` for a thigh (with its side), else None; the side None where
        not named or where it does not matter (the lower back).
    """
    loc = (location or "").lower()
    side = "left" if "left" in loc else "right" if "right" in loc else None
    if "wrist" in loc:
        return "wrist", side
    if "thigh" in loc:
        return "pocket", side
    if any(word in loc for word in ("back", "waist", "hip", "lumbar", "belt", "sacrum", "pelvis")):
        return "lumbar", None
    return None, None


def _local_times(stamps: pd.Series | list[str], name: str, what: str) -> pd.DatetimeIndex:
    try:
        return pd.DatetimeIndex(pd.to_datetime(pd.Series(stamps, dtype=str).str.strip(), format=_TIME_FORMAT))
    except (ValueError, TypeError) as exc:
        raise CorruptFileError(
            f"the GENEActiv {what} times do not read as 'YYYY-MM-DD hh:mm:ss:mmm' ({exc}).", file_name=name
        ) from exc


def _decode_pages(payloads: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hexadecimal pages -> (counts of shape (n, 3), the samples kept of each page, the samples written in each).

    A page whose digits are not whole samples keeps its whole ones; a sample with a character that is not a
    hexadecimal digit is dropped (a damaged page).
    """
    whole = [p[: len(p) - len(p) % HEX_PER_SAMPLE] for p in payloads]
    nib = _NIBBLE[np.frombuffer(b"".join(whole), dtype=np.uint8)].reshape(-1, HEX_PER_SAMPLE)
    ok = (nib != 255).all(axis=1)
    v = nib[:, :9].astype(np.int16).reshape(-1, 3, 3)
    counts = (v[:, :, 0] << 8) | (v[:, :, 1] << 4) | v[:, :, 2]
    counts = np.where(counts >= 2048, counts - 4096, counts)  # 12-bit two's complement
    written = np.array([-(-len(p) // HEX_PER_SAMPLE) for p in payloads], dtype=np.int64)  # (a cut sample too)
    page_of = np.repeat(np.arange(len(whole)), [len(p) // HEX_PER_SAMPLE for p in whole])
    kept = np.bincount(page_of[ok], minlength=len(whole)) if len(page_of) else np.zeros(len(whole), np.int64)
    return counts[ok], kept, written


def _page_stamps(data: bytes, start: int) -> tuple[list[bytes], list[bytes], list[tuple[int, int]]]:
    """Every page's time and rate text, and where its hexadecimal line lies in ``data``."""
    stamps, rates, spans = [], [], []
    for m in _PAGE.finditer(data, start):  # a loop over pages of 300 samples
        stamps.append(m.group(1))
        rates.append(m.group(2))
        spans.append(m.span(3))
    return stamps, rates, spans


def _seconds(stamps: pd.DatetimeIndex) -> np.ndarray:
    """Local times -> seconds since 1970 on the device's clock."""
    return stamps.asi8 / 1e9 if stamps.unit == "ns" else (stamps - pd.Timestamp(0)).total_seconds().to_numpy()


def _read_bin(
    data: bytes, name: str, parsed: Parsed, span_s: tuple[float, float] | None = None
) -> tuple[np.ndarray, pd.Timestamp, dict[str, str]]:
    first = data.find(b"Recorded Data")
    head_text = data[: first if first >= 0 else 64 * 1024].replace(b"\x00", b"").decode("latin-1")
    head = _header(head_text, ":")
    try:
        gain = np.array([float(head[f"{a} gain"]) for a in "xyz"])
        offset = np.array([float(head[f"{a} offset"]) for a in "xyz"])
    except (KeyError, ValueError) as exc:
        raise CorruptFileError(
            "the GENEActiv .bin header has no calibration ('x gain', 'x offset', ... for each axis).", file_name=name
        ) from exc
    if not np.all(np.isfinite(gain) & (gain != 0)):
        raise CorruptFileError(f"the GENEActiv calibration gains are not usable ({gain.tolist()}).", file_name=name)
    rate_hz = _frequency_hz(head.get("measurement frequency"), name)
    stamps, rates, spans = _page_stamps(data, max(first, 0))
    if not stamps:
        raise CorruptFileError(
            "the GENEActiv .bin file holds no pages of recorded data (the device may not have recorded, or the file "
            "was cut off in its header).",
            file_name=name,
        )
    declared = _NUMBER.search(head.get("number of pages", ""))
    n_declared = int(float(declared.group())) if declared else len(stamps)
    n_pages = len(stamps)
    start = _local_times([x.decode("latin-1") for x in stamps], name, "page")
    chosen = np.arange(n_pages)
    if span_s is not None:
        at = _seconds(start)
        chosen = np.flatnonzero((at >= span_s[0]) & (at < span_s[1]))
        if not len(chosen):
            raise CorruptFileError("no page of the GENEActiv .bin file in that span.", file_name=name)
    check_sample_count(
        len(chosen) * 300, rate_hz, name,
        "Keep it a day at a time with 'gaitcoach batch FILE --db PATH', or convert the days you want with "
        "GENEActiv PC Software (its time range) and load those.",
    )  # fmt: skip
    pieces, kept, written = [], [], []
    for b0 in range(0, len(chosen), _PAGE_BATCH):  # a loop over batches of pages
        batch = [data[spans[k][0] : spans[k][1]].strip() for k in chosen[b0 : b0 + _PAGE_BATCH]]
        c, k, w = _decode_pages(batch)
        pieces.append(c)
        kept.append(k)
        written.append(w)
    per_page, per_page_written = np.concatenate(kept), np.concatenate(written)
    counts = np.concatenate(pieces).astype(float)
    # the device writes whole pages: a last page shorter than the others, or fewer pages than the header's, is a
    # file cut off
    has_last = chosen[-1] == n_pages - 1
    cut = bool(has_last and len(per_page) > 1 and per_page_written[-1] < per_page_written[:-1].max())
    if (n_pages < n_declared and has_last) or cut:
        parsed.warnings.append(
            f"the file ends early (cut off?): {n_pages} of the {n_declared} pages its header announces"
            + (", the last one cut" if cut else "")
            + "; the samples before the cut are read."
        )
    dropped = int((per_page_written - per_page)[:-1].sum()) + int(not cut) * int(per_page_written[-1] - per_page[-1])
    if dropped:
        parsed.warnings.append(f"damaged pages of recorded data: {dropped} unreadable sample(s) are left out.")
    if not per_page.sum():
        raise CorruptFileError("no readable samples in the GENEActiv .bin pages.", file_name=name)
    g = (counts * 100.0 - offset) / gain
    start = start[chosen]
    rate = np.array([_frequency_hz(rates[k].decode("latin-1"), name) for k in chosen])  # (per page; never changes)
    origin = start[0]
    page_t = (start - origin).total_seconds().to_numpy()
    index = np.arange(len(g)) - np.repeat(np.cumsum(per_page) - per_page, per_page)
    t = np.repeat(page_t, per_page) + index / np.repeat(rate, per_page)
    parsed.info["units"] = {"time": "each page's time, samples at its measurement frequency", "acc": "g (GENEActiv)"}
    return np.column_stack([t, g]), origin, head


def geneactiv_times(data: bytes) -> np.ndarray:
    """The times of a GENEActiv file's pages [s since 1970, the device's clock].

    A CSV conversion (a sample a row, read whole only when loaded): a time a day from its first row to its last.

    Parameters
    ----------
    data
        The file's bytes.

    Returns
    -------
    numpy.ndarray
        The times (empty where none reads).
    """
    if _is_bin(data[:4096]):
        texts = [x.decode("latin-1") for x in _page_stamps(data, max(0, data.find(b"Recorded Data")))[0]]
    else:
        rows = list(_CSV_ROW.finditer(data[: 64 * 1024]))[:1] + list(_CSV_ROW.finditer(data, max(0, len(data) - 4096)))
        texts = [m.group().decode("latin-1")[:-1] for m in rows[:1] + rows[-1:]]
    try:
        when = _seconds(_local_times(texts, "", "page")) if texts else np.empty(0)
    except CorruptFileError:
        return np.empty(0)
    if _is_bin(data[:4096]) or len(when) < 2:
        return when
    return np.r_[np.arange(when[0], when[-1], 86400.0), when[-1]]


def _read_csv(
    data: bytes, name: str, span_s: tuple[float, float] | None = None
) -> tuple[np.ndarray, pd.Timestamp, dict[str, str]]:
    row = _CSV_ROW.search(data)
    if row is None:
        raise CorruptFileError("the GENEActiv CSV has a header but no rows of samples.", file_name=name)
    head = _header(data[: row.start()].replace(b"\x00", b"").decode("latin-1"), ",")
    df = read_table(data[row.start() :], name, header=None)
    if df.shape[1] > 7:  # time, x, y, z, light, button, temperature; an epoch file adds its summaries
        raise UnsupportedFormatError(
            f"a GENEActiv epoch file ({df.shape[1]} columns of summaries per epoch), not the raw acceleration: "
            "convert the .bin with GENEActiv PC Software as raw data, or load the .bin file itself.",
            file_name=name,
        )
    when = _local_times(df.iloc[:, 0], name, "sample")
    if span_s is not None:
        at = _seconds(when)
        inside = (at >= span_s[0]) & (at < span_s[1])
        if not inside.any():
            raise CorruptFileError("no row of the GENEActiv CSV in that span.", file_name=name)
        df, when = df[inside], when[inside]
    t = (when - when[0]).total_seconds().to_numpy()
    step = float(np.median(np.diff(t[:10_000]))) if len(t) > 1 else 0.0
    if step >= 0.5:
        raise UnsupportedFormatError(
            f"a GENEActiv epoch file (one line every {step:g} s), not the raw acceleration: convert the .bin with "
            "GENEActiv PC Software as raw data, or load the .bin file itself.",
            file_name=name,
        )
    g = np.column_stack([numeric(df.iloc[:, c]) for c in (1, 2, 3)])
    return np.column_stack([t, g]), when[0], head


def read_geneactiv(data: bytes, name: str, *, span_s: tuple[float, float] | None = None) -> Parsed:
    """Read a GENEActiv ``.bin`` file or its raw-data CSV conversion.

    Parameters
    ----------
    data
        The file's bytes.
    name
        File name for messages.
    span_s
        Only the pages (rows) timed within ``[start, end)`` of the device's clock [s since 1970, its local time]: one
        day of a week-long file (:func:`gaitcoach.io.recording_days`).

    Returns
    -------
    Parsed
        The accelerometer [m/s², from g] at the header's rate; the start on UTC where the header gives the time zone
        (else the device's local time, said so); the device and serial number; the placement and side the header's
        ``Device Location Code`` names (:func:`geneactiv_placement`), which the user's own statement overrides.

    Raises
    ------
    UnsupportedFormatError
        For an epoch conversion (summaries, not acceleration).
    CorruptFileError
        When the header has no sampling rate or calibration, or the file no readable samples.
    """
    parsed = Parsed("geneactiv")
    if _is_bin(data[:4096]):
        table, origin, head = _read_bin(data, name, parsed, span_s)
    else:
        table, origin, head = _read_csv(data, name, span_s)
    parsed.rate_hz = _frequency_hz(head.get("measurement frequency"), name)
    parsed.streams.append(Stream("acc", table[:, 0], table[:, 1:] * GRAVITY_MPS2))
    set_local_start(parsed, pd.Timestamp(origin), _zone_offset(head.get("time zone")), head.get("time zone", ""))
    parsed.info.setdefault("units", {"time": "the samples' own times", "acc": "g (GENEActiv)"})
    serial = head.get("device unique serial code")
    parsed.device = " ".join(x for x in ("GENEActiv", serial and f"({serial})") if x)
    location = head.get("device location code")
    placement, side = geneactiv_placement(location)
    if placement is not None:
        parsed.placement, parsed.side = placement, side
        parsed.info["placement_note"] = (
            f"worn on the {location} (the file's device location): analysed as {placement} unless you say otherwise"
        )
    return parsed
