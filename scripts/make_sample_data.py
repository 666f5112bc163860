"""Write the files in sample_data/ from the walking simulator (deterministic: fixed seeds).

Run: python scripts/make_sample_data.py
Each file gets its truth in sample_data/truth/ (<file>.events.csv, <file>.strides.csv, and for the lower back
<file>.pelvis.csv); sample_data/README.md describes them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from gaitcoach.io import writers
from gaitcoach.simulate import WalkSpec, WalkTruth, activity_records, simulate

OUT = Path(__file__).resolve().parents[1] / "sample_data"

#: One walk (shared by both shoes): out-toeing on both feet, a weak push-off on the right.
SHOES = dict(
    cadence_spm=108.0,
    stride_length_m=1.36,
    bouts=(12, 10),
    pause_s=4.0,
    turns=((22, 180.0),),
    fpa_deg=(15.0, 13.0),
    toe_off_angle_deg=(-60.0, -42.0),
    push_off_dps=(-350.0, -220.0),
    rate_hz=100.0,
    jitter_s=0.0008,
    acc_noise_mps2=0.03,
    gyr_noise_dps=0.4,
    seed=11,
    started_at="2024-05-06T07:40:00Z",
)


def _truth(name: str, truth: WalkTruth) -> None:
    folder = (OUT / "truth" / name).parent
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(name).name
    truth.events.to_csv(folder / f"{name}.events.csv", index=False, float_format="%.4f")
    truth.strides.to_csv(folder / f"{name}.strides.csv", index=False, float_format="%.4f")
    if truth.spec.placement == "lumbar":
        truth.pelvis.to_csv(folder / f"{name}.pelvis.csv", index=False, float_format="%.3f")


def _write(name: str, data: bytes, truth: WalkTruth) -> None:
    (OUT / name).write_bytes(data)
    _truth(name, truth)


def main() -> None:
    if OUT.exists():
        for p in OUT.iterdir():
            if p.name != "README.md":
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    OUT.mkdir(exist_ok=True)
    left, truth = simulate(WalkSpec(placement="foot", side="left", mounting_deg=(20.0, 35.0, -90.0), **SHOES))
    _write("shoe_left_sensor_logger.zip", writers.write_sensor_logger(left, platform="android"), truth)
    right, truth = simulate(WalkSpec(placement="foot", side="right", mounting_deg=(-160.0, 30.0, 85.0), **SHOES))
    _write("shoe_right_sensor_logger.zip", writers.write_sensor_logger(right, platform="ios"), truth)
    belt, truth = simulate(
        WalkSpec(
            placement="lumbar",
            cadence_spm=104.0,
            stride_length_m=1.30,
            bouts=(20,),
            step_time_asymmetry_pct=8.0,
            pelvic_drop_deg=(2.5, 6.0),
            height_m=1.70,
            mounting_deg=(0.0, -12.0, 4.0),
            jitter_s=0.001,
            acc_noise_mps2=0.03,
            gyr_noise_dps=0.3,
            seed=12,
            started_at="2024-05-07T12:10:00Z",
        )
    )
    _write("belt_lower_back_phyphox.zip", writers.write_phyphox(belt), truth)
    pocket, truth = simulate(
        WalkSpec(
            placement="pocket",
            side="right",
            cadence_spm=112.0,
            bouts=(16,),
            mounting_deg=(15.0, 0.0, 180.0),
            acc_noise_mps2=0.03,
            gyr_noise_dps=0.3,
            seed=13,
            started_at="2024-05-08T17:30:00Z",
        )
    )
    _write("pocket_right_generic.csv", writers.write_generic_csv(pocket, absolute_time=True), truth)
    watch, truth = simulate(
        WalkSpec(
            placement="wrist",
            side="left",
            cadence_spm=114.0,
            bouts=(40,),
            rate_hz=25.0,
            acc_noise_mps2=0.05,
            seed=14,
            started_at="2024-05-09T06:55:00Z",
        )
    )
    watch = watch.replace(summary=activity_records(truth, watch.duration_s))
    _write("watch_walk.fit", writers.write_fit(watch, layout="compressed"), truth)
    # Four weeks, two sessions a week, left shoe: toe-out eases from 16 to 9 deg, the walks get longer.
    weeks = OUT / "weeks"
    weeks.mkdir()
    for i in range(8):
        day = pd.Timestamp("2024-04-01T07:30:00Z") + pd.Timedelta(days=7 * (i // 2) + 3 * (i % 2))
        fpa = 16.0 - i
        rec, truth = simulate(
            WalkSpec(
                placement="foot",
                side="left",
                cadence_spm=104.0 + i,
                bouts=(8 + 2 * i,),
                fpa_deg=(fpa, fpa),
                rate_hz=50.0,
                mounting_deg=(0.0, 30.0, 0.0),
                acc_noise_mps2=0.03,
                gyr_noise_dps=0.4,
                seed=100 + i,
                started_at=day.isoformat(),
            )
        )
        name = f"weeks/{day:%Y-%m-%d}_left_shoe.fit"
        _write(name, writers.write_fit(rec), truth)
    for p in sorted(OUT.rglob("*")):
        if p.is_file() and "truth" not in p.parts:
            print(f"{p.relative_to(OUT)!s:45s} {p.stat().st_size:>9,d} bytes")


if __name__ == "__main__":
    main()
