"""The Streamlit dashboard (the only module that imports streamlit). Run with ``streamlit run app.py``.

Each file's facts and signals; the files uploaded together analysed as one session (both shoes give left/right
asymmetry), its cues and this week's plan; saving sessions to a local database, which gives the baseline and the
weekly view. Before anything is uploaded, the sample files. Everything stays on this machine.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from . import __version__
from .analysis import Analysis, analyze
from .coaching import Routine, routines, weekly_plan, weekly_trends
from .describe import describe
from .errors import GaitcoachError
from .gait.foot import FootConfig
from .gait.foot_calibration import toe_out_offset
from .history import activity_list_sessions, apple_health_sessions
from .io import load, load_all, read_activity_list, recording_days, side_from_name
from .io.activity_list import holds_activity_list
from .io.apple_health import holds_apple_health, read_apple_health
from .model import ACC_COLUMNS, PLACEMENTS, SIDES, Recording
from .recording_guide import GUIDE
from .report import report_json
from .report_html import report_html
from .report_weeks import weeks_html
from .store import SessionStore, default_db_path
from .summary_text import LABELS, summary_heading, summary_rows
from .walk_timeline import cadence_over_time

__all__ = ["main", "sample_dir"]

_MAX_POINTS = 4000


def sample_dir(default: Path | None = None) -> Path:
    """Folder of sample files shown before the user uploads anything.

    Parameters
    ----------
    default
        The folder ``app.py`` passes (its own ``sample_data``); the environment variable
        ``GAITCOACH_SAMPLE_DIR`` overrides it.

    Returns
    -------
    pathlib.Path
        The folder.
    """
    fallback = default or Path(__file__).resolve().parents[1] / "sample_data"
    return Path(os.environ.get("GAITCOACH_SAMPLE_DIR", fallback))


@st.cache_data(show_spinner=False, max_entries=32)
def _load_cached(
    data: bytes, name: str, placement: str | None, side: str | None, units: tuple[tuple[str, str], ...] = (),
    day: str | None = None,
) -> list[Recording]:  # fmt: skip
    return load_all(data, name=name, placement=placement, side=side, units=dict(units) or None, day=day)


@st.cache_data(show_spinner=False, max_entries=8)
def _days_cached(data: bytes, name: str) -> tuple[str, ...]:
    """The days of a research sensor's own file (its device's clock); none for other files."""
    try:
        return tuple(recording_days(data, name=name))
    except GaitcoachError:
        return ()


def _file_units() -> tuple[tuple[str, str], ...]:
    """The sidebar's units for a CSV whose header and values do not tell them.

    As the command line's ``--acc-unit`` and the like: pairs for :func:`gaitcoach.load`'s ``units``, none where
    they are left to the file.
    """
    with st.expander("File units (only if a CSV is read wrongly)"):
        time = st.selectbox("Time column", ["from the file", "s", "ms", "us", "ns", "datetime"])
        acc = st.selectbox("Accelerometer", ["from the file", "m/s^2", "g", "mg"])
        gyr = st.selectbox("Gyroscope", ["from the file", "deg/s", "rad/s"])
        rate = st.number_input("Sampling rate in Hz, for a file without a time column (0: none)", 0.0, 10000.0, 0.0)
    given = (("time", time), ("acc", acc), ("gyr", gyr), ("rate_hz", f"{rate:g}" if rate > 0 else "from the file"))
    return tuple((k, v) for k, v in given if v != "from the file")


def _with_name_side(recs: list[Recording], side: str | None) -> list[Recording]:
    """A one-sensor file without a side takes the side its file name gives; a two-sensor file names its own."""
    if len(recs) == 1 and recs[0].side is None and side:
        return [recs[0].replace(side=side)]
    return recs


def _existing(db: str) -> str:
    """The session database's path where the file exists, else "": reading never makes it, the first save does."""
    return db if db and Path(db).is_file() else ""


