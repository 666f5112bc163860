"""GENEActiv: the device's .bin file and its raw-data CSV conversion, written from known recordings and read back."""

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

import gaitcoach
from conftest import make_recording
from gaitcoach.io import writers
from gaitcoach.io.geneactiv import geneactiv_placement
from gaitcoach.model import ACC_COLUMNS, GRAVITY_MPS2
from gaitcoach.simulate import WalkSpec, simulate

#: One count of a GENEActiv's 12-bit axis: about 1/255 g.
COUNT_MPS2 = 100.0 / 25490 * GRAVITY_MPS2


def _acc(rec, n=None):
    return rec.signals[list(ACC_COLUMNS)].to_numpy()[:n]


@pytest.mark.parametrize("csv", [False, True])
def test_round_trip_on_the_true_clock(csv):
    """Rate, start (the header's local time and zone put on UTC), the acceleration in g to m/s^2; the header's NUL
    padding read past."""
    rec = make_recording(gyro=False)
    data = writers.write_geneactiv(rec, csv=csv, location="back", zone="GMT -04")
    assert b"\x00" in data[:4096]
    loaded = gaitcoach.load(data, name="046164_left wrist.bin" if not csv else "046164.csv")
    assert loaded.source_format == "geneactiv"
    assert loaded.sampling_rate_hz == pytest.approx(rec.sampling_rate_hz)
    assert loaded.started_at == rec.started_at
    n = len(loaded.signals)
    # the .bin holds whole pages of 300 samples; the CSV every sample
    assert n == (len(rec.signals) // 300 * 300 if not csv else len(rec.signals))
    np.testing.assert_allclose(loaded.signals.index.to_numpy(), rec.signals.index.to_numpy()[:n], atol=1e-6)
    np.testing.assert_allclose(_acc(loaded), _acc(rec, n), atol=0.51 * COUNT_MPS2 if not csv else 1e-3)
    assert loaded.device == "GENEActiv (046164)"
    assert "GMT -04" in loaded.info["clock"]


@pytest.mark.parametrize(
    ("location", "placement", "side"),
    [
        ("left wrist", "wrist", "left"),
        ("Right Wrist", "wrist", "right"),
        ("back", "lumbar", None),
        ("left hip", "lumbar", None),
        ("waist", "lumbar", None),
        ("right thigh", "pocket", "right"),
        ("left ankle", None, None),
        ("", None, None),
    ],
)
def test_the_device_location_says_where_it_was_worn(location, placement, side):
    assert geneactiv_placement(location) == (placement, side)
    rec = gaitcoach.load(writers.write_geneactiv(make_recording(gyro=False), location=location), name="g.bin")
    assert (rec.placement, rec.side) == (placement, side)
    if placement:
        assert location in rec.info["placement_note"]


def test_what_the_user_says_overrides_the_device_location():
    data = writers.write_geneactiv(make_recording(gyro=False), location="left wrist")
    rec = gaitcoach.load(data, name="g.bin", placement="lumbar")
    assert rec.placement == "lumbar"


def test_a_belt_walk_through_the_bin_is_analysed_like_the_recording():
    """A simulated lower-back walk as a GENEActiv on the back would log it (accelerometer only, 12-bit counts):
    the heel strikes of the simulator's truth, within 20 ms."""
    from gaitcoach.gait.lumbar import analyze_lumbar

    rec, truth = simulate(WalkSpec(placement="lumbar", bouts=(30,), rate_hz=100.0))
    loaded = gaitcoach.load(writers.write_geneactiv(rec, location="back"), name="back.bin")
    assert loaded.placement == "lumbar" and not loaded.has_gyro
    found = analyze_lumbar(loaded, height_m=1.75).events
    ic = np.sort(found.loc[found["event"] == "IC", "time_s"].to_numpy())
    true_ic = truth.events.loc[truth.events["event"] == "IC", "time_s"].to_numpy()
    true_ic = np.sort(true_ic[true_ic < loaded.duration_s - 1.0])  # (the pages end before the recording)
    assert len(ic) == len(true_ic)
    assert np.abs(ic - true_ic).max() < 0.02


def test_a_wrist_walk_through_the_bin_counts_its_steps():
    from gaitcoach.gait.wrist import analyze_wrist

    rec, truth = simulate(WalkSpec(placement="wrist", side="left", bouts=(40,), rate_hz=50.0))
    loaded = gaitcoach.load(writers.write_geneactiv(rec, location="left wrist"), name="wrist.bin")
    true_ic = truth.events.loc[truth.events["event"] == "IC", "time_s"].to_numpy()
    steps, summary = analyze_wrist(loaded)
    assert summary["n_steps"] == np.sum(true_ic < loaded.duration_s)  # (whole pages: the last seconds are not kept)
    assert summary["n_steps"] > 70


def _pages(data: bytes) -> tuple[bytes, list[bytes]]:
    head, *pages = data.split(b"Recorded Data")
    return head, [b"Recorded Data" + p for p in pages]


def test_a_gap_between_pages_is_a_gap_in_the_recording():
    rec = make_recording(gyro=False, duration_s=30.0)
    head, pages = _pages(writers.write_geneactiv(rec))
    later = pages[5].replace(b"Page Time:2024-05-01 08:00:15:000", b"Page Time:2024-05-01 08:00:25:000")
    assert later != pages[5]
    loaded = gaitcoach.load(head + b"".join(pages[:5] + [later]), name="gap.bin")
    assert len(loaded.gaps) == 1 and loaded.gaps["end_s"].iloc[0] == pytest.approx(25.0)


def test_a_cut_off_or_damaged_bin_keeps_what_is_intact_with_a_warning():
    rec = make_recording(gyro=False, duration_s=30.0)
    data = writers.write_geneactiv(rec)
    cut = gaitcoach.load(data[: len(data) - 2000], name="cut.bin")
    assert 2700 < len(cut.signals) < 3000 and any("cut off" in w for w in cut.warnings)
    assert not any("damaged" in w for w in cut.warnings)
    head, pages = _pages(data)
    broken = pages[3][:-500] + b"ZZ" + pages[3][-498:]
    loaded = gaitcoach.load(head + b"".join(pages[:3] + [broken] + pages[4:]), name="damaged.bin")
    assert any("damaged" in w and "1 unreadable" in w for w in loaded.warnings)
    assert not any("cut off" in w for w in loaded.warnings)
    assert len(loaded.signals) == 3000  # (its 10 ms are bridged on the time base)


def test_bad_geneactiv_files_are_refused_naming_the_file():
    rec = make_recording(gyro=False)
    data = writers.write_geneactiv(rec).decode("latin-1")
    no_calibration = data.replace("x gain:", "x gian:")
    with pytest.raises(gaitcoach.GaitcoachError, match="no calibration") as info:
        gaitcoach.load(no_calibration.encode("latin-1"), name="nocal.bin")
    assert "nocal.bin" in str(info.value)
    header_only = data[: data.index("Recorded Data")]
    with pytest.raises(gaitcoach.GaitcoachError, match="no pages of recorded data"):
        gaitcoach.load(header_only.encode("latin-1"), name="empty.bin")
    csv = writers.write_geneactiv(rec, csv=True).decode("latin-1")
    no_rate = csv.replace("Measurement Frequency,100 Hz", "Measurement Frequency,")
    with pytest.raises(gaitcoach.GaitcoachError, match="no sampling rate"):
        gaitcoach.load(no_rate.encode("latin-1"), name="norate.csv")
    no_rows = csv[: csv.index("2024-05-01 08:00:00:000,")]
    with pytest.raises(gaitcoach.GaitcoachError, match="no rows of samples"):
        gaitcoach.load(no_rows.encode("latin-1"), name="norows.csv")


def test_an_epoch_conversion_is_refused_with_how_to_get_the_raw_data():
    """The PC Software's epoch CSV (a summary a minute, more columns) is not the acceleration."""
    rec = make_recording(gyro=False)
    csv = writers.write_geneactiv(rec, csv=True).decode("latin-1")
    head, _, _ = csv.partition("2024-05-01 08:00:00:000,")
    minutes = pd.date_range("2024-05-01 08:00", periods=5, freq="min").strftime("%Y-%m-%d %H:%M:%S:000")
    rows = "".join(f"{m},0.01,-0.99,0.05,12,0,25.0,61.2,0.02,0.03,0.02,0,0\r\n" for m in minutes)
    with pytest.raises(gaitcoach.GaitcoachError, match="epoch file.*raw data") as info:
        gaitcoach.load((head + rows).encode("latin-1"), name="epoch.csv")
    assert "epoch.csv" in str(info.value)
    sparse = "".join(f"{m},0.01,-0.99,0.05,12,0,25.0\r\n" for m in minutes)
    with pytest.raises(gaitcoach.GaitcoachError, match="epoch file"):
        gaitcoach.load((head + sparse).encode("latin-1"), name="epoch7.csv")


def test_a_bin_in_a_zip_is_read():
    data = writers.write_geneactiv(make_recording(gyro=False))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("046164_left wrist_2024-05-01.bin", data)
    loaded = gaitcoach.load(buf.getvalue(), name="download.zip")
    assert loaded.source_format == "geneactiv" and loaded.placement == "wrist"


def test_inspect_says_a_belt_without_gyroscope_gives_no_sides():
    from gaitcoach.describe import capabilities

    rec = gaitcoach.load(writers.write_geneactiv(make_recording(gyro=False), location="back"), name="b.bin")
    text = capabilities(rec)
    assert "no left/right" in text and "pelvis obliquity" not in text


def test_a_bin_of_several_days_is_read_a_day_at_a_time():
    from gaitcoach.io import recording_days

    first = writers.write_geneactiv(make_recording(gyro=False, duration_s=30.0, start="2024-05-01T09:00:00Z"))
    later = writers.write_geneactiv(make_recording(gyro=False, duration_s=30.0, start="2024-05-02T09:00:00Z"))
    head, pages = _pages(first)
    data = head + b"".join(pages + _pages(later)[1])
    assert recording_days(data, name="week.bin") == ["2024-05-01", "2024-05-02"]
    day = gaitcoach.load(data, name="week.bin", day="2024-05-02")
    assert day.file_name == "week.bin (2024-05-02)" and len(day.signals) == 3000
    assert day.started_at == pd.Timestamp("2024-05-02T09:00:00Z")
