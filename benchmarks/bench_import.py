"""Import throughput and peak memory.

Run: python benchmarks/bench_import.py [--quick]

Cases (each in its own process, so peak memory is its own):
- a 1-hour 100 Hz phone recording (accelerometer + gyroscope) as generic CSV and as a Sensor Logger zip;
- a FIT file with 1 hour of raw accelerometer + gyroscope at 25 Hz (FIT-profile layout, 25 samples a message)
  and with 1 hour of Connect IQ compressed accelerometer;
- a GENEActiv .bin of 1 hour at 100 Hz (accelerometer: hexadecimal pages of 300 samples) and an Axivity AX6 .cwa
  of 1 hour at 100 Hz (gyroscope and accelerometer, 16-bit); an ActiGraph .gt3x of 1 hour at 100 Hz (a record a
  second of 12-bit packed samples);
- the largest real FIT file of ../shared/corpus (2.4 MB, 100 000 messages), when present;
- an Apple Health export (zip) of a year: step samples every 10 minutes from a phone and a watch, 24 walking-metric
  samples and one walking workout a day (its elements in the "msg/s" column; its rows are the walks).
Prints a table: rows (time points) per second, values (rows x channels) per second, FIT messages (XML elements)
per second, and peak resident memory of the whole process (with the memory right after ``import gaitcoach``
beside it).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
SHARED_BIG = HERE.parents[2] / "shared" / "corpus" / "fit" / "muktihari-fit__big_activity.fit"


#: Each recording case: its file name, rate [Hz], whether it has a gyroscope, and the writer (by name in
#: ``gaitcoach.io.writers``) with its options.
_CASES = {
    "csv": ("phone_1h.csv", 100.0, True, "write_generic_csv", {}),
    "sensor_logger": ("phone_1h_sensor_logger.zip", 100.0, True, "write_sensor_logger", {}),
    "fit_full": ("watch_1h_imu.fit", 25.0, True, "write_fit", {"layout": "full"}),
    "fit_compressed": ("watch_1h_compressed.fit", 25.0, False, "write_fit", {"layout": "compressed"}),
    "geneactiv_bin": ("geneactiv_1h.bin", 100.0, False, "write_geneactiv", {}),
    "axivity_cwa": ("ax6_1h.cwa", 100.0, True, "write_cwa", {}),
    "actigraph_gt3x": ("actigraph_1h.gt3x", 100.0, False, "write_gt3x", {}),
}


def _make(kind: str, seconds: float, folder: Path) -> Path:
    from gaitcoach.io import writers
    from gaitcoach.synthetic import periodic_recording

    if kind == "apple_health":
        path = folder / "export.zip"
        path.write_bytes(writers.write_apple_health(*_year_of_health(seconds / 3600.0)))
        return path
    name, rate, gyro, writer, options = _CASES[kind]
    rec = periodic_recording(rate_hz=rate, duration_s=seconds, gyro=gyro)
    path = folder / name
    path.write_bytes(getattr(writers, writer)(rec, **options))
    return path


def _year_of_health(fraction: float) -> tuple:
    """Workouts and samples of a year (or ``fraction`` of it) of an iPhone and an Apple Watch."""
    import numpy as np
    import pandas as pd

    days = max(1, int(365 * fraction))
    t0 = pd.Timestamp("2024-01-01T00:00:00Z")
    ten = pd.Timedelta(minutes=10)
    starts = t0 + ten * np.arange(days * 144)
    steps = pd.concat([pd.DataFrame({"type": "StepCount", "start": starts, "end": starts + ten, "value": 120.0,
                                     "source": source}) for source in ("iPhone", "Apple Watch")])  # fmt: skip
    metric_starts = t0 + pd.Timedelta(hours=1) * np.arange(days * 24)
    metrics = pd.concat([pd.DataFrame({"type": kind, "start": metric_starts, "end": metric_starts + ten,
                                       "value": value, "source": "iPhone"})
                         for kind, value in (("WalkingSpeed", 1.3), ("WalkingStepLength", 0.7))])  # fmt: skip
    walk_starts = t0 + pd.Timedelta(days=1) * np.arange(days) + pd.Timedelta(hours=8)
    workouts = pd.DataFrame({"start": walk_starts, "end": walk_starts + pd.Timedelta(minutes=40), "activity": "Walking",
                             "steps": 4400.0, "distance_m": 3100.0, "source": "Apple Watch"})  # fmt: skip
    return workouts, pd.concat([steps, metrics], ignore_index=True)


def _count_xml_elements(path: Path) -> int:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        xml = zf.read("apple_health_export/export.xml")
    return xml.count(b"<Record ") + xml.count(b"<Workout ")


def _peak_mib() -> float:
    """Peak resident memory of this process image [MiB] (VmHWM; ru_maxrss would carry the parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _count_fit_messages(path: Path) -> int | None:
    """Data messages in a FIT file (counted in the parent process, so the child's memory is its own)."""
    if path.suffix.lower() != ".fit":
        return None
    import fitparse

    ff = fitparse.FitFile(path.read_bytes(), check_crc=False)
    return sum(1 for _ in ff.get_messages())


def _child(path: str) -> None:
    import gaitcoach

    base_mib = _peak_mib()
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        if path.endswith("export.zip"):
            walks = gaitcoach.read_apple_health(path)
        else:
            rec = gaitcoach.load(path)
        best = min(best, time.perf_counter() - t0)
    if path.endswith("export.zip"):
        rows = values = len(walks)
    else:
        rows = len(rec.signals) or len(rec.summary)
        values = rows * max(len(rec.channels) if rec.has_signals else len(rec.summary.columns), 1)
    peak_mib = _peak_mib()
    print(
        json.dumps(
            {
                "seconds": best,
                "rows": rows,
                "values": values,
                "bytes": Path(path).stat().st_size,
                "peak_mib": peak_mib,
                "base_mib": base_mib,
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="6 minutes of data instead of 1 hour")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child)
        return
    seconds = 360.0 if args.quick else 3600.0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        kinds = (
            "csv",
            "sensor_logger",
            "fit_full",
            "fit_compressed",
            "geneactiv_bin",
            "axivity_cwa",
            "actigraph_gt3x",
            "apple_health",
        )
        cases = [(k, _make(k, seconds, Path(tmp))) for k in kinds]
        if SHARED_BIG.is_file():
            cases.append(("real FIT, 100k msgs", SHARED_BIG))
        for label, path in cases:
            out = subprocess.run(
                [sys.executable, str(HERE), "--child", str(path)], capture_output=True, text=True, check=True
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            r["messages"] = (
                _count_xml_elements(Path(path)) if label == "apple_health" else _count_fit_messages(Path(path))
            )
            rows.append((label, r))
    print(
        f"{'case':24s} {'size MB':>8s} {'time s':>7s} {'rows/s':>12s} {'values/s':>12s} {'FIT msg/s':>10s} "
        f"{'peak MiB':>9s} {'after import':>12s}"
    )
    for label, r in rows:
        msg = f"{r['messages'] / r['seconds']:10,.0f}" if r["messages"] else f"{'-':>10s}"
        print(
            f"{label:24s} {r['bytes'] / 1e6:8.2f} {r['seconds']:7.2f} {r['rows'] / r['seconds']:12,.0f} "
            f"{r['values'] / r['seconds']:12,.0f} {msg} {r['peak_mib']:9.0f} {r['base_mib']:12.0f}"
        )


if __name__ == "__main__":
    main()
