"""Trouser-pocket analysis against the simulator and, where ../shared is present, pressure-insole contacts."""

import json

import numpy as np
import pytest

import gaitcoach
from conftest import SHARED
from gaitcoach.gait.pocket import analyze_pocket
from gaitcoach.simulate import WalkSpec, simulate, simulate_sequence


@pytest.mark.parametrize("mounting", [(0.0, 0.0, 0.0), (15.0, 0.0, 180.0)])
def test_pocket_leg_contacts_and_hip_extension(mounting):
    spec = WalkSpec(placement="pocket", side="left", bouts=(14,), mounting_deg=mounting)
    rec, truth = simulate(spec)
    res = analyze_pocket(rec)
    for side, event, limit_ms in (
        ("left", "IC", 10.0),
        ("left", "FC", 30.0),
        ("right", "IC", 20.0),
        ("right", "FC", 25.0),
    ):
        ref = truth.events[(truth.events["side"] == side) & (truth.events["event"] == event)]["time_s"].to_numpy()
        ours = res.events[(res.events["event"] == event) & (res.events["side"] == side)]
        det = ours["time_s"].to_numpy()
        if (side, event) == ("right", "FC"):  # placed after each of the pocket leg's heel strikes: none before the
            # first; one after the last, where the simulated walker stops without lifting the other foot
            ref = ref[ref > truth.events.query("side == 'left' and event == 'IC'")["time_s"].min()]
            assert len(det) == len(ref) + 1
            det = det[:-1]
        err = np.abs(det[np.argmin(np.abs(det[None, :] - ref[:, None]), axis=1)] - ref) * 1000
        # the last heel strike of a bout, as the walker stops, may be off by up to 50 ms
        assert np.sort(err)[:-1].max() < limit_ms and err.max() < 50.0, (side, event, err.round())
    assert res.strides["hip_extension_deg"].median() == pytest.approx(10.0, abs=0.5)  # the thigh reaches 10.0 deg


@pytest.mark.parametrize(
    ("cadence", "stride", "stance"), [(48.0, 0.6, 66.0), (62.0, 0.8, 64.0), (75.0, 0.92, 60.0), (125.0, 1.6, 57.0)]
)
def test_pocket_heel_strikes_of_slow_and_fast_walks(cadence, stride, stance):
    # a slow stride's swing is slower (48 steps/min: under 80 deg/s, where the swing threshold had been) and its
    # terminal swing and impact lie further after mid-swing than a typical one's (at 75 steps/min the impact had
    # fallen outside fixed windows: heel strikes 78 ms early)
    spec = WalkSpec(placement="pocket", side="left", bouts=(14,), cadence_spm=cadence, stride_length_m=stride,
                    stance_pct=(stance, stance), acc_noise_mps2=0.02, gyr_noise_dps=0.5)  # fmt: skip
    rec, truth = simulate(spec)
    res = analyze_pocket(rec)
    ref = truth.events[(truth.events["side"] == "left") & (truth.events["event"] == "IC")]["time_s"].to_numpy()
    det = res.events[(res.events["event"] == "IC") & (res.events["side"] == "left")]["time_s"].to_numpy()
    assert len(det) == len(ref)
    assert np.abs(det - ref).max() < 0.01
    assert res.strides["hip_extension_deg"].median() == pytest.approx(10.0, abs=0.5)


@pytest.mark.parametrize(
    "extension, cadence, mounting, noisy",
    [(0.0, 95.0, (0.0, 0.0, 0.0), True), (5.0, 115.0, (60.0, 30.0, -40.0), True),
     (10.0, 95.0, (60.0, 30.0, -40.0), False), (15.0, 115.0, (0.0, 0.0, 0.0), True)],
)  # fmt: skip
def test_hip_extension_matches_the_thighs_true_reach(extension, cadence, mounting, noisy):
    from gaitcoach.simulate.body import thigh_pose
    from gaitcoach.simulate.timeline import build_timeline

    noise = dict(acc_noise_mps2=0.05, gyr_noise_dps=1.0, gyr_bias_dps=0.5) if noisy else {}
    spec = WalkSpec(placement="pocket", side="left", bouts=(14,), hip_extension_deg=(extension, extension),
                    cadence_spm=cadence, mounting_deg=mounting, **noise)  # fmt: skip
    rec, _ = simulate(spec)
    _, _, angle = thigh_pose(spec, build_timeline(spec), "left")(np.linspace(4.0, 10.0, 6001))  # mid-walk
    strides = analyze_pocket(rec).strides
    assert strides["hip_extension_deg"].median() == pytest.approx(-angle.min(), abs=0.5)
    # and the thigh's whole swing, from its most extended to its most flexed
    assert strides["hip_excursion_deg"].median() == pytest.approx(np.ptp(angle), abs=0.5)


