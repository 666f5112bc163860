"""Watch: steps and cadence from the wrist, and walking metrics from activity records."""

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import gaitcoach
from conftest import SHARED
from gaitcoach.errors import NotEnoughWalkingError
from gaitcoach.gait.placement import detect_placement
from gaitcoach.gait.records import summarize_records
from gaitcoach.gait.wrist import analyze_wrist
from gaitcoach.io import writers
from gaitcoach.simulate import WalkSpec, activity_records, simulate, simulate_sequence
from gaitcoach.simulate.scenarios import scenario


@pytest.mark.parametrize("rate", [25.0, 50.0, 100.0])
def test_wrist_steps_and_cadence(rate):
    spec = WalkSpec(placement="wrist", side="left", bouts=(20,), rate_hz=rate, cadence_spm=112.0, acc_noise_mps2=0.05)
    rec, truth = simulate(spec)
    steps, summary = analyze_wrist(rec)
    n_true = (truth.events["event"] == "IC").sum()
    assert abs(summary["n_steps"] - n_true) <= 2
    assert summary["cadence_spm"] == pytest.approx(112.0, abs=2.0)
    assert 0.5 < summary["stride_regularity"] <= 1.0


def _recorded(rec, times):
    """Of ``times``, those that fall in a recorded stretch (not in a logger gap)."""
    spans = [(seg.index[0], seg.index[-1]) for seg in rec.iter_segments()]
    return np.array([t for t in times if any(a <= t <= b for a, b in spans)])


@pytest.mark.parametrize("name", ["clean", "short_bouts", "turns", "gaps", "asymmetric"])
def test_wrist_steps_of_every_walk(name):
    """Every recorded step is found once: the arm starting its swing before a bout is not a step."""
    rec, truth = simulate(scenario(name, placement="wrist"))
    steps, summary = analyze_wrist(rec)
    true_t = _recorded(rec, truth.events.loc[truth.events["event"] == "IC", "time_s"].to_numpy())
    # a step is seen at the wrist a little after its heel strike (40-100 ms; up to 150 ms at a bout's first step,
    # where the arm and the trunk's bob are still starting), well within the 0.55 s step
    lag = steps["time_s"].to_numpy()[:, None] - true_t[None, :]
    matched = ((lag > -0.05) & (lag < 0.2)).any(axis=1)
    assert matched.all(), steps["time_s"][~matched].tolist()
    assert len(true_t) - 1 <= summary["n_steps"] <= len(true_t)


@pytest.mark.parametrize("mounting", [(0.0, 0.0, 0.0), (40.0, -70.0, 120.0)])
def test_a_slow_walk_whose_arm_swing_weakens_every_other_step(mounting):
    """0.4 m/s with 20 deg of arm swing: the steps' peaks alternate above and under the floor; all are counted."""
    spec = WalkSpec(placement="wrist", cadence_spm=79.0, stride_length_m=0.6, stance_pct=(66.0, 66.0),
                    arm_swing_deg=20.0, bouts=(9,), acc_noise_mps2=0.01, mounting_deg=mounting, seed=3)  # fmt: skip
    rec, truth = simulate(spec)
    n_true = int((truth.events["event"] == "IC").sum())
    steps, summary = analyze_wrist(rec)  # every other step alone had made 7 of 18
    assert n_true - 1 <= summary["n_steps"] <= n_true
    assert summary["cadence_spm"] == pytest.approx(79.0, abs=1.5)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 9, 13])
@pytest.mark.parametrize("name", ["standing", "sitting", "vibration", "cycling"])
def test_wrist_counts_no_steps_when_not_walking(name, seed):
    # fidgets while seated and a car's road vibration once made 3-46 steps (half the signal's spread alone); car
    # rides 9 and 13 made 3 and 5 when a weak step was added to any two strides in a row
    rec, _ = simulate(scenario(name, placement="wrist", seed=seed))
    assert analyze_wrist(rec)[1]["n_steps"] == 0


@pytest.mark.parametrize(("rate_hz", "seed"), [(100.0, 25), (100.0, 29), (50.0, 25), (25.0, 25)])
def test_wrist_counts_no_steps_in_a_minute_long_car_ride(rate_hz, seed):
    # a minute of road vibration made 3-29 steps of these rides (20 s ones made none): the beats between its
    # tones pass every test on peaks and rhythm; its shaking outweighs the step band (MIN_STEP_TO_SHAKE)
    spec = replace(scenario("vibration", placement="wrist", seed=seed), lead_in_s=60.0, rate_hz=rate_hz)
    rec, _ = simulate(spec)
    assert analyze_wrist(rec)[1]["n_steps"] == 0


@pytest.mark.parametrize("rate_hz", [50.0, 100.0])
def test_wrist_finds_a_slow_unsteady_walker_with_little_arm_swing(rate_hz):
    # 59 steps/min, 0.56 m strides, steps varying by 6 %: the step peaks straddle the floor at random (0.14-0.30
    # m/s^2); 4 of 24 steps were found before the train of weak steps counted (_with_regular_weak_steps)
    spec = WalkSpec(placement="wrist", side="right", cadence_spm=58.7, stride_length_m=0.555, bouts=(12,),
                    step_time_asymmetry_pct=-3.7, step_time_cv_pct=6.0, stance_pct=(66.7, 66.7), arm_swing_deg=22.2,
                    mounting_deg=(126.1, -150.3, -58.8), acc_noise_mps2=0.023, rate_hz=rate_hz, seed=1016)  # fmt: skip
    rec, truth = simulate(spec)
    n_true = int((truth.events["event"] == "IC").sum())
    steps, summary = analyze_wrist(rec)
    assert 0.9 * n_true <= summary["n_steps"] <= n_true
    true_cadence = 120.0 / truth.strides["stride_time_s"].median()
    assert summary["cadence_spm"] == pytest.approx(true_cadence, abs=3.0)


