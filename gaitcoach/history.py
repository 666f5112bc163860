"""A Garmin Connect activity list's walks as sessions of the session store: the walking history it holds.

Garmin Connect's "Export CSV" (:func:`gaitcoach.io.read_activity_list`) lists every activity with its totals. Its
walks (walking, hiking and the like, in the export's language: ``is_walking``) become sessions with what the list
says of them, so that the weekly view shows the walking minutes of the months before gaitcoach:

* walking time: the moving time, else the activity's time;
* steps as the watch counted them; cadence: the steps over the walking time, else the list's average cadence,
  and the minutes at 100 steps/min or more when that cadence is (the list holds one figure per activity). The
  list's own average runs over the whole activity, stops included: the corpus' Swedish list has rounds of golf
  labelled walks at 23-42 steps/min whose steps over their moving time are 107-125;
* speed: the distance over the walking time (none for an indoor walk, whose distance the list gives as 0);
* stride length: twice the distance over the steps, else twice Garmin's "stride length", which is one step
  (Garmin's running-dynamics glossary, the import's ``avg_step_length_m``; on those rounds of golf 1.0-1.2 m, where
  the distance over the steps is 0.7-0.8);
* stance-time asymmetry from the ground-contact balance where a pod or strap measured it (the symmetry index of
  :mod:`gaitcoach.gait.records`).

No form measures: the list holds one summary per activity. Its start times are local without a zone; they are
kept as UTC (a walk near midnight may fall in the next day's week).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import __version__
from .analysis import Analysis
from .coaching import coach
from .gait.foot import STRIDE_COLUMNS
from .gait.records import BRISK_SPM
from .metrics import SessionSummary

__all__ = ["activity_list_sessions"]


def _value(row: pd.Series, column: str) -> float:
    v = pd.to_numeric(row.get(column, math.nan), errors="coerce")
    return float(v) if np.isfinite(v) else math.nan


def activity_list_sessions(activities: pd.DataFrame, file_name: str) -> list[Analysis]:
    """The walks of an activity list, each as a session to keep (no form measures).

    Parameters
    ----------
    activities
        The list as :func:`gaitcoach.io.read_activity_list` reads it.
    file_name
        The list's file name: each session's file is named after it and the walk's start.

    Returns
    -------
    list of Analysis
        One per walking activity with a start and a time, oldest first.
    """
    walks = activities[activities["is_walking"].astype(bool)] if "is_walking" in activities else activities.iloc[:0]
    walks = walks[walks["start_local"].notna()].sort_values("start_local", kind="stable")
    out = []
    for _, row in walks.iterrows():  # a loop over activities (a few a day), not samples
        moving, total = _value(row, "moving_time_s"), _value(row, "duration_s")
        time_s = moving if moving > 0 else total
        if not time_s > 0:
            continue
        steps, distance_m = _value(row, "steps"), _value(row, "distance_m")
        counted = steps > 0
        cadence = 60.0 * steps / time_s if counted else _value(row, "avg_cadence_spm")
        step_m = distance_m / steps if counted and distance_m > 0 else _value(row, "avg_step_length_m")
        balance = _value(row, "gct_balance_left_pct")
        summary = SessionSummary(
            walking_time_s=time_s,
            n_steps=steps,
            cadence_spm=cadence,
            brisk_minutes=time_s / 60.0 if cadence >= BRISK_SPM else 0.0 if np.isfinite(cadence) else math.nan,
            speed_mps=distance_m / time_s if distance_m > 0 else math.nan,  # (an indoor walk lists 0)
            stride_length_m=2.0 * step_m,
            stance_time_asymmetry_pct=4.0 * balance - 200.0,
        )
        start = pd.Timestamp(row["start_local"]).tz_localize("UTC")
        meta = {
            "file_name": f"{file_name} {start:%Y-%m-%d %H:%M}", "placement": "summary", "side": None,
            "started_at": start, "source_format": "garmin_connect_list", "sha256": None, "offset_s": 0.0,
        }  # fmt: skip
        out.append(
            Analysis(
                recordings=(meta,),
                events=pd.DataFrame({"time_s": [], "event": [], "side": []}),
                strides=pd.DataFrame(columns=list(STRIDE_COLUMNS)),
                summary=summary,
                findings=coach(summary, placements={"summary"}),
                notes=(f"{meta['file_name']}: a walk of the activity list ({row.get('title') or 'untitled'}).",),
                version=__version__,
            )
        )
    return out
