"""Write gaitmap's example walk with motion capture as shoe-sensor CSVs and a marker file, for the benchmarks.

Run: python scripts/gaitmap_example_data.py EXAMPLE_DATA OUT_DIR

``EXAMPLE_DATA`` is the ``example_data`` folder of gaitmap's source distribution (MIT; a healthy adult's 20 m
walks from the sensor-position comparison study, a sensor on the outer side of each shoe at 204.8 Hz, with the
heel, toe and fifth-metatarsal markers of optical motion capture at 100 Hz over the same 38.7 s). Get it once,
on a machine with network access, with::

    pip download --no-deps --no-binary :all: gaitmap==2.6.0 && tar xzf gaitmap-2.6.0.tar.gz

then ``python benchmarks/bench_foot.py --mocap OUT_DIR`` compares the foot angles and stride lengths with the
markers. The project ships none of this data; gaitcoach itself never reads it.

Written: ``shoe_left.csv`` and ``shoe_right.csv`` (``time_s``, ``acc_*`` [m/s²], ``gyr_*`` [deg/s], as in the
file), ``markers.csv`` (``time_s`` and ``{L,R}_{FCC,TOE,FM5}_{x,y,z}`` [mm]: heel, toe and fifth metatarsal) and
``events.csv`` (``time_s``, ``event`` IC/FC, ``side``: the study's own heel strikes and toe-offs from the motion
capture, ``stride_events_sample.csv``'s ``ic``/``pre_ic`` and ``tc``, in 204.8 Hz samples of the 100 Hz capture).
The two systems start together (the marker-derived pitch rate and the shoe gyroscope agree at zero lag, r 0.98).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

IMU_RATE_HZ = 204.8
MOCAP_RATE_HZ = 100.0


def convert(example_data: Path, out: Path) -> list[Path]:
    """Write the two shoe recordings and the marker trajectories into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    imu = pd.read_csv(example_data / "imu_sample.csv", header=[0, 1], index_col=0)
    written = []
    for side in ("left", "right"):
        shoe = imu[f"{side}_sensor"][["acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"]].copy()
        shoe.insert(0, "time_s", np.arange(len(shoe)) / IMU_RATE_HZ)
        path = out / f"shoe_{side}.csv"
        shoe.to_csv(path, index=False, float_format="%.6f")
        written.append(path)
    mocap = pd.read_csv(example_data / "mocap_sample.csv", header=[0, 1], index_col=0)
    mocap.columns = [f"{marker}_{axis}" for marker, axis in mocap.columns]
    mocap.insert(0, "time_s", np.arange(len(mocap)) / MOCAP_RATE_HZ)
    path = out / "markers.csv"
    mocap.to_csv(path, index=False, float_format="%.3f")
    steps = pd.read_csv(example_data / "stride_events_sample.csv")
    events = []
    for side, rows in steps.groupby("foot"):
        for event, columns in (("IC", ["ic", "pre_ic"]), ("FC", ["tc"])):
            samples = np.unique(rows[columns].to_numpy(float).ravel())
            events.append(pd.DataFrame({"time_s": samples / IMU_RATE_HZ, "event": event, "side": side}))
    ev_path = out / "events.csv"
    pd.concat(events).sort_values("time_s").to_csv(ev_path, index=False, float_format="%.4f")
    return [*written, path, ev_path]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("example_data", type=Path, help="gaitmap's example_data folder")
    ap.add_argument("out", type=Path, help="folder to write the recordings into")
    args = ap.parse_args()
    for path in convert(args.example_data, args.out):
        print(path)


if __name__ == "__main__":
    main()
