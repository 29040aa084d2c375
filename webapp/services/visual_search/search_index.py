"""The index version photo searches use: loaded and checked once per process, again after each publish.

A version that cannot be loaded is remembered by name, so each process logs it once and later searches
answer "being prepared" at once, until a new version (`flask recommender index`) replaces it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from recommender import VersionDamaged
from webapp.services.visual_search.index_versions import IndexUnreadable, IndexVersion, load_version
from webapp.services.visual_search.paths import current_version_dir

SEARCH_INDEX_KEY = "recommender.search_index"
# A reader slower than two publishes finds its version pruned: it then loads the newest once more.
LOAD_ATTEMPTS = 2


@dataclass(frozen=True)
class _Unreadable:
    name: str


def current_search_index() -> IndexVersion | None:
    """The current version for photo searches, None before the first build; IndexUnreadable when it is damaged."""
    app = current_app._get_current_object()
    for _attempt in range(LOAD_ATTEMPTS):
        folder = _current_folder()
        if folder is None:
            return None
        cached = app.extensions.get(SEARCH_INDEX_KEY)
        if cached is not None and cached.name == folder.name:
            if isinstance(cached, _Unreadable):
                raise IndexUnreadable(f"{folder} was found damaged before")
            return cached
        try:
            loaded = load_version(folder)
        except IndexUnreadable as exc:
            if _current_folder() != folder:
                continue  # replaced while we read it: the new one is what matters
            app.logger.error("Photo search is off: the look-alike index cannot be used (%s). "
                             "`flask recommender index` builds a new one.", exc)
            app.extensions[SEARCH_INDEX_KEY] = _Unreadable(folder.name)
            raise
        app.extensions[SEARCH_INDEX_KEY] = loaded
        return loaded
    raise IndexUnreadable("the look-alike index kept changing while it was loaded")


def _current_folder() -> Path | None:
    try:
        return current_version_dir()
    except VersionDamaged as exc:
        current_app.logger.error("Photo search is off: %s. `flask recommender index` builds a new index.", exc)
        raise IndexUnreadable(str(exc)) from exc