def _watch_walk():
    """A watch's 30-stride walk at 110 steps/min (25 Hz), its truth, and the activity records it would write."""
    rec, truth = simulate(WalkSpec(placement="wrist", side="left", bouts=(30,), rate_hz=25.0, cadence_spm=110.0))
    return rec, truth, activity_records(truth, rec.duration_s)


def test_records_speed_is_the_distance_covered_where_the_speed_field_disagrees():
    # a Connect IQ app on a real vivoactive HR wrote 1.9 m/s at 99 steps/min while its distance grew 0.88 m/s
    rec, truth, records = _watch_walk()
    true_speed = summarize_records(records)["speed_mps"]
    assert summarize_records(records.assign(speed_mps=2.0 * records["speed_mps"]))["speed_mps"] == pytest.approx(
        true_speed, rel=0.05
    )
    # without a distance the device's speed field stands
    assert summarize_records(records.drop(columns="distance_m"))["speed_mps"] == pytest.approx(true_speed, rel=0.05)


def test_records_faster_than_anyone_walks_are_not_walking():
    # a real fenix 3 file labelled hiking is a drive: its vibration made 10 s at 121 steps/min at 10.5 m/s
    rec, truth, records = _watch_walk()
    walk = summarize_records(records)
    drive = records.assign(speed_mps=10.0, distance_m=10.0 * (records.index - records.index[0]))
    out = summarize_records(drive)
    assert walk["walking_time_s"] > 30 and out["walking_time_s"] == 0 and out["n_steps"] == 0
    assert math.isnan(out["speed_mps"]) and out["brisk_minutes"] == 0


def test_records_with_steps_no_one_walks_with_are_not_walking():
    # a real fenix 2 multisport file opens with hours labelled "generic" at 2.1 m/s and 60-80 "steps"/min: paddle
    # strokes, 1.6 m a "step"; they had read as 44 min of walking
    rec, truth, records = _watch_walk()
    walk = summarize_records(records)
    assert walk["walking_time_s"] > 30 and walk["speed_mps"] * 60 / walk["cadence_spm"] < 0.8
    t = records.index - records.index[0]
    paddle = records.assign(cadence_spm=70.0, speed_mps=2.1, distance_m=2.1 * t)
    out = summarize_records(paddle)
    assert out["walking_time_s"] == 0 and out["n_steps"] == 0
    # the same walk with a GPS glitch, as the corpus' vivoactive HR walk: for 5 s both the distance and the speed
    # field run at 2.2 m/s (steps of 1.2 m), then the distance stalls for as long while the fix catches up; over the
    # 30 s around them the steps are the walk's, and every record is still walking
    u = records["speed_mps"].to_numpy()
    v, i = u.copy(), len(u) // 2
    v[i : i + 5], v[i + 5 : i + 10] = 2.2, (u[i : i + 10].sum() - 5 * 2.2) / 5  # the same distance in the end
    glitch = records.assign(speed_mps=v, distance_m=np.cumsum(v))
    assert np.all(v[i : i + 5] * 60 / glitch["cadence_spm"].iloc[i : i + 5] > 1.01)  # record by record
    assert summarize_records(glitch)["walking_time_s"] == walk["walking_time_s"]


def test_records_above_the_walk_to_run_cadence_are_a_run():
    # a walk with jogging intervals the device labelled walking: 2 min at 115 steps/min, 1 min jogging at 165
    t = np.arange(0, 180.0)
    jog = t >= 120
    summary = pd.DataFrame(
        {"cadence_spm": np.where(jog, 165.0, 115.0), "speed_mps": np.where(jog, 2.2, 1.3)},
        index=pd.Index(t, name="time_s"),
    )
    laps = pd.DataFrame({"kind": ["session"], "start_s": [0.0], "end_s": [180.0], "sport": ["walking"],
                         "sub_sport": [None]})  # fmt: skip
    out = summarize_records(summary, laps)
    assert out["walking_time_s"] == 120 and out["brisk_minutes"] == 2 and out["cadence_spm"] == 115
    assert out["speed_mps"] == pytest.approx(1.3) and out["not_walking_s"] == 60
    rec = gaitcoach.Recording(summary=summary, laps=laps, placement="summary", source_format="fit", file_name="j.fit")
    result = gaitcoach.analyze(rec)
    assert result.summary.walking_time_s == 120
    assert any(n.startswith("j.fit: 1.0 min of its stepping records are not walking") for n in result.notes)


def test_records_summary_and_watch_file_through_analyze():
    rec, truth, records = _watch_walk()
    rec = rec.replace(summary=records.assign(stance_time_balance_pct=51.0))
    out = summarize_records(rec.summary)
    assert out["cadence_spm"] == pytest.approx(110.0, abs=0.5)
    assert out["stance_time_asymmetry_pct"] == pytest.approx(4.0)
    assert out["walking_time_s"] == pytest.approx(truth.strides["stride_time_s"].sum() / 2, abs=3.0)
    loaded = gaitcoach.load(writers.write_fit(rec, layout="compressed"), name="watch.fit")
    result = gaitcoach.analyze(loaded)
    assert result.summary.cadence_spm == pytest.approx(110.0, abs=2.0)
    # the watch's own records cover the whole walk: walking time, steps and cadence are theirs
    assert result.summary.n_steps == pytest.approx(out["walking_time_s"] * 110.0 / 60.0, abs=3)
    assert any("are the watch's own" in n for n in result.notes)
    found = {f.cue_id: f for f in result.findings}
    assert found["brisk_walking"].status == "good" and found["toes_forward"].status == "cant_tell"


def test_records_only_file():
    t = np.arange(0, 600.0)
    summary = pd.DataFrame(
        {"cadence_spm": np.where(t < 300, 115.0, 0.0), "speed_mps": 1.3, "step_length_m": 0.7},
        index=pd.Index(t, name="time_s"),
    )
    rec = gaitcoach.Recording(summary=summary, placement="summary", source_format="fit")
    result = gaitcoach.analyze(rec)
    assert result.summary.walking_time_s == pytest.approx(300.0)
    assert result.summary.brisk_minutes == pytest.approx(5.0)
    assert result.summary.stride_length_m == pytest.approx(1.4)
    assert any("5.0 min walking, 5.0 min at 100 steps/min" in n for n in result.notes)


