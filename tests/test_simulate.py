"""The simulator: known truth, physical consistency, and every format round trip."""

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.transform import Rotation

import gaitcoach
from gaitcoach.io import writers
from gaitcoach.model import GRAVITY_MPS2
from gaitcoach.simulate import WalkSpec, simulate, simulate_sequence
from gaitcoach.simulate.curves import rot_z
from gaitcoach.simulate.scenarios import SCENARIOS, scenario
from gaitcoach.simulate.sensor import mounting_matrix


def test_timeline_truth_follows_the_description():
    spec = WalkSpec(
        cadence_spm=100.0, stride_length_m=1.3, bouts=(6, 4), step_time_asymmetry_pct=6.0, stance_pct=(62.0, 58.0)
    )
    _, truth = simulate(spec)
    ev = truth.events
    assert (ev.groupby("side").size() > 0).all()
    for side, st in truth.strides.groupby("side"):
        assert st["stance_pct"].to_numpy() == pytest.approx(62.0 if side == "left" else 58.0)
    straight_full = truth.strides[truth.strides["stride_length_m"] > 1.0]
    assert straight_full["stride_length_m"].to_numpy() == pytest.approx(1.3)
    ic = ev[ev["event"] == "IC"].reset_index(drop=True)
    steps = ic["time_s"].diff().to_numpy()[1:]
    ends_left = (ic["side"].to_numpy()[1:] == "left") & (ic["side"].to_numpy()[:-1] == "right")
    ends_right = (ic["side"].to_numpy()[1:] == "right") & (ic["side"].to_numpy()[:-1] == "left")
    left, right = np.median(steps[ends_left]), np.median(steps[ends_right])
    assert 100 * (left - right) / ((left + right) / 2) == pytest.approx(6.0, abs=1e-6)
    assert 60 * 2 / (left + right) == pytest.approx(100.0)
    # 6 + 4 strides, the first and last step of each bout are half steps: (n - 1) full strides per side
    assert len(truth.strides) == 2 * (5 + 3)


def test_foot_signals_are_physical_for_any_mounting():
    """The same walk seen through different mountings: norms agree; at rest |acc| = g and gyro = 0."""
    a, _ = simulate(WalkSpec(placement="foot", mounting_deg=(0.0, 0.0, 0.0)))
    b, _ = simulate(WalkSpec(placement="foot", mounting_deg=(73.0, -41.0, 120.0)))
    na = np.linalg.norm(a.signals[["gyr_x", "gyr_y", "gyr_z"]], axis=1)
    nb = np.linalg.norm(b.signals[["gyr_x", "gyr_y", "gyr_z"]], axis=1)
    np.testing.assert_allclose(na, nb, atol=1e-6)
    still = a.signals.loc[:1.5]
    assert np.linalg.norm(still[["acc_x", "acc_y", "acc_z"]], axis=1) == pytest.approx(GRAVITY_MPS2, abs=1e-6)
    assert np.abs(still[["gyr_x", "gyr_y", "gyr_z"]].to_numpy()).max() < 1e-6
    # Default mounting on a flat foot: z up reads +1 g
    assert still["acc_z"].iloc[0] == pytest.approx(GRAVITY_MPS2, abs=1e-6)


def _integrate(rec, truth, spec):
    """Strapdown integration with zero-velocity updates: orientation from the gyro, position from acc."""
    sig = rec.signals
    dt = 1.0 / rec.sampling_rate_hz
    gyr = np.radians(sig[["gyr_x", "gyr_y", "gyr_z"]].to_numpy(copy=True))
    acc = sig[["acc_x", "acc_y", "acc_z"]].to_numpy(copy=True)
    r0 = Rotation.from_matrix(rot_z(np.radians([spec.fpa_deg[0]]))[0] @ mounting_matrix(spec))
    steps = Rotation.from_rotvec(0.5 * (gyr[1:] + gyr[:-1]) * dt)
    rots = [r0]
    for s in steps:  # a test-side reference integration, sample by sample
        rots.append(rots[-1] * s)
    world = Rotation.concatenate(rots).apply(acc) - [0.0, 0.0, GRAVITY_MPS2]
    # still: the gyro stays below 1 deg/s for 0.1 s (a single zero crossing in swing is not rest)
    half = int(0.05 * rec.sampling_rate_hz)
    quiet = pd.Series(np.linalg.norm(gyr, axis=1)).rolling(2 * half + 1, center=True, min_periods=1).max()
    still = quiet.to_numpy() < np.radians(1.0)
    vel = np.cumsum(world, axis=0) * dt
    # ZUPT: velocity is zero whenever the foot is flat; remove the drift linearly between still phases
    idx = np.flatnonzero(still)
    drift = np.column_stack([np.interp(np.arange(len(vel)), idx, vel[idx, j]) for j in range(3)])
    vel = vel - drift
    pos = np.cumsum(vel, axis=0) * dt
    return pos + truth.sensor_position.iloc[0].to_numpy(), still


