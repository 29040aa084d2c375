"""The saved index as photo searches use it: loaded once per process, reloaded after each save."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from recommender import CategoryClassifier, Index, load_classifier, load_index
from webapp.services.visual_search.paths import (
    CLASSIFIER_FILE,
    INDEX_DIR,
    INDEX_MANIFEST,
    INFO_FILE,
    index_info,
    recommender_dir,
)

SEARCH_INDEX_KEY = "recommender.search_index"


@dataclass(frozen=True)
class SearchIndex:
    """What a photo search needs, loaded from the saved files."""

    index: Index
    classifier: CategoryClassifier | None
    embedder_name: str
    stamp: tuple[int, ...]


def _stamp(directory: Path) -> tuple[int, ...] | None:
    """Identity of the saved files (each save replaces them: new inode, new mtime); None without an index."""
    stamp: list[int] = []
    for name, required in ((INDEX_MANIFEST, True), (INFO_FILE, True), (CLASSIFIER_FILE, False)):
        try:
            stat = (directory / name).stat()
        except FileNotFoundError:
            if required:
                return None
            stamp += [0, 0]
            continue
        stamp += [stat.st_ino, stat.st_mtime_ns]
    return tuple(stamp)


def current_search_index() -> SearchIndex | None:
    """The saved index for photo searches, or None before the first build."""
    directory = recommender_dir()
    stamp = _stamp(directory)
    if stamp is None:
        return None
    app = current_app._get_current_object()
    cached = app.extensions.get(SEARCH_INDEX_KEY)
    if cached is not None and cached.stamp == stamp:
        return cached
    embedder_name = (index_info() or {}).get("embedder", "")
    classifier = load_classifier(directory / CLASSIFIER_FILE) if stamp[-1] else None  # 0: no classifier file
    if classifier is not None and classifier.embedder_name != embedder_name:
        classifier = None
    loaded = SearchIndex(load_index(directory / INDEX_DIR), classifier, embedder_name, stamp)
    app.extensions[SEARCH_INDEX_KEY] = loaded
    return loaded
