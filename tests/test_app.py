"""The Streamlit page, driven headless with AppTest."""

import re
from pathlib import Path

import numpy as np
import pytest

from conftest import make_recording
from gaitcoach.io import writers

APP = str(Path(__file__).resolve().parents[1] / "app.py")
pytest.importorskip("streamlit.testing.v1")
from streamlit.testing.v1 import AppTest  # noqa: E402


def test_app_shows_sample_files():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    # (the sidebar holds the file-units expander; the page starts with the recording guide)
    guide, *files, library = at.main.expander  # (the routines' library closes the page's files)
    names = [e.label for e in files]
    assert "watch_walk.fit" in names and "shoe_left_sensor_logger.zip" in names
    assert guide.label == "How to record a walk" and guide.proto.expanded  # open for someone who has no file yet
    assert library.label == "All the routines: how to do them"
    assert any("Cross one ankle over the other knee" in m.value for m in library.markdown)
    # the week's plan of the belt sample (one hip higher) says how to do its routines
    assert any("**Supine pigeon prep" in m.value and "Cross one ankle" in m.value for m in at.main.markdown)
    text = " ".join(m.value for m in guide.markdown)
    assert "Export Original" in text and "jump once with both feet" in text and "Stand still" in text
    assert not at.error
    # per file: the facts, the walk summary and the cues; then both sample shoes as one session: summary and cues
    assert len(at.table) == 3 * len(names) + 2
    assert any("Both sample shoes" in h.value for h in at.subheader)
    session = [m for t in at.table[-2:] for m in t.value.index]
    assert "left/right difference in step time" in session