def test_weak_hip_extension_is_coached():
    spec = WalkSpec(placement="pocket", side="right", bouts=(14,), hip_extension_deg=(10.0, 0.0))
    result = gaitcoach.analyze(simulate(spec)[0])
    found = {f.cue_id: f for f in result.findings}
    assert found["hamstrings"].status in ("watch", "work_on")
    assert {"bridge", "deep_lunge"} <= set(found["hamstrings"].routine_ids)
    # the other foot's landings are only good to ~20 ms each: no step-time asymmetry from a pocket; its toe-offs
    # are a typical double support after this foot's heel strikes: no double support either
    assert np.isnan(result.summary.step_time_asymmetry_pct) and np.isfinite(result.summary.cadence_spm)
    assert np.isnan(result.summary.double_support_pct) and result.strides["double_support_s"].isna().all()
    assert (result.events["event"].eq("FC") & result.events["side"].eq("left")).sum() >= 13  # the other foot's
    strong = gaitcoach.analyze(simulate(WalkSpec(placement="pocket", side="right", bouts=(14,)))[0])
    assert {f.cue_id: f for f in strong.findings}["hamstrings"].status == "good"


@pytest.mark.skipif(not (SHARED / "data" / "pocket").is_dir(), reason="../shared is absent")
@pytest.mark.parametrize("event", ["IC", "FC"])
def test_real_thigh_recordings_against_pressure_insoles(event):
    key = event.lower()
    for leg in ("pocket", "other"):
        matched, total, errors = 0, 0, []
        for csv in sorted((SHARED / "data" / "pocket").glob("*.csv")):
            ref = json.loads(csv.with_suffix(".json").read_text())
            side = ref["thigh_side"]
            want = side if leg == "pocket" else {"left": "right", "right": "left"}[side]
            res = analyze_pocket(gaitcoach.load(csv, placement="pocket", side=side))
            ev = res.events
            det = ev[(ev["event"] == event) & (ev["side"] == want)]["time_s"].to_numpy()
            for t_ref in (x for x, s in zip(ref[f"{key}_s"], ref[f"{key}_side"]) if s == want):
                total += 1
                if len(det) and np.abs(det - t_ref).min() < 0.25:
                    matched += 1
                    errors.append(det[np.argmin(np.abs(det - t_ref))] - t_ref)
        assert matched / total >= 0.9, (event, leg)
        assert abs(np.mean(errors)) < 0.03 and np.mean(np.abs(errors)) < 0.05, (event, leg)


def test_turning_strides_are_flagged_from_the_thigh():
    from gaitcoach.simulate.scenarios import scenario

    rec, _ = simulate(scenario("turns", placement="pocket", side="right"))
    st = analyze_pocket(rec).strides
    turning = st[~st["straight"].astype(bool)]
    assert turning["turn_deg"].clip(lower=0).sum() == pytest.approx(180.0, abs=20.0)  # the left turn
    assert turning["turn_deg"].clip(upper=0).sum() == pytest.approx(-90.0, abs=15.0)  # the right turn
    assert (st.loc[st["straight"].astype(bool), "turn_deg"].abs() < 5).all()


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("name", ["standing", "sitting", "vibration"])
def test_no_pocket_steps_when_not_walking(name, seed):
    from gaitcoach.simulate.scenarios import scenario

    rec, _ = simulate(scenario(name, placement="pocket", seed=seed))
    assert analyze_pocket(rec).events.empty


