"""The ``gaitcoach`` command line: the same work as the dashboard, in batch."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from . import __version__
from .analysis import EVENT_COLUMNS, analyze
from .cli_sessions import (
    history_format,
    run_batch,
    run_forget,
    run_sessions,
    run_weeks,
    units_from_args,
)
from .coaching import routines, weekly_plan
from .describe import describe
from .errors import FileTooLargeError, GaitcoachError, NotEnoughWalkingError
from .gait.foot import STRIDE_COLUMNS, FootConfig
from .gait.foot_calibration import toe_out_offset
from .io import FORMATS, load_all, recording_days, side_from_name
from .io.activity_list import describe_activity_list, read_activity_list
from .io.apple_health import describe_apple_health, read_apple_health
from .model import PLACEMENTS, SIDES
from .recording_guide import guide_text
from .report import report_json, strict
from .report_html import report_html
from .store import SessionStore, default_db_path
from .summary_text import summary_heading, summary_rows

__all__ = ["main"]


def _analyze(args: argparse.Namespace) -> int:
    sides = args.sides or [args.side] * len(args.files)
    placements = args.placements or [args.placement] * len(args.files)
    if len(sides) != len(args.files) or len(placements) != len(args.files):
        print("error: give one --sides and one --placements value per file", file=sys.stderr)
        return 2
    recs = []
    units = units_from_args(args)
    for path, side, placement in zip(args.files, sides, placements):
        try:  # a two-sensor file gives two; a file without a given side takes the one its name states
            recs.extend(load_all(path, placement=placement, side=side or side_from_name(Path(path).name),
                                 units=units, day=args.day))  # fmt: skip
        except GaitcoachError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    offsets: dict[str, float] = {}
    if args.calibrate_with:
        if len(args.calibrate_with) != len(args.files):
            print("error: give one --calibrate-with file per analysed file, in the same order", file=sys.stderr)
            return 2
        for path, side in zip(args.calibrate_with, sides):
            try:
                for cal in load_all(path, placement="foot", side=side or side_from_name(Path(path).name),
                                    units=units):  # fmt: skip
                    offsets[cal.side or "unknown"] = toe_out_offset(cal, side=cal.side)
            except GaitcoachError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
    starts = [r.started_at for r in recs if r.started_at is not None]
    when = min(starts) if starts else pd.Timestamp.now(tz="UTC")
    with SessionStore(args.db) if args.db else contextlib.nullcontext() as store:
        # the height told once is remembered in the database (the latest session saved with one)
        height_m = args.height or (store.profile().get("height_m") if store else None)
        try:
            result = analyze(
                recs,
                height_m=height_m,
                sensor_height_m=args.sensor_height,
                foot_config=FootConfig(long_axis=args.long_axis, fpa_offset_deg=args.fpa_offset),
                baseline=store.baseline(before=when) if store else None,
                fpa_offsets_deg=offsets or None,
            )
        except NotEnoughWalkingError:  # the tables asked for say so too: empty, with their columns
            if args.events_csv:
                pd.DataFrame(columns=list(EVENT_COLUMNS)).to_csv(args.events_csv, index=False)
            if args.strides_csv:
                pd.DataFrame(columns=list(STRIDE_COLUMNS)).to_csv(args.strides_csv, index=False)
            raise
        last_week = store.minutes_last_week(when) if store else None
        if store:
            store.save(result)
    if args.events_csv:
        result.events.to_csv(args.events_csv, index=False, float_format="%.4f")
    if args.strides_csv:
        result.strides.to_csv(args.strides_csv, index=False, float_format="%.4f")
    plan = weekly_plan(result.findings, weekly_minutes=last_week)
    if args.html:
        Path(args.html).write_text(report_html(result, plan), encoding="utf-8")
    if args.json:
        print(report_json(result, plan))
        return 0
    if height_m and not args.height:
        print(f"- Your height, {height_m:.2f} m, as your earlier sessions in {args.db} were told (--height to change).")
    for note in result.notes:
        print(f"- {note}")
    print()
    rows = summary_rows(result.summary)
    if rows:
        print(summary_heading(result.summary))
        width = max(len(label) for label, _ in rows)
        for label, shown in rows:
            print(f"  {label:{width}s}  {shown}")
    print("\nYour walking cues")
    labels = {"good": "good", "watch": "watch", "work_on": "work on it", "cant_tell": "can't tell"}
    for f in result.findings:
        print(f"  [{labels[f.status]:>10s}] {f.title}: {f.message}")
    print(f"\nThis week's plan ({plan.sessions_per_week} sessions; walk {plan.walking_goal_min:.0f} min this week)")
    for f in plan.focus:
        print(f"  focus: {f.title}")
    for r in plan.routines:
        print(f"  - {r.title}: " + "; ".join(f"{e.name} ({e.dosage})" for e in r.exercises))
    for line in plan.safety:
        print(f"  ! {line}")
    print("  (how to do each routine: `gaitcoach routines`)")
    return 0


def _routines(args: argparse.Namespace) -> int:
    """The routines library: why each helps, each exercise's dosage and how to do it, the cautions."""
    chosen = [r for r in routines().values() if not args.id or r.id in args.id]
    for r in chosen:
        print(f"{r.title} [{r.id}]: {r.why}")
        for e in r.exercises:
            print(f"  - {e.name} ({e.dosage}): {e.how}")
        for c in r.cautions:
            print(f"  ! {c}")
        print()
    return 0 if chosen else 1


