"""Coaching: the walking cues judged on a session's measurements, paired with the hip routines.

The cues and routines are data (``gaitcoach/data/cues.toml``, ``routines.toml``); :func:`coach` is the one pure
function that applies them. Every band names its source or says it is a design choice. A cue that rests on a
placement which cannot measure it is "can't tell", never a guess. This is a coach, not a diagnosis.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

from .metrics import SessionSummary, asymmetry_pct

__all__ = [
    "MOSTLY_NOT_LEVEL",
    "SAFETY",
    "Cue",
    "Exercise",
    "Finding",
    "Plan",
    "Routine",
    "coach",
    "cues",
    "routines",
    "weekly_plan",
    "weekly_trends",
]

#: Shown with every plan.
SAFETY = (
    "Persistent back pain: see a doctor before you start.",
    "Sudden or severe pain, numbness or weakness: stop and seek care.",
    "Knee pain or knee osteoarthritis: talk to a clinician before changing how far your toes turn out.",
    "gaitcoach is a coach, not a diagnosis.",
)
#: Weekly walking goal: +10 % a week from where you are, up to 150 min (design choice after the WalkBack
#: progression to ~130 min/week, Pocovi et al. 2024, doi:10.1016/S0140-6736(24)00755-4, and the WHO 2020
#: guideline of 150 min of moderate activity a week, Bull et al. 2020, doi:10.1136/bjsports-2020-102955).
_WALK_START_MIN, _WALK_STEP, _WALK_CAP_MIN = 60.0, 1.10, 150.0
_WHERE = {
    "foot": "a phone or sensor strapped to the shoe",
    "lumbar": "a phone clipped to the belt at the lower back",
    "pocket": "a phone in the front trouser pocket",
    "wrist": "a watch",
    "summary": "a watch's activity records",
}
#: A walk whose strides climb or descend more often than this share is not judged against the level-walking cues
#: (design choice: most of it; with fewer, the medians and cues come from its level strides).
MOSTLY_NOT_LEVEL = 0.5
_STATUS_ORDER = {"work_on": 0, "watch": 1, "good": 2, "cant_tell": 3}


@dataclass(frozen=True)
class Exercise:
    """One exercise of a routine, with its dosage."""

    name: str
    how: str
    dosage: str
    sets: int
    reps: int
    hold_s: float
    per_side: bool


@dataclass(frozen=True)
class Routine:
    """A routine from the article: why it helps, the cause it addresses, cautions and exercises."""

    id: str
    title: str
    why: str
    cause: str
    cautions: tuple[str, ...]
    exercises: tuple[Exercise, ...]


@dataclass(frozen=True)
class Cue:
    """A walking cue and how it is judged (see ``data/cues.toml``)."""

    id: str
    title: str
    plain: str
    metric: str
    unit: str
    placements: tuple[str, ...]
    good: tuple[float, float]
    watch: tuple[float, float]
    source: str
    design_choice: bool
    uncertainty: str
    routines: tuple[str, ...]
    messages: Mapping[str, str]
    needs_both_sides: bool = False
    min_strides: int = 0
    baseline_margin: float = math.nan


@dataclass(frozen=True)
class Finding:
    """One cue judged on one session.

    Attributes
    ----------
    cue_id, title
        Which cue.
    metric, value, uncertainty
        The measure, its session value and its spread over strides (NaN when unknown).
    target_low, target_high
        The good band.
    status
        ``"good"``, ``"watch"``, ``"work_on"`` or ``"cant_tell"``.
    message
        One sentence for the user.
    routine_ids
        Routines that address it.
    source
        Where the band comes from (or that it is a design choice).
    baseline_change
        Value minus the user's baseline (NaN without a baseline).
    """

    cue_id: str
    title: str
    metric: str
    value: float
    uncertainty: float
    target_low: float
    target_high: float
    status: str
    message: str
    routine_ids: tuple[str, ...]
    source: str
    baseline_change: float = math.nan


@dataclass(frozen=True)
class Plan:
    """The plan for this week: at most two cues to focus on, routines with dosage, a walking goal, safety."""

    focus: tuple[Finding, ...]
    routines: tuple[Routine, ...]
    sessions_per_week: int
    walking_goal_min: float
    safety: tuple[str, ...] = SAFETY


def _data(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("gaitcoach").joinpath("data", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def routines() -> dict[str, Routine]:
    """The routines library.

    Returns
    -------
    dict
        Routine id to :class:`Routine`.
    """
    out = {}
    for r in _data("routines.toml")["routine"]:
        ex = tuple(
            Exercise(e["name"], e["how"], e["dosage"], int(e["sets"]), int(e["reps"]), float(e["hold_s"]),
                     bool(e["per_side"]))
            for e in r["exercise"]
        )  # fmt: skip
        out[r["id"]] = Routine(r["id"], r["title"], r["why"], r["cause"], tuple(r["cautions"]), ex)
    return out


@lru_cache(maxsize=1)
def cues() -> dict[str, Cue]:
    """The cue catalogue.

    Returns
    -------
    dict
        Cue id to :class:`Cue`.
    """
    out = {}
    for c in _data("cues.toml")["cue"]:
        out[c["id"]] = Cue(
            id=c["id"], title=c["title"], plain=c["plain"], metric=c["metric"], unit=c["unit"],
            placements=tuple(c["placements"]), good=(c["good_low"], c["good_high"]),
            watch=(c["watch_low"], c["watch_high"]), source=c["source"], design_choice=c["design_choice"],
            uncertainty=c["uncertainty"], routines=tuple(c["routines"]),
            messages={k: c[k] for k in _MESSAGE_KEYS if k in c},
            needs_both_sides=c.get("needs_both_sides", False), min_strides=c.get("min_strides", 0),
            baseline_margin=c.get("baseline_margin", math.nan),
        )  # fmt: skip
    return out


#: A cue's messages: one per status, and optionally for a value below or above the band where the plain messages
#: are written for the other side (a toe-out cue's "turns out" read for a foot that points inward).
_MESSAGE_KEYS = ("good", "watch", "work_on", "watch_below", "work_on_below", "watch_above", "work_on_above")


def _measures(s: SessionSummary) -> dict[str, tuple[float, float, str]]:
    """Metric -> (value, spread, side it concerns) from a session summary."""
    fpa = {k: v for k, v in (("left", s.fpa_left_deg), ("right", s.fpa_right_deg)) if math.isfinite(v)}
    fpa_side = max(fpa, key=lambda k: fpa[k]) if fpa else ""
    push = asymmetry_pct(s.push_off_left_dps, s.push_off_right_dps)
    roll = 100.0 * s.roll_through_s / s.stride_time_s if s.stride_time_s else math.nan
    step = s.step_time_asymmetry_pct
    drop = s.pelvic_drop_left_deg - s.pelvic_drop_right_deg
    return {
        "fpa_deg": (fpa.get(fpa_side, math.nan), s.fpa_sd_deg, fpa_side),
        "strike_angle_deg": (s.strike_angle_deg, s.strike_angle_sd_deg, ""),
        "roll_through_pct": (roll, math.nan, ""),
        # the weaker side is the one with the lower push-off
        "push_off_asymmetry_pct": (abs(push) if math.isfinite(push) else math.nan, math.nan,
                                   "right" if push > 0 else "left"),
        "step_time_asymmetry_pct": (abs(step) if math.isfinite(step) else math.nan, math.nan,
                                    "left" if step > 0 else "right"),
        "cadence_spm": (s.cadence_spm, math.nan, ""),
        "hip_extension_deg": (s.hip_extension_deg, math.nan, ""),
        "pelvic_drop_asymmetry_deg": (abs(drop) if math.isfinite(drop) else math.nan, math.nan,
                                      "left" if drop > 0 else "right"),
        "pelvic_tilt_excursion_deg": (s.pelvic_tilt_excursion_deg, math.nan, ""),
    }  # fmt: skip


def _stance_balance_note(cue: Cue, summary: SessionSummary) -> str:
    """A pointer to the device's own left/right measure, for the cue it cannot judge.

    A watch with a running-dynamics pod records the balance of ground contact time, an iPhone the share of uneven
    steps (Apple Health's walking asymmetry); the summary shows them, and the left/right cue's ranges are for step
    times (its source), which such records do not hold.
    """
    if cue.metric != "step_time_asymmetry_pct":
        return ""
    bal, uneven = summary.stance_time_asymmetry_pct, summary.walking_asymmetry_pct
    if math.isfinite(uneven):  # the iPhone's own (Apple Health): a share of uneven steps, no side, no cited range
        return (
            f" Your iPhone found {uneven:.1f} % of your steps uneven between the feet (its walking asymmetry, in the "
            "table); it does not say which side, and this cue's ranges are for step times."
        )
    if not math.isfinite(bal):
        return ""
    how = "even" if round(abs(bal), 1) == 0 else f"{abs(bal):.1f} % longer on the {'left' if bal > 0 else 'right'}"
    return (
        f" Your device timed each foot on the ground: {how} (in the table); this cue's ranges are for step "
        "times, which its records do not hold."
    )


def _status(value: float, cue: Cue) -> str:
    if cue.good[0] <= value <= cue.good[1]:
        return "good"
    if cue.watch[0] <= value <= cue.watch[1]:
        return "watch"
    return "work_on"


def _finding(cue: Cue, v: tuple[float, float, float], status: str, message: str) -> Finding:
    value, spread, change = v
    return Finding(cue.id, cue.title, cue.metric, value, spread, cue.good[0], cue.good[1], status, message,
                   cue.routines, cue.source, change)  # fmt: skip


def coach(
    summary: SessionSummary,
    *,
    placements: Iterable[str],
    sides: Iterable[str] = (),
    baseline: Mapping[str, float] | None = None,
) -> tuple[Finding, ...]:
    """Judge every cue on a session.

    Parameters
    ----------
    summary
        The session summary.
    placements
        Where the session's sensors were (``"foot"``, ``"lumbar"``, ...).
    sides
        Sides measured by one-sided sensors (both are needed for left/right cues from the feet).
    baseline
        The user's own values of the same metrics (first sessions, then a rolling 4 weeks).

    Returns
    -------
    tuple of Finding
        One per cue, most urgent first.
    """
    have = set(placements)
    both = set(sides) >= {"left", "right"} or "lumbar" in have
    measures = _measures(summary)
    out = []
    stairs = math.isfinite(summary.not_level_fraction) and summary.not_level_fraction > MOSTLY_NOT_LEVEL
    for cue in cues().values():
        value, spread, side = measures.get(cue.metric, (math.nan, math.nan, ""))
        base = (baseline or {}).get(cue.metric, math.nan)
        change = value - base if math.isfinite(value) and math.isfinite(base) else math.nan

        vals = (value, spread, change)

        if not have & set(cue.placements):
            where = " or ".join(_WHERE[p] for p in cue.placements if p in _WHERE)
            text = f"Can't tell from this sensor: this needs {where}." + _stance_balance_note(cue, summary)
            out.append(_finding(cue, vals, "cant_tell", text))
            continue
        if stairs:
            why = "most of this walk climbs or descends (stairs or a steep slope); the cues judge level walking."
            out.append(_finding(cue, vals, "cant_tell", f"Can't tell: {why}"))
            continue
        if cue.needs_both_sides and not both:
            one_side = "Can't tell from one side: this needs a sensor on each shoe (or one at the lower back)."
            out.append(_finding(cue, vals, "cant_tell", one_side))
            continue
        if cue.min_strides and summary.n_strides < cue.min_strides:
            out.append(_finding(cue, vals, "cant_tell", f"Can't tell yet: {summary.n_strides} strides; at least "
                                            f"{cue.min_strides} are needed to judge {cue.plain}."))  # fmt: skip
            continue
        if not math.isfinite(value):
            what = cue.plain.split(":")[0]
            why = f"this session gives no value for {what}."
            if cue.metric == "step_time_asymmetry_pct" and "foot" in have and "lumbar" not in have:
                why = ("no step of one shoe could be timed against the other's: the two recordings need one clock "
                       "(jump once with both feet before you start walking).")  # fmt: skip
            out.append(_finding(cue, vals, "cant_tell", f"Can't tell: {why}"))
            continue
        status = _status(value, cue)
        if status == "good" and math.isfinite(change) and abs(change) > cue.baseline_margin:
            status = "watch"  # inside the normal band, but off your own baseline
        # a value below (above) the band says so where the cue is written for the other side (toe-in, say)
        beyond = "_below" if value < cue.good[0] else "_above" if value > cue.good[1] else ""
        message = cue.messages.get(status + beyond, cue.messages[status])
        text = message.format(value=f"{value:.0f}", side=side or "", low=f"{cue.good[0]:.0f}",
                              high=f"{cue.good[1]:.0f}", unit=cue.unit)  # fmt: skip
        if math.isfinite(change):
            text += f" ({change:+.0f} {cue.unit} against your baseline.)"
        out.append(_finding(cue, vals, status, text))
    return tuple(sorted(out, key=lambda f: _STATUS_ORDER[f.status]))


def weekly_plan(findings: Sequence[Finding], *, weekly_minutes: float | None = None) -> Plan:
    """The plan for this week, from a session's findings.

    Parameters
    ----------
    findings
        From :func:`coach`.
    weekly_minutes
        Minutes walked last week (None: not known yet).

    Returns
    -------
    Plan
        At most two cues to focus on (work on it first, then watch), their routines plus abdominals and the
        walking drill (everyone), three sessions this week (design choice), and a walking goal that grows
        10 % a week up to 150 min.
    """
    focus = tuple(f for f in findings if f.status in ("work_on", "watch"))[:2]
    ids: list[str] = []
    for f in focus:
        ids += [r for r in f.routine_ids if r not in ids]
    ids += [r for r in ("abdominals", "walking_drill") if r not in ids]
    lib = routines()
    if not weekly_minutes or weekly_minutes * _WALK_STEP < _WALK_START_MIN:
        goal = _WALK_START_MIN
    elif weekly_minutes >= _WALK_CAP_MIN:
        goal = weekly_minutes  # already there: keep it up
    else:
        goal = min(_WALK_CAP_MIN, weekly_minutes * _WALK_STEP)
    return Plan(
        focus=focus, routines=tuple(lib[i] for i in ids), sessions_per_week=3, walking_goal_min=float(round(goal))
    )


#: Columns of the weekly view (:meth:`gaitcoach.store.SessionStore.weekly`) judged against a cue's good band:
#: column -> (cue id, what the user calls it).
_TREND_COLUMNS = {
    "fpa_left_deg": ("toes_forward", "toe-out, left"),
    "fpa_right_deg": ("toes_forward", "toe-out, right"),
    "strike_angle_deg": ("heel_first", "heel-strike angle"),
    "step_time_asymmetry_pct": ("even_left_right", "left/right step-time difference"),
    "cadence_spm": ("brisk_walking", "cadence"),
    "pelvic_tilt_excursion_deg": ("pelvis_steady", "pelvis tilt excursion"),
    "pelvic_drop_asymmetry_deg": ("one_hip_higher", "difference in pelvic drop between the sides"),
    "hip_extension_deg": ("hamstrings", "hip extension"),
}


#: Measures followed without a cue (:data:`gaitcoach.store.TRACKED_METRICS`): label, unit, decimals.
_TRACKED_TRENDS = {
    "speed_mps": ("walking speed", "m/s", 2),
    "stride_length_m": ("stride length", "m", 2),
    "double_support_pct": ("both feet on the ground", "% of the stride", 1),
    "walking_asymmetry_pct": ("the iPhone's walking asymmetry", "% of steps uneven", 1),
}


def _weeks(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


def weekly_trends(weekly: pd.DataFrame) -> list[str]:
    """Whether walking and form improve: each measure's first week against its latest, in plain words.

    A measure moves "closer to" or "further from" its cue's good band (the same bands and sources as
    :func:`coach`) by its distance to the band; a measure kept in fewer than two weeks is left out.

    Parameters
    ----------
    weekly
        The weekly view: ``week`` (start of the week), ``walking_minutes`` and weekly medians of the measures.

    Returns
    -------
    list of str
        One sentence per measure, walking minutes first.
    """
    if weekly.empty or "week" not in weekly.columns:
        return []
    out = []
    weeks = pd.to_datetime(weekly["week"])

    def ends(column: str) -> tuple[float, float, int] | None:
        values = pd.to_numeric(weekly[column], errors="coerce")
        kept = values.notna() & (values > 0 if column == "walking_minutes" else True)
        if kept.sum() < 2:
            return None
        first, last = values[kept].iloc[0], values[kept].iloc[-1]
        span = (weeks[kept].iloc[-1] - weeks[kept].iloc[0]).days // 7
        return float(first), float(last), int(span)

    if "walking_minutes" in weekly.columns and (w := ends("walking_minutes")):
        first_min, last_min = (f"{m:.0f}" if m >= 10 else f"{m:.1f}" for m in w[:2])
        out.append(f"Walking: {first_min} min in your first week, {last_min} min in the latest ({_weeks(w[2])} on).")
    catalogue = cues()
    for column, (cue_id, label) in _TREND_COLUMNS.items():
        if column not in weekly.columns or not (e := ends(column)):
            continue
        cue = catalogue[cue_id]
        lo, hi = cue.good

        def off(v: float, lo: float = lo, hi: float = hi) -> float:
            return max(lo - v, v - hi, 0.0)

        first, last, span = e
        if off(last) == 0.0:
            verdict = "in the good range" if off(first) == 0.0 else "now in the good range"
        elif off(last) < off(first):
            verdict = "closer to the good range"
        elif off(last) > off(first):
            verdict = "further from the good range"
        else:
            verdict = "no closer to the good range"
        out.append(f"{label[0].upper()}{label[1:]}: {first:.1f} -> {last:.1f} {cue.unit} over {_weeks(span)}, "
                   f"{verdict} ({lo:g} to {hi:g} {cue.unit}).")  # fmt: skip
    for column, (label, unit, decimals) in _TRACKED_TRENDS.items():  # no cue: the change, without a verdict
        if column in weekly.columns and (e := ends(column)):
            first, last, span = e
            out.append(f"{label[0].upper()}{label[1:]}: {first:.{decimals}f} -> {last:.{decimals}f} {unit} over "
                       f"{_weeks(span)}.")  # fmt: skip
    return out