def test_zupt_integration_recovers_the_simulated_trajectory():
    spec = WalkSpec(
        placement="foot", side="left", rate_hz=200.0, mounting_deg=(25.0, 41.0, -10.0), bouts=(8,), turns=((6, 90.0),)
    )
    rec, truth = simulate(spec)
    pos, still = _integrate(rec, truth, spec)
    true = truth.sensor_position.to_numpy()
    travelled = np.sum(np.linalg.norm(np.diff(true[:, :2], axis=0), axis=1))
    err = np.linalg.norm(pos[-1, :2] - true[-1, :2])
    assert travelled > 9.0
    assert err / travelled < 0.01  # within 1 % of the distance walked, after a 90 deg turn
    # every landing position (foot flat) is recovered
    flat = still & (np.arange(len(still)) % 40 == 0)
    assert np.abs(pos[flat, :2] - true[flat, :2]).max() < 0.05


def test_lumbar_pelvis_truth_and_asymmetric_drop():
    spec = WalkSpec(placement="lumbar", pelvic_drop_deg=(3.0, 6.0), pelvic_tilt_excursion_deg=5.0)
    rec, truth = simulate(spec)
    full = truth.pelvis.iloc[1:-1]
    assert full["drop_left_deg"].to_numpy() == pytest.approx(3.0, abs=1e-3)
    assert full["drop_right_deg"].to_numpy() == pytest.approx(6.0, abs=1e-3)
    assert full["obliquity_range_deg"].to_numpy() == pytest.approx(9.0, abs=1e-3)
    assert full["tilt_excursion_deg"].to_numpy() == pytest.approx(5.0, abs=1e-3)
    # The trunk's vertical acceleration oscillates twice per stride: dominant frequency = step frequency
    vert = rec.signals["acc_x"].loc[4:12].to_numpy()  # default lumbar mounting: x up
    spec_f = np.abs(np.fft.rfft(vert - vert.mean()))
    freqs = np.fft.rfftfreq(len(vert), 1 / rec.sampling_rate_hz)
    assert freqs[np.argmax(spec_f)] == pytest.approx(110 / 60, abs=0.15)


@pytest.mark.parametrize("placement", ["pocket", "wrist"])
def test_other_placements_produce_walking_signals(placement):
    rec, truth = simulate(WalkSpec(placement=placement, side="right"))
    gyr = rec.signals[["gyr_x", "gyr_y", "gyr_z"]]
    assert rec.placement == placement and rec.side == "right"
    assert np.linalg.norm(gyr, axis=1).max() > 30.0  # the segment swings
    assert np.linalg.norm(gyr.loc[:1.5], axis=1).max() < 1e-6  # standing before the walk


@pytest.mark.parametrize("activity", ["stand", "vibration"])
def test_non_walking(activity):
    rec, truth = simulate(WalkSpec(placement="lumbar", activity=activity, lead_in_s=30.0))
    assert truth.events.empty and truth.strides.empty
    acc = np.linalg.norm(rec.signals[["acc_x", "acc_y", "acc_z"]], axis=1)
    assert np.median(acc) == pytest.approx(GRAVITY_MPS2, abs=0.2)


