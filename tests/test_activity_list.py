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