@pytest.mark.parametrize(("placement", "expected"), [("foot", "foot"), ("lumbar", "lumbar"), ("pocket", "pocket")])
def test_placement_is_detected_or_left_to_the_user(placement, expected):
    from gaitcoach.gait.placement import detect_placement

    rec, _ = simulate(WalkSpec(placement=placement, side="left", bouts=(14,), mounting_deg=(60.0, 30.0, -40.0)))
    guess = detect_placement(rec.replace(placement=None))
    assert guess.placement == expected and guess.confidence >= 0.6
    result = gaitcoach.analyze(rec.replace(placement=None))
    assert any("looks like a sensor" in n for n in result.notes) and len(result.strides) > 5


@pytest.mark.parametrize(("said", "worn"), [("foot", "lumbar"), ("lumbar", "foot"), ("wrist", "lumbar")])
def test_a_placement_said_where_the_signal_clearly_tells_another_is_doubted_in_a_note(said, worn):
    """The sidebar's one placement for all files, or a slip: a belt recording said to be a shoe's had gone into the
    shoe's analysis without a word (no stride found, and no hint why). The note says what the signal looks like; a
    placement said as worn gives no such note."""
    rec, _ = simulate(WalkSpec(placement=worn, side="left", bouts=(14,), mounting_deg=(60.0, 30.0, -40.0)))
    rec = rec.replace(file_name="walk.csv")
    try:
        notes = gaitcoach.analyze(rec.replace(placement=said, side="left")).notes
    except NotEnoughWalkingError as exc:  # (nothing of a walk in the analysis of the place said: the error tells it)
        notes = (str(exc),)
    where = {"foot": "shoe", "lumbar": "lower back"}[worn]
    assert any(f"but the signal looks like one on the {where}" in n for n in notes), notes
    assert not any("but the signal looks like" in n for n in gaitcoach.analyze(rec).notes)


@pytest.mark.parametrize(
    "cadence, stride, swing", [(110.0, 1.4, 30.0), (90.0, 1.0, 30.0), (80.0, 0.8, 30.0), (95.0, 1.1, 10.0),
                               (115.0, 1.5, 50.0)]
)  # fmt: skip
def test_a_phone_in_the_swinging_hand_is_a_wrist(cadence, stride, swing):
    from gaitcoach.gait.placement import detect_placement

    # a slow walker's arm turns under 70 deg/s like a trunk, a small swing sweeps a trunk's few degrees, a wide one
    # turns as fast as a thigh: the arm swings about one axis, as long forward as back
    rec, _ = simulate(
        WalkSpec(placement="wrist", side="left", bouts=(14,), cadence_spm=cadence, stride_length_m=stride,
                 arm_swing_deg=swing, mounting_deg=(30.0, 20.0, -40.0), gyr_noise_dps=1.0)
    )  # fmt: skip
    guess = detect_placement(rec.replace(placement=None))
    assert guess.placement == "wrist" and guess.confidence == 0.6
    assert gaitcoach.analyze(rec.replace(placement=None)).summary.n_steps == pytest.approx(28, abs=2)


def test_a_watch_accelerometer_is_a_wrist():
    from gaitcoach.gait.placement import detect_placement

    rec, _ = simulate(WalkSpec(placement="wrist", side="left", bouts=(14,), rate_hz=25.0))
    acc_only = rec.replace(placement=None, signals=rec.signals[["acc_x", "acc_y", "acc_z"]])
    assert detect_placement(acc_only.replace(device="garmin forerunner_965")).placement == "wrist"
    assert detect_placement(acc_only.replace(device="development 1")).placement is None  # not known to be a watch
    result = gaitcoach.analyze(acc_only.replace(device="garmin vivo_active_hr"))
    assert result.summary.n_steps == pytest.approx(28, abs=3)


def test_a_turning_lower_back_is_still_a_lower_back():
    from gaitcoach.gait.placement import detect_placement

    rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(16,), turns=((6, 180.0),)))
    assert detect_placement(rec.replace(placement=None)).placement == "lumbar"


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared is absent")
def test_real_recordings_are_never_given_a_wrong_placement():
    from gaitcoach.gait.placement import detect_placement

    found = {}
    for kind in ("foot", "lumbar", "pocket"):
        guesses = [
            detect_placement(gaitcoach.load(f)).placement for f in sorted((SHARED / "data" / kind).glob("*.csv"))
        ]
        assert set(guesses) <= {kind, None}, (kind, guesses)
        found[kind] = guesses.count(kind) / len(guesses)
        # and, said where they were worn, no doubt is noted
        rec = gaitcoach.load(sorted((SHARED / "data" / kind).glob("*.csv"))[0], placement=kind, side="left")
        assert not any("but the signal looks like" in n for n in gaitcoach.analyze(rec, height_m=1.6).notes)
    assert found["foot"] == 1.0 and found["lumbar"] == 1.0 and found["pocket"] == 1.0


def test_records_of_a_run_or_a_ride_are_not_walking():
    # a 10-minute activity: 5 min walking at 110 steps/min, then 5 min the device labelled a run (170 steps/min)
    t = np.arange(0, 600.0)
    summary = pd.DataFrame({"cadence_spm": np.where(t < 300, 110.0, 170.0)}, index=pd.Index(t, name="time_s"))
    laps = pd.DataFrame({"kind": ["session", "session"], "start_s": [0.0, 300.0], "end_s": [299.0, 600.0],
                         "sport": ["walking", "running"], "sub_sport": [None, None]})  # fmt: skip
    out = summarize_records(summary, laps)
    assert out["walking_time_s"] == pytest.approx(300.0) and out["brisk_minutes"] == pytest.approx(5.0)
    assert out["cadence_spm"] == pytest.approx(110.0)
    rec = gaitcoach.Recording(summary=summary, laps=laps, placement="summary", source_format="fit", file_name="a.fit")
    result = gaitcoach.analyze(rec)
    assert result.summary.walking_time_s == pytest.approx(300.0)
    assert any("marked part of this activity as running" in n and "5.0 min" in n for n in result.notes)
    # the whole activity a run: no walking, and the cadence cue cannot judge it
    run = rec.replace(laps=laps.assign(start_s=[0.0, 0.0], sport=["running", "running"]))
    assert summarize_records(run.summary, run.laps)["walking_time_s"] == 0.0
    with pytest.raises(NotEnoughWalkingError, match="a.fit: no walking measured. The device marked this activity as "
                       "running; gaitcoach coaches walking and found none in it"):  # fmt: skip
        gaitcoach.analyze(run)