@pytest.mark.parametrize("rate_hz", [30.0, 100.0])
def test_a_stride_cut_by_a_logger_gap_is_not_guessed(rate_hz):
    # the thigh's last swing before a gap: its heel strike may fall in the gap, and the strongest acceleration
    # left before it is not that strike (at 30 Hz a 1.15 s stride had read 0.96 s)
    spec = WalkSpec(placement="pocket", side="left", bouts=(6,), cadence_spm=104.0, stride_length_m=1.6,
                    gaps=((7.52, 8.54),), rate_hz=rate_hz, acc_noise_mps2=0.05, seed=571)  # fmt: skip
    rec, truth = simulate(spec)
    res = analyze_pocket(rec)
    true_stride = truth.strides["stride_time_s"].median()
    assert len(res.strides) >= 3
    assert (res.strides["stride_time_s"] - true_stride).abs().max() < 0.05


def test_a_clipping_gyroscope_leaves_out_the_hip_extension():
    spec = WalkSpec(placement="pocket", side="left", bouts=(10,), cadence_spm=125.0, stride_length_m=1.6,
                    gyr_range_dps=125.0)  # fmt: skip
    rec, _ = simulate(spec)
    res = gaitcoach.analyze(rec)
    assert len(res.strides) >= 8 and res.strides["hip_extension_deg"].isna().all()
    assert any("end of its range" in n for n in res.notes)
    assert res.summary.cadence_spm == pytest.approx(125.0, abs=2.0)


def test_a_slow_walk_after_a_brisk_one_keeps_its_toe_offs():
    # the toe-off follows the thigh's reversal by 12 % of the stride around it (one median stride for the whole
    # recording had put a 70 steps/min walk's toe-offs 145 ms off after a 125 steps/min walk; 55 ms alone)
    common = {"placement": "pocket", "side": "left", "acc_noise_mps2": 0.05, "gyr_noise_dps": 0.5}
    brisk = WalkSpec(cadence_spm=125, stride_length_m=1.7, stance_pct=(60.5, 60.5), bouts=(60,), **common)
    slow = WalkSpec(cadence_spm=70, stride_length_m=0.6, stance_pct=(67.0, 67.0), bouts=(15,), seed=1, **common)
    rec, (_, walk) = simulate_sequence([brisk, slow])
    truth = walk.events
    ev = analyze_pocket(rec).events
    for kind, side, within_ms in (("IC", "left", 10.0), ("FC", "left", 70.0), ("IC", "right", 30.0)):
        ref = truth[(truth["event"] == kind) & (truth["side"] == side)]["time_s"].to_numpy()
        det = ev[(ev["event"] == kind) & (ev["side"] == side)]["time_s"].to_numpy()
        err_ms = 1000 * np.abs(det[None, :] - ref[:, None]).min(axis=1)
        found = err_ms < 150.0
        assert found.sum() >= len(ref) - 1 and np.median(err_ms[found]) < within_ms, (kind, side, np.round(err_ms))


def test_a_long_recording_is_analysed_in_pieces_with_the_same_contacts(monkeypatch):
    # a day is cut into hour-long pieces (bounded memory: a simulated 24 h took 1.4 GB whole, 41 MB in pieces);
    # here 30 s pieces with 10 s margins over a 70 s walk
    from functools import partial

    from gaitcoach.gait import chunks, pocket

    rec, _ = simulate(WalkSpec(placement="pocket", side="left", bouts=(60,), acc_noise_mps2=0.05))
    whole = analyze_pocket(rec)
    monkeypatch.setattr(pocket, "iter_chunks", partial(chunks.iter_chunks, chunk_s=30.0, margin_s=10.0))
    pieces = analyze_pocket(rec)
    for kind, side in (("IC", "left"), ("FC", "left"), ("IC", "right")):
        a = whole.events[(whole.events["event"] == kind) & (whole.events["side"] == side)]["time_s"].to_numpy()
        b = pieces.events[(pieces.events["event"] == kind) & (pieces.events["side"] == side)]["time_s"].to_numpy()
        assert len(a) == len(b) and np.abs(a - b).max() < 0.002, kind
    # a stride across a piece's edge is counted in the piece where it starts
    assert len(pieces.strides) == len(whole.strides)
    assert pieces.strides["hip_extension_deg"].median() == pytest.approx(
        whole.strides["hip_extension_deg"].median(), abs=0.3
    )