def _remembered_height_cm(db: str) -> int:
    """The height the user's database remembers (the latest session saved with one), in cm; 0 without one."""
    if not _existing(db):
        return 0
    try:
        with SessionStore(db) as store:
            height_m = store.profile().get("height_m")
    except GaitcoachError:  # (not a session database: said where it is used)
        return 0
    return int(round(100 * height_m)) if height_m else 0


def _sample_files(default: Path | None) -> list[Path]:
    folder = sample_dir(default)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".fit", ".csv", ".zip"))


#: A file's own placement and side selectors start at the sidebar's choice (and the file name's side).
_AS_SIDEBAR = "as in the sidebar"

#: How toe-out is measured (the foot analysis' ``long_axis``): the sentence the user reads -> the setting.
_TOE_OUT_REFERENCES = {
    "the foot's own turning axis (any strapping; watch how it changes)": None,
    "the phone's long edge, laid along the middle of the shoe": "y",
}
_SAMPLE_PLACEMENT = {"shoe_": "foot", "belt_": "lumbar", "pocket_": "pocket", "watch_": "wrist"}


def _sample_guess(name: str) -> tuple[str | None, str | None]:
    """Placement and side of a bundled sample file, from its name (sample files only)."""
    placement = next((p for prefix, p in _SAMPLE_PLACEMENT.items() if name.startswith(prefix)), None)
    return placement, side_from_name(name)


@st.cache_data(show_spinner=False, max_entries=4)
def _weekly(files: tuple[str, ...], db: str) -> pd.DataFrame:
    """Weekly trends from a session database, or from a folder of session files analysed in memory."""
    store = SessionStore(db or ":memory:")
    if not db:
        for path in files:
            store.save(analyze(load(path, placement="foot", side=side_from_name(Path(path).name))))
    weekly = store.weekly()
    store.close()
    return weekly


#: The weekly view's charts of form, each where some week holds it (a shoe's, a belt's, a pocket's measures).
_WEEKLY_CHARTS = (
    "fpa_left_deg",
    "fpa_right_deg",
    "strike_angle_deg",
    "step_time_asymmetry_pct",
    "pelvic_drop_asymmetry_deg",
    "pelvic_tilt_excursion_deg",
    "hip_extension_deg",
    "cadence_spm",
    "speed_mps",
    "stride_length_m",
    "double_support_pct",
    "walking_asymmetry_pct",
)


def _show_weekly(files: tuple[str, ...], db: str) -> None:
    weekly = _weekly(files, db)
    if weekly.empty:
        return
    st.subheader("Week by week")
    st.caption(
        "Walking minutes per week (the headline: walking is the best-supported help for back pain), "
        "and how your form changes." + ("" if db else " Shown here: the simulated sample weeks.")
    )
    for line in weekly_trends(weekly):
        st.markdown(f"- {line}")
    chart = weekly.assign(week=weekly["week"].dt.strftime("week of %Y-%m-%d")).set_index("week")
    st.bar_chart(chart[["walking_minutes"]].rename(columns={"walking_minutes": "minutes walked"}))
    for column in _WEEKLY_CHARTS:
        if column in chart.columns and chart[column].notna().any():
            st.caption(LABELS.get(column, column))
            st.line_chart(chart[[column]].rename(columns={column: LABELS.get(column, column)}))
    table = weekly.assign(week=weekly["week"].dt.strftime("%Y-%m-%d"))
    st.download_button(
        "Download the weeks (CSV)", table.to_csv(index=False, float_format="%.4g"), file_name="gaitcoach_weeks.csv",
        mime="text/csv", key="weeks_csv",
    )  # fmt: skip
    st.download_button(
        "Download the weeks as a web page (to print or show your physiotherapist)", weeks_html(weekly),
        file_name="gaitcoach_weeks.html", mime="text/html", key="weeks_html",
    )  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=2)