@pytest.mark.parametrize("placement", ["foot", "lumbar", "pocket", "wrist"])
def test_cycling(placement):
    """Pedalling at 75 revolutions/min: no steps in the truth; the thigh swings 40 deg once per revolution (its
    gyroscope peaks at 2 pi f x 20 deg = 157 deg/s), the foot circles the crank (a centripetal 1.1 g)."""
    spec = WalkSpec(placement=placement, activity="cycle", cadence_spm=75.0, lead_in_s=30.0)
    rec, truth = simulate(spec)
    assert truth.events.empty and truth.strides.empty
    gyr = np.linalg.norm(rec.signals[["gyr_x", "gyr_y", "gyr_z"]], axis=1)
    acc = np.linalg.norm(rec.signals[["acc_x", "acc_y", "acc_z"]], axis=1)
    f_hz = 75.0 / 60.0
    if placement == "pocket":
        assert np.percentile(gyr, 99) == pytest.approx(np.degrees(2 * np.pi * f_hz * np.radians(20.0)), rel=0.1)
    if placement == "foot":
        centripetal = (2 * np.pi * f_hz) ** 2 * 0.17
        assert np.ptp(np.percentile(acc, [5, 95])) > centripetal


def test_logger_artefacts():
    spec = WalkSpec(
        placement="foot",
        rate_hz=60.0,
        jitter_s=0.002,
        gaps=((5.0, 6.5),),
        acc_range_g=4.0,
        acc_noise_mps2=0.05,
        gyr_noise_dps=0.5,
        gyr_bias_dps=2.0,
        seed=3,
    )
    rec, _ = simulate(spec)
    assert rec.sampling_rate_hz == pytest.approx(60.0)
    assert len(rec.segments) == 2 and rec.gaps["duration_s"].iloc[0] == pytest.approx(1.5, abs=0.1)
    assert rec.signals[["acc_x", "acc_y", "acc_z"]].abs().max().max() <= 4.0 * GRAVITY_MPS2 + 1e-9
    still = rec.signals.loc[:1.5]
    assert still["gyr_y"].mean() == pytest.approx(2.0, abs=0.2)  # bias
    assert still["gyr_y"].std() == pytest.approx(0.5, abs=0.15)  # noise


SIM_WRITERS = [
    ("generic_csv", writers.write_generic_csv, "sim.csv", 1e-5),
    ("phyphox", writers.write_phyphox, "sim.zip", 1e-6),
    ("sensor_logger", writers.write_sensor_logger, "sim.zip", 1e-2),
    ("androsensor", writers.write_androsensor, "sim.csv", 1e-4),
    ("fit", writers.write_fit, "sim.fit", 1e-3),
]


@pytest.mark.parametrize(("fmt", "write", "fname", "atol"), SIM_WRITERS)
def test_simulated_walk_round_trips_through_every_format(fmt, write, fname, atol):
    rec, truth = simulate(WalkSpec(placement="foot", mounting_deg=(10.0, 30.0, 5.0), bouts=(4,)))
    loaded = gaitcoach.load(write(rec), name=fname, placement="foot", side="left")
    cols = list(rec.channels)
    assert len(loaded.signals) == len(rec.signals)
    np.testing.assert_allclose(loaded.signals.index, rec.signals.index, atol=1e-6)
    # Sensor Logger's ns epoch times carry ~0.2 µs rounding: on 30 000 deg/s² slopes that is < 0.01 deg/s
    np.testing.assert_allclose(loaded.signals[cols].to_numpy(), rec.signals[cols].to_numpy(), atol=atol, rtol=1e-5)
    # the truth is the simulator's, untouched by the format; times line up with the recording
    assert loaded.duration_s == pytest.approx(rec.duration_s, abs=0.02)
    assert truth.events["time_s"].max() < loaded.duration_s


@pytest.mark.parametrize("placement", ["foot", "lumbar", "pocket", "wrist"])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_scenario_simulates(name, placement):
    spec = scenario(name, placement=placement, side="right")
    rec, truth = simulate(spec)
    assert rec.has_signals and rec.placement == placement
    walking = spec.activity == "walk"
    assert (len(truth.events) > 0) == walking
    if spec.gaps:
        assert len(rec.segments) == len(spec.gaps) + 1
    if walking:
        assert truth.events["time_s"].max() < rec.duration_s
        full = truth.strides[truth.strides["straight"] & (truth.strides["stride_length_m"] > 1.0)]
        assert full["stride_length_m"].to_numpy() == pytest.approx(spec.stride_length_m)


