"""Shoe-sensor analysis against the simulator's truth, and against motion capture where ../shared is present."""

import dataclasses
import json
import sys

import numpy as np
import pandas as pd
import pytest

import gaitcoach
from conftest import SHARED
from gaitcoach.cli import main
from gaitcoach.errors import NotEnoughWalkingError
from gaitcoach.gait.foot import analyze_foot
from gaitcoach.io import writers
from gaitcoach.model import GRAVITY_MPS2, SIDES
from gaitcoach.simulate import WalkSpec, simulate, simulate_sequence
from gaitcoach.simulate.scenarios import scenario


def _errors(res, truth, side, event):
    ref = truth.events[(truth.events["side"] == side) & (truth.events["event"] == event)]["time_s"].to_numpy()
    det = np.sort(res.events[res.events["event"] == event]["time_s"].to_numpy())
    nearest = det[np.argmin(np.abs(det[None, :] - ref[:, None]), axis=1)]
    return (nearest - ref) * 1000.0, len(det), len(ref)


def _matched(res, truth, side):
    t = truth.strides[truth.strides["side"] == side].sort_values("ic_s")
    return pd.merge_asof(
        res.strides.sort_values("ic_s"), t, on="ic_s", direction="nearest", tolerance=0.05, suffixes=("", "_t")
    ).dropna(subset=["stride_length_m_t"])


@pytest.mark.parametrize("rate", [50.0, 100.0, 200.0])
def test_events_on_a_clean_walk(rate):
    rec, truth = simulate(WalkSpec(placement="foot", side="left", rate_hz=rate, bouts=(10,)))
    res = analyze_foot(rec)
    for event in ("IC", "FC"):
        err, n_det, n_ref = _errors(res, truth, "left", event)
        assert n_det == n_ref  # every contact found, nothing else
        assert np.abs(err).max() <= 1000 / rate  # the target: within one sample
    st = _matched(res, truth, "left")
    error = st["toe_off_angle_deg"] - st["toe_off_angle_deg_t"]
    assert abs(error.mean()) < 1.0 and error.abs().mean() < (1.0 if rate >= 100 else 1.5)


def test_angles_lengths_and_toe_out():
    spec = WalkSpec(placement="foot", side="right", bouts=(12,), fpa_deg=(7.0, 15.0), strike_angle_deg=(20.0, 12.0))
    rec, truth = simulate(spec)
    m = _matched(analyze_foot(rec), truth, "right")
    assert len(m) >= 9
    full = m[m["stride_length_m_t"] > 1.0]
    assert (full["stride_length_m"] / full["stride_length_m_t"] - 1).abs().max() < 0.025
    assert (m["strike_angle_deg"] - 12.0).abs().median() < 1.5
    assert (m["toe_off_angle_deg"] + 60.0).abs().median() < 1.0  # the target: 1 deg
    assert (m["fpa_deg"] - 15.0).abs().max() < 0.5


def test_result_does_not_depend_on_the_mounting():
    a = analyze_foot(simulate(WalkSpec(placement="foot", bouts=(8,)))[0])
    b = analyze_foot(simulate(WalkSpec(placement="foot", bouts=(8,), mounting_deg=(137.0, -52.0, 71.0)))[0])
    # identical up to a tie between two equal impact samples
    np.testing.assert_allclose(a.events["time_s"], b.events["time_s"], atol=0.0101)
    np.testing.assert_allclose(a.strides["stride_length_m"], b.strides["stride_length_m"], atol=1e-6)
    np.testing.assert_allclose(a.strides["fpa_deg"], b.strides["fpa_deg"], atol=1e-4)


def test_weak_push_off_and_turns_are_seen():
    common = dict(
        placement="foot",
        bouts=(14,),
        push_off_dps=(-350.0, -200.0),
        toe_off_angle_deg=(-60.0, -42.0),
        turns=((10, 180.0),),
    )
    left = analyze_foot(simulate(WalkSpec(side="left", **common))[0])
    right = analyze_foot(simulate(WalkSpec(side="right", **common))[0])
    push = {s: r.strides[r.strides["straight"]]["push_off_dps"].median() for s, r in (("l", left), ("r", right))}
    assert push["r"] < 0.8 * push["l"]
    toe_off = right.strides[right.strides["straight"]]["toe_off_angle_deg"].median()
    assert toe_off == pytest.approx(-42.0, abs=3.0)
    assert (~right.strides["straight"]).sum() >= 1  # the 180 deg turn


def test_a_turn_does_not_bend_the_toe_out_of_the_straight_strides():
    # the flexion axis comes from the straight strides: a 180 deg turn used to tilt it by 1 deg
    spec = WalkSpec(placement="foot", side="left", bouts=(12, 10), turns=((22, 180.0),), fpa_deg=(15.0, 15.0))
    st = analyze_foot(simulate(spec)[0]).strides
    assert st["straight"].sum() >= 18
    assert st[st["straight"]]["fpa_deg"].median() == pytest.approx(15.0, abs=0.2)


@pytest.mark.parametrize("name", ["standing", "sitting", "vibration"])
def test_no_steps_when_not_walking(name):
    rec, _ = simulate(scenario(name, placement="foot"))
    res = analyze_foot(rec)
    assert res.events.empty and res.strides.empty
    # a session with nothing walking is an error that says so, naming the file (no empty report)
    with pytest.raises(NotEnoughWalkingError, match=r"^still\.csv: no walking measured\. .*gaitcoach guide"):
        gaitcoach.analyze(rec.replace(file_name="still.csv"))


@pytest.mark.parametrize("rpm", [75.0, 95.0, 110.0])
def test_no_strides_from_a_pedalling_foot(rpm):
    """A foot on a bicycle's pedal turns its ankle once per revolution, at 95 revolutions/min above the swing
    threshold (21-31 strides a minute), but it never rests: its mid-stances are 17-23 m/s² off 1 g."""
    from dataclasses import replace

    rec, _ = simulate(replace(scenario("cycling", placement="foot"), cadence_spm=rpm, lead_in_s=60.0))
    assert analyze_foot(rec).strides.empty


