"""Golden checks on sample_data/: every file loads, and matches the truth the simulator wrote beside it."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gaitcoach

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
FILES = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".zip", ".csv", ".fit") and "truth" not in p.parts)
EXPECTED = {
    "belt_lower_back_phyphox.zip": ("phyphox", "2024-05-07T12:10:00Z"),
    "pocket_right_generic.csv": ("generic_csv", "2024-05-08T17:30:00Z"),
    "shoe_left_sensor_logger.zip": ("sensor_logger", "2024-05-06T07:40:00Z"),
    "shoe_right_sensor_logger.zip": ("sensor_logger", "2024-05-06T07:40:00Z"),
    "watch_walk.fit": ("fit", "2024-05-09T06:55:00Z"),
}


def test_the_set_is_complete_and_small():
    names = {p.name for p in FILES}
    assert set(EXPECTED) <= names
    assert len([p for p in FILES if p.parent.name == "weeks"]) == 8
    assert sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file()) < 5e6


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_sample_file_matches_its_truth(path):
    rec = gaitcoach.load(path)
    rel = path.relative_to(SAMPLES)
    truth = SAMPLES / "truth" / rel.parent / f"{path.name}.events.csv"
    events = pd.read_csv(truth)
    assert rec.has_signals and rec.sampling_rate_hz in (25.0, 50.0, 100.0)
    # Every event of the walk lies inside the recording, and the recording covers the walk.
    assert events["time_s"].max() < rec.duration_s + 0.1
    assert rec.duration_s < events["time_s"].max() + 10.0
    standing = rec.signals.loc[: rec.signals.index[0] + 1.0, ["acc_x", "acc_y", "acc_z"]]  # 2 s lead-in
    assert np.median(np.linalg.norm(standing, axis=1)) == pytest.approx(9.81, abs=0.1)
    if path.name in EXPECTED:
        fmt, start = EXPECTED[path.name]
        assert rec.source_format == fmt
        assert abs(rec.started_at - pd.Timestamp(start)) < pd.Timedelta(seconds=0.05)  # first sample, with jitter


def test_watch_records_and_weeks_trend():
    watch = gaitcoach.load(SAMPLES / "watch_walk.fit")
    walking = watch.summary["cadence_spm"] > 0
    assert watch.summary.loc[walking, "cadence_spm"].median() == pytest.approx(114.0, abs=0.1)
    weeks = sorted((SAMPLES / "truth" / "weeks").glob("*.strides.csv"))
    fpa = [pd.read_csv(p)["fpa_deg"].iloc[0] for p in weeks]
    assert fpa == sorted(fpa, reverse=True) and fpa[0] - fpa[-1] == pytest.approx(7.0)
