"""Plain-words facts about a recording: what it holds and what it can support (used by the CLI and the app)."""

from __future__ import annotations

from dataclasses import dataclass

from .gait.records import WALKING_SPORTS
from .model import COLUMN_UNITS, Recording

__all__ = ["ANALYSIS_MIN_RATE_HZ", "MIN_EVENT_RATE_HZ", "Description", "capabilities", "describe"]

#: Below this rate [Hz] heel-strike and toe-off timing is not resolved (the events last 20-50 ms; design
#: choice following the >= 50 Hz used by the foot and lower-back validations in the research notes, with
#: 25 Hz kept usable for step counting as watches log it).
MIN_EVENT_RATE_HZ = 50.0
#: The shoe, lower-back and pocket analyses run from this rate [Hz] (their configurations' ``min_rate_hz``);
#: below MIN_EVENT_RATE_HZ they say that their contacts are timed coarsely.
ANALYSIS_MIN_RATE_HZ = 20.0
_STEP_RATE_HZ = 10.0

_CAN = {
    "foot": "heel strike and toe-off per foot, stride/stance/swing times, foot strike, toe-off and toe-out angles, "
    "stride length",
    "lumbar": "heel strike and toe-off of both feet, step timing and left/right asymmetry, pelvis obliquity and "
    "rotation, stride length (with your height)",
    "pocket": "contacts of the pocket leg (and the other from the rhythm), step timing, hip flexion/extension "
    "of that thigh",
    "wrist": "steps, cadence and walking regularity (no heel-strike timing, no sides)",
}
#: The lower back from the accelerometer alone: the sides and the pelvis come from the trunk's rotation
#: (:mod:`gaitcoach.gait.lumbar_sides`, :mod:`gaitcoach.gait.pelvis`).
_LUMBAR_ACC_ONLY = (
    "heel strike and toe-off (without telling the feet apart), step timing, stride length (with your height); no "
    "gyroscope, so no left/right comparison or pelvis"
)


def capabilities(rec: Recording) -> str:
    """Say in one sentence what this recording can support, given its placement, channels and rate.

    Parameters
    ----------
    rec
        The recording.

    Returns
    -------
    str
        E.g. ``"raw accelerometer at 25 Hz on the wrist: cadence only"``.
    """
    if not rec.has_signals:
        fields = [c for c in rec.summary.columns if c != "timestamp" and not c.startswith("dev_")]
        what = ", ".join(fields) if fields else "no gait fields"
        if rec.sport and rec.sport not in WALKING_SPORTS:
            return f"a {rec.sport.replace('_', ' ')} activity by the device's label ({what}): not walking, not coached"
        if "cadence_spm" not in rec.summary.columns:
            return f"activity records without a step cadence ({what}): distance and speed only; no walking time"
        return (
            f"activity records only ({what}): walking time, cadence and the device's own gait metrics; no step events"
        )
    rate = rec.sampling_rate_hz or 0.0
    if not rec.has_acc:
        return (
            f"gyroscope only at {rate:.4g} Hz: nothing to analyse without the accelerometer (the steps, and which "
            "way is up); export the accelerometer, with gravity, too"
        )
    sensors = "accelerometer + gyroscope" if rec.has_gyro else "accelerometer"
    where = rec.placement or "an unknown placement"
    head = f"{sensors} at {rate:.4g} Hz on {'the ' + where if rec.placement else where}"
    if rate < _STEP_RATE_HZ:
        return f"{head}: too slow for gait (steps need at least {_STEP_RATE_HZ:.0f} Hz); record at 50-100 Hz"
    if not rec.acc_includes_gravity:
        return (
            f"{head} (gravity removed by the app, so the orientation is unknown): steps and cadence only; export the "
            "acceleration with gravity for heel strikes, sides and form"
        )
    # 20-50 Hz: the shoe, lower-back and pocket analyses run, their contacts timed only to about a sample
    events_here = rec.placement in ("foot", "lumbar", "pocket") or (rec.placement is None and rec.has_gyro)
    coarse = rate < MIN_EVENT_RATE_HZ and events_here and rate >= ANALYSIS_MIN_RATE_HZ
    if rate < MIN_EVENT_RATE_HZ and not coarse:
        return f"{head}: steps and cadence only (heel-strike timing needs at least {MIN_EVENT_RATE_HZ:.0f} Hz)"
    timing = (
        f", with contacts timed only to about a sample ({1000 / rate:.0f} ms; {MIN_EVENT_RATE_HZ:.0f} Hz and more "
        "resolves them)"
        if coarse
        else ""
    )
    if rec.placement is None and not rec.has_gyro:
        return f"{head}: steps and cadence; say where it was worn (a lower back gives heel strikes from this alone)"
    if rec.placement is None:
        return (
            f"{head}: the placement will be detected from the signal (else steps and cadence); say it to be "
            f"sure{timing}"
        )
    if rec.placement in ("foot", "pocket") and not rec.has_gyro:
        return f"{head}: no gyroscope, which the {'shoe' if rec.placement == 'foot' else 'thigh'} analysis needs"
    can = _LUMBAR_ACC_ONLY if rec.placement == "lumbar" and not rec.has_gyro else _CAN.get(rec.placement, "cadence")
    return f"{head}: {can}{timing}"