def test_app_with_empty_sample_folder_and_bad_file(tmp_path, monkeypatch):
    (tmp_path / "broken.fit").write_bytes(b"not a fit file at all")
    (tmp_path / "walk.csv").write_bytes(writers.write_generic_csv(make_recording()))
    monkeypatch.setenv("GAITCOACH_SAMPLE_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("broken.fit" in e.value and "header" in e.value for e in at.error)
    assert [e.label for e in at.main.expander][1:-1] == ["broken.fit", "walk.csv"]


def test_app_analyses_the_shoe_samples():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    shoe = next(e for e in at.expander if e.label == "shoe_left_sensor_logger.zip")
    tables = [t.value for t in shoe.table]
    measures = [m for t in tables for m in t.index]
    assert any("stride length" in m for m in measures) and any("how far the toes turn out" in m for m in measures)


def test_height_gives_the_belt_stride_length():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.number_input[0].set_value(170).run()
    assert not at.exception
    belt = next(e for e in at.expander if e.label == "belt_lower_back_phyphox.zip")
    measures = [m for t in belt.table for m in t.value.index]
    assert any("stride length" in m for m in measures)
    # the drops drawn stride by stride; no stride of the sample walk hitches a hip: no flat line of zeros for it
    captions = [c.value for c in belt.caption]
    assert "pelvis drop [deg], stride by stride" in captions
    assert not any(c.startswith("pelvis rise") for c in captions)
    rise = next(t.value for t in belt.table if "pelvis rise on the left" in " ".join(t.value.index))
    assert rise.filter(like="pelvis rise", axis=0)["value"].eq("0 deg").all()


def test_weekly_view_on_the_sample_weeks():
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    assert any("Week by week" in h.value for h in at.subheader)
    labels = [b.label for b in at.get("download_button")]
    assert "Download the weeks (CSV)" in labels
    assert any(label.startswith("Download the weeks as a web page") for label in labels)


def test_uploads_are_one_session_and_can_be_saved(tmp_path, monkeypatch):
    from gaitcoach.simulate import WalkSpec, simulate
    from gaitcoach.store import SessionStore

    files = []
    for side in ("left", "right"):  # a left toe-out of 14 deg, the right 4 deg, asymmetric steps
        rec, _ = simulate(
            WalkSpec(placement="foot", side=side, bouts=(14,), fpa_deg=(14.0, 4.0), step_time_asymmetry_pct=10.0)
        )
        files.append((f"{side}_shoe.csv", writers.write_generic_csv(rec, absolute_time=True), "text/csv"))
    db = tmp_path / "sessions.sqlite"
    monkeypatch.setenv("GAITCOACH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader[0].set_value(files)
    at.selectbox[0].set_value("foot")
    at.run()
    assert not at.exception and not at.error
    assert any("2 files together" in h.value for h in at.subheader)
    summary = at.table[-2].value
    assert "left/right difference in step time" in summary.index
    assert "foot progression angle, left (how far the toes turn out)" in summary.index
    assert any("toe-out [deg], stride by stride" in c.value for c in at.caption)
    assert not any("Cadence over the session" in c.value for c in at.caption)  # (under a minute's walking)
    labels = [b.label for b in at.get("download_button")]
    assert {"Download the report (JSON)", "Download the strides (CSV)", "Download the steps (CSV)",
            "Download the report (web page, to print or share)"} <= set(labels)  # fmt: skip
    # saved on request only, once, with the measured values
    with SessionStore(db) as store:
        assert store.weekly().empty
    next(b for b in at.button if "Save" in b.label).click().run()
    assert not at.exception and any("Saved" in s.value for s in at.success)
    with SessionStore(db) as store:
        weekly = store.weekly()
    assert len(weekly) == 1 and weekly["fpa_left_deg"].iloc[0] > weekly["fpa_right_deg"].iloc[0] + 5
    # a second click does not keep it twice
    next(b for b in at.button if "Save" in b.label).click().run()
    assert not at.exception and any("already" in i.value for i in at.info)
    with SessionStore(db) as store:
        assert len(store.sessions()) == 1


def test_toe_out_calibration_walk_in_the_sidebar():
    from gaitcoach.simulate import WalkSpec, simulate

    walk, _ = simulate(WalkSpec(placement="foot", side="right", bouts=(14,), fpa_deg=(15.0, 15.0)))
    cal, _ = simulate(WalkSpec(placement="foot", side="right", bouts=(14,), fpa_deg=(6.0, 6.0), seed=4))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader[0].set_value(("right_walk.csv", writers.write_generic_csv(walk), "text/csv"))
    at.file_uploader[1].set_value(("right_toes_ahead.csv", writers.write_generic_csv(cal), "text/csv"))
    at.selectbox[0].set_value("foot")
    at.run()
    assert not at.exception and not at.error
    summary = at.table[-2].value
    shown = summary.loc["foot progression angle, right (how far the toes turn out)", "value"]
    assert float(shown.split()[0]) == pytest.approx(9.0, abs=1.0)
    assert any("calibration" in i.value for i in at.info)


def test_one_file_with_both_shoes_is_one_session():
    import pandas as pd

    from gaitcoach.simulate import WalkSpec, simulate

    table = {}
    for side in ("left", "right"):
        rec, _ = simulate(WalkSpec(placement="foot", side=side, bouts=(12,), step_time_asymmetry_pct=8.0))
        table["time_s"] = rec.signals.index.to_numpy()
        for col in rec.signals.columns:
            table[f"{side}_{col}"] = rec.signals[col].to_numpy()
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader[0].set_value(("feet.csv", pd.DataFrame(table).to_csv(index=False).encode(), "text/csv"))
    at.run()
    assert not at.exception and not at.error
    assert any("2 sensors from 1 file" in h.value for h in at.subheader)
    summary = at.table[-2].value
    assert "left/right difference in step time" in summary.index


def test_a_walk_with_gravity_removed_gets_its_steps():
    import pandas as pd
    from scipy import signal

    from gaitcoach.simulate import WalkSpec, simulate

    rec, truth = simulate(WalkSpec(placement="lumbar", bouts=(16,)))
    acc = rec.signals[["acc_x", "acc_y", "acc_z"]].to_numpy()
    linear = acc - signal.sosfiltfilt(signal.butter(2, 0.3, fs=100.0, output="sos"), acc, axis=0)
    columns = {f"linear acc {a}": linear[:, i] for i, a in enumerate("xyz")}
    table = pd.DataFrame({"time_s": rec.signals.index, **columns})
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader[0].set_value(("phone_walk.csv", table.to_csv(index=False).encode(), "text/csv"))
    at.run()
    assert not at.exception and not at.error
    steps = [i.value for i in at.info if "counted from the acceleration alone" in i.value]
    n_true = int((truth.events["event"] == "IC").sum())
    assert steps and abs(int(steps[0].split(": ")[1].split()[0]) - n_true) <= 2


def test_a_csv_without_a_time_column_loads_with_the_rate_given_in_the_sidebar(tmp_path, monkeypatch):
    # research exports often number their samples instead of timing them: the sidebar's rate reads them
    rec = make_recording()
    table = rec.signals.reset_index(drop=True)
    table.insert(0, "samples", range(len(table)))
    (tmp_path / "numbered.csv").write_text(table.to_csv(index=False))
    monkeypatch.setenv("GAITCOACH_SAMPLE_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("no time column" in e.value and "File units" in e.value for e in at.error)
    rate = next(n for n in at.sidebar.number_input if "Sampling rate" in n.label)
    rate.set_value(rec.sampling_rate_hz).run()
    assert not at.exception and not at.error
    facts = at.main.expander[1].table[0].value.iloc[:, 0]  # (after the recording guide)
    assert facts["sampling rate"] == f"{rec.sampling_rate_hz:g} Hz"
    assert facts["duration"].endswith(f"{(len(table) - 1) / rec.sampling_rate_hz:.1f} s")


def test_each_upload_can_say_where_its_sensor_was():
    # two phones in one session, one on the left shoe, one on the belt: the sidebar says shoe, the belt's file says
    # lower back
    from gaitcoach.simulate import WalkSpec, simulate

    shoe, _ = simulate(WalkSpec(placement="foot", side="left", bouts=(24,), fpa_deg=(12.0, 12.0)))
    belt, _ = simulate(WalkSpec(placement="lumbar", bouts=(24,), pelvic_drop_deg=(2.0, 6.0)))
    files = [
        (name, writers.write_generic_csv(rec.replace(placement=None), absolute_time=True), "text/csv")
        for name, rec in (("shoe.csv", shoe), ("belt.csv", belt))
    ]
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader[0].set_value(files)
    at.sidebar.selectbox[0].set_value("foot")
    at.run()
    at.selectbox(key="side:shoe.csv").set_value("left")
    at.selectbox(key="placement:belt.csv").set_value("lumbar")
    at.run()
    assert not at.exception and not at.error
    summary = at.table[-2].value.iloc[:, 0]
    assert "foot progression angle, left (how far the toes turn out)" in summary.index
    assert "pelvis drop on the right (while the right leg swings)" in summary.index
    assert float(summary["pelvis drop on the right (while the right leg swings)"].split()[0]) == pytest.approx(
        6.0, abs=1.0
    )


def test_a_recording_without_walking_shows_why(tmp_path, monkeypatch):
    from gaitcoach.simulate import WalkSpec, simulate

    rec, _ = simulate(WalkSpec(placement="lumbar", activity="vibration", lead_in_s=60.0))
    (tmp_path / "car.csv").write_bytes(writers.write_generic_csv(rec.replace(placement=None)))
    monkeypatch.setenv("GAITCOACH_SAMPLE_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any(e.value.startswith("car.csv: no walking measured.") for e in at.error)


def test_saved_sessions_can_be_forgotten_on_the_page(tmp_path, monkeypatch):
    import gaitcoach
    from gaitcoach.simulate import WalkSpec, simulate
    from gaitcoach.store import SessionStore

    db = tmp_path / "sessions.sqlite"
    with SessionStore(db) as store:
        for day in ("2024-04-01T08:00:00Z", "2024-04-02T08:00:00Z"):
            rec, _ = simulate(WalkSpec(placement="foot", side="left", bouts=(8,), started_at=day))
            store.save(gaitcoach.analyze(rec.replace(file_name=f"walk_{day[:10]}.csv")))
    monkeypatch.setenv("GAITCOACH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any(e.label == "Your saved sessions (2)" for e in at.main.expander)
    at.multiselect(key="forget_ids").set_value([1]).run()
    at.button(key="forget").click().run()
    assert not at.exception and any("Removed 1 session" in s.value for s in at.success)
    with SessionStore(db) as store:
        assert list(store.sessions()["id"]) == [2]
    assert any(e.label == "Your saved sessions (1)" for e in at.main.expander)


def test_an_activity_list_upload_keeps_its_walks(tmp_path, monkeypatch):
    from test_activity_list import EN

    from gaitcoach.store import SessionStore

    db = tmp_path / "sessions.sqlite"
    monkeypatch.setenv("GAITCOACH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader[0].set_value([("Activities.csv", EN.encode(), "text/csv")]).run()
    assert not at.exception and not at.error
    assert any("activity list of 2 activities, 1 of them walks (30 min)" in i.value for i in at.info)
    at.button(key="keep:Activities.csv").click().run()
    assert not at.exception and any("1 sessions added" in s.value for s in at.success)
    with SessionStore(db) as store:
        assert store.sessions()["walking_time_s"].tolist() == [1770.0]
    at.button(key="keep:Activities.csv").click().run()  # again: nothing twice
    assert any("0 sessions added" in s.value and "1 were there already" in s.value for s in at.success)


def test_an_apple_health_export_upload_keeps_its_walks(tmp_path, monkeypatch):
    from test_apple_health import _export_tables

    from gaitcoach.io.writers import write_apple_health
    from gaitcoach.store import SessionStore

    db = tmp_path / "sessions.sqlite"
    monkeypatch.setenv("GAITCOACH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader[0].set_value([("export.zip", write_apple_health(*_export_tables()), "application/zip")]).run()
    assert not at.exception and not at.error
    assert any("Apple Health export with 2 walking workouts and 1 day of the walking metrics" in i.value
               and "(50 min)" in i.value for i in at.info)  # fmt: skip
    at.button(key="keep:export.zip").click().run()
    assert not at.exception and any("3 sessions added" in s.value for s in at.success)
    with SessionStore(db) as store:
        kept = store.sessions()["walking_time_s"].tolist()
        assert kept == pytest.approx([np.nan, 1800.0, 1200.0], abs=0.01, nan_ok=True)


def test_the_page_reads_the_users_database_without_making_one():
    # the sidebar names the user's own database; until a session is saved there, the sample weeks are shown and no
    # file is made
    import os
    from pathlib import Path

    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    db = Path(os.environ["GAITCOACH_DB"])
    assert next(t for t in at.sidebar.text_input if "Session database" in t.label).value == str(db)
    assert not db.exists()
    assert any("simulated sample weeks" in c.value for c in at.caption)


def test_the_sidebar_starts_at_the_remembered_height(tmp_path, monkeypatch):
    import gaitcoach
    from gaitcoach.simulate import WalkSpec, simulate
    from gaitcoach.store import SessionStore

    db = tmp_path / "s.sqlite"
    rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(8,)))
    with SessionStore(db) as store:
        store.save(gaitcoach.analyze(rec, height_m=1.68))
    monkeypatch.setenv("GAITCOACH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert next(n for n in at.sidebar.number_input if "height" in n.label).value == 168


def test_a_longer_session_shows_when_it_walked(tmp_path, monkeypatch):
    """Two walks with a pause between: the cadence over the session's time, with the pause as a gap."""
    from gaitcoach.simulate import WalkSpec, simulate_sequence

    walk = WalkSpec(placement="lumbar", bouts=(40,), lead_out_s=30.0)
    rec, _ = simulate_sequence([walk, walk])
    monkeypatch.setenv("GAITCOACH_DB", str(tmp_path / "sessions.sqlite"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader[0].set_value([("belt.csv", writers.write_generic_csv(rec, absolute_time=True), "text/csv")])
    at.selectbox[0].set_value("lumbar")
    at.run()
    assert not at.exception and not at.error
    assert any("Cadence over the session" in c.value for c in at.caption)


def test_a_research_sensors_file_of_several_days_is_analysed_a_day_at_a_time(tmp_path, monkeypatch):
    """A GENEActiv on the back for two days (walks each morning, as its CSV conversion): the page asks which day,
    and analyses that day's walk."""
    from gaitcoach.simulate import WalkSpec, simulate

    parts = []
    for k, day in enumerate(("2024-05-01", "2024-05-02")):
        spec = WalkSpec(placement="lumbar", bouts=(30,), rate_hz=50.0, seed=k, started_at=f"{day}T08:00:00Z")
        rec, _ = simulate(spec)
        text = writers.write_geneactiv(rec, csv=True, location="back").decode("latin-1")
        parts.append((text[: text.index(f"{day} 08:00:00:000,")], text[text.index(f"{day} 08:00:00:000,") :]))
    (tmp_path / "geneactiv_two_days.csv").write_bytes((parts[0][0] + parts[0][1] + parts[1][1]).encode("latin-1"))
    monkeypatch.setenv("GAITCOACH_SAMPLE_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not at.error
    pick = next(s for s in at.selectbox if "2 days" in s.label)
    assert pick.options == ["2024-05-01", "2024-05-02"] and pick.value == "2024-05-01"
    pick.set_value("2024-05-02").run()
    assert not at.exception and not at.error
    facts = at.table[0].value
    assert facts.loc["file", "value"] == "geneactiv_two_days.csv (2024-05-02)"
    notes = [str(e.value) for e in (*at.caption, *at.markdown, *at.info, *at.text)]
    assert any(re.search(r"geneactiv_two_days.csv \(2024-05-02\) \(lower back\): [2-6]\d strides", n) for n in notes)
