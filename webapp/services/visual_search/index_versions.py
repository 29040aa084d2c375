"""Versions of the look-alike index: what one holds, publishing a new one, loading one checked.

A version is written whole into a new folder and switched to at once (recommender.versions), so a
change never edits what a worker may be reading. Loading checks every file against the version's
manifest first and reads the index into memory rather than mapping it: a file damaged later cannot
take the worker down (a mapped file truncated under a reader is a SIGBUS). Whatever goes wrong while
loading becomes IndexUnreadable, which callers turn into "being prepared" and a log line.
"""
from __future__ import annotations

import json
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from recommender import CategoryClassifier, Index, load_classifier, load_index, publish_version, verify_version
from recommender.files import write_bytes_atomically
from recommender.tuning import TunedHead, load_head
from webapp.services.visual_search.feature_store import load_indexed_pictures, save_indexed_pictures
from webapp.services.visual_search.paths import (
    CLASSIFIER_FILE,
    HEAD_FILE,
    INDEX_DIR,
    INDEXED_FILE,
    INFO_FILE,
    KINDS_FILE,
)
from webapp.services.visual_search.same_kind import Kind

KEPT_VERSIONS = 2  # the current one and the one before it, which a slow reader may still be loading


class IndexUnreadable(Exception):
    """A version cannot be used: damaged, incomplete, or not something this shop wrote. The message says why."""


@dataclass(frozen=True)
class IndexVersion:
    """One published version, loaded: the index, which picture and kind each product had, the classifier, the info."""

    name: str
    index: Index
    indexed: dict[int, str]
    kinds: dict[int, Kind]
    classifier: CategoryClassifier | None
    info: dict[str, Any]
    head: TunedHead | None = None  # the index holds its vectors; photos go through it too

    @property
    def embedder_name(self) -> str:
        return str(self.info.get("embedder", ""))


def publish(
    directory: Path, index: Index, indexed: dict[int, str], kinds: dict[int, Kind],
    classifier: CategoryClassifier | None, info: dict, head: TunedHead | None = None,
) -> Path:
    """Write a new version of everything searches and updates read, and make it the current one."""

    def write(folder: Path) -> None:
        index.save(folder / INDEX_DIR)
        save_indexed_pictures(folder / INDEXED_FILE, indexed)
        write_bytes_atomically(folder / KINDS_FILE, json.dumps(
            {str(pid): list(astuple(kind)) for pid, kind in kinds.items() if pid in indexed}).encode())
        if classifier is not None:
            classifier.save(folder / CLASSIFIER_FILE)
        if head is not None:
            head.save(folder / HEAD_FILE)
        write_bytes_atomically(folder / INFO_FILE, json.dumps(info, indent=2).encode())

    return publish_version(directory, write, keep=KEPT_VERSIONS)


def load_version(folder: Path) -> IndexVersion:
    """Every file of the version, checked against its manifest, then read into memory; IndexUnreadable if not."""
    try:
        verify_version(folder)
        classifier_path = folder / CLASSIFIER_FILE
        info = json.loads((folder / INFO_FILE).read_text())
        return IndexVersion(
            name=folder.name,
            index=load_index(folder / INDEX_DIR, memory_map=False),
            indexed=load_indexed_pictures(folder / INDEXED_FILE),
            kinds=_load_kinds(folder / KINDS_FILE),
            classifier=load_classifier(classifier_path) if classifier_path.is_file() else None,
            info=info,
            head=_matching_head(folder / HEAD_FILE, info),
        )
    except Exception as exc:
        # numpy, faiss, joblib (a pickle), json and the manifest check each fail in their own way; a file
        # that passed its checksum and still fails to load was written wrong: all of it is "unreadable".
        raise IndexUnreadable(f"{folder}: {exc}") from exc


def _load_kinds(path: Path) -> dict[int, Kind]:
    """The kinds the version's lists were ranked with; a version from before kinds were kept has none, so the next
    update recomputes every list by the same-kind rule."""
    if not path.is_file():
        return {}
    return {int(pid): Kind(*values) for pid, values in json.loads(path.read_text()).items()}


def _matching_head(path: Path, info: dict[str, Any]) -> TunedHead | None:
    """The version's head, refused (ValueError) unless it is the one its vectors were made with, on its backbone."""
    wanted = info.get("head")
    head = load_head(path) if path.is_file() else None
    found = head.name if head is not None else None
    if found != wanted or (head is not None and head.backbone != info.get("embedder")):
        raise ValueError(f"the index was built with head {wanted} but the version holds {found}")
    return head
