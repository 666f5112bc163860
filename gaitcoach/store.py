"""The local session store (SQLite): every analysed session, the user's baseline, and weekly walking volume.

Health data stays on the user's machine: one SQLite file, no network. Each save is one transaction, so a failure
never leaves a half-written session. The schema is migrated by ``PRAGMA user_version``.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from .analysis import Analysis
from .errors import StoreError

__all__ = ["BASELINE_METRICS", "DB_ENV", "TRACKED_METRICS", "SessionStore", "default_db_path"]

_MIGRATIONS = (
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        files TEXT NOT NULL,
        placements TEXT NOT NULL,
        summary TEXT NOT NULL,
        version TEXT NOT NULL
    );
    CREATE INDEX sessions_started ON sessions(started_at);
    """,
    # what the session was made from: each file's content hash and side, to know a file analysed again
    """
    ALTER TABLE sessions ADD COLUMN sources TEXT;
    CREATE INDEX sessions_sources ON sessions(sources);
    """,
    # what the user told once and should not have to again (their height, for the lower back's stride length)
    """
    CREATE TABLE profile (key TEXT PRIMARY KEY, value REAL NOT NULL);
    """,
    # when the session's recordings end, on their own clocks: the same walk seen by two devices counts once
    """
    ALTER TABLE sessions ADD COLUMN ended_at TEXT;
    """,
)
#: Metrics the coaching compares with the user's own baseline (name in the session summary -> cue metric).
BASELINE_METRICS = {
    "fpa_deg": ("fpa_left_deg", "fpa_right_deg"),
    "strike_angle_deg": ("strike_angle_deg",),
    "step_time_asymmetry_pct": ("step_time_asymmetry_pct",),
    "cadence_spm": ("cadence_spm",),
    "pelvic_tilt_excursion_deg": ("pelvic_tilt_excursion_deg",),
    "pelvic_drop_asymmetry_deg": ("pelvic_drop_asymmetry_deg",),  # (derived per session: _with_drop_asymmetry)
    "hip_extension_deg": ("hip_extension_deg",),
}
#: Measures followed week by week without a cue to judge them: walking speed, which tracks health and function
#: (Fritz & Lusardi 2009, "Walking speed: the sixth vital sign", doi:10.1519/00139143-200932020-00002), stride
#: length, double support, and the iPhone's walking asymmetry from an Apple Health export.
TRACKED_METRICS = ("speed_mps", "stride_length_m", "double_support_pct", "walking_asymmetry_pct")
#: The environment variable that names the session database (for the dashboard and the database commands).
DB_ENV = "GAITCOACH_DB"


def default_db_path() -> Path:
    """The user's session database when none is named: ``$GAITCOACH_DB``, else ``~/.gaitcoach/sessions.sqlite``.

    Returns
    -------
    pathlib.Path
        The file (it may not exist yet: the first session saved makes it).
    """
    named = os.environ.get(DB_ENV, "").strip()
    return Path(named).expanduser() if named else Path.home() / ".gaitcoach" / "sessions.sqlite"


#: The baseline: the user's first sessions, then the rolling four weeks before a session (coaching issue's rule;
#: three sessions is our design choice for "first sessions").
_FIRST_SESSIONS = 3
_BASELINE_WEEKS = 4


def _sources(analysis: Analysis) -> str | None:
    """The session's files by content (SHA-256) and side, as stored; None when a recording has no file behind it."""
    keys = [f"{r.get('sha256')}:{r.get('side')}" for r in analysis.recordings]
    return json.dumps(sorted(keys)) if keys and all(r.get("sha256") for r in analysis.recordings) else None


def _session_start(analysis: Analysis) -> str | None:
    """The session's start (its earliest file's, ISO 8601), or None when no file has a clock."""
    starts = [r["started_at"] for r in analysis.recordings if r.get("started_at") is not None]
    return min(starts).isoformat() if starts else None


def _session_end(analysis: Analysis) -> str | None:
    """When the session's recordings end (ISO 8601), or None unless every one has a true clock and a duration.

    A file without a clock has none; a history's walk that cannot be laid beside another device's recording of it
    carries no duration (:func:`gaitcoach.history._session`: an activity list's walks start at local times without
    their zone, a day of an iPhone's walking metrics is no one walk).
    """
    recs = analysis.recordings
    if not recs or any(r.get("started_at") is None or r.get("duration_s") is None for r in recs):
        return None
    ends = [pd.Timestamp(r["started_at"]) + pd.Timedelta(seconds=float(r["duration_s"])) for r in recs]
    return max(ends).isoformat()