def _mean_around(t: np.ndarray, a_v: np.ndarray, events: np.ndarray, lags: np.ndarray) -> np.ndarray:
    return np.mean([np.interp(e + lags, t, a_v) for e in events], axis=0)


def test_simulated_lower_back_looks_like_the_real_one_around_the_contacts(shared):
    """The simulated trunk's vertical acceleration around heel strikes and toe-offs follows the real mean."""
    import json

    import pandas as pd

    from gaitcoach.gait.gravity import gravity

    lags = np.arange(-0.15, 0.21, 0.03)

    def vertical(t, acc, fs):
        up, g = gravity(acc, fs, 0.25)
        return np.sum(acc * up, axis=1) - g

    real = {"IC": [], "FC": []}
    for name in ("HA001_Test5_Trial1", "HA001_Test5_Trial2"):
        df = pd.read_csv(shared / "data" / "lumbar" / f"{name}.csv")
        ref = json.loads((shared / "data" / "lumbar" / f"{name}_reference.json").read_text())
        t = df["time_s"].to_numpy()
        a_v = vertical(t, df[["acc_x", "acc_y", "acc_z"]].to_numpy(), 100.0)
        for kind in real:
            ev = np.concatenate([b[f"{kind.lower()}_s"] for b in ref["references"]["Stereophoto"]])
            real[kind].append(_mean_around(t, a_v, ev, lags))
    part = ref["participant"]
    rec, truth = simulate(
        # this walker: 101 steps/min, 1.2 m strides, double support 27 % of the stride by Stereophoto (stance 63.5 %)
        WalkSpec(placement="lumbar", cadence_spm=101.0, stride_length_m=1.2, stance_pct=(63.5, 63.5),
                 height_m=part["height_m"], bouts=(8,))
    )  # fmt: skip
    t = rec.signals.index.to_numpy()
    a_v = vertical(t, rec.signals[["acc_x", "acc_y", "acc_z"]].to_numpy(), 100.0)
    for kind in real:
        ev = truth.events[truth.events["event"] == kind]["time_s"].to_numpy()[2:-2]
        sim, mean_real = _mean_around(t, a_v, ev, lags), np.mean(real[kind], axis=0)
        # the same shape (collision peak, the drop into single support), each lag within 0.8 m/s2 (measured: r
        # 0.998 / 0.990, at most 0.6 m/s2 off; the former cosine-and-collision profile: r 0.95 / 0.91, 1.6 off)
        assert np.corrcoef(sim, mean_real)[0, 1] > 0.97, kind
        assert np.max(np.abs(sim - mean_real)) < 0.8, (kind, np.round(sim - mean_real, 2))


def test_walks_one_after_another_share_one_clock():
    brisk = WalkSpec(placement="lumbar", cadence_spm=125.0, stride_length_m=1.7, bouts=(4,))
    slow = WalkSpec(placement="lumbar", cadence_spm=70.0, stride_length_m=0.6, bouts=(3,))
    rec, (first, second) = simulate_sequence([brisk, slow])
    alone_first, alone_second = simulate(brisk), simulate(slow)
    # the second walk starts a sample after the first one's last sample, its truth moved with it
    offset = float(alone_first[0].signals.index[-1]) + 1.0 / brisk.rate_hz
    assert len(rec.signals) == len(alone_first[0].signals) + len(alone_second[0].signals)
    assert len(rec.segments) == 1 and rec.placement == "lumbar"
    assert np.allclose(second.events["time_s"], alone_second[1].events["time_s"] + offset)
    assert np.allclose(second.strides["next_ic_s"], alone_second[1].strides["next_ic_s"] + offset)
    assert np.allclose(first.events["time_s"], alone_first[1].events["time_s"])
    with pytest.raises(ValueError, match="one placement"):
        simulate_sequence([brisk, WalkSpec(placement="foot")])
    with pytest.raises(ValueError, match="gaps"):
        simulate_sequence([brisk, WalkSpec(placement="lumbar", gaps=((1.0, 2.0),))])


