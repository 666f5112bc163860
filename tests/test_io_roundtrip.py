"""Write a known recording in every supported format, load it back, and compare."""

import numpy as np
import pandas as pd
import pytest

import gaitcoach
from conftest import make_recording
from gaitcoach.io import writers
from gaitcoach.model import ACC_COLUMNS, GRAVITY_MPS2


def _compare(original, loaded, columns, atol):
    assert loaded.sampling_rate_hz == pytest.approx(original.sampling_rate_hz, rel=1e-6)
    a = original.signals[list(columns)]
    b = loaded.signals[list(columns)]
    assert len(b) == len(a)
    np.testing.assert_allclose(b.index.to_numpy(), a.index.to_numpy(), atol=1e-6)
    np.testing.assert_allclose(b.to_numpy(), a.to_numpy(), atol=atol)


CASES = [
    # name, writer, file name, columns, tolerance (format precision)
    ("generic_csv", writers.write_generic_csv, "walk.csv", "all", 1e-5),
    ("phyphox", writers.write_phyphox, "walk.zip", "all", 1e-6),
    # ns epoch times carry ~0.2 µs float rounding: 1e-3 deg/s on a 1400 deg/s/s slope
    ("sensor_logger", writers.write_sensor_logger, "walk.zip", "all", 1e-3),
    ("sensor_logger", lambda r: writers.write_sensor_logger(r, platform="ios"), "walk.zip", "all", 1e-3),
    ("androsensor", writers.write_androsensor, "walk.csv", "acc+gyr", 1e-4),
    ("fit", writers.write_fit, "walk.fit", "all", 1e-3),  # float32
    ("fit", lambda r: writers.write_fit(r, layout="counts"), "walk.fit", "acc+gyr", 0.02),  # 1 mg, 1/40 deg/s
    ("fit", lambda r: writers.write_fit(r, layout="developer"), "walk.fit", "acc", 0.005),  # 1 millig
]


@pytest.mark.parametrize(("fmt", "write", "fname", "columns", "atol"), CASES)
def test_round_trip(fmt, write, fname, columns, atol):
    rec = make_recording(mag=True)
    data = write(rec)
    loaded = gaitcoach.load(data, name=fname)
    assert loaded.source_format == fmt
    cols = {"all": rec.channels, "acc+gyr": rec.channels[:6], "acc": ACC_COLUMNS}[columns]
    _compare(rec, loaded, cols, atol)
    # a generic CSV with relative time has no wall clock
    assert loaded.started_at == (None if fmt == "generic_csv" else rec.started_at)
    assert loaded.acc_includes_gravity
    assert loaded.sha256 and loaded.file_name == fname


def test_physics_toolbox_round_trip():
    rec = make_recording(gyro=False)
    name, data = writers.write_physics_toolbox(rec)
    loaded = gaitcoach.load(data, name=name)
    assert loaded.source_format == "physics_toolbox"
    _compare(rec, loaded, ACC_COLUMNS, 1e-3)  # 4 decimals of g
    assert loaded.started_at == rec.started_at  # date from the file name, clock from the rows


def test_sensor_logger_ios_sign_is_android_convention():
    """iOS reports acceleration with the opposite sign; gaitcoach returns specific force (+g up at rest)."""
    rec = make_recording()
    ios = gaitcoach.load(writers.write_sensor_logger(rec, platform="ios"), name="ios.zip")
    assert ios.signals["acc_z"].mean() == pytest.approx(rec.signals["acc_z"].mean(), abs=1e-3)
    assert ios.signals["acc_z"].mean() > 9.0


def test_fit_records_and_cadence():
    rec = make_recording(cadence_spm=113.0)
    loaded = gaitcoach.load(writers.write_fit(rec), name="walk.fit")
    s = loaded.summary
    assert s["cadence_spm"].median() == pytest.approx(113.0, abs=1 / 64)  # FIT fractional cadence is 1/128 stride
    assert s["step_length_m"].median() == pytest.approx(0.68, abs=1e-3)
    assert s["stance_time_s"].median() == pytest.approx(0.62, abs=1e-3)
    assert s["stance_time_balance_pct"].median() == pytest.approx(50.8, abs=0.01)
    assert s["speed_mps"].median() == pytest.approx(1.25, abs=1e-3)
    assert loaded.info["session_avg_cadence_spm"] == pytest.approx(113.0, abs=1 / 32)
    assert loaded.sport == "walking"
    assert s["timestamp"].iloc[0] == pd.Timestamp("2024-05-01T08:00:00Z")
    assert set(loaded.laps["kind"]) == {"session", "lap"}