def _without_gravity(rec):
    """The recording as an app exporting 'linear acceleration' writes it: gravity (the 0.3 Hz low-pass) removed."""
    from scipy import signal

    acc = rec.signals[["acc_x", "acc_y", "acc_z"]]
    sos = signal.butter(2, 0.3, fs=rec.sampling_rate_hz, output="sos")
    linear = acc - signal.sosfiltfilt(sos, acc.to_numpy(), axis=0)
    return rec.replace(signals=rec.signals.assign(**{c: linear[c] for c in acc}), acc_includes_gravity=False)


@pytest.mark.parametrize("placement", [None, "lumbar"])
def test_steps_from_the_acceleration_alone_when_the_placement_or_gravity_is_missing(placement):
    spec = WalkSpec(placement="lumbar", bouts=(20,), acc_noise_mps2=0.03)
    rec, truth = simulate(spec)
    rec = _without_gravity(rec).replace(placement=placement)
    result = gaitcoach.analyze(rec)
    n_true = int((truth.events["event"] == "IC").sum())
    assert result.summary.n_steps == pytest.approx(n_true, abs=2)
    assert result.summary.cadence_spm == pytest.approx(spec.cadence_spm, rel=0.03)
    assert any("counted from the acceleration alone" in n for n in result.notes)
    if placement == "lumbar":  # no vertical without gravity: the lower back's analysis does not run on noise
        assert result.strides.empty and any("removed gravity" in n for n in result.notes)
    assert {f.cue_id: f.status for f in result.findings}["brisk_walking"] == "good"


def test_a_shoe_without_gravity_counts_no_steps_rather_than_half_of_them():
    # a shoe's acceleration peaks once per stride: the step counter would report half the cadence
    spec = WalkSpec(placement="foot", bouts=(20,))
    rec, _ = simulate(spec)
    with pytest.raises(NotEnoughWalkingError, match="removed gravity") as caught:
        gaitcoach.analyze(_without_gravity(rec))
    assert "counted from the acceleration alone" not in str(caught.value)  # no step count claimed from a shoe


def test_a_recording_too_slow_for_steps_says_so():
    rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(10,), rate_hz=5.0))
    with pytest.raises(NotEnoughWalkingError, match="too slow to see steps"):
        gaitcoach.analyze(rec.replace(placement=None))


@pytest.mark.parametrize(("cadence", "stride"), [(50.0, 0.4), (60.0, 0.5), (75.0, 0.8)])
def test_a_slow_shuffling_foot_is_never_taken_for_a_thigh(cadence, stride):
    # under 300 deg/s and 3.5 g, but the foot still sweeps through more than a thigh (29-43 deg against 14-22)
    from gaitcoach.gait.placement import detect_placement

    spec = WalkSpec(placement="foot", side="right", bouts=(12,), cadence_spm=cadence, stride_length_m=stride,
                    mounting_deg=(20.0, 30.0, 40.0), acc_noise_mps2=0.05)  # fmt: skip
    rec, _ = simulate(spec)
    guess = detect_placement(rec.replace(placement=None))
    assert guess.placement == "foot" and guess.confidence >= 0.6


def test_raw_motion_of_a_run_is_not_walking():
    # a watch's accelerometer through an activity its device labelled a run: no steps claimed as walking
    rec, _ = simulate(WalkSpec(placement="wrist", bouts=(20,)))
    laps = pd.DataFrame({"kind": ["session"], "start_s": [0.0], "end_s": [rec.duration_s], "sport": ["running"],
                         "sub_sport": [None]})  # fmt: skip
    with pytest.raises(NotEnoughWalkingError, match="run.fit: no walking measured. The device marked this activity"):
        gaitcoach.analyze(rec.replace(laps=laps, file_name="run.fit"))
    walk = gaitcoach.analyze(rec.replace(laps=laps.assign(sport="walking")))  # the same motion labelled a walk
    assert walk.summary.n_steps == pytest.approx(40, abs=2)


def test_what_a_records_file_can_support_depends_on_its_sport_and_fields():
    from gaitcoach.describe import capabilities

    t = pd.Index(np.arange(0, 60.0), name="time_s")
    walk = gaitcoach.Recording(summary=pd.DataFrame({"cadence_spm": 110.0, "speed_mps": 1.3}, index=t),
                               placement="summary", sport="walking")  # fmt: skip
    assert "walking time, cadence" in capabilities(walk)
    assert "not walking" in capabilities(walk.replace(sport="cycling"))
    no_cadence = walk.replace(summary=walk.summary[["speed_mps"]])
    assert "without a step cadence" in capabilities(no_cadence)
    # and the analysis says why it shows nothing (it had given no note at all)
    with pytest.raises(NotEnoughWalkingError, match=r"ride.fit: .*Activity records without a step cadence \(speed\)"):
        gaitcoach.analyze(no_cadence.replace(file_name="ride.fit"))


