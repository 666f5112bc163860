"""Walking metrics from a watch's or pod's own activity records (FIT ``record`` messages, about 1 Hz).

Cadence at or above 100 steps/min counts as brisk (moderate intensity: Tudor-Locke et al. 2018,
doi:10.1136/bjsports-2017-097628). The stance-time balance (share of ground contact on the left foot) gives the
stance-time asymmetry: with left share ``b`` %, ``100 (L - R) / mean(L, R) = 4 b - 200`` (the symmetry index of
Robinson et al. 1987). Devices write the running dynamics only where a pod or strap measured them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["BRISK_SPM", "summarize_records"]

#: Steps per minute of moderate-intensity walking (Tudor-Locke et al. 2018).
BRISK_SPM = 100.0


def _col(summary: pd.DataFrame, name: str) -> pd.Series:
    return pd.to_numeric(summary[name], errors="coerce") if name in summary.columns else pd.Series(dtype=float)


def summarize_records(summary: pd.DataFrame) -> dict[str, float]:
    """Session values from activity records.

    Parameters
    ----------
    summary
        A recording's ``summary`` frame (indexed by ``time_s``).

    Returns
    -------
    dict
        ``walking_time_s`` (records with a cadence of at least 60 steps/min, each worth the record interval),
        ``brisk_minutes`` (cadence >= 100 steps/min), ``cadence_spm``, ``speed_mps``, ``stride_length_m``
        (2 x the median step length), ``stance_time_asymmetry_pct`` from the stance-time balance; NaN where the
        device did not record the field.
    """
    out = {k: math.nan for k in ("walking_time_s", "brisk_minutes", "cadence_spm", "speed_mps", "stride_length_m",
                                 "stance_time_asymmetry_pct")}  # fmt: skip
    cad = _col(summary, "cadence_spm")
    if cad.empty or cad.notna().sum() == 0:
        return out
    dt = np.diff(summary.index.to_numpy(dtype=float), append=np.nan)
    dt = np.where(np.isfinite(dt) & (dt > 0) & (dt <= 10.0), dt, 1.0)
    walking = (cad >= 60.0).to_numpy()  # design choice: slower records are standing or shuffling
    out["walking_time_s"] = float(dt[walking].sum())
    out["brisk_minutes"] = float(dt[(cad >= BRISK_SPM).to_numpy()].sum() / 60.0)
    if walking.any():
        out["cadence_spm"] = float(cad[walking].median())
        for name, key, factor in (("speed_mps", "speed_mps", 1.0), ("step_length_m", "stride_length_m", 2.0)):
            v = _col(summary, name)
            if not v.empty and v[walking].notna().any():
                out[key] = float(v[walking].median()) * factor
        bal = _col(summary, "stance_time_balance_pct")
        if not bal.empty and bal[walking].notna().any():
            out["stance_time_asymmetry_pct"] = 4.0 * float(bal[walking].median()) - 200.0
    return out