@pytest.mark.parametrize("unsigned", [False, True])
def test_fit_compressed_accelerometer(unsigned):
    rec = make_recording(rate_hz=25.0, gyro=False)
    loaded = gaitcoach.load(writers.write_fit(rec, layout="compressed", declare_unsigned=unsigned), name="w.fit")
    assert loaded.sampling_rate_hz == pytest.approx(25.0)
    a = rec.signals[list(ACC_COLUMNS)].to_numpy()
    b = loaded.signals[list(ACC_COLUMNS)].reindex(rec.signals.index, method="nearest", tolerance=1e-6).to_numpy()
    close = np.isclose(b, a, atol=0.0051)  # 1 mG steps
    # With uint16 declared, -1 mG is the "invalid" value 0xFFFF and that one sample is interpolated.
    assert close.mean() > 0.99
    assert np.median(np.linalg.norm(b, axis=1)) == pytest.approx(np.median(np.linalg.norm(a, axis=1)), abs=0.01)
    assert any("unsigned" in w for w in loaded.warnings) == unsigned


def test_gyro_units_of_a_long_sit_with_a_short_walk_are_read_from_the_walk(tmp_path):
    # a lower back sitting 5 minutes, then walking 10 strides: 99 % of the samples turn under 25 deg/s
    from gaitcoach.simulate import WalkSpec, simulate

    rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(10,), lead_in_s=300.0, gyr_noise_dps=0.3))
    table = rec.signals.reset_index()[["time_s", "acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"]]
    assert np.percentile(np.abs(table[["gyr_x", "gyr_y", "gyr_z"]].to_numpy()), 99) < 25.0
    path = tmp_path / "belt.csv"  # no units in the header: told from the values
    table.to_csv(path, index=False)
    back = gaitcoach.load(path)
    assert np.allclose(back.signals["gyr_z"].to_numpy(), rec.signals["gyr_z"].to_numpy(), atol=1e-6)


def test_gyro_unit_check_on_every_real_recording(shared):
    from gaitcoach.io.generic_csv import gyro_unit_check

    files = sorted((shared / "data").glob("*/*.csv"))
    assert len(files) >= 20
    for path in files:  # feet, lower backs and thighs, 100-205 Hz, all in deg/s
        df = pd.read_csv(path)
        t = df["time_s"].to_numpy()
        acc, gyr = df[["acc_x", "acc_y", "acc_z"]].to_numpy(), df[["gyr_x", "gyr_y", "gyr_z"]].to_numpy()
        assert gyro_unit_check(t, acc, gyr) == 1.0, path.name
        assert gyro_unit_check(t, acc, np.degrees(gyr)) < 1.0, path.name  # deg/s values taken for rad/s


def _styled_csv(rec, style: str) -> bytes:
    """``rec`` written as other apps name their columns (units in the values as the names say)."""
    t = rec.signals.index.to_numpy()
    acc = rec.signals[list(ACC_COLUMNS)].to_numpy()
    gyr = rec.signals[["gyr_x", "gyr_y", "gyr_z"]].to_numpy()
    if style == "sensorlog_ios":  # SensorLog (iOS): camelCase names, g and rad/s, a date-time text clock
        clock = (pd.Timestamp("2021-03-25 10:48:31") + pd.to_timedelta(t, unit="s")).strftime("%Y-%m-%d %H:%M:%S.%f")
        out = pd.DataFrame({"loggingTime(txt)": clock.str[:-3] + " +0100", "loggingSample(N)": np.arange(len(t))})
        for i, a in enumerate("XYZ"):
            out[f"accelerometerAcceleration{a}(G)"] = acc[:, i] / 9.80665
        for i, a in enumerate("XYZ"):
            out[f"gyroRotation{a}(rad/s)"] = np.radians(gyr[:, i])
    else:  # axis first, nanosecond clock
        out = pd.DataFrame({"time_ns": np.round(t * 1e9).astype(np.int64)})
        for i, a in enumerate("xyz"):
            out[f"{a}_acc"] = acc[:, i]
        for i, a in enumerate("xyz"):
            out[f"{a}_gyro"] = gyr[:, i]
    return out.to_csv(index=False, float_format="%.7f").encode()


@pytest.mark.parametrize("style", ["sensorlog_ios", "axis_first_ns"])
def test_other_apps_column_names(style):
    # names that had found no columns ("accelerometerAccelerationX(G)", "x_acc") or no clock ("time_ns")
    rec = make_recording()
    loaded = gaitcoach.load(_styled_csv(rec, style), name="walk.csv")
    _compare(rec, loaded, list(ACC_COLUMNS) + ["gyr_x", "gyr_y", "gyr_z"], 2e-4)


