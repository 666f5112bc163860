"""When the session walked, and how briskly: the cadence over the session's time, from its strides.

Each stride's cadence is two steps over its duration (120 / stride time, steps per minute); the strides are
grouped by when they start, into spans that fit the session's length (:func:`timeline_bin_s`), and each span shows
the median of its strides. Spans without a stride are gaps: the session did not walk there (standing, sitting, or
left out as another activity).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["cadence_over_time", "timeline_bin_s"]


def timeline_bin_s(span_s: float) -> float:
    """The width of the timeline's spans [s] for a session lasting ``span_s``: about a hundred spans or fewer.

    10 s up to a quarter of an hour, a minute up to three hours, five minutes beyond (design choice: a chart's
    width).
    """
    if span_s <= 15 * 60:
        return 10.0
    return 60.0 if span_s <= 3 * 3600 else 300.0


def cadence_over_time(strides: pd.DataFrame, bin_s: float | None = None) -> pd.DataFrame:
    """The median cadence of the strides starting in each span of the session.

    Parameters
    ----------
    strides
        The session's strides (``ic_s`` and ``stride_time_s`` [s]).
    bin_s
        The spans' width [s] (default: :func:`timeline_bin_s` of the strides' span).

    Returns
    -------
    pd.DataFrame
        Indexed by ``minute`` (each span's start, in minutes on the session's clock, which starts at 0), with
        ``cadence_spm`` (NaN where no stride starts) and ``strides``; empty without strides.
    """
    columns = ["cadence_spm", "strides"]
    if strides.empty or not {"ic_s", "stride_time_s"} <= set(strides.columns):
        return pd.DataFrame(columns=columns, index=pd.Index([], name="minute", dtype=float))
    start = pd.to_numeric(strides["ic_s"], errors="coerce").to_numpy(float)
    period = pd.to_numeric(strides["stride_time_s"], errors="coerce").to_numpy(float)
    ok = np.isfinite(start) & np.isfinite(period) & (period > 0)
    start, period = start[ok], period[ok]
    if not len(start):
        return pd.DataFrame(columns=columns, index=pd.Index([], name="minute", dtype=float))
    origin = min(0.0, float(start.min()))  # the session's clock starts at 0
    width = bin_s or timeline_bin_s(float(start.max() - origin))
    span = np.floor((start - origin) / width).astype(np.int64)
    grouped = pd.DataFrame({"span": span, "cadence_spm": 120.0 / period}).groupby("span")["cadence_spm"]
    every = np.arange(span.max() + 1)
    out = pd.DataFrame(
        {"cadence_spm": grouped.median().reindex(every), "strides": grouped.size().reindex(every, fill_value=0)}
    )
    out.index = pd.Index(every * width / 60.0, name="minute")
    return out
