"""The command line's session-database commands: ``batch``, ``sessions``, ``forget`` and ``weeks``.

Each ``run_*`` takes the parsed arguments of its subcommand (:mod:`gaitcoach.cli` builds the parser) and returns
the exit status: 0 when all went as asked, 1 when something could not be done (said on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from .analysis import Analysis, analyze
from .coaching import weekly_trends
from .errors import GaitcoachError
from .history import activity_list_sessions, apple_health_sessions
from .io import load_all, recording_days, side_from_name
from .io.activity_list import holds_activity_list, read_activity_list
from .io.apple_health import holds_apple_health, read_apple_health
from .io.axivity import looks_like_cwa
from .io.geneactiv import looks_like_geneactiv
from .report import strict
from .report_weeks import weeks_html
from .store import SessionStore

__all__ = [
    "SAME_WALK_S",
    "history_format",
    "run_batch",
    "run_forget",
    "run_sessions",
    "run_weeks",
    "units_from_args",
]


def history_format(path: str) -> str | None:
    """Whether the file at ``path`` is a walking history rather than a recording, and which.

    Parameters
    ----------
    path
        A file.

    Returns
    -------
    str or None
        ``"activity_list"`` (Garmin Connect's), ``"apple_health"`` (an export), or None: a recording, or a file that
        cannot be read (its reader says why).
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    return "activity_list" if holds_activity_list(head) else "apple_health" if holds_apple_health(head) else None


def units_from_args(args: argparse.Namespace) -> dict[str, str] | None:
    """The units given on the command line (``--time-unit``, ``--acc-unit``, ``--gyr-unit``, ``--rate``).

    Parameters
    ----------
    args
        The parsed arguments.

    Returns
    -------
    dict or None
        :func:`gaitcoach.load`'s ``units``; None where none was given.
    """
    given = (("time", args.time_unit), ("acc", args.acc_unit), ("gyr", args.gyr_unit), ("rate_hz", args.rate))
    units = {k: str(v) for k, v in given if v is not None}
    return units or None


#: Files of one side each whose clocks start within this of each other are one session (two shoes of one walk:
#: two phones are started by hand a few seconds apart).
SAME_WALK_S = 120.0


class _File(NamedTuple):
    """A batch file: when it starts, its place in the command line, its path, its side(s) and day.

    ``start`` None: no clock. ``day``: for a research sensor's file of several days, the day (its own session).
    """

    start: pd.Timestamp | None
    order: int
    path: str
    sides: frozenset[str]
    day: str | None = None

    @property
    def label(self) -> str:
        return Path(self.path).name + (f" ({self.day})" if self.day else "")


def _sessions(files: list[_File]) -> list[list[_File]]:
    """Group files into sessions, oldest first: a left and a right file starting together are one session."""
    clocked = sorted(((f.start, f.order, f) for f in files if f.start is not None), key=lambda x: x[:2])
    groups: list[tuple[pd.Timestamp, set[str], list[_File]]] = []
    for start, _, f in clocked:
        if groups:
            first, sides, members = groups[-1]
            one_each = bool(f.sides) and bool(sides) and not f.sides & sides and (sides | f.sides) <= {"left", "right"}
            if one_each and (start - first).total_seconds() <= SAME_WALK_S and f.day is None:
                sides |= f.sides
                members.append(f)
                continue
        groups.append((start, set(f.sides), [f]))
    return [members for _, _, members in groups] + [[f] for f in files if f.start is None]  # no clock: alone


def _research_file(path: str) -> bool:
    """Whether a file is a research sensor's own (:data:`gaitcoach.io.DAY_FORMATS`), from its name and first bytes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:  # (a folder, or unreadable: load_all says so)
        return False
    return Path(path).suffix.lower() == ".gt3x" or looks_like_cwa(head) or looks_like_geneactiv(head)


def _days(path: str, order: int, args: argparse.Namespace) -> list[_File]:
    """A research sensor's own file of several days (its device's clock): a session a day; else none."""
    try:
        days = recording_days(path)
    except GaitcoachError:
        return []
    if len(days) < 2:
        return []
    side = args.side or side_from_name(Path(path).name)
    sides = frozenset([side]) if side in ("left", "right") else frozenset()
    return [_File(pd.Timestamp(d, tz="UTC"), order, path, sides, d) for d in days]


def _batch_row(result: Analysis, file: str, kept: bool, start: pd.Timestamp | None = None) -> dict[str, Any]:
    """One session's line of the batch report (``kept``: in the database already)."""
    s = result.summary
    start = start if start is not None else result.recordings[0].get("started_at")
    return {
        "file": file, "started_at": start.isoformat() if start is not None else None,
        "placement": "+".join(sorted({str(r["placement"] or "unknown") for r in result.recordings})),
        "strides": s.n_strides, "steps": s.n_steps, "walking_min": s.walking_time_s / 60.0,
        "cadence_spm": s.cadence_spm, "speed_mps": s.speed_mps, "stride_length_m": s.stride_length_m,
        "work_on": [f.title for f in result.findings if f.status == "work_on"], "saved": not kept,
    }  # fmt: skip


