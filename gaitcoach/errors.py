"""The exception tree and the warning class of gaitcoach.

Every problem with a user's input raises a subclass of :class:`GaitcoachError` whose message names the
file, says what is wrong and what to do about it. Soft problems (a damaged tail that was skipped, jittery
timestamps, duplicated samples) are reported with :class:`GaitcoachWarning` and kept on the
:class:`~gaitcoach.model.Recording` so a user interface can show them.
"""

from __future__ import annotations

__all__ = [
    "CorruptFileError",
    "EmptyFileError",
    "FileTooLargeError",
    "GaitcoachError",
    "GaitcoachWarning",
    "ImplausibleWalkError",
    "MultipleSensorsError",
    "NoSensorDataError",
    "NotEnoughWalkingError",
    "StoreError",
    "UnitError",
    "UnsupportedFormatError",
]


class GaitcoachError(Exception):
    """Base class of every error gaitcoach raises for bad input.

    Parameters
    ----------
    message
        What is wrong and what to do, in plain words.
    file_name
        The name of the file the problem is in, if any. It is put in front of the message.
    """

    def __init__(self, message: str, *, file_name: str | None = None) -> None:
        self.file_name = file_name
        self.reason = message
        super().__init__(f"{file_name}: {message}" if file_name else message)


class EmptyFileError(GaitcoachError):
    """The file holds no bytes, or no rows of data."""


class FileTooLargeError(GaitcoachError):
    """The file (or an archive's uncompressed content) is over the size gaitcoach accepts."""


class UnsupportedFormatError(GaitcoachError):
    """The content is not a format gaitcoach reads (random bytes, an image, non-UTF-8 text, ...)."""


class CorruptFileError(GaitcoachError):
    """The file claims a supported format but its structure is broken beyond recovery."""


class UnitError(GaitcoachError):
    """A unit is wrong or cannot be told.

    The units of a column cannot be told from its header or its values (pass them explicitly), or a value given is
    not one of its kind in its unit (a height in centimetres given as metres).
    """


class NoSensorDataError(GaitcoachError):
    """The file is readable but holds neither motion sensor samples nor activity records."""


class NotEnoughWalkingError(GaitcoachError):
    """A recording meant for a calibration holds too little straight, level walking to calibrate from."""


class ImplausibleWalkError(NotEnoughWalkingError):
    """What was measured cannot be a walk: strides far too long or too short for their cadence.

    A file read at another sampling rate than it was recorded at shows such strides.
    """


class MultipleSensorsError(GaitcoachError):
    """The file holds several sensors (a left and a right shoe) where one was asked for: use ``load_all``."""


class StoreError(GaitcoachError):
    """The session database cannot be used: not a gaitcoach database, a newer schema, unreadable or read-only."""


class GaitcoachWarning(UserWarning):
    """A soft problem with the input: the data loaded, but the user should know about this."""
