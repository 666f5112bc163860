"""A session's report as one self-contained HTML page: to print, or to show a physiotherapist or coach.

The same content as the dashboard's session view and the JSON report (:mod:`gaitcoach.report`) in plain words:
the files, what the analysis said of them, the walk's values, every cue with its verdict and source, and the week's
plan with its routines and safety. No script, no style sheet or font from elsewhere: the page opens offline, and
nothing leaves the user's machine.
"""

from __future__ import annotations

from html import escape

from . import __version__
from .analysis import Analysis
from .coaching import Plan, weekly_plan
from .summary_text import summary_heading, summary_rows

__all__ = ["report_html"]

_STATUS = {"good": "good", "watch": "watch", "work_on": "work on it", "cant_tell": "can't tell"}
_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
.work_on { color: #a40000; font-weight: bold; } .watch { color: #8a5a00; } .good { color: #1d6b1d; }
.cant_tell { color: #666; } .small { color: #555; font-size: 0.9em; }
"""


def _rows(cells: list[list[str]], header: list[str]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(cells_row) + "</tr>" for cells_row in cells)
    return f"<table><tr>{head}</tr>{body}</table>"


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
        f"<title>gaitcoach: {files}</title><style>{_STYLE}</style></head><body>",
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
        parts.append(_rows([[f"<td>{escape(k)}</td>", f"<td>{escape(v)}</td>"] for k, v in rows], ["measure", "value"]))
    parts.append("<h2>Your walking cues</h2>")
    cues = [
        [f"<td>{escape(f.title)}</td>", f"<td class='{f.status}'>{escape(_STATUS.get(f.status, f.status))}</td>",
         f"<td>{escape(f.message)}<div class='small'>{escape(f.source)}</div></td>"]
        for f in result.findings
    ]  # fmt: skip
    parts.append(_rows(cues, ["cue", "status", "what it means (and its source)"]))
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