def _apple_health(name: str, data: bytes) -> tuple[list[Analysis], list[str]]:
    """An Apple Health export's sessions and warnings, read once (the page reruns on every click)."""
    walks = read_apple_health(data, name=name)
    return apple_health_sessions(walks, name), list(walks.attrs.get("warnings", []))


def _show_history(name: str, data: bytes, db: str) -> None:
    """A walking history (an activity list, an Apple Health export): what it holds; keeping its walks."""
    try:
        if holds_apple_health(data[:4096]):
            with st.spinner(f"Reading {name}: an export of years takes a minute or so..."):
                walks, warnings = _apple_health(name, data)
            n_days = sum(math.isnan(w.summary.walking_time_s) for w in walks)
            what = f"an Apple Health export with {len(walks) - n_days} walking workouts" + (
                f" and {n_days} day{'s' if n_days != 1 else ''} of the walking metrics the iPhone measured on its own"
                if n_days
                else ""
            )
            for warning in warnings:
                st.warning(f"{name}: {warning}")
        else:
            activities = read_activity_list(data, name=name)
            walks = activity_list_sessions(activities, name)
            what = f"a Garmin Connect activity list of {len(activities)} activities, {len(walks)} of them walks"
    except GaitcoachError as exc:
        st.error(str(exc))
        return
    minutes = float(np.nansum([w.summary.walking_time_s for w in walks])) / 60.0
    st.info(
        f"{name}: {what} ({minutes:.0f} min). It holds summaries of walks, not a recording of one: its walks add "
        "your walking history (minutes, steps, cadence, and what the devices measured of them) to the weekly view."
    )
    if not walks:
        return
    if not db:
        st.caption("Give a session database in the sidebar to keep its walks.")
    elif st.button(f"Keep its {len(walks)} sessions in my database", key=f"keep:{name}"):
        with SessionStore(db) as store:
            new = [w for w in walks if not store.holds(w)]
            for walk in new:  # (a loop over the history's walks)
                store.save(walk)
        _weekly.clear()
        st.success(f"{len(new)} sessions added to {db} ({len(walks) - len(new)} were there already).")


def _manage_sessions(db: str) -> None:
    """The sessions kept in the user's database, and forgetting the ones they choose (their data, theirs to take)."""
    with SessionStore(db) as store:
        kept = store.sessions()
    done = st.session_state.pop("forgot", None)
    if done:
        st.success(done)
    if kept.empty:
        return
    with st.expander(f"Your saved sessions ({len(kept)})"):
        minutes = pd.to_numeric(kept.get("walking_time_s", pd.Series(np.nan, index=kept.index)), errors="coerce")
        files = kept["files"].map(lambda names: ", ".join(n or "-" for n in names))
        table = pd.DataFrame({
            "session": kept["id"].astype(int), "started (UTC)": kept["started_at"].dt.strftime("%Y-%m-%d %H:%M"),
            "minutes walked": (minutes / 60.0).round(1), "files": files,
        })  # fmt: skip
        st.dataframe(table.set_index("session"), width="stretch")
        chosen = st.multiselect("Sessions to forget", list(table["session"]), key="forget_ids")
        if chosen and st.button(f"Forget {len(chosen)} session{'s' if len(chosen) > 1 else ''}", key="forget"):
            with SessionStore(db) as store:
                removed = store.forget(chosen)
            _weekly.clear()
            st.session_state.pop("forget_ids", None)  # (those ids are gone from the choices)
            st.session_state["forgot"] = f"Removed {removed} session{'s' if removed != 1 else ''} from {db}."
            st.rerun()


@dataclass(frozen=True)
class _Settings:
    """What the sidebar sets for the analysis (hashable: part of the cache key)."""

    height_m: float | None = None
    long_axis: str | None = None
    fpa_offsets_deg: tuple[tuple[str, float], ...] = ()


