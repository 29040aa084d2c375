"""One writer at a time on the look-alike files: the index command and the incremental updates."""
from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Iterator
from pathlib import Path

from webapp.services.visual_search.paths import LOCK_FILE

POLL_SECONDS = 0.2


@contextlib.contextmanager
def writer_lock(directory: Path, wait: float | None = None) -> Iterator[bool]:
    """Hold the writers' lock (yields True), or yield False if it was not free within `wait` seconds.

    An flock, so a writer that dies (a killed command, a crashed worker) never leaves it held.
    """
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK_FILE, "w") as handle:
        deadline = None if wait is None else time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (fcntl.LOCK_NB if deadline else 0))
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    yield False
                    return
                time.sleep(POLL_SECONDS)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
