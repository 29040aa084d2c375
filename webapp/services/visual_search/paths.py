"""Where the look-alike files live and what the saved index says about itself.

Files under RECOMMENDER_DIR ($INSTANCE_DIR/recommender):

- features.npz       one vector per product picture, keyed by the content-addressed image name, and the
                     embedder that made them: a known picture is never embedded twice (a new embedder
                     starts the store afresh, so everything is embedded again); only writers read it;
- versions/<stamp>/  one version of what photo searches and updates read, written once and never changed
                     (recommender.versions), checked against its manifest.json before use:
    index/             the library's saved index of the active products;
    indexed.npz        which picture each indexed product has: an update compares it with the database;
    kinds.json         each indexed product's gender, category, sub-category and type the lists were ranked by;
    classifier.joblib  the articleType classifier trained on the indexed vectors at each full build;
    info.json          which embedder built the index, when, and how many products it holds;
    head.npz           the tuned head whose vectors the index holds (absent: untuned vectors), applied to photos too;
- augmented.npz      backbone vectors of customer-photo-like copies of each picture, made once, for training;
- heads/             trained heads, named by backbone and catalogue version; tuning.json names the one
                     the next build applies, or why none (`flask recommender train` writes both);
- current            the name of the version in use, replaced atomically when a new one is published;
- writer.lock        serialises writers (the index command and the incremental updates).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from recommender import VersionDamaged, current_version
from webapp.services.catalog.media import instance_folder

FEATURES_FILE = "features.npz"
INDEXED_FILE = "indexed.npz"
INDEX_DIR = "index"
CLASSIFIER_FILE = "classifier.joblib"
INFO_FILE = "info.json"
KINDS_FILE = "kinds.json"
HEAD_FILE = "head.npz"
AUGMENTED_FILE = "augmented.npz"
HEADS_DIR = "heads"
TUNING_FILE = "tuning.json"
LOCK_FILE = "writer.lock"


def recommender_dir() -> Path:
    return instance_folder("RECOMMENDER_DIR", "recommender")


def current_version_dir() -> Path | None:
    """The folder of the version in use, or None before the first build (VersionDamaged: the pointer is)."""
    return current_version(recommender_dir())


def index_info() -> dict[str, Any] | None:
    """The current version's info.json, or None before the first build (or when it cannot be read)."""
    try:
        folder = current_version_dir()
        return None if folder is None else json.loads((folder / INFO_FILE).read_text())
    except (OSError, ValueError, VersionDamaged):
        return None


def has_index() -> bool:
    try:
        return current_version_dir() is not None
    except VersionDamaged:
        return True  # there is one, damaged: searches say it is being prepared, and the log says why