@pytest.mark.parametrize("turned", [(90.0, 0.0, 0.0), (0.0, 0.0, 180.0), (37.0, -20.0, 150.0)])
def test_a_phone_strapped_on_again_another_way_between_walks(turned):
    """Each walk finds its own axes: one axis for both had read a walk's toe-out -80..-170 deg, its strike angle
    0 or 45-48 deg for 20, and lost up to 7 of its 11 strides."""
    first = WalkSpec(placement="foot", side="left", bouts=(12,), fpa_deg=(10.0, 10.0))
    second = WalkSpec(placement="foot", side="left", bouts=(12,), fpa_deg=(10.0, 10.0), mounting_deg=turned, seed=2)
    rec, truths = simulate_sequence([first, second])
    st = analyze_foot(rec).strides
    for truth in truths:
        walk = st[st["ic_s"].between(truth.events["time_s"].min(), truth.events["time_s"].max())]
        assert len(walk) == len(truth.strides.query("side == 'left'"))
        assert walk["fpa_deg"].median() == pytest.approx(10.0, abs=1.0)
        assert walk["strike_angle_deg"].median() == pytest.approx(20.0, abs=1.0)
        assert walk["stride_length_m"].median() == pytest.approx(1.40, abs=0.03)


_STROKES_PASS = (
    "at 95 rev/min strokes pass for resting near the crank's top (the acceleration's size near 1 g there) and set "
    "the walk's axis: 9 of its 11 strides read toe-out -170 deg"
)


@pytest.mark.parametrize(
    "rpm", [60.0, 90.0, 105.0, pytest.param(95.0, marks=pytest.mark.xfail(reason=_STROKES_PASS, strict=True))]
)
def test_walks_either_side_of_a_ride_without_a_pause(rpm):
    """Walk, two minutes' ride, walk on, one run of swings: every walking stride, none of the ride's, the walks'
    own toe-out and strike angle."""
    walk = WalkSpec(placement="foot", side="left", bouts=(12,), fpa_deg=(10.0, 10.0))
    ride = WalkSpec(placement="foot", side="left", activity="cycle", cadence_spm=rpm, lead_in_s=120.0)
    rec, truths = simulate_sequence([walk, ride, walk])
    st = analyze_foot(rec).strides
    assert len(st) == sum(len(t.strides[t.strides["side"] == "left"]) for t in (truths[0], truths[2]))
    assert st["fpa_deg"].sub(10.0).abs().max() < 1.0
    assert st["strike_angle_deg"].median() == pytest.approx(20.0, abs=1.0)


def test_a_long_recording_is_analysed_in_pieces_with_the_same_strides(monkeypatch):
    """A long recording is cut into pieces (FOOT_CHUNK_S; here 30 s with 10 s margins over a 100-stride walk); a
    stride across a piece's edge takes its second swing from the margin (it had been lost at every edge); a piece
    that never stands still keeps the gyroscope bias of the standing before it (it had been read as zero)."""
    from functools import partial

    from gaitcoach.gait import chunks, foot

    spec = WalkSpec(placement="foot", side="left", bouts=(100,), acc_noise_mps2=0.03, gyr_noise_dps=1.5,
                    gyr_bias_dps=2.0, fpa_deg=(10.0, 10.0), lead_in_s=3.0)  # fmt: skip
    rec, truth = simulate(spec)
    whole = analyze_foot(rec)
    assert (_matched(whole, truth, "left")["fpa_deg"] - 10.0).abs().max() < 1.0
    monkeypatch.setattr(foot, "FOOT_CHUNK_S", 30.0)
    monkeypatch.setattr(foot, "iter_chunks", partial(chunks.iter_chunks, margin_s=10.0))
    pieces = analyze_foot(rec)
    assert len(pieces.events) == len(whole.events)
    assert np.abs(pieces.events["time_s"].to_numpy() - whole.events["time_s"].to_numpy()).max() < 0.002
    assert len(pieces.strides) == len(whole.strides) == 99
    # each piece finds its own axis in the noise (0.12 deg apart); with no bias in the pieces after the standing
    # start, 2.7 deg
    assert np.allclose(pieces.strides["fpa_deg"], whole.strides["fpa_deg"], atol=0.3)
    assert np.allclose(pieces.strides["stride_length_m"], whole.strides["stride_length_m"], atol=0.02)