def test_a_walk_after_sitting_reads_its_hip_extension_from_standing():
    """A minute's sitting before the walk is stillness too, with the thigh 90 deg from standing: taken into the
    standing reference, it had read the thigh 99 deg extended for 10."""
    walk = WalkSpec(placement="pocket", side="left", bouts=(12,), hip_extension_deg=(10.0, 10.0))
    sitting = WalkSpec(placement="pocket", side="left", activity="sit", lead_in_s=60.0)
    rec, truths = simulate_sequence([sitting, walk, sitting])
    res = analyze_pocket(rec)
    assert len(res.strides) == len(truths[1].strides.query("side == 'left'"))
    assert res.strides["hip_extension_deg"].median() == pytest.approx(10.0, abs=0.5)


@pytest.mark.parametrize("turned", [(180.0, 0.0, 0.0), (0.0, 180.0, 0.0), (90.0, 0.0, 0.0), (37.0, -20.0, 150.0)])
def test_the_phone_put_back_in_the_pocket_another_way_between_walks(turned):
    """Each walk finds its own thigh axis and standing: one axis for the recording had lost half the heel strikes
    (12 of 24) and read the second walk's hip extension -140..+208 deg."""
    first = WalkSpec(placement="pocket", side="left", bouts=(12,))
    second = WalkSpec(placement="pocket", side="left", bouts=(12,), mounting_deg=turned, seed=2)
    rec, truths = simulate_sequence([first, second])
    res = analyze_pocket(rec)
    for truth in truths:
        ref = truth.events.query("side == 'left' and event == 'IC'")["time_s"].to_numpy()
        det = res.events.query("side == 'left' and event == 'IC'")["time_s"].to_numpy()
        assert np.abs(det[np.argmin(np.abs(det[None, :] - ref[:, None]), axis=1)] - ref).max() < 0.02
        mine = res.strides[res.strides["ic_s"].between(ref.min() - 0.1, ref.max() + 0.1)]
        assert len(mine) == len(ref) - 1
        assert mine["hip_extension_deg"].median() == pytest.approx(10.0, abs=0.5)


@pytest.mark.parametrize("rpm", [50.0, 75.0, 95.0])
def test_no_pocket_steps_while_cycling(rpm):
    """A thigh turning a bicycle's cranks swings once per revolution too: every revolution had made a stride
    (50-89 a minute), with a cadence of 100-180 steps/min coached as brisk walking."""
    from dataclasses import replace

    from gaitcoach.simulate.scenarios import scenario

    rec, _ = simulate(replace(scenario("cycling", placement="pocket"), cadence_spm=rpm, lead_in_s=60.0))
    res = analyze_pocket(rec)
    assert res.events.empty and res.strides.empty
    assert res.info["pedalling_s"] > 50.0
    with pytest.raises(gaitcoach.errors.NotEnoughWalkingError, match="bicycle"):  # (the ride alone: no walking)
        gaitcoach.analyze(rec)


def test_no_hip_extension_without_standing_still():
    """Hip extension is the thigh's reach behind how it hangs while standing: a walk with no second of standing
    near it has none (where the swing is slowest had stood in for standing and read 11.5 deg for 0), and says how
    to get it; the whole swing, which needs no reference, stays."""
    spec = WalkSpec(placement="pocket", side="left", bouts=(14,), lead_in_s=0.0, lead_out_s=0.0,
                    hip_extension_deg=(0.0, 0.0))  # fmt: skip
    rec, _ = simulate(spec)
    res = analyze_pocket(rec)
    assert len(res.strides) >= 12 and res.strides["hip_extension_deg"].isna().all()
    assert res.strides["hip_excursion_deg"].median() == pytest.approx(37.7, abs=1.0)
    result = gaitcoach.analyze(rec)
    assert any("stand still for a couple of seconds" in n for n in result.notes)
    assert {f.cue_id: f.status for f in result.findings}["hamstrings"] == "cant_tell"