def test_what_a_sensor_file_can_support_follows_gravity_gyro_and_placement():
    from gaitcoach.describe import capabilities

    rec, _ = simulate(WalkSpec(placement="pocket", side="right", bouts=(8,)))
    acc_only = rec.replace(signals=rec.signals[["acc_x", "acc_y", "acc_z"]])
    assert "no gyroscope, which the thigh analysis needs" in capabilities(acc_only)
    with pytest.raises(NotEnoughWalkingError, match="No gyroscope, which the thigh analysis needs"):
        gaitcoach.analyze(acc_only)
    assert "say where it was worn" in capabilities(acc_only.replace(placement=None))
    assert "steps and cadence only" in capabilities(_without_gravity(rec))


def test_a_slow_sampling_rate_is_said_and_the_analyses_match_it():
    from gaitcoach.describe import capabilities

    # 25 Hz: the lower back's contacts are found, timed to about a sample, and both say so
    rec, _ = simulate(WalkSpec(placement="lumbar", bouts=(10,), rate_hz=25.0))
    assert "timed only to about a sample (40 ms" in capabilities(rec)
    result = gaitcoach.analyze(rec, height_m=1.75)
    assert len(result.strides) > 10 and any("timed only to about a sample (40 ms)" in n for n in result.notes)
    # 15 Hz: too slow for the thigh's analysis; steps and cadence from the acceleration instead
    pocket, _ = simulate(WalkSpec(placement="pocket", side="left", bouts=(10,), rate_hz=15.0))
    assert "steps and cadence only" in capabilities(pocket)
    result = gaitcoach.analyze(pocket)
    assert result.strides.empty and any("needs at least 20 Hz" in n for n in result.notes)
    assert any("counted from the acceleration alone" in n for n in result.notes)


@pytest.mark.parametrize(("cadence", "stride"), [(50.0, 0.5), (60.0, 0.5)])
def test_a_slow_walkers_lower_back_is_recognised_by_its_stride_rhythm(cadence, stride):
    # the trunk turns under 20 deg/s at 50-60 steps/min (the pelvis rotates less in slow walking: 6 deg, the middle
    # of bench_sweep's slow walkers), but every stride repeats (a car's shaking does not); 0.2-0.25 m/s: slower,
    # the simulated trunk's bob and heel strikes sink into the sensor noise
    from gaitcoach.gait.placement import detect_placement

    spec = WalkSpec(placement="lumbar", bouts=(12,), cadence_spm=cadence, stride_length_m=stride, acc_noise_mps2=0.05,
                    pelvic_rotation_deg=6.0)  # fmt: skip
    rec, _ = simulate(spec)
    guess = detect_placement(rec.replace(placement=None))
    assert guess.placement == "lumbar" and guess.features["gyro_p95_dps"] < 20.0
    for name in ("standing", "sitting", "vibration"):
        for placement in ("lumbar", "pocket", "wrist"):
            for seed in (4, 6):  # seated fidgets that once turned at 20 deg/s or "repeated strides"
                still, _ = simulate(scenario(name, placement=placement, seed=seed))
                assert detect_placement(still.replace(placement=None)).placement is None


def test_a_runs_last_record_after_its_session_is_not_walking():
    # the corpus' fenix runs write a last record 0.1-1 s after the session's end: it had read as "0.0 min" walking
    t = np.arange(0, 121.0)
    summary = pd.DataFrame({"cadence_spm": 170.0}, index=pd.Index(t, name="time_s"))
    laps = pd.DataFrame({"kind": ["session"], "start_s": [0.0], "end_s": [119.5], "sport": ["running"]})
    assert summarize_records(summary, laps)["walking_time_s"] == 0.0
    # a walk right after a run keeps all its records
    walk = pd.DataFrame({"kind": ["session", "session"], "start_s": [0.0, 60.0], "end_s": [59.5, 120.0],
                         "sport": ["running", "walking"]})  # fmt: skip
    assert summarize_records(summary.assign(cadence_spm=np.where(t < 60, 170.0, 110.0)), walk)["walking_time_s"] == 61


def test_wrist_cadence_weighs_each_bout_by_its_steps():
    # a 17-stride walk at 62 steps/min and a one-stride shuffle after a logger gap: the shuffle's few fast peaks
    # had pulled the median over bouts to 79 steps/min
    spec = WalkSpec(placement="wrist", side="right", cadence_spm=62.0, stride_length_m=0.72, bouts=(17, 1),
                    pause_s=1.6, step_time_asymmetry_pct=1.8, stance_pct=(66.4, 67.8), gaps=((4.32, 5.06),),
                    rate_hz=120.0, jitter_s=0.0015, acc_noise_mps2=0.045, mounting_deg=(139.5, 154.5, -33.6),
                    acc_range_g=4.0, seed=512)  # fmt: skip
    _, summary = analyze_wrist(simulate(spec)[0])
    assert summary["cadence_spm"] == pytest.approx(62.0, abs=2.0)


def test_two_short_walks_run_into_one_bout_still_count():
    # 3 and 4 strides at 68 steps/min, a 1 s pause and a turn between: one run of peaks, not regular as a whole
    # (0 steps before); its regular stretches are walking
    spec = WalkSpec(placement="wrist", cadence_spm=68.3, stride_length_m=1.05, bouts=(3, 4), pause_s=1.0,
                    turns=((3, -58.4),), step_time_asymmetry_pct=-2.4, stance_pct=(63.7, 61.0), rate_hz=400.0,
                    jitter_s=0.0026, acc_noise_mps2=0.03, mounting_deg=(2.6, -37.6, 145.7), acc_range_g=8.0,
                    seed=598)  # fmt: skip
    _, summary = analyze_wrist(simulate(spec)[0])
    assert summary["n_steps"] >= 7 and summary["cadence_spm"] == pytest.approx(68.3, abs=3.0)