def _add_unit_options(parser: argparse.ArgumentParser) -> None:
    """The generic CSV's units and rate, where its header and values do not tell them."""
    parser.add_argument("--time-unit", choices=("s", "ms", "us", "ns", "datetime"), help="generic CSV: time unit")
    parser.add_argument("--acc-unit", choices=("m/s^2", "g", "mg"), help="generic CSV: accelerometer unit")
    parser.add_argument("--gyr-unit", choices=("deg/s", "rad/s"), help="generic CSV: gyroscope unit")
    parser.add_argument(
        "--rate", type=float, metavar="HZ", help="generic CSV without a time column: its sampling rate [Hz]"
    )


#: The database commands' --db: the user's own database unless another is named.
_DAY_HELP = "a research sensor's own file of several days (.cwa, .bin, .gt3x): only this day of its clock"
_DB_HELP = "the local session database (default: $GAITCOACH_DB, else ~/.gaitcoach/sessions.sqlite)"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gaitcoach", description="An open-source walking-form coach.")
    p.add_argument("--version", action="version", version=f"gaitcoach {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    ins = sub.add_parser("inspect", help="say what a file holds and what it can support")
    ins.add_argument("files", nargs="+", metavar="FILE")
    ins.add_argument("--placement", choices=PLACEMENTS)
    ins.add_argument("--side", choices=SIDES)
    ins.add_argument("--format", choices=FORMATS, help="force a reader instead of detecting it")
    _add_unit_options(ins)
    ins.add_argument("--json", action="store_true", help="print JSON")
    ins.add_argument("--day", metavar="YYYY-MM-DD", help=_DAY_HELP)
    ana = sub.add_parser("analyze", help="find steps, strides and foot angles in one session's files")
    ana.add_argument("files", nargs="+", metavar="FILE", help="one session: e.g. the left and the right shoe")
    ana.add_argument("--placement", choices=PLACEMENTS[:4], help="where the sensor(s) were worn")
    ana.add_argument("--side", choices=SIDES, help="side of a single one-sided sensor (default: from the file's name)")
    ana.add_argument("--sides", nargs="+", choices=SIDES, help="side of each file, in order")
    ana.add_argument(
        "--placements", nargs="+", choices=PLACEMENTS[:4],
        help="where each file's sensor was worn, in order (e.g. foot foot lumbar: two shoes and a belt)",
    )  # fmt: skip
    ana.add_argument(
        "--long-axis",
        choices=("x", "y", "z", "-x", "-y", "-z"),
        help="toe-out from this sensor axis, laid along the shoe (phones: y = the long edge)",
    )
    ana.add_argument(
        "--fpa-offset",
        type=float,
        default=0.0,
        metavar="DEG",
        help="toe-out calibration to subtract (e.g. your median from a baseline walk)",
    )
    ana.add_argument(
        "--calibrate-with",
        nargs="+",
        metavar="FILE",
        help="toe-out calibration: a short straight walk with your toes pointed ahead, one file per shoe "
        "(same order and sides as FILE), sensors strapped exactly as in FILE",
    )
    ana.add_argument("--height", type=float, metavar="M", help="your height [m] (lower back: stride length)")
    ana.add_argument(
        "--sensor-height", type=float, metavar="M", help="height of a lower-back sensor above the floor [m]"
    )
    ana.add_argument(
        "--db", metavar="PATH", help="keep the session in this local database and compare with your own baseline"
    )
    _add_unit_options(ana)
    ana.add_argument("--json", action="store_true", help="print the summary, notes and strides as JSON")
    ana.add_argument("--day", metavar="YYYY-MM-DD", help=_DAY_HELP)
    ana.add_argument("--events-csv", metavar="PATH", help="write the events table")
    ana.add_argument("--strides-csv", metavar="PATH", help="write the strides table")
    ana.add_argument("--html", metavar="PATH", help="write the report as a web page (to print or share)")
    bat = sub.add_parser("batch", help="analyse many files, a session each, and keep them in the database")
    bat.add_argument(
        "files", nargs="+", metavar="FILE",
        help="a session per file; a left and a right file starting within 2 minutes are one walk's two shoes; a "
        "Garmin Connect activity list: a session per walk in it (walking time, steps, cadence)",
    )  # fmt: skip
    bat.add_argument("--db", metavar="PATH", default=None, help=_DB_HELP + " (created if needed)")
    bat.add_argument("--placement", choices=PLACEMENTS[:4], help="where the sensor was worn (default: detected)")
    bat.add_argument("--side", choices=SIDES, help="side of a one-sided sensor (default: from each file's name)")
    bat.add_argument("--height", type=float, metavar="M", help="your height [m] (lower back: stride length)")
    bat.add_argument(
        "--sensor-height", type=float, metavar="M", help="height of a lower-back sensor above the floor [m]"
    )
    _add_unit_options(bat)
    bat.add_argument("--json", action="store_true", help="print one JSON record per session")
    wk = sub.add_parser("weeks", help="walking minutes and form week by week from the session database")
    wk.add_argument("--db", metavar="PATH", default=None, help=_DB_HELP)
    wk.add_argument("--json", action="store_true", help="print JSON")
    wk.add_argument("--html", metavar="PATH", help="also write the weeks as a web page (to print or share)")
    ses = sub.add_parser("sessions", help="list the sessions kept in the database, with their ids")
    ses.add_argument("--db", metavar="PATH", default=None, help=_DB_HELP)
    ses.add_argument("--json", action="store_true", help="print JSON")
    fg = sub.add_parser("forget", help="remove sessions from the database (ids from `gaitcoach sessions`)")
    fg.add_argument("ids", nargs="+", type=int, metavar="ID")
    fg.add_argument("--db", metavar="PATH", default=None, help=_DB_HELP)
    rt = sub.add_parser("routines", help="the hip and walking routines, and how to do each exercise")
    rt.add_argument("id", nargs="*", help="only these routines (ids as shown in brackets)")
    gd = sub.add_parser("guide", help="how to record a walk gaitcoach can analyse")
    gd.add_argument("--placement", choices=PLACEMENTS[:4], help="only the steps for this sensor placement")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 when every file was read, 1 when any failed (each failure is printed with its reason).
    """
    args = _parser().parse_args(argv)
    if args.command in ("batch", "weeks", "sessions", "forget") and not args.db:
        args.db = str(default_db_path())
    try:
        if args.command == "analyze":
            return _analyze(args)
        if args.command == "batch":
            return run_batch(args)
        if args.command == "weeks":
            return run_weeks(args)
        if args.command == "sessions":
            return run_sessions(args)
        if args.command == "forget":
            return run_forget(args)
        if args.command == "routines":
            return _routines(args)
        if args.command == "guide":
            print(guide_text(args.placement), end="")
            return 0
        return _inspect(args)
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    except GaitcoachError as exc:  # e.g. a session database that cannot be used
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _days_of(path: str) -> list[str]:
    """The days of a research sensor's own file of several days (:func:`gaitcoach.io.recording_days`), else none."""
    try:
        days = recording_days(path)
    except GaitcoachError:
        return []
    return days if len(days) > 1 else []


def _inspect(args: argparse.Namespace) -> int:
    units = units_from_args(args)
    status = 0
    results: list[dict[str, object]] = []
    for path in args.files:
        try:
            history = history_format(path)
            if history:
                rows = (
                    describe_apple_health(read_apple_health(path))
                    if history == "apple_health"
                    else describe_activity_list(read_activity_list(path))
                )
                results.append(dict(rows))
                if not args.json:
                    print("\n".join(f"{k:<15}  {v}" for k, v in rows) + "\n")
                continue
            recs = load_all(path, placement=args.placement, side=args.side, units=units, format=args.format,
                            day=args.day)  # fmt: skip
            days = _days_of(path) if args.day is None else []
        except GaitcoachError as exc:
            print(f"error: {exc}", file=sys.stderr)
            # a research sensor's week, too long to load whole: its days, each of which loads
            days = _days_of(path) if isinstance(exc, FileTooLargeError) and args.day is None else []
            results.append({"file": path, "error": str(exc)} | ({"days": days} if days else {}))
            if days and not args.json:
                print(f"{'file':<15}{Path(path).name}\n{'days':<15}{len(days)} of its clock, {days[0]} to {days[-1]} "
                      "(--day picks one; 'gaitcoach batch' keeps a session a day)\n")  # fmt: skip
            status = 1
            continue
        for rec in recs:  # two for a file with a left and a right sensor
            desc = describe(rec)
            if args.json:
                entry: dict[str, object] = {**desc.as_dict(), "warnings": list(rec.warnings)}
                if days:
                    entry["days"] = days
                results.append(entry)
            else:
                print(desc.as_text())
                if days:
                    print(f"{'days':<15}{len(days)} of its clock, {days[0]} to {days[-1]} (--day picks one; "
                          "'gaitcoach batch' keeps a session a day)")  # fmt: skip
                print()
    if args.json:
        print(json.dumps(strict(results), indent=2, default=str, allow_nan=False))
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
