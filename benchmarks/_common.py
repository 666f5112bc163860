"""What the benchmarks share: where ../shared is, and the project's judging rules from it."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_data(kind: str) -> Path | None:
    """``../shared/data/<kind>`` with ``../shared/tools`` importable (score_events), or None (said) if absent."""
    data = SHARED / "data" / kind
    if not data.is_dir():
        print(f"real data: ../shared/data/{kind} is not present\n")
        return None
    if str(SHARED / "tools") not in sys.path:
        sys.path.insert(0, str(SHARED / "tools"))
    return data


def matcher():
    """score_events.match (one-to-one, nearest first) from ../shared, or the same rule here when it is absent."""
    if str(SHARED / "tools") not in sys.path:
        sys.path.insert(0, str(SHARED / "tools"))
    try:
        from score_events import match
    except ImportError:

        def match(ref, det, tol):
            ref, det = np.asarray(ref, float), np.asarray(det, float)
            d = np.abs(det[None, :] - ref[:, None])
            pairs = sorted(zip(d[d <= tol], *np.nonzero(d <= tol)))
            used_r, used_d, ri, di = set(), set(), [], []
            for _, i, j in pairs:
                if i not in used_r and j not in used_d:
                    used_r.add(i), used_d.add(j), ri.append(i), di.append(j)
            return np.asarray(ri, int), np.asarray(di, int)

    return match


def _peak_mib(what: str = "VmHWM") -> float:
    """Peak (VmHWM) or current (VmRSS) resident memory of this process [MiB]."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(what + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> bool:
    """Start a new peak-memory measurement (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def day_from_hour(rec):
    """A 24-hour recording: the (about) one-hour recording ``rec`` 24 times over, one contiguous segment."""
    from gaitcoach.model import Recording

    hour = rec.signals
    step = 1.0 / float(rec.sampling_rate_hz)
    frames = []
    for k in range(24):
        part = hour.copy()
        part.index = part.index - part.index[0] + k * len(hour) * step
        frames.append(part)
    day = pd.concat(frames)
    day.index.name = "time_s"
    return Recording.from_dataframe(
        day, sampling_rate_hz=float(rec.sampling_rate_hz), placement=rec.placement, side=rec.side
    )


def wants_day(doc: str | None) -> bool:
    """Parse a benchmark's command line (its docstring as help): False with ``--no-day``."""
    import argparse

    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-day", action="store_true", help="skip the 24-hour recording")
    return not ap.parse_args().no_day


def report_day(day_rec, analyse, count=lambda res: len(res.strides), what: str = "strides") -> None:
    """Time ``analyse(day_rec)`` and print its speed and the process's peak memory during it.

    ``count(result)`` is how many ``what`` the analysis found.
    """
    import time

    n = len(day_rec.signals)
    before = _peak_mib()
    reset = _reset_peak()
    resident = _peak_mib("VmRSS")
    t0 = time.perf_counter()
    res = analyse(day_rec)
    dt = time.perf_counter() - t0
    peak = _peak_mib()
    data_mib = day_rec.signals.memory_usage(deep=True).sum() / 2**20
    print(
        f"24 h at {day_rec.sampling_rate_hz:g} Hz ({n:,} samples, {count(res):.0f} {what}): {dt:.1f} s = "
        f"{n / dt:,.0f} samples/s; the recording itself holds {data_mib:.0f} MiB; memory of the process "
        + (
            f"{resident:.0f} MiB before the analysis, {peak:.0f} MiB at its peak (+{peak - resident:.0f} MiB)"
            if reset
            else f"{peak:.0f} MiB at its peak (before the analysis {before:.0f})"
        )
    )


#: Longest stance of a simulated walk [s] (its slowest strides, 1.7 s at 67 % stance, last 1.14 s)
MAX_STANCE_S = 1.5


def stance_ending(truth: pd.DataFrame) -> pd.DataFrame:
    """The true events less the toe-offs that end no stance begun by a heel strike within ``MAX_STANCE_S``.

    As the lower-back references count toe-offs (Mobilise-D's, ``../shared/data/lumbar``): a walk's first
    toe-offs, of the feet leaving from standing, belong to no stride; the lower back reports none, nor the pocket
    for the other foot. The shoe, which sees its foot leave the ground, is scored on all of them.
    """
    keep = np.ones(len(truth), bool)
    for side in ("left", "right"):
        at = np.flatnonzero(truth["side"].to_numpy() == side)
        t, kind = truth["time_s"].to_numpy()[at], truth["event"].to_numpy()[at]
        order = np.argsort(t, kind="stable")
        t, kind, at = t[order], kind[order], at[order]
        prev_ic = np.r_[False, kind[:-1] == "IC"] & np.r_[False, np.diff(t) <= MAX_STANCE_S]
        keep[at[(kind == "FC") & ~prev_ic]] = False
    return truth[keep]