def run_batch(args: argparse.Namespace) -> int:
    """Each file (or left and right file of one walk) one session, oldest first, kept in the database."""
    status = 0
    units = units_from_args(args)
    dated: list[_File] = []
    listed: list[Analysis] = []  # the walks of histories (activity lists, Apple Health exports), kept as they are
    origin: dict[int, str] = {}  # each history session's file
    n_lists = 0
    for order, path in enumerate(args.files):  # first pass: when each session started (for the baselines)
        history = history_format(path)
        if history:
            try:
                if history == "apple_health":
                    walks = read_apple_health(path)
                    found = apple_health_sessions(walks, Path(path).name)
                    for warning in walks.attrs.get("warnings", []):
                        print(f"warning: {Path(path).name}: {warning}", file=sys.stderr)
                else:
                    found = activity_list_sessions(read_activity_list(path), Path(path).name)
                listed += found
                origin.update({id(session): Path(path).name for session in found})
                n_lists += 1
            except GaitcoachError as exc:
                print(f"error: {exc}", file=sys.stderr)
                status = 1
            continue
        by_day = _days(path, order, args) if _research_file(path) else []
        if by_day:  # a research logger's days: one session each (a week is more than one load holds)
            dated += by_day
            continue
        try:
            recs = load_all(path, placement=args.placement, side=args.side or side_from_name(Path(path).name),
                            units=units)  # fmt: skip
        except GaitcoachError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 1
            continue
        starts = [r.started_at for r in recs if r.started_at is not None]
        sides = frozenset(r.side for r in recs if r.side in ("left", "right"))
        dated.append(_File(min(starts) if starts else None, order, path, sides if len(recs) == 1 else frozenset()))
        del recs
    rows: list[dict[str, Any]] = []
    failed = 0  # sessions that could not be analysed (each said on stderr)
    with SessionStore(args.db) as store:
        for result in listed:  # (a loop over the lists' walks)
            kept = store.holds(result)
            if not kept:
                store.save(result)
            rows.append(_batch_row(result, result.recordings[0]["file_name"], kept) | {"history": origin[id(result)]})
        for members in _sessions(dated):
            try:
                recs = [
                    r
                    for f in members
                    for r in load_all(
                        f.path,
                        placement=args.placement,
                        units=units,
                        day=f.day,
                        side=args.side or side_from_name(Path(f.path).name),
                    )  # fmt: skip
                ]
                starts = [r.started_at for r in recs if r.started_at is not None]
                start = min(starts) if starts else pd.Timestamp.now(tz="UTC")
                result = analyze(recs, height_m=args.height or store.profile().get("height_m"),
                                 sensor_height_m=args.sensor_height,
                                 baseline=store.baseline(before=start))  # fmt: skip
            except GaitcoachError as exc:  # e.g. no walking in it (or a day without samples): said, the others go on
                print(f"error: {exc}", file=sys.stderr)
                status, failed = 1, failed + 1
                continue
            kept = store.holds(result)
            if not kept:
                store.save(result)
            rows.append(_batch_row(result, " + ".join(f.label for f in members), kept, start if starts else None))
    if args.json:
        print(json.dumps(strict(rows), indent=2, allow_nan=False))
        return status
    long_histories = _summarise_histories(rows)
    for r in rows:
        if r.get("history") in long_histories:
            continue  # (said in one line below)
        when = r["started_at"][:16].replace("T", " ") if r["started_at"] else "no clock"
        cadence = f"{r['cadence_spm']:.0f} steps/min" if r["cadence_spm"] == r["cadence_spm"] else "-"
        walked = r["walking_min"]
        minutes = "-" if walked != walked else f"{walked:.1f} min" if walked >= 1.0 else f"{60.0 * walked:.0f} s"
        work = "; ".join(r["work_on"]) or "nothing"
        again = "" if r["saved"] else " (in the database already: not added again)"
        # what was counted: strides (shoe, belt, pocket), else steps (a watch's motion); records: neither
        counted = f"{r['strides']} strides, " if r["strides"] else ""
        if not counted and r["steps"] == r["steps"] and r["placement"] != "summary":
            counted = f"{r['steps']:,.0f} steps, "
        measured = f"{counted}{minutes}, {cadence}"
        if minutes == cadence == "-" and r["speed_mps"] == r["speed_mps"]:  # a day of an iPhone's walking metrics
            stride = f", stride {r['stride_length_m']:.2f} m" if r["stride_length_m"] == r["stride_length_m"] else ""
            measured = f"walking speed {r['speed_mps']:.2f} m/s{stride}"
        print(f"{when}  {r['file']}  [{r['placement']}]  {measured}; work on: {work}{again}")
    for line in long_histories.values():
        print(line)
    unread = len(args.files) - len(dated) - n_lists
    not_analysed = f"; {failed} not analysed (said above)" if failed else ""
    unread_files = f"; {unread} file{'s' if unread > 1 else ''} not read (said above)" if unread else ""
    print(f"\n{sum(r['saved'] for r in rows)} of {len(rows)} sessions added to {args.db}{not_analysed}"
          f"{unread_files}. `gaitcoach weeks --db {args.db}` shows them week by week.")  # fmt: skip
    return status


