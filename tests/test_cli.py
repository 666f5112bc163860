import json
import re
from pathlib import Path

import numpy as np
import pytest

import gaitcoach
from conftest import make_recording
from gaitcoach.cli import main
from gaitcoach.io import writers


def test_inspect_fit(tmp_path, capsys):
    path = tmp_path / "watch.fit"
    path.write_bytes(writers.write_fit(make_recording(rate_hz=25.0, gyro=False), layout="compressed"))
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "format            fit" in out or "fit" in out.split("format", 1)[1].split("\n")[0]
    assert "2024-05-01 08:00:00 UTC" in out
    assert "25 Hz" in out and "acc_x [m/s^2]" in out
    assert "on the wrist: steps and cadence only" in out
    assert "cadence_spm" in out


def test_inspect_json_and_errors(tmp_path, capsys):
    good = tmp_path / "walk.csv"
    good.write_bytes(writers.write_generic_csv(make_recording()))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    assert main(["inspect", "--json", "--placement", "foot", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result[0]["sampling rate"] == "100 Hz" and result[0]["placement"] == "foot"
    assert "heel strike and toe-off per foot" in result[0]["can support"]
    assert "bad.csv" in result[1]["error"] and "empty" in captured.err


def _no_nan(token):
    raise ValueError(f"non-standard JSON constant {token}")


def test_analyze_json_is_standard_json_with_null_for_what_cannot_be_measured(tmp_path, capsys):
    from gaitcoach.io import writers
    from gaitcoach.simulate import WalkSpec, simulate

    rec, _ = simulate(WalkSpec(placement="pocket", side="right", bouts=(10,)))
    path = tmp_path / "pocket.csv"
    path.write_bytes(writers.write_generic_csv(rec))
    assert main(["analyze", str(path), "--placement", "pocket", "--side", "right", "--json"]) == 0
    out = json.loads(capsys.readouterr().out, parse_constant=_no_nan)
    assert out["summary"]["stride_length_m"] is None  # a pocket cannot measure it
    assert out["summary"]["cadence_spm"] > 90 and out["strides"][0]["fpa_deg"] is None


def test_batch_keeps_each_file_as_a_session_oldest_first_and_weeks_shows_them(tmp_path, capsys):
    from gaitcoach.simulate import WalkSpec, simulate
    from gaitcoach.store import SessionStore

    files = []
    for day, fpa in (("2024-04-15", 9.0), ("2024-04-01", 20.0), ("2024-04-08", 14.0)):  # not in date order
        rec, _ = simulate(WalkSpec(placement="foot", side="left", bouts=(12,), fpa_deg=(fpa, fpa), rate_hz=50.0,
                                   started_at=f"{day}T07:30:00Z"))  # fmt: skip
        path = tmp_path / f"{day}_left_shoe.fit"
        path.write_bytes(writers.write_fit(rec))  # a development logger with a gyroscope: placement from the signal
        files.append(str(path))
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"time_s,acc_x\n")
    db = tmp_path / "sessions.sqlite"
    assert main(["batch", *files, str(broken), "--db", str(db)]) == 1  # the broken file is reported, not fatal
    captured = capsys.readouterr()
    assert "broken.csv" in captured.err and "3 of 3 sessions added" in captured.out
    lines = [line for line in captured.out.splitlines() if "_left_shoe.fit" in line]
    assert [line[:10] for line in lines] == ["2024-04-01", "2024-04-08", "2024-04-15"]
    assert all("[foot]" in line for line in lines)
    assert all(re.search(r"\[foot\]  \d+ strides, \d+ s, \d+ steps/min", line) for line in lines)  # (under a minute)
    with SessionStore(db) as store:
        kept = store.sessions()
    assert len(kept) == 3 and kept["fpa_left_deg"].diff().dropna().lt(0).all()  # toe-out falling week by week
    # run again: nothing is added twice
    assert main(["batch", *files, "--db", str(db), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert [r["saved"] for r in again] == [False, False, False]
    assert main(["weeks", "--db", str(db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    weeks = out["weeks"]
    assert [w["week"] for w in weeks] == ["2024-04-01", "2024-04-08", "2024-04-15"]
    assert [round(w["fpa_left_deg"]) for w in weeks] == [20, 14, 9]
    toe_out = next(line for line in out["trends"] if line.startswith("Toe-out, left"))
    assert "over 2 weeks" in toe_out and "now in the good range" in toe_out  # 20 -> 9 against 0-15 deg
    assert main(["weeks", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "week of 2024-04-08" in text and "First week against the latest" in text
    assert main(["weeks", "--db", str(tmp_path / "none.sqlite")]) == 1


def test_batch_takes_the_two_shoes_of_one_walk_as_one_session(tmp_path, capsys):
    from gaitcoach.simulate import WalkSpec, simulate
    from gaitcoach.store import SessionStore

    spec = dict(placement="foot", bouts=(12,), rate_hz=50.0, step_time_asymmetry_pct=8.0)
    paths = []
    for side, start in (("left", "2024-04-02T07:30:00Z"), ("right", "2024-04-02T07:30:00Z"),
                        ("left", "2024-04-03T07:30:00Z")):  # fmt: skip
        rec, _ = simulate(WalkSpec(side=side, started_at=start, **spec))
        paths.append(tmp_path / f"{start[:10]}_{side}.fit")
        paths[-1].write_bytes(writers.write_fit(rec))
    db = tmp_path / "sessions.sqlite"
    assert main(["batch", *map(str, paths), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "2024-04-02_left.fit + 2024-04-02_right.fit" in out and "2 of 2 sessions added" in out
    with SessionStore(db) as store:
        kept = store.sessions()
    assert kept["step_time_asymmetry_pct"].iloc[0] == pytest.approx(8.0, abs=1.0)  # both feet on one clock
    assert np.isnan(kept["step_time_asymmetry_pct"].iloc[1])  # one shoe cannot tell


def test_fit_raw_motion_is_a_wrist_only_from_a_watch_or_without_a_gyroscope():
    from gaitcoach.io import load
    from gaitcoach.simulate import WalkSpec, simulate

    rec, _ = simulate(WalkSpec(placement="foot", side="left", bouts=(6,), rate_hz=50.0))
    assert load(writers.write_fit(rec), name="pod.fit").placement is None  # decided from the signal
    assert load(writers.write_fit(rec, device=(1, 1551)), name="fenix.fit").placement == "wrist"
    acc_only = rec.replace(signals=rec.signals[["acc_x", "acc_y", "acc_z"]])
    assert load(writers.write_fit(acc_only), name="acc.fit").placement == "wrist"


def test_analyze_takes_each_shoes_side_from_its_file_name(tmp_path, capsys):
    from gaitcoach.simulate import WalkSpec, simulate

    paths = []
    for side in ("left", "right"):
        # toes straight ahead: the shoes' signals alone do not tell which is which (as the real MS walk's)
        rec, _ = simulate(WalkSpec(placement="foot", side=side, bouts=(12,), fpa_deg=(0.0, 0.0), seed=3))
        path = tmp_path / f"walk_{side}.csv"
        path.write_bytes(writers.write_generic_csv(rec.replace(side=None)))
        paths.append(str(path))
    assert main(["analyze", *paths, "--json"]) == 0
    out = json.loads(capsys.readouterr().out, parse_constant=_no_nan)
    assert {s["side"] for s in out["strides"]} == {"left", "right"}
    assert not any("does not tell which is which" in n for n in out["notes"])


def test_analyze_takes_the_units_and_rate_the_file_does_not_say(tmp_path, capsys):
    # a file without a time column, in g with no unit in its header: --rate and --acc-unit read it, as inspect does
    from gaitcoach.simulate import WalkSpec, simulate

    rec, truth = simulate(WalkSpec(placement="foot", side="left", bouts=(10,)))
    table = rec.signals.reset_index(drop=True)
    table[["acc_x", "acc_y", "acc_z"]] /= 9.80665
    path = tmp_path / "numbered.csv"
    path.write_text(table.to_csv(index=False))
    assert main(["analyze", str(path), "--placement", "foot", "--side", "left"]) == 1
    assert "--rate" in capsys.readouterr().err
    args = ["analyze", str(path), "--placement", "foot", "--side", "left", "--rate", "100", "--acc-unit", "g"]
    assert main([*args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["summary"]["n_strides"] == len(truth.strides[truth.strides["side"] == "left"])


def test_guide_says_how_to_record_for_each_placement(capsys):
    from gaitcoach.recording_guide import GUIDE, guide_text

    assert main(["guide"]) == 0
    out = capsys.readouterr().out
    assert all(title in out for title, _ in GUIDE.values())
    assert main(["guide", "--placement", "lumbar"]) == 0
    out = capsys.readouterr().out
    assert GUIDE["any"][0] in out and GUIDE["lumbar"][0] in out and GUIDE["pocket"][0] not in out
    with pytest.raises(ValueError, match="summary"):
        guide_text("summary")


@pytest.mark.parametrize("placement", ["foot", "lumbar", "pocket"])
def test_the_guides_lowest_rate_is_the_analyses(placement):
    # the guide: "Below 20 a second the shoe, belt and pocket analyses cannot time the steps"
    from gaitcoach.recording_guide import guide_text
    from gaitcoach.simulate import WalkSpec, simulate

    assert "Below 20 a second" in guide_text()
    found = {}
    for rate in (19.0, 25.0):
        rec, _ = simulate(WalkSpec(placement=placement, side="left", bouts=(12,), rate_hz=rate))
        found[rate] = len(gaitcoach.analyze(rec, height_m=1.75).strides)
    assert found[19.0] == 0 and found[25.0] >= 8


def test_analyze_takes_each_files_placement(tmp_path, capsys):
    # a physio's session: a phone on the left shoe and one on the belt, each file's placement given in order
    from gaitcoach.simulate import WalkSpec, simulate

    shoe, _ = simulate(WalkSpec(placement="foot", side="left", bouts=(24,), fpa_deg=(12.0, 12.0)))
    belt, _ = simulate(WalkSpec(placement="lumbar", bouts=(24,), pelvic_drop_deg=(2.0, 6.0)))
    paths = []
    for name, rec in (("shoe_left.csv", shoe), ("belt.csv", belt)):
        (tmp_path / name).write_bytes(writers.write_generic_csv(rec.replace(placement=None), absolute_time=True))
        paths.append(str(tmp_path / name))
    assert main(["analyze", *paths, "--placements", "foot", "lumbar", "--height", "1.75", "--json"]) == 0
    out = json.loads(capsys.readouterr().out, parse_constant=_no_nan)
    assert out["summary"]["fpa_left_deg"] == pytest.approx(12.0, abs=1.0)
    drop = out["summary"]["pelvic_drop_right_deg"] - out["summary"]["pelvic_drop_left_deg"]
    assert drop == pytest.approx(4.0, abs=1.0)
    # one placement for both files cannot say it
    assert main(["analyze", *paths, "--placement", "foot", "--json"]) == 0
    out = json.loads(capsys.readouterr().out, parse_constant=_no_nan)
    assert out["summary"]["pelvic_drop_right_deg"] is None
    assert main(["analyze", *paths, "--placements", "foot"]) == 2


def test_a_recording_without_walking_is_an_error_and_saves_nothing(tmp_path, capsys):
    # a phone in the pocket through a minute of sitting: a clear error naming the file, no session kept
    from gaitcoach.simulate import WalkSpec, simulate
    from gaitcoach.store import SessionStore

    rec, _ = simulate(WalkSpec(placement="pocket", side="left", activity="sit", lead_in_s=60.0))
    path = tmp_path / "desk.csv"
    path.write_bytes(writers.write_generic_csv(rec.replace(placement=None), absolute_time=True))
    db, events = tmp_path / "s.sqlite", tmp_path / "events.csv"
    assert main(["analyze", str(path), "--db", str(db), "--events-csv", str(events)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: desk.csv: no walking measured.") and "No steps in its acceleration" in err
    # the table asked for: empty, with its columns
    assert events.read_text().strip() == "time_s,event,side,side_confidence,estimated"
    assert main(["batch", str(path), "--db", str(db)]) == 1
    assert "desk.csv: no walking measured" in capsys.readouterr().err
    with SessionStore(db) as store:
        assert store.sessions().empty
    # in a batch the walks after it are still kept, and the count says what happened
    walk, _ = simulate(WalkSpec(placement="foot", side="left", bouts=(8,), started_at="2024-06-01T08:00:00Z"))
    (tmp_path / "walk_left.csv").write_bytes(writers.write_generic_csv(walk, absolute_time=True))
    assert main(["batch", str(path), str(tmp_path / "walk_left.csv"), "--db", str(db)]) == 1
    out = capsys.readouterr()
    assert "desk.csv: no walking measured" in out.err and "1 of 1 sessions added" in out.out
    assert "1 not analysed" in out.out
    with SessionStore(db) as store:
        assert list(store.sessions()["files"]) == [["walk_left.csv"]]


def test_html_report_to_print_or_share(tmp_path, capsys):
    # the page holds the walk's values, every cue with its verdict and the week's plan; file names are escaped, and
    # nothing is fetched from elsewhere
    from gaitcoach.coaching import SAFETY
    from gaitcoach.simulate import WalkSpec, simulate

    rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(24,), pelvic_drop_deg=(2.0, 6.0)))
    path = tmp_path / "belt<1>.csv"
    path.write_bytes(writers.write_generic_csv(rec, absolute_time=True))
    page = tmp_path / "report.html"
    assert main(["analyze", str(path), "--placement", "lumbar", "--height", "1.75", "--html", str(page)]) == 0
    out = capsys.readouterr().out
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "belt&lt;1&gt;.csv" in html and "belt<1>" not in html
    assert "pelvis drop on the right (while the right leg swings)" in html
    assert "Pelvis level (one hip higher)</td><td class='work_on'>work on it</td>" in html
    assert "[work on it] Pelvis level (one hip higher)" in out  # as the terminal says it
    assert all(line in html for line in SAFETY) and "Supine pigeon prep" in html
    assert "Cross one ankle over the other knee" in html  # how to do it, not only its name and dosage
    assert "http" not in html and "<script" not in html


def test_routines_command_says_how(capsys):
    from gaitcoach.coaching import routines

    assert main(["routines", "clam", "bridge"]) == 0
    out = capsys.readouterr().out
    lib = routines()
    for rid in ("clam", "bridge"):
        assert f"[{rid}]" in out and all(e.how in out for e in lib[rid].exercises)
    assert "[pigeon_prep]" not in out
    assert main(["routines", "no_such_routine"]) == 1


def test_batch_line_of_a_watch_counts_steps(tmp_path, capsys):
    """A watch's motion counts steps, not strides: its batch line says how many steps."""
    from gaitcoach.simulate import WalkSpec, simulate

    rec, _ = simulate(WalkSpec(placement="wrist", bouts=(40,), rate_hz=25.0, started_at="2024-04-01T07:30:00Z"))
    path = tmp_path / "watch.fit"
    path.write_bytes(writers.write_fit(rec, layout="compressed"))
    assert main(["batch", str(path), "--db", str(tmp_path / "s.sqlite")]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "watch.fit" in x)
    assert re.search(r"\[wrist\]  \d+ steps, \d+ s, \d+ steps/min", line), line
    assert "strides" not in line


def test_a_height_in_centimetres_given_as_metres_is_said(capsys):
    """--height 170 would read a lower back's strides as metres long (6 m steps at 104 steps/min): it is refused with
    what to give instead; 1.70 analyses."""
    from gaitcoach.errors import UnitError
    from gaitcoach.simulate import WalkSpec, simulate

    rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(12,)))
    with pytest.raises(UnitError, match=r"height given, 170 m, is not a person's .*1\.70, not 170"):
        gaitcoach.analyze(rec, height_m=170.0)
    with pytest.raises(UnitError, match=r"sensor height given, 95 m"):
        gaitcoach.analyze(rec, sensor_height_m=95.0)
    assert gaitcoach.analyze(rec, height_m=1.70).summary.stride_length_m == pytest.approx(1.4, abs=0.15)
    path = Path(__file__).resolve().parents[1] / "sample_data" / "belt_lower_back_phyphox.zip"
    assert main(["analyze", str(path), "--placement", "lumbar", "--height", "170"]) == 1
    assert "1.70, not 170" in capsys.readouterr().err


def test_inspect_and_analyze_a_research_sensors_file_a_day_at_a_time(tmp_path, capsys):
    """inspect lists the days of a research sensor's file of several days; analyze --day reads one of them."""
    from gaitcoach.simulate import WalkSpec, simulate

    texts = []
    for k, day in enumerate(("2024-05-01", "2024-05-02")):
        rec, _ = simulate(
            WalkSpec(placement="lumbar", bouts=(20,), rate_hz=50.0, seed=k, started_at=f"{day}T08:00:00Z")
        )
        text = writers.write_geneactiv(rec, csv=True, location="back").decode("latin-1")
        texts.append(text if not k else text[text.index(f"{day} 08:00:00:000,") :])
    path = tmp_path / "geneactiv_two_days.csv"
    path.write_bytes("".join(texts).encode("latin-1"))
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "days           2 of its clock, 2024-05-01 to 2024-05-02" in out
    assert main(["analyze", str(path), "--day", "2024-05-02", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["recordings"][0]["file_name"] == "geneactiv_two_days.csv (2024-05-02)"
    assert result["summary"]["n_strides"] > 15
    assert main(["analyze", str(path), "--day", "2024-05-09"]) == 1
    assert "(2024-05-09): no row" in capsys.readouterr().err


def test_inspect_lists_the_days_of_a_research_file_too_long_to_load_whole(tmp_path, capsys, monkeypatch):
    """A week at the lower back is more than one load holds: inspect says so, and lists the days that do load."""
    from gaitcoach.io import base

    first = writers.write_geneactiv(make_recording(gyro=False, duration_s=30.0, start="2024-05-01T09:00:00Z"))
    later = writers.write_geneactiv(make_recording(gyro=False, duration_s=30.0, start="2024-05-02T09:00:00Z"))
    head, *pages = first.split(b"Recorded Data")
    path = tmp_path / "week.bin"
    path.write_bytes(head + b"Recorded Data" + b"Recorded Data".join(pages + later.split(b"Recorded Data")[1:]))
    monkeypatch.setattr(base, "MAX_SAMPLES", 4000)  # (two days of 3000 samples stand in for a week)
    assert main(["inspect", str(path)]) == 1
    captured = capsys.readouterr()
    assert "million samples" in captured.err and "a day at a time" in captured.err
    assert "days           2 of its clock, 2024-05-01 to 2024-05-02" in captured.out
    assert main(["inspect", str(path), "--day", "2024-05-02"]) == 0
    assert "week.bin (2024-05-02)" in capsys.readouterr().out
