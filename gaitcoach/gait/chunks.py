"""Long recordings analysed in overlapping pieces, so that memory stays bounded (a day at 100 Hz is 8.6 M samples).

Each contiguous segment longer than ``chunk_s`` is cut into pieces of ``chunk_s`` with ``margin_s`` of extra signal
on either side; a piece's results are kept only inside its core, where the filters' edge effects have died out.
A walking bout that crosses a core boundary is counted as two bouts (the stride across the boundary is lost:
about one stride per hour of walking).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from ..model import Recording

__all__ = ["iter_chunks"]


def iter_chunks(
    rec: Recording, chunk_s: float = 3600.0, margin_s: float = 30.0
) -> Iterator[tuple[pd.DataFrame, float, float]]:
    """Yield ``(signals, core_start_s, core_end_s)`` over every segment of ``rec``.

    Parameters
    ----------
    rec
        The recording.
    chunk_s
        Length of a piece's core [s] (design choice: an hour holds a few hundred thousand samples).
    margin_s
        Extra signal on either side of the core [s] (design choice: far longer than the slowest filter, 0.1 Hz).

    Yields
    ------
    tuple
        The piece's signals (a slice of ``rec.signals``), and the times [s] where its core starts and ends;
        keep results with ``core_start_s <= t < core_end_s``.
    """
    for seg in rec.iter_segments():
        if len(seg) == 0:
            continue
        t = seg.index.to_numpy()
        t0, t1 = float(t[0]), float(t[-1])
        if t1 - t0 <= chunk_s + 2 * margin_s:
            yield seg, t0, float("inf")
            continue
        start = t0
        while start <= t1:
            end = start + chunk_s
            a, b = t.searchsorted(start - margin_s), t.searchsorted(end + margin_s)
            yield seg.iloc[a:b], (start if start > t0 else float("-inf")), (end if end <= t1 else float("inf"))
            start = end