@st.cache_data(show_spinner=False, max_entries=32)
def _analyze_cached(
    _recs: tuple[Recording, ...],
    key: tuple[object, ...],
    settings: _Settings,
    baseline: tuple[tuple[str, float], ...],
) -> Analysis:
    """The analysis of one session's recordings, computed once per files, placements, sides, settings, baseline."""
    return analyze(
        list(_recs),
        height_m=settings.height_m,
        foot_config=FootConfig(long_axis=settings.long_axis),
        fpa_offsets_deg=dict(settings.fpa_offsets_deg) or None,
        baseline=dict(baseline) or None,
    )


def _session_analysis(recs: list[Recording], settings: _Settings, db: str) -> Analysis:
    key = tuple((r.sha256, r.placement, r.side) for r in recs)
    baseline: dict[str, float] = {}
    if _existing(db):
        starts = [r.started_at for r in recs if r.started_at is not None]
        with SessionStore(db) as store:
            baseline = store.baseline(before=min(starts) if starts else pd.Timestamp.now(tz="UTC"))
    return _analyze_cached(tuple(recs), key, settings, tuple(sorted(baseline.items())))


@st.cache_data(show_spinner=False, max_entries=8)
def _calibration_cached(data: bytes, name: str, side: str | None, long_axis: str | None) -> dict[str, float]:
    recs = _with_name_side(load_all(data, name=name, placement="foot"), side)
    config = FootConfig(long_axis=long_axis)
    return {r.side or "unknown": toe_out_offset(r, side=r.side, config=config) for r in recs}


def _calibrations(files: list[tuple[str, bytes]], chosen_side: str | None, long_axis: str | None) -> dict[str, float]:
    """Toe-out offsets per side from the calibration walks (side from the sidebar or the file name)."""
    out: dict[str, float] = {}
    for name, data in files:
        side = chosen_side or side_from_name(name)
        try:
            out.update(_calibration_cached(data, name, side, long_axis))
        except GaitcoachError as exc:
            st.error(f"Toe-out calibration: {exc}")
        except Exception as exc:  # never a traceback on the page
            st.error(f"Toe-out calibration: {name} could not be used ({type(exc).__name__}).")
    return out


#: Per-stride measures worth seeing stride by stride, where the placement measures them: label -> column(s). One
#: column is drawn per side; two columns (the pelvis' drop on each side) are drawn as they are.
_STRIDE_CHARTS = {
    "toe-out [deg]": ("fpa_deg",),
    "foot strike angle [deg]": ("strike_angle_deg",),
    "stride length [m]": ("stride_length_m",),
    "hip extension [deg]": ("hip_extension_deg",),
    "pelvis drop [deg]": ("drop_left_deg", "drop_right_deg"),
    "pelvis rise, a hitched hip [deg]": ("rise_left_deg", "rise_right_deg"),
}


def _stride_charts(strides: pd.DataFrame) -> None:
    """Stride-by-stride lines of the measures the session has (straight, level strides 1, 2, ... of each side)."""
    if strides.empty:
        return
    # straight, level walking only, as in the summary: a turn's toe-out says nothing about the walking cue
    strides = strides[strides["straight"].astype(bool) & strides["level"].astype(bool)]
    for label, columns in _STRIDE_CHARTS.items():
        if not all(c in strides for c in columns):
            continue
        values = [pd.to_numeric(strides[c], errors="coerce") for c in columns]
        if any(v.notna().sum() < 3 for v in values):
            continue
        if pd.concat(values).nunique() == 1:  # flat (no stride hitched its hip): the table says so; a line adds nothing
            continue
        ordered = strides.sort_values("ic_s")
        if len(columns) == 1:  # each side's strides numbered 1, 2, ... so that its line is unbroken
            ordered = ordered.assign(stride=ordered.groupby("side").cumcount() + 1)
            table = ordered.pivot_table(index="stride", columns="side", values=columns[0], aggfunc="first")
            table.columns = [f"{side} {label}" for side in table.columns]
        else:
            table = ordered[list(columns)].astype(float).set_axis(np.arange(1, len(ordered) + 1), axis=0)
            table.columns = [c.replace("_deg", "").replace("_", " ") for c in columns]
        table.index.name = "stride"
        st.caption(f"{label}, stride by stride")
        st.line_chart(table)


