"""How to record a walk that gaitcoach can analyse: the steps per sensor placement, in plain words.

One source for the command line (``gaitcoach guide``), the dashboard and the README. Each step says what the
analysis needs and why, and the rates quoted are the analyses' own limits (imported here, so the guide stays true
when they change):

* **Rate**: the shoe, lower-back and pocket analyses need 20 samples a second or more
  (:class:`gaitcoach.gait.foot.FootConfig`'s ``min_rate_hz``; the lower back's and the pocket's 20 Hz), the wrist
  :data:`gaitcoach.gait.wrist.MIN_RATE_HZ`. More is better for event timing: a heel strike's jolt lasts about
  10 ms (the simulated shoe's largest heel-strike error 3.7 ms at 100 Hz, 18 ms at 50 Hz with a logger's 3 ms
  timestamp jitter, ``benchmarks/bench_scenarios.py``). Sensor Logger's rate is set by the user, and a real
  export in the project's corpus was made at 1 Hz, too slow for any of them.
* **Acceleration with gravity and the gyroscope**: the shoe and pocket analyses need both (the foot's flexion axis
  and the thigh's swing come from the gyroscope, the orientation from gravity); the lower back finds its contacts
  from the acceleration and left from right with the gyroscope; a watch needs the accelerometer only.
* **Standing still**: the pocket's hip extension is read against the thigh standing still near the walk
  (:mod:`gaitcoach.gait.pocket`); the gyroscope's bias is read where the sensor rests
  (:mod:`gaitcoach.gait.stillness`).
* **Two shoes on one clock**: a jump with both feet (:mod:`gaitcoach.gait.sync`).
"""

from __future__ import annotations

from .gait.foot import FootConfig
from .gait.wrist import MIN_RATE_HZ as WRIST_MIN_RATE_HZ

__all__ = ["GUIDE", "guide_text"]

_RATE_HZ = int(FootConfig().min_rate_hz)

#: What to do, step by step: ``(title, steps)`` for every recording, then per placement.
GUIDE: dict[str, tuple[str, tuple[str, ...]]] = {
    "any": (
        "Every recording",
        (
            "With a phone, use a sensor app that records the acceleration with gravity and the gyroscope together: "
            "Sensor Logger (iOS and Android: switch on Accelerometer, Gravity and Gyroscope; Android also writes "
            "TotalAcceleration), or phyphox with an experiment that records 'Acceleration with g' and the "
            "gyroscope (phyphox's editor makes one). Export the recording as CSV files in a zip (or Sensor Logger's "
            "JSON) and upload it.",
            "With a phone, set the app's sampling rate to its highest, 100 samples a second if it offers it. "
            f"Below {_RATE_HZ} a second the shoe, belt and pocket analyses cannot time the steps.",
            "Stand still for a few seconds before you start and after you stop walking.",
            "Walk for at least a minute on level ground, at your own pace, straight ahead where you can: the "
            "form measures are taken on straight, level strides.",
            "Only walking is coached: a run and a bicycle ride are left out of the walking (on the shoe, only a run "
            "faster than anyone walks is told apart: stop a shoe's recording before you jog).",
        ),
    ),
    "foot": (
        "On the shoe (every walking cue)",
        (
            "Strap the phone or sensor firmly on the laces so it cannot wobble; which way round does not matter.",
            "Two shoes: start both recordings, then jump once with both feet before you walk. The landing puts the "
            "two files on one clock for the left/right comparison. Upload both files together, with left and "
            "right in their names.",
            "For toe-out against your own straight-ahead: once, walk about 20 steps with your toes pointing "
            "straight forward, the phone strapped exactly as for your walks, and upload it as the calibration walk.",
        ),
    ),
    "lumbar": (
        "On the belt at the lower back (steps, left/right, the pelvis)",
        (
            "Clip the phone to your belt at the middle of your back, any way round; one clipped over a hip is "
            "recognised and corrected for.",
            "Keep it clipped the same way for the whole recording.",
            "Give your height: stride length and walking speed need it.",
            "A research sensor on the belt works too: an ActiGraph, Axivity or GENEActiv set to 100 samples a second; "
            "upload the device's own file (.gt3x, .cwa or .bin) and say it was worn at the lower back (a GENEActiv "
            "configured with its location says so itself). From the accelerometer alone it gives the heel strikes, "
            "toe-offs, step timing and stride length; left and right and the pelvis need its gyroscope (an Axivity "
            "AX6, or a GT9X's IMU file exported from ActiLife).",
        ),
    ),
    "pocket": (
        "In the front trouser pocket (steps, the hamstrings cue)",
        (
            "Put the phone in a front trouser pocket that holds it snugly against the thigh; which way round does "
            "not matter, and say which side it was on.",
            "Stand still for a couple of seconds near each walk (not sitting): the thigh's reach behind you is "
            "measured against how it hangs when you stand.",
        ),
    ),
    "wrist": (
        "A watch on the wrist (steps and cadence)",
        (
            "Garmin: start a Walk activity; afterwards, in Garmin Connect, open the activity and choose 'Export "
            "Original' (a zip holding the .fit file) and upload it. Walking time, cadence, speed and, with a "
            "running-dynamics pod or strap, the left/right balance come from the watch's own records.",
            "Apple Watch or iPhone: start a Walk workout, with the iPhone in a trouser pocket; afterwards, in the "
            "Health app (your picture > Export All Health Data), export and upload export.zip. Each walk's time, "
            "steps and distance, and the iPhone's own walking speed, step length, double support and walking "
            "asymmetry during it, are kept as your walking history.",
            "A watch app that logs the raw accelerometer (a Connect IQ data field, for example) adds steps and "
            f"regularity from the motion itself; it needs {WRIST_MIN_RATE_HZ:g} samples a second or more.",
            "A watch cannot see heel strikes, toe-out or the pelvis: for those, use a phone on the shoe, the belt or "
            "in the pocket.",
        ),
    ),
}


def guide_text(placement: str | None = None) -> str:
    """The recording guide as plain text.

    Parameters
    ----------
    placement
        ``"foot"``, ``"lumbar"``, ``"pocket"`` or ``"wrist"`` for the steps of that placement (after those for
        every recording); None for all.

    Returns
    -------
    str
        Titled sections of numbered steps.

    Raises
    ------
    ValueError
        For another placement.
    """
    if placement is not None and (placement not in GUIDE or placement == "any"):
        raise ValueError(f"no recording guide for placement {placement!r}; choose foot, lumbar, pocket or wrist")
    keys = ["any"] + ([placement] if placement else [k for k in GUIDE if k != "any"])
    parts = []
    for key in keys:
        title, steps = GUIDE[key]
        parts.append(title + "\n" + "\n".join(f"  {i}. {s}" for i, s in enumerate(steps, 1)))
    return "\n\n".join(parts) + "\n"
