"""Axivity .cwa (AX3, AX6): files written from known recordings and read back; the real files of other projects
(scikit-digital-health's test data) were checked in development, not here (see gaitcoach/io/axivity.py)."""

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

import gaitcoach
from conftest import make_recording
from gaitcoach.io import writers
from gaitcoach.model import ACC_COLUMNS, GRAVITY_MPS2, GYR_COLUMNS
from gaitcoach.simulate import WalkSpec, simulate


def _block_bytes(data: bytes) -> tuple[bytes, list[bytes]]:
    return data[:1024], [data[i : i + 512] for i in range(1024, len(data), 512)]


@pytest.mark.parametrize("gyro", [False, True])
def test_round_trip(gyro):
    """An AX3's packed accelerometer (1/256 g, a shared exponent), an AX6's gyroscope (2000 deg/s range) and
    accelerometer (1/2048 g): values within half a count, the samples on their own times."""
    rec = make_recording(gyro=gyro, start="2024-05-01T08:00:00.37Z")
    loaded = gaitcoach.load(writers.write_cwa(rec), name="CWA-DATA.CWA")
    assert loaded.source_format == "axivity"
    assert loaded.device == f"Axivity {'AX6' if gyro else 'AX3'} (51888)"
    per_block = 40 if gyro else 120
    n = len(rec.signals) // per_block * per_block
    assert len(loaded.signals) == n and loaded.sampling_rate_hz == pytest.approx(100.0)
    # each block's time is its whole second, a fraction in 1/32768 s and the firmware's shim (a whole sample):
    # within half a sample
    assert abs((loaded.started_at - rec.started_at).total_seconds()) < 0.005
    acc_count = GRAVITY_MPS2 / (2048.0 if gyro else 256.0)
    got, want = loaded.signals[list(ACC_COLUMNS)].to_numpy(), rec.signals[list(ACC_COLUMNS)].to_numpy()[:n]
    np.testing.assert_allclose(got, want, atol=0.51 * acc_count * (1 if gyro else 4))  # (packed: exponent up to 2)
    if gyro:
        got = loaded.signals[list(GYR_COLUMNS)].to_numpy()
        np.testing.assert_allclose(got, rec.signals[list(GYR_COLUMNS)].to_numpy()[:n], atol=0.51 * 2000 / 32768)
    assert "time zone not in the file" in loaded.info["clock"]


def test_the_header_time_zone_puts_the_start_on_utc():
    rec = make_recording(gyro=False)
    loaded = gaitcoach.load(writers.write_cwa(rec, zone_min=-240), name="a.cwa")
    assert loaded.started_at == rec.started_at
    assert "-240 min" in loaded.info["clock"]


def test_a_device_clock_off_its_nominal_rate_is_followed():
    """A real AX3 set to 200 Hz ran at 197.2: the samples are timed by the blocks' clock, not the nominal rate."""
    base = make_recording(gyro=False, duration_s=60.0)
    true_rate = 98.5
    times = pd.Index(np.arange(len(base.signals)) / true_rate, name="time_s")
    slow = base.replace(signals=base.signals.set_axis(times), sampling_rate_hz=true_rate)
    loaded = gaitcoach.load(writers.write_cwa(slow, nominal_hz=100.0), name="slow.cwa")
    written = len(base.signals) // 120 * 120
    # (each block's time is good to half a sample, the firmware's shim: the rate read from them to 0.2 %)
    assert loaded.sampling_rate_hz == pytest.approx(true_rate, rel=0.002)
    span = loaded.signals.index[-1] - loaded.signals.index[0]
    assert span == pytest.approx((written - 1) / true_rate, abs=0.02)  # (at 100 Hz it would be 0.9 s shorter)


def test_a_pause_in_recording_is_a_gap():
    rec = make_recording(gyro=False, duration_s=30.0)
    head, blocks = _block_bytes(writers.write_cwa(rec))
    kept = blocks[:8] + blocks[13:]  # five blocks of 1.2 s not written
    loaded = gaitcoach.load(head + b"".join(kept), name="pause.cwa")
    assert len(loaded.gaps) == 1
    gap = loaded.gaps.iloc[0]
    assert gap["start_s"] == pytest.approx(8 * 1.2 - 0.01, abs=0.02) and gap["end_s"] == pytest.approx(
        13 * 1.2, abs=0.02
    )


def test_a_damaged_or_cut_off_file_keeps_what_is_intact_with_a_warning():
    rec = make_recording(gyro=False, duration_s=30.0)
    data = writers.write_cwa(rec)
    head, blocks = _block_bytes(data)
    damaged = bytearray(blocks[4])
    damaged[100] ^= 0xFF
    loaded = gaitcoach.load(head + b"".join(blocks[:4] + [bytes(damaged)] + blocks[5:]), name="damaged.cwa")
    assert any("damaged data block" in w for w in loaded.warnings)
    assert len(loaded.gaps) == 1  # (its 1.2 s are missing)
    cut = gaitcoach.load(data[:-300], name="cut.cwa")
    assert any("cut off" in w for w in cut.warnings)
    assert len(cut.signals) == (len(blocks) - 1) * 120


