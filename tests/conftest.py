"""Shared fixtures: small synthetic recordings with a known content, and the path to ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaitcoach import Recording
from gaitcoach.synthetic import periodic_recording

SHARED = Path(__file__).resolve().parents[2] / "shared"


def make_recording(*, start: str = "2024-05-01T08:00:00Z", **kwargs) -> Recording:
    """A recording with closed-form content (see :mod:`gaitcoach.synthetic`)."""
    return periodic_recording(started_at=start, **kwargs)


@pytest.fixture(autouse=True)
def _own_session_database(tmp_path_factory, monkeypatch):
    """Every test's default session database is its own, never the user's ``~/.gaitcoach`` (tests may name another)."""
    monkeypatch.setenv("GAITCOACH_DB", str(tmp_path_factory.mktemp("db") / "sessions.sqlite"))


@pytest.fixture
def walk() -> Recording:
    return make_recording()


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (it is only in the developers' workspace)")
    return SHARED
