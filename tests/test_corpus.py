"""Every real file in ../shared/corpus loads with correct units; the intentionally broken ones fail clearly.

Skipped where ../shared is absent (a user's clone).
"""

import numpy as np
import pandas as pd
import pytest

import gaitcoach
from conftest import SHARED
from gaitcoach.errors import GaitcoachError, NoSensorDataError

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")

FIT_FILES = sorted(p.name for p in (CORPUS / "fit").glob("*") if p.suffix.lower() == ".fit") if CORPUS.is_dir() else []
# FIT SDK's developer-data sample: 3 records without timestamps (a format sample, not an activity).
NO_ACTIVITY = {"python-fitparse__DeveloperData.fit"}
DAMAGED = {
    "python-fitparse__activity-unexpected-eof.fit": "ends early",
    "python-fitparse__activity-filecrc.fit": "CRC",
    "python-fitparse__activity-activity-filecrc.fit": "CRC",
    "python-fitparse__activity-settings-corruptheader.fit": "broken header",
    "python-fitparse__activity-settings-nodata.fit": "ends early",
    "python-fitparse__strava-android-app-201.10-b1218918.fit": "ends early",
}


@pytest.mark.parametrize("name", FIT_FILES)
def test_real_fit_files(name):
    path = CORPUS / "fit" / name
    if name in NO_ACTIVITY:
        with pytest.raises(NoSensorDataError, match=name):
            gaitcoach.load(path)
        return
    rec = gaitcoach.load(path)
    assert rec.started_at is not None and rec.duration_s > 0
    assert len(rec.summary) or rec.has_signals
    if name in DAMAGED:
        assert any(DAMAGED[name] in w for w in rec.warnings), rec.warnings
    session = rec.info.get("session_avg_cadence_spm")
    if session and "cadence_spm" in rec.summary and session > 60:
        # The device's own session average (steps/min) matches the records' cadence, averaged over the whole
        # session or over the moving part, as devices differ in which they report.
        cad = rec.summary["cadence_spm"]
        moving = cad[cad > 0.5 * session]
        assert min(abs(cad.mean() - session), abs(moving.mean() - session)) < 0.04 * session


def test_fenix5_walk_cadence_in_steps_per_minute():
    rec = gaitcoach.load(CORPUS / "fit" / "python-fitparse__garmin-fenix-5-walk.fit")
    assert rec.sport == "walking"
    assert 100 < rec.summary["cadence_spm"].median() < 135  # 58 strides/min -> 116 steps/min
    assert 0.5 < rec.summary["step_length_m"].median() < 1.0
    assert 0.2 < rec.summary["stance_time_s"].median() < 0.5
    assert 40 < rec.summary["stance_time_balance_pct"].median() < 60


@pytest.mark.parametrize("name", ["garmin_sandbox__2956348035.fit", "garmin_sandbox__pitch_counter_8_pitches.FIT"])
def test_real_watch_accelerometer_is_signed_and_in_si(name):
    rec = gaitcoach.load(CORPUS / "fit" / name)
    assert rec.sampling_rate_hz == pytest.approx(25.0)
    acc = rec.signals[["acc_x", "acc_y", "acc_z"]].to_numpy()
    assert np.abs(acc).max() < 16 * 9.81  # no 65 000 mG values left
    assert np.median(np.linalg.norm(acc, axis=1)) == pytest.approx(9.81, rel=0.25)


def test_developer_field_accelerometer():
    rec = gaitcoach.load(CORPUS / "fit" / "garmin_sandbox__2918975969.fit")
    assert rec.sampling_rate_hz == pytest.approx(15.0, rel=0.01)
    assert {"mag_x", "acc_x"} <= set(rec.channels)
    norm = pd.Series(np.linalg.norm(rec.signals[["acc_x", "acc_y", "acc_z"]].to_numpy(), axis=1))
    still = norm.rolling(15).std() < 0.3  # one second without motion: |a| is gravity alone
    assert still.sum() > 100
    assert norm[still].median() == pytest.approx(9.81, rel=0.03)  # millig -> m/s^2


def test_synthetic_fit_imu():
    for p in sorted((CORPUS / "fit_synth").glob("*.fit")):
        rec = gaitcoach.load(p)
        assert rec.has_gyro and rec.sampling_rate_hz == pytest.approx(25.0)
        assert np.median(np.linalg.norm(rec.signals[["acc_x", "acc_y", "acc_z"]], axis=1)) == pytest.approx(
            9.81, rel=0.1
        )
        # its synthetic trunk bobs twice per step of the cadence it records: the raw motion's cadence is noted
        # against the device's own, whose count stands where the placement was only guessed
        guessed = gaitcoach.analyze(rec)
        assert [n for n in guessed.notes if "223 steps/min" in n and "device's own records 113" in n]
        assert guessed.strides.empty and guessed.summary.cadence_spm == pytest.approx(113.0)
        said = gaitcoach.analyze(rec.replace(placement="lumbar"))  # as said: the raw motion is analysed
        assert said.summary.cadence_spm == pytest.approx(223.0, abs=2.0) and len(said.strides) > 50


