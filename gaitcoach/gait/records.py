"""Walking metrics from a watch's or pod's own activity records (FIT ``record`` messages, about 1 Hz).

Cadence at or above 100 steps/min counts as brisk (moderate intensity: Tudor-Locke et al. 2018,
doi:10.1136/bjsports-2017-097628). The stance-time balance (share of ground contact on the left foot) gives the
stance-time asymmetry: with left share ``b`` %, ``100 (L - R) / mean(L, R) = 4 b - 200`` (the symmetry index of
Robinson et al. 1987). Devices write the running dynamics only where a pod or strap measured them.

Records inside a session the device labelled as another sport (running, cycling, swimming, a multisport
transition, ...), or within ``SESSION_EDGE_S`` after one (outside a walking session), are not walking and are
left out, whatever their cadence: a run's 150-180 steps/min would otherwise read as brisk walking. Sessions
labelled walking, hiking and the like, or generic, keep their records, but not those no one walks with: faster
than the fastest walkers (:data:`MAX_WALKING_SPEED_MPS`), with longer steps (:data:`MAX_WALKING_STEP_M`), or at a
running cadence (:data:`WALK_RUN_CADENCE_SPM`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = [
    "BRISK_SPM",
    "MAX_WALKING_SPEED_MPS",
    "MAX_WALKING_STEP_M",
    "SESSION_EDGE_S",
    "STEP_WINDOW_S",
    "WALKING_SPORTS",
    "WALK_RATIO_RANGE",
    "WALK_RUN_CADENCE_SPM",
    "summarize_records",
    "walking_records",
]

#: Steps per minute of moderate-intensity walking (Tudor-Locke et al. 2018).
BRISK_SPM = 100.0


#: Records faster than this [m/s] are not walking, whatever their cadence: the mean maximum walking speed of the
#: fastest group of healthy adults, men in their twenties (253 cm/s; Bohannon 1997, Age Ageing 26:15,
#: doi:10.1093/ageing/26.1.15). A vehicle's vibration can make a watch count steps: the corpus' fenix 3 file
#: labelled hiking (``ProjetIngenieur__D3183247.FIT``) is a 38 km drive whose 10 seconds at 121 steps/min had read
#: as a walk at 10.5 m/s.
MAX_WALKING_SPEED_MPS = 2.53

#: A walk's step length over its cadence, the walk ratio [m per step/min], stays near 0.0068 across speeds, with an
#: inter-subject spread of 10-12 % (Terrier & Schutz 2003, doi:10.1007/s00421-003-0906-3; Sekiya & Nagasaki 1998,
#: doi:10.1016/S0966-6362(98)00009-5), and rises at very slow speeds. Strides outside this range are not a walk
#: (design choice: the project's real level walks read 0.0058-0.0072, its staircases 0.0025-0.0028, simulated walks
#: at 55-140 steps/min 0.0045-0.0071; a run's long, quick steps stay inside it too, 1.2-1.6 m at 160-180 steps/min).
#: A file read at 1/k of its true sampling rate shows steps k^2 times as long at 1/k the cadence, a walk ratio k^3
#: times the true one: gaitmap's 409.6 Hz walk read at 204.8 Hz, 0.052.
WALK_RATIO_RANGE = (0.001, 0.02)

#: Records whose steps, over the :data:`STEP_WINDOW_S` around them, are longer than this [m] are not walking: no one
#: walks with such steps. Alexander's dynamic similarity gives a walk's stride as ``2.3 h (v^2 / (g h))^0.3`` for
#: leg length ``h`` (Alexander 1976, Nature 261:129, doi:10.1038/261129a0); at the fastest walking speed above and
#: the leg of a 1.9 m tall adult (h = 1.0 m, 0.53 of the stature as for the lower back's sensor height) a stride is
#: 2.02 m, a step 1.01 m. A typical walk's steps are 0.6-0.8 m (the corpus' fenix 5 walk 0.68 m). A paddling or
#: rowing stroke counted as cadence is not a step: the corpus' fenix 2 multisport file
#: (``python-fitparse__activity-large-fenxi2-multisport.fit``) opens with three hours its device labelled only
#: "generic", at 2.1 m/s and 60-80 "steps"/min (1.6 m a step), which had read as 44 min of walking.
MAX_WALKING_STEP_M = 1.01

#: Span over which a record's step length is read [s] (design choice): the distance covered over the steps taken
#: by the stepping records (60 steps/min or more: a GPS drifts while one stands) in the 30 s around it. A 1 Hz GPS
#: distance jumps by metres from record to record: the corpus' vivoactive HR walk reads 0-2.6 m/s record by record
#: at a steady 121 steps/min, 1.0 m/s over its whole walk; its steps read longer than 1.01 m in 24 of its 741
#: walking seconds over 10 s, 1 over 20 s, none over 30 s.
STEP_WINDOW_S = 30.0

#: Records at a higher cadence [steps/min] are running, not walking: adults change from walking to running at
#: 135-140 steps/min, and 140 told the two apart in 91 % of treadmill bouts (Hum Mov Sci 2023, 90:103117,
#: doi:10.1016/j.humov.2023.103117). A jog the device did not label as a run (a walk with jogging intervals, a
#: "generic" activity) would otherwise read as brisk walking.
WALK_RUN_CADENCE_SPM = 140.0

#: Records this close to such a session [s] belong to it: a device writes its last record up to a second after
#: the session's timer stopped (the corpus' fenix 2 and fenix 5 runs: one 164-176 steps/min record 0.1-1 s past
#: the end had read as "0.0 min" of walking; design choice, two 1 Hz record intervals).
SESSION_EDGE_S = 2.0

#: FIT sports whose records may be walking (FIT profile names; "generic" and "training" say nothing either way).
WALKING_SPORTS = frozenset({"walking", "hiking", "mountaineering", "snowshoeing", "generic", "training"})


def walking_records(summary: pd.DataFrame, laps: pd.DataFrame | None = None) -> pd.Series:
    """Which records lie outside every session of a sport other than walking (see the module docstring).

    Parameters
    ----------
    summary
        A recording's ``summary`` frame (indexed by ``time_s``).
    laps
        The recording's ``laps`` (``kind``, ``start_s``, ``end_s``, ``sport``), or None.

    Returns
    -------
    pandas.Series
        Boolean, one per record: True where the record may be walking.
    """
    t = summary.index.to_numpy(dtype=float)
    keep = np.ones(len(t), bool)
    if laps is not None and len(laps) and "sport" in laps.columns:
        sessions = laps[(laps["kind"] == "session") & laps["sport"].notna()]
        other = sessions[~sessions["sport"].isin(WALKING_SPORTS)]
        walk = sessions[sessions["sport"].isin(WALKING_SPORTS)]
        in_walk = np.zeros(len(t), bool)
        for a, b in zip(walk["start_s"].to_numpy(float), walk["end_s"].to_numpy(float)):  # a loop over sessions
            in_walk |= (t >= a) & (t <= b)
        for a, b in zip(other["start_s"].to_numpy(float), other["end_s"].to_numpy(float)):
            keep &= ~((t >= a) & (t <= b)) & ~((t > b) & (t <= b + SESSION_EDGE_S) & ~in_walk)
    return pd.Series(keep, index=summary.index)


def _col(summary: pd.DataFrame, name: str) -> pd.Series:
    return pd.to_numeric(summary[name], errors="coerce") if name in summary.columns else pd.Series(dtype=float)


def _record_speeds_mps(summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each record's speed [m/s] two ways: the device's distance over the record's interval, and its speed field.

    NaN where not recorded. The distance is what the device integrates, so the summary prefers it: the two agree
    within 0.01 m/s on the corpus' walks (medians: fenix 5 1.47 / 1.48 m/s, the synthetic watch walks 1.37 /
    1.37), but a Connect IQ app on a vivoactive HR (corpus ``garmin_sandbox__2918975969.fit``) wrote 1.9 m/s at
    99 steps/min while its distance grew 0.88 m/s. A record is too fast to be walking only where both say so
    (each has its glitches: that file's GPS distance jumps faster than 2.53 m/s in 21 of its 748 walking
    seconds).
    """
    field = np.full(len(summary), np.nan)
    v = _col(summary, "speed_mps")
    if not v.empty:
        field = v.to_numpy(dtype=float)
    from_distance = np.full(len(summary), np.nan)
    d = _col(summary, "distance_m")
    if not d.empty:
        t = summary.index.to_numpy(dtype=float)
        dd, dt = np.diff(d.to_numpy(dtype=float), append=np.nan), np.diff(t, append=np.nan)
        ok = np.isfinite(dd) & (dd >= 0.0) & (dt > 0.0) & (dt <= 10.0)
        from_distance[ok] = dd[ok] / dt[ok]
    return from_distance, field