def _walks_once(sessions: pd.DataFrame) -> pd.Series:
    """Each session's walking minutes, a walk seen by several devices counted once.

    Sessions whose spans (``started_at`` to ``ended_at``, both on true clocks) overlap recorded one walk: a watch and
    a phone on the belt, saved one by one. No one walks twice at once, so such a group counts its longest walking
    time, on its first session; the others count 0. Sessions without a span (saved before spans were kept, an
    activity list's walks, files without a clock) count as they are. (A day-long recording that missed a walk, the
    phone left on a desk while a watch recorded it, takes that walk's minutes with it: only the sessions' spans are
    kept, not when within them the walking was.)
    """
    seconds = sessions["walking_time_s"] if "walking_time_s" in sessions else pd.Series(np.nan, index=sessions.index)
    minutes = pd.to_numeric(seconds, errors="coerce") / 60.0
    out = minutes.copy()
    if "ended_at" not in sessions:
        return out
    spans = sessions[sessions["ended_at"].notna()].sort_values("started_at", kind="stable")
    first, end = None, None
    for i, start, stop in zip(spans.index, spans["started_at"], spans["ended_at"]):  # a loop over sessions
        if first is not None and start < end:  # the same walk as the group's
            out[first], out[i] = np.fmax(out[first], minutes[i]), 0.0
            end = max(end, stop)
        else:
            first, end = i, stop
    return out


def _with_drop_asymmetry(sessions: pd.DataFrame) -> pd.DataFrame:
    """The sessions with the "one hip higher" cue's measure: how far the two sides' pelvic drops differ [deg]."""
    if not {"pelvic_drop_left_deg", "pelvic_drop_right_deg"} <= set(sessions.columns):
        return sessions
    left = pd.to_numeric(sessions["pelvic_drop_left_deg"], errors="coerce")
    right = pd.to_numeric(sessions["pelvic_drop_right_deg"], errors="coerce")
    return sessions.assign(pelvic_drop_asymmetry_deg=(left - right).abs())


