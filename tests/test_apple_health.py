"""Apple Health export: its walking workouts, their steps and the iPhone's walking metrics, as sessions."""

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

import gaitcoach
from gaitcoach.history import apple_health_sessions
from gaitcoach.io.apple_health import holds_apple_health, read_apple_health
from gaitcoach.io.writers import write_apple_health
from gaitcoach.store import SessionStore

T0 = pd.Timestamp("2025-03-03T07:00:00Z")
#: The iPhone's walking metrics measured that morning before the first walk, outside any workout.
OUTSIDE = {"WalkingSpeed": 1.2, "WalkingStepLength": 0.62, "WalkingDoubleSupportPercentage": 31.0,
           "WalkingAsymmetryPercentage": 6.0}  # fmt: skip


def _export_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two walks (a watch's, one with its step count, one without), a run, and the samples of two days.

    Walk 1: 30 min, 3300 steps (110 steps/min), 2.52 km; the iPhone measured 1.40 m/s, 0.70 m steps, 28 % double
    support, 4 % asymmetric steps during it, and :data:`OUTSIDE` three hours before it, on the same day. Walk 2:
    20 min, no count of its own:
    the phone's step samples inside it (1800, and a sample half inside: 300 of 600, 2100 in all) and the watch's
    (2250) both count, and Health keeps one source's (the larger: 2250; their sum would be 4350). A run is not a walk.
    """
    walk1 = (T0, T0 + pd.Timedelta(minutes=30))
    walk2 = (T0 + pd.Timedelta(days=1), T0 + pd.Timedelta(days=1, minutes=20))
    run = (T0 + pd.Timedelta(days=2), T0 + pd.Timedelta(days=2, minutes=25))
    workouts = pd.DataFrame(
        {
            "start": [walk1[0], walk2[0], run[0]],
            "end": [walk1[1], walk2[1], run[1]],
            "activity": ["Walking", "Hiking", "Running"],
            "steps": [3300.0, np.nan, 4000.0],
            "distance_m": [2520.0, 1500.0, 5000.0],
            "source": ["Apple Watch", "Apple Watch", "Apple Watch"],
        }
    )
    rows = []
    minute = pd.Timedelta(minutes=1)
    for k, (kind, value) in enumerate(
        [("WalkingSpeed", 1.40), ("WalkingStepLength", 0.70), ("WalkingDoubleSupportPercentage", 28.0),
         ("WalkingAsymmetryPercentage", 4.0)]
    ):  # fmt: skip
        for j in range(3):  # three samples inside walk 1, one far outside it
            start = walk1[0] + (5 + 8 * j + k) * minute
            rows.append({"type": kind, "start": start, "end": start + minute, "value": value, "source": "iPhone"})
        rows.append({"type": kind, "start": walk1[0] - 3 * 60 * minute, "end": walk1[0] - 179 * minute,
                     "value": OUTSIDE[kind], "source": "iPhone"})  # fmt: skip
    rows += [
        {"type": "StepCount", "start": walk2[0], "end": walk2[0] + 15 * minute, "value": 1800.0, "source": "iPhone"},
        {"type": "StepCount", "start": walk2[1] - 5 * minute, "end": walk2[1] + 5 * minute, "value": 600.0,
         "source": "iPhone"},
        {"type": "StepCount", "start": walk2[0], "end": walk2[1], "value": 2250.0, "source": "Apple Watch"},
        {"type": "StepCount", "start": walk2[1] + 60 * minute, "end": walk2[1] + 61 * minute, "value": 90.0,
         "source": "iPhone"},
    ]  # fmt: skip
    return workouts, pd.DataFrame(rows)


@pytest.mark.parametrize(
    "kwargs", [{}, {"metric": False}, {"zipped": False}, {"statistics": False, "utc_offset": "-0500"}]
)
def test_walking_workouts_with_steps_and_the_iphones_walking_metrics(kwargs):
    workouts, records = _export_tables()
    data = write_apple_health(workouts, records, **kwargs)
    assert holds_apple_health(data[:4096])
    walks = read_apple_health(data, name="export.zip")
    assert list(walks["activity"]) == ["walking", "hiking"]  # (not the run)
    assert walks["start"].iloc[0] == T0 and walks["duration_s"].iloc[0] == pytest.approx(1800.0, abs=0.01)
    assert walks["distance_m"].iloc[0] == pytest.approx(2520.0, rel=1e-4)
    own = 3300.0 if kwargs.get("statistics", True) else 3300.0 * np.nan
    if np.isfinite(own):
        assert walks["steps"].iloc[0] == 3300.0
    assert walks["steps"].iloc[1] == 2250.0  # one source: the watch's count, not the sum of phone and watch
    first = walks.iloc[0]
    assert first["speed_mps"] == pytest.approx(1.40, rel=1e-4)
    assert first["step_length_m"] == pytest.approx(0.70, rel=1e-4)
    assert first["double_support_pct"] == pytest.approx(28.0, rel=1e-4)
    assert first["walking_asymmetry_pct"] == pytest.approx(4.0, rel=1e-4)
    assert np.isnan(walks["speed_mps"].iloc[1])  # no metric sample inside the second walk


def test_workouts_become_sessions_kept_once_in_the_weeks(tmp_path):
    workouts, records = _export_tables()
    data = write_apple_health(workouts, records)
    all_sessions = apple_health_sessions(read_apple_health(data, name="export.zip"), "export.zip")
    assert len(all_sessions) == 3  # two walks, and the iPhone's metrics of the first day outside them
    day = all_sessions[0].summary
    assert np.isnan(day.walking_time_s) and day.speed_mps == pytest.approx(1.2)
    assert day.stride_length_m == pytest.approx(1.24) and day.walking_asymmetry_pct == pytest.approx(6.0)
    assert "the walking metrics the iPhone measured on 2025-03-03" in all_sessions[0].notes[0]
    sessions = all_sessions[1:]
    s = sessions[0].summary
    assert s.walking_time_s == pytest.approx(1800.0, abs=0.01)
    assert s.cadence_spm == pytest.approx(110.0, rel=1e-3)
    assert s.brisk_minutes == pytest.approx(30.0, abs=0.01)
    assert s.speed_mps == pytest.approx(1.40, rel=1e-3)  # the distance over the time
    assert s.stride_length_m == pytest.approx(1.40, rel=1e-3)  # twice the iPhone's step length
    assert s.double_support_pct == pytest.approx(28.0) and s.walking_asymmetry_pct == pytest.approx(4.0)
    assert sessions[1].summary.cadence_spm == pytest.approx(2250.0 / 20.0, rel=1e-3)
    with SessionStore(tmp_path / "s.sqlite") as store:
        for session in all_sessions:
            store.save(session)
        assert all(store.holds(session) for session in all_sessions)  # (batch keeps them once)
        weekly = store.weekly()
        assert weekly["walking_minutes"].sum() == pytest.approx(50.0, abs=0.01)
        assert weekly["sessions"].sum() == 2  # the walks: a day's metrics is no walk
        kept = store.sessions()
        # true clocks: a watch's FIT of the same walk counts once; a day of metrics has no span of its own
        assert kept["ended_at"].notna().tolist() == [False, True, True]
        assert kept["walking_asymmetry_pct"].tolist() == pytest.approx([6.0, 4.0, np.nan], nan_ok=True)


def test_bad_exports_are_refused_clearly():
    workouts, records = _export_tables()
    xml = write_apple_health(workouts, records, zipped=False)
    with pytest.raises(gaitcoach.GaitcoachError, match="empty"):
        read_apple_health(b"", name="export.xml")
    with pytest.raises(gaitcoach.GaitcoachError, match="not an Apple Health export") as info:
        read_apple_health(b'<?xml version="1.0"?><gpx><trk/></gpx>', name="route.xml")
    assert "route.xml" in str(info.value)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("apple_health_export/readme.txt", "nothing")
    with pytest.raises(gaitcoach.GaitcoachError, match="no apple_health_export/export.xml"):
        read_apple_health(buf.getvalue(), name="export.zip")
    with pytest.raises(gaitcoach.GaitcoachError, match="damaged"):
        read_apple_health(write_apple_health(workouts, records)[:300], name="export.zip")
    # an export cut off part-way: the walks before are kept (all but those in its last few kilobytes, which the
    # parser had not handed on yet), with a warning
    days = pd.Timedelta(days=1)
    many = pd.DataFrame({"start": [T0 + k * days for k in range(300)], "end": [T0 + k * days + pd.Timedelta(minutes=30)
                         for k in range(300)], "activity": "Walking", "steps": 3300.0, "distance_m": 2520.0,
                         "source": "Apple Watch"})  # fmt: skip
    xml = write_apple_health(many, records.iloc[:0], zipped=False)
    walks = read_apple_health(xml[: int(0.7 * len(xml))], name="export.xml")
    assert 150 <= len(walks) < 210
    assert walks.attrs["warnings"] and "breaks off" in walks.attrs["warnings"][0]
    with pytest.raises(gaitcoach.GaitcoachError, match="breaks off before any"):
        read_apple_health(xml[:200], name="export.xml")


def test_a_recording_load_points_to_the_history_import():
    workouts, records = _export_tables()
    with pytest.raises(gaitcoach.GaitcoachError, match="Apple Health export.*batch"):
        gaitcoach.load(write_apple_health(workouts, records), name="export.zip")


def test_the_command_line_inspects_and_keeps_an_export(tmp_path, capsys):
    from gaitcoach.cli import main

    path = tmp_path / "export.zip"
    path.write_bytes(write_apple_health(*_export_tables()))
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "apple_health" in out and "2 walking or hiking workouts" in out and "50 min" in out
    db = tmp_path / "s.sqlite"
    assert main(["batch", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "3 of 3 sessions added" in out and "walking speed 1.20 m/s, stride 1.24 m" in out
    assert main(["batch", str(path), "--db", str(db)]) == 0  # again: nothing twice
    assert "0 of 3 sessions added" in capsys.readouterr().out


def test_weeks_follow_speed_stride_and_the_iphones_metrics(tmp_path):
    """Measures without a cue are followed week by week, their change said without a verdict."""
    from gaitcoach.coaching import weekly_trends

    week = pd.Timedelta(days=7)
    walks = pd.DataFrame({"start": [T0, T0 + week], "end": [T0 + pd.Timedelta(minutes=30), T0 + week +
                          pd.Timedelta(minutes=30)], "activity": "Walking", "steps": [3300.0, 3600.0],
                          "distance_m": [2520.0, 2700.0], "source": "Apple Watch"})  # fmt: skip
    samples = pd.DataFrame(
        [{"type": "WalkingDoubleSupportPercentage", "start": start + pd.Timedelta(minutes=10),
          "end": start + pd.Timedelta(minutes=11), "value": value, "source": "iPhone"}
         for start, value in ((T0, 31.0), (T0 + week, 27.5))]
    )  # fmt: skip
    with SessionStore(tmp_path / "s.sqlite") as store:
        for session in apple_health_sessions(read_apple_health(write_apple_health(walks, samples)), "export.zip"):
            store.save(session)
        weekly = store.weekly()
    assert list(weekly["speed_mps"]) == pytest.approx([1.40, 1.50], rel=1e-3)
    assert list(weekly["double_support_pct"]) == pytest.approx([31.0, 27.5])
    lines = weekly_trends(weekly)
    assert "Walking speed: 1.40 -> 1.50 m/s over 1 week." in lines
    assert "Both feet on the ground: 31.0 -> 27.5 % of the stride over 1 week." in lines
    assert not any("iPhone's walking asymmetry" in line for line in lines)  # (none measured)


def test_an_export_xml_zipped_on_its_own_is_an_export():
    """export.xml zipped again by itself (not in apple_health_export/) is still told and read."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("export.xml", write_apple_health(*_export_tables(), zipped=False))
    assert holds_apple_health(buf.getvalue()[:4096])
    assert len(read_apple_health(buf.getvalue(), name="mine.zip")) == 2
    assert not holds_apple_health(write_apple_health(*_export_tables())[:10] + b"x" * 100)


def test_the_left_right_cue_points_to_the_iphones_walking_asymmetry():
    session = apple_health_sessions(read_apple_health(write_apple_health(*_export_tables())), "export.zip")[1]
    even = next(f for f in session.findings if f.cue_id == "even_left_right")
    assert even.status == "cant_tell"
    assert "4.0 % of your steps uneven" in even.message


def test_the_broken_declaration_and_control_characters_of_ios_16_exports_are_read_past():
    """Exports from iOS 16 on leave an attribute list of their document type declaration unclosed (every public
    parser stopped at its line 156) and write a vertical tab (\\x0b) into some names; neither stops the reading."""
    xml = write_apple_health(*_export_tables(), zipped=False)
    broken_dtd = (
        b"<!ATTLIST VisionPrescription\n  type             CDATA #REQUIRED\n  dateIssued       CDATA #REQUIRED\n"
        + b"<!ELEMENT Prescription (#PCDATA)>\n" * 3000  # (a declaration of some 100 kB)
    )
    broken = xml.replace(b"]>\n", broken_dtd + b"]>\n", 1).replace(b'sourceName="iPhone"', b'sourceName="iPhone\x0b"')
    import xml.etree.ElementTree as ET

    with pytest.raises(ET.ParseError):  # (as a plain XML parser finds it)
        ET.fromstring(broken)
    walks = read_apple_health(broken, name="export.xml")
    assert len(walks) == 2 and walks["walking_asymmetry_pct"].iloc[0] == pytest.approx(4.0)
    assert not walks.attrs["warnings"]


def test_a_long_history_is_reported_in_one_line(tmp_path, capsys):
    """Years of walks: batch says what the export held in one line (every session in --json), not a line each."""
    import json

    from gaitcoach.cli import main

    days = pd.Timedelta(days=1)
    walks = pd.DataFrame({"start": [T0 + k * days for k in range(45)], "end": [T0 + k * days + pd.Timedelta(minutes=30)
                          for k in range(45)], "activity": "Walking", "steps": 3300.0, "distance_m": 2520.0,
                          "source": "Apple Watch"})  # fmt: skip
    path = tmp_path / "export.zip"
    path.write_bytes(write_apple_health(walks, _export_tables()[1].iloc[:0]))
    assert main(["batch", str(path), "--db", str(tmp_path / "a.sqlite")]) == 0
    out = capsys.readouterr().out
    assert "export.zip: 45 walks (1,350 min), 2025-03-03 to 2025-04-16; 45 of 45 sessions added" in out
    assert "export.zip 2025-03-04" not in out  # (no line per walk)
    assert main(["batch", str(path), "--db", str(tmp_path / "b.sqlite"), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 45


def test_days_of_iphone_metrics_do_not_push_walks_out_of_the_baseline(tmp_path):
    """The baseline is the first three sessions that measured the cues' values: days of the iPhone's own walking
    metrics, which measure none of them, saved before, do not take their place."""
    from gaitcoach.simulate import WalkSpec, simulate

    day = pd.Timedelta(days=1)
    samples = pd.DataFrame(
        [{"type": "WalkingSpeed", "start": T0 + k * day, "end": T0 + k * day + pd.Timedelta(minutes=1), "value": 1.3,
          "source": "iPhone"} for k in range(3)]
    )  # fmt: skip
    days = apple_health_sessions(read_apple_health(write_apple_health(_export_tables()[0].iloc[:0], samples)), "e.zip")
    assert len(days) == 3
    with SessionStore(tmp_path / "s.sqlite") as store:
        for day in days:
            store.save(day)
        assert store.baseline(before=T0 + pd.Timedelta(days=90)) == {}
        rec, _ = simulate(
            WalkSpec(placement="lumbar", bouts=(20,), cadence_spm=104.0, started_at="2025-04-01T08:00:00Z")
        )
        store.save(gaitcoach.analyze(rec, height_m=1.75))
        assert store.baseline(before=T0 + pd.Timedelta(days=90))["cadence_spm"] == pytest.approx(104.0, abs=2.0)
