"""What each placement's analysis adds to a session.

Its contacts and strides on the session's clock, its notes, and the session values it measures beside the strides
(steps, cadence, regularity). :func:`gaitcoach.analysis.analyze` puts the recordings on one clock and calls one of
these per recording.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from .coaching import MOSTLY_NOT_LEVEL
from .gait.foot import FootConfig, analyze_foot
from .gait.lumbar import analyze_lumbar
from .gait.pocket import analyze_pocket
from .gait.records import MAX_WALKING_SPEED_MPS, WALK_RUN_CADENCE_SPM
from .gait.wrist import MIN_RATE_HZ as WRIST_MIN_RATE_HZ
from .gait.wrist import analyze_wrist
from .metrics import covered_s as spans_covered_s
from .model import Recording

__all__ = [
    "SURE_SIDE",
    "TYPICAL",
    "WHERE",
    "Part",
    "foot_part",
    "lumbar_part",
    "pocket_part",
    "steps_only",
    "wrist_part",
]

#: Each placement in words.
WHERE = {"foot": "shoe", "lumbar": "lower back", "pocket": "thigh (trouser pocket)", "wrist": "wrist"}

#: Stride columns that are instants (moved onto the session's clock), not durations.
_INSTANTS = ("ic_s", "fc_s", "next_ic_s", "mid_stance_start_s", "mid_stance_end_s")

#: The marker column of events placed by a typical figure rather than seen (kept out of the double support).
TYPICAL = "_typical"
#: A lower-back contact's side is called uncertain under this side confidence (design choice: on the nine real
#: lower-back recordings of three people, 369 of 374 sides read at this or more were right, 10 of 18 under it;
#: :func:`gaitcoach.gait.lumbar_sides.contact_sides`).
SURE_SIDE = 0.9


@dataclass
class Part:
    """One recording's share of a session.

    Attributes
    ----------
    events, strides
        Contacts and strides on the session's clock (None: the placement gives none). ``events`` may carry a
        boolean :data:`TYPICAL` column.
    notes
        What the user should know, in plain words.
    values
        Session values measured beside the strides (``n_steps``, ``cadence_spm``, regularity ...), to merge into
        the summary where it has none.
    """

    events: pd.DataFrame | None = None
    strides: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)


def _name(rec: Recording) -> str:
    return rec.file_name or "recording"


def _shifted(strides: pd.DataFrame, shift_s: float) -> pd.DataFrame:
    return strides.assign(**{c: strides[c] + shift_s for c in _INSTANTS if c in strides})


def steps_only(
    rec: Recording, why: str = "heel strikes, sides and form need the placement", *, placement_given: bool = False
) -> Part:
    """Steps, cadence and regularity from the acceleration alone, and the note that says so.

    The wrist's step counter needs neither the placement nor the orientation (acceleration peaks, one per step).

    Parameters
    ----------
    rec
        The recording.
    why
        Why nothing more is measured, for the note.
    placement_given
        Whether the user said where the sensor was (else a limb's pedalling is left out, see
        :func:`~gaitcoach.gait.wrist.analyze_wrist`).

    Returns
    -------
    Part
        Values and the note; no events or strides.
    """
    if (rec.sampling_rate_hz or 0.0) < WRIST_MIN_RATE_HZ:
        return Part(notes=[
            f"{_name(rec)}: sampled at {rec.sampling_rate_hz or 0:.3g} Hz, too slow to see steps (they need "
            f"{WRIST_MIN_RATE_HZ:.0f} Hz or more); record at 50-100 Hz."
        ])  # fmt: skip
    _, found = analyze_wrist(rec, placement_given=placement_given)
    ran = _left_out_note(rec, found.pop("running_s"), "steps")
    ran += _left_out_note(rec, found.pop("pedalling_s"), "limb pedalling")
    if not found["n_steps"]:
        return Part(notes=[*ran, f"{_name(rec)}: no steps in its acceleration."], values={"n_steps": 0.0})
    return Part(
        notes=[
            f"{_name(rec)}: {int(found['n_steps'])} steps in walking bouts, counted from the acceleration alone (at "
            f"the wrist, lower back or pocket, steps, cadence and regularity need no placement; on a shoe these "
            f"would be its strides, one step in two); {why}.",
            *ran,
        ],
        values={k: v for k, v in found.items() if v == v},
    )


#: A placement only guessed from the signal must explain the walk it was guessed from: its analysis finds strides over
#: at least this share of the walking time the placement-free step counter sees (:func:`steps_only`), else the guess
#: is withdrawn (design choice: correct guesses on the project's 36 real development files and ``bench_sweep.py``'s
#: 320 simulated walks covered 0.66 and more of it, the real ones 0.68; a 40 s pocket walk with a run in it, taken
#: for a shoe's, 0.00-0.03).
GUESS_MIN_COVERAGE = 1.0 / 3.0


def strides_cover_s(strides: pd.DataFrame | None) -> float:
    """How long the strides cover [s]: the union of their spans from heel strike to the next of the same foot."""
    if strides is None or not len(strides):
        return 0.0
    return spans_covered_s(strides["ic_s"].to_numpy(dtype=float), strides["next_ic_s"].to_numpy(dtype=float))


def _unexplained_walk(rec: Recording, part: Part) -> tuple[float, float] | None:
    """How little of the walk ``part`` explains: ``(covered_s, walked_s)``, or None where it explains enough.

    ``part``'s strides cover less than :data:`GUESS_MIN_COVERAGE` of the walking time ``walked_s`` the
    placement-free step counter sees in ``rec`` (:func:`steps_only`).
    """
    covered_s = strides_cover_s(part.strides)
    if (rec.sampling_rate_hz or 0.0) < WRIST_MIN_RATE_HZ or covered_s >= GUESS_MIN_COVERAGE * rec.duration_s:
        return None  # (no walk could be longer than the recording: the step counter need not run)
    _, found = analyze_wrist(rec, placement_given=False)
    walked_s = found["walking_time_s"]
    if not walked_s or covered_s >= GUESS_MIN_COVERAGE * walked_s:
        return None
    return covered_s, walked_s


def unexplained_guess(rec: Recording, part: Part) -> Part | None:
    """Steps counted without the placement, where a guessed placement's analysis does not explain the walk.

    Parameters
    ----------
    rec
        The recording, its placement guessed from the signal (a shoe, a lower back or a pocket).
    part
        That placement's analysis of it.

    Returns
    -------
    Part or None
        None where its strides cover at least :data:`GUESS_MIN_COVERAGE` of the walking the placement-free step
        counter sees; else that counter's steps (:func:`steps_only`), with a note withdrawing the guess.
    """
    unexplained = _unexplained_walk(rec, part)
    if unexplained is None:
        return None
    covered_s, walked_s = unexplained
    where = WHERE.get(rec.placement or "", "guessed place")
    counted = steps_only(rec, "the rest needs the placement: say where the sensor was worn", placement_given=False)
    note = (
        f"{_name(rec)}: the signal was taken for a sensor on the {where}, but that analysis finds strides in only "
        f"{covered_s:.0f} s of the {walked_s:.0f} s its steps show, so the guess is withdrawn and steps are counted "
        "from the acceleration alone."
    )
    return dataclasses.replace(counted, notes=[note, *counted.notes])


def unexplained_said_note(rec: Recording, part: Part) -> str | None:
    """A note where the placement the user gave does not explain the walk (see :func:`unexplained_guess`).

    The user's word stands: the analysis is theirs as said. But a shoe's analysis of a phone in the pocket finds
    no stride, and "no walking" would send them to record again; the acceleration's own steps say there was a walk.
    """
    unexplained = _unexplained_walk(rec, part)
    if unexplained is None:
        return None
    covered_s, walked_s = unexplained
    found = f"strides in only {covered_s:.0f} s of it" if covered_s >= 1.0 else "no stride in it"
    return (
        f"{_name(rec)}: its acceleration shows {walked_s:.0f} s of walking, but the {WHERE[rec.placement or 'foot']} "
        f"analysis, as said, finds {found}: check where the sensor was worn and say so, or let gaitcoach detect it."
    )


#: How each analysis told what it left out of the walking (a run, :mod:`gaitcoach.gait.running`; a ride), for the note.
_LEFT_OUT_HOW = {
    "lumbar": "the body left the ground between its steps",
    "shaking": "its rhythm was weaker than the faster shaking of a vehicle or a bicycle on the road",
    "pedalling": "the thigh swung evenly, without heel strikes, as it does turning a bicycle's cranks",
    "limb pedalling": (
        "the sensor turned back and forth once for every step counted, as a thigh or a foot does turning a "
        "bicycle's cranks (a walking arm or leg swings once a stride); if it was a walk with the sensor on the "
        "wrist, say so"
    ),
    "steps": f"its steps came faster than {WALK_RUN_CADENCE_SPM:.0f} a minute",
    "foot": f"the foot travelled faster than anyone walks (over {MAX_WALKING_SPEED_MPS:.1f} m/s)",
}


def _left_out_note(rec: Recording, left_out_s: object, how: str) -> list[str]:
    """The note for a run or a ride left out of a recording's walking (an analysis' ``info`` seconds), if any."""
    if not isinstance(left_out_s, float) or left_out_s <= 0:
        return []
    took = f"{left_out_s / 60.0:.1f} min" if left_out_s >= 60 else f"{left_out_s:.0f} s"
    what = "riding" if how in ("shaking", "pedalling", "limb pedalling") else "running"
    return [f"{_name(rec)}: {took} of {what} left out of the walking: {_LEFT_OUT_HOW[how]}."]


def _clipped_note(rec: Recording, info: Mapping[str, object], n: int, moved: str, lost: str) -> list[str]:
    """The note for strides in which the gyroscope clipped (``info["gyro_clipped_strides"]``), if any."""
    clipped = int(info.get("gyro_clipped_strides", 0))  # type: ignore[call-overload]
    if not clipped:
        return []
    return [
        f"{_name(rec)}: the gyroscope reached the end of its range in {clipped} of {n} strides "
        f"({moved} faster than it can measure): their timing stands, but {lost} left out. Set the sensor's "
        "gyroscope range to 2000 deg/s."
    ]


def lumbar_part(
    rec: Recording, shift_s: float, *, height_m: float | None = None, sensor_height_m: float | None = None
) -> Part:
    """A lower-back recording's part (:func:`~gaitcoach.gait.lumbar.analyze_lumbar`).

    Parameters
    ----------
    rec, shift_s
        The recording, and its start on the session's clock [s].
    height_m, sensor_height_m
        Body and sensor height [m], for stride length and speed.

    Returns
    -------
    Part
        Both feet's contacts and strides, the bouts' step and stride regularity, and the notes.
    """
    lum = analyze_lumbar(rec, height_m=height_m, sensor_height_m=sensor_height_m)
    values = {k: v for k in ("step_regularity", "stride_regularity") if isinstance(v := lum.info.get(k), float)}
    n = len(lum.strides)
    ran = _left_out_note(rec, lum.info.get("running_s"), "lumbar")
    ran += _left_out_note(rec, lum.info.get("shaken_s"), "shaking")
    if n == 0:  # (what the analysis would have measured is not worth a word)
        return Part(notes=[*ran, f"{_name(rec)}: no walking found."])
    notes = [
        f"{_name(rec)} (lower back): {n} strides; contacts from the vertical acceleration"
        + (", left/right from the trunk's rotation and sideways sway. " if rec.has_gyro else ". ")
        + ("Stride length from the inverted-pendulum model with your sensor height."
           if lum.info.get("sensor_height_m") else "Give your height for stride length and speed.")
        + (" Pelvis: obliquity (how far each side drops below level as it swings, and how far it rises: a"
           " hitched hip), tilt excursion and rotation, relative to the heel strikes; a sensor reads them within a"
           " few degrees, so compare with your own baseline."
           if rec.has_gyro else
           " The recording has no gyroscope, so left and right feet, the pelvis and turns cannot be told"
           " apart: no left/right asymmetry or pelvis values, and turning strides count as straight walking."
           " Record with the gyroscope on for them.")
        + " Toe-offs follow the step timing rather than each foot's push-off, so no left/right stance-time"
        " difference is reported."
    ]  # fmt: skip
    offset_m = lum.info.get("sensor_side_offset_m")
    if isinstance(offset_m, float):
        notes.append(
            f"{_name(rec)}: the phone rose and fell with the pelvis' side-to-side tilt, as it does about "
            f"{100 * offset_m:.0f} cm to the side of the middle of the back (over a hip); stride length is taken for "
            "the middle of the back. Clipped there, the phone reads the pelvis most directly."
        )
    ic = lum.events[lum.events["event"] == "IC"]
    doubtful = int((ic["side_confidence"].astype(float) < SURE_SIDE).sum()) if "side_confidence" in ic else 0
    if doubtful:  # (turns and shuffles: the side's evidence is weak or contradicts its neighbours')
        notes.append(
            f"{_name(rec)}: the side of {doubtful} of {len(ic)} heel strikes is uncertain (side_confidence under "
            f"{SURE_SIDE:g} in the events table: where references also timed them, on real daily-life recordings, "
            "about half of such sides were the wrong foot); mostly in turns and shuffles."
        )
    notes += ran
    return Part(lum.events.assign(time_s=lum.events["time_s"] + shift_s), _shifted(lum.strides, shift_s), notes, values)


def pocket_part(rec: Recording, shift_s: float) -> Part:
    """A trouser-pocket recording's part (:func:`~gaitcoach.gait.pocket.analyze_pocket`).

    Parameters
    ----------
    rec, shift_s
        The recording, and its start on the session's clock [s].

    Returns
    -------
    Part
        The pocket leg's contacts and strides, the other foot's contacts (its toe-offs marked :data:`TYPICAL`), and
        the notes.
    """
    if rec.has_signals and not rec.has_gyro:
        return Part(notes=[f"{_name(rec)}: no gyroscope, which the thigh analysis needs."])
    poc = analyze_pocket(rec)
    # the other foot's toe-offs are a typical double support after this foot's heel strikes: kept out of the
    # double support (which they would make a constant)
    typical = (poc.events["event"] == "FC") & (poc.events["side"] != poc.info["side"])
    left_out = _left_out_note(rec, poc.info.get("pedalling_s"), "pedalling")
    left_out += _left_out_note(rec, poc.info.get("running_s"), "steps")
    if poc.strides.empty:
        return Part(notes=[*left_out, f"{_name(rec)}: no walking found."])
    notes = [
        f"{_name(rec)} (trouser pocket, {rec.side or 'side not given'}): "
        f"{len(poc.strides)} strides of the pocket leg from the thigh's swing; hip extension is the thigh's "
        "reach behind the vertical late in stance. The other foot's landings come from this thigh's peak "
        "extension, each good to about 20 ms: enough for cadence, too coarse for a left/right step-time "
        "comparison of a few percent, which is not reported from a pocket. The pocket leg's toe-off is placed "
        "a typical pre-swing after the thigh starts to flex forward, so its time on the ground is a rough "
        "figure (about 4 points of the stride off on real thighs). The other foot's toe-off is placed a "
        "typical double support after this foot's heel strike (real thighs: about 40 ms off), so no double "
        "support is reported; foot angles and stride length cannot be seen from a pocket."
    ]
    notes += _clipped_note(rec, poc.info, len(poc.strides), "the thigh swung", "their hip extension is")
    no_standing = poc.info.get("strides_without_standing")
    if isinstance(no_standing, int):
        notes.append(
            f"{_name(rec)}: {no_standing} strides come from walks with no standing still near them, and hip "
            "extension is measured against how the thigh hangs while you stand: stand still for a couple of seconds "
            "before or after walking to have it."
        )
    notes += left_out
    events = poc.events.assign(time_s=poc.events["time_s"] + shift_s, **{TYPICAL: typical})
    return Part(events, _shifted(poc.strides, shift_s), notes)


def wrist_part(rec: Recording, values: Mapping[str, float], *, placement_given: bool = True) -> Part:
    """A wrist recording's part (:func:`~gaitcoach.gait.wrist.analyze_wrist`): steps, not events.

    Parameters
    ----------
    rec
        The recording.
    values
        The session values so far (from the watch's own activity records, which cover the whole activity).
    placement_given
        Whether the user said the sensor was on the wrist (else, a guess from the signal, a limb's pedalling is
        left out, see :func:`~gaitcoach.gait.wrist.analyze_wrist`).

    Returns
    -------
    Part
        Steps, cadence and regularity (the watch's own walking time, steps and cadence stand where it logged a
        cadence and saw walking), and the note.
    """
    _, wrist = analyze_wrist(rec, placement_given=placement_given)
    ran = _left_out_note(rec, wrist.pop("running_s"), "steps")
    ran += _left_out_note(rec, wrist.pop("pedalling_s"), "limb pedalling")
    # the watch's own step counter, where it logged a cadence, covers the whole activity: its walking time and
    # cadence stand; the raw motion adds the steps and their regularity
    own = (
        "cadence_spm" in rec.summary.columns
        and rec.summary["cadence_spm"].notna().any()
        and values.get("walking_time_s", 0.0) > 0.0  # the watch saw walking itself
    )
    keep = ("walking_time_s", "cadence_spm", "n_steps") if own else ()
    ran = [] if own else ran  # (the watch's own records tell its walking, and leave its runs out themselves)
    if not wrist["n_steps"] and not own:  # (what a watch would have measured is not worth a word)
        return Part(notes=[*ran, f"{_name(rec)}: no walking found."], values={"n_steps": 0.0})
    note = (
        f"{_name(rec)} (wrist): {int(wrist['n_steps'])} steps in walking bouts of the raw motion; a watch gives "
        "steps, cadence and regularity, not heel-strike timing, sides or foot angles."
        + (
            f" Walking time, steps ({int(values.get('n_steps', 0))}) and cadence are the watch's own, from its "
            "activity records, which cover the whole activity."
            if own
            else ""
        )
    )
    return Part(
        notes=[note, *ran], values={k: v for k, v in wrist.items() if v == v and not (k in keep and k in values)}
    )


def foot_part(
    rec: Recording, shift_s: float, cfg: FootConfig, fpa_offsets_deg: Mapping[str, float] | None = None
) -> Part:
    """A shoe recording's part (:func:`~gaitcoach.gait.foot.analyze_foot`).

    Parameters
    ----------
    rec, shift_s
        The recording, and its start on the session's clock [s].
    cfg
        Parameters of the foot analysis.
    fpa_offsets_deg
        Toe-out calibration per side (see :func:`gaitcoach.analysis.analyze`).

    Returns
    -------
    Part
        The foot's contacts and strides, and the notes.
    """
    if not rec.has_gyro:
        return Part(notes=[f"{_name(rec)}: no gyroscope, which the shoe analysis needs."])
    if (rec.sampling_rate_hz or 0.0) < cfg.min_rate_hz:
        return Part(notes=[
            f"{_name(rec)}: sampled at {rec.sampling_rate_hz or 0:.3g} Hz; the shoe analysis needs at least "
            f"{cfg.min_rate_hz:.0f} Hz. Record at 50-100 Hz."
        ])  # fmt: skip
    rec_cfg = cfg
    if fpa_offsets_deg and (rec.side or "unknown") in fpa_offsets_deg:
        rec_cfg = dataclasses.replace(cfg, fpa_offset_deg=float(fpa_offsets_deg[rec.side or "unknown"]))
    res = analyze_foot(rec, config=rec_cfg)
    part = Part(res.events.assign(time_s=res.events["time_s"] + shift_s), _shifted(res.strides, shift_s))
    n = len(res.strides)
    part.notes += _left_out_note(rec, res.info.get("running_s"), "foot")
    unsteady = res.info.get("unsteady_s")
    if isinstance(unsteady, float) and unsteady > 0:
        part.notes.append(
            f"{_name(rec)}: {unsteady:.0f} s of movement left out: its pauses rest in no one posture, as a shoe "
            "does flat on the ground at every step, so the sensor was held or handled there, not strapped on."
        )
    if n == 0:
        part.notes.append(f"{_name(rec)}: no walking found.")
        return part
    axis = res.info.get("mounting_axis_flexion")
    which = f"{rec.side} foot" if rec.side else "foot, side not given: toe-out read as a left foot"
    part.notes.append(
        f"{_name(rec)} ({which}): {n} strides; the foot's "
        f"flexion axis was found along sensor axis {axis} (it carries {res.info.get('flexion_axis_share')} "
        "of the rotation), so the mounting did not need to be known. "
        + (
            f"Toe-out follows the sensor's {cfg.long_axis} axis, laid along the shoe."
            if rec_cfg.long_axis
            else "Toe-out is measured against the walking direction; its absolute value includes a personal "
            "offset, so watch its change."
        )
        + (
            f" A toe-out calibration of {rec_cfg.fpa_offset_deg:+.1f} deg (a walk with the toes pointed "
            "ahead) was removed."
            if rec_cfg.fpa_offset_deg
            else ""
        )
    )
    part.notes += _clipped_note(rec, res.info, n, "the foot turned", "their foot angles, toe-out and stride length are")
    not_level = int(res.info.get("not_level_strides", 0))  # type: ignore[call-overload]
    if not_level > MOSTLY_NOT_LEVEL * n:
        part.notes.append(
            f"{_name(rec)}: {not_level} of {n} strides climb or descend (stairs or a steep "
            "slope): this is not level walking, so the level-walking cues are not judged."
        )
    elif not_level:
        part.notes.append(
            f"{_name(rec)}: {not_level} of {n} strides climb or descend (stairs or a steep "
            "slope); the values and cues come from the level strides."
        )
    return part