#: A history with more sessions than this is reported in one line, not one per session (design choice: a screenful).
MAX_LISTED_SESSIONS = 40


def _summarise_histories(rows: list[dict[str, Any]]) -> dict[str, str]:
    """One line per history file of more than :data:`MAX_LISTED_SESSIONS` sessions: what it held, what was added."""
    history = pd.DataFrame([r for r in rows if r.get("history")])
    out: dict[str, str] = {}
    if history.empty:
        return out
    for name, group in history.groupby("history", sort=False):  # a loop over history files
        if len(group) <= MAX_LISTED_SESSIONS:
            continue
        walks = group[group["walking_min"].notna()]
        days = len(group) - len(walks)
        span = f"{str(group['started_at'].min())[:10]} to {str(group['started_at'].max())[:10]}"
        what = f"{len(walks):,} walks ({walks['walking_min'].sum():,.0f} min)" + (
            f" and {days:,} days of the walking metrics its iPhone measured on its own" if days else ""
        )
        out[str(name)] = f"{name}: {what}, {span}; {int(group['saved'].sum()):,} of {len(group):,} sessions added"
    return out


#: Columns of the weekly view and how they are shown.
_WEEK_COLUMNS = {
    "sessions": "sessions", "walking_minutes": "minutes walked", "cadence_spm": "cadence",
    "fpa_left_deg": "toe-out L", "fpa_right_deg": "toe-out R", "strike_angle_deg": "heel strike",
    "step_time_asymmetry_pct": "asymmetry %", "pelvic_drop_asymmetry_deg": "hip drop diff",
    "pelvic_tilt_excursion_deg": "pelvis tilt",
    "hip_extension_deg": "hip ext", "speed_mps": "speed m/s", "stride_length_m": "stride m",
    "double_support_pct": "both feet %", "walking_asymmetry_pct": "uneven steps %",
}  # fmt: skip


