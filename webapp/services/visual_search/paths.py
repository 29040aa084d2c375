"""Where the look-alike files live and what the saved index says about itself.

Files under RECOMMENDER_DIR ($INSTANCE_DIR/recommender):

- features.npz       one vector per product picture, keyed by the content-addressed image name, and the
                     embedder that made them: a known picture is never embedded twice (a new embedder
                     starts the store afresh, so everything is embedded again);
- indexed.npz        which picture each indexed product has: an update compares it with the database;
- index/             the library's saved index of the active products (its manifest is replaced last);
- classifier.joblib  the articleType classifier trained on the indexed vectors at each full build;
- info.json          which embedder built the index, when, and how many products it holds;
- writer.lock        serialises writers (the index command and the incremental updates).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from recommender.index import MANIFEST_NAME
from webapp.services.catalog.media import instance_folder

FEATURES_FILE = "features.npz"
INDEXED_FILE = "indexed.npz"
INDEX_DIR = "index"
INDEX_MANIFEST = f"{INDEX_DIR}/{MANIFEST_NAME}"  # what readers watch: a save replaces it last
CLASSIFIER_FILE = "classifier.joblib"
INFO_FILE = "info.json"
LOCK_FILE = "writer.lock"


def recommender_dir() -> Path:
    return instance_folder("RECOMMENDER_DIR", "recommender")


def index_info() -> dict[str, Any] | None:
    """The saved info.json, or None before the first build (or when it cannot be read)."""
    try:
        return json.loads((recommender_dir() / INFO_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return None


def has_index() -> bool:
    return (recommender_dir() / INDEX_MANIFEST).is_file()