def test_a_csv_without_a_time_column_loads_at_the_given_rate():
    # research exports (mobgap's, for one) number their samples instead of timing them; a gap in the numbers is kept
    from gaitcoach.errors import NoSensorDataError, UnitError

    rec = make_recording()
    table = rec.signals.reset_index(drop=True)
    numbers = np.arange(len(table))
    numbers[len(table) // 2 :] += 300  # three seconds missing in the middle
    table.insert(0, "samples", numbers)
    data = table.to_csv(index=False, float_format="%.7f").encode()
    with pytest.raises(NoSensorDataError, match="rate_hz"):
        gaitcoach.load(data, name="numbered.csv")
    with pytest.raises(UnitError, match="not a rate"):
        gaitcoach.load(data, name="numbered.csv", units={"rate_hz": "fast"})
    loaded = gaitcoach.load(data, name="numbered.csv", units={"rate_hz": str(rec.sampling_rate_hz)})
    assert loaded.sampling_rate_hz == pytest.approx(rec.sampling_rate_hz)
    assert loaded.duration_s == pytest.approx(numbers[-1] / rec.sampling_rate_hz, abs=0.02)
    assert len(loaded.gaps) == 1 and loaded.gaps["duration_s"].iloc[0] == pytest.approx(3.0, abs=0.05)
    np.testing.assert_allclose(loaded.signals[list(ACC_COLUMNS)].to_numpy(), table[list(ACC_COLUMNS)].to_numpy(),
                               atol=1e-5)  # fmt: skip


def _as_sensor_logger_json(zipped: bytes) -> bytes:
    """The app's JSON export of the same recording: one array of readings naming their sensor, values as strings."""
    import io
    import json
    import zipfile

    readings = []
    with zipfile.ZipFile(io.BytesIO(zipped)) as z:
        for member in z.namelist():
            if member.endswith(".csv") and member != "Metadata.csv":
                table = pd.read_csv(z.open(member), dtype=str)
                sensor = member.rsplit("/", 1)[-1].removesuffix(".csv")
                readings += [{"sensor": sensor, **row} for row in table.to_dict(orient="records")]
    return json.dumps(readings).encode()


@pytest.mark.parametrize("platform", ["android", "ios"])
def test_sensor_logger_json_export_reads_as_its_zip(tmp_path, platform):
    rec = make_recording()
    zipped = writers.write_sensor_logger(rec, platform=platform)
    (tmp_path / "walk.zip").write_bytes(zipped)
    (tmp_path / "walk.json").write_bytes(_as_sensor_logger_json(zipped))
    from_zip, from_json = gaitcoach.load(tmp_path / "walk.zip"), gaitcoach.load(tmp_path / "walk.json")
    assert from_json.source_format == "sensor_logger" and from_json.channels == from_zip.channels
    assert np.allclose(from_json.signals.to_numpy(), from_zip.signals.to_numpy(), atol=1e-6)
    assert from_json.started_at == from_zip.started_at
    # cut short, or another program's JSON: said plainly
    (tmp_path / "cut.json").write_bytes(_as_sensor_logger_json(zipped)[:5000])
    with pytest.raises(
        gaitcoach.errors.CorruptFileError, match="cut.json: this Sensor Logger JSON export does not parse"
    ):
        gaitcoach.load(tmp_path / "cut.json")
    (tmp_path / "other.json").write_text('{"steps": 1200}')
    with pytest.raises(gaitcoach.errors.UnsupportedFormatError, match="other.json: this JSON file is not one"):
        gaitcoach.load(tmp_path / "other.json")


def test_a_sensor_logger_json_export_too_large_to_read_whole_is_refused(tmp_path, monkeypatch):
    from gaitcoach.io import sensor_logger

    rec = make_recording()
    (tmp_path / "walk.json").write_bytes(_as_sensor_logger_json(writers.write_sensor_logger(rec)))
    monkeypatch.setattr(sensor_logger, "JSON_MAX_BYTES", 10_000)
    with pytest.raises(gaitcoach.errors.FileTooLargeError, match="walk.json: .* Export the recording as zipped CSV"):
        gaitcoach.load(tmp_path / "walk.json")


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"names": False},
        {"timestamps": True, "date_format": "d/M/yyyy"},
        {"names": False, "timestamps": True, "date_format": "yyyy-MM-dd", "pad": True},
    ],
)
@pytest.mark.parametrize("gyro", [False, True])
def test_actigraph_raw_csv_round_trip(kwargs, gyro):
    """ActiLife's raw CSV: rate and start from its ten header lines, g to m/s^2 (a GT9X's gyroscope in deg/s and
    magnetometer in µT), with or without column names, a timestamp column, padded lines, any date format."""
    rec = make_recording(gyro=gyro, mag=gyro)
    loaded = gaitcoach.load(writers.write_actigraph_csv(rec, **kwargs), name="NEO1F18120387 (2024-05-01)RAW.csv")
    assert loaded.source_format == "actigraph"
    columns = rec.channels if gyro and kwargs.get("names", True) else ACC_COLUMNS
    _compare(rec, loaded, columns, 1e-4)  # 5 decimals of g
    assert loaded.started_at == rec.started_at
    assert loaded.device.startswith("ActiGraph") and "NEO1F18120387" in loaded.device


