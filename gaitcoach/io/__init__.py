"""Import: every supported file into one canonical :class:`~gaitcoach.model.Recording`.

Formats are told from the content first and the name second; each has one reader in this package, kept in
:data:`READERS`. :func:`load` is the one entry point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..errors import GaitcoachError, UnsupportedFormatError
from ..model import Recording, check_placement, check_side
from .activity_list import looks_like_activity_list, read_activity_list
from .androsensor import looks_like_androsensor, read_androsensor
from .base import Parsed, finish
from .csv_table import first_lines
from .fit import looks_like_fit, read_fit
from .generic_csv import read_generic_csv
from .phyphox import looks_like_phyphox, read_phyphox
from .physics_toolbox import looks_like_physics_toolbox, read_physics_toolbox
from .sensor_logger import looks_like_sensor_logger, read_sensor_logger
from .source import Source, SourceLike, read_source

__all__ = ["FORMATS", "READERS", "detect_format", "load", "read_activity_list"]

Reader = Callable[[Source, Mapping[str, str]], Parsed]


def _fit(source: Source, units: Mapping[str, str]) -> Parsed:
    if source.members:  # a zip with a FIT file inside (Garmin Connect's "Export original")
        name, data = next((k, v) for k, v in source.members.items() if looks_like_fit(v))
        return read_fit(data, f"{source.name}/{name}")
    return read_fit(source.data, source.name)


def _members(source: Source) -> Mapping[str, bytes]:
    return source.members or {source.name: source.data}


def _one_csv_reader(reader: Callable[..., Parsed], *, with_units: bool = False) -> Reader:
    def run(source: Source, units: Mapping[str, str]) -> Parsed:
        name, data = _one_file(source)
        return reader(data, name, units=units) if with_units else reader(data, name)

    return run


READERS: dict[str, Reader] = {
    "fit": _fit,
    "phyphox": lambda s, u: read_phyphox(_members(s), s.name),
    "sensor_logger": lambda s, u: read_sensor_logger(_members(s), s.name),
    "physics_toolbox": _one_csv_reader(read_physics_toolbox),
    "androsensor": _one_csv_reader(read_androsensor),
    "generic_csv": _one_csv_reader(read_generic_csv, with_units=True),
}
FORMATS: tuple[str, ...] = tuple(READERS)


def _one_file(source: Source) -> tuple[str, bytes]:
    """The file itself, or the one CSV inside an archive (named by its member name, which may carry a date)."""
    return (source.name, source.data) if not source.members else _only_csv(source)


def _only_csv(source: Source) -> tuple[str, bytes]:
    csvs = [(k, v) for k, v in source.members.items() if k.lower().endswith((".csv", ".txt", ".tsv"))]
    if len(csvs) != 1:
        raise UnsupportedFormatError(
            f"the archive holds {len(csvs)} CSV files and none of the known app layouts (phyphox, Sensor "
            "Logger). Load the CSV file you want on its own.",
            file_name=source.name,
        )
    return csvs[0]


def _sniff_text(data: bytes, name: str) -> str:
    lines = first_lines(data, name, n=2)
    header = lines[0] if lines else ""
    if looks_like_activity_list(header):
        raise UnsupportedFormatError(
            "this is a Garmin Connect activity list (one row per activity), not a recording of one walk. Read "
            "it with gaitcoach.read_activity_list(...) or 'gaitcoach inspect'; for gait analysis export each "
            "walk's original FIT file.",
            file_name=name,
        )
    if looks_like_phyphox(header):
        return "phyphox"
    if looks_like_sensor_logger(header):
        return "sensor_logger"
    if looks_like_androsensor(header):
        return "androsensor"
    if looks_like_physics_toolbox(header):
        return "physics_toolbox"
    return "generic_csv"


def detect_format(source: Source) -> str:
    """Tell which reader a source needs, from its content (and its name for archives).

    Parameters
    ----------
    source
        The input as read by :func:`~gaitcoach.io.source.read_source`.

    Returns
    -------
    str
        A key of :data:`READERS`.

    Raises
    ------
    UnsupportedFormatError
        For content gaitcoach does not read (random bytes, images, non-UTF-8 text, ...).
    """
    if source.members:
        names = {k.lower().rsplit("/", 1)[-1]: k for k in source.members}
        if any(looks_like_fit(v) for v in source.members.values()):
            return "fit"
        if (
            "device.csv" in names
            and any("/meta/" in f"/{k.lower()}" for k in source.members)
            or any(looks_like_phyphox(v[:64].decode("utf-8", "replace")) for v in source.members.values())
        ):
            return "phyphox"
        if "metadata.csv" in names or any(
            v[:64].lstrip(b"\xef\xbb\xbf").startswith(b"time,seconds_elapsed") for v in source.members.values()
        ):
            return "sensor_logger"
        key, data = _only_csv(source)
        return _sniff_text(data, f"{source.name}/{key}")
    if looks_like_fit(source.data):
        return "fit"
    if source.name.lower().endswith(".fit"):
        return "fit"  # a .fit whose header is broken: the FIT reader says so precisely
    return _sniff_text(source.data, source.name)


def load(
    source: SourceLike,
    *,
    name: str | None = None,
    placement: str | None = None,
    side: str | None = None,
    units: Mapping[str, str] | None = None,
    format: str | None = None,
) -> Recording:
    """Load a sensor or activity file into a :class:`~gaitcoach.model.Recording`.

    Parameters
    ----------
    source
        A path (file, or a folder of an unzipped phone export), the file's bytes, or a binary file object.
    name
        File name to report (default: the path's name).
    placement
        Where the sensor was worn: ``"foot"``, ``"lumbar"``, ``"pocket"``, ``"wrist"`` (or ``"summary"``).
        None lets the analysis detect it.
    side
        ``"left"`` or ``"right"`` for a sensor worn on one side.
    units
        Explicit units for a generic CSV: keys ``time`` (``s``, ``ms``, ``us``, ``ns``, ``datetime``),
        ``acc`` (``m/s^2``, ``g``, ``mg``), ``gyr`` (``deg/s``, ``rad/s``), ``mag`` (``ut``, ``gauss``).
    format
        Force a reader (a key of :data:`READERS`) instead of detecting it.

    Returns
    -------
    Recording
        The canonical recording; soft problems are in its ``warnings``.

    Raises
    ------
    gaitcoach.errors.GaitcoachError
        For any problem with the file; the message names the file, what is wrong and what to do.
    ValueError
        For an invalid ``placement``, ``side`` or ``format`` argument (a programming error, not bad input).
    """
    placement = check_placement(placement)
    side = check_side(side)
    if format is not None and format not in READERS:
        raise ValueError(f"expected format in {FORMATS}, got {format!r}")
    src = read_source(source, name=name)
    fmt = format or detect_format(src)
    try:
        parsed = READERS[fmt](src, units or {})
        return finish(
            parsed, name=src.name, data=src.data or b"".join(src.members.values()), placement=placement, side=side
        )
    except GaitcoachError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, ArithmeticError, MemoryError, StopIteration) as exc:
        # A reader met a layout it does not expect: report it as a broken file, not a traceback.
        raise UnsupportedFormatError(
            f"the file looks like {fmt.replace('_', ' ')} but its content does not fit that format "
            f"({type(exc).__name__}: {exc}).",
            file_name=src.name,
        ) from exc