def test_bad_cwa_files_are_refused_naming_the_file():
    data = writers.write_cwa(make_recording(gyro=False))
    with pytest.raises(gaitcoach.GaitcoachError, match="holds no data blocks") as info:
        gaitcoach.load(data[:1024], name="header_only.cwa")
    assert "header_only.cwa" in str(info.value)
    garbage = data[:1024] + bytes(range(256)) * 8
    with pytest.raises(gaitcoach.GaitcoachError, match="no intact data block"):
        gaitcoach.load(garbage, name="garbage.cwa")
    with pytest.raises(gaitcoach.GaitcoachError, match="cwa"):
        gaitcoach.load(b"not a cwa at all" * 10, name="named.cwa")


def test_a_cwa_in_a_zip_is_read():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("6011802_0000000001.cwa", writers.write_cwa(make_recording(gyro=True)))
    loaded = gaitcoach.load(buf.getvalue(), name="download.zip")
    assert loaded.source_format == "axivity" and loaded.has_gyro


def test_an_ax6_on_the_belt_is_analysed_like_the_recording():
    """A simulated lower-back walk as an AX6 on the belt logs it: heel strikes within 20 ms of the simulator's truth,
    and their sides (from the gyroscope)."""
    from gaitcoach.gait.lumbar import analyze_lumbar

    rec, truth = simulate(WalkSpec(placement="lumbar", bouts=(30,), rate_hz=100.0))
    loaded = gaitcoach.load(writers.write_cwa(rec), name="belt.cwa", placement="lumbar")
    found = analyze_lumbar(loaded, height_m=1.75).events
    ic = found[found["event"] == "IC"].sort_values("time_s")
    t = truth.events[(truth.events["event"] == "IC") & (truth.events["time_s"] < loaded.duration_s - 0.5)]
    t = t.sort_values("time_s")
    assert len(ic) == len(t)
    assert np.abs(ic["time_s"].to_numpy() - t["time_s"].to_numpy()).max() < 0.02
    assert (ic["side"].to_numpy() == t["side"].to_numpy()).mean() == 1.0


def test_the_block_timestamp_packs_the_date_as_the_format_says():
    """2024-05-01 08:00:00 as YYYYYYMM MMDDDDDh hhhhmmmm mmssssss from 2000 (the format's own example layout)."""
    t = pd.Timestamp("2024-05-01 08:00:00").value / 1e9
    from gaitcoach.io.writers.research import _cwa_time

    packed = int(_cwa_time(np.array([t]))[0])
    assert packed == (24 << 26) | (5 << 22) | (1 << 17) | (8 << 12)


def _days_file(days: list[str]) -> tuple[bytes, list]:
    """An AX6 on the belt worn over several days: a walk each day at 08:00, one file (the device paused between)."""
    header, blocks, truths = b"", [], []
    for k, day in enumerate(days):
        rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(30,), rate_hz=100.0, seed=k,
                                       started_at=f"{day}T08:00:00Z"))  # fmt: skip
        head, part = _block_bytes(writers.write_cwa(rec))
        header = header or head
        blocks += part
        truths.append(rec)
    return header + b"".join(blocks), truths


def test_a_file_of_several_days_is_read_a_day_at_a_time(tmp_path, capsys):
    """recording_days lists the days of the device's clock; load_all(day=...) reads only that day's blocks; batch
    keeps each day as a session of the weekly view (a research logger's week is more than one load holds)."""
    from gaitcoach.cli import main
    from gaitcoach.io import load_all, recording_days
    from gaitcoach.store import SessionStore

    data, recs = _days_file(["2024-05-01", "2024-05-02", "2024-05-04"])
    assert recording_days(data, name="week.cwa") == ["2024-05-01", "2024-05-02", "2024-05-04"]  # (days with samples)
    day = load_all(data, name="week.cwa", day="2024-05-02")[0]
    assert day.file_name == "week.cwa (2024-05-02)" and day.started_at == pd.Timestamp("2024-05-02T08:00:00Z")
    assert day.duration_s == pytest.approx(recs[1].duration_s, abs=0.45)  # (whole blocks of 0.4 s)
    with pytest.raises(gaitcoach.GaitcoachError, match="no data block.*in that span"):
        load_all(data, name="week.cwa", day="2024-05-03")
    with pytest.raises(gaitcoach.GaitcoachError, match="a day at a time"):
        load_all(writers.write_generic_csv(make_recording()), name="walk.csv", day="2024-05-01")
    path = tmp_path / "week.cwa"
    path.write_bytes(data)
    db = tmp_path / "sessions.sqlite"
    assert main(["batch", str(path), "--db", str(db), "--placement", "lumbar", "--height", "1.75"]) == 0
    captured = capsys.readouterr()
    assert "3 of 3 sessions added" in captured.out
    lines = [line for line in captured.out.splitlines() if "week.cwa (" in line]
    assert [line[:10] for line in lines] == ["2024-05-01", "2024-05-02", "2024-05-04"]
    with SessionStore(db) as store:
        kept = store.sessions()
    assert len(kept) == 3 and (kept["n_strides"] > 20).all()
