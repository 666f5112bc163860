"""Coaching on simulated walks with known faults: the right cue is flagged with the right routine."""

import dataclasses
import math

import pytest

import gaitcoach
from gaitcoach.coaching import SAFETY, coach, cues, routines, weekly_plan
from gaitcoach.metrics import SessionSummary
from gaitcoach.simulate import WalkSpec, simulate


def _session(**faults):
    spec = dict(placement="foot", bouts=(14,), **faults)
    left, _ = simulate(WalkSpec(side="left", **spec))
    right, _ = simulate(WalkSpec(side="right", **spec))
    return gaitcoach.analyze([left, right])


def _by_id(result):
    return {f.cue_id: f for f in result.findings}


FOOT_CUES = ("toes_forward", "heel_first", "roll_through", "push_off", "even_left_right", "brisk_walking")


def test_a_clean_walk_flags_nothing():
    found = _by_id(_session())
    for cue in FOOT_CUES:
        assert found[cue].status == "good", (cue, found[cue].message)


@pytest.mark.parametrize(
    ("faults", "cue", "routine"),
    [
        ({"fpa_deg": (7.0, 24.0)}, "toes_forward", "pigeon_prep"),
        ({"strike_angle_deg": (1.0, 1.0)}, "heel_first", "walking_drill"),
        ({"push_off_dps": (-350.0, -180.0), "toe_off_angle_deg": (-60.0, -40.0)}, "push_off", "bridge"),
        ({"step_time_asymmetry_pct": 9.0}, "even_left_right", "clam"),
        ({"cadence_spm": 84.0, "stride_length_m": 1.1}, "brisk_walking", "walking_drill"),
    ],
)
def test_a_known_fault_is_flagged_with_its_routine(faults, cue, routine):
    found = _by_id(_session(**faults))
    assert found[cue].status == "work_on", found[cue].message
    assert routine in found[cue].routine_ids
    others = [c for c in FOOT_CUES if c != cue and found[c].status == "work_on"]
    assert not others, [found[c].message for c in others]
    plan = weekly_plan(tuple(found.values()))
    assert plan.focus[0].cue_id == cue
    assert routine in [r.id for r in plan.routines]


def test_a_wrist_or_records_session_cannot_tell_foot_cues():
    summary = SessionSummary(n_strides=30, cadence_spm=112.0)
    for placements in ({"wrist"}, {"summary"}):
        found = {f.cue_id: f for f in coach(summary, placements=placements)}
        for cue in ("toes_forward", "heel_first", "roll_through", "push_off", "hamstrings", "one_hip_higher"):
            assert found[cue].status == "cant_tell"
        assert found["brisk_walking"].status == "good"


@pytest.mark.parametrize(
    ("balance_pct", "says"), [(50.0, "even"), (51.5, "6.0 % longer on the left"), (49.0, "4.0 % longer on the right")]
)
def test_a_watch_with_a_stance_balance_points_to_it_for_left_right(tmp_path, balance_pct, says):
    """A watch's records with a running-dynamics pod hold the stance-time balance (% of contact on the left): the
    summary shows it as a left/right difference, and the step-time cue, which it cannot judge, says where it is."""
    from gaitcoach.io import writers
    from gaitcoach.simulate import activity_records

    rec, truth = simulate(WalkSpec(placement="wrist", bouts=(40,), rate_hz=25.0))
    records = activity_records(truth, rec.duration_s).assign(stance_time_balance_pct=balance_pct)
    path = tmp_path / "walk.fit"
    path.write_bytes(writers.write_fit(rec.replace(summary=records), layout="compressed"))
    result = gaitcoach.analyze(gaitcoach.load(path))
    found = _by_id(result)["even_left_right"]
    assert found.status == "cant_tell"
    assert f"Your device timed each foot on the ground: {says}" in found.message
    assert result.summary.stance_time_asymmetry_pct == pytest.approx(4 * balance_pct - 200, abs=0.01)
    # without the balance: the plain can't-tell
    plain = _by_id(gaitcoach.analyze(rec))["even_left_right"].message
    assert plain.startswith("Can't tell from this sensor") and "timed each foot" not in plain


@pytest.mark.parametrize(("cadence", "says"), [(84.0, "build up to 100"), (223.0, "faster than anyone walks")])
def test_a_cadence_below_or_above_the_band_says_which(cadence, says):
    # a corpus file's synthetic "walk" reads 223 steps/min at the lower back: not "build up to 100"
    found = {f.cue_id: f for f in coach(SessionSummary(n_strides=30, cadence_spm=cadence), placements={"lumbar"})}
    assert found["brisk_walking"].status == "work_on"
    assert says in found["brisk_walking"].message


