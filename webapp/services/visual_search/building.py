"""Building the look-alike index and keeping it current: which products, their vectors, lists, files.

Only active products with a picture are indexed. A full build embeds what is new, rebuilds the index,
every stored list and the classifier; an update after products changed embeds just their pictures,
edits the saved index in place and recomputes only the lists the change moves. Lists are ranked by
recommender.neighbour_lists, which is reproducible, so an update writes exactly what a rebuild would.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from flask import current_app
from sqlalchemy import select

from recommender import (
    Embedder,
    Index,
    build_index,
    describe_embedder,
    load_index,
    neighbour_lists,
    reached_by,
    train_category_classifier,
)
from recommender.files import write_bytes_atomically
from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.services.visual_search.embedding import Progress, active_embedder, embed_pictures, no_progress
from webapp.services.visual_search.feature_store import FeatureStore, load_indexed_pictures, save_indexed_pictures
from webapp.services.visual_search.neighbour_lists import full_list_radii, holders_of, store_lists
from webapp.services.visual_search.paths import (
    CLASSIFIER_FILE,
    FEATURES_FILE,
    INDEX_DIR,
    INDEXED_FILE,
    INFO_FILE,
    has_index,
    index_info,
    recommender_dir,
)
from webapp.services.visual_search.writer_lock import writer_lock

LOCK_WAIT_SECONDS = 20.0


@dataclass(frozen=True)
class IndexReport:
    products: int
    embedded: int
    reused: int
    unreadable: list[str]
    neighbours: int
    classifier_labels: int
    embedder: str


def neighbours_kept() -> int:
    return int(current_app.config["RECOMMENDER_NEIGHBOURS"])


def _indexable() -> dict[int, str]:
    """Active products with a picture: product id -> image name."""
    rows = db.session.execute(
        select(Product.id, Product.image_name)
        .where(Product.is_active.is_(True), Product.image_name.is_not(None))
        .order_by(Product.id)
    )
    return dict(rows.all())


def _all_pictures() -> set[str]:
    return set(db.session.scalars(select(Product.image_name).where(Product.image_name.is_not(None))))


def _ids_and_vectors(store: FeatureStore, pictures: dict[int, str]) -> tuple[np.ndarray, np.ndarray]:
    """Product ids and their pictures' vectors, row for row."""
    ids = np.asarray(list(pictures), dtype=np.int64)
    if not pictures:
        return ids, np.zeros((0, store.vectors.shape[1]), dtype=np.float32)
    return ids, np.stack([store.vector(name) for name in pictures.values()])


def _lists_reached_by(newcomers: np.ndarray, ids: np.ndarray, vectors: np.ndarray, keep: int) -> set[int]:
    """Products that a new or re-pictured product may now belong among: it is nearer than their last neighbour."""
    if not len(newcomers):
        return set()  # a removal moves only the lists that named it: no need to read every radius
    radius_of = full_list_radii(keep)
    radii = np.array([radius_of.get(product_id, np.inf) for product_id in ids.tolist()])
    return set(ids[reached_by(newcomers, vectors, radii)].tolist())


def _train_classifier(directory: Path, vectors: np.ndarray, ids: list[int], embedder: Embedder) -> int:
    """Fit the articleType classifier on the indexed vectors; returns how many labels it knows."""
    types = dict(db.session.execute(select(Product.id, Product.article_type)).all())
    labels = [types[i] for i in ids]
    path = directory / CLASSIFIER_FILE
    if len(set(labels)) < 2:
        path.unlink(missing_ok=True)  # nothing to tell apart: no classifier rather than a stale one
        return 0
    train_category_classifier(vectors, labels, embedder.name).save(path)
    return len(set(labels))


def _write_info(directory: Path, embedder: Embedder, products: int, **extra: object) -> None:
    info = {
        **(index_info() or {}),
        "embedder": embedder.name,
        "description": describe_embedder(embedder),
        "products": products,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **extra,
    }
    write_bytes_atomically(directory / INFO_FILE, json.dumps(info, indent=2).encode())


def _save_artefacts(directory: Path, store: FeatureStore, index: Index, indexed: dict[int, str]) -> None:
    store.save(directory / FEATURES_FILE)
    save_indexed_pictures(directory / INDEXED_FILE, indexed)
    index.save(directory / INDEX_DIR)  # its manifest is what readers watch: replaced last


