"""Reading delimited text into a DataFrame quickly: delimiter and decimal-comma detection, clear errors."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd

from ..errors import CorruptFileError, EmptyFileError
from .source import decode_text

__all__ = ["first_lines", "numeric", "read_table", "sniff_dialect"]

try:  # pyarrow comes with streamlit; it parses plain CSV several times faster than pandas' C engine.
    import pyarrow  # noqa: F401

    _HAVE_ARROW = True
except ImportError:  # pragma: no cover - depends on the environment
    _HAVE_ARROW = False


def first_lines(data: bytes, name: str, n: int = 5) -> list[str]:
    """Decode and return the first ``n`` non-empty lines of a text file.

    Parameters
    ----------
    data
        The file's bytes.
    name
        File name for messages.
    n
        How many lines.

    Returns
    -------
    list of str
        The lines, without line endings.
    """
    text = decode_text(data[: 64 * 1024], name) if len(data) > 64 * 1024 else decode_text(data, name)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(data) > 64 * 1024 and lines:
        lines = lines[:-1]  # the last line may be cut by the 64 kB window
    return lines[:n]


def sniff_dialect(lines: list[str]) -> tuple[str, str]:
    """Guess the delimiter and the decimal mark from a header and a few data lines.

    Parameters
    ----------
    lines
        The first lines of the file (header first).

    Returns
    -------
    sep, decimal
        E.g. ``(",", ".")``, or ``(";", ",")`` for European-locale exports such as Physics Toolbox.
    """
    header = lines[0] if lines else ""
    counts = {s: header.count(s) for s in (",", ";", "\t", "|")}
    sep = max(counts, key=lambda s: counts[s])
    if counts[sep] == 0:
        sep = ","
    decimal = "."
    if sep != ",":
        data = lines[1:4]
        if data and all(re.search(r"\d,\d", ln) for ln in data) and not any(re.search(r"\d\.\d", ln) for ln in data):
            decimal = ","
    return sep, decimal


def read_table(
    data: bytes,
    name: str,
    *,
    sep: str = ",",
    decimal: str = ".",
    skiprows: int = 0,
    header: int | None = 0,
) -> pd.DataFrame:
    """Parse delimited text into a DataFrame.

    Parameters
    ----------
    data
        The file's bytes (UTF-8).
    name
        File name for messages.
    sep, decimal
        Delimiter and decimal mark (see :func:`sniff_dialect`).
    skiprows
        Lines to skip before the header.
    header
        Row of the header after ``skiprows``, or None when there is none.

    Returns
    -------
    pandas.DataFrame
        Columns as in the file, numbers parsed where the whole column is numeric.

    Raises
    ------
    EmptyFileError
        When there are no data rows.
    CorruptFileError
        When the text cannot be parsed as a table.
    """
    decode_text(data[:65536], name)  # clear error for binary or non-UTF-8 content before pandas sees it
    fast = _HAVE_ARROW and sep == "," and decimal == "." and skiprows == 0 and header == 0
    try:
        if fast:
            try:
                df = pd.read_csv(io.BytesIO(data), engine="pyarrow")
            except Exception:
                fast = False
        if not fast:
            df = pd.read_csv(
                io.BytesIO(data),
                sep=sep,
                decimal=decimal,
                skiprows=skiprows,
                header=header,
                encoding="utf-8-sig",
                skipinitialspace=True,
                on_bad_lines="skip",
                low_memory=False,
            )
    except pd.errors.EmptyDataError as exc:
        raise EmptyFileError("the file has no rows of data.", file_name=name) from exc
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise CorruptFileError(f"cannot read the file as a table ({exc}).", file_name=name) from exc
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    if df.empty:
        raise EmptyFileError("the file has a header but no rows of data.", file_name=name)
    return df


def numeric(series: pd.Series) -> np.ndarray:
    """Convert a column to float, turning anything unparseable into NaN.

    Parameters
    ----------
    series
        A column.

    Returns
    -------
    numpy.ndarray
        float64 values.
    """
    if pd.api.types.is_numeric_dtype(series):
        return series.to_numpy(dtype=float, na_value=np.nan)
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