class SessionStore:
    """Sessions kept in a local SQLite file.

    Parameters
    ----------
    path
        The database file (created with its folder if needed).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"its folder cannot be made ({exc.strerror})", file_name=str(path)) from exc
        with self._sql("opened"):
            self._conn = sqlite3.connect(self.path)
        try:
            with self._sql("opened"):
                self._migrate()
        except StoreError:
            self._conn.close()
            raise

    @contextmanager
    def _sql(self, doing: str) -> Iterator[None]:
        """Turn a database failure into a :class:`~gaitcoach.errors.StoreError` naming the file."""
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(
                f"the session database could not be {doing} ({exc}); nothing was written. Give the database "
                "gaitcoach made, or a new file name.",
                file_name=str(self.path),
            ) from exc

    def close(self) -> None:
        """Close the database."""
        self._conn.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(_MIGRATIONS):
            raise StoreError("it was made by a newer gaitcoach: update gaitcoach to use it", file_name=str(self.path))
        if version == 0 and self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(
                "this SQLite file holds another program's tables, not gaitcoach sessions: give a new file name",
                file_name=str(self.path),
            )
        for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
            with self._conn:
                self._conn.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")

    def save(self, analysis: Analysis) -> int:
        """Keep a session (one transaction), and the height it was analysed with (:meth:`profile`).

        Parameters
        ----------
        analysis
            The analysed session.

        Returns
        -------
        int
            The session's id.
        """
        started = _session_start(analysis) or pd.Timestamp.now(tz="UTC").isoformat()
        summary = {
            k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in analysis.summary.as_dict().items()
        }
        height_m = analysis.config.get("height_m")
        with self._sql("written"), self._conn:
            if isinstance(height_m, (int, float)) and 0.5 < height_m < 2.5:  # (a person's, in metres, not cm)
                self._conn.execute("INSERT OR REPLACE INTO profile (key, value) VALUES ('height_m', ?)", (height_m,))
            cur = self._conn.execute(
                "INSERT INTO sessions (started_at, files, placements, summary, version, sources, ended_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (started, json.dumps([r.get("file_name") for r in analysis.recordings]),
                 json.dumps(sorted({str(r.get("placement")) for r in analysis.recordings})), json.dumps(summary),
                 analysis.version, _sources(analysis), _session_end(analysis)),
            )  # fmt: skip
        return int(cur.lastrowid or 0)

    def profile(self) -> dict[str, float]:
        """What the user told once: ``height_m``, the height of their latest session saved with one.

        Returns
        -------
        dict
            Name -> value; empty until a session is saved with a height.
        """
        with self._sql("read"):
            rows = self._conn.execute("SELECT key, value FROM profile").fetchall()
        return {str(k): float(v) for k, v in rows}

    def holds(self, analysis: Analysis) -> bool:
        """Whether the session is kept already: the same files' content, or the same file names and start.

        Parameters
        ----------
        analysis
            An analysed session.

        Returns
        -------
        bool
            True when the database has a session made from the same file contents and sides, or (sessions saved
            before contents were kept) of these file names starting at the same time.
        """
        sources, started = _sources(analysis), _session_start(analysis)
        with self._sql("read"):
            if sources is not None:  # the same files' content (renamed or without a clock alike)
                row = self._conn.execute("SELECT 1 FROM sessions WHERE sources = ? LIMIT 1", (sources,)).fetchone()
                if row is not None:
                    return True
            if started is None:
                return False  # neither content nor clock to tell two sessions apart by
            files = json.dumps([r.get("file_name") for r in analysis.recordings])
            row = self._conn.execute(
                "SELECT 1 FROM sessions WHERE started_at = ? AND files = ? LIMIT 1", (started, files)
            ).fetchone()
        return row is not None

    def sessions(self) -> pd.DataFrame:
        """All sessions, oldest first.

        Returns
        -------
        pandas.DataFrame
            ``id``, ``started_at`` (UTC), ``ended_at`` (when its recordings end; NaT where they have no true
            clock, or the session was saved before this was kept), ``files``, ``placements`` and one column per
            summary value.
        """
        with self._sql("read"):
            rows = self._conn.execute(
                "SELECT id, started_at, ended_at, files, placements, summary FROM sessions"
            ).fetchall()
        records = []
        for sid, started, ended, files, placements, summary in rows:
            values = {k: (np.nan if v is None else v) for k, v in json.loads(summary).items()}
            records.append({"id": sid, "started_at": pd.Timestamp(started),
                            "ended_at": pd.Timestamp(ended) if ended else pd.NaT, "files": json.loads(files),
                            "placements": json.loads(placements), **values})  # fmt: skip
        df = pd.DataFrame(records)
        return df.sort_values("started_at", kind="stable").reset_index(drop=True) if len(df) else df

    def forget(self, session_ids: Iterable[int]) -> int:
        """Remove sessions (one transaction): the user's own data, theirs to take back.

        Parameters
        ----------
        session_ids
            The sessions' ids (:meth:`sessions`' ``id``).

        Returns
        -------
        int
            How many were removed (an id not in the database removes nothing).
        """
        ids = sorted({int(i) for i in session_ids})
        with self._sql("changed"), self._conn:
            removed = self._conn.executemany("DELETE FROM sessions WHERE id = ?", [(i,) for i in ids]).rowcount
        return int(removed)

    def baseline(self, before: pd.Timestamp | None = None) -> dict[str, float]:
        """The user's own values to compare a session with.

        Parameters
        ----------
        before
            The session's start: only sessions before it count (default: all).

        Returns
        -------
        dict
            Cue metric -> median over the baseline sessions, of those that measured one of them: the four weeks
            before ``before`` when they hold at least three such sessions, else the first three; empty without
            earlier ones.
        """
        df = _with_drop_asymmetry(self.sessions())
        if before is not None and len(df):
            df = df[df["started_at"] < before]
        # the sessions that measured some of the cues' values (a day of an iPhone's walking metrics measures none,
        # and would push the ones that did out of "the first three")
        measured = [c for cs in BASELINE_METRICS.values() for c in cs if c in df.columns]
        if measured:
            df = df[df[measured].apply(pd.to_numeric, errors="coerce").notna().any(axis=1)]
        if df.empty or not measured:
            return {}
        recent = df[df["started_at"] >= (before or df["started_at"].max()) - pd.Timedelta(weeks=_BASELINE_WEEKS)]
        use = recent if len(recent) >= _FIRST_SESSIONS else df.head(_FIRST_SESSIONS)
        out = {}
        for metric, columns in BASELINE_METRICS.items():
            values = pd.concat([pd.to_numeric(use[c], errors="coerce") for c in columns if c in use.columns])
            if values.notna().any():
                out[metric] = float(values.median())
        return out

    def weekly(self) -> pd.DataFrame:
        """Walking volume and form per calendar week (Monday start, UTC).

        Returns
        -------
        pandas.DataFrame
            ``week``, ``sessions``, ``walking_minutes`` (a walk that several devices recorded, saved as several
            sessions, counted once: :func:`_walks_once`) and the weekly medians of the baseline metrics, of the
            difference between the two sides' pelvic drop (``pelvic_drop_asymmetry_deg``, the "one hip higher"
            cue's measure) and of :data:`TRACKED_METRICS`.
        """
        df = self.sessions()
        if df.empty:
            return pd.DataFrame(columns=["week", "sessions", "walking_minutes"])
        week = df["started_at"].dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period("W-SUN").dt.start_time
        # a session is a walk: a day of an iPhone's own walking metrics, with no walking time, is not one
        walked = pd.to_numeric(df.get("walking_time_s", pd.Series(np.nan, index=df.index)), errors="coerce").notna()
        df = df.assign(week=week, walking_minutes=_walks_once(df), walked=walked)
        df = _with_drop_asymmetry(df)
        agg: dict[str, tuple[str, str]] = {"sessions": ("walked", "sum"), "walking_minutes": ("walking_minutes", "sum")}
        for c in [c for columns in BASELINE_METRICS.values() for c in columns] + list(TRACKED_METRICS):
            if c in df.columns:
                agg[c] = (c, "median")
        return df.groupby("week").agg(**agg).reset_index()

    def minutes_last_week(self, before: pd.Timestamp) -> float | None:
        """Minutes walked in the 7 days before ``before`` (None without sessions then).

        Parameters
        ----------
        before
            A time.

        Returns
        -------
        float or None
            Walking minutes.
        """
        df = self.sessions()
        if df.empty:
            return None
        last = df[(df["started_at"] < before) & (df["started_at"] >= before - pd.Timedelta(days=7))]
        minutes = _walks_once(last).sum()  # (a walk that two devices recorded, once)
        return float(minutes) if len(last) else None
