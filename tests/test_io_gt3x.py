"""ActiGraph .gt3x: the worked examples of ActiGraph's format documentation, and files written from known
recordings read back."""

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

import gaitcoach
from conftest import make_recording
from gaitcoach.io import writers
from gaitcoach.io.gt3x import _parameters, _records, decode_activity, ssp_float
from gaitcoach.model import ACC_COLUMNS, GRAVITY_MPS2
from gaitcoach.simulate import WalkSpec, simulate

#: ActiGraph's PARAMETERS example (GT3X-File-Format, LogRecords/Parameters.md): a wGT3X-BT's record, checksum 0x9B.
PARAMETERS_EXAMPLE = bytes.fromhex(
    "1E15F224D254A801"
    "0000060002000000"
    "0000070081954103"
    "0000080003000000"
    "00000900 27AA0D54"
    "00000D0025000101"
    "00001000000080E4"
    "0000140000000000"
    "0000150000000000"
    "0000160000000000"
    "0000170000000000"
    "00001A0002000000"
    "00001C007D010000"
    "00001D0007000000"
    "0000200001000101"
    "0000250000040000"
    "0000260000000000"
    "000031000000400C"
    "0000320037894105"
    "00003300073A6D03"
    "0000370000004009"
    "00003900AE775309"
    "00003A0000005405"
    "0100000000000000"
    "01000100 44D412AF"
    "0100020014010000"
    "0100030007000000"
    "0100040049FFFFFF"
    "010005001AFFFFFF"
    "0100060052FFFFFF"
    "0100070031010000"
    "0100080020010000"
    "0100090024010000"
    "01000A001E000000"
    "01000C00E025D254"
    "01000D007085D354"
    "01000E00F224D254"
    "01000F0044000000"
    "010010001F000000"
    "010011003F000000"
    "0100140000000000"
    "0100150000000000"
    "0100210060EA0000"
    "010022001EF8FFFF"
    "01002300A7F7FFFF"
    "01002400DCF7FFFF"
    "010025001D080000"
    "01002600A4070000"
    "0100270000080000"
    "0100280000000000"
    "0100290000000000"
    "01002A00FEFFFFFF"
    "01002B0037000000"
    "01002C0000000000"
    "9B"
)


def test_activity_example_of_the_documentation():
    """Activity.md: '00 60 08 EB D0 07 00 9E BF 00 70 08 EB F0' from a GT3X+ (341 counts a g) is three samples, Y X Z
    in 12 bits each, the last nibble unused: (x, y, z) = (0.023, 0.018, -0.947), (0.026, 0.021, -0.941),
    (0.023, 0.021, -0.941) g."""
    payload = np.frombuffer(bytes.fromhex("006008EBD007009EBF007008EBF0"), dtype=np.uint8)[None, :]
    g = decode_activity(payload, 14 * 8 // 36) / 341.0
    np.testing.assert_allclose(np.round(g, 3), [[0.023, 0.018, -0.947], [0.026, 0.021, -0.941], [0.023, 0.021, -0.941]])


def test_parameters_example_of_the_documentation():
    """Parameters.md: its record's checksum holds, ACCEL_SCALE reads 256 counts a g, SAMPLE_RATE 30 Hz, UTC_OFFSET
    0 s, BATTERY_VOLTAGE 4.1 V, IMU_GYRO_SCALE 16.384 counts per deg/s (ActiGraph's floating-point code)."""
    records, damaged, skipped = _records(PARAMETERS_EXAMPLE)
    assert (damaged, skipped) == (0, 0) and [r[:2] for r in records] == [(0x15, 1423058162)]
    p = _parameters(PARAMETERS_EXAMPLE, records[0][2], records[0][3])
    assert ssp_float(p[(0, 55)]) == 256.0 and p[(1, 10)] == 30 and p[(1, 40)] == 0
    assert ssp_float(p[(0, 7)]) == pytest.approx(4.1, abs=0.005)  # (the documentation rounds it)
    assert ssp_float(p[(0, 50)]) == pytest.approx(16.384, abs=1e-5)
    broken = bytearray(PARAMETERS_EXAMPLE)
    broken[-1] ^= 0x01
    assert _records(bytes(broken))[:2] == ([], 1)


def test_activity2_example_of_the_documentation():
    """Activity2.md: little-endian X, Y, Z; its second sample '30 00 CC FF 42 01' reads 0.188, -0.203, 1.258 g at
    256 counts a g."""
    counts = np.frombuffer(bytes.fromhex("0000000000003000CCFF4201"), dtype="<i2").reshape(-1, 3)
    np.testing.assert_allclose(np.round(counts[1] / 256.0, 3), [0.188, -0.203, 1.258])


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"activity2": True, "serial": "MOS2E12345678"},
        {"parameters": False},
        {"parameters": False, "serial": "TAS1"},
    ],
)
def test_round_trip(kwargs):
    """Either record layout; the scale from the PARAMETERS record, else by serial number (NEO 341, others 256)."""
    rec = make_recording(gyro=False, rate_hz=30.0, duration_s=20.0)
    loaded = gaitcoach.load(writers.write_gt3x(rec, **kwargs), name="NEO1F18120387 (2024-05-01).gt3x")
    assert loaded.source_format == "gt3x" and loaded.sampling_rate_hz == 30.0
    assert loaded.started_at == rec.started_at
    counts_per_g = 341.0 if kwargs.get("serial", "NEO").startswith("NEO") else 256.0
    got, want = loaded.signals[list(ACC_COLUMNS)].to_numpy(), rec.signals[list(ACC_COLUMNS)].to_numpy()
    np.testing.assert_allclose(got, want, atol=0.51 * GRAVITY_MPS2 / counts_per_g)
    assert loaded.device.startswith("ActiGraph") and kwargs.get("serial", "NEO1F18120387") in loaded.device