def _render(result: Analysis) -> None:
    """Notes, the walk summary, the cues and this week's plan of one analysis."""
    for note in result.notes:
        st.info(note)
    rows = summary_rows(result.summary)
    if rows:
        st.caption(summary_heading(result.summary))
        st.table(pd.DataFrame(rows, columns=["measure", "value"]).set_index("measure"))
    timeline = cadence_over_time(result.strides)
    if timeline["cadence_spm"].notna().sum() >= 6:  # when a session of a minute or more walked, and how briskly
        st.caption("Cadence over the session [steps/min] by minute from its start; gaps: no walking")
        st.line_chart(timeline[["cadence_spm"]].rename(columns={"cadence_spm": "steps/min"}))
    _stride_charts(result.strides)
    labels = {"good": "good", "watch": "watch", "work_on": "work on it", "cant_tell": "can't tell"}
    st.caption("Your walking cues")
    st.table(
        pd.DataFrame(
            [(f.title, labels[f.status], f.message) for f in result.findings],
            columns=["cue", "status", "what it means"],
        ).set_index("cue")
    )
    plan = weekly_plan(result.findings)
    st.caption(f"This week: {plan.sessions_per_week} routine sessions, walk {plan.walking_goal_min:.0f} minutes")
    for r in plan.routines:
        st.markdown(_routine_markdown(r))
    for line in plan.safety:
        st.warning(line)


def _routine_markdown(routine: Routine) -> str:
    """A routine in plain words: why, each exercise with its dosage and how to do it, the cautions."""
    lines = [f"**{routine.title}** — {routine.why}"]
    lines += [f"- *{e.name}* ({e.dosage}): {e.how}" for e in routine.exercises]
    lines += [f"- ⚠ {c}" for c in routine.cautions]
    return "\n".join(lines)


def _show_session(recs: list[Recording], settings: _Settings, db: str, *, title: str, can_save: bool) -> None:
    """One session's analysis (all its files together), and saving it to the session database."""
    st.subheader(title)
    try:
        result = _session_analysis(recs, settings, db)
    except GaitcoachError as exc:
        st.error(str(exc))
        return
    except Exception as exc:  # never a traceback on the page
        st.error(f"The session analysis failed ({type(exc).__name__}). Please report it.")
        return
    _render(result)
    # for the user's own records or their physio: the same report as `gaitcoach analyze --json`, and the tables
    cols = st.columns(4)
    cols[0].download_button(
        "Download the report (JSON)", report_json(result, weekly_plan(result.findings)), file_name="gaitcoach.json",
        mime="application/json", key="json_" + title,
    )  # fmt: skip
    cols[3].download_button(
        "Download the report (web page, to print or share)", report_html(result), file_name="gaitcoach.html",
        mime="text/html", key="html_" + title,
    )  # fmt: skip
    cols[1].download_button(
        "Download the strides (CSV)", result.strides.to_csv(index=False, float_format="%.4f"),
        file_name="strides.csv", mime="text/csv", key="strides_" + title,
    )  # fmt: skip
    cols[2].download_button(
        "Download the steps (CSV)", result.events.to_csv(index=False, float_format="%.4f"),
        file_name="events.csv", mime="text/csv", key="events_" + title,
    )  # fmt: skip
    if db and can_save and st.button("Save this session to my database", key="save_" + title):
        try:
            with SessionStore(db) as store:
                kept = store.holds(result)
                if not kept:
                    store.save(result)
            _weekly.clear()
            if kept:
                st.info(f"This session is in {db} already: not saved twice.")
            else:
                st.success(f"Saved to {db}. It counts towards your baseline and the weekly view.")
        except GaitcoachError as exc:
            st.error(str(exc))