def test_a_walk_longer_than_a_piece_keeps_its_standing_posture(monkeypatch):
    """A walk going on across the hour-long pieces (here 30 s) stands still only at its start and end: the pieces in
    between carry its standing posture on (without, 110 of 149 strides had no hip extension)."""
    from functools import partial

    from gaitcoach.gait import chunks, pocket

    rec, _ = simulate(WalkSpec(placement="pocket", side="left", bouts=(150,), acc_noise_mps2=0.05))
    monkeypatch.setattr(pocket, "iter_chunks", partial(chunks.iter_chunks, chunk_s=30.0, margin_s=10.0))
    res = analyze_pocket(rec)
    assert len(res.strides) >= 148 and res.strides["hip_extension_deg"].notna().all()
    assert res.strides["hip_extension_deg"].median() == pytest.approx(10.0, abs=0.5)


@pytest.mark.parametrize(("rpm", "extra"), [(90.0, 0), (60.0, 2)])
def test_walks_either_side_of_a_ride_without_a_pause(rpm, extra):
    """Walking to the bicycle, two minutes' ride, walking on: one run of swings. Judged as a whole, the ride had
    taken the second walk with it; now each walk is its own, and the ride is left out. At 60 revolutions/min a
    stroke lasts about a walking stride, and the walk after the ride may take up to two of the ride's strokes."""
    walk = WalkSpec(placement="pocket", side="right", bouts=(12,))
    ride = WalkSpec(placement="pocket", side="right", activity="cycle", cadence_spm=rpm, lead_in_s=120.0)
    rec, truths = simulate_sequence([walk, ride, walk])
    res = analyze_pocket(rec)
    true_strides = sum(len(t.strides[t.strides["side"] == "right"]) for t in (truths[0], truths[2]))
    assert true_strides <= len(res.strides) <= true_strides + extra
    assert res.strides["hip_extension_deg"].median() == pytest.approx(10.0, abs=0.5)
    assert res.info["pedalling_s"] > 100.0
    for truth in (truths[0], truths[2]):
        ref = truth.events.query("side == 'right' and event == 'IC'")["time_s"].to_numpy()
        det = res.events.query("side == 'right' and event == 'IC'")["time_s"].to_numpy()
        assert np.abs(det[np.argmin(np.abs(det[None, :] - ref[:, None]), axis=1)] - ref).max() < 0.02


def test_a_pocket_and_a_belt_without_clocks_need_no_word_about_feet():
    # the clock note speaks of two shoes' step times: a pocket and a belt compare no steps across files
    pocket, _ = simulate(WalkSpec(placement="pocket", side="right", bouts=(12,)))
    belt, _ = simulate(WalkSpec(placement="lumbar", bouts=(12,)))
    result = gaitcoach.analyze([pocket.replace(started_at=None), belt.replace(started_at=None)])
    assert len(result.strides) > 20
    assert not any("one clock" in n for n in result.notes)


def test_only_the_other_foots_toe_offs_are_marked_estimated():
    # the other foot's toe-off is placed a typical double support after this foot's heel strike; every other
    # event is found in the thigh's signal, within the truth's tolerance
    rec, truth = simulate(WalkSpec(placement="pocket", side="right", bouts=(14,), seed=3))
    ev = gaitcoach.analyze(rec).events
    marked = ev[ev["estimated"]]
    assert len(marked) >= 10 and set(marked["event"]) == {"FC"} and set(marked["side"]) == {"left"}
    found = ev[~ev["estimated"]]
    assert not ((found["event"] == "FC") & (found["side"] == "left")).any()
    true_t = truth.events["time_s"].to_numpy()
    nearest = np.abs(found["time_s"].to_numpy()[:, None] - true_t[None, :]).min(axis=1)
    assert np.median(nearest) < 0.02
