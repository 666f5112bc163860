"""A session's report as one self-contained HTML page: to print, or to show a physiotherapist or coach.

The same content as the dashboard's session view and the JSON report (:mod:`gaitcoach.report`) in plain words:
the files, what the analysis said of them, the walk's values and its cadence over the session's time (an inline
SVG), every cue with its verdict and source, and the week's plan with its routines and safety. No script, no style
sheet or font from elsewhere: the page opens offline, and nothing leaves the user's machine.
"""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from . import __version__
from .analysis import Analysis
from .coaching import Plan, weekly_plan
from .summary_text import summary_heading, summary_rows
from .walk_timeline import cadence_over_time

__all__ = ["PAGE_STYLE", "html_table", "report_html"]

_STATUS = {"good": "good", "watch": "watch", "work_on": "work on it", "cant_tell": "can't tell"}
#: The style of gaitcoach's web pages (inline: nothing fetched from elsewhere).
PAGE_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
.work_on { color: #a40000; font-weight: bold; } .watch { color: #8a5a00; } .good { color: #1d6b1d; }
.cant_tell { color: #666; } .small { color: #555; font-size: 0.9em; }
"""


def html_table(cells: list[list[str]], header: list[str]) -> str:
    """An HTML table of already escaped cells (``<td>`` elements) under an escaped header.

    Parameters
    ----------
    cells
        Rows of ``<td>...</td>`` strings.
    header
        Column titles (plain text).

    Returns
    -------
    str
        The table.
    """
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(cells_row) + "</tr>" for cells_row in cells)
    return f"<table><tr>{head}</tr>{body}</table>"


def _timeline_svg(timeline: pd.DataFrame, width: int = 640, height: int = 170) -> str:
    """The cadence over the session's time as an inline SVG line, broken where no stride started.

    ``timeline``: :func:`~gaitcoach.walk_timeline.cadence_over_time`. No script: the page stays self-contained.
    """
    left, bottom, top = 40, 24, 8
    x_max = max(float(timeline.index.max()), 1e-9)
    y_max = max(140.0, float(np.nanmax(timeline["cadence_spm"])))

    def x(m: float) -> float:
        return left + (width - left - 8) * m / x_max

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1.0 - v / y_max)

    values = timeline["cadence_spm"].to_numpy(float)
    minutes = timeline.index.to_numpy(float)
    runs = np.split(np.arange(len(values)), np.flatnonzero(np.diff(np.isfinite(values).astype(int))) + 1)
    lines = []
    for run in runs:  # a loop over stretches of walking, to be drawn apart
        if len(run) and np.isfinite(values[run[0]]):
            points = " ".join(f"{x(minutes[i]):.1f},{y(values[i]):.1f}" for i in run)
            if len(run) == 1:
                points += f" {x(minutes[run[0]]) + 2:.1f},{y(values[run[0]]):.1f}"
            lines.append(f"<polyline points='{points}' fill='none' stroke='#1f5fa8' stroke-width='2'/>")
    grid = "".join(
        f"<line x1='{left}' x2='{width - 8}' y1='{y(v):.1f}' y2='{y(v):.1f}' stroke='#ddd'/>"
        f"<text x='{left - 4}' y='{y(v) + 4:.1f}' font-size='11' text-anchor='end'>{v:.0f}</text>"
        for v in (0, 50, 100, 150) if v <= y_max
    )  # fmt: skip
    ticks = "".join(
        f"<text x='{x(m):.1f}' y='{height - 6}' font-size='11' text-anchor='middle'>{m:.0f} min</text>"
        for m in np.unique(np.round(np.linspace(0.0, x_max, 5)))
    )
    return (
        f"<svg width='{width}' height='{height}' role='img' "
        f"aria-label='cadence over the session'>{grid}{''.join(lines)}{ticks}</svg>"
    )


def report_html(result: Analysis, plan: Plan | None = None) -> str:
    """The session as an HTML page.

    Parameters
    ----------
    result
        The analysis.
    plan
        The week's plan (default: :func:`gaitcoach.coaching.weekly_plan` of the findings, without last week's
        minutes).

    Returns
    -------
    str
        A complete HTML document, every text from the files and the analysis escaped.
    """
    plan = plan or weekly_plan(result.findings)
    starts = [r["started_at"] for r in result.recordings if r.get("started_at") is not None]
    when = f"{min(starts):%Y-%m-%d %H:%M} UTC" if starts else "time not recorded"
    files = ", ".join(escape(str(r.get("file_name") or "recording")) for r in result.recordings)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>gaitcoach: {files}</title><style>{PAGE_STYLE}</style></head><body>",
        "<h1>Walking-form report</h1>",
        f"<p>{escape(when)} &middot; {files}</p>",
    ]
    if result.notes:
        parts.append("<h2>What the analysis found in the files</h2><ul>")
        parts += [f"<li class='small'>{escape(n)}</li>" for n in result.notes]
        parts.append("</ul>")
    rows = summary_rows(result.summary)
    if rows:
        parts.append(f"<h2>{escape(summary_heading(result.summary))}</h2>")
        parts.append(
            html_table([[f"<td>{escape(k)}</td>", f"<td>{escape(v)}</td>"] for k, v in rows], ["measure", "value"])
        )
    timeline = cadence_over_time(result.strides)
    if timeline["cadence_spm"].notna().sum() >= 6:  # a minute's walking or more: when it walked, how briskly
        parts.append("<h2>Cadence over the session</h2><p class='small'>Steps per minute, by minutes from the start; "
                     "gaps: no walking.</p>" + _timeline_svg(timeline))  # fmt: skip
    parts.append("<h2>Your walking cues</h2>")
    cues = [
        [f"<td>{escape(f.title)}</td>", f"<td class='{f.status}'>{escape(_STATUS.get(f.status, f.status))}</td>",
         f"<td>{escape(f.message)}<div class='small'>{escape(f.source)}</div></td>"]
        for f in result.findings
    ]  # fmt: skip
    parts.append(html_table(cues, ["cue", "status", "what it means (and its source)"]))
    parts.append(
        f"<h2>This week</h2><p>{plan.sessions_per_week} routine sessions; walk {plan.walking_goal_min:.0f} "
        "minutes.</p><ul>"
    )
    for routine in plan.routines:
        steps = "".join(
            f"<li><i>{escape(e.name)}</i> ({escape(e.dosage)}): {escape(e.how)}</li>" for e in routine.exercises
        )
        cautions = "".join(f"<li class='small'>{escape(c)}</li>" for c in routine.cautions)
        parts.append(f"<li><b>{escape(routine.title)}</b>: {escape(routine.why)}<ul>{steps}{cautions}</ul></li>")
    parts.append("</ul><h2>Safety</h2><ul>")
    parts += [f"<li>{escape(line)}</li>" for line in plan.safety]
    parts.append(
        f"</ul><p class='small'>gaitcoach {escape(result.version or __version__)}: a coach, not a diagnosis. "
        "Made on this computer; nothing was sent anywhere.</p></body></html>"
    )
    return "\n".join(parts)