def test_one_shoe_cannot_judge_left_right():
    left, _ = simulate(WalkSpec(placement="foot", side="left", bouts=(14,)))
    found = _by_id(gaitcoach.analyze(left))
    assert found["even_left_right"].status == "cant_tell" and found["push_off"].status == "cant_tell"


def test_toe_out_is_coached_against_the_baseline_never_to_zero():
    summary = SessionSummary(n_strides=30, fpa_left_deg=12.0, fpa_right_deg=11.0, fpa_sd_deg=1.0)
    normal = {f.cue_id: f for f in coach(summary, placements={"foot"}, sides={"left", "right"})}
    assert normal["toes_forward"].status == "good"  # 12 deg out is inside the normal band: no push towards 0
    drifted = {
        f.cue_id: f for f in coach(summary, placements={"foot"}, sides={"left", "right"}, baseline={"fpa_deg": 5.0})
    }
    assert drifted["toes_forward"].status == "watch" and drifted["toes_forward"].baseline_change == pytest.approx(7.0)
    assert "against your baseline" in drifted["toes_forward"].message


def test_catalogue_is_consistent_and_sourced():
    lib = routines()
    assert {"pigeon_prep", "clam", "deep_lunge", "bridge", "abdominals", "walking_drill"} <= set(lib)
    for cue in cues().values():
        assert cue.source and (cue.design_choice or "doi" in cue.source)
        assert set(cue.routines) <= set(lib), cue.id
        assert cue.watch[0] <= cue.good[0] <= cue.good[1] <= cue.watch[1]
    # dosages from the article
    assert lib["pigeon_prep"].exercises[0].hold_s == 30 and lib["pigeon_prep"].exercises[0].per_side
    assert lib["clam"].exercises[0].reps == 20
    assert 20 <= lib["deep_lunge"].exercises[0].hold_s <= 30
    assert 15 <= lib["bridge"].exercises[0].hold_s <= 20


def test_plan_progresses_walking_and_always_carries_safety():
    assert weekly_plan(()).walking_goal_min == 60
    assert weekly_plan((), weekly_minutes=100).walking_goal_min == 110
    assert weekly_plan((), weekly_minutes=145).walking_goal_min == 150
    assert weekly_plan((), weekly_minutes=200).walking_goal_min == 200
    plan = weekly_plan(())
    assert plan.safety == SAFETY and any("doctor" in s for s in plan.safety)
    assert [r.id for r in plan.routines] == ["abdominals", "walking_drill"]
    assert math.isnan(SessionSummary().cadence_spm)


def test_a_pocket_does_not_judge_left_right():
    # the other foot's landings from one thigh are too coarse for a step-time comparison of a few percent
    rec, _ = simulate(WalkSpec(placement="pocket", side="left", bouts=(24,), step_time_asymmetry_pct=8.0))
    result = gaitcoach.analyze(rec)
    found = _by_id(result)
    assert len(result.strides) >= 20
    assert found["even_left_right"].status == "cant_tell" and "lower back" in found["even_left_right"].message
    assert found["hamstrings"].status != "cant_tell"
    # ... and a session from another sensor is not sent to the pocket for it
    wrist, _ = simulate(WalkSpec(placement="wrist", side="left", bouts=(24,)))
    assert "pocket" not in _by_id(gaitcoach.analyze(wrist))["even_left_right"].message


def test_weekly_trends_say_whether_each_measure_moves_toward_its_good_band():
    import pandas as pd

    from gaitcoach.coaching import weekly_trends

    weekly = pd.DataFrame({
        "week": pd.to_datetime(["2024-04-01", "2024-04-08", "2024-04-22"]),
        "walking_minutes": [20.0, 35.0, 60.0],
        "fpa_left_deg": [25.0, 22.0, 19.0],  # band 0-15: closer
        "fpa_right_deg": [14.0, 16.0, 18.0],  # from inside to outside: further
        "cadence_spm": [96.0, float("nan"), 104.0],  # band 100-200: now in
        "strike_angle_deg": [float("nan"), 20.0, float("nan")],  # one week only: left out
    })  # fmt: skip
    lines = weekly_trends(weekly)
    assert lines[0] == "Walking: 20 min in your first week, 60 min in the latest (3 weeks on)."
    by_label = {line.split(":")[0]: line for line in lines[1:]}
    assert "closer to the good range" in by_label["Toe-out, left"]
    assert "further from the good range" in by_label["Toe-out, right"]
    assert "now in the good range" in by_label["Cadence"] and "over 3 weeks" in by_label["Cadence"]
    assert "Heel-strike angle" not in by_label
    assert weekly_trends(weekly.iloc[:0]) == []