def test_a_slow_walk_after_a_brisk_one_keeps_its_steps_at_the_wrist():
    # each step's peak is weighed against the spread of the seconds around it (half the whole recording's spread
    # had dropped all 30 steps of the slow walk: 120 found of 150)
    brisk = WalkSpec(placement="wrist", cadence_spm=125, stride_length_m=1.7, bouts=(60,), acc_noise_mps2=0.05)
    slow = WalkSpec(placement="wrist", cadence_spm=70, stride_length_m=0.6, bouts=(15,), acc_noise_mps2=0.05, seed=1)
    rec, walks = simulate_sequence([brisk, slow])
    steps, summary = analyze_wrist(rec)
    for truth in (w.events for w in walks):
        ref = truth[truth["event"] == "IC"]["time_s"].to_numpy()
        inside = steps["time_s"].between(ref[0] - 0.5, ref[-1] + 0.5)
        assert abs(int(inside.sum()) - len(ref)) <= 1
    assert summary["n_steps"] == pytest.approx(sum(int((w.events["event"] == "IC").sum()) for w in walks), abs=2)


def test_a_slow_walk_keeps_a_single_step_under_the_floor():
    # 65 steps/min, 0.6 m strides, 15 deg of arm swing: a step whose peak falls under the 0.2 m/s² floor between
    # steps one step apart is filled in from half the floor (19 of 24 steps had been found)
    spec = WalkSpec(placement="wrist", cadence_spm=65.0, stride_length_m=0.6, stance_pct=(67.0, 67.0), bouts=(12,),
                    acc_noise_mps2=0.03, arm_swing_deg=15.0, seed=3)  # fmt: skip
    rec, truth = simulate(spec)
    steps, summary = analyze_wrist(rec)
    true_t = truth.events.loc[truth.events["event"] == "IC", "time_s"].to_numpy()
    assert len(true_t) - 2 <= summary["n_steps"] <= len(true_t)
    # every step found is a true one
    assert (np.abs(steps["time_s"].to_numpy()[:, None] - true_t[None, :]).min(axis=1) < 0.3).all()


def test_a_long_wrist_recording_is_counted_in_pieces_with_the_same_steps(monkeypatch):
    # a day is cut into hour-long pieces (bounded memory); here 30 s pieces with 10 s margins over a 70 s walk
    from functools import partial

    from gaitcoach.gait import chunks, wrist

    rec, _ = simulate(WalkSpec(placement="wrist", bouts=(60,), acc_noise_mps2=0.05))
    steps, summary = analyze_wrist(rec)
    monkeypatch.setattr(wrist, "iter_chunks", partial(chunks.iter_chunks, chunk_s=30.0, margin_s=10.0))
    steps_p, summary_p = analyze_wrist(rec)
    assert len(steps_p) == len(steps) and np.abs(steps_p["time_s"] - steps["time_s"]).max() < 1e-9
    assert summary_p["walking_time_s"] == pytest.approx(summary["walking_time_s"], abs=0.05)
    assert summary_p["cadence_spm"] == pytest.approx(summary["cadence_spm"], abs=0.5)
    assert summary_p["stride_regularity"] == pytest.approx(summary["stride_regularity"], abs=0.05)


def test_a_slow_arm_or_a_brisk_thigh_is_not_taken_for_another_placement():
    """Wrong guesses found by bench_sweep: a slow walker's arm swinging 19 deg, in a walk that turns, rocks as
    slowly as a trunk but about one axis (was: lower back, 0.93); a brisk thigh lands at 3.5 g but sweeps as a
    thigh (was: foot)."""
    from gaitcoach.gait.placement import detect_placement

    arm = WalkSpec(
        placement="wrist", cadence_spm=56.8, stride_length_m=0.83, bouts=(11, 3), turns=((4, -32.4),),
        stance_pct=(66.5, 66.5), arm_swing_deg=18.7, mounting_deg=(12.0, -162.0, 158.1), rate_hz=104.0,
        acc_noise_mps2=0.054, gyr_noise_dps=0.12, seed=1000,
    )  # fmt: skip
    thigh = WalkSpec(
        placement="pocket", side="right", cadence_spm=123.7, stride_length_m=1.5, bouts=(8,), stance_pct=(58.9, 58.9),
        mounting_deg=(-4.7, 8.7, 88.4), acc_noise_mps2=0.004, gyr_noise_dps=0.17, seed=1008,
    )  # fmt: skip
    for spec, wrong in ((arm, "lumbar"), (thigh, "foot")):
        rec, _ = simulate(spec)
        guess = detect_placement(rec.replace(placement=None))
        assert guess.placement in (spec.placement, None) and guess.placement != wrong


def test_the_placement_note_tells_no_walking_from_no_gyroscope():
    # a gyroscope that shows no walk: "no clear walking"; a walk recorded without one: the steps are counted, and
    # where it was worn is left to the user, never called "no walking"
    rec, _ = simulate(WalkSpec(placement="wrist", bouts=(20,)))
    acc_only = rec.replace(signals=rec.signals[["acc_x", "acc_y", "acc_z"]], placement=None, file_name="w.csv")
    result = gaitcoach.analyze(acc_only)
    assert result.summary.n_steps == pytest.approx(40, abs=2)
    assert any(n.startswith("w.csv: could not tell from the signal where the sensor was worn") for n in result.notes)
    assert not any("no clear walking" in n for n in result.notes)
    still, _ = simulate(WalkSpec(placement="wrist", activity="sit", lead_in_s=60.0))
    with pytest.raises(NotEnoughWalkingError, match="s.csv: no walking measured. The signal shows no clear walking"):
        gaitcoach.analyze(still.replace(placement=None, file_name="s.csv"))