def _window_steps_m(t: np.ndarray, dt: np.ndarray, cad: np.ndarray, speeds: tuple[np.ndarray, ...]) -> np.ndarray:
    """Each record's step length [m] over the :data:`STEP_WINDOW_S` around it, the shortest by any speed source.

    ``dt``: each record's interval [s]; ``cad``: its cadence [steps/min]; ``speeds``: its speed by each source
    [m/s] (NaN where not recorded: that record adds no distance, so a step is never made longer by a gap).
    """
    dt = np.where(cad >= 60.0, dt, 0.0)  # only the stepping records: a GPS drifts while one stands
    steps = np.r_[0.0, np.cumsum(np.nan_to_num(cad) / 60.0 * dt)]
    lo = np.searchsorted(t, t - 0.5 * STEP_WINDOW_S, side="left")
    hi = np.searchsorted(t, t + 0.5 * STEP_WINDOW_S, side="right")
    n_steps = steps[hi] - steps[lo]
    out = np.full(len(t), np.inf)
    for v in speeds:  # a loop over the (two) speed sources
        if not np.isfinite(v).any():
            continue
        dist = np.r_[0.0, np.cumsum(np.nan_to_num(v) * dt)]
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.fmin(out, (dist[hi] - dist[lo]) / n_steps)
    return np.where(np.isfinite(out), out, np.nan)