def _no_database(db: str) -> bool:
    """Say so when there is no session database at ``db`` (True: none)."""
    if Path(db).is_file():
        return False
    print(f"error: {db}: no session database there (`gaitcoach batch FILE... --db {db}` makes one)", file=sys.stderr)
    return True


def run_sessions(args: argparse.Namespace) -> int:
    """The kept sessions, one a line, with the ids that ``gaitcoach forget`` takes."""
    if _no_database(args.db):
        return 1
    with SessionStore(args.db) as store:
        df = store.sessions()
    rows = [
        {"id": int(r["id"]), "started_at": r["started_at"].isoformat(), "files": [f or "-" for f in r["files"]],
         "placements": list(r["placements"]), "walking_minutes": r.get("walking_time_s", float("nan")) / 60.0,
         "strides": r.get("n_strides", float("nan"))}
        for _, r in df.iterrows()
    ]  # fmt: skip
    if args.json:
        print(json.dumps(strict({"sessions": rows}), indent=2, allow_nan=False))
        return 0
    if not rows:
        print(f"{args.db}: no sessions yet.")
        return 0
    print(f"{'id':>5}  {'started (UTC)':16}  {'walking':>9}  files")
    for r in rows:
        minutes = f"{r['walking_minutes']:.1f} min" if r["walking_minutes"] == r["walking_minutes"] else "-"
        print(f"{r['id']:>5}  {r['started_at'][:16].replace('T', ' ')}  {minutes:>9}  {', '.join(r['files'])}")
    return 0


def run_forget(args: argparse.Namespace) -> int:
    """Remove sessions from the database by id."""
    if _no_database(args.db):
        return 1
    with SessionStore(args.db) as store:
        kept = set(store.sessions().get("id", pd.Series(dtype=int)).astype(int))
        removed = store.forget(args.ids)
    missing = sorted(set(args.ids) - kept)
    if missing:
        print(f"error: {args.db}: no session {', '.join(map(str, missing))} (`gaitcoach sessions --db {args.db}` "
              "lists them)", file=sys.stderr)  # fmt: skip
    print(f"{removed} session{'s' if removed != 1 else ''} removed from {args.db}.")
    return 1 if missing else 0


def run_weeks(args: argparse.Namespace) -> int:
    """Walking minutes and form per calendar week from the session database."""
    if _no_database(args.db):
        return 1
    with SessionStore(args.db) as store:
        weekly = store.weekly()
    if getattr(args, "html", None):
        Path(args.html).write_text(weeks_html(weekly), encoding="utf-8")
    trends = weekly_trends(weekly)
    if args.json:
        records = weekly.assign(week=weekly["week"].dt.strftime("%Y-%m-%d")).to_dict(orient="records")
        print(json.dumps(strict({"weeks": records, "trends": trends}), indent=2, allow_nan=False))
        return 0
    if weekly.empty:
        print(f"{args.db}: no sessions yet.")
        return 0
    shown = [c for c in _WEEK_COLUMNS if c in weekly.columns and weekly[c].notna().any()]
    table = weekly.set_index(weekly["week"].dt.strftime("week of %Y-%m-%d"))[shown].rename(columns=_WEEK_COLUMNS)
    table.index.name = None
    print(table.to_string(na_rep="-", float_format=lambda x: f"{x:.1f}"))
    if trends:
        print("\nFirst week against the latest:\n" + "\n".join(f"  {line}" for line in trends))
    return 0
