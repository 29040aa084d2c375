"""Crash-safe file replacement: the one way the library and the shop write a file that others read.

The content goes to a temporary file in the destination's folder (so the rename never crosses file
systems), is flushed to disk, then renamed onto the destination with ``os.replace``: a reader sees the
old file or the complete new one, and after a crash the disk holds one of the two, never half a file.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: str | os.PathLike, write: Callable[[Path], None]) -> None:
    """Call ``write(temp_path)`` next to ``path``, fsync, then ``os.replace`` onto ``path``.

    ``path``'s folder is made if missing. On any error the temporary file is removed and
    ``path`` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        write(temp)
        _fsync_file(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def write_bytes_atomically(path: str | os.PathLike, data: bytes) -> None:
    """``write_atomically`` for content already in memory."""
    write_atomically(path, lambda temp: temp.write_bytes(data))


def _fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; directories cannot be opened for fsync on Windows.
    with contextlib.suppress(OSError):
        _fsync_file(directory)
