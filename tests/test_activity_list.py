import numpy as np
import pandas as pd
import pytest

import gaitcoach
from conftest import SHARED
from gaitcoach.cli import main
from gaitcoach.errors import UnsupportedFormatError

EN = (
    "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,Aerobic TE,Avg Run Cadence,"
    "Max Run Cadence,Avg Pace,Best Pace,Total Ascent,Total Descent,Avg Stride Length,Avg Vertical Ratio,"
    "Avg Vertical Oscillation,Avg Ground Contact Time,Avg GAP,Steps,Moving Time,Elapsed Time\n"
    'Walking,2025-09-28 07:07:55,false,"Morning walk","2.00","135","00:30:00","101","115","0.5","112","120",'
    '"15:00","12:00","5","6","0.72","--","--","--","--","3,360","00:29:30","00:30:10"\n'
    'Running,2025-09-29 18:00:00,false,"Run","3.10","400","00:27:00","150","170","3.0","166","180","8:43",'
    '"7:50","10","10","1.12","8.1","9.6","255","8:40","4,482","00:27:00","00:27:05"\n'
)


def test_english_export_in_miles(tmp_path):
    path = tmp_path / "Activities.csv"
    path.write_text(EN, encoding="utf-8")
    df = gaitcoach.read_activity_list(path)
    walk, run = df.iloc[0], df.iloc[1]
    assert walk["is_walking"] and not run["is_walking"]
    # 3.10 mi in 27 min at 166 spm x 1.12 m: miles, told from the data
    assert "miles" in df.attrs["distance_unit"]
    assert run["distance_m"] == pytest.approx(3.10 * 1609.344)
    assert walk["duration_s"] == 1800 and walk["moving_time_s"] == 1770
    assert walk["steps"] == 3360 and walk["avg_cadence_spm"] == 112
    assert run["avg_vertical_oscillation_m"] == pytest.approx(0.096)
    assert run["avg_ground_contact_time_s"] == pytest.approx(0.255)
    assert pd.isna(walk["avg_vertical_ratio_pct"])  # "--"
    assert walk["start_local"] == pd.Timestamp("2025-09-28 07:07:55")


def test_load_says_what_to_do_and_inspect_reads_it(tmp_path, capsys):
    path = tmp_path / "Activities.csv"
    path.write_text(EN, encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="activity list.*read_activity_list"):
        gaitcoach.load(path)
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 (2025-09-28 to 2025-09-29" in out and "walks            1, 30 min" in out


@pytest.mark.skipif(not (SHARED / "corpus" / "csv" / "garmin_connect").is_dir(), reason="../shared is absent")
@pytest.mark.parametrize(
    ("name", "unit", "n"),
    [
        ("HLasse__Activities_da.csv", "km", 41),
        ("IsakJacobsson__Activities-26-02-08_sv.csv", "km", 1132),
        ("JakeBowen2005__Activities_en.csv", "miles", 20),
    ],
)
def test_real_exports(name, unit, n):
    df = gaitcoach.read_activity_list(SHARED / "corpus" / "csv" / "garmin_connect" / name)
    assert len(df) == n and df.attrs["distance_unit"].startswith(unit)
    running = df[df["avg_cadence_spm"] > 140]
    speed = running["distance_m"] / running["duration_s"]
    assert speed.median() == pytest.approx(2.8, rel=0.35)  # runners' speeds in m/s: units are right
    if name.endswith("_sv.csv"):
        assert df["is_walking"].sum() == 36
        assert df["gct_balance_left_pct"].dropna().between(40, 60).all()


def test_batch_keeps_the_lists_walks_as_sessions_of_the_weekly_view(tmp_path, capsys):
    # the walk: 29.5 min moving, 3,360 steps at 112 steps/min, 2.00 mi, Garmin's "stride" (a step) 0.72 m; the run
    # is not a walk
    from gaitcoach.store import SessionStore

    path, db = tmp_path / "Activities.csv", tmp_path / "s.sqlite"
    path.write_text(EN, encoding="utf-8")
    assert main(["batch", str(path), "--db", str(db)]) == 0
    assert "1 of 1 sessions added" in capsys.readouterr().out
    with SessionStore(db) as store:
        (walk,) = store.sessions().to_dict(orient="records")
        weekly = store.weekly()
    assert walk["walking_time_s"] == 1770 and walk["n_steps"] == 3360
    assert walk["cadence_spm"] == pytest.approx(3360 / 29.5)  # the steps over the moving time
    assert walk["brisk_minutes"] == pytest.approx(29.5)
    assert walk["stride_length_m"] == pytest.approx(2 * 2.00 * 1609.344 / 3360)  # twice the distance per step
    assert walk["speed_mps"] == pytest.approx(2.00 * 1609.344 / 1770)
    assert walk["started_at"] == pd.Timestamp("2025-09-28 07:07:55", tz="UTC")
    assert pd.isna(walk["ended_at"])  # (a local time without its zone: never laid beside a device's recording)
    assert weekly["walking_minutes"].iloc[0] == pytest.approx(29.5)
    # an indoor walk (distance 0): no speed
    from gaitcoach.history import activity_list_sessions

    indoor = gaitcoach.read_activity_list(path).assign(distance_m=0.0)
    (session,) = activity_list_sessions(indoor, "Activities.csv")
    assert np.isnan(session.summary.speed_mps) and session.summary.walking_time_s == 1770
    # the same list again adds nothing twice
    assert main(["batch", str(path), "--db", str(db)]) == 0
    assert "0 of 1 sessions added" in capsys.readouterr().out


@pytest.mark.skipif(not (SHARED / "corpus" / "csv" / "garmin_connect").is_dir(), reason="../shared/corpus absent")
def test_a_real_swedish_list_gives_its_walks():
    from gaitcoach.history import activity_list_sessions

    name = "IsakJacobsson__Activities-26-02-08_sv.csv"
    df = gaitcoach.read_activity_list(SHARED / "corpus" / "csv" / "garmin_connect" / name)
    sessions = activity_list_sessions(df, name)
    assert len(sessions) == int(df["is_walking"].sum()) == 36
    minutes = [s.summary.walking_time_s / 60 for s in sessions]
    assert all(5 < m < 300 for m in minutes)
    # rounds of golf labelled walks: the list's average cadence 23-42 (stops included), 107-125 while moving
    assert all(100 <= s.summary.cadence_spm <= 130 for s in sessions)
    assert all(0.55 <= s.summary.stride_length_m / 2 <= 0.9 for s in sessions)  # a walking step, not 1.0-1.2 m
