"""Write mobgap's example lower-back recordings in the layout of ``../shared/data/lumbar``, for the benchmarks.

Run: python scripts/mobgap_example_data.py EXAMPLE_DATA OUT_DIR

``EXAMPLE_DATA`` is the ``example_data`` folder of mobgap's source distribution (Apache-2.0; Mobilise-D's
laboratory example data: healthy adults HA001 and HA002 and a person with multiple sclerosis, MS001, each with a
straight walk twice, Test5, and a few minutes of simulated daily life, Test11, at 100 Hz, with INDIP and
Stereophoto references). Get it once, on a machine with network access, with::

    pip download --no-deps --no-binary :all: mobgap==1.2.0 && tar xzf mobgap-1.2.0.tar.gz

then ``python benchmarks/bench_lumbar.py --data OUT_DIR`` scores every recording in it. The project ships none
of this data; gaitcoach itself never reads it.

Each recording becomes ``<cohort><id>_<test>_<trial>.csv`` (``time_s``, ``acc_*`` [m/s²], ``gyr_*`` [deg/s];
the file's accelerometer is in g, times 9.81) and ``..._reference.json``: the participant's metadata and, per
reference system, its micro walking bouts (start and end, initial and final contacts in time order with their
sides, stride lengths (null where the reference has none), cadence, speed). Contacts the reference could not
place (NaN) are left out. Written this
way, HA001 reproduces ``../shared/data/lumbar`` event for event.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

G_MPS2 = 9.81  # the factor of ../shared's HA001 files (m/s² = g x 9.81)


def _events(times: object, sides: object) -> tuple[list[float], list[str]]:
    """Contact times in time order with their sides, NaN left out."""
    t = np.atleast_1d(np.asarray(times, dtype=float))
    s = np.array([str(x).lower() for x in np.atleast_1d(sides)], dtype=object)
    order = np.argsort(t, kind="stable")
    order = order[np.isfinite(t[order])]
    return t[order].tolist(), s[order].tolist()


def _bout(b: dict) -> dict:
    ic, ic_side = _events(b["InitialContact_Event"], b["InitialContact_LeftRight"])
    fc, fc_side = _events(b["FinalContact_Event"], b["FinalContact_LeftRight"])
    strides = np.atleast_1d(np.asarray(b["Stride_Length"], dtype=float)).tolist()
    return {
        "start_s": float(b["Start"]),
        "end_s": float(b["End"]),
        "ic_s": ic,
        "ic_side": ic_side,
        "fc_s": fc,
        "fc_side": fc_side,
        "stride_length_m": [None if np.isnan(x) else x for x in strides],  # as JSON null
        "cadence_spm": float(b["Cadence"]),
        "walking_speed_mps": float(b["WalkingSpeed"]),
    }


def convert(example_data: Path, out: Path) -> list[str]:
    """Write every lower-back recording of mobgap's example data into ``out``; returns their names."""
    from scipy.io import loadmat

    meta = json.loads((example_data / "data_csv" / "participant_metadata.json").read_text())
    out.mkdir(parents=True, exist_ok=True)
    names = []
    for mat in sorted((example_data / "data" / "lab").glob("*/*/data.mat")):
        cohort, pid = mat.parent.parent.name, mat.parent.name
        visit = loadmat(mat, simplify_cells=True)["data"]["TimeMeasure1"]
        for test, trials in visit.items():
            for trial, t in trials.items():
                back = t["SU"]["LowerBack"]
                fs = float(back["Fs"]["Acc"])
                n = len(back["Acc"])
                name = f"{cohort}{pid}_{test}_{trial}"
                table = np.column_stack([np.arange(n) / fs, np.asarray(back["Acc"]) * G_MPS2, back["Gyr"]])
                np.savetxt(out / f"{name}.csv", table, delimiter=",", fmt="%.6f",
                           header="time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z", comments="")  # fmt: skip
                refs = {}
                for system, standard in t["Standards"].items():
                    bouts = standard.get("MicroWB", [])
                    refs[system] = [_bout(b) for b in ([bouts] if isinstance(bouts, dict) else bouts)]
                ref = {"sampling_rate_hz": fs, "participant": meta[cohort][pid], "references": refs}
                (out / f"{name}_reference.json").write_text(json.dumps(ref))
                names.append(name)
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("example_data", type=Path, help="mobgap's example_data folder")
    ap.add_argument("out", type=Path, help="folder to write the recordings and references into")
    args = ap.parse_args()
    for name in convert(args.example_data, args.out):
        print(name)


if __name__ == "__main__":
    main()
