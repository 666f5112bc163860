"""The local session store: sessions kept atomically, the baseline rule, weekly trends."""

import json
import sqlite3

import pandas as pd
import pytest

import gaitcoach
from gaitcoach.cli import main
from gaitcoach.io import writers
from gaitcoach.simulate import WalkSpec, simulate
from gaitcoach.store import SessionStore


def _session(day: str, fpa: float, cadence: float = 110.0):
    rec, _ = simulate(
        WalkSpec(placement="foot", side="left", bouts=(8,), fpa_deg=(fpa, fpa), cadence_spm=cadence, started_at=day)
    )
    return rec


def test_sessions_baseline_and_weekly(tmp_path):
    with SessionStore(tmp_path / "s.sqlite") as store:
        for i, fpa in enumerate([16.0, 15.0, 14.0, 12.0, 10.0, 8.0]):
            day = (pd.Timestamp("2024-04-01T08:00:00Z") + pd.Timedelta(days=4 * i)).isoformat()
            store.save(gaitcoach.analyze(_session(day, fpa)))
        df = store.sessions()
        assert len(df) == 6 and df["fpa_left_deg"].iloc[0] == pytest.approx(16.0, abs=0.5)
        # before the 4th session the rolling 4 weeks hold 3 sessions: their median
        assert store.baseline(before=df["started_at"].iloc[3])["fpa_deg"] == pytest.approx(15.0, abs=0.5)
        # before the 2nd session only one: the first sessions are the baseline
        assert store.baseline(before=df["started_at"].iloc[1])["fpa_deg"] == pytest.approx(16.0, abs=0.5)
        assert store.baseline(before=df["started_at"].iloc[0]) == {}
        weekly = store.weekly()
        assert weekly["sessions"].sum() == 6
        assert weekly["fpa_left_deg"].is_monotonic_decreasing
        assert (weekly["walking_minutes"] > 0).all()


def test_schema_version_and_reopen(tmp_path):
    path = tmp_path / "s.sqlite"
    SessionStore(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    with SessionStore(path) as store:  # reopening does not migrate again
        assert store.sessions().empty


def test_a_walk_recorded_by_two_devices_and_saved_twice_counts_its_minutes_once(tmp_path):
    """A watch and a phone on the belt on the same walk, saved one by one: the week holds the walk once (the longer
    of the two walking times), not twice; another walk later that day adds its own; a session saved before spans
    were kept counts as it is."""
    from gaitcoach.simulate import activity_records

    start = "2024-04-02T08:00:00Z"
    watch, truth = simulate(WalkSpec(placement="wrist", bouts=(60,), rate_hz=25.0, started_at=start))
    watch = watch.replace(summary=activity_records(truth, watch.duration_s))
    belt, _ = simulate(WalkSpec(placement="lumbar", bouts=(55,), started_at="2024-04-02T08:00:05Z", seed=3))
    later, _ = simulate(WalkSpec(placement="lumbar", bouts=(30,), started_at="2024-04-02T18:00:00Z", seed=4))
    with SessionStore(tmp_path / "s.sqlite") as store:
        kept = [gaitcoach.analyze(r, height_m=1.75) for r in (watch, belt, later)]
        for analysis in kept:
            store.save(analysis)
        minutes = [a.summary.walking_time_s / 60.0 for a in kept]
        assert minutes[0] != pytest.approx(minutes[1])  # (two devices, two walking times)
        weekly = store.weekly()
        assert weekly["sessions"].iloc[0] == 3
        assert weekly["walking_minutes"].iloc[0] == pytest.approx(max(minutes[:2]) + minutes[2])
        assert store.minutes_last_week(pd.Timestamp("2024-04-03T00:00:00Z")) == pytest.approx(
            max(minutes[:2]) + minutes[2]
        )
        sessions = store.sessions()
        assert sessions["ended_at"].notna().all()
        assert (sessions["ended_at"] > sessions["started_at"]).all()
    # the same sessions as an older gaitcoach kept them, without their spans: summed as before
    with sqlite3.connect(tmp_path / "s.sqlite") as conn:
        conn.execute("UPDATE sessions SET ended_at = NULL")
    with SessionStore(tmp_path / "s.sqlite") as store:
        assert store.weekly()["walking_minutes"].iloc[0] == pytest.approx(sum(minutes))


def test_a_database_of_the_first_schema_is_migrated_with_its_sessions(tmp_path):
    from gaitcoach.store import _MIGRATIONS

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:  # as the first release wrote it
        conn.executescript(_MIGRATIONS[0] + "PRAGMA user_version = 1;")
        conn.execute(
            "INSERT INTO sessions (started_at, files, placements, summary, version) VALUES (?, ?, ?, ?, ?)",
            ("2024-04-01T08:00:00+00:00", '["a.fit"]', '["foot"]', '{"cadence_spm": 104.0}', "0.1"),
        )
    with SessionStore(path) as store:
        kept = store.sessions()
        assert len(kept) == 1 and kept["cadence_spm"].iloc[0] == 104.0
        store.save(gaitcoach.analyze(_session("2024-04-08T08:00:00Z", 10.0)))
        assert len(store.sessions()) == 2


def test_a_file_without_a_clock_is_known_by_its_content(tmp_path, capsys):
    rec, _ = simulate(WalkSpec(placement="foot", side="left", bouts=(8,), started_at=None))
    data = writers.write_generic_csv(rec)
    (tmp_path / "walk.csv").write_bytes(data)
    (tmp_path / "walk_copy.csv").write_bytes(data)  # the same walk under another name
    db = tmp_path / "s.sqlite"
    assert main(["batch", str(tmp_path / "walk.csv"), "--db", str(db)]) == 0
    assert main(["batch", str(tmp_path / "walk.csv"), str(tmp_path / "walk_copy.csv"), "--db", str(db)]) == 0
    assert "0 of 2 sessions added" in capsys.readouterr().out
    with SessionStore(db) as store:
        assert len(store.sessions()) == 1


def test_a_failed_save_leaves_nothing(tmp_path, monkeypatch):
    store = SessionStore(tmp_path / "s.sqlite")
    result = gaitcoach.analyze(_session("2024-04-01T08:00:00Z", 10.0))
    monkeypatch.setattr("gaitcoach.store.json.dumps", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("disk")))
    with pytest.raises(RuntimeError):
        store.save(result)
    monkeypatch.undo()
    assert store.sessions().empty


