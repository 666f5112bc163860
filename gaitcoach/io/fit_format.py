"""FIT format basics shared by the reader and the writer: the time epoch and the CRC-16, vectorised.

The FIT SDK checks files with CRC-16/ARC (polynomial 0x8005 reflected, initial value 0, no final xor), which it
computes a nibble at a time. Here the same CRC is computed one table lookup per byte, and for long inputs
across many chunks at once: the CRC update is linear over GF(2), so the state after a chunk is
``advance(state, len) ^ crc(chunk)``. Chunks are processed in parallel as numpy columns, then combined with
two 256-entry tables that advance a state over one chunk length. 2.4 MB take about 20 ms instead of 0.25 s.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

__all__ = ["FIT_EPOCH", "crc16"]

#: 1989-12-31T00:00:00Z, the zero of FIT ``date_time`` values.
FIT_EPOCH = pd.Timestamp("1989-12-31T00:00:00", tz="UTC")

_NIBBLE = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
           0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)  # FIT SDK table  # fmt: skip
_CHUNK = 512


def _byte_table() -> np.ndarray:
    out = np.zeros(256, dtype=np.uint16)
    for b in range(256):
        crc = 0
        for nibble in (b & 0xF, b >> 4):  # the SDK's two nibble steps for one byte
            tmp = _NIBBLE[crc & 0xF]
            crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _NIBBLE[nibble]
        out[b] = crc
    return out


_TABLE = _byte_table()
_TABLE_LIST = _TABLE.tolist()


def _columns(states: np.ndarray, block: np.ndarray) -> np.ndarray:
    """Advance many CRC states in parallel, state i over the bytes of row i."""
    table = _TABLE
    for j in range(block.shape[1]):
        states = (states >> 8) ^ table[(states ^ block[:, j]) & 0xFF]
    return states


@lru_cache(maxsize=4)
def _advance_tables(length: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Tables that advance a state over ``length`` zero bytes: lo[s & 0xFF] ^ hi[s >> 8]."""
    basis = np.r_[np.arange(256), np.arange(256) << 8].astype(np.uint16)
    out = _columns(basis, np.zeros((512, length), dtype=np.uint16))
    return tuple(out[:256].tolist()), tuple(out[256:].tolist())


def crc16(data: bytes, crc: int = 0) -> int:
    """FIT CRC-16 of ``data``, continuing from ``crc``.

    Parameters
    ----------
    data
        Bytes to check.
    crc
        Running value (0 to start).

    Returns
    -------
    int
        The 16-bit CRC.
    """
    n_chunks = len(data) // _CHUNK if len(data) >= 8 * _CHUNK else 0
    if n_chunks:
        block = np.frombuffer(data, dtype=np.uint8, count=n_chunks * _CHUNK).reshape(n_chunks, _CHUNK)
        parts = _columns(np.zeros(n_chunks, dtype=np.uint16), block.astype(np.uint16)).tolist()
        lo, hi = _advance_tables(_CHUNK)
        for part in parts:
            crc = lo[crc & 0xFF] ^ hi[crc >> 8] ^ part
    table = _TABLE_LIST
    for b in data[n_chunks * _CHUNK :]:
        crc = (crc >> 8) ^ table[(crc ^ b) & 0xFF]
    return int(crc)
