"""Double and single support of each stride, from both feet's contacts on one clock.

Within a stride of one foot (its heel strike to its next), the gait cycle's phases are bounded by the other
foot's contacts (Perry & Burnfield, *Gait Analysis*, 2nd ed. 2010, ch. 1; the temporal parameters of Hollman
et al. 2011, doi:10.1016/j.gaitpost.2011.03.024): initial double support from this heel strike to the other foot's
toe-off, single support while the other foot swings (its toe-off to its heel strike), terminal double support
from the other heel strike to this foot's toe-off. In normal walking each double support lasts about 10-12 % of
the cycle and single support about 40 % (Perry & Burnfield 2010).

Both feet's contacts must be on one clock (two shoes aligned by wall clocks, a jump or one file); where the other
foot's toe-off or heel strike is not inside the stance (the first and last strides of a bout), the values are
NaN. A placement that sees both feet itself (the lower back, from its contacts' sequence, sides or not) brings
its own values, which are kept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["SUPPORT_COLUMNS", "support_times"]

#: Stride columns added by :func:`support_times` [s].
SUPPORT_COLUMNS = ("double_support_s", "single_support_s")


def _first_after(times: np.ndarray, after: np.ndarray) -> np.ndarray:
    """The first of the sorted ``times`` strictly after each of ``after`` (NaN where there is none)."""
    k = np.searchsorted(times, after, side="right")
    return np.where(k < len(times), times[np.minimum(k, max(len(times) - 1, 0))] if len(times) else np.nan, np.nan)


def support_times(strides: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Add each stride's double and single support time [s] from the other foot's contacts.

    Parameters
    ----------
    strides
        Strides with ``side``, ``ic_s`` and ``fc_s`` (this foot's heel strike and toe-off).
    events
        Both feet's contacts (``time_s``, ``event`` IC/FC, ``side``) on the strides' clock.

    Returns
    -------
    pandas.DataFrame
        ``strides`` with :data:`SUPPORT_COLUMNS` (NaN where the other foot's contacts are not inside the stance);
        values the strides already hold are kept.
    """
    out = strides.assign(**{c: strides.get(c, np.nan) for c in SUPPORT_COLUMNS})
    if strides.empty or events.empty:
        return out
    own = out[list(SUPPORT_COLUMNS)].notna().any(axis=1).to_numpy()
    for side, other in (("left", "right"), ("right", "left")):  # a loop over the two feet
        rows = (strides["side"] == side).to_numpy() & ~own
        if not rows.any():
            continue
        ev = events[events["side"] == other]
        other_fc = np.sort(ev.loc[ev["event"] == "FC", "time_s"].to_numpy(dtype=float))
        other_ic = np.sort(ev.loc[ev["event"] == "IC", "time_s"].to_numpy(dtype=float))
        ic = strides.loc[rows, "ic_s"].to_numpy(dtype=float)
        fc = strides.loc[rows, "fc_s"].to_numpy(dtype=float)
        o_fc = _first_after(other_fc, ic)  # the other foot leaves the ground ...
        o_ic = _first_after(other_ic, o_fc)  # ... and lands again, both before this foot's toe-off
        ok = (o_fc < fc) & (o_ic < fc)
        out.loc[rows, "double_support_s"] = np.where(ok, (o_fc - ic) + (fc - o_ic), np.nan)
        out.loc[rows, "single_support_s"] = np.where(ok, o_ic - o_fc, np.nan)
    return out