def test_cli_keeps_sessions_and_uses_the_baseline(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    for i, fpa in enumerate([8.0, 8.0, 8.0, 14.5]):
        path = tmp_path / f"walk{i}.csv"
        day = (pd.Timestamp("2024-04-01T08:00:00Z") + pd.Timedelta(days=i)).isoformat()
        path.write_bytes(writers.write_generic_csv(_session(day, fpa), absolute_time=True))
        assert main(["analyze", str(path), "--placement", "foot", "--side", "left", "--db", str(db)]) == 0
    out = capsys.readouterr().out.split("Your walking cues")[-1]
    # 14.5 deg is inside the normal band but 6 deg off this user's baseline of 8 deg: watch
    assert "[     watch] Toes pointed forward" in out and "against your baseline" in out
    assert len(SessionStore(db).sessions()) == 4


def test_a_file_that_is_not_a_session_database_is_refused_and_left_alone(tmp_path, capsys):
    from gaitcoach.errors import StoreError

    text = tmp_path / "notes.sqlite"
    text.write_text("my notes, not a database\n" * 100)
    before = text.read_bytes()
    with pytest.raises(StoreError, match="notes.sqlite: the session database could not be opened"):
        SessionStore(text)
    assert text.read_bytes() == before
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photos (name TEXT)")
    with pytest.raises(StoreError, match="another program's tables"):
        SessionStore(other)
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer gaitcoach"):
        SessionStore(newer)
    assert main(["weeks", "--db", str(text)]) == 1  # the command line says so, no traceback
    assert "error:" in capsys.readouterr().err


def test_sessions_can_be_forgotten_and_leave_the_baseline(tmp_path, capsys):
    # a session saved by mistake (toe-out 30 deg: a sensor strapped another way) is listed and removed; the baseline
    # and the weekly view no longer hold it
    db = tmp_path / "s.sqlite"
    with SessionStore(db) as store:
        for i, fpa in enumerate([10.0, 30.0, 10.0]):
            day = (pd.Timestamp("2024-04-01T08:00:00Z") + pd.Timedelta(days=i)).isoformat()
            store.save(gaitcoach.analyze(_session(day, fpa)))
        assert store.baseline()["fpa_deg"] == pytest.approx(10.0, abs=0.5)  # (the median of three)
        assert store.weekly()["fpa_left_deg"].iloc[0] == pytest.approx(10.0, abs=0.5)
    assert main(["sessions", "--db", str(db)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].split() == ["id", "started", "(UTC)", "walking", "files"] and len(listed) == 4
    assert main(["forget", "2", "--db", str(db)]) == 0
    assert "1 session removed" in capsys.readouterr().out
    with SessionStore(db) as store:
        assert list(store.sessions()["id"]) == [1, 3]
        assert store.weekly()["sessions"].sum() == 2
        assert store.forget([2]) == 0  # gone already
    assert main(["forget", "2", "--db", str(db)]) == 1
    assert "no session 2" in capsys.readouterr().err
    assert main(["sessions", "--db", str(tmp_path / "none.sqlite")]) == 1


def test_the_weeks_show_one_hip_higher_easing(tmp_path, capsys):
    # a belt phone over three weeks: the right side drops 4, then 2.5, then 1 deg more than the left
    from gaitcoach.coaching import weekly_trends

    db = tmp_path / "s.sqlite"
    with SessionStore(db) as store:
        for week, right in enumerate((6.0, 4.5, 3.0)):
            day = (pd.Timestamp("2024-04-01T08:00:00Z") + pd.Timedelta(weeks=week)).isoformat()
            rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(24,), pelvic_drop_deg=(2.0, right), started_at=day))
            store.save(gaitcoach.analyze(rec, height_m=1.75))
        weekly = store.weekly()
        # and the coaching compares a session with the user's own (the median of the three)
        assert store.baseline()["pelvic_drop_asymmetry_deg"] == pytest.approx(2.5, abs=0.5)
    assert weekly["pelvic_drop_asymmetry_deg"].tolist() == pytest.approx([4.0, 2.5, 1.0], abs=0.5)
    trend = next(line for line in weekly_trends(weekly) if line.startswith("Difference in pelvic drop"))
    assert trend.startswith("Difference in pelvic drop between the sides: 4.0 -> 1.0 deg over 2 weeks, now in the good")
    assert main(["weeks", "--db", str(db)]) == 0
    assert "hip drop diff" in capsys.readouterr().out


