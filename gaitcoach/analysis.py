"""The one function that chains the steps: recordings in, an :class:`Analysis` out."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .coaching import Finding, coach
from .describe import ANALYSIS_MIN_RATE_HZ, MIN_EVENT_RATE_HZ
from .errors import ImplausibleWalkError, NotEnoughWalkingError, UnitError
from .gait.foot import STRIDE_COLUMNS, FootConfig
from .gait.foot_calibration import infer_sides
from .gait.placement import detect_placement
from .gait.records import WALK_RATIO_RANGE, WALKING_SPORTS, summarize_records
from .gait.support import support_times
from .gait.sync import jump_landing_s
from .metrics import SessionSummary, summarize
from .model import SIDES, Recording
from .session_parts import (
    TYPICAL,
    WHERE,
    Part,
    foot_part,
    lumbar_part,
    pocket_part,
    steps_only,
    unexplained_guess,
    unexplained_said_note,
    wrist_part,
)

__all__ = ["EVENT_COLUMNS", "Analysis", "analyze"]


#: What to do where no walking was measured (and the acceleration shows none either).
RECORD_AGAIN = "Record a walk of a minute or more: 'gaitcoach guide' says how."

#: A person's height and a lower-back sensor's height above the floor [m] (design choice: beyond the shortest and
#: tallest adults; the sensor at about 0.53 of the height, LumbarConfig.sensor_height_ratio). A height outside is
#: one given in another unit (170 for 1.70 m), and would read strides of metres.
HEIGHT_RANGE_M = {"height": (0.5, 2.5), "sensor height": (0.25, 1.5)}

#: A placement the user gave is doubted, in a note, where the signal tells another at least this sure: as sure as a
#: guess the analysis acts on (design choice; the user's word still stands). On the project's 36 real recordings and
#: ``bench_sweep.py``'s 320 simulated walks no walk was ever taken for another placement at any confidence. It had
#: been 0.7, above every guess of a thigh or a wrist (0.6): a phone in the pocket or a watch said to be at the lower
#: back read plausible "pelvis" strides without a word.
PLACEMENT_DOUBT_CONFIDENCE = 0.6

#: Strides the walk ratio is judged on (design choice: the median of a few strides is steady enough for a range this
#: wide).
WALK_RATIO_MIN_STRIDES = 3

#: The raw motion's cadence and the device's own (its activity records) disagree when one is this many times the
#: other (design choice: halfway between agreeing and the classic counting error, a stride taken for a step or a
#: step for two, which doubles or halves the cadence; consumer step counters agree with hand counts within about
#: 10 % at usual walking speeds, Fokkema et al. 2017, doi:10.1249/MSS.0000000000001146).
CADENCE_CONFLICT_RATIO = 1.5

#: The events table's columns (:attr:`Analysis.events`).
EVENT_COLUMNS = ("time_s", "event", "side", "side_confidence", "estimated")


@dataclass(frozen=True)
class Analysis:
    """Everything gaitcoach found in one session.

    Attributes
    ----------
    recordings
        File name, placement, side, start and source of each recording analysed.
    events
        ``time_s``, ``event`` (``"IC"``/``"FC"``), ``side``, sorted by time: seconds from the session's earliest
        start when every file has a wall clock, else from each recording's start; ``side_confidence``: how sure the
        side is (the lower back's from the decoding of its trunk's rotation and sway, 0.5-1,
        :func:`gaitcoach.gait.lumbar_sides.contact_sides`; 1 where a sensor on that leg or its pair tells it; NaN
        where the side is unknown); ``estimated``: True where the event is placed a typical interval after another
        one rather than found in the signal (a pocket's other foot's toe-off).
    strides
        One row per stride (the strides contract; NaN where the placement cannot measure it).
    summary
        Session values with units in their names.
    notes
        What was measured, how, and what could not be (plain words).
    findings
        Each walking cue judged (:class:`gaitcoach.coaching.Finding`), most urgent first.
    config
        The parameters used (serialisable).
    version
        gaitcoach version.
    """

    recordings: tuple[dict[str, Any], ...]
    events: pd.DataFrame
    strides: pd.DataFrame
    summary: SessionSummary
    notes: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    config: dict[str, Any] = field(default_factory=dict)
    version: str = ""


def _session_sports(rec: Recording) -> list[str]:
    """The sports of the file's sessions, as the device labelled them (empty when it did not)."""
    if rec.laps is None or not len(rec.laps) or "sport" not in rec.laps.columns:
        return []
    return [str(x) for x in rec.laps.loc[rec.laps["kind"] == "session", "sport"].dropna()]


