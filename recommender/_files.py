"""Crash-safe file replacement shared by the index, classifier and weights download."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temp_path)`` in ``path``'s directory, fsync, then ``os.replace`` onto ``path``.

    Readers see either the previous file or the complete new one; on any error the
    temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    temp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        write(temp)
        _fsync_file(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


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
