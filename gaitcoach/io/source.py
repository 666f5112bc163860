"""Reading a user's input safely: paths, bytes, file objects, folders and zip archives, with size limits."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Union

from ..errors import CorruptFileError, EmptyFileError, FileTooLargeError, UnsupportedFormatError

__all__ = ["MAX_ARCHIVE_MEMBERS", "MAX_FILE_BYTES", "MAX_UNPACKED_BYTES", "Source", "SourceLike", "read_source"]

#: Largest file accepted [bytes]. A day of 100 Hz acc+gyro as CSV is about 0.8 GB; 1 GiB leaves room for
#: that and stops a mistaken multi-gigabyte upload before it fills the memory (design choice).
MAX_FILE_BYTES = 1 << 30
#: Largest total uncompressed size of an archive's members [bytes] (zip-bomb guard; design choice).
MAX_UNPACKED_BYTES = 1 << 30
#: Most members read from one archive or folder (design choice).
MAX_ARCHIVE_MEMBERS = 200

SourceLike = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]


@dataclass(frozen=True)
class Source:
    """The raw input: its name and bytes, or the members of an archive / folder.

    Attributes
    ----------
    name
        File name shown to the user.
    data
        The file's bytes (for an archive: the archive's bytes; for a folder: empty).
    members
        For a zip archive or folder: member path (``/``-separated, relative) to bytes. Empty otherwise.
    """

    name: str
    data: bytes
    members: Mapping[str, bytes]

    @property
    def is_archive(self) -> bool:
        """True for a zip archive or a folder."""
        return bool(self.members) or not self.data


def _too_large(name: str, size: int, limit: int, what: str = "file") -> FileTooLargeError:
    return FileTooLargeError(
        f"the {what} is {size / 2**20:,.0f} MiB; gaitcoach reads at most {limit / 2**20:,.0f} MiB. "
        "Split the recording into shorter files (for example one per walk) and load them one by one.",
        file_name=name,
    )


def read_source(source: SourceLike, *, name: str | None = None) -> Source:
    """Read a path, bytes or binary file object into a :class:`Source`.

    Parameters
    ----------
    source
        A path to a file or folder, the file's bytes, or a binary file object (read, never closed).
    name
        The file name to report (defaults to the path's name, or the file object's ``name``).

    Returns
    -------
    Source
        Name, bytes, and archive members where the input is a zip file or a folder.

    Raises
    ------
    EmptyFileError, FileTooLargeError, CorruptFileError, UnsupportedFormatError
        For an empty, oversized, unreadable or broken archive input.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        shown = name or path.name
        if path.is_dir():
            return Source(shown, b"", _read_folder(path, shown))
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise UnsupportedFormatError(f"cannot open the file ({exc.strerror or exc})", file_name=shown) from exc
        if size > MAX_FILE_BYTES:
            raise _too_large(shown, size, MAX_FILE_BYTES)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnsupportedFormatError(f"cannot read the file ({exc.strerror or exc})", file_name=shown) from exc
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        shown = name or "uploaded file"
    elif hasattr(source, "read"):
        shown = name or os.path.basename(str(getattr(source, "name", "") or "")) or "uploaded file"
        chunk = source.read(MAX_FILE_BYTES + 1)
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        data = bytes(chunk)
    else:
        raise TypeError(f"expected a path, bytes or a binary file object, got {type(source).__name__}")
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(shown, len(data), MAX_FILE_BYTES)
    if not data:
        raise EmptyFileError("the file is empty (0 bytes); export the recording again.", file_name=shown)
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        return Source(shown, data, _read_zip(data, shown))
    return Source(shown, data, {})


def _read_folder(path: Path, shown: str) -> dict[str, bytes]:
    files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not files:
        raise EmptyFileError("the folder holds no files.", file_name=shown)
    if len(files) > MAX_ARCHIVE_MEMBERS:
        raise FileTooLargeError(
            f"the folder holds {len(files)} files; gaitcoach reads at most {MAX_ARCHIVE_MEMBERS}. "
            "Point it at one recording's folder.",
            file_name=shown,
        )
    total = sum(p.stat().st_size for p in files)
    if total > MAX_UNPACKED_BYTES:
        raise _too_large(shown, total, MAX_UNPACKED_BYTES, "folder")
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in files}


def _read_zip(data: bytes, shown: str) -> dict[str, bytes]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        # (NotImplementedError: a central directory that asks for a zip version beyond Python's, as damage can)
        raise CorruptFileError(f"the zip archive is damaged ({exc}); export it again.", file_name=shown) from exc
    infos = [i for i in infos if not _junk(i.filename)]
    if not infos:
        raise EmptyFileError("the zip archive holds no files.", file_name=shown)
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        raise FileTooLargeError(
            f"the zip archive holds {len(infos)} files; gaitcoach reads at most {MAX_ARCHIVE_MEMBERS}.",
            file_name=shown,
        )
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNPACKED_BYTES:
        raise _too_large(shown, declared, MAX_UNPACKED_BYTES, "unpacked archive")
    members: dict[str, bytes] = {}
    budget = MAX_UNPACKED_BYTES
    try:
        for info in infos:
            # Read with our own limit: a forged header can under-state the size (zip bomb).
            with zf.open(info) as fh:
                content = fh.read(budget + 1)
            budget -= len(content)
            if budget < 0:
                raise _too_large(shown, MAX_UNPACKED_BYTES + 1, MAX_UNPACKED_BYTES, "unpacked archive")
            members[info.filename.replace("\\", "/")] = content
    except FileTooLargeError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
        # zlib.error: damaged compressed data; RuntimeError: encrypted member; NotImplementedError: unsupported
        # compression method.
        raise CorruptFileError(
            f"cannot unpack the zip archive ({exc}); export it again without a password.", file_name=shown
        ) from exc
    return members


def _junk(member: str) -> bool:
    base = member.rsplit("/", 1)[-1]
    return member.startswith("__MACOSX/") or base.startswith(".") or base in ("Thumbs.db", "desktop.ini")


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file (UTF-8, with or without BOM, or UTF-16 with BOM).

    Parameters
    ----------
    data
        The file's bytes.
    name
        File name for messages.

    Returns
    -------
    str
        The text.

    Raises
    ------
    UnsupportedFormatError
        For binary content or text in another encoding.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    head = data[:4096]
    if b"\x00" in head:
        raise UnsupportedFormatError(
            "this is not a file gaitcoach reads (binary content that is neither FIT nor zip). Supported: "
            "Garmin/ANT FIT files and sensor exports of phyphox, Sensor Logger, Physics Toolbox, "
            "AndroSensor, or a CSV with a time column and accelerometer columns.",
            file_name=name,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsupportedFormatError(
            f"the text is not UTF-8 (bad byte at position {exc.start}). Save or export the file as UTF-8 "
            "CSV and load it again.",
            file_name=name,
        ) from exc