def build_catalogue_index(progress: Progress = no_progress) -> IndexReport:
    """Embed new or changed pictures, rebuild the index, every look-alike list and the classifier."""
    directory = recommender_dir()
    keep = neighbours_kept()
    with writer_lock(directory):
        embedder = active_embedder()
        wanted = _indexable()
        store = FeatureStore.load(directory / FEATURES_FILE, embedder)
        missing = sorted({name for name in wanted.values() if name not in store})
        names, vectors, unreadable = embed_pictures(embedder, missing, progress)
        store.add(names, vectors)
        store.keep_only(_all_pictures())  # inactive products keep theirs: reactivating one embeds nothing
        indexed = {pid: name for pid, name in wanted.items() if name in store}
        ids, matrix = _ids_and_vectors(store, indexed)
        index = build_index(matrix, ids)
        lists = neighbour_lists(index, ids, matrix, keep)
        labels = _train_classifier(directory, matrix, ids.tolist(), embedder)
        stored = store_lists(lists, replacing=None)
        db.session.commit()
        _save_artefacts(directory, store, index, indexed)
        _write_info(directory, embedder, len(ids), built_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    classifier_labels=labels)
        # Products changed while we embedded announced it to a writer waiting on our lock (or to no
        # one): either way, what differs from our snapshot is applied now.
        _apply_differences(directory)
    return IndexReport(
        products=len(ids), embedded=len(names), reused=len(set(indexed.values()) - set(names)),
        unreadable=unreadable, neighbours=stored, classifier_labels=labels, embedder=embedder.name,
    )


def update_products(product_ids: Sequence[int]) -> bool:
    """Bring the index and the affected look-alike lists up to date after products changed.

    Returns False when nothing needed doing (no index yet, or no change the index cares about, as
    for a stock change) or the work was left to a full build (another embedder made the index, or
    a build holds the lock and will catch up).
    """
    if not product_ids or not has_index():
        return False
    directory = recommender_dir()
    with writer_lock(directory, wait=LOCK_WAIT_SECONDS) as locked:
        if not locked:
            current_app.logger.warning("An index build is running; it will pick up products %s.", product_ids[:20])
            return False
        return _apply_differences(directory)


def _apply_differences(directory: Path) -> bool:
    """Make the index hold exactly the active, pictured products, and recompute the lists this moves."""
    embedder = active_embedder()
    info = index_info() or {}
    if info.get("embedder") != embedder.name:
        current_app.logger.warning(
            "The look-alike index was built with %s but this shop now embeds with %s: "
            "run `flask recommender index` to rebuild it.", info.get("embedder"), embedder.name)
        return False
    indexed = load_indexed_pictures(directory / INDEXED_FILE)
    indexable = _indexable()
    # The announced products and anything never announced alike: the database says what should be held.
    changed = sorted(pid for pid in indexed.keys() | indexable.keys() if indexed.get(pid) != indexable.get(pid))
    if not changed:
        return False
    store = FeatureStore.load(directory / FEATURES_FILE, embedder)
    wanted = {pid: indexable[pid] for pid in changed if pid in indexable}
    missing = sorted({name for name in wanted.values() if name not in store})
    names, vectors, _ = embed_pictures(embedder, missing)
    store.add(names, vectors)
    wanted = {pid: name for pid, name in wanted.items() if name in store}
    gone = set(changed) - set(wanted)
    wanted_ids, wanted_vectors = _ids_and_vectors(store, wanted)
    index = load_index(directory / INDEX_DIR)
    index.remove(np.asarray(sorted(gone), dtype=np.int64))
    if wanted:
        index.upsert(wanted_ids, wanted_vectors)
    indexed = {pid: name for pid, name in indexed.items() if pid not in gone} | wanted
    ids, matrix = _ids_and_vectors(store, indexed)
    keep = neighbours_kept()
    reached = _lists_reached_by(wanted_vectors, ids, matrix, keep)
    affected = (set(wanted) | holders_of(changed) | reached) - gone
    lists = neighbour_lists(index, ids, matrix, keep, of=sorted(affected))
    store_lists(lists, replacing=affected | gone)
    db.session.commit()
    # Files after the commit: should saving fail, the record still differs from the database and the
    # next update redoes this one.
    _save_artefacts(directory, store, index, indexed)
    _write_info(directory, embedder, len(indexed))
    return True