def test_analyze_two_feet_and_cli(tmp_path, capsys):
    rec_l, _ = simulate(WalkSpec(placement="foot", side="left", step_time_asymmetry_pct=6.0, bouts=(10,)))
    rec_r, truth = simulate(WalkSpec(placement="foot", side="right", step_time_asymmetry_pct=6.0, bouts=(10,)))
    result = gaitcoach.analyze([rec_l, rec_r])
    assert result.summary.step_time_asymmetry_pct == pytest.approx(6.0, abs=1.5)
    assert result.summary.cadence_spm == pytest.approx(110.0, abs=1.0)
    paths = []
    for rec, side in ((rec_l, "left"), (rec_r, "right")):
        p = tmp_path / f"{side}.csv"
        p.write_bytes(writers.write_generic_csv(rec))
        paths.append(str(p))
    events_csv = tmp_path / "events.csv"
    assert (
        main(
            [
                "analyze",
                *paths,
                "--placement",
                "foot",
                "--sides",
                "left",
                "right",
                "--json",
                "--events-csv",
                str(events_csv),
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["summary"]["n_strides"] == len(result.strides)
    assert len(pd.read_csv(events_csv)) == len(result.events)


@pytest.mark.skipif(not (SHARED / "data" / "foot").is_dir(), reason="../shared is absent")
def test_real_walk_against_motion_capture():
    sys.path.insert(0, str(SHARED / "tools"))
    from score_events import score

    data = SHARED / "data" / "foot"
    ev = pd.concat(
        [
            analyze_foot(gaitcoach.load(data / f"walk_4x10m_{s}.csv", placement="foot", side=s)).events
            for s in ("left", "right")
        ]
    )
    for row in score(ev, data / "walk_4x10m_reference.json"):
        assert row["recall"] >= 0.95 and row["precision"] >= 0.98
        assert abs(row["bias_ms"]) <= 15.0 and row["sd_ms"] <= 12.0


@pytest.mark.skipif(not (SHARED / "data" / "foot").is_dir(), reason="../shared is absent")
def test_real_stairs_are_flagged_and_ms_walk_runs():
    data = SHARED / "data" / "foot"
    stairs = gaitcoach.analyze(gaitcoach.load(data / "stairs_up_left.csv", placement="foot", side="left"))
    assert any("not level walking" in n for n in stairs.notes)
    walk = gaitcoach.analyze(gaitcoach.load(data / "walk_4x10m_left.csv", placement="foot", side="left"))
    assert not any("not level walking" in n for n in walk.notes)
    ms = gaitcoach.analyze(gaitcoach.load(data / "ms_walk_right.csv", placement="foot", side="right"))
    assert len(ms.strides) > 50 and 0.5 < ms.summary.stride_length_m < 2.5


def test_two_shoes_started_at_different_times_share_one_clock():
    common = dict(placement="foot", bouts=(12,), step_time_asymmetry_pct=0.0)
    left, truth = simulate(WalkSpec(side="left", **common))
    right, _ = simulate(WalkSpec(side="right", **common))
    # the right phone started logging 3 s later: drop its first 3 s and move its start
    late = gaitcoach.Recording.from_dataframe(
        right.signals.loc[3.0:].reset_index().assign(time_s=lambda d: d["time_s"] - 3.0),
        started_at=right.started_at + pd.Timedelta(seconds=3.0),
        placement="foot",
        side="right",
    )
    result = gaitcoach.analyze([left, late])
    ic = result.events[(result.events["event"] == "IC") & (result.events["side"] == "right")]["time_s"].to_numpy()
    ref = truth.events[(truth.events["event"] == "IC") & (truth.events["side"] == "right")]["time_s"].to_numpy()
    ref = ref[ref > 4.5]  # the first stride after the late start has no mid-stance before it
    assert np.abs(ic[:, None] - ref[None, :]).min(axis=0).max() < 0.02
    assert result.summary.step_time_asymmetry_pct == pytest.approx(0.0, abs=1.0)


def test_toe_out_from_a_known_mounting_and_a_calibration():
    from gaitcoach.gait.foot import FootConfig

    # the phone's x axis along the shoe, but laid 6 deg off: the shoe-axis method sees the mounting error,
    # the flexion-axis method does not; a calibration offset is removed from every stride
    rec, _ = simulate(WalkSpec(placement="foot", bouts=(8,), fpa_deg=(10.0, 10.0), mounting_deg=(6.0, 30.0, 0.0)))
    axis = analyze_foot(rec).strides["fpa_deg"].median()
    shoe = analyze_foot(rec, config=FootConfig(long_axis="x")).strides["fpa_deg"].median()
    calibrated = analyze_foot(rec, config=FootConfig(fpa_offset_deg=4.0)).strides["fpa_deg"].median()
    assert axis == pytest.approx(10.0, abs=0.3)
    assert shoe == pytest.approx(16.0, abs=0.5)  # left foot: a +6 deg yaw of the phone turns its x axis outward
    assert calibrated == pytest.approx(6.0, abs=0.3)


def test_low_rate_is_a_note_not_an_error():
    rec, _ = simulate(WalkSpec(placement="foot", rate_hz=10.0, bouts=(4,)))
    result = gaitcoach.analyze(rec)
    assert result.strides.empty and any("needs at least 20 Hz" in n for n in result.notes)


@pytest.mark.parametrize("seed", range(6))
def test_random_signals_never_crash_the_analysis(seed):
    rng = np.random.default_rng(seed)
    rate = float(rng.choice([20.0, 25.0, 50.0, 100.0, 200.0]))
    n = int(rng.integers(5, 3000))
    scale = rng.choice([0.0, 1.0, 50.0, 500.0])
    df = pd.DataFrame(
        rng.normal(0, 1, (n, 6)) * [3, 3, 3, scale, scale, scale],
        columns=["acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"],
    )
    df["acc_z"] += 9.81
    try:
        rec = gaitcoach.Recording.from_dataframe(df, sampling_rate_hz=rate, placement="foot", side="left")
        result = gaitcoach.analyze(rec)
    except gaitcoach.GaitcoachError as exc:  # unreadable, or no walking in it: said, not a crash
        assert str(exc)
        return
    assert len(result.notes) >= 1


def test_two_shoes_without_a_wall_clock_do_not_report_step_asymmetry():
    left, _ = simulate(WalkSpec(placement="foot", side="left", bouts=(12,)))
    right, _ = simulate(WalkSpec(placement="foot", side="right", bouts=(12,)))
    result = gaitcoach.analyze([left.replace(started_at=None), right.replace(started_at=None)])
    assert np.isnan(result.summary.step_time_asymmetry_pct)
    assert np.isfinite(result.summary.stance_time_asymmetry_pct)
    assert any("cannot be put on one clock" in n for n in result.notes)
    # the even-steps cue says why it cannot judge, and what to do
    even = next(f for f in result.findings if f.cue_id == "even_left_right")
    assert even.status == "cant_tell" and "need one clock" in even.message and "jump" in even.message


def test_mid_stance_windows_lie_inside_stance_at_the_stillest_moment():
    spec = WalkSpec(placement="foot", side="left", bouts=(10,))
    rec, _ = simulate(spec)
    st = analyze_foot(rec).strides
    assert (st["mid_stance_start_s"] > st["ic_s"]).all() and (st["mid_stance_end_s"] < st["fc_s"]).all()
    assert np.allclose(st["mid_stance_end_s"] - st["mid_stance_start_s"], 0.1, atol=0.011)
    sig = rec.signals
    gyro = np.linalg.norm(sig[["gyr_x", "gyr_y", "gyr_z"]].to_numpy(), axis=1)
    t = sig.index.to_numpy()
    for _, row in st.iterrows():  # the window is quieter than the rest of the stance
        stance = (t >= row["ic_s"]) & (t <= row["fc_s"])
        window = (t >= row["mid_stance_start_s"]) & (t <= row["mid_stance_end_s"])
        assert gyro[window].mean() <= gyro[stance].mean()


def test_toe_out_calibration_from_a_toes_ahead_walk(tmp_path):
    from gaitcoach.errors import NotEnoughWalkingError
    from gaitcoach.gait import foot
    from gaitcoach.gait.foot_calibration import toe_out_offset

    assert foot.toe_out_offset is toe_out_offset  # its former home still answers (scripts written against it)
    # the measured long axis is off the shoe's by a personal offset: simulated as a walk whose "toes ahead" reads
    # +6 deg, and a later walk with 6 + 9 deg; the calibrated toe-out is the 9 deg the foot really turned out
    cal, _ = simulate(WalkSpec(placement="foot", side="right", bouts=(14,), fpa_deg=(6.0, 6.0)))
    later, _ = simulate(WalkSpec(placement="foot", side="right", bouts=(14,), fpa_deg=(15.0, 15.0), seed=3))
    offset = toe_out_offset(cal)
    assert offset == pytest.approx(6.0, abs=1.0)
    result = gaitcoach.analyze(later, fpa_offsets_deg={"right": offset})
    assert result.summary.fpa_right_deg == pytest.approx(9.0, abs=1.0)
    assert any("calibration" in n for n in result.notes)
    short, _ = simulate(WalkSpec(placement="foot", side="right", bouts=(4,)))
    with pytest.raises(NotEnoughWalkingError, match="20 steps"):
        toe_out_offset(short.replace(file_name="short.csv"))
    # the CLI: one calibration file per analysed file
    cal_path, later_path = tmp_path / "cal.csv", tmp_path / "later.csv"
    cal_path.write_bytes(writers.write_generic_csv(cal))
    later_path.write_bytes(writers.write_generic_csv(later))
    out = tmp_path / "strides.csv"
    args = [str(later_path), "--placement", "foot", "--side", "right", "--calibrate-with", str(cal_path)]
    assert main(["analyze", *args, "--strides-csv", str(out)]) == 0
    assert pd.read_csv(out)["fpa_deg"].median() == pytest.approx(9.0, abs=1.0)


def test_two_shoes_without_a_common_clock_are_aligned_by_a_jump():
    from gaitcoach.gait.sync import jump_landing_s
    from gaitcoach.model import Recording

    kw = dict(placement="foot", bouts=(16,), lead_in_s=3.0, sync_jump_s=1.0, step_time_asymmetry_pct=8.0)
    left, truth = simulate(WalkSpec(side="left", **kw))
    right, _ = simulate(WalkSpec(side="right", **kw))
    # push 0.06 s + flight 0.3 s, then a 60 ms landing: the sync point lies about 29 ms into it, the same at any
    # rate and sampling phase (a level crossing of the magnitude had moved by -10..+6 ms)
    assert jump_landing_s(left) == pytest.approx(1.389, abs=0.002)
    for rate, delay in ((104.0, 0.0037), (128.0, 0.0063), (50.0, 0.0088)):
        other, _ = simulate(WalkSpec(side="right", **{**kw, "sync_jump_s": 1.0 + delay}, rate_hz=rate))
        assert jump_landing_s(other) - delay == pytest.approx(jump_landing_s(left), abs=0.0015)
    # the right phone started 0.437 s later and neither file has a wall clock
    sig = right.signals[right.signals.index >= 0.437]
    late = Recording.from_dataframe(
        sig.set_axis(sig.index - sig.index[0], axis=0), sampling_rate_hz=100.0, placement="foot", side="right"
    )
    result = gaitcoach.analyze([left.replace(started_at=None), late])
    assert any("jump" in n for n in result.notes)
    assert result.summary.step_time_asymmetry_pct == pytest.approx(8.0, abs=1.0)
    right_ic = result.events[(result.events["event"] == "IC") & (result.events["side"] == "right")]["time_s"]
    true_ic = truth.events[(truth.events["event"] == "IC") & (truth.events["side"] == "right")]["time_s"]
    assert np.abs(right_ic.to_numpy()[:, None] - true_ic.to_numpy()[None, :]).min(axis=1).max() < 0.02
    # without the jump the step-time comparison is withheld
    plain = [simulate(WalkSpec(side=s, placement="foot", bouts=(10,)))[0].replace(started_at=None) for s in SIDES]
    assert np.isnan(gaitcoach.analyze(plain).summary.step_time_asymmetry_pct)


def _resampled(rec, rate_hz):
    from fractions import Fraction

    from scipy import signal

    from gaitcoach.model import Recording

    ratio = Fraction(rate_hz / rec.sampling_rate_hz).limit_denominator(100)
    x = signal.resample_poly(rec.signals.to_numpy(float), ratio.numerator, ratio.denominator, axis=0)
    df = pd.DataFrame(x, columns=rec.signals.columns)
    df.insert(0, "time_s", rec.signals.index[0] + np.arange(len(x)) / rate_hz)
    return Recording.from_dataframe(df, sampling_rate_hz=rate_hz, placement=rec.placement, side=rec.side)


@pytest.mark.skipif(not (SHARED / "data" / "foot").is_dir(), reason="../shared is absent")
@pytest.mark.parametrize("rate_hz", [50.0, 200.0])
def test_real_walk_at_other_sampling_rates(rate_hz):
    sys.path.insert(0, str(SHARED / "tools"))
    from score_events import score

    data = SHARED / "data" / "foot"
    events = []
    for side in ("left", "right"):
        rec = gaitcoach.load(data / f"walk_4x10m_{side}.csv", placement="foot", side=side)
        events.append(analyze_foot(_resampled(rec, rate_hz)).events)
    for row in score(pd.concat(events), data / "walk_4x10m_reference.json"):
        assert row["recall"] >= 0.95 and row["precision"] >= 0.98, row
        assert abs(row["bias_ms"]) <= 15.0 and row["sd_ms"] <= 15.0, row


def test_gyroscope_bias_is_taken_from_standing_still():
    from gaitcoach.gait.stillness import standing_gyro_bias
    from gaitcoach.model import ACC_COLUMNS, GYR_COLUMNS

    bias = (1.5, -2.0, 1.0)
    spec = WalkSpec(placement="foot", side="left", bouts=(12,), fpa_deg=(10.0, 10.0), gyr_noise_dps=1.5,
                    acc_noise_mps2=0.08, lead_in_s=3.0)  # fmt: skip
    rec, truth = simulate(spec)
    sig = rec.signals.copy()
    sig[list(GYR_COLUMNS)] += np.asarray(bias)
    biased = rec.replace(signals=sig)
    found = standing_gyro_bias(sig[list(GYR_COLUMNS)].to_numpy(), sig[list(ACC_COLUMNS)].to_numpy(), 100.0)
    np.testing.assert_allclose(found, bias, atol=0.2)
    m = _matched(analyze_foot(biased), truth, "left")
    assert (m["fpa_deg"] - 10.0).abs().median() < 1.0  # the toe-out target
    full = m[m["stride_length_m_t"] > 1.0]
    assert (full["stride_length_m"] / full["stride_length_m_t"] - 1).abs().median() < 0.02


def test_angles_on_a_noisy_phone_with_timestamp_jitter():
    # a phone's noise, gyro bias and 2 ms timestamp jitter (resampled onto a uniform grid at import)
    noisy = dict(acc_noise_mps2=0.08, gyr_noise_dps=1.5, gyr_bias_dps=1.0, jitter_s=0.002)
    m = pd.concat(
        [_matched(analyze_foot(r), t, "left") for r, t in
         (simulate(WalkSpec(placement="foot", side="left", bouts=(12,), seed=k, **noisy)) for k in range(4))]
    )  # fmt: skip
    assert len(m) >= 40
    # the targets: 1 deg (each stride's toe-off angle follows its toe-off time: 4 deg per 10 ms)
    assert abs((m["toe_off_angle_deg"] - m["toe_off_angle_deg_t"]).mean()) < 1.0
    assert abs((m["strike_angle_deg"] - m["strike_angle_deg_t"]).mean()) < 1.0
    # toe-off within two samples: noise moves the corner the sensor's anti-aliasing has rounded
    assert (m["fc_s"] - m["fc_s_t"]).abs().max() < 0.02


def test_two_shoes_without_sides_are_told_apart_when_the_feet_say_so():
    from gaitcoach.gait.foot_calibration import infer_sides

    pair = [simulate(WalkSpec(placement="foot", side=s, bouts=(10,), fpa_deg=(9.0, 9.0)))[0] for s in SIDES]
    unlabelled = [r.replace(side=None, file_name=f"shoe_{i}.csv") for i, r in enumerate(pair)]
    assert infer_sides(*unlabelled) == ("left", "right")
    assert infer_sides(*unlabelled[::-1]) == ("right", "left")
    result = gaitcoach.analyze(unlabelled[::-1])
    assert any("looks like the right shoe" in n for n in result.notes)
    assert result.summary.fpa_left_deg == pytest.approx(9.0, abs=1.0)
    # feet pointing straight ahead do not tell which is which: asked, not guessed
    straight = [simulate(WalkSpec(placement="foot", side=s, bouts=(10,), fpa_deg=(0.0, 0.0)))[0] for s in SIDES]
    assert infer_sides(*[r.replace(side=None) for r in straight]) is None


@pytest.mark.skipif(not (SHARED / "data" / "foot").is_dir(), reason="../shared is absent")
def test_real_pairs_are_told_apart_or_left_to_the_user():
    from gaitcoach.gait.foot_calibration import infer_sides

    data = SHARED / "data" / "foot"
    for base in ("walk_4x10m", "ms_walk", "stairs_up", "stairs_down"):
        left, right = (gaitcoach.load(data / f"{base}_{s}.csv", placement="foot") for s in SIDES)
        assert infer_sides(left, right) in (("left", "right"), None), base  # never the wrong way round
    left, right = (gaitcoach.load(data / f"walk_4x10m_{s}.csv", placement="foot") for s in SIDES)
    assert infer_sides(right, left) == ("right", "left")


@pytest.mark.parametrize("style", ["left_{q}_{a}", "{Q} {A} ({S})", "{q}_{a}_{s}"])
def test_one_file_with_both_shoes(tmp_path, capsys, style):
    from gaitcoach.errors import MultipleSensorsError

    # one logger with a sensor on each shoe, one time column (no wall clock): 8 % step-time asymmetry
    common = dict(placement="foot", bouts=(12,), step_time_asymmetry_pct=8.0)
    (left, _), (right, _) = (simulate(WalkSpec(side=s, **common)) for s in SIDES)
    table = {"time_s": left.signals.index.to_numpy()}
    for side, rec in (("left", left), ("right", right)):
        for q, unit in (("acc", "m/s^2"), ("gyr", "deg/s")):
            for a in "xyz":
                name = style.replace("left", side).format(q=q, a=a, Q=q.title(), A=a.upper(), S=side.title(), s=side)
                name = name if "(" in name else f"{name} [{unit}]"
                table[name] = rec.signals[f"{q}_{a}"].to_numpy()
    path = tmp_path / "both_shoes.csv"
    pd.DataFrame(table).to_csv(path, index=False)

    recs = gaitcoach.load_all(path, placement="foot")
    assert [r.side for r in recs] == ["left", "right"]
    np.testing.assert_allclose(recs[1].signals["gyr_z"].to_numpy(), right.signals["gyr_z"].to_numpy(), atol=1e-6)
    with pytest.raises(MultipleSensorsError, match="both_shoes.csv.*2 sensors"):
        gaitcoach.load(path)
    assert [r.side for r in gaitcoach.load_all(path, side="right")] == ["right"]
    result = gaitcoach.analyze(recs)  # one file, one clock: the step-time comparison stands
    assert result.summary.step_time_asymmetry_pct == pytest.approx(8.0, abs=1.0)
    assert not any("one clock" in n for n in result.notes)
    capsys.readouterr()
    assert main(["analyze", str(path), "--placement", "foot", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["summary"]["step_time_asymmetry_pct"] == pytest.approx(8.0, abs=1.0)
    assert {e["side"] for e in out["events"]} == {"left", "right"}


def test_a_walk_resumed_after_a_gap_gives_no_false_toe_off():
    # the logger drops 2 s mid-walk and resumes in push-off: that stride has no mid-stance before its swing, so no
    # toe-off is reported for it (it used to be the segment's edge, 73 ms off); every other event within a sample
    rec, truth = simulate(scenario("gaps", placement="foot"))
    res = analyze_foot(rec)
    for event in ("IC", "FC"):
        _, n_det, _ = _errors(res, truth, "left", event)
        det = np.sort(res.events[res.events["event"] == event]["time_s"].to_numpy())
        ref = truth.events[(truth.events["side"] == "left") & (truth.events["event"] == event)]["time_s"].to_numpy()
        worst = np.abs(det[:, None] - ref[None, :]).min(axis=1).max()
        assert n_det >= 9 and worst < 0.010, (event, worst)


def test_a_push_off_faster_than_the_swing_does_not_move_the_heel_strike():
    # a brisk push-off (800 deg/s) outruns the swing (~500 deg/s): the gyroscope norm's peak is the push-off, not
    # mid-swing; heel strikes had been put on the toe-offs (stance 95 %, as in a real fast walker's recording)
    spec = WalkSpec(placement="foot", side="left", push_off_dps=(-800.0, -800.0), bouts=(10,))
    rec, truth = simulate(spec)
    res = gaitcoach.analyze(rec)
    for kind in ("IC", "FC"):
        ref = truth.events[(truth.events["event"] == kind) & (truth.events["side"] == "left")]["time_s"].to_numpy()
        det = res.events[res.events["event"] == kind]["time_s"].to_numpy()
        assert len(det) == len(ref)
        assert np.abs(det[:, None] - ref[None, :]).min(axis=1).max() < 0.010, kind
    assert res.summary.stance_pct == pytest.approx(spec.stance_pct[0], abs=1.0)
    assert res.strides["push_off_dps"].median() == pytest.approx(800.0, rel=0.05)


@pytest.mark.parametrize(("cadence", "stride"), [(50.0, 0.4), (60.0, 0.5), (75.0, 0.8)])
def test_a_slow_walk_keeps_its_strides_heel_strikes_and_angles(cadence, stride):
    # a 2 s stride's push-off and swing peaks lie 0.9 s apart (they had split each stride in two: no stride at
    # 50-60 steps/min), and its loading response is slow (the heel strike lay outside the impact window: 147 ms
    # late at 75 steps/min)
    spec = WalkSpec(placement="foot", side="right", cadence_spm=cadence, stride_length_m=stride, bouts=(12,))
    rec, truth = simulate(spec)
    res = gaitcoach.analyze(rec)
    assert len(res.strides) >= 10
    ref = truth.events[(truth.events["event"] == "IC") & (truth.events["side"] == "right")]["time_s"].to_numpy()
    det = res.events[res.events["event"] == "IC"]["time_s"].to_numpy()
    assert np.abs(det[:, None] - ref[None, :]).min(axis=1).max() < 0.010
    assert res.summary.stride_length_m == pytest.approx(stride, rel=0.03)
    assert res.summary.strike_angle_deg == pytest.approx(spec.strike_angle_deg[1], abs=1.0)


@pytest.mark.parametrize("brisk_strides", [20, 120])
def test_brisk_and_slow_walks_in_one_recording_keep_every_stride(brisk_strides):
    # each swing peak is kept apart from the next by the stride period around it: one period for the whole
    # recording (twice the brisk stride, or the slow one) had dropped every other brisk stride (35-40 % found)
    brisk = WalkSpec(placement="foot", cadence_spm=125.0, stride_length_m=1.7, stance_pct=(60.5, 60.5),
                     bouts=(brisk_strides,), acc_noise_mps2=0.05, gyr_noise_dps=0.5)  # fmt: skip
    slow = dataclasses.replace(brisk, cadence_spm=60.0, stride_length_m=0.5, stance_pct=(67.0, 67.0), bouts=(12,))
    rec, walks = simulate_sequence([brisk, slow])
    det = analyze_foot(rec).events
    for truth in (w.events for w in walks):
        for kind in ("IC", "FC"):
            ref = truth[(truth["event"] == kind) & (truth["side"] == "left")]["time_s"].to_numpy()
            got = det[det["event"] == kind]["time_s"].to_numpy()
            assert np.abs(got[None, :] - ref[:, None]).min(axis=1).max() < 0.015, kind


@pytest.mark.parametrize("range_dps", [250.0, 500.0])
def test_a_clipping_gyroscope_keeps_the_timing_but_not_the_angles(range_dps):
    # a fast walk's swing (about 530 deg/s) over a gyroscope set to a small range: the integrated angles and path
    # are wrong (at 250 deg/s the strike angle had read 7 deg for 20, the stride 0.66 m for 1.15)
    spec = WalkSpec(placement="foot", side="left", bouts=(12,), cadence_spm=125.0, stride_length_m=1.59,
                    gyr_range_dps=range_dps, mounting_deg=(30.0, 40.0, -60.0))  # fmt: skip
    rec, truth = simulate(spec)
    res = gaitcoach.analyze(rec)
    ref = truth.events[(truth.events["event"] == "IC") & (truth.events["side"] == "left")]["time_s"].to_numpy()
    det = res.events[res.events["event"] == "IC"]["time_s"].to_numpy()
    assert len(det) == len(ref) and np.abs(det - ref).max() < 0.02
    assert res.strides["strike_angle_deg"].isna().all() and res.strides["stride_length_m"].isna().all()
    assert res.summary.cadence_spm == pytest.approx(125.0, abs=1.0)
    assert any("end of its range" in n for n in res.notes)
    clean, _ = simulate(dataclasses.replace(spec, gyr_range_dps=2000.0))
    assert gaitcoach.analyze(clean).strides["strike_angle_deg"].notna().all()


@pytest.mark.parametrize(
    ("acc_bias", "acc_noise", "gyr_bias", "gyr_noise"), [(0.26, 0.13, -2.5, 1.3), (-0.29, 0.10, 2.6, 2.5)]
)
def test_a_biased_noisy_phone_still_finds_its_standing_start(acc_bias, acc_noise, gyr_bias, gyr_noise):
    # an uncalibrated accelerometer reads 1 g a few percent off, and a noisy gyroscope's single readings stray past
    # the stillness limit: the standing start had gone unrecognised, the gyroscope's bias unremoved, and a slow
    # walk's toe-out had read -9 deg for +9 (first case) and its strides 28 % too long (second)
    spec = WalkSpec(placement="foot", side="right", bouts=(10,), cadence_spm=70.0, stride_length_m=0.75,
                    stance_pct=(67.0, 67.0), strike_angle_deg=(5.0, 5.0), fpa_deg=(10.0, 10.0),
                    acc_bias_mps2=acc_bias, acc_noise_mps2=acc_noise, gyr_bias_dps=gyr_bias, gyr_noise_dps=gyr_noise,
                    mounting_deg=(44.0, -138.0, -139.0))  # fmt: skip
    rec, _ = simulate(spec)
    st = gaitcoach.analyze(rec).strides
    st = st[st["straight"]]
    assert st["fpa_deg"].median() == pytest.approx(10.0, abs=1.5)
    assert st["stride_length_m"].median() == pytest.approx(0.75, rel=0.05)


@pytest.mark.parametrize("rate_hz", [60.0, 100.0])
def test_a_fast_walks_heel_strike_is_the_impact_not_the_swings_braking(rate_hz):
    # 125 steps/min with a 13 deg strike: the foot's braking at the end of the swing outweighed the heel's impact
    # in the magnitude, and 4 of 14 heel strikes had been put 55-65 ms early
    spec = WalkSpec(placement="foot", side="right", bouts=(14,), cadence_spm=124.6, stride_length_m=1.82,
                    stance_pct=(60.6, 60.6), strike_angle_deg=(12.7, 12.7), fpa_deg=(21.8, 21.8), rate_hz=rate_hz,
                    mounting_deg=(166.9, -125.8, -6.4), acc_noise_mps2=0.04, gyr_noise_dps=0.8)  # fmt: skip
    rec, truth = simulate(spec)
    det = gaitcoach.analyze(rec).events
    det = det[det["event"] == "IC"]["time_s"].to_numpy()
    ref = truth.events[(truth.events["event"] == "IC") & (truth.events["side"] == "right")]["time_s"].to_numpy()
    assert len(det) == len(ref) and np.abs(det - ref).max() < 0.02


def test_every_stride_of_a_slow_unsteady_walk_is_found():
    """Steps varying by 5 % at 80 steps/min: an 8 s window's one-stride rhythm can read weaker than its
    two-stride one, which must not halve the strides found (it did with a 0.8 ratio: 21 of 24 heel strikes)."""
    spec = WalkSpec(
        placement="foot", side="right", cadence_spm=80.0, stride_length_m=0.84, bouts=(12, 12),
        step_time_cv_pct=5.0, stance_pct=(65.8, 65.8), rate_hz=50.0, mounting_deg=(24.8, -44.2, 167.1),
        acc_noise_mps2=0.023, gyr_noise_dps=0.36, seed=5012,
    )  # fmt: skip
    rec, truth = simulate(spec)
    res = analyze_foot(rec, side="right")
    true_ic = truth.events[(truth.events["event"] == "IC") & (truth.events["side"] == "right")]["time_s"].to_numpy()
    found = res.events[res.events["event"] == "IC"]["time_s"].to_numpy()
    assert len(found) == len(true_ic)
    assert np.abs(found - true_ic).max() < 0.015


def test_the_heel_strike_is_the_heels_jolt_not_a_larger_one_later_in_the_heel_rocker():
    # a sensor on the outer side of a real shoe (gaitmap's example walk with motion capture) jolts twice after the
    # heel lands: at the heel's impact, and harder 40-60 ms later, with the foot 13-14 deg into its turn down; the
    # largest jolt had put 12 of 27 heel strikes on the second, their strike angles 10 deg low
    spec = WalkSpec(placement="foot", side="left", bouts=(12,), mounting_deg=(80.0, 10.0, 90.0))
    rec, truth = simulate(spec)
    true_ic = truth.events[(truth.events["event"] == "IC") & (truth.events["side"] == "left")]["time_s"].to_numpy()
    t = rec.signals.index.to_numpy()
    later = np.searchsorted(t, true_ic + 0.055)  # a jolt twice the heel's, 55 ms after each heel strike
    acc = rec.signals[["acc_x", "acc_y", "acc_z"]].to_numpy().copy()
    acc[later, 1] += 2.0 * spec.impact_g * GRAVITY_MPS2
    jolted = rec.replace(signals=rec.signals.assign(acc_y=acc[:, 1]))
    res = analyze_foot(jolted)
    det = res.events[res.events["event"] == "IC"]["time_s"].to_numpy()
    assert len(det) == len(true_ic) and np.abs(det - true_ic).max() < 0.02
    assert res.strides["strike_angle_deg"].sub(spec.strike_angle_deg[0]).abs().max() < 1.5


@pytest.mark.parametrize("walk", [{}, {"cadence_spm": 80.0, "stride_length_m": 1.0, "stance_pct": (66.0, 66.0)}])
def test_roll_through_ends_when_the_sole_has_come_nine_tenths_of_the_way_down(walk):
    # the true sole pitch of the simulated foot, from the heel strike to nine tenths of the way down to flat; "pitch
    # <= 0" had been reached in a third of a real walk's strides only, at random times (0.02-0.40 s)
    from gaitcoach.gait.foot import ROLL_FLAT_FRACTION
    from gaitcoach.simulate.foot import foot_pose
    from gaitcoach.simulate.timeline import build_timeline

    spec = WalkSpec(placement="foot", side="left", bouts=(10,), acc_noise_mps2=0.03, gyr_noise_dps=0.5, **walk)
    rec, truth = simulate(spec)
    res = analyze_foot(rec)
    pose = foot_pose(spec, build_timeline(spec), "left")
    fine = np.arange(0.0, 0.4, 0.001)
    true_roll = []
    for ic in res.strides["ic_s"]:  # the true pitch after each detected heel strike (within a few ms of the truth)
        pitch = np.degrees(pose(ic + fine)[2])
        true_roll.append(fine[np.argmax(pitch <= (1.0 - ROLL_FLAT_FRACTION) * pitch[0])])
    assert res.strides["roll_through_s"].notna().all()
    assert np.abs(res.strides["roll_through_s"].to_numpy() - np.array(true_roll)).max() < 0.02


def _handled_sensor(seed: int = 0, rate_hz: float = 100.0, turns: int = 60) -> gaitcoach.Recording:
    """A sensor turned about in the hand: quick turns of 80-160 deg about random axes (peaks of 300-600 deg/s) while
    the hand moves it, each followed by a pause in the new posture. Accelerometer and gyroscope from one rotation."""
    from gaitcoach.gait import quaternions as quat
    from gaitcoach.model import Recording

    rng = np.random.default_rng(seed)
    dt, gyr, lin = 1.0 / rate_hz, [], []
    for _ in range(turns):
        turn_s, pause_s = 0.4, float(rng.uniform(0.35, 0.7))
        axis = rng.normal(size=3)
        axis /= np.linalg.norm(axis)
        angle = np.radians(rng.uniform(80.0, 160.0))
        u = np.arange(0.0, turn_s, dt) / turn_s
        rate = angle * np.pi / (2 * turn_s) * np.sin(np.pi * u)  # rad/s, turning through `angle`
        gyr += [np.outer(rate, axis), np.zeros((int(pause_s / dt), 3))]
        push = rng.normal(size=3)
        lin += [np.outer(np.sin(2 * np.pi * u), push / np.linalg.norm(push) * rng.uniform(3.0, 8.0)),
                np.zeros((int(pause_s / dt), 3))]  # fmt: skip
    w, a_lin = np.vstack(gyr), np.vstack(lin)
    q = quat.integrate_gyro(w, dt)  # sensor frame at i -> at 0
    up0 = np.array([0.3, -0.2, 0.93]) / np.linalg.norm([0.3, -0.2, 0.93])
    g_sensor = quat.rotate(quat.conjugate(q), np.tile(up0 * GRAVITY_MPS2, (len(q), 1)))
    noise = rng.normal(scale=[0.02] * 3 + [0.5] * 3, size=(len(w), 6))
    values = np.column_stack([g_sensor + a_lin, np.degrees(w)]) + noise
    frame = pd.DataFrame(values, columns=["acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"])
    return Recording.from_dataframe(frame, sampling_rate_hz=rate_hz)


def test_a_sensor_turned_about_in_the_hand_is_not_a_shoe_walking():
    """Quick turns and pauses like a foot's swings and rests, but the pauses rest in any posture: no strides from
    it on the shoe (its walks are left out and the session says why), and the placement is never guessed a foot."""
    from gaitcoach.gait.placement import detect_placement

    rec = _handled_sensor()
    assert np.percentile(np.linalg.norm(rec.signals[["gyr_x", "gyr_y", "gyr_z"]].to_numpy(), axis=1), 95) > 300
    res = analyze_foot(rec.replace(placement="foot"))
    assert len(res.strides) == 0 and res.info["unsteady_s"] > 20
    assert detect_placement(rec).placement != "foot"
    with pytest.raises(NotEnoughWalkingError, match="held or handled"):
        gaitcoach.analyze(rec.replace(placement="foot"))
    # a walk on the shoe keeps every stride (its mid-stances rest flat)
    walk, _ = simulate(WalkSpec(placement="foot", side="left", bouts=(12,), mounting_deg=(40.0, -30.0, 100.0)))
    assert len(analyze_foot(walk).strides) == 11 and detect_placement(walk.replace(placement=None)).placement == "foot"
