"""Garmin Connect's "Export CSV" activity list: one row per activity (a history, not a recording).

The export's headers are localised (English, Danish and Swedish exports are supported — the ones seen in real
files), every value is quoted, ``--`` means missing, thousands carry separators (``"1,035"``), durations are
``HH:MM:SS``, distance is in the account's unit (km or miles; told apart below), stride length in m, vertical
oscillation in cm, ground contact time in ms, and the contact-time balance is text such as
``"52.3% vänster/47.7% höger"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import EmptyFileError, UnsupportedFormatError
from .csv_table import first_lines, read_table
from .source import SourceLike, read_source

__all__ = [
    "ACTIVITY_LIST_COLUMNS",
    "describe_activity_list",
    "holds_activity_list",
    "looks_like_activity_list",
    "read_activity_list",
]

#: Canonical column -> header in each supported language (en, da, sv).
_HEADERS: dict[str, tuple[str, ...]] = {
    "activity_type": ("Activity Type", "Aktivitetstype", "Aktivitetstyp"),
    "start_local": ("Date", "Dato", "Datum"),
    "title": ("Title", "Titel", "Namn"),
    "distance": ("Distance", "Distans"),
    "duration": ("Time", "Tid"),
    "moving_time": ("Moving Time", "Færdtid", "Färdtid"),
    "elapsed_time": ("Elapsed Time", "Samlet tid", "Total tid"),
    "avg_heart_rate_bpm": ("Avg HR", "Gennemsnitlig puls", "Medelpuls"),
    "avg_cadence_spm": ("Avg Run Cadence", "Gennemsnit kadence løb", "Medellöpkadens"),
    "avg_step_length_m": ("Avg Stride Length", "Gennemsnitlig skridtlængde", "Medelsteglängd"),
    "avg_vertical_ratio_pct": (
        "Avg Vertical Ratio",
        "Gennemsnitligt vertikalt forhold",
        "Medelvärde för vertikal kvot",
    ),
    "avg_vertical_oscillation_cm": (
        "Avg Vertical Oscillation",
        "Gennemsnitligt vertikalt udsving",
        "Medelvärde för vertikal rörelse",
    ),
    "avg_ground_contact_time_ms": ("Avg Ground Contact Time", "Medeltid för markkontakt"),
    "gct_balance": ("Avg GCT Balance", "Medelkontakttidsbalans"),
    "steps": ("Steps", "Skridt", "Steg"),
}
#: Activity types counted as walking (Garmin's names in the supported languages).
_WALKING = {"walking", "hiking", "indoor walking", "gang", "gåtur", "vandring", "gång", "promenad"}

ACTIVITY_LIST_COLUMNS = (
    "start_local",
    "activity_type",
    "is_walking",
    "title",
    "distance_m",
    "duration_s",
    "moving_time_s",
    "avg_heart_rate_bpm",
    "avg_cadence_spm",
    "avg_step_length_m",
    "avg_vertical_oscillation_m",
    "avg_vertical_ratio_pct",
    "avg_ground_contact_time_s",
    "gct_balance_left_pct",
    "steps",
)
_MILE_M = 1609.344


def holds_activity_list(data: bytes) -> bool:
    """Tell a Garmin Connect activity list from a file's first bytes (its header line, in the first 4 kB).

    Parameters
    ----------
    data
        The file's bytes (only the first 4 kB are read).

    Returns
    -------
    bool
        :func:`looks_like_activity_list` of the first line.
    """
    head = data[:4096].decode("utf-8-sig", "replace").splitlines()
    return bool(head) and looks_like_activity_list(head[0])


def looks_like_activity_list(header: str) -> bool:
    """Tell a Garmin Connect activity list from its header line.

    Parameters
    ----------
    header
        The first line.

    Returns
    -------
    bool
        True when the first column is the (localised) activity type and a date column follows.
    """
    cols = [c.strip().strip('"') for c in header.split(",")]
    return len(cols) > 3 and cols[0] in _HEADERS["activity_type"] and cols[1] in _HEADERS["start_local"]


def _numbers(series: pd.Series) -> np.ndarray:
    text = series.astype(str).str.strip().str.replace(",", "", regex=False)
    return pd.to_numeric(text.where(~text.isin(["--", "", "nan"])), errors="coerce").to_numpy(dtype=float)


def _seconds(series: pd.Series) -> np.ndarray:
    text = series.astype(str).str.strip()
    parts = text.str.extract(r"^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$")
    h = pd.to_numeric(parts[0], errors="coerce").fillna(0).to_numpy(float)
    m = pd.to_numeric(parts[1], errors="coerce").to_numpy(float)
    s = pd.to_numeric(parts[2], errors="coerce").to_numpy(float)
    return h * 3600 + m * 60 + s


def read_activity_list(source: SourceLike, *, name: str | None = None) -> pd.DataFrame:
    """Read a Garmin Connect activity list export.

    Parameters
    ----------
    source
        Path, bytes or binary file object of the CSV.
    name
        File name to report.

    Returns
    -------
    pandas.DataFrame
        One row per activity with :data:`ACTIVITY_LIST_COLUMNS` (SI units; NaN where the export has no value).
        ``start_local`` is the device's local time (the export has no time zone). ``attrs["distance_unit"]``
        says whether the account used km or miles and how that was decided.

    Raises
    ------
    gaitcoach.errors.GaitcoachError
        When the file is not such a list or holds no activities.
    """
    src = read_source(source, name=name)
    header = first_lines(src.data, src.name, n=1)
    if not header or not looks_like_activity_list(header[0]):
        raise UnsupportedFormatError(
            "this is not a Garmin Connect activity list (expected a header starting with 'Activity Type,Date'; "
            "English, Danish and Swedish exports are read).",
            file_name=src.name,
        )
    raw = read_table(src.data, src.name)
    if raw.empty:
        raise EmptyFileError("the activity list has no activities.", file_name=src.name)
    col = {key: next((h for h in names if h in raw.columns), None) for key, names in _HEADERS.items()}

    def get(key: str) -> pd.Series:
        return raw[col[key]] if col[key] else pd.Series([np.nan] * len(raw))

    out = pd.DataFrame()
    out["start_local"] = pd.to_datetime(get("start_local"), errors="coerce")
    out["activity_type"] = get("activity_type").astype(str).str.strip()
    out["is_walking"] = out["activity_type"].str.lower().isin(_WALKING)
    out["title"] = get("title").astype(str)
    distance = _numbers(get("distance"))
    out["duration_s"] = _seconds(get("duration"))
    out["moving_time_s"] = _seconds(get("moving_time"))
    out["avg_heart_rate_bpm"] = _numbers(get("avg_heart_rate_bpm"))
    out["avg_cadence_spm"] = _numbers(get("avg_cadence_spm"))
    out["avg_step_length_m"] = _numbers(get("avg_step_length_m"))
    out["avg_vertical_oscillation_m"] = _numbers(get("avg_vertical_oscillation_cm")) / 100.0
    out["avg_vertical_ratio_pct"] = _numbers(get("avg_vertical_ratio_pct"))
    out["avg_ground_contact_time_s"] = _numbers(get("avg_ground_contact_time_ms")) / 1000.0
    balance = get("gct_balance").astype(str).str.extract(r"([\d.]+)\s*%")[0]
    out["gct_balance_left_pct"] = pd.to_numeric(balance, errors="coerce")
    out["steps"] = _numbers(get("steps"))
    # km or miles: the distance per hour must match cadence x step length (both metric in every export).
    per_s = out["avg_cadence_spm"] / 60.0 * out["avg_step_length_m"]
    ratio = (distance * 1000.0 / out["duration_s"]) / per_s
    ratio = ratio[np.isfinite(ratio) & (per_s > 0.5)]
    if len(ratio) and abs(np.median(ratio) - 1000.0 / _MILE_M) < abs(np.median(ratio) - 1.0):
        factor, how = _MILE_M, f"miles (distance/time matches cadence x step length in {len(ratio)} activities)"
    elif len(ratio):
        factor, how = 1000.0, f"km (distance/time matches cadence x step length in {len(ratio)} activities)"
    else:
        factor, how = 1000.0, "km (assumed: no activity with cadence and step length to check)"
    out.insert(4, "distance_m", distance * factor)
    out = out[list(ACTIVITY_LIST_COLUMNS)].sort_values("start_local", kind="stable").reset_index(drop=True)
    out.attrs["distance_unit"] = how
    out.attrs["file_name"] = src.name
    return out


def describe_activity_list(df: pd.DataFrame) -> list[tuple[str, str]]:
    """Facts about an activity list for ``gaitcoach inspect``.

    Parameters
    ----------
    df
        Output of :func:`read_activity_list`.

    Returns
    -------
    list of (label, text)
        Rows to print.
    """
    walks = df[df["is_walking"]]
    span = f"{df['start_local'].min():%Y-%m-%d} to {df['start_local'].max():%Y-%m-%d}"
    minutes = float(
        np.nansum(np.where(np.isfinite(walks["moving_time_s"]), walks["moving_time_s"], walks["duration_s"]))
    )
    return [
        ("file", str(df.attrs.get("file_name", "-"))),
        ("format", "garmin_connect_activity_list"),
        ("activities", f"{len(df)} ({span}, local time)"),
        ("walks", f"{len(walks)}, {minutes / 60:.0f} min in all"),
        ("distance unit", str(df.attrs.get("distance_unit", ""))),
        (
            "can support",
            "walking volume history (weekly minutes), average cadence and stride where recorded; no step events",
        ),
    ]