def test_phone_exports():
    csv = CORPUS / "csv"
    ios = gaitcoach.load(csv / "sensorlogger_ios__jmandzak")
    g = np.linalg.norm(ios.signals[["acc_x", "acc_y", "acc_z"]], axis=1)
    assert np.median(g) == pytest.approx(9.81, rel=0.05)  # Accelerometer + Gravity, iOS sign
    assert ios.device == "iPhone 13" and any("1000 ms" in w for w in ios.warnings)
    andro = gaitcoach.load(csv / "androsensor__jmandzak" / "walking1.csv")
    assert andro.source_format == "androsensor" and andro.sampling_rate_hz == pytest.approx(2.0)
    assert np.median(np.linalg.norm(andro.signals[["acc_x", "acc_y", "acc_z"]], axis=1)) == pytest.approx(
        9.81, rel=0.15
    )
    ptb = gaitcoach.load(csv / "physicstoolbox__projetingenieur" / "2023-03-0108.32.38.csv")
    assert ptb.source_format == "physics_toolbox" and len(ptb.segments) >= 2  # the 29-min gap is kept
    assert ptb.gaps["duration_s"].max() > 25 * 60
    assert str(ptb.started_at.date()) == "2023-03-01"
    phy = gaitcoach.load(csv / "phyphox__sannatikk_walk")
    assert phy.source_format == "phyphox" and not phy.acc_includes_gravity
    assert phy.sampling_rate_hz == pytest.approx(100.0, rel=0.02)
    assert phy.started_at.isoformat().startswith("2025-02-12T17:25:34")


@pytest.mark.parametrize("name", ["Annotation.csv", "Barometer.csv", "Metadata.csv"])
def test_sensor_logger_files_without_motion_fail_clearly(name):
    with pytest.raises(GaitcoachError, match=name):
        gaitcoach.load(CORPUS / "csv" / "sensorlogger_ios__jmandzak" / name)


@pytest.fixture(scope="module")
def corpus_recordings() -> list:
    """Every corpus file that loads (FIT, synthetic FIT, phone CSV), loaded once."""
    files = [p for p in (CORPUS / "fit").glob("*") if p.suffix.lower() == ".fit"]
    files += sorted((CORPUS / "fit_synth").glob("*.fit"))
    files += [p for p in sorted((CORPUS / "csv").rglob("*")) if p.is_file() and p.suffix.lower() in (".csv", ".txt")]
    recordings = []
    for path in sorted(files):
        try:
            recordings.append(gaitcoach.load(path))
        except GaitcoachError:
            continue
    return recordings


def test_every_corpus_file_is_analysed_or_refused_clearly(corpus_recordings):
    # whatever the file holds (watch records, a swim, a pitch counter, sinusoidal test signals, a phone's linear
    # acceleration) and wherever the user says it was worn: a result, or one of gaitcoach's errors
    # (two sinusoidal test files had crashed the lower back's toe-off search: a bout without a toe-off)
    assert len(corpus_recordings) >= 20
    for placement in (None, "foot", "lumbar", "pocket", "wrist"):
        for rec in corpus_recordings:
            try:
                result = gaitcoach.analyze(rec.replace(placement=placement) if placement else rec, height_m=1.7)
            except GaitcoachError:
                continue
            assert result.summary is not None, (rec.file_name, placement)


def test_real_records_walking_is_walking():
    # a fenix 2 multisport file: hours labelled only "generic" at 2.1 m/s and 60-80 "steps"/min (paddle strokes,
    # 1.6 m a step) had read as 44 min of walking; a vivoactive HR walk, its 1 Hz GPS distance jumping by metres,
    # keeps every walking second; the fenix 5 walk stays whole
    from gaitcoach.gait.records import summarize_records

    def walking_s(name: str) -> float:
        rec = gaitcoach.load(CORPUS / "fit" / name)
        return summarize_records(rec.summary, rec.laps)["walking_time_s"]

    assert walking_s("python-fitparse__activity-large-fenxi2-multisport.fit") < 5 * 60
    assert walking_s("garmin_sandbox__2918975969.fit") == 741
    assert walking_s("python-fitparse__garmin-fenix-5-walk.fit") == 34