@dataclass(frozen=True)
class Description:
    """What ``gaitcoach inspect`` prints about a file."""

    rows: tuple[tuple[str, str], ...]

    def as_text(self) -> str:
        """Two aligned columns, one fact a line.

        Returns
        -------
        str
            The text.
        """
        width = max(len(k) for k, _ in self.rows)
        return "\n".join(f"{k:<{width}}  {v}" for k, v in self.rows)

    def as_dict(self) -> dict[str, str]:
        """The facts as a mapping (for JSON).

        Returns
        -------
        dict
            Label to text.
        """
        return dict(self.rows)


def describe(rec: Recording) -> Description:
    """Collect the facts a user wants to see about a loaded file.

    Parameters
    ----------
    rec
        The recording.

    Returns
    -------
    Description
        Format, device, start (UTC and local), duration, rate, channels with units, gaps, summary fields,
        capabilities and warnings.
    """
    rows: list[tuple[str, str]] = [("file", rec.file_name or "-"), ("format", rec.source_format)]
    rows.append(("device", rec.device or "not stated in the file"))
    if rec.started_at is not None:
        local = rec.started_at.tz_convert(rec.started_at.floor("s").to_pydatetime().astimezone().tzinfo)
        rows.append(("start", f"{rec.started_at:%Y-%m-%d %H:%M:%S} UTC ({local:%Y-%m-%d %H:%M:%S %Z} local)"))
    else:
        rows.append(("start", "unknown (the file has no wall clock)"))
    if "clock" in rec.info:
        rows.append(("clock", str(rec.info["clock"])))
    minutes, seconds = divmod(rec.duration_s, 60.0)
    rows.append(("duration", f"{int(minutes)} min {seconds:04.1f} s"))
    if rec.sport:
        rows.append(("sport", str(rec.sport)))
    rows.append(("placement", rec.placement or "not given (detected during analysis)"))
    if rec.side:
        rows.append(("side", rec.side))
    if rec.has_signals:
        rows.append(("sampling rate", f"{rec.sampling_rate_hz:.4g} Hz"))
        rows.append(("channels", ", ".join(f"{c} [{COLUMN_UNITS[c]}]" for c in rec.channels)))
        gaps = rec.gaps
        if len(gaps):
            rows.append(
                (
                    "gaps",
                    f"{len(gaps)} (longest {gaps['duration_s'].max():.2f} s); "
                    f"{len(rec.segments)} segments are analysed separately",
                )
            )
        else:
            rows.append(("gaps", "none"))
    if len(rec.summary.columns):
        present = [c for c in rec.summary.columns if c != "timestamp"]
        rows.append(("activity records", f"{len(rec.summary)} rows: " + ", ".join(present)))
    if not rec.laps.empty:
        rows.append(
            ("sessions / laps", f"{(rec.laps['kind'] == 'session').sum()} / {(rec.laps['kind'] == 'lap').sum()}")
        )
    rows.append(("can support", capabilities(rec)))
    for w in rec.warnings:
        rows.append(("warning", w))
    return Description(tuple(rows))