def test_variable_steps_follow_the_coefficient_of_variation():
    spec = WalkSpec(bouts=(40,), step_time_cv_pct=5.0, stance_pct=(62.0, 60.0), seed=3)
    _, truth = simulate(spec)
    ic = truth.events[truth.events["event"] == "IC"]["time_s"].to_numpy()
    step = np.diff(ic)
    assert 100 * step.std() / step.mean() == pytest.approx(5.0, abs=1.0)
    assert 60.0 / step.mean() == pytest.approx(110.0, abs=2.0)
    for side, st in truth.strides.groupby("side"):  # the swing keeps its duration; the stance takes the change
        stride = 120.0 / 110.0
        assert st["swing_time_s"].to_numpy() == pytest.approx((1 - (0.62 if side == "left" else 0.60)) * stride)
        assert st["stance_time_s"].std() > 0.01
    # the other foot is still down when a foot lifts: double support stays positive
    fc = truth.events[truth.events["event"] == "FC"]["time_s"].to_numpy()
    before = ic[np.searchsorted(ic, fc[(fc > ic[0]) & (fc < ic[-1])]) - 1]
    assert (fc[(fc > ic[0]) & (fc < ic[-1])] - before > 0.015).all()


@pytest.mark.parametrize(("placement", "tol_ms"), [("foot", 10.0), ("lumbar", 35.0), ("pocket", 10.0), ("wrist", None)])
def test_variable_steps_are_found_one_by_one(placement, tol_ms):
    """Steps that vary by 5 % (an older or unsteady walker) are found where they fall, not where a rhythm says."""
    spec = WalkSpec(placement=placement, bouts=(20,), step_time_cv_pct=5.0, seed=11, acc_noise_mps2=0.03)
    rec, truth = simulate(spec)
    res = gaitcoach.analyze(rec, height_m=spec.height_m)
    true_ic = truth.events[truth.events["event"] == "IC"]
    if placement == "wrist":
        assert res.summary.n_steps == len(true_ic)
        return
    own = true_ic if placement == "lumbar" else true_ic[true_ic["side"] == spec.side]
    det = res.events[(res.events["event"] == "IC") & res.events["side"].isin(own["side"].unique())]
    t, d = own["time_s"].to_numpy(), det["time_s"].to_numpy()
    err = d[np.abs(d[:, None] - t[None, :]).argmin(axis=0)] - t
    assert len(d) == len(t)
    assert np.abs(err).max() * 1000 < tol_ms
    truth_strides = truth.strides if placement == "lumbar" else truth.strides[truth.strides["side"] == spec.side]
    assert res.summary.cadence_spm == pytest.approx(120.0 / truth_strides["stride_time_s"].median(), abs=1.0)


def test_variable_steps_with_an_empty_bout_listed():
    _, truth = simulate(WalkSpec(bouts=(-1, 0, 3), step_time_cv_pct=5.0))
    assert (truth.events["event"] == "IC").sum() == 6  # one bout of 3 strides: 6 heel strikes


@pytest.mark.parametrize(("per_step", "sign"), [(False, -1.0), (True, 1.0)])
def test_an_arm_swings_once_a_stride_or_once_a_step(per_step, sign):
    # below about 0.8 m/s arms lock onto the step frequency (Wagenaar & van Emmerik 2000): the wrist's rotation then
    # repeats one step later; swinging once a stride, it turns the other way one step later
    spec = WalkSpec(placement="wrist", side="left", cadence_spm=70.0, stride_length_m=0.7, arm_swing_deg=20.0,
                    arm_swing_per_step=per_step, bouts=(20,))  # fmt: skip
    rec, _ = simulate(spec)
    gyr = rec.signals[["gyr_x", "gyr_y", "gyr_z"]].to_numpy()
    centred = gyr - gyr.mean(axis=0)
    rate = centred @ np.linalg.svd(centred, full_matrices=False)[2][0]
    step_n = int(round(60.0 / spec.cadence_spm * spec.rate_hz))
    x = rate[step_n:-step_n] - rate[step_n:-step_n].mean()
    one_step_later = float(np.corrcoef(x[:-step_n], x[step_n:])[0, 1])
    assert sign * one_step_later > 0.8