def test_the_recorded_time_zone_puts_the_start_on_utc():
    rec = make_recording(gyro=False, rate_hz=30.0)
    loaded = gaitcoach.load(writers.write_gt3x(rec, utc_offset_s=-5 * 3600), name="a.gt3x")
    assert loaded.started_at == rec.started_at and "UTC-5 h" in loaded.info["clock"]
    local = gaitcoach.load(writers.write_gt3x(rec, parameters=False), name="b.gt3x")
    assert "time zone not in the file" in local.info["clock"]


def test_a_belt_walk_through_the_gt3x_is_analysed_like_the_recording():
    from gaitcoach.gait.lumbar import analyze_lumbar

    rec, truth = simulate(WalkSpec(placement="lumbar", bouts=(30,), rate_hz=100.0))
    loaded = gaitcoach.load(writers.write_gt3x(rec, serial="MOS2E12345678"), name="belt.gt3x", placement="lumbar")
    found = analyze_lumbar(loaded, height_m=1.75).events
    ic = np.sort(found.loc[found["event"] == "IC", "time_s"].to_numpy())
    true_ic = truth.events.loc[truth.events["event"] == "IC", "time_s"].to_numpy()
    true_ic = np.sort(true_ic[true_ic < loaded.duration_s - 0.5])  # (whole seconds written)
    assert len(ic) == len(true_ic)
    assert np.abs(ic - true_ic).max() < 0.02


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return buf.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def test_a_damaged_or_cut_off_log_keeps_what_is_intact_with_a_warning():
    rec = make_recording(gyro=False, rate_hz=30.0, duration_s=20.0)
    m = _members(writers.write_gt3x(rec))
    log = bytearray(m["log.bin"])
    size = 8 + 135 + 1  # one second of 30 packed samples
    first = len(log) - 20 * size
    log[first + 5 * size + 20] ^= 0xFF  # the sixth second's payload
    loaded = gaitcoach.load(_zip({**m, "log.bin": bytes(log)}), name="damaged.gt3x")
    assert any("1 damaged stretch" in w for w in loaded.warnings)
    assert len(loaded.gaps) == 1 and loaded.gaps["start_s"].iloc[0] == pytest.approx(5.0 - 1 / 30, abs=0.01)
    cut = gaitcoach.load(_zip({**m, "log.bin": m["log.bin"][:-50]}), name="cut.gt3x")
    assert any("damaged stretch" in w for w in cut.warnings) and len(cut.signals) == 19 * 30


def test_bad_gt3x_files_are_refused_naming_the_file():
    rec = make_recording(gyro=False, rate_hz=30.0)
    m = _members(writers.write_gt3x(rec, parameters=False))
    with pytest.raises(gaitcoach.GaitcoachError, match="older layout.*RAW CSV") as info:
        gaitcoach.load(_zip({"info.txt": m["info.txt"], "activity.bin": b"\x00" * 90}), name="nhanes.gt3x")
    assert "nhanes.gt3x" in str(info.value)
    no_rate = m["info.txt"].replace(b"Sample Rate: 30", b"Sample Rate: ")
    with pytest.raises(gaitcoach.GaitcoachError, match="no sample rate"):
        gaitcoach.load(_zip({**m, "info.txt": no_rate}), name="norate.gt3x")
    with pytest.raises(gaitcoach.GaitcoachError, match="no intact activity record"):
        gaitcoach.load(_zip({**m, "log.bin": b"\x00" * 64}), name="empty.gt3x")


def test_a_log_of_several_days_is_read_a_day_at_a_time():
    from gaitcoach.io import load_all, recording_days

    logs, info = [], b""
    for day in ("2024-05-01", "2024-05-03"):
        rec = make_recording(gyro=False, rate_hz=30.0, duration_s=20.0, start=f"{day}T09:00:00Z")
        m = _members(writers.write_gt3x(rec))
        info = info or m["info.txt"]
        logs.append(m["log.bin"])
    data = _zip({"info.txt": info, "log.bin": b"".join(logs)})
    assert recording_days(data, name="week.gt3x") == ["2024-05-01", "2024-05-03"]
    day = load_all(data, name="week.gt3x", day="2024-05-03")[0]
    assert day.file_name == "week.gt3x (2024-05-03)" and len(day.signals) == 20 * 30
    assert day.started_at == pd.Timestamp("2024-05-03T09:00:00Z")


def test_zero_bytes_between_records_are_not_damage():
    """ActiGraph's documentation: a few zero bytes may sit between valid records; they are skipped silently."""
    rec = make_recording(gyro=False, rate_hz=30.0, duration_s=10.0)
    m = _members(writers.write_gt3x(rec))
    records, _, _ = _records(m["log.bin"])
    cut = records[4][2] + records[4][3] + 1  # after the fourth second's record
    padded = m["log.bin"][:cut] + b"\x00" * 3 + m["log.bin"][cut:]
    loaded = gaitcoach.load(_zip({**m, "log.bin": padded}), name="padded.gt3x")
    assert not loaded.warnings and len(loaded.signals) == 10 * 30
