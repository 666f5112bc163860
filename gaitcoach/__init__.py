"""gaitcoach: an open-source walking-form coach.

Public API: :func:`load` a file into a :class:`Recording`; build one from a table with
:meth:`Recording.from_dataframe`; :func:`analyze` a session into an :class:`Analysis`;
:func:`read_activity_list` reads a Garmin Connect activity history, :func:`read_apple_health` an Apple Health
export's walks; :func:`recording_days` lists the days of a research sensor's week-long file, each read with
``load_all(..., day=...)``.
"""

from __future__ import annotations

from .analysis import Analysis, analyze
from .errors import GaitcoachError, GaitcoachWarning
from .io import load, load_all, read_activity_list, recording_days
from .io.apple_health import read_apple_health
from .model import Recording

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "GaitcoachError",
    "GaitcoachWarning",
    "Recording",
    "__version__",
    "analyze",
    "load",
    "load_all",
    "read_activity_list",
    "read_apple_health",
    "recording_days",
]