def test_the_users_own_database_by_default(tmp_path, monkeypatch, capsys):
    # no --db: the database commands use $GAITCOACH_DB, else ~/.gaitcoach/sessions.sqlite
    from gaitcoach.store import default_db_path

    monkeypatch.delenv("GAITCOACH_DB")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_db_path() == tmp_path / ".gaitcoach" / "sessions.sqlite"
    walk = tmp_path / "walk_left.csv"
    walk.write_bytes(writers.write_generic_csv(_session("2024-04-01T08:00:00Z", 10.0), absolute_time=True))
    assert main(["batch", str(walk)]) == 0
    assert (tmp_path / ".gaitcoach" / "sessions.sqlite").is_file()
    assert main(["sessions"]) == 0 and "walk_left.csv" in capsys.readouterr().out
    monkeypatch.setenv("GAITCOACH_DB", str(tmp_path / "other.sqlite"))
    assert default_db_path() == tmp_path / "other.sqlite"
    assert main(["weeks"]) == 1  # none there yet


def test_the_height_told_once_is_remembered(tmp_path, capsys):
    # a belt session analysed with a height keeps it; the next belt walk without --height gets its stride length
    from gaitcoach.simulate import WalkSpec, simulate

    db = tmp_path / "s.sqlite"
    paths = []
    for day in ("2024-04-01T08:00:00Z", "2024-04-02T08:00:00Z"):
        rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(16,), started_at=day, height_m=1.62))
        paths.append(tmp_path / f"belt_{day[:10]}.csv")
        paths[-1].write_bytes(writers.write_generic_csv(rec, absolute_time=True))
    assert main(["analyze", str(paths[0]), "--placement", "lumbar", "--height", "1.62", "--db", str(db)]) == 0
    with SessionStore(db) as store:
        assert store.profile() == {"height_m": 1.62}
    capsys.readouterr()
    assert main(["analyze", str(paths[1]), "--placement", "lumbar", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["stride_length_m"] is not None
    assert main(["analyze", str(paths[1]), "--placement", "lumbar", "--json"]) == 0  # no database: no height
    assert json.loads(capsys.readouterr().out)["summary"]["stride_length_m"] is None
