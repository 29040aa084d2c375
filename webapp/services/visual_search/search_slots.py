"""How many photo searches a worker process decodes and embeds at once; the others wait briefly, then 503.

Each search holds a decoded photo and the embedder's working memory: bounding how many run together
bounds a worker's memory whatever the number of threads or clients. PHOTO_SEARCHES_PER_WORKER run at
once; a search that finds none free within PHOTO_SEARCH_WAIT_SECONDS is turned away with SearchBusy.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from flask import Flask, current_app

SLOTS_KEY = "visual_search.search_slots"
BUSY = "Photo search is busy with other photos right now: please try again in a few seconds."
_making_slots = threading.Lock()


class SearchBusy(Exception):
    """Every slot stayed taken for the whole wait; the message is fit to show the customer."""


def _slots(app: Flask) -> threading.BoundedSemaphore:
    slots = app.extensions.get(SLOTS_KEY)
    if slots is None:
        with _making_slots:
            slots = app.extensions.setdefault(
                SLOTS_KEY, threading.BoundedSemaphore(int(app.config["PHOTO_SEARCHES_PER_WORKER"])))
    return slots


@contextlib.contextmanager
def search_slot() -> Iterator[None]:
    """Hold one of this process's photo search slots for the block; SearchBusy if none frees up in time."""
    app = current_app._get_current_object()
    slots = _slots(app)
    if not slots.acquire(timeout=float(app.config["PHOTO_SEARCH_WAIT_SECONDS"])):
        raise SearchBusy(BUSY)
    try:
        yield
    finally:
        slots.release()
