"""Do simulated walks look like real ones? Summary statistics side by side.

Run: python benchmarks/bench_sim_vs_real.py

Compares, for a shoe sensor (real: ../shared/data/foot/walk_4x10m_left.csv, 102.4 Hz, pitched ~41 deg), a
lower-back sensor (real: ../shared/data/lumbar/HA001_Test5_Trial1.csv, 100 Hz, participant 1.59 m, sensor at
0.964 m) and a thigh sensor (real: ../shared/data/pocket/*young*_left.csv), the simulator's walk with the same
rate, mounting pitch, body height and the real recording's cadence:
- for the lower back, also the mean vertical acceleration (gravity removed) around the heel strikes and
  toe-offs, real (Stereophoto's contacts of Test5 Trial 1 and 2) against simulated (its true contacts), and
  around a bout's first heel strike (real: every Stereophoto bout of every HA001 recording); and the yaw rate
  around the heel strikes, signed by side, with the fraction of a stride at which it swings hardest (the other
  two people of mobgap's example data, ``scripts/mobgap_example_data.py``: MS001 -0.09, HA002 -0.17);
- for the thigh, also its angle at the phases of its contacts (all pocket files, against their insoles), the
  source of the simulator's thigh knots;
- p95 and max of the gyro norm (swing for the foot), p99 of |acc| (heel-strike peaks), fraction of samples
  with the gyro below 15 deg/s (stance/rest for the foot), dominant frequency of the vertical acceleration
  or of the gyro norm during walking, and the acc magnitude during rest.
Needs ../shared (skips with a message otherwise).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from gaitcoach.simulate import WalkSpec, simulate

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def _stats(t: np.ndarray, acc: np.ndarray, gyr: np.ndarray, fs: float, walk: tuple[float, float]) -> dict[str, float]:
    m = (t >= walk[0]) & (t <= walk[1])
    a, g = np.linalg.norm(acc[m], axis=1), np.linalg.norm(gyr[m], axis=1)
    x = g - g.mean()
    spec = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    f = np.fft.rfftfreq(len(x), 1 / fs)
    band = (f > 0.5) & (f < 4.0)
    return {
        "gyro norm p95 [deg/s]": float(np.percentile(g, 95)),
        "gyro norm max [deg/s]": float(g.max()),
        "|acc| p99 [m/s2]": float(np.percentile(a, 99)),
        "|acc| p1 [m/s2]": float(np.percentile(a, 1)),
        "gyro < 15 deg/s [fraction]": float(np.mean(g < 15.0)),
        "dominant gyro-norm freq [Hz]": float(f[band][np.argmax(spec[band])]),
    }


def _table(name: str, real: dict[str, float], sim: dict[str, float]) -> None:
    print(f"\n{name}")
    print(f"{'statistic':32s} {'real':>10s} {'simulated':>10s} {'sim/real':>9s}")
    for k in real:
        ratio = sim[k] / real[k] if real[k] else float("nan")
        print(f"{k:32s} {real[k]:10.2f} {sim[k]:10.2f} {ratio:9.2f}")


def _arrays(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        df["time_s"].to_numpy(),
        df[["acc_x", "acc_y", "acc_z"]].to_numpy(),
        df[["gyr_x", "gyr_y", "gyr_z"]].to_numpy(),
    )


def _simulated_stats(spec: WalkSpec) -> dict[str, float]:
    """Statistics of a simulated walk, between its third and third-to-last heel strikes (steady walking)."""
    rec, truth = simulate(spec)
    ic = truth.events[truth.events["event"] == "IC"]["time_s"]
    t, acc, gyr = _arrays(rec.signals.reset_index())
    return _stats(t, acc, gyr, spec.rate_hz, (float(ic.iloc[2]), float(ic.iloc[-3])))


def _vertical(t: np.ndarray, acc: np.ndarray, fs: float) -> np.ndarray:
    from gaitcoach.gait.gravity import gravity

    up, g = gravity(acc, fs, 0.25)
    return np.sum(acc * up, axis=1) - g


def _contact_profiles(real_files: list[Path], spec: WalkSpec) -> None:
    """Mean lower-back vertical acceleration [m/s²] around heel strikes and toe-offs, real and simulated.

    Also around a bout's first heel strike (real: the first of every Stereophoto bout of every recording; a
    first step lands softer).
    """
    lags = np.arange(-0.15, 0.21, 0.03)
    real = {"IC": [], "FC": [], "first IC": []}
    for path in sorted(real_files[0].parent.glob("HA001_*[0-9].csv")):
        ref = json.loads(path.with_name(path.stem + "_reference.json").read_text())
        t, acc, _ = _arrays(pd.read_csv(path))
        a_v = _vertical(t, acc, 100.0)
        bouts = ref["references"]["Stereophoto"]
        real["first IC"] += [np.interp(b["ic_s"][0] + lags, t, a_v) for b in bouts if b["ic_s"]]
        if path not in real_files:
            continue
        for kind in ("IC", "FC"):
            events = np.concatenate([b[f"{kind.lower()}_s"] for b in bouts])
            real[kind] += [np.interp(e + lags, t, a_v) for e in events]
    rec, truth = simulate(spec)
    t, acc, _ = _arrays(rec.signals.reset_index())
    a_v = _vertical(t, acc, spec.rate_hz)
    print("\nlower back: mean vertical acceleration [m/s2] around the contacts (real: Stereophoto's)")
    print(f"{'lag [ms]':<19}" + " ".join(f"{1000 * x:6.0f}" for x in lags))
    for kind in ("IC", "FC", "first IC"):
        ev = truth.events[truth.events["event"] == kind.removeprefix("first ")]["time_s"].to_numpy()
        ev = ev[:1] if kind == "first IC" else ev[2:-2]
        sim = np.mean([np.interp(e + lags, t, a_v) for e in ev], axis=0)
        print(f"{kind + ' real':<19}" + " ".join(f"{x:6.2f}" for x in np.mean(real[kind], axis=0)))
        print(f"{kind + ' simulated':<19}" + " ".join(f"{x:6.2f}" for x in sim))


def _side_signed_yaw(t: np.ndarray, acc: np.ndarray, gyr: np.ndarray, fs: float, ic: np.ndarray, sides: np.ndarray,
                     stride_s: float, fractions: np.ndarray) -> np.ndarray:  # fmt: skip
    """Mean yaw rate [deg/s], band-passed around the stride frequency as the analysis does, at ``fractions`` of a
    stride from each heel strike, its sign turned for right ones (so that it is negative where a left strike's is)."""
    from scipy import signal

    from gaitcoach.gait.gravity import gravity

    up, _ = gravity(acc, fs, 0.25)
    yaw = np.sum(gyr * up, axis=1)
    f_stride = 1.0 / stride_s
    bp = signal.butter(4, [0.7 * f_stride, 1.4 * f_stride], btype="bandpass", fs=fs, output="sos")
    yaw_f = signal.sosfiltfilt(bp, yaw)
    sign = np.where(np.asarray(sides) == "left", 1.0, -1.0)
    return np.mean([sg * np.interp(e + fractions * stride_s, t, yaw_f) for e, sg in zip(ic, sign)], axis=0)


def _yaw_profiles(real_files: list[Path], spec: WalkSpec) -> None:
    """When the trunk's yaw rate swings hardest around the heel strikes: real (Stereophoto's contacts and sides)
    and simulated (``WalkSpec.rotation_swing_strides``; the lower back's sides are read near that extreme)."""
    fractions = np.round(np.arange(-0.3, 0.301, 0.05), 2)
    print("\nlower back: mean yaw rate [deg/s] around the heel strikes, signed by side (negative at a left one)")
    print(f"{'stride fraction':<19}" + " ".join(f"{x:6.2f}" for x in fractions) + "  extreme")
    rows = []
    for path in real_files:
        ref = json.loads(path.with_name(path.stem + "_reference.json").read_text())
        t, acc, gyr = _arrays(pd.read_csv(path))
        bouts = ref["references"]["Stereophoto"]
        ic = np.concatenate([b["ic_s"] for b in bouts])
        sides = np.concatenate([b["ic_side"] for b in bouts])
        stride_s = 120.0 / float(np.mean([b["cadence_spm"] for b in bouts]))
        rows.append((path.stem[6:], _side_signed_yaw(t, acc, gyr, 100.0, ic, sides, stride_s, fractions)))
    rec, truth = simulate(spec)
    t, acc, gyr = _arrays(rec.signals.reset_index())
    true_ic = truth.events[truth.events["event"] == "IC"].iloc[2:-2]
    stride_s = 120.0 / spec.cadence_spm
    sim = _side_signed_yaw(t, acc, gyr, spec.rate_hz, true_ic["time_s"].to_numpy(), true_ic["side"].to_numpy(),
                           stride_s, fractions)  # fmt: skip
    for name, prof in [*rows, ("simulated", sim)]:
        extreme = fractions[int(np.argmin(prof))]
        print(f"{name:<19}" + " ".join(f"{x:6.1f}" for x in prof) + f"  {extreme:+.2f}")


def main() -> None:
    if not SHARED.is_dir():
        print("../shared/data is not present: nothing to compare")
        return
    # Foot: the first straight 10 m bout of the 4x10 m walk.
    real = pd.read_csv(SHARED / "foot" / "walk_4x10m_left.csv")
    ref = json.loads((SHARED / "foot" / "walk_4x10m_reference.json").read_text())
    ics = np.asarray([e["time_s"] for e in ref["events"] if e["event"] == "IC" and e["side"] == "left"])
    if len(ics) > 2:
        first_bout = ics[: np.argmax(np.diff(ics) > 2.0) + 1] if np.any(np.diff(ics) > 2.0) else ics
        walk = (float(first_bout[0]), float(first_bout[-1]))
        cadence = 120.0 / float(np.median(np.diff(first_bout)))
    else:
        walk, cadence = (5.0, 12.0), 110.0
    t, acc, gyr = _arrays(real)
    r = _stats(t, acc, gyr, 102.4, walk)
    spec = WalkSpec(placement="foot", cadence_spm=cadence, rate_hz=102.4, mounting_deg=(0.0, 41.0, 0.0), bouts=(6,))
    rec, truth = simulate(spec)
    ic = truth.events[(truth.events["event"] == "IC") & (truth.events["side"] == "left")]["time_s"]
    s = _stats(
        rec.signals.index.to_numpy(),
        rec.signals[["acc_x", "acc_y", "acc_z"]].to_numpy(),
        rec.signals[["gyr_x", "gyr_y", "gyr_z"]].to_numpy(),
        102.4,
        (float(ic.min()), float(ic.max())),
    )
    _table(f"foot (left, cadence {cadence:.0f} steps/min)", r, s)

    # Lower back: the first INDIP bout of Test5.
    real = pd.read_csv(SHARED / "lumbar" / "HA001_Test5_Trial1.csv")
    ref = json.loads((SHARED / "lumbar" / "HA001_Test5_Trial1_reference.json").read_text())
    bout = ref["references"]["INDIP"][0]
    part = ref["participant"]
    t, acc, gyr = _arrays(real)
    r = _stats(t, acc, gyr, 100.0, (bout["start_s"], bout["end_s"]))
    spec = WalkSpec(
        placement="lumbar",
        cadence_spm=bout["cadence_spm"],
        height_m=part["height_m"],
        stride_length_m=float(np.median(bout["stride_length_m"])),
        bouts=(6,),
    )
    s = _simulated_stats(spec)
    _table(f"lower back (cadence {bout['cadence_spm']:.0f} steps/min, height {part['height_m']} m)", r, s)
    _contact_profiles(sorted((SHARED / "lumbar").glob("HA001_Test5_Trial*[0-9].csv")), spec)
    _yaw_profiles(sorted((SHARED / "lumbar").glob("HA001_Test5_Trial*[0-9].csv")), spec)

    # Thigh: a young participant's left thigh.
    files = sorted((SHARED / "pocket").glob("*young*_left.csv"))
    if files:
        real = pd.read_csv(files[0])
        ref = json.loads(files[0].with_suffix(".json").read_text())
        seg = ref["walking_segments_s"][0]
        ic_l = np.asarray([x for x, sd in zip(ref["ic_s"], ref["ic_side"]) if sd == "left"])
        cadence = 120.0 / float(np.median(np.diff(ic_l))) if len(ic_l) > 1 else 110.0
        t, acc, gyr = _arrays(real)
        r = _stats(t, acc, gyr, 100.0, (seg[0], seg[1]))
        s = _simulated_stats(WalkSpec(placement="pocket", side="left", cadence_spm=cadence, bouts=(6,)))
        _table(f"thigh / pocket ({files[0].stem}, cadence {cadence:.0f} steps/min)", r, s)
        _thigh_profile(sorted((SHARED / "pocket").glob("*.csv")))


#: The phases of the simulated thigh's knots (gaitcoach.simulate.body.thigh_pose): fractions of the stride up to
#: the other heel strike (o), of pre-swing (p, from o to the toe-off) and of swing (q, from the toe-off).
_THIGH_PHASES = ("IC", "0.075", "0.25", "0.9 o", "o", "p 0.15", "p 0.5", "TO", "q 0.17", "q 0.38", "q 0.56",
                 "q 0.73", "q 0.87")  # fmt: skip


def _thigh_phases(o: float, s: float) -> np.ndarray:
    """Stride fractions of the knot phases for a stride whose other heel strike is at ``o`` and toe-off at ``s``."""
    return np.array([0.0, 0.075, 0.25, 0.9 * o, o, o + 0.15 * (s - o), o + 0.5 * (s - o), s]
                    + [s + q * (1.0 - s) for q in (0.17, 0.38, 0.56, 0.73, 0.87)])  # fmt: skip


def _thigh_profile(files: list[Path]) -> None:
    """The thigh's angle above its most extended [deg] at the knot phases: real (every stride of every pocket file
    against its pressure-insole contacts) and simulated (the knots of gaitcoach.simulate.body)."""
    import gaitcoach
    from gaitcoach.gait.pocket import PocketConfig, _segment
    from gaitcoach.simulate.body import _THIGH_KNOTS_DEG

    rows = []
    for path in files:
        ref = json.loads(path.with_suffix(".json").read_text())
        side = ref["thigh_side"]
        rec = gaitcoach.load(path, placement="pocket")
        r = _segment(next(iter(rec.iter_segments())), float(rec.sampling_rate_hz), PocketConfig(), None)
        t, w = r["t"], r["w"]  # the thigh's flexion rate [deg/s], flexion positive
        ic, ic_side = np.asarray(ref["ic_s"]), np.asarray(ref["ic_side"])
        fc, fc_side = np.asarray(ref["fc_s"]), np.asarray(ref["fc_side"])
        own = np.sort(ic[ic_side == side])
        for a, b in zip(own[:-1], own[1:]):  # a loop over strides
            other = ic[(ic_side != side) & (ic > a) & (ic < b)]
            off = fc[(fc_side == side) & (fc > a) & (fc < b)]
            if b - a > 1.6 or len(other) != 1 or len(off) != 1:
                continue
            k = (t >= a) & (t <= b)
            angle = np.cumsum(w[k]) / float(rec.sampling_rate_hz)
            angle -= np.linspace(0.0, angle[-1], len(angle))  # the thigh returns over a stride: no drift
            at = np.interp(_thigh_phases((other[0] - a) / (b - a), (off[0] - a) / (b - a)), (t[k] - a) / (b - a), angle)
            rows.append(at - at.min())
    if not rows:
        return
    real = np.mean(rows, axis=0)
    real -= real.min()
    print(f"\nthigh: angle above its most extended [deg] at the phases of the contacts ({len(rows)} real strides)")
    print(f"{'phase':<11}" + " ".join(f"{name:>6}" for name in _THIGH_PHASES))
    print(f"{'real':<11}" + " ".join(f"{x:6.1f}" for x in real))
    print(f"{'simulated':<11}" + " ".join(f"{x:6.1f}" for x in _THIGH_KNOTS_DEG))


if __name__ == "__main__":
    main()