def _other_sport_note(rec: Recording, walking_s: float) -> str | None:
    """A note when the device labelled (part of) the file as another sport than walking, else None."""
    other = sorted({x for x in _session_sports(rec) if x not in WALKING_SPORTS})
    if not other:
        return None
    name = rec.file_name or "recording"
    shown = [o.replace("_", " ") for o in other if o != "transition"] or ["a multisport transition"]
    what = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
    if walking_s == walking_s and walking_s > 0:
        return (
            f"{name}: the device marked part of this activity as {what}; gaitcoach coaches walking, so only the "
            f"{_minutes(walking_s / 60)} of walking-paced records outside it count."
        )
    return f"{name}: the device marked this activity as {what}; gaitcoach coaches walking and found none in it."


def _minutes(m: float) -> str:
    """Minutes in words: one decimal under ten (a 34 s walk is 0.6 min, not 1), whole minutes above."""
    return f"{m:.1f} min" if m < 10 else f"{m:.0f} min"


def _jump_clock(recs: list[Recording], shifts: dict[int, float]) -> dict[int, float] | None:
    """Clock offsets that make two shoes' jump landings coincide (:mod:`gaitcoach.gait.sync`), or None."""
    feet = [i for i, r in enumerate(recs) if r.placement == "foot"]
    if len(feet) != 2:
        return None
    landing = {i: jump_landing_s(recs[i]) for i in feet}
    a, b = feet
    la, lb = landing[a], landing[b]
    if la is None or lb is None:
        return None
    out = dict(shifts)
    out[b] = la + shifts[a] - lb  # b's landing falls on a's, on the session clock
    return out


def _infer_shoe_sides(recs: list[Recording], cfg: FootConfig) -> str | None:
    """Give two unlabelled shoes their sides where the signal tells (in place); the note to show, if any."""
    feet = [i for i, r in enumerate(recs) if r.placement == "foot"]
    if len(feet) != 2 or recs[feet[0]].side is not None or recs[feet[1]].side is not None:
        return None
    a, b = feet
    pair = infer_sides(recs[a], recs[b], cfg) if recs[a].has_gyro and recs[b].has_gyro else None
    if pair is None:
        return (
            "Two shoes without a side each, and the signal does not tell which is which: left/right values are "
            "shown as 'unknown'; say the side of each file."
        )
    recs[a], recs[b] = recs[a].replace(side=pair[0]), recs[b].replace(side=pair[1])
    return (
        f"{recs[a].file_name or 'the first file'} looks like the {pair[0]} shoe and "
        f"{recs[b].file_name or 'the second'} the {pair[1]} (the way each foot points); say the sides if that is "
        "wrong."
    )


