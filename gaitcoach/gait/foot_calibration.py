"""Calibration from the shoes' own walks: which shoe is the left one, and the toe-out of a mounting.

Both read the foot progression angle of :func:`gaitcoach.gait.foot.analyze_foot` over straight strides.
"""

from __future__ import annotations

import dataclasses

from ..errors import NotEnoughWalkingError
from ..model import Recording
from .foot import FootConfig, analyze_foot

__all__ = ["MIN_CALIBRATION_STRIDES", "SIDE_SEPARATION_DEG", "infer_sides", "toe_out_offset"]

#: Two shoes are told apart when their toe-out, read as if both were left, differs by at least this [deg] (design
#: choice: well above the 1-2 deg spread of a session's median; on the project's real pairs the clear one differs by
#: 19 deg, the others by under 3 deg and are left to the user).
SIDE_SEPARATION_DEG = 5.0


def infer_sides(first: Recording, second: Recording, config: FootConfig | None = None) -> tuple[str, str] | None:
    """Which of two shoes is the left one, from the direction each foot points relative to its walking line.

    Feet turn out, and the ankle's flexion axis, from which the foot's long axis is found, is turned outward too
    (Isman & Inman 1969, the talocrural axis runs from the medial malleolus forward-down to the lateral one): read
    as if both were left feet (+ = turned to the left of the walking line), a left foot reads more to the left
    than a right one. Only a clear difference (:data:`SIDE_SEPARATION_DEG`) counts.

    Parameters
    ----------
    first, second
        The two shoe recordings of one session.
    config
        Foot analysis parameters.

    Returns
    -------
    tuple of str or None
        The sides of ``first`` and ``second``, or None when the signal does not tell them apart.
    """
    cfg = dataclasses.replace(config or FootConfig(), fpa_offset_deg=0.0)
    reads = []
    for rec in (first, second):
        st = analyze_foot(rec, side="left", config=cfg).strides
        straight = st[st["straight"].astype(bool)]["fpa_deg"].dropna()
        if len(straight) < 4:
            return None
        reads.append(float(straight.median()))
    if abs(reads[0] - reads[1]) < SIDE_SEPARATION_DEG:
        return None
    return ("left", "right") if reads[0] > reads[1] else ("right", "left")


#: Straight, level strides a toe-out calibration walk needs (design choice: the toe-out of single strides spreads
#: by 2-3 deg, so the median of 8 is good to about 1 deg).
MIN_CALIBRATION_STRIDES = 8


def toe_out_offset(rec: Recording, *, side: str | None = None, config: FootConfig | None = None) -> float:
    """Toe-out calibration from a short walk with the toes pointed straight ahead.

    The user walks straight for 10-20 strides with the shoe pointing along the walking line, the sensor strapped
    exactly as it will be; the median toe-out measured then is the offset of this mounting and of the ankle
    axis' personal obliquity, to be subtracted from later walks (``FootConfig(fpa_offset_deg=...)``; the
    baseline-calibration option (b) of the foot-progression-angle methods in Wouda et al. 2021,
    doi:10.1186/s12984-021-00816-4).

    Parameters
    ----------
    rec
        The calibration walk (one shoe).
    side
        ``"left"`` or ``"right"`` (default: the recording's).
    config
        Parameters (its own ``fpa_offset_deg`` is ignored).

    Returns
    -------
    float
        The offset [deg] (+ = the measurement reads toe-out while the toes point ahead).

    Raises
    ------
    NotEnoughWalkingError
        Fewer than :data:`MIN_CALIBRATION_STRIDES` straight, level strides.
    """
    cfg = dataclasses.replace(config or FootConfig(), fpa_offset_deg=0.0)
    st = analyze_foot(rec, side=side, config=cfg).strides
    good = st[st["straight"].astype(bool) & st["level"].astype(bool)]["fpa_deg"].dropna()
    if len(good) < MIN_CALIBRATION_STRIDES:
        raise NotEnoughWalkingError(
            f"the calibration walk holds {len(good)} straight, level strides; it needs "
            f"{MIN_CALIBRATION_STRIDES}. Walk straight ahead for about 20 steps with your toes pointing forward.",
            file_name=rec.file_name,
        )
    return float(good.median())
