"""The weeks as one self-contained HTML page: to print, or to show a physiotherapist or coach how walking changes.

The same content as the dashboard's "Week by week" and ``gaitcoach weeks``: each measure's first week against its
latest in plain words (:func:`gaitcoach.coaching.weekly_trends`), the walking minutes per week (an inline SVG) and
the table of the weeks. No script, no style sheet or font from elsewhere: the page opens offline, and nothing
leaves the user's machine.
"""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from . import __version__
from .coaching import weekly_trends
from .report_html import PAGE_STYLE, html_table
from .summary_text import format_value

__all__ = ["weeks_html"]

#: The weekly table's measures besides the week, the sessions and the minutes, with short headers (the weekly view's
#: measures; the full words are the session summary's, :data:`gaitcoach.summary_text.LABELS`).
_MEASURES = {
    "cadence_spm": "cadence", "speed_mps": "speed", "stride_length_m": "stride length",
    "double_support_pct": "both feet down", "walking_asymmetry_pct": "uneven steps (iPhone)",
    "step_time_asymmetry_pct": "left/right step time", "pelvic_drop_asymmetry_deg": "hip drop difference",
    "pelvic_tilt_excursion_deg": "pelvis tilt", "hip_extension_deg": "hip extension", "fpa_left_deg": "toe-out left",
    "fpa_right_deg": "toe-out right", "strike_angle_deg": "heel-strike angle",
}  # fmt: skip


def _minutes_svg(weekly: pd.DataFrame, width: int = 640, height: int = 170) -> str:
    """The walking minutes of each week as bars (an inline SVG, no script)."""
    left, bottom, top = 40, 24, 8
    minutes = pd.to_numeric(weekly["walking_minutes"], errors="coerce").fillna(0.0).to_numpy(float)
    y_max = max(60.0, float(minutes.max()) if len(minutes) else 0.0)
    slot = (width - left - 8) / max(len(minutes), 1)

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1.0 - v / y_max)

    grid = "".join(
        f"<line x1='{left}' x2='{width - 8}' y1='{y(v):.1f}' y2='{y(v):.1f}' stroke='#ddd'/>"
        f"<text x='{left - 4}' y='{y(v) + 4:.1f}' font-size='11' text-anchor='end'>{v:.0f}</text>"
        for v in np.linspace(0.0, y_max, 4)
    )  # fmt: skip
    bars = "".join(
        f"<rect x='{left + i * slot + 0.15 * slot:.1f}' y='{y(m):.1f}' width='{0.7 * slot:.1f}' "
        f"height='{y(0.0) - y(m):.1f}' fill='#1f5fa8'/>"
        for i, m in enumerate(minutes)
    )
    weeks = pd.to_datetime(weekly["week"])
    shown: list[int] = (
        [int(i) for i in np.unique(np.linspace(0, len(weeks) - 1, min(len(weeks), 6)).round())] if len(weeks) else []
    )
    ticks = "".join(
        f"<text x='{left + (i + 0.5) * slot:.1f}' y='{height - 6}' font-size='11' text-anchor='middle'>"
        f"{weeks.iloc[i]:%Y-%m-%d}</text>"
        for i in shown
    )
    label = "aria-label='minutes walked per week'"
    return f"<svg width='{width}' height='{height}' role='img' {label}>{grid}{bars}{ticks}</svg>"


def weeks_html(weekly: pd.DataFrame) -> str:
    """The weeks as an HTML page.

    Parameters
    ----------
    weekly
        The weekly view (:meth:`gaitcoach.store.SessionStore.weekly`): ``week``, ``sessions``, ``walking_minutes``
        and the weekly medians of the measures.

    Returns
    -------
    str
        A complete HTML document: the trends, the minutes per week, the table of the weeks (the measures some week
        holds), and what the page is and is not.
    """
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>gaitcoach: your weeks</title><style>{PAGE_STYLE}</style></head><body>",
        "<h1>Walking, week by week</h1>",
    ]
    if weekly.empty:
        parts.append("<p>No sessions yet.</p>")
    else:
        first, last = pd.to_datetime(weekly["week"]).iloc[[0, -1]]
        parts.append(f"<p>Weeks of {first:%Y-%m-%d} to {last:%Y-%m-%d} (Monday to Sunday, UTC).</p>")
        trends = weekly_trends(weekly)
        if trends:
            parts.append("<h2>First week against the latest</h2><ul>")
            parts += [f"<li>{escape(line)}</li>" for line in trends]
            parts.append("</ul>")
        parts.append("<h2>Minutes walked</h2>" + _minutes_svg(weekly))
        measures = [c for c in _MEASURES if c in weekly.columns and weekly[c].notna().any()]
        header = ["week", "sessions", "minutes walked"] + [_MEASURES[c] for c in measures]
        cells = []
        for _, row in weekly.iterrows():  # a loop over weeks
            minutes = float(row["walking_minutes"]) if pd.notna(row["walking_minutes"]) else float("nan")
            cell = [f"<td>{pd.Timestamp(row['week']):%Y-%m-%d}</td>", f"<td>{int(row['sessions'])}</td>",
                    f"<td>{minutes:.0f}</td>" if minutes == minutes else "<td>-</td>"]  # fmt: skip
            cell += [
                f"<td>{escape(format_value(c, float(row[c])) if pd.notna(row[c]) else '-')}</td>" for c in measures
            ]
            cells.append(cell)
        parts.append("<h2>The weeks</h2>" + html_table(cells, header))
        parts.append(
            "<p class='small'>Each measure is the week's median over its sessions; the left/right, pelvis and foot "
            "measures come from the sessions whose sensor could measure them, the iPhone's walking asymmetry from "
            "an Apple Health export.</p>"
        )
    parts.append(
        f"<p class='small'>gaitcoach {escape(__version__)}: a coach, not a diagnosis; with persistent back pain, see "
        "a doctor first. Made on this computer; nothing was sent anywhere.</p></body></html>"
    )
    return "\n".join(parts)