def _session_clock(recs: list[Recording]) -> tuple[dict[int, float], bool, str | None]:
    """Each recording's offset on the session clock [s], whether the files could not be aligned, and a note.

    The sensors of one file share its clock. Wall clocks put the files on one clock (seconds from the earliest
    start); two shoes that both saw a jump with both feet are aligned on its landing instead
    (:mod:`gaitcoach.gait.sync`), which needs no wall clock.
    """
    clocks = {r.info.get("file_clock") for r in recs}
    if len(recs) > 1 and len(clocks) == 1 and None not in clocks:  # the sensors of one file: its own clock
        origins = [float(r.info.get("file_time_origin_s", 0.0)) for r in recs]
        return {i: o - min(origins) for i, o in enumerate(origins)}, False, None
    starts = [r.started_at for r in recs if r.started_at is not None]
    origin = min(starts) if len(starts) == len(recs) and starts else None
    shifts = {
        i: (r.started_at - origin).total_seconds() if origin is not None and r.started_at is not None else 0.0
        for i, r in enumerate(recs)
    }
    jumped = _jump_clock(recs, shifts)
    if jumped is not None:
        return (
            jumped,
            False,
            (
                "The two shoes were put on one clock by the jump with both feet at the start (both land at once): "
                "the left/right step-time comparison is exact to a few milliseconds."
            ),
        )
    if origin is None and len(recs) > 1:
        if sum(r.placement == "foot" for r in recs) < 2:  # (only two shoes compare their step times)
            return shifts, True, None
        return (
            shifts,
            True,
            (
                "Not every file has a wall clock, so the files cannot be put on one clock: each foot's values stand, "
                "but the step-time difference between left and right (which needs both feet on one clock) is not "
                "reported. Stance-time balance needs no common clock and is. To compare step times, jump once with "
                "both feet before you start walking."
            ),
        )
    if sum(r.placement == "foot" for r in recs) == 2:
        return (
            shifts,
            False,
            (
                "The two shoes were put on one clock by their devices' wall clocks, which can disagree by tens of "
                "milliseconds: read the left/right step-time difference with that in mind, or jump once with both "
                "feet before walking for an exact comparison."
            ),
        )
    return shifts, False, None


def _implausible_walk(recs: Sequence[Recording], summary: SessionSummary) -> ImplausibleWalkError | None:
    """The error for a session whose strides no one walks with (:data:`WALK_RATIO_RANGE`), or None."""
    step_m, cadence = summary.stride_length_m / 2.0, summary.cadence_spm
    if summary.n_strides < WALK_RATIO_MIN_STRIDES or not (np.isfinite(step_m) and cadence > 0):
        return None
    ratio = step_m / cadence
    lo, hi = WALK_RATIO_RANGE
    if lo <= ratio <= hi:
        return None
    long = ratio > hi
    how = "long" if long else "short"
    rate = "half" if long else "twice"
    reads = "4 times as long at half the cadence" if long else "a quarter as long at twice the cadence"
    names = list(dict.fromkeys(r.file_name or "recording" for r in recs))
    return ImplausibleWalkError(
        f"no walking measured: its steps read {step_m:.2f} m at {cadence:.0f} steps/min, far too {how} for their "
        f"pace to be a walk (a walk's step length over its cadence stays near 0.0068 m per step/min; here "
        f"{ratio:.4f}). The sampling rate is probably wrong: a file read at {rate} its true rate, for example, "
        f"shows steps {reads}. Give the rate it was recorded at, and check where the sensor was worn (at the lower "
        "back, the height given too).",
        file_name=", ".join(names),
    )


def _cadence_conflict(rec: Recording, device_spm: float, part: Part) -> str | None:
    """A note when the raw motion's cadence is about twice or half the device's own (:data:`CADENCE_CONFLICT_RATIO`).

    Parameters
    ----------
    rec
        The recording (raw motion and activity records in one file, as a FIT file can hold).
    device_spm
        The device's own walking cadence from its activity records [steps/min] (NaN: none).
    part
        The raw motion's analysis of that recording.

    Returns
    -------
    str or None
        What was found, naming both cadences (the caller says what follows), or None when they agree or one is
        missing.
    """
    if part.strides is not None and len(part.strides) and "stride_time_s" in part.strides:
        raw_spm = 120.0 / float(pd.to_numeric(part.strides["stride_time_s"], errors="coerce").median())
    else:
        raw_spm = part.values.get("cadence_spm", float("nan"))
    if not (device_spm > 0 and raw_spm > 0):
        return None
    ratio = raw_spm / device_spm
    if 1 / CADENCE_CONFLICT_RATIO < ratio < CADENCE_CONFLICT_RATIO:
        return None
    where = f"a sensor on the {WHERE[rec.placement]}" if rec.placement in WHERE else "steps counted"
    return (
        f"{rec.file_name or 'recording'}: the raw motion, read as {where}, gives {raw_spm:.0f} steps/min, but the "
        f"device's own records {device_spm:.0f}: one of them counts each stride as a step or each step twice."
    )


