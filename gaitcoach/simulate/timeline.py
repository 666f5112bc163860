"""Footfalls of a described walk: when each foot lands and lifts, where it lands, and its heading.

Each bout starts with both feet side by side; the leading (right) foot takes a half stride, steps then
alternate, and the trailing foot's last step brings the feet together again. The centre of mass starts to move
:data:`INITIATION_LEAD_S` before the first toe-off, passes midway between the feet at every heel strike and
comes to rest over both feet after the last. Step times follow the cadence, the left/right step-time asymmetry
and the step-to-step variability; each foot's swing lasts ``100 - stance_pct`` of the mean stride, so that its
stance takes up a step's variation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .spec import WalkSpec

__all__ = ["STEP_WIDTH_M", "Stance", "Timeline", "build_timeline"]

#: Lateral distance between the two feet's paths [m] (typical adult step width, about 0.1 m).
STEP_WIDTH_M = 0.10
#: How long before a bout's first toe-off the body starts to move forward [s]: the anticipatory postural
#: adjustments of gait initiation, a few hundred milliseconds in which the centre of pressure moves back and the
#: centre of mass starts to fall forward (Yiou et al. 2017, doi:10.5312/wjo.v8.i11.815; design choice within it).
INITIATION_LEAD_S = 0.4


@dataclass
class Stance:
    """One stance of one foot: it lands at ``ic`` (-inf: standing since the start) and lifts at ``fc``."""

    side: str
    ic: float
    fc: float
    heel: np.ndarray  # world (x, y) of the heel while on the ground
    yaw: float  # foot heading [rad] (walking direction + toe-out)
    heading: float  # walking direction [rad]
    bout: int


@dataclass
class Timeline:
    """All stances of both feet, the walk's time span, and the centre-of-mass progression knots."""

    stances: dict[str, list[Stance]]
    t_end: float
    stride_time: float
    centre_t: np.ndarray  # knot times of the progression point
    centre_xy: np.ndarray  # progression point (x, y) at the knots
    centre_v: np.ndarray  # its velocity at the knots
    heading_t: np.ndarray
    heading: np.ndarray
    ic_all: np.ndarray  # every IC, both feet, sorted
    bout_spans: list[tuple[float, float]]  # (first FC, last IC) of each bout
    step_times: tuple[float, float]  # the step from a left heel strike to the right one, and back [s]