def test_raw_cadence_twice_the_devices_own_is_noted():
    """A file with raw motion and the device's own records: where the raw motion's cadence is about twice (or half)
    the device's, a note names both (one of them counts strides as steps or steps twice); where they agree, none."""
    rec, truth = simulate(WalkSpec(placement="lumbar", bouts=(40,), cadence_spm=124.0, seed=2))
    records = activity_records(truth, rec.duration_s)[["cadence_spm"]]  # (a device without distance or speed)
    agreeing = gaitcoach.analyze(rec.replace(summary=records), height_m=1.75)
    assert not [n for n in agreeing.notes if "device's own records" in n]
    halved = records.assign(cadence_spm=records["cadence_spm"] / 2.0)
    conflicting = gaitcoach.analyze(rec.replace(summary=halved), height_m=1.75)
    note = [n for n in conflicting.notes if "device's own records" in n]
    assert len(note) == 1
    assert "124 steps/min" in note[0] and "records 62" in note[0]
    assert conflicting.summary.cadence_spm == pytest.approx(124.0, abs=2.0)  # the raw motion's stands
    # where the placement was only guessed from the signal, the device's own count (made for where it is worn)
    # stands instead, and the raw motion's strides are not coached
    guessed = gaitcoach.analyze(rec.replace(summary=halved, placement=None), height_m=1.75)
    assert guessed.strides.empty and guessed.summary.cadence_spm == pytest.approx(62.0, abs=0.5)
    assert [n for n in guessed.notes if "records 62" in n and "only guessed" in n]
    assert guessed.recordings[0]["placement"] == "summary"
    agreeing_guess = gaitcoach.analyze(rec.replace(summary=records, placement=None), height_m=1.75)
    assert len(agreeing_guess.strides) == len(agreeing.strides) > 30  # agreeing, the raw motion's strides stand


@pytest.mark.parametrize("rpm", [50.0, 80.0, 110.0])
def test_a_phone_in_the_pocket_on_a_bicycle_is_not_walking_where_its_place_was_not_said(rpm):
    # the thigh swings about one axis, evenly: it had been taken for a wrist (confidence 0.6), whose step counter
    # counted one "step" a pedal stroke (51-113 steps in a minute's ride); its rotation repeats at every step
    # counted, as a walking limb's never does
    rec, _ = simulate(WalkSpec(placement="pocket", side="left", activity="cycle", cadence_spm=rpm, lead_in_s=60.0))
    assert detect_placement(rec.replace(placement=None)).placement is None  # (not a wrist: left to the user)
    with pytest.raises(NotEnoughWalkingError, match="turning a bicycle's cranks"):
        gaitcoach.analyze(rec.replace(placement=None))
    # a user who says it was a wrist is believed
    assert analyze_wrist(rec.replace(placement="wrist"))[1]["n_steps"] > 0.8 * rpm


@pytest.mark.parametrize("rpm", [40.0, 75.0, 110.0])
def test_a_phone_on_the_shoe_on_a_bicycle_is_not_walking_where_its_place_was_not_said(rpm):
    # the foot rocks through less than a thigh (simulated 22-24 deg), but rides the pedal's circle: its acceleration
    # turns round once a revolution; it had been taken for a wrist (0.6) and counted a step a revolution
    rec, _ = simulate(WalkSpec(placement="foot", activity="cycle", cadence_spm=rpm, lead_in_s=60.0, seed=3))
    guess = detect_placement(rec.replace(placement=None))
    assert guess.placement is None and guess.features["acc_turns_per_step"] == pytest.approx(1.0, abs=0.1)
    with pytest.raises(NotEnoughWalkingError, match="turning a bicycle's cranks"):
        gaitcoach.analyze(rec.replace(placement=None))
    # a wrist, as said: its "steps" counted (at 40 rev/min, 1.5 s apart, the slowest the counter takes, not all)
    assert analyze_wrist(rec.replace(placement="wrist"))[1]["n_steps"] > 0.5 * rpm


@pytest.mark.parametrize("cadence", [145.0, 185.0])
def test_a_phone_in_the_pocket_on_a_run_is_not_walking_where_its_place_was_not_said(cadence):
    # a running thigh swings fast and far, with softer landings than a shoe's: it had been taken for a shoe (0.6),
    # or, left to the user, its strides had been counted as steps at half the cadence (91-95 a minute's run)
    spec = WalkSpec(placement="pocket", side="left", activity="run", cadence_spm=cadence, stride_length_m=2.2,
                    lead_in_s=60.0, seed=3)  # fmt: skip
    rec, _ = simulate(spec)
    guess = detect_placement(rec.replace(placement=None))
    assert guess.placement != "foot"
    assert guess.features["swing_cadence_spm"] == pytest.approx(cadence, abs=3.0)  # its own swing, once a stride
    with pytest.raises(NotEnoughWalkingError, match="running left out"):
        gaitcoach.analyze(rec.replace(placement=None), height_m=1.75)


def test_the_swing_cadence_of_walking_limbs():
    # placement detection reads a limb's cadence from its own swing, once a stride, whatever its harmonics
    for placement, cadence in (("foot", 70.0), ("foot", 125.0), ("pocket", 100.0), ("wrist", 110.0)):
        rec, _ = simulate(WalkSpec(placement=placement, cadence_spm=cadence, bouts=(20,), seed=4))
        features = detect_placement(rec.replace(placement=None)).features
        assert features["swing_cadence_spm"] == pytest.approx(cadence, abs=3.0)


def test_the_rotary_acceleration_of_a_crank():
    # a point on a 170 mm crank at 75 rev/min: a circle of (2 pi 1.25)^2 0.17 = 10.5 m/s^2, once a revolution; an
    # arm's swing along a line, as big: no turning, no minor axis; a loop a tenth the size: turns, but small
    from gaitcoach.gait.cranks import CRANK_M, rotary_acceleration

    fs, f = 100.0, 1.25
    t = np.arange(0, 20, 1 / fs)
    r = (2 * np.pi * f) ** 2 * CRANK_M
    circle = r * np.column_stack([np.cos(2 * np.pi * f * t), 0 * t, np.sin(2 * np.pi * f * t)])
    turns, ratio = rotary_acceleration(circle, int(fs / f), fs)
    assert turns == pytest.approx(1.0, abs=0.01) and ratio == pytest.approx(1.0, abs=0.01)
    line = circle * [1.0, 0.0, 0.0]
    turns, ratio = rotary_acceleration(line + np.random.default_rng(1).normal(0, 0.01, line.shape), int(fs / f), fs)
    assert turns < 0.1 and ratio < 0.01
    turns, ratio = rotary_acceleration(0.1 * circle, int(fs / f), fs)
    assert turns == pytest.approx(1.0, abs=0.01) and ratio == pytest.approx(0.1, abs=0.01)