def summarize_records(summary: pd.DataFrame, laps: pd.DataFrame | None = None) -> dict[str, float]:
    """Session values from activity records.

    Parameters
    ----------
    summary
        A recording's ``summary`` frame (indexed by ``time_s``).
    laps
        The recording's sessions and laps: records in a session of another sport than walking are left out
        (:func:`walking_records`).

    Returns
    -------
    dict
        ``walking_time_s`` (records with a cadence of at least 60 steps/min, less those whose distance and speed
        field, where recorded, both show them faster than :data:`MAX_WALKING_SPEED_MPS` or with steps longer
        than :data:`MAX_WALKING_STEP_M`, and those above :data:`WALK_RUN_CADENCE_SPM`, a run's; each worth the
        record interval), ``not_walking_s`` (the time of those left out, in sessions labelled walking or
        unlabelled),
        ``n_steps`` (their cadence over their time),
        ``brisk_minutes`` (cadence >= 100 steps/min), ``cadence_spm``, ``speed_mps`` (from the distance where
        recorded, else the speed field: :func:`_record_speeds_mps`), ``stride_length_m``
        (2 x the median step length), ``stance_time_asymmetry_pct`` from the stance-time balance; NaN where the
        device did not record the field.
    """
    out = {k: math.nan for k in ("walking_time_s", "n_steps", "brisk_minutes", "cadence_spm", "speed_mps",
                                 "stride_length_m", "stance_time_asymmetry_pct", "not_walking_s")}  # fmt: skip
    cad = _col(summary, "cadence_spm")
    if cad.empty or cad.notna().sum() == 0:
        return out
    t = summary.index.to_numpy(dtype=float)
    dt = np.diff(t, append=np.nan)
    dt = np.where(np.isfinite(dt) & (dt > 0) & (dt <= 10.0), dt, 1.0)
    from_distance, field = _record_speeds_mps(summary)
    c = cad.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):  # (each speed source has its glitches: both must say so)
        too_fast = np.fmin(from_distance, field) > MAX_WALKING_SPEED_MPS  # faster than anyone walks
        too_long = _window_steps_m(t, dt, c, (from_distance, field)) > MAX_WALKING_STEP_M  # strokes, not steps
    running = c > WALK_RUN_CADENCE_SPM
    labelled = walking_records(summary, laps).to_numpy()
    on_foot = labelled & ~too_fast & ~too_long & ~running
    speed = np.where(np.isfinite(from_distance), from_distance, field)
    stepping = (cad >= 60.0).to_numpy()  # design choice: slower records are standing or shuffling
    walking = stepping & on_foot
    out["walking_time_s"] = float(dt[walking].sum())
    out["not_walking_s"] = float(dt[stepping & labelled & ~on_foot].sum())
    out["n_steps"] = float(np.round(np.sum(cad.to_numpy()[walking] * dt[walking]) / 60.0))
    out["brisk_minutes"] = float(dt[(cad >= BRISK_SPM).to_numpy() & on_foot].sum() / 60.0)
    if walking.any():
        out["cadence_spm"] = float(cad[walking].median())
        if np.isfinite(speed[walking]).any():
            out["speed_mps"] = float(np.nanmedian(speed[walking]))
        step = _col(summary, "step_length_m")
        if not step.empty and step[walking].notna().any():
            out["stride_length_m"] = 2.0 * float(step[walking].median())
        bal = _col(summary, "stance_time_balance_pct")
        if not bal.empty and bal[walking].notna().any():
            out["stance_time_asymmetry_pct"] = 4.0 * float(bal[walking].median()) - 200.0
    return out
