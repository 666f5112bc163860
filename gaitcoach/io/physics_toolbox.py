"""Physics Toolbox Sensor Suite (Vieyra Software) exports.

The g-force meter writes ``time;gFx;gFy;gFz;TgF`` (``;`` and a decimal comma in many locales; comma and
point elsewhere), values in g including gravity, and ``time`` as the phone's wall clock ``HH:MM:SS:ffff``
with no date: the date comes from the file name (``YYYY-MM-DDhh.mm.ss.csv``). Other tools of the suite write
``time,ax,ay,az,aT`` [m/s²] or ``time,wx,wy,wz`` [rad/s], recognised by the generic column rules.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import CorruptFileError
from ..model import GRAVITY_MPS2
from ..timebase import Stream
from .base import Parsed
from .csv_table import first_lines, numeric, read_table, sniff_dialect
from .generic_csv import find_columns, to_parsed

__all__ = ["looks_like_physics_toolbox", "read_physics_toolbox"]

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2}):(\d{2})[:.,](\d+)$")


def looks_like_physics_toolbox(header: str) -> bool:
    """Tell a Physics Toolbox CSV from its header line.

    Parameters
    ----------
    header
        The first line.

    Returns
    -------
    bool
        True for the g-force meter (``gFx``) and the suite's ``ax``/``wx`` tables with a ``time`` column.
    """
    cols = [c.strip().lower() for c in re.split(r"[;,\t]", header)]
    return bool(cols) and cols[0] == "time" and ("gfx" in cols or ("ax" in cols and "at" in cols) or "wx" in cols)


def _clock_seconds(series: pd.Series, name: str) -> np.ndarray:
    parts = series.astype(str).str.strip().str.extract(_CLOCK)
    if parts.isna().all(axis=None):
        raise CorruptFileError(
            f"the time column is not the wall clock HH:MM:SS:ffff (e.g. {series.iloc[0]!r}).", file_name=name
        )
    h, m, s = (pd.to_numeric(parts[i], errors="coerce").to_numpy(float) for i in range(3))
    frac = parts[3].fillna("0")
    frac_s = pd.to_numeric(frac, errors="coerce").to_numpy(float) / np.power(10.0, frac.str.len().to_numpy(float))
    t = h * 3600 + m * 60 + s + frac_s
    # Past midnight the clock starts again at 0: unwrap (vectorised).
    wraps = np.r_[0.0, np.cumsum(np.diff(np.nan_to_num(t, nan=0.0)) < -43200.0) * 86400.0]
    return t + wraps


def read_physics_toolbox(data: bytes, name: str) -> Parsed:
    """Read a Physics Toolbox Sensor Suite CSV.

    Parameters
    ----------
    data
        The file's bytes.
    name
        File name; its leading ``YYYY-MM-DD`` gives the date of the wall-clock times.

    Returns
    -------
    Parsed
        Accelerometer [m/s²] (or gyroscope), start time from the file name and clock.
    """
    lines = first_lines(data, name)
    sep, decimal = sniff_dialect(lines)
    df = read_table(data, name, sep=sep, decimal=decimal)
    lower = {c.lower(): c for c in df.columns}
    clock = _clock_seconds(df[lower["time"]], name) if _CLOCK.match(str(df[lower["time"]].iloc[0]).strip()) else None
    if "gfx" in lower and clock is not None:
        parsed = Parsed("physics_toolbox")
        v = np.column_stack([numeric(df[lower[c]]) for c in ("gfx", "gfy", "gfz")]) * GRAVITY_MPS2
        parsed.streams.append(Stream("acc", clock, v))
    else:
        if clock is not None:
            df = df.assign(**{lower["time"]: clock})
        parsed = to_parsed(
            df,
            name,
            source_format="physics_toolbox",
            units={"time": "s"} if clock is not None else None,
            columns=find_columns(list(df.columns)),
        )
    if clock is not None:
        m = re.search(r"(\d{4})-(\d{2})-(\d{2})", name)
        if m:
            parsed.started_at = pd.Timestamp(f"{m.group(1)}-{m.group(2)}-{m.group(3)}", tz="UTC")
            parsed.info["clock"] = "phone's local time (time zone not in the file)"
            parsed.warnings.append(
                "Physics Toolbox writes the phone's local clock without a time zone; times are shown as recorded."
            )
        else:
            parsed.started_at = None
    parsed.device = "Android phone (Physics Toolbox Sensor Suite)"
    return parsed
