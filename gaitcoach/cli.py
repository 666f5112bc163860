"""The ``gaitcoach`` command line: the same work as the dashboard, in batch."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import __version__
from .describe import describe
from .errors import GaitcoachError
from .io import FORMATS, load
from .io.activity_list import describe_activity_list, looks_like_activity_list, read_activity_list
from .model import PLACEMENTS, SIDES

__all__ = ["main"]


def _is_activity_list(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8-sig", "replace").splitlines()
    except OSError:
        return False
    return bool(head) and looks_like_activity_list(head[0])


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gaitcoach", description="An open-source walking-form coach.")
    p.add_argument("--version", action="version", version=f"gaitcoach {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    ins = sub.add_parser("inspect", help="say what a file holds and what it can support")
    ins.add_argument("files", nargs="+", metavar="FILE")
    ins.add_argument("--placement", choices=PLACEMENTS)
    ins.add_argument("--side", choices=SIDES)
    ins.add_argument("--format", choices=FORMATS, help="force a reader instead of detecting it")
    ins.add_argument("--time-unit", choices=("s", "ms", "us", "ns", "datetime"), help="generic CSV: time unit")
    ins.add_argument("--acc-unit", choices=("m/s^2", "g", "mg"), help="generic CSV: accelerometer unit")
    ins.add_argument("--gyr-unit", choices=("deg/s", "rad/s"), help="generic CSV: gyroscope unit")
    ins.add_argument("--json", action="store_true", help="print JSON")
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
    units = {k: v for k, v in (("time", args.time_unit), ("acc", args.acc_unit), ("gyr", args.gyr_unit)) if v}
    status = 0
    results: list[dict[str, object]] = []
    for path in args.files:
        try:
            if _is_activity_list(path):
                rows = describe_activity_list(read_activity_list(path))
                results.append(dict(rows))
                if not args.json:
                    print("\n".join(f"{k:<15}  {v}" for k, v in rows) + "\n")
                continue
            rec = load(path, placement=args.placement, side=args.side, units=units or None, format=args.format)
        except GaitcoachError as exc:
            print(f"error: {exc}", file=sys.stderr)
            results.append({"file": path, "error": str(exc)})
            status = 1
            continue
        desc = describe(rec)
        if args.json:
            results.append(desc.as_dict() | {"warnings": list(rec.warnings)})
        else:
            print(desc.as_text())
            print()
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
