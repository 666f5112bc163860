"""A session's results as standard JSON: what the CLI prints and the dashboard offers for download."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import numpy as np

from .analysis import Analysis
from .coaching import Plan

__all__ = ["report", "report_json", "strict"]


def strict(obj: Any) -> Any:
    """``obj`` with NaN and infinities as None and numpy scalars as Python ones (standard, RFC 8259 JSON).

    Parameters
    ----------
    obj
        Nested dicts, lists, tuples and scalars.

    Returns
    -------
    Any
        The same structure, JSON-safe.
    """
    if isinstance(obj, dict):
        return {k: strict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [strict(v) for v in obj]
    if isinstance(obj, (float, np.floating)):
        return float(obj) if np.isfinite(obj) else None
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    return obj


def report(result: Analysis, plan: Plan | None = None) -> dict[str, Any]:
    """The session as a plain dict: summary, notes, findings, the week's plan, strides, events, version.

    Parameters
    ----------
    result
        The analysis.
    plan
        The week's plan (:func:`gaitcoach.coaching.weekly_plan`), if made.

    Returns
    -------
    dict
        JSON-safe (NaN as None): a value that cannot be measured from this placement is None.
    """
    return strict(
        {
            "summary": result.summary.as_dict(),
            "notes": list(result.notes),
            "findings": [dataclasses.asdict(f) for f in result.findings],
            "plan": dataclasses.asdict(plan) if plan is not None else None,
            "recordings": [{k: str(v) if v is not None else None for k, v in r.items()} for r in result.recordings],
            "strides": result.strides.to_dict(orient="records"),
            "events": result.events.to_dict(orient="records"),
            "version": result.version,
        }
    )


def report_json(result: Analysis, plan: Plan | None = None) -> str:
    """:func:`report` as indented standard JSON text."""
    return json.dumps(report(result, plan), indent=2, default=str, allow_nan=False)
