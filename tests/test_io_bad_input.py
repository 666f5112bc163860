"""Bad input: every broken file gets one GaitcoachError subclass naming the file; never another exception."""

import io
import os
import struct
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gaitcoach
from conftest import make_recording
from gaitcoach.describe import capabilities
from gaitcoach.errors import (
    CorruptFileError,
    EmptyFileError,
    FileTooLargeError,
    GaitcoachError,
    NoSensorDataError,
    NotEnoughWalkingError,
    UnitError,
    UnsupportedFormatError,
)
from gaitcoach.io import writers
from gaitcoach.io.fit_encode import FitWriter
from gaitcoach.io.fit_format import crc16
from gaitcoach.io.source import MAX_FILE_BYTES

FIT = writers.write_fit(make_recording(duration_s=4.0))
CSV = writers.write_generic_csv(make_recording(duration_s=4.0))
SENSOR_LOGGER = writers.write_sensor_logger(make_recording(duration_s=4.0))


def _zip(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, v in files.items():
            zf.writestr(k, v)
    return buf.getvalue()


def _settings_only_fit():
    w = FitWriter()
    w.write("file_id", {"type": 2, "manufacturer": 1, "product": 1})  # a settings file: no records, no IMU
    return w.to_bytes()


def _broken_header():
    data = bytearray(FIT)
    data[8:12] = b".GIT"
    return bytes(data)


def _zero_data_size():
    data = bytearray(FIT)
    data[4:8] = b"\x00\x00\x00\x00"
    return bytes(data)


BROKEN = {
    # name: (bytes, expected error, words the message must contain)
    "empty.csv": (b"", EmptyFileError, "empty"),
    "random.bin": (np.random.default_rng(3).bytes(5000).replace(b"PK", b"pk"), UnsupportedFormatError, "not a file"),
    "image.png": (b"\x89PNG\r\n\x1a\n" + bytes(200), UnsupportedFormatError, "not a file"),
    "header.fit": (_broken_header(), CorruptFileError, "header"),
    "tiny.fit": (FIT[:10], CorruptFileError, "header"),
    "settings.fit": (_settings_only_fit(), NoSensorDataError, "no activity records"),
    "no_time.csv": (b"acc_x,acc_y,acc_z\n0,0,9.8\n0,0,9.8\n", NoSensorDataError, "time column"),
    "no_sensor.csv": (b"time_s,speed\n0,1\n1,2\n", NoSensorDataError, "accelerometer"),
    "header_only.csv": (b"time_s,acc_x,acc_y,acc_z\n", EmptyFileError, "no rows"),
    "units.csv": (
        b"time_s,acc_x,acc_y,acc_z\n" + b"".join(b"%.2f,3,0,0\n" % (i / 100) for i in range(300)),
        UnitError,
        "units=",
    ),
    "latin1.csv": ("time_s;acc_x (m/s²);acc_y;acc_z\n0;1;2;3\n".encode("latin-1"), UnsupportedFormatError, "UTF-8"),
    "bomb.zip": (None, FileTooLargeError, "MiB"),
    "broken.zip": (b"PK\x03\x04" + bytes(100), CorruptFileError, "zip"),
    "empty.zip": (_zip({}), EmptyFileError, "no files"),
    "gps_only.zip": (_zip({"Location.csv": b'"Time (s)","Latitude (\xc2\xb0)"\n0,1\n'}), GaitcoachError, ""),
    "text.txt": (b"hello world\nthis is not data\n", NoSensorDataError, "time column"),
    "one_row.csv": (b"time_s,acc_x,acc_y,acc_z\n0,0,0,9.8\n", NoSensorDataError, ""),
}


@pytest.fixture(scope="module")
def broken_folder(tmp_path_factory):
    """The folder of broken files (made here by our own code)."""
    folder = tmp_path_factory.mktemp("broken")
    for name, (data, _, _) in BROKEN.items():
        if name == "bomb.zip":
            # 1.1 GiB of zeros compresses to about 1 MB: written member by member, stream-compressed.
            with (
                zipfile.ZipFile(folder / name, "w", zipfile.ZIP_DEFLATED) as zf,
                zf.open("Accelerometer.csv", "w") as fh,
            ):
                chunk = bytes(1 << 24)
                for _ in range((MAX_FILE_BYTES >> 24) + 2):
                    fh.write(chunk)
            continue
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_gives_clear_error(broken_folder, name):
    _, expected, words = BROKEN[name]
    with pytest.raises(expected) as info:
        gaitcoach.load(broken_folder / name)
    assert name in str(info.value)  # names the file
    assert words in str(info.value)


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as fh:
        fh.truncate(2 * 1024**3)  # a sparse 2 GB file: nothing is written to disk
    with pytest.raises(FileTooLargeError, match="2,048 MiB.*at most 1,024 MiB"):
        gaitcoach.load(path)


def test_missing_file():
    with pytest.raises(UnsupportedFormatError, match="cannot open"):
        gaitcoach.load("/nonexistent/walk.fit")


def test_damaged_fit_loads_intact_part_with_warning():
    crc_bad = FIT[:-2] + struct.pack("<H", crc16(FIT[:-2]) ^ 0xFFFF)
    rec = gaitcoach.load(crc_bad, name="crc.fit")
    assert rec.has_signals and any("CRC" in w for w in rec.warnings)
    truncated = FIT[: len(FIT) * 2 // 3]
    rec = gaitcoach.load(truncated, name="cut.fit")
    assert any("ends early" in w for w in rec.warnings)
    assert 0 < rec.duration_s < 4.0
    with pytest.raises(CorruptFileError):
        gaitcoach.load(_zero_data_size()[:14], name="zero.fit")


def test_chained_fit_files():
    first = writers.write_fit(make_recording(duration_s=3.0, start="2024-05-01T08:00:00Z"))
    second = writers.write_fit(make_recording(duration_s=3.0, start="2024-05-01T08:00:10Z"))
    rec = gaitcoach.load(first + second, name="chained.fit")
    assert rec.warnings == () or all("gap" in w for w in rec.warnings)
    assert len(rec.segments) == 2 and rec.duration_s == pytest.approx(13.0, abs=1.0)
    broken_second = first + b"\x0e\x20" + second[2:8] + b".GIT" + second[12:]
    rec = gaitcoach.load(broken_second, name="chained-broken.fit")
    assert any("broken header" in w for w in rec.warnings) and len(rec.segments) == 1


def test_zip_with_fit_inside():
    rec = gaitcoach.load(_zip({"12345_ACTIVITY.fit": FIT}), name="garmin_export.zip")
    assert rec.source_format == "fit" and rec.has_signals


def _only_gaitcoach_errors(data: bytes, name: str) -> None:
    try:
        gaitcoach.load(data, name=name)
    except GaitcoachError as exc:
        assert name in str(exc)


GENEACTIV_BIN = writers.write_geneactiv(make_recording(duration_s=9.0, gyro=False))
GENEACTIV_CSV = writers.write_geneactiv(make_recording(duration_s=4.0, gyro=False), csv=True)
CWA = writers.write_cwa(make_recording(duration_s=4.0))
GT3X = writers.write_gt3x(make_recording(duration_s=12.0, gyro=False, rate_hz=30.0))

SEEDS = {
    "walk.fit": FIT, "walk.csv": CSV, "walk.zip": SENSOR_LOGGER, "walk.bin": GENEACTIV_BIN,
    "walk_geneactiv.csv": GENEACTIV_CSV, "walk.cwa": CWA, "walk.gt3x": GT3X,
}  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(
    which=st.sampled_from(sorted(SEEDS)),
    cut=st.floats(0.0, 1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=8),
)
def test_fuzz_mutations_and_truncations(which, cut, flips):
    """Truncated and byte-mutated real-format files load or raise GaitcoachError, nothing else."""
    data = bytearray(SEEDS[which][: max(1, int(len(SEEDS[which]) * cut))] if cut < 0.999 else SEEDS[which])
    for pos, value in flips:
        if data:
            data[min(len(data) - 1, int(pos * len(data)))] = value
    _only_gaitcoach_errors(bytes(data), which)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(blob):
    _only_gaitcoach_errors(blob, "random.fit")
    _only_gaitcoach_errors(blob, "random.csv")
    _only_gaitcoach_errors(blob, "random.cwa")
    _only_gaitcoach_errors(b"MD\xfc\x03" + blob, "random_header.cwa")
    _only_gaitcoach_errors(b"Device Identity\r\nDevice Type:GENEActiv\r\n" + blob, "random.bin")


def test_invalid_arguments_are_programming_errors():
    with pytest.raises(ValueError, match="placement"):
        gaitcoach.load(CSV, name="a.csv", placement="head")
    with pytest.raises(ValueError, match="format"):
        gaitcoach.load(CSV, name="a.csv", format="docx")
    with pytest.raises(TypeError):
        gaitcoach.load(12345)  # type: ignore[arg-type]


def test_explicit_units_override(tmp_path):
    rows = b"".join(b"%d,0.01,0.02,1.0,0.1,0.0,0.0\n" % (i * 10) for i in range(200))
    path = tmp_path / "custom.csv"
    path.write_bytes(b"t,ax,ay,az,gx,gy,gz\n" + rows)
    rec = gaitcoach.load(path, units={"time": "ms", "acc": "g", "gyr": "rad/s"})
    assert rec.sampling_rate_hz == pytest.approx(100.0)
    assert rec.signals["acc_z"].iloc[0] == pytest.approx(9.80665)
    assert rec.signals["gyr_x"].iloc[0] == pytest.approx(np.degrees(0.1))
    inferred = gaitcoach.load(path)  # the same from the values: dt = 10 -> ms, |a| ~ 1 -> g
    assert inferred.signals["acc_z"].iloc[0] == pytest.approx(9.80665)
    assert inferred.sampling_rate_hz == pytest.approx(100.0)
    assert os.path.basename(inferred.file_name) == "custom.csv"


def test_crc16_known_value_and_chunked_path():
    # CRC-16/ARC check value of "123456789" is 0xBB3D; the chunked numpy path equals the byte loop.
    assert crc16(b"123456789") == 0xBB3D
    blob = np.random.default_rng(5).bytes(50_000)
    loop = 0
    for b in blob:
        for nibble in (b & 0xF, b >> 4):
            table = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
                     0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)  # fmt: skip
            tmp = table[loop & 0xF]
            loop = ((loop >> 4) & 0x0FFF) ^ tmp ^ table[nibble]
    assert crc16(blob) == loop
    assert crc16(blob[20_000:], crc16(blob[:20_000])) == loop


def test_damaged_compressed_member():
    # found by the fuzz test: a flipped byte inside deflated data raises zlib.error while unpacking
    data = bytearray(SENSOR_LOGGER)
    data[len(data) // 2] = 0
    try:
        gaitcoach.load(bytes(data), name="walk.zip")
    except GaitcoachError as exc:
        assert "walk.zip" in str(exc)


def test_side_named_columns(tmp_path):
    import pandas as pd

    from gaitcoach.errors import NoSensorDataError

    t = np.arange(500) / 100.0
    wave = np.sin(2 * np.pi * t)
    cols = {"time_s": t}
    for a in "xyz":
        cols[f"left_acc_{a}"] = 9.81 * (a == "z") + wave
        cols[f"left_gyr_{a}"] = 50 * wave
    one = tmp_path / "left_only.csv"
    pd.DataFrame(cols).to_csv(one, index=False)
    rec = gaitcoach.load(one)  # one sensor whose columns name its side
    assert rec.side == "left" and rec.file_name == "left_only.csv" and rec.has_gyro
    assert gaitcoach.load(one, side="right").side == "right"  # the user's statement wins
    # the right sensor's columns are incomplete: said, with the file's name
    broken = tmp_path / "half_right.csv"
    pd.DataFrame({**cols, "right_acc_x": wave, "right_acc_y": wave}).to_csv(broken, index=False)
    with pytest.raises(NoSensorDataError, match="half_right.csv.*only the left one has a full set"):
        gaitcoach.load(broken)
    neither = {k: v for k, v in cols.items() if k == "time_s" or k in ("left_acc_x", "left_acc_y")}
    pd.DataFrame({**neither, "right_acc_x": wave}).to_csv(broken, index=False)
    with pytest.raises(NoSensorDataError, match="neither has a full set"):
        gaitcoach.load(broken)


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_repeated_timestamps_and_an_empty_gyroscope_column_read_without_numpy_warnings(tmp_path):
    """A clock coarser than the sampling repeats timestamps, and a logger may write a gyroscope column with no values:
    both had divided by zero (the gyroscope's unit check took a rate over no time) or asked for a percentile of
    nothing. The gyroscope's unit is still told right from its rad/s values; the repeats are dropped, and said."""
    from gaitcoach.simulate import WalkSpec, simulate

    rec, _ = simulate(WalkSpec(placement="foot", bouts=(12,), rate_hz=200.0))
    table = rec.signals.reset_index(drop=True)
    table.insert(0, "time_s", np.floor(rec.signals.index.to_numpy() * 100.0) / 100.0)  # a 10 ms clock at 200 Hz
    gyr = ["gyr_x", "gyr_y", "gyr_z"]
    table[gyr] = np.radians(table[gyr])  # rad/s, no unit in the header
    path = tmp_path / "coarse_clock.csv"
    table.to_csv(path, index=False)
    loaded = gaitcoach.load(path, placement="foot")
    assert np.abs(loaded.signals[gyr].to_numpy()).max() == pytest.approx(np.abs(rec.signals[gyr].to_numpy()).max())
    assert any("repeated an earlier timestamp" in w for w in loaded.warnings)
    path.write_text(table.assign(**{c: np.nan for c in gyr}).to_csv(index=False))
    assert not gaitcoach.load(path, placement="foot").has_gyro


@pytest.mark.parametrize("factor", [0.5, 0.6])
def test_a_file_read_at_too_low_a_sampling_rate_is_not_coached_as_a_walk(tmp_path, factor):
    """A CSV without a time column read at half its true rate shows 0.7 m steps as 2.8 m ones at half the cadence
    (a walk ratio 8 times a walk's; at 0.6 of it, 4.6 times): an error that says so, not a coached walk (nor a run:
    its speed had read faster than anyone walks). Read at its true rate, or 10 % off, the walk is analysed."""
    from gaitcoach.errors import ImplausibleWalkError
    from gaitcoach.simulate import WalkSpec, simulate

    rec, _ = simulate(WalkSpec(placement="foot", side="left", bouts=(12,), acc_noise_mps2=0.02))
    path = tmp_path / "no_time.csv"
    path.write_text(rec.signals.reset_index(drop=True).to_csv(index=False))
    for near in (1.0, 1.1, 0.9):
        ok = gaitcoach.analyze(gaitcoach.load(path, placement="foot", units={"rate_hz": str(100.0 * near)}))
        assert len(ok.strides) >= 10
    wrong = gaitcoach.load(path, placement="foot", units={"rate_hz": str(100.0 * factor)})
    with pytest.raises(
        ImplausibleWalkError, match=r"^no_time\.csv: no walking measured: .*far too long.*sampling rate"
    ):
        gaitcoach.analyze(wrong)


def test_steps_far_too_short_for_their_cadence_are_not_a_walk():
    """The other side of the range: 8 cm steps at 200 steps/min (a file read at twice its rate, where its strides are
    still found) say so; a shuffle on stairs, 0.35 m at 140 steps/min, is a walk."""
    from gaitcoach.analysis import _implausible_walk
    from gaitcoach.metrics import SessionSummary

    rec = make_recording().replace(file_name="fast.csv")
    shuffle = SessionSummary(n_strides=8, stride_length_m=0.16, cadence_spm=200.0)
    err = _implausible_walk([rec], shuffle)
    assert err is not None and "far too short" in str(err) and str(err).startswith("fast.csv: no walking measured")
    stairs = SessionSummary(n_strides=8, stride_length_m=0.7, cadence_spm=140.0)
    assert _implausible_walk([rec], stairs) is None


@pytest.mark.parametrize(
    ("name", "data", "advice"),
    [
        ("week.cwa", CWA, "OMGUI"),
        ("week.bin", GENEACTIV_BIN, "GENEActiv PC Software"),
        ("week.gt3x", GT3X, "ActiLife"),
        ("week.csv", CSV, "shorter stretch"),
        ("week.fit", FIT, "shorter stretch"),
    ],
)
def test_a_recording_longer_than_memory_allows_is_refused_with_how_to_cut_it(monkeypatch, name, data, advice):
    """A research logger's week (tens of millions of samples) would need many gigabytes: refused before it is
    decoded where the file says how long it is (.cwa, .bin), else before the time base is built; the limit lowered
    here so that small files stand in for it."""
    from gaitcoach.io import base

    monkeypatch.setattr(base, "MAX_SAMPLES", 300)
    with pytest.raises(gaitcoach.errors.FileTooLargeError, match=f"million samples.*{advice}") as info:
        gaitcoach.load(data, name=name)
    assert name in str(info.value)


def test_a_gyroscope_without_an_accelerometer_is_said_not_analysed(tmp_path):
    # a file of angular rates alone loads (it is data), but no analysis runs on it, and every one says why
    t = np.arange(0, 30, 0.01)
    path = tmp_path / "gyro_only.csv"
    path.write_text("time_s,gyr_x,gyr_y,gyr_z\n" + "\n".join(f"{x:.2f},{100 * np.sin(6.28 * x):.3f},0,0" for x in t))
    rec = gaitcoach.load(path)
    assert not rec.has_acc and rec.has_gyro
    assert capabilities(rec).startswith("gyroscope only at 100 Hz: nothing to analyse")
    for placement in (None, "foot", "lumbar", "pocket", "wrist"):
        with pytest.raises(NotEnoughWalkingError, match="gyroscope without an accelerometer"):
            gaitcoach.analyze(rec.replace(placement=placement))