def test_a_walk_mostly_on_stairs_is_not_judged_against_level_walking():
    # the real stairs recordings: 11-14 of 18-19 strides climb or descend; their few level strides (landings) had
    # been judged "foot lands flat"
    flat = SessionSummary(n_strides=19, cadence_spm=128.0, strike_angle_deg=-2.0, roll_through_s=0.0)
    stairs = coach(dataclasses.replace(flat, not_level_fraction=14 / 19), placements={"foot"})
    assert all(f.status == "cant_tell" for f in stairs)
    assert all("stairs" in f.message for f in stairs if "foot" in cues()[f.cue_id].placements)
    some = {f.cue_id: f.status for f in coach(dataclasses.replace(flat, not_level_fraction=0.3), placements={"foot"})}
    assert some["heel_first"] == "work_on" and some["brisk_walking"] == "good"  # judged on its level strides


def test_a_value_below_or_above_the_band_is_told_as_such():
    # a foot that points inward is not "turning out"; a long roll-through is not a slap; a very high heel strike is
    # not a flat landing (the messages had been written for one side of each band only)
    toe_in = SessionSummary(n_strides=30, stride_time_s=1.1, fpa_left_deg=-8.0, fpa_right_deg=-9.0,
                            strike_angle_deg=50.0, roll_through_s=0.25)  # fmt: skip
    found = {f.cue_id: f for f in coach(toe_in, placements={"foot"}, sides={"left", "right"})}
    assert found["toes_forward"].status == "work_on" and "inward" in found["toes_forward"].message
    assert "turns out" not in found["toes_forward"].message
    assert found["roll_through"].status == "work_on" and "lingers" in found["roll_through"].message
    assert found["heel_first"].status == "work_on" and "very high" in found["heel_first"].message
    toe_out = dataclasses.replace(toe_in, fpa_left_deg=25.0, strike_angle_deg=0.0, roll_through_s=0.0)
    out = {f.cue_id: f for f in coach(toe_out, placements={"foot"}, sides={"left"})}
    assert "turns out 25 deg" in out["toes_forward"].message and "flat or toe-first" in out["heel_first"].message
    assert "slaps" in out["roll_through"].message


def test_the_weeks_page_holds_the_trends_minutes_and_table_offline(tmp_path, capsys):
    """The weeks as a web page for a physiotherapist: the trends, a bar per week, the table of the measures some
    week holds, every text escaped, nothing fetched from elsewhere; `gaitcoach weeks --html` writes it."""
    import pandas as pd

    from gaitcoach.cli import main
    from gaitcoach.coaching import weekly_trends
    from gaitcoach.report_weeks import weeks_html
    from gaitcoach.simulate import WalkSpec, simulate
    from gaitcoach.store import SessionStore

    weekly = pd.DataFrame({
        "week": pd.to_datetime(["2024-04-01", "2024-04-08", "2024-04-22"]), "sessions": [1, 2, 3],
        "walking_minutes": [20.0, 35.0, 60.0], "cadence_spm": [96.0, float("nan"), 104.0],
        "speed_mps": [1.1, 1.2, 1.3], "fpa_left_deg": [float("nan")] * 3,
    })  # fmt: skip
    page = weeks_html(weekly)
    from html import escape

    for line in weekly_trends(weekly):
        assert escape(line) in page
    assert page.count("<rect") == 3 and "2024-04-22" in page
    assert "<th>speed</th>" in page and "1.3 m/s" in page and "104 steps/min" in page
    assert "toe-out" not in page  # (no week holds it)
    assert "http" not in page.replace("http-equiv", "") and "<script" not in page
    assert "No sessions yet" in weeks_html(weekly.iloc[:0])
    db = tmp_path / "s.sqlite"
    with SessionStore(db) as store:
        rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(20,), started_at="2024-04-02T08:00:00Z"))
        store.save(gaitcoach.analyze(rec, height_m=1.75))
    out = tmp_path / "weeks.html"
    assert main(["weeks", "--db", str(db), "--html", str(out)]) == 0
    capsys.readouterr()
    assert "week of" not in out.read_text() and "2024-04-01" in out.read_text() and "<rect" in out.read_text()