def build_timeline(spec: WalkSpec) -> Timeline:
    """Place every footfall of the walk.

    Parameters
    ----------
    spec
        The walk.

    Returns
    -------
    Timeline
        Stances per side and the progression of the body.
    """
    step_mean = 60.0 / spec.cadence_spm
    a = spec.step_time_asymmetry_pct / 100.0
    step_t = {"left": step_mean * (1 + a / 2), "right": step_mean * (1 - a / 2)}
    stride = step_t["left"] + step_t["right"]
    stance = {s: spec.stance_pct[i] / 100.0 * stride for i, s in enumerate(("left", "right"))}
    swing = {s: stride - stance[s] for s in stance}
    half = spec.stride_length_m / 2.0
    rng = np.random.default_rng([spec.seed, 7])  # its own stream: the noise of a given seed stays as it was
    n_steps = 2 * sum(max(0, n) for n in spec.bouts) if spec.activity == "walk" else 0
    vary = np.clip(rng.standard_normal(n_steps), -2.5, 2.5) * spec.step_time_cv_pct / 100.0
    turn_at: dict[int, float] = {}
    for index, angle in spec.turns:
        for j in range(1, 4):
            turn_at[index + j] = turn_at.get(index + j, 0.0) + np.radians(angle) / 3.0
    fpa = {"left": np.radians(spec.fpa_deg[0]), "right": -np.radians(spec.fpa_deg[1])}
    lateral = {"left": 1.0, "right": -1.0}

    def foot_xy(c: np.ndarray, heading: float, side: str) -> np.ndarray:
        return c + lateral[side] * STEP_WIDTH_M / 2 * np.array([-np.sin(heading), np.cos(heading)])

    c = np.zeros(2)
    heading = 0.0
    stances = {s: [Stance(s, -np.inf, np.inf, foot_xy(c, 0.0, s), fpa[s], 0.0, -1)] for s in ("left", "right")}
    centre_t, centre_xy, centre_v = [0.0], [c.copy()], [np.zeros(2)]
    heading_t, headings = [0.0], [0.0]
    ic_all: list[float] = []
    bout_spans = []
    t = spec.lead_in_s
    step_index = 0
    bouts = spec.bouts if spec.activity == "walk" else ()
    for b, n_strides in enumerate(bouts):
        if n_strides < 1:
            continue
        order = ["right", "left"] * n_strides
        first_fc = t
        ic = t + swing["right"]
        # at rest until the initiation begins (after the previous bout has settled)
        centre_t.append(max(first_fc - INITIATION_LEAD_S, centre_t[-1] + 0.1))
        centre_xy.append(c.copy())
        centre_v.append(np.zeros(2))
        last_ic = ic
        for k, side in enumerate(order):
            if k > 0:
                # a step at least 20 ms longer than the swing that ends it: the other foot is still down
                ic += max(step_t[side] * (1.0 + vary[step_index]), swing[side] + 0.02)
            heading += turn_at.get(step_index, 0.0)
            final = k == len(order) - 1
            behind = c.copy()  # the other foot's place
            if not final:
                c = c + half * np.array([np.cos(heading), np.sin(heading)])
            prev = stances[side][-1]
            prev.fc = ic - swing[side]
            stances[side].append(Stance(side, ic, np.inf, foot_xy(c, heading, side), heading + fpa[side], heading, b))
            ic_all.append(ic)
            centre_t.append(ic)
            # the centre of mass is midway between the feet at a heel strike (double support): it has come half
            # a step by the first one (Breniere & Do 1986, doi:10.1016/0021-9290(86)90120-X: steady speed by the
            # end of the first step) and the last, closing step brings it over both feet
            centre_xy.append((behind + c) / 2)
            centre_v.append(np.full(2, np.nan))  # filled below (Catmull-Rom)
            heading_t.append(ic)
            headings.append(heading)
            step_index += 1
            last_ic = ic
        settle = last_ic + stance[order[-1]]
        centre_t.append(settle)
        centre_xy.append(c.copy())
        centre_v.append(np.zeros(2))
        bout_spans.append((first_fc, last_ic))
        t = last_ic + spec.pause_s
    t_end = (bout_spans[-1][1] + stride if bout_spans else spec.lead_in_s) + spec.lead_out_s
    centre_t.append(t_end)
    centre_xy.append(c.copy())
    centre_v.append(np.zeros(2))
    ct, cxy, cv = np.array(centre_t), np.array(centre_xy), np.array(centre_v)
    for i in np.flatnonzero(np.isnan(cv[:, 0])):
        cv[i] = (cxy[i + 1] - cxy[i - 1]) / (ct[i + 1] - ct[i - 1])
    heading_t.append(t_end + 1.0)
    headings.append(heading)
    return Timeline(
        stances=stances,
        t_end=t_end,
        stride_time=stride,
        step_times=(step_t["right"], step_t["left"]),
        centre_t=ct,
        centre_xy=cxy,
        centre_v=cv,
        heading_t=np.array(heading_t),
        heading=np.array(headings),
        ic_all=np.array(ic_all),
        bout_spans=bout_spans,
    )


def truth_tables(spec: WalkSpec, tl: Timeline) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events and per-stride truth from the timeline.

    Parameters
    ----------
    spec
        The walk.
    tl
        Its timeline.

    Returns
    -------
    events, strides
        As in :class:`~gaitcoach.simulate.spec.WalkTruth`.
    """
    events = []
    rows = []
    for i, side in enumerate(("left", "right")):
        st = tl.stances[side]
        for s in st:
            if np.isfinite(s.ic):
                events.append((s.ic, "IC", side))
            if np.isfinite(s.fc):
                events.append((s.fc, "FC", side))
        for a, b in zip(st[:-1], st[1:]):
            if not (np.isfinite(a.ic) and np.isfinite(b.ic)) or a.bout != b.bout:
                continue
            stride_t = b.ic - a.ic
            rows.append(
                {
                    "side": side,
                    "ic_s": a.ic,
                    "fc_s": a.fc,
                    "next_ic_s": b.ic,
                    "stride_time_s": stride_t,
                    "stance_time_s": a.fc - a.ic,
                    "swing_time_s": b.ic - a.fc,
                    "stance_pct": 100.0 * (a.fc - a.ic) / stride_t,
                    "stride_length_m": float(np.linalg.norm(b.heel - a.heel)),
                    "strike_angle_deg": spec.strike_angle_deg[i],
                    "toe_off_angle_deg": spec.toe_off_angle_deg[i],
                    "fpa_deg": spec.fpa_deg[i],
                    "straight": bool(np.isclose(a.heading, b.heading)),
                }
            )
    ev = pd.DataFrame(events, columns=["time_s", "event", "side"]).sort_values("time_s", kind="stable")
    strides = pd.DataFrame(rows).sort_values("ic_s", kind="stable") if rows else pd.DataFrame(rows)
    return ev.reset_index(drop=True), strides.reset_index(drop=True)