def test_actigraph_walk_is_analysed_like_the_recording():
    """A simulated belt walk through ActiLife's CSV: the lower back's analysis finds the same heel strikes."""
    from gaitcoach.gait.lumbar import analyze_lumbar
    from gaitcoach.simulate import WalkSpec, simulate

    rec, truth = simulate(WalkSpec(placement="lumbar", bouts=(30,), rate_hz=100.0, gyr_noise_dps=0.0))
    loaded = gaitcoach.load(writers.write_actigraph_csv(rec.replace(signals=rec.signals[list(ACC_COLUMNS)])),
                            name="belt.csv", placement="lumbar")  # fmt: skip
    found = analyze_lumbar(loaded, height_m=1.75).events
    ic = np.sort(found.loc[found["event"] == "IC", "time_s"].to_numpy())
    true_ic = np.sort(truth.events.loc[truth.events["event"] == "IC", "time_s"].to_numpy())
    assert len(ic) == len(true_ic)
    assert np.abs(ic - true_ic).max() < 0.02


def test_actigraph_epoch_and_broken_files_are_refused_clearly():
    rec = make_recording(gyro=False)
    data = writers.write_actigraph_csv(rec).decode()
    epoch = data.replace("Epoch Period (hh:mm:ss) 00:00:00", "Epoch Period (hh:mm:ss) 00:01:00")
    with pytest.raises(gaitcoach.GaitcoachError, match="epoch file.*raw"):
        gaitcoach.load(epoch.encode(), name="counts.csv")
    no_rate = data.replace(" at 100 Hz", "")
    with pytest.raises(gaitcoach.GaitcoachError, match="no sampling rate") as info:
        gaitcoach.load(no_rate.encode(), name="broken.csv")
    assert "broken.csv" in str(info.value)
    lines = data.splitlines()
    counts = "\n".join(
        lines[:11] + [",".join(f"{2048 + 400 * float(v):.0f}" for v in ln.split(",")) for ln in lines[11:]]
    )
    with pytest.raises(gaitcoach.GaitcoachError, match="not read in g.*analog quantized"):
        gaitcoach.load(counts.encode(), name="counts_raw.csv")
    header_only = "\n".join(data.splitlines()[:11]) + "\n"
    with pytest.raises(gaitcoach.GaitcoachError, match="no rows of data|header but no rows"):
        gaitcoach.load(header_only.encode(), name="empty.csv")


def test_an_actigraph_start_that_does_not_follow_its_date_format_loads_without_a_clock():
    data = writers.write_actigraph_csv(make_recording(gyro=False)).decode()
    data = data.replace("Start Date 5/1/2024", "Start Date 25/13/2024")
    rec = gaitcoach.load(data.encode(), name="a.csv")
    assert rec.started_at is None and any("date format" in w for w in rec.warnings)
    assert rec.sampling_rate_hz == pytest.approx(100.0)


def test_a_gyroscope_labelled_d_per_s_is_in_degrees_per_second():
    """A header's '(d/s)' is degrees per second, even where the values alone (a still sensor's few deg/s) would
    read as radians per second."""
    rec = make_recording(duration_s=6.0)
    table = pd.DataFrame({"Time": rec.signals.index.to_numpy()})
    for c, label in zip(("acc_x", "acc_y", "acc_z"), ("Accel-X (g)", "Accel-Y (g)", "Accel-Z (g)")):
        table[label] = rec.signals[c].to_numpy() / GRAVITY_MPS2
    for label in ("Gyro-X (d/s)", "Gyro-Y (d/s)", "Gyro-Z (d/s)"):
        table[label] = np.full(len(table), 0.8)  # (a gyroscope at rest, its bias under 1 deg/s)
    loaded = gaitcoach.load(table.to_csv(index=False).encode(), name="ax6_export.csv")
    np.testing.assert_allclose(loaded.signals[["gyr_x", "gyr_y", "gyr_z"]].to_numpy(), 0.8, atol=1e-9)
    assert "deg/s (from the header)" in loaded.info["units"]["gyr"]