@pytest.mark.parametrize(("cadence", "arm_deg"), [(110.0, 30.0), (70.0, 10.0), (55.0, 30.0)])
def test_an_unplaced_walking_wrist_keeps_its_steps(cadence, arm_deg):
    spec = WalkSpec(placement="wrist", side="left", cadence_spm=cadence, stride_length_m=1.4 * cadence / 110,
                    arm_swing_deg=arm_deg, bouts=(20,))  # fmt: skip
    rec, truth = simulate(spec)
    result = gaitcoach.analyze(rec.replace(placement=None))
    assert result.summary.n_steps >= 0.95 * (truth.events["event"] == "IC").sum()
    assert not any("cranks" in n for n in result.notes)


def test_a_few_seconds_of_running_in_a_pocket_walk_do_not_set_its_placement():
    """The most active window holds the run (a shoe's sweep and swing), the others the walk: the majority of the
    windows tells the pocket (the one most active window had been taken for a shoe)."""
    walk = WalkSpec(placement="pocket", side="left", bouts=(60,))
    run = replace(walk, activity="run", cadence_spm=165.0, stride_length_m=2.2, lead_in_s=5.0)
    rec, _ = simulate_sequence([walk, run, walk])
    guess = detect_placement(rec.replace(placement=None))
    assert guess.placement == "pocket" and guess.confidence >= 0.6
    assert 3 <= guess.features["windows_agreeing"] < guess.features["windows_telling"]  # one window dissented
    result = gaitcoach.analyze(rec.replace(placement=None))
    assert result.summary.cadence_spm == pytest.approx(110.0, abs=2.0)


def test_windows_that_split_evenly_leave_the_placement_to_the_user(monkeypatch):
    from gaitcoach.gait import placement

    rec, _ = simulate(WalkSpec(placement="pocket", side="left", bouts=(200,)))  # room for five windows
    told = iter(["pocket", "foot", None, "foot", "pocket"])
    judge = placement._judge
    monkeypatch.setattr(placement, "_judge", lambda f: replace(judge(f), placement=next(told)))
    guess = detect_placement(rec.replace(placement=None))
    assert guess.placement is None and guess.features["windows_telling"] == 4
    told = iter(["foot", "pocket", None, "pocket", None])
    guess = detect_placement(rec.replace(placement=None))
    assert guess.placement == "pocket" and guess.features["windows_agreeing"] == 2


def test_a_guess_whose_analysis_finds_little_of_the_walk_is_withdrawn():
    """Two 12-stride pocket walks with a run between fit in one window, which the run's swing makes a shoe's; the
    shoe analysis finds strides in a second of the 27 s of walking: the steps are counted without a placement."""
    walk = WalkSpec(placement="pocket", side="left", bouts=(12,))
    run = replace(walk, activity="run", cadence_spm=165.0, stride_length_m=2.2, lead_in_s=5.0)
    rec, parts = simulate_sequence([walk, run, walk])
    rec = rec.replace(placement=None)
    assert detect_placement(rec).placement == "foot"  # the guess the analysis withdraws
    result = gaitcoach.analyze(rec)
    assert [m["placement"] for m in result.recordings] == [None] and result.strides.empty
    true_steps = sum(int((p.events["event"] == "IC").sum()) for p in (parts[0], parts[2]))
    assert result.summary.n_steps == pytest.approx(true_steps, abs=2)
    assert result.summary.cadence_spm == pytest.approx(110.0, abs=2.0)
    assert any("guess is withdrawn" in n for n in result.notes)
    assert not any("looks like a sensor on the shoe" in n for n in result.notes)


def test_strides_cover_the_union_of_their_spans():
    from gaitcoach.session_parts import strides_cover_s

    # a lower back's strides overlap by a step; a pause between two walks is not covered
    strides = pd.DataFrame({"ic_s": [0.0, 0.5, 1.0, 10.0, np.nan], "next_ic_s": [1.0, 1.5, 2.0, 11.2, 3.0]})
    assert strides_cover_s(strides) == pytest.approx(2.0 + 1.2)
    assert strides_cover_s(strides.iloc[:0]) == 0.0


@pytest.mark.parametrize("worn", ["pocket", "wrist"])
def test_a_placement_said_that_finds_no_stride_of_a_walk_says_to_check_it(worn):
    """A phone in the pocket (or a watch) analysed as a shoe's, as the user said, finds no stride; the error had
    read "no walking measured ... record a walk", though the acceleration shows the walk."""
    rec, _ = simulate(WalkSpec(placement=worn, side="left", bouts=(30,), mounting_deg=(20.0, 30.0, 40.0)))
    with pytest.raises(NotEnoughWalkingError, match="check where the sensor was worn") as err:
        gaitcoach.analyze(rec.replace(placement="foot"))
    assert "said to be" in str(err.value) and "Record a walk" not in str(err.value)
    assert "shows 33 s of walking" in str(err.value)  # the walk's 30 strides at 110 steps/min
    if worn == "pocket":  # said right, no such note
        assert not any("as said, finds" in n for n in gaitcoach.analyze(rec).notes)


@pytest.mark.parametrize("worn", ["pocket", "wrist"])
def test_a_limb_said_to_be_the_lower_back_is_doubted_in_a_note(worn):
    """Its analysis reads plausible strides, so only the note tells the user (it had needed 0.7; a limb is guessed
    at 0.6)."""
    rec, _ = simulate(WalkSpec(placement=worn, side="left", bouts=(30,), mounting_deg=(20.0, 30.0, 40.0)))
    result = gaitcoach.analyze(rec.replace(placement="lumbar"), height_m=1.75)
    assert not result.strides.empty  # the user's word stands
    assert any("as said, but the signal looks like one on the" in n for n in result.notes)
    assert not any("looks like one on" in n for n in gaitcoach.analyze(rec, height_m=1.75).notes)
