"""What every writer shares: the recording's start, and zips and CSVs that give the same bytes each time."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from ...model import Recording

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