def _show(rec: Recording, settings: _Settings, *, analyse: bool = True) -> None:
    desc = describe(rec)
    facts = [(k, v) for k, v in desc.rows if k != "warning"]
    st.table(pd.DataFrame(facts, columns=["", "value"]).set_index(""))
    for w in rec.warnings:
        st.warning(w)
    if rec.has_signals:
        step = max(1, len(rec.signals) // _MAX_POINTS)
        sig = rec.signals.iloc[::step]
        acc = sig[[c for c in ACC_COLUMNS if c in sig.columns]]
        if acc.shape[1] == 3:
            st.caption("Acceleration magnitude [m/s²] (1 g = 9.81 m/s² when still)")
            st.line_chart(pd.DataFrame({"|acc| [m/s²]": np.linalg.norm(acc.to_numpy(), axis=1)}, index=sig.index))
    if analyse and (rec.has_signals or len(rec.summary.columns)):
        try:
            _render(_session_analysis([rec], settings, ""))
        except GaitcoachError as exc:  # e.g. no walking measured in it: why, and what to do
            st.error(str(exc))
        except Exception as exc:  # never a traceback on the page
            st.error(f"{rec.file_name}: the walk analysis failed ({type(exc).__name__}). Please report it.")
    if len(rec.summary.columns):
        st.caption("Activity records from the device")
        st.dataframe(rec.summary.drop(columns=["timestamp"], errors="ignore").describe().T, width="stretch")


def main(sample_data: Path | None = None) -> None:
    """Draw the dashboard.

    Parameters
    ----------
    sample_data
        Folder of sample files to show before anything is uploaded.
    """
    st.set_page_config(page_title="gaitcoach", layout="wide")
    st.title("gaitcoach — your walking-form coach")
    st.caption(
        f"v{__version__}. Your files are read on this computer only: nothing is uploaded anywhere. "
        "gaitcoach is a coach, not a diagnosis: with persistent back pain, see a doctor first."
    )
    with st.sidebar:
        st.header("Your recording")
        uploads = st.file_uploader(
            "FIT file, or a phone sensor export (phyphox, Sensor Logger, Physics Toolbox, AndroSensor, CSV), a "
            "research sensor's file (ActiGraph .gt3x or CSV, Axivity .cwa or CSV, GENEActiv .bin or CSV); your walks' "
            "history: a Garmin Connect activity list, an Apple Health export",
            type=["fit", "csv", "zip", "txt", "json", "xml", "bin", "cwa", "gt3x"],
            accept_multiple_files=True,
        )
        placement = st.selectbox("Where was the sensor worn?", ["detect"] + list(PLACEMENTS[:4]))
        side = st.selectbox("Side", ["from the file name (left/right)"] + list(SIDES))
        db = st.text_input(
            "Session database (a file on this computer: your saved sessions and weeks)", value=str(default_db_path())
        )
        height_cm = st.number_input(
            "Your height in cm (for stride length from a belt sensor)", min_value=0, max_value=250,
            value=_remembered_height_cm(db), step=1,
        )  # fmt: skip
        units = _file_units()
        st.header("Shoe sensors")
        st.caption(
            "Two shoes (two phones or pods)? Upload both files together. Jump once with both feet before you start "
            "walking: the landing puts the two recordings on one clock for an exact left/right comparison. A logger "
            "that writes both shoes into one CSV (columns like left_acc_x ... right_gyr_z) needs no jump."
        )
        reference = st.radio("Measure toe-out against", list(_TOE_OUT_REFERENCES))
        calibration = st.file_uploader(
            "Calibration walk (optional): walk straight ahead for about 20 steps with your toes pointing forward, "
            "the phone strapped exactly as for your walks; one file per shoe, left/right in the name",
            type=["fit", "csv", "zip", "txt", "json"],
            accept_multiple_files=True,
            key="calibration",
        )
    chosen = None if placement == "detect" else placement
    chosen_side = side if side in SIDES else None
    samples = not uploads
    with st.expander("How to record a walk", expanded=samples):
        for title, steps in GUIDE.values():
            st.markdown(f"**{title}**\n\n" + "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1)))
    if uploads:
        items = [(u.name, u.getvalue()) for u in uploads]
    else:
        files = _sample_files(sample_data)
        if not files:
            st.info("Upload a file in the sidebar to begin.")
            return
        st.info("Showing the sample files (simulated walks). Upload your own file in the sidebar.")
        items = [(p.name, p.read_bytes()) for p in files]
    long_axis = _TOE_OUT_REFERENCES[reference]
    offsets = _calibrations([(u.name, u.getvalue()) for u in calibration or []], chosen_side, long_axis)
    settings = _Settings(
        height_m=height_cm / 100.0 if height_cm else None,
        long_axis=long_axis,
        fpa_offsets_deg=tuple(sorted(offsets.items())),
    )
    loaded: list[Recording] = []
    n_files = 0  # files read (a file may hold a sensor on each shoe)
    for name, data in items:
        with st.expander(name, expanded=len(items) == 1):
            if holds_activity_list(data) or holds_apple_health(data[:4096]):  # a history, not a recording
                _show_history(name, data, db)
                continue
            # each file may say where its own sensor was (two shoes and a belt in one session)
            own_where, own_side = st.columns(2)
            where_i = own_where.selectbox("Where was this sensor worn?", [_AS_SIDEBAR] + list(PLACEMENTS[:4]),
                                          key=f"placement:{name}")  # fmt: skip
            side_own = own_side.selectbox("Its side", [_AS_SIDEBAR] + list(SIDES), key=f"side:{name}")
            placement_i = where_i if where_i in PLACEMENTS else chosen
            given_side = side_own if side_own in SIDES else chosen_side
            side_i = given_side or side_from_name(name)
            if samples and placement_i is None:
                placement_i, guessed_side = _sample_guess(name)
                side_i = given_side or guessed_side
            # a research sensor's file of several days (a week on the belt): a day at a time
            days = _days_cached(data, name)
            day = (
                st.selectbox(
                    f"This recording holds {len(days)} days of its sensor's clock: the day to analyse",
                    days,
                    key=f"day:{name}",
                )  # fmt: skip
                if len(days) > 1
                else None
            )
            try:
                recs = _with_name_side(_load_cached(data, name, placement_i, given_side, units, day), side_i)
            except GaitcoachError as exc:
                st.error(str(exc))
                continue
            except Exception as exc:
                st.error(f"{name}: gaitcoach could not read this file ({type(exc).__name__}). Please report it.")
                continue
            loaded.extend(recs)
            n_files += 1
            # the uploads are one session, analysed together below; each sample file is its own walk
            for rec in recs:  # two for a file with a left and a right sensor
                _show(rec, settings, analyse=samples)
    if not samples and loaded:
        title = "Your session" if len(loaded) == 1 else f"Your session ({len(loaded)} files together)"
        if n_files < len(loaded):  # a file with a sensor on each shoe
            title = f"Your session ({len(loaded)} sensors from {n_files} file{'s' if n_files > 1 else ''})"
        _show_session(loaded, settings, db, title=title, can_save=True)
    elif samples:
        shoes = [r for r in loaded if r.placement == "foot"]
        if len(shoes) == 2:
            _show_session(shoes, settings, "", title="Both sample shoes together (one session)", can_save=False)
    with st.expander("All the routines: how to do them"):
        for routine in routines().values():
            st.markdown(_routine_markdown(routine))
    week_files = tuple(str(p) for p in sorted((sample_dir(sample_data) / "weeks").glob("*.fit"))) if samples else ()
    saved = _existing(db)  # (the sample weeks until the user's first save)
    if saved or week_files:
        try:
            _show_weekly(week_files, saved)
            if saved:
                _manage_sessions(saved)
        except GaitcoachError as exc:
            st.error(str(exc))
        except Exception as exc:  # never a traceback on the page
            st.error(f"The weekly view could not be shown ({type(exc).__name__}).")
