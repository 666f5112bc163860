"""Walking histories as sessions of the session store: an activity list's walks, an Apple Health export's.

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

An Apple Health export (:func:`gaitcoach.io.apple_health.read_apple_health`) gives each walking or hiking workout's
time, steps and distance, and the walking metrics the iPhone measured during it: speed, step length (a stride is
two), double support and its walking asymmetry (:class:`~gaitcoach.metrics.SessionSummary`). Its times carry their
zone.
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

__all__ = ["activity_list_sessions", "apple_health_sessions"]


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
        out.append(_session(summary, file_name, start, "garmin_connect_list",
                            f"a walk of the activity list ({row.get('title') or 'untitled'})."))  # fmt: skip
    return out


def _session(
    summary: SessionSummary, file_name: str, start: pd.Timestamp, source: str, note: str, span_s: float | None = None
) -> Analysis:
    """One walk of a history as a session (no events, no strides), named after its file and its start.

    ``span_s``: how long the walk lasted on a true clock, where its start has its zone (the store counts a walk
    that another device recorded too once); None for local times without a zone.
    """
    meta = {
        "file_name": f"{file_name} {start:%Y-%m-%d %H:%M}", "placement": "summary", "side": None,
        "started_at": start, "source_format": source, "sha256": None, "offset_s": 0.0,
    }  # fmt: skip
    if span_s is not None:
        meta["duration_s"] = span_s
    return Analysis(
        recordings=(meta,),
        events=pd.DataFrame({"time_s": [], "event": [], "side": []}),
        strides=pd.DataFrame(columns=list(STRIDE_COLUMNS)),
        summary=summary,
        findings=coach(summary, placements={"summary"}),
        notes=(f"{meta['file_name']}: {note}",),
        version=__version__,
    )


def apple_health_sessions(workouts: pd.DataFrame, file_name: str) -> list[Analysis]:
    """The walking workouts of an Apple Health export, each as a session to keep (no strides).

    Parameters
    ----------
    workouts
        The export's walks as :func:`gaitcoach.io.apple_health.read_apple_health` reads them.
    file_name
        The export's file name: each session's file is named after it and the walk's start.

    Returns
    -------
    list of Analysis
        Oldest first: one per workout with a start and a duration (walking time, steps, cadence (the steps over
        the time) and the minutes at 100 steps/min or more when that cadence is, speed (the distance over the time,
        else the iPhone's walking speed), stride length (twice the iPhone's step length, else twice the distance
        over the steps), double support and walking asymmetry as the iPhone measured them during the walk); and
        one per day of the walking metrics the iPhone measured outside the workouts (``attrs["days"]`` of the
        table), their medians, with no walking time (the weekly view follows them; its minutes and sessions count
        the walks).
    """
    out = []
    for _, row in workouts.sort_values("start", kind="stable").iterrows():  # a loop over workouts, not samples
        time_s, start = _value(row, "duration_s"), row.get("start")
        if not time_s > 0 or start is None or pd.isna(start):
            continue
        steps, distance_m = _value(row, "steps"), _value(row, "distance_m")
        cadence = 60.0 * steps / time_s if steps > 0 else math.nan
        step_m = _value(row, "step_length_m")
        if not step_m > 0 and steps > 0 and distance_m > 0:
            step_m = distance_m / steps
        summary = SessionSummary(
            walking_time_s=time_s,
            n_steps=steps,
            cadence_spm=cadence,
            brisk_minutes=time_s / 60.0 if cadence >= BRISK_SPM else 0.0 if np.isfinite(cadence) else math.nan,
            speed_mps=distance_m / time_s if distance_m > 0 else _value(row, "speed_mps"),
            stride_length_m=2.0 * step_m,
            double_support_pct=_value(row, "double_support_pct"),
            walking_asymmetry_pct=_value(row, "walking_asymmetry_pct"),
        )
        measured = np.isfinite([summary.double_support_pct, summary.walking_asymmetry_pct]).any()
        note = (
            f"a {row.get('activity') or 'walking'} workout from Apple Health ({row.get('source') or 'unknown app'})"
            + ("; with the walking metrics the iPhone measured during it." if measured else ".")
        )
        end = row.get("end")
        span = (
            (pd.Timestamp(end) - pd.Timestamp(start)).total_seconds() if end is not None and not pd.isna(end) else None
        )
        out.append(_session(summary, file_name, pd.Timestamp(start), "apple_health", note, span))
    days = workouts.attrs.get("days")
    if days is not None:
        for _, day in days.iterrows():  # a loop over days
            summary = SessionSummary(
                speed_mps=_value(day, "speed_mps"),
                stride_length_m=2.0 * _value(day, "step_length_m"),
                double_support_pct=_value(day, "double_support_pct"),
                walking_asymmetry_pct=_value(day, "walking_asymmetry_pct"),
            )
            note = (f"the walking metrics the iPhone measured on {pd.Timestamp(day['day']):%Y-%m-%d}, on its own "
                    f"({int(day['samples'])} measurements of steady walking outside a walking workout); no walking "
                    "time is counted from them.")  # fmt: skip
            out.append(_session(summary, file_name, pd.Timestamp(day["start"]), "apple_health_day", note))
    return sorted(out, key=lambda a: a.recordings[0]["started_at"])
