"""Write the files in sample_data/ (deterministic). Run: python scripts/make_sample_data.py"""

from __future__ import annotations

from pathlib import Path

from gaitcoach.io import writers
from gaitcoach.synthetic import periodic_recording

OUT = Path(__file__).resolve().parents[1] / "sample_data"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    phone = periodic_recording(rate_hz=100.0, duration_s=30.0, started_at="2024-05-01T08:00:00Z")
    (OUT / "phone_sensor_logger_android.zip").write_bytes(writers.write_sensor_logger(phone))
    (OUT / "phone_phyphox.zip").write_bytes(writers.write_phyphox(phone))
    (OUT / "phone_generic.csv").write_bytes(writers.write_generic_csv(phone))
    watch = periodic_recording(
        rate_hz=25.0, duration_s=60.0, gyro=False, started_at="2024-05-02T07:30:00Z", cadence_spm=112.0
    )
    (OUT / "watch_walk_compressed_accel.fit").write_bytes(writers.write_fit(watch, layout="compressed"))
    for p in sorted(OUT.iterdir()):
        print(f"{p.name:40s} {p.stat().st_size:>9,d} bytes")


if __name__ == "__main__":
    main()