def _no_walking(recs: Sequence[Recording], notes: Sequence[str], walk_seen: bool = False) -> NotEnoughWalkingError:
    """The error for a session without walking measured: its files, what the analyses said of them, what to do.

    ``walk_seen``: the acceleration itself shows walking (the placement said finds none of it, a note says): the
    advice is to check the placement, not to record again.
    """
    names = list(dict.fromkeys(r.file_name or "recording" for r in recs))
    # what the analyses said of each file (not of the session: its clock), but for "no walking found", said first
    said = [n for n in notes if n.startswith(tuple(names)) and not n.endswith(": no walking found.")]
    if len(names) == 1:
        said = [n.removeprefix(f"{names[0]}: ") for n in said]
        said = [n[:1].upper() + n[1:] for n in said]
    said = [n.rstrip(".") + "." for n in said]
    return NotEnoughWalkingError(
        " ".join(["no walking measured where the sensor was said to be.", *said])
        if walk_seen
        else " ".join(["no walking measured.", *said, RECORD_AGAIN]),
        file_name=", ".join(names),
    )


def analyze(
    recordings: Recording | Sequence[Recording],
    *,
    height_m: float | None = None,
    sensor_height_m: float | None = None,
    foot_config: FootConfig | None = None,
    baseline: Mapping[str, float] | None = None,
    fpa_offsets_deg: Mapping[str, float] | None = None,
) -> Analysis:
    """Analyse one session: one recording, or several of the same session (e.g. the left and right shoe).

    Parameters
    ----------
    recordings
        A recording or a list of them.
    height_m, sensor_height_m
        Body height and the height of a lower-back sensor above the floor [m]: the lower-back analysis needs one
        of them for stride length and speed; the foot analysis needs neither.
    foot_config
        Parameters of the foot analysis.
    baseline
        The user's own earlier values of the coached metrics (see :func:`gaitcoach.coaching.coach`).
    fpa_offsets_deg
        Toe-out calibration per side (``{"left": 4.2, "right": -1.0}``; ``"unknown"`` for a shoe without a side),
        from :func:`gaitcoach.gait.foot_calibration.toe_out_offset` on a walk with the toes pointed ahead; it replaces
        ``foot_config.fpa_offset_deg`` for that side.

    Returns
    -------
    Analysis
        Events, strides, summary and notes (a file of the session without walking: a note).

    Raises
    ------
    NotEnoughWalkingError
        When no walking is measured in the session: no stride, no step counted, no walking in the device's records
        (a recording of sitting, standing or a ride; a run; a file too coarse to see steps, or without what its
        placement's analysis needs). The message names the files and says why, from the analyses' notes.
    """
    from . import __version__

    for what, value in (("height", height_m), ("sensor height", sensor_height_m)):
        lo, hi = HEIGHT_RANGE_M[what]
        if value is not None and not lo <= value <= hi:
            raise UnitError(
                f"the {what} given, {value:g} m, is not a person's ({lo:g}-{hi:g} m): give it in metres on the "
                "command line (1.70, not 170) and in centimetres in the dashboard."
            )
    recs = [recordings] if isinstance(recordings, Recording) else list(recordings)
    detected_notes = []
    guessed: dict[int, str] = {}  # the recordings whose placement came from the signal, not the user: the note
    for i, rec in enumerate(recs):
        if rec.has_signals and not rec.has_acc:
            continue  # (said below: nothing to analyse without the accelerometer)
        if rec.placement is None and rec.has_signals:
            guess = detect_placement(rec)
            if guess.placement is not None and guess.confidence >= 0.6:
                recs[i] = rec.replace(placement=guess.placement)
                guessed[i] = (
                    f"{rec.file_name or 'recording'}: the signal looks like a sensor on the {WHERE[guess.placement]} "
                    f"(confidence {guess.confidence:.1f}); say the placement if that is wrong."
                )
                detected_notes.append(guessed[i])
            elif guess.confidence == 0.0 and guess.features:  # judged, and no walking clear enough to judge by
                detected_notes.append(
                    f"{rec.file_name or 'recording'}: the signal shows no clear walking to tell where the sensor was "
                    "worn by; if it holds a walk, say where: shoe (foot), lower back (lumbar), trouser pocket "
                    "(pocket) or wrist."
                )
            else:
                detected_notes.append(
                    f"{rec.file_name or 'recording'}: could not tell from the signal where the sensor was worn; "
                    "say where: shoe (foot), lower back (lumbar), trouser pocket (pocket) or wrist."
                )
        elif rec.placement in WHERE and rec.has_signals:
            # the placement as said; but where the signal clearly tells another, say so (a belt recording analysed
            # as a shoe's reads strides no one walks with)
            guess = detect_placement(rec)
            if guess.placement not in (None, rec.placement) and guess.confidence >= PLACEMENT_DOUBT_CONFIDENCE:
                detected_notes.append(
                    f"{rec.file_name or 'recording'}: analysed as a sensor on the {WHERE[rec.placement]}, as said, "
                    f"but the signal looks like one on the {WHERE[guess.placement]} (confidence "
                    f"{guess.confidence:.1f}); if that is where it was worn, say so for the analysis of that place."
                )
    cfg = foot_config or FootConfig()
    side_note = _infer_shoe_sides(recs, cfg)
    if side_note:
        detected_notes.append(side_note)
    events, strides, notes = [], [], list(detected_notes)
    meta = []
    shifts, unaligned, clock_note = _session_clock(recs)
    if clock_note:
        notes.append(clock_note)
    extra: dict[str, float] = {}
    unexplained_said = False  # a placement said finds little of the walking the acceleration shows

    def _add(part: Part) -> None:
        if part.events is not None:
            events.append(part.events)
        if part.strides is not None:
            strides.append(part.strides)
        notes.extend(part.notes)
        extra.update(part.values)

    for index, rec in enumerate(recs):
        device_spm = float("nan")  # the device's own walking cadence, from its records
        if len(rec.summary.columns):
            records = summarize_records(rec.summary, rec.laps)
            device_spm = records["cadence_spm"]
            for k, v in records.items():
                if v == v:
                    extra.setdefault(k, v)
            sport_note = _other_sport_note(rec, records["walking_time_s"])
            if records["not_walking_s"] >= 60.0:  # (seconds of a GPS glitch are not worth a word)
                left_out = _minutes(records["not_walking_s"] / 60)
                notes.append(
                    f"{rec.file_name or 'recording'}: {left_out} of its stepping records are not walking, whatever "
                    "the device's label, and are left out: faster than anyone walks, at a "
                    "running cadence (over 140 steps/min) or with steps longer than anyone's walking steps (a paddle "
                    "or pedal stroke counted as a step)."
                )
            if sport_note:
                notes.append(sport_note)
            elif not rec.has_signals and records["walking_time_s"] == records["walking_time_s"]:
                notes.append(
                    f"{rec.file_name or 'recording'}: activity records from the device — "
                    f"{_minutes(records['walking_time_s'] / 60)} walking, {_minutes(records['brisk_minutes'])} at 100 "
                    "steps/min or more; no step events from records."
                )
            elif not rec.has_signals:
                shown = [c for c in rec.summary.columns if c != "timestamp" and not c.startswith("dev_")]
                fields = ", ".join(c.removesuffix("_mps").removesuffix("_m").replace("_", " ") for c in shown)
                notes.append(
                    f"{rec.file_name or 'recording'}: activity records without a step cadence ({fields}): walking "
                    "time, steps and form cannot be told from them; the device's raw motion or a cadence is needed."
                )
        # Put every recording on one clock: seconds from the earliest start of the session.
        shift = shifts[index]
        meta.append(
            {
                "file_name": rec.file_name,
                "placement": rec.placement,
                "side": rec.side,
                "started_at": rec.started_at,
                "duration_s": rec.duration_s,
                "source_format": rec.source_format,
                "sha256": rec.sha256,
                "offset_s": shift,
            }
        )
        sports = _session_sports(rec)
        if rec.has_signals and sports and all(x not in WALKING_SPORTS for x in sports):
            # a run, a ride or a swim by the device's own label: its motion is not walking
            note = None if len(rec.summary.columns) else _other_sport_note(rec, 0.0)  # else said with the records
            notes.extend([note] if note else [])
            continue
        if rec.placement in ("foot", "lumbar", "pocket") and rec.has_signals and not rec.acc_includes_gravity:
            notes.append(
                f"{rec.file_name or 'recording'}: the app removed gravity from the accelerometer, so the sensor's "
                f"orientation is unknown and the {WHERE[rec.placement]} analysis cannot run; export the acceleration "
                "with gravity (phyphox 'Acceleration with g', Sensor Logger 'TotalAcceleration') for it."
            )
            if rec.placement != "foot":  # a shoe's acceleration peaks once per stride: no step count from it
                _add(steps_only(rec, placement_given=index not in guessed))
            continue
        if rec.has_signals and not rec.has_acc:
            notes.append(
                f"{rec.file_name or 'recording'}: a gyroscope without an accelerometer; every analysis needs the "
                "acceleration (the steps, and which way is up): export the accelerometer, with gravity, too."
            )
            continue
        rate = rec.sampling_rate_hz or 0.0
        if rec.placement in ("foot", "lumbar", "pocket") and rec.has_signals and rate < MIN_EVENT_RATE_HZ:
            name = rec.file_name or "recording"
            if rate < ANALYSIS_MIN_RATE_HZ:
                notes.append(
                    f"{name}: sampled at {rate:.3g} Hz; the {WHERE[rec.placement]} analysis needs at least "
                    f"{ANALYSIS_MIN_RATE_HZ:.0f} Hz. Record at 50-100 Hz."
                )
                why = "heel strikes, sides and form need a faster recording"
                _add(steps_only(rec, why, placement_given=index not in guessed))
                continue
            notes.append(
                f"{name}: sampled at {rate:.3g} Hz, so heel strikes and toe-offs are timed only to about a sample "
                f"({1000 / rate:.0f} ms); record at 50-100 Hz for their timing."
            )
        if rec.placement == "summary":
            continue  # activity records only: summarised above
        if rec.placement == "lumbar":
            part = lumbar_part(rec, shift, height_m=height_m, sensor_height_m=sensor_height_m)
        elif rec.placement == "pocket":
            part = pocket_part(rec, shift)
        elif rec.placement == "wrist":
            part = wrist_part(rec, extra, placement_given=index not in guessed)
        elif rec.placement == "foot":
            part = foot_part(rec, shift, cfg, fpa_offsets_deg)
        elif rec.placement is None and rec.has_signals:  # placement unknown (said above): steps need none
            part = steps_only(rec, placement_given=False)
        else:
            continue
        withdrawn = unexplained_guess(rec, part) if index in guessed and rec.placement != "wrist" else None
        if withdrawn is not None:  # the guessed placement's analysis finds strides in little of the walking
            notes.remove(guessed.pop(index))  # (the guess is withdrawn: its note goes with it)
            rec = recs[index] = rec.replace(placement=None)
            part = withdrawn
            meta[-1]["placement"] = None
        elif index not in guessed and rec.placement in ("foot", "lumbar", "pocket"):
            said_note = unexplained_said_note(rec, part)  # the placement said finds little of the walking
            part = dataclasses.replace(part, notes=[*part.notes, said_note]) if said_note else part
            unexplained_said |= said_note is not None
        conflict = _cadence_conflict(rec, device_spm, part) if rec.placement != "wrist" else None
        if conflict and (index in guessed or rec.placement is None):
            # the placement is only our guess (or unknown), but the device's own step counter was made for where it
            # is worn: its walking time, steps and cadence stand, and the raw motion's strides, read at the guessed
            # place, are left out rather than coached at a cadence the device contradicts
            notes.append(
                f"{conflict} The placement was only guessed from the signal, so the device's own walking time, steps "
                "and cadence stand and the raw motion's strides are left out; say where the sensor was worn to "
                "analyse them."
            )
            recs[index] = rec.replace(placement="summary")
            meta[-1]["placement"] = "summary"
            continue
        _add(part)
        if conflict:  # (a watch's own count stands for its wrist, see wrist_part)
            notes.append(
                f"{conflict} Check where the sensor was worn and say so; the analysis may have read the motion of "
                "another place."
            )
    if len({r.side for r in recs if r.placement == "foot"}) < 2 and any(r.placement == "foot" for r in recs):
        notes.append("One foot only: left/right asymmetry needs a sensor on each shoe.")
    ev = (
        pd.concat(events, ignore_index=True).sort_values("time_s", kind="stable")
        if events
        else pd.DataFrame({c: [] for c in EVENT_COLUMNS[:3]})
    )
    typical = ev.pop(TYPICAL).fillna(False).astype(bool) if TYPICAL in ev else pd.Series(False, index=ev.index)
    # how sure each event's side is: the lower back's from its decoding; a sensor on that leg (a shoe, the pocket's
    # thigh and its pair) knows it; NaN where the side is unknown
    sure = pd.to_numeric(ev.get("side_confidence", pd.Series(np.nan, index=ev.index)), errors="coerce")
    ev["side_confidence"] = sure.where(sure.notna() | ~ev["side"].isin(SIDES), 1.0).astype(float)
    ev["estimated"] = typical.to_numpy()  # placed a typical interval after another event, not found in the signal
    ev = ev[list(EVENT_COLUMNS)]
    st = pd.concat(strides, ignore_index=True) if strides else pd.DataFrame(columns=list(STRIDE_COLUMNS))
    # double and single support need both feet on one clock, and contacts of their own
    st = support_times(st, ev[~typical] if not unaligned else ev.iloc[:0])
    summary = summarize(st, ev)
    where = {r.placement for r in recs}
    pocket_steps = "pocket" in where and not where & {"foot", "lumbar"}
    if unaligned or pocket_steps:
        summary = dataclasses.replace(summary, step_time_asymmetry_pct=float("nan"))
    if "lumbar" in where and "foot" not in where:
        # a lower back's toe-offs follow the step timing (the wavelet's toe-off sits about 0.3 of a step after the
        # heel strike), not each foot's own push-off: on the simulator a true stance-time asymmetry of 8.3 % read
        # -1.9 %, and the two real references disagree by 4-7 points on the same walks (a lumbar accelerometer agrees
        # poorly with a reference on asymmetry: Godfrey et al. 2015, doi:10.1016/j.medengphy.2015.02.003); a
        # difference of a few percent is not reported from a lower back (the shoes' own contacts, or a watch's
        # stance balance, give it)
        summary = dataclasses.replace(summary, stance_time_asymmetry_pct=float("nan"))
    fill: dict[str, Any] = {
        k: v for k, v in extra.items() if hasattr(summary, k) and getattr(summary, k) != getattr(summary, k)
    }
    summary = dataclasses.replace(summary, **fill)
    if not (len(st) or extra.get("n_steps", 0) > 0 or extra.get("walking_time_s", 0) > 0):
        raise _no_walking(recs, notes, walk_seen=unexplained_said)
    implausible = _implausible_walk(recs, summary)
    if implausible is not None:
        raise implausible
    placements = {r.placement for r in recs if r.placement}
    if "n_steps" in extra:  # steps counted from the acceleration alone: the cadence cue can judge them
        placements.add("steps")
    sides = set(st["side"].unique()) if len(st) else set()
    return Analysis(
        recordings=tuple(meta),
        events=ev.reset_index(drop=True),
        strides=st,
        summary=summary,
        findings=coach(summary, placements=placements, sides=sides, baseline=baseline),
        notes=tuple(notes),
        config={
            "foot": dataclasses.asdict(cfg),
            "fpa_offsets_deg": dict(fpa_offsets_deg or {}),
            "height_m": height_m,
            "sensor_height_m": sensor_height_m,
        },
        version=__version__,
    )
