"""The bridge between the shop and recommender/: what is indexed, where the files live, look-alike lists.

Only active products with a picture are indexed. Files under RECOMMENDER_DIR ($INSTANCE_DIR/recommender):

- features.npz       one vector per product picture, keyed by the content-addressed image name, and the
                     embedder that made them: a known picture is never embedded twice (a new embedder
                     starts the store afresh, so everything is embedded again);
- indexed.npz        which picture each indexed product has: an update compares it with the database;
- index/             the library's saved index of the active products (swapped atomically);
- classifier.joblib  the articleType classifier trained on the indexed vectors at each full build;
- info.json          which embedder built the index, when, and how many products it holds;
- writer.lock        serialises writers (the index command and the incremental updates).

Each product's nearest `RECOMMENDER_NEIGHBOURS` are stored in product_neighbours (stock is not
considered, so a sale never invalidates a list; pages filter at read time). Lists are ranked by a
float64 distance recomputed for a few extra candidates, ties broken by product id, so an incremental
update writes exactly what a full rebuild would.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from flask import Flask, current_app
from PIL import Image
from sqlalchemy import delete, func, insert, select

from recommender import (
    CategoryClassifier,
    ColourShapeEmbedder,
    Embedder,
    Index,
    build_index,
    describe_embedder,
    load_classifier,
    load_embedder,
    load_image,
    load_index,
    train_category_classifier,
)
from recommender.embedder import IMAGENET_WEIGHTS_FILE, IMAGENET_WEIGHTS_URL
from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.models.similarity import ProductNeighbour
from recommender.files import write_bytes_atomically
from webapp.services.catalog.media import instance_folder, product_images_dir
from webapp.services.visual_search.feature_store import FeatureStore, load_indexed_pictures, save_indexed_pictures
from webapp.signals import products_changed

FEATURES_FILE = "features.npz"
INDEXED_FILE = "indexed.npz"
INDEX_DIR = "index"
MANIFEST_FILE = "index.json"  # the library's manifest inside INDEX_DIR: replaced last on every save
CLASSIFIER_FILE = "classifier.joblib"
INFO_FILE = "info.json"
LOCK_FILE = "writer.lock"
EMBED_BATCH = 32
QUERY_BLOCK = 256
# Extra float32 candidates re-ranked in float64, so near-ties come out the same in every run.
CANDIDATE_MARGIN = 10
TIE_DECIMALS = 6
# Float32 search distances may differ from the stored float64 ones by ~1e-6: err on recomputing.
RADIUS_SLACK = 1e-4
LOCK_WAIT_SECONDS = 20.0
SQL_CHUNK = 500

EMBEDDER_KEY = "recommender.embedder"
SEARCH_INDEX_KEY = "recommender.search_index"
_embedder_lock = threading.Lock()


class ProgressBar(Protocol):
    def update(self, n_steps: int) -> None: ...


Progress = Callable[[int], AbstractContextManager[ProgressBar]]


class _SilentBar:
    def update(self, n_steps: int) -> None:
        return None


def no_progress(total: int) -> AbstractContextManager[ProgressBar]:
    return contextlib.nullcontext(_SilentBar())


@dataclass(frozen=True)
class IndexReport:
    products: int
    embedded: int
    reused: int
    unreadable: list[str]
    neighbours: int
    classifier_labels: int
    embedder: str


@dataclass(frozen=True)
class LookAlike:
    product: Product
    similarity: float  # cosine similarity, 1 - d/2 for the squared distance d of unit vectors

    @property
    def percent(self) -> int:
        return round(max(0.0, min(1.0, self.similarity)) * 100)


@dataclass(frozen=True)
class SearchIndex:
    """What a photo search needs, loaded from the saved files and reloaded when they change."""

    index: Index
    classifier: CategoryClassifier | None
    embedder_name: str
    stamp: tuple[int, ...]


@dataclass(frozen=True)
class RecommenderStatus:
    embedder: str
    description: str
    using_fallback: bool
    fallback_chosen: bool
    index_info: dict[str, Any] | None
    weights_file: str = IMAGENET_WEIGHTS_FILE
    weights_url: str = IMAGENET_WEIGHTS_URL


# ---------------------------------------------------------------- places and the embedder


def recommender_dir() -> Path:
    return instance_folder("RECOMMENDER_DIR", "recommender")


def neighbours_kept() -> int:
    return int(current_app.config["RECOMMENDER_NEIGHBOURS"])


def active_embedder() -> Embedder:
    """The process's embedder, made on first use (never at import: workers fork first)."""
    app = current_app._get_current_object()
    embedder = app.extensions.get(EMBEDDER_KEY)
    if embedder is None:
        with _embedder_lock:
            embedder = app.extensions.get(EMBEDDER_KEY)
            if embedder is None:
                embedder = load_embedder(app.config["RECOMMENDER_WEIGHTS"], app.logger)
                app.extensions[EMBEDDER_KEY] = embedder
    return embedder


def index_info() -> dict[str, Any] | None:
    path = recommender_dir() / INFO_FILE
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return None


def status() -> RecommenderStatus:
    """Which embedder this process uses and what the saved index holds, for the admin."""
    embedder = active_embedder()
    chosen = current_app.config["RECOMMENDER_WEIGHTS"] == "fallback"
    return RecommenderStatus(
        embedder=embedder.name,
        description=describe_embedder(embedder),
        using_fallback=isinstance(embedder, ColourShapeEmbedder),
        fallback_chosen=chosen,
        index_info=index_info(),
    )


# ---------------------------------------------------------------- embedding


def _embed_pictures(
    embedder: Embedder, names: Sequence[str], progress: Progress
) -> tuple[list[str], np.ndarray, list[str]]:
    """Embed product pictures by name, a batch at a time: (names embedded, their vectors, unreadable names)."""
    folder = product_images_dir()
    embedded: list[str] = []
    unreadable: list[str] = []
    parts = [np.zeros((0, embedder.dim), dtype=np.float32)]
    with progress(len(names)) as bar:
        for start in range(0, len(names), EMBED_BATCH):
            batch = names[start : start + EMBED_BATCH]
            images = []
            for name in batch:
                try:
                    images.append(load_image(folder / name))
                    embedded.append(name)
                except (OSError, ValueError, Image.DecompressionBombError):
                    unreadable.append(name)
            if images:
                parts.append(embedder.embed(images))
            bar.update(len(batch))
    return embedded, np.concatenate(parts), unreadable


# ---------------------------------------------------------------- neighbour lists


def _indexable() -> dict[int, str]:
    """Active products with a picture: product id -> image name."""
    rows = db.session.execute(
        select(Product.id, Product.image_name)
        .where(Product.is_active.is_(True), Product.image_name.is_not(None))
        .order_by(Product.id)
    )
    return dict(rows.all())


def _ranked(product_id: int, query: np.ndarray, candidates: list[int], vector_of: dict[int, np.ndarray],
            keep: int) -> list[tuple[int, float]]:
    candidates = [c for c in candidates if c != product_id]
    if not candidates:
        return []
    difference = np.stack([vector_of[c] for c in candidates]).astype(np.float64) - query.astype(np.float64)
    distances = (difference * difference).sum(axis=1)
    # Distances equal to 1e-6 (duplicate pictures, float32 norms) count as a tie, going to the lower id.
    order = sorted(range(len(candidates)), key=lambda i: (round(distances[i], TIE_DECIMALS), candidates[i]))[:keep]
    return [(candidates[i], float(1.0 - distances[i] / 2.0)) for i in order]


def _nearest_lists(
    index: Index, vector_of: dict[int, np.ndarray], product_ids: Sequence[int], keep: int
) -> dict[int, list[tuple[int, float]]]:
    lists = {}
    for start in range(0, len(product_ids), QUERY_BLOCK):
        chunk = product_ids[start : start + QUERY_BLOCK]
        queries = np.stack([vector_of[p] for p in chunk])
        _, candidates = index.search(queries, keep + 1 + CANDIDATE_MARGIN)
        for product_id, query, row in zip(chunk, queries, candidates.tolist(), strict=True):
            lists[product_id] = _ranked(product_id, query, [c for c in row if c >= 0], vector_of, keep)
    return lists


def _chunks(items: Sequence, size: int = SQL_CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _store_lists(lists: dict[int, list[tuple[int, float]]], replacing: Iterable[int] | None) -> int:
    """Write lists in the current transaction; `replacing` None wipes every stored list first."""
    if replacing is None:
        db.session.execute(delete(ProductNeighbour))
    else:
        for chunk in _chunks(sorted(replacing)):
            db.session.execute(delete(ProductNeighbour).where(ProductNeighbour.product_id.in_(chunk)))
    rows = [
        {"product_id": product_id, "rank": rank, "neighbour_id": neighbour_id, "similarity": similarity}
        for product_id, ranked in lists.items()
        for rank, (neighbour_id, similarity) in enumerate(ranked, start=1)
    ]
    for chunk in _chunks(rows, 5000):
        db.session.execute(insert(ProductNeighbour), list(chunk))
    return len(rows)


def _holders_of(product_ids: Sequence[int]) -> set[int]:
    """Products whose stored lists name any of `product_ids`."""
    holders: set[int] = set()
    for chunk in _chunks(sorted(product_ids)):
        holders.update(db.session.scalars(
            select(ProductNeighbour.product_id).where(ProductNeighbour.neighbour_id.in_(chunk)).distinct()
        ))
    return holders


def _stored_radius(keep: int) -> dict[int, float]:
    """Squared distance to the last stored neighbour, for products whose list is full."""
    rows = db.session.execute(
        select(ProductNeighbour.product_id, func.count(), func.min(ProductNeighbour.similarity))
        .group_by(ProductNeighbour.product_id)
    )
    return {product_id: 2.0 - 2.0 * worst for product_id, count, worst in rows if count >= keep}


def _lists_reached_by(
    changed: Sequence[int], vector_of: dict[int, np.ndarray], indexed: Sequence[int], keep: int
) -> set[int]:
    """Products that a changed product may now belong among: it is nearer than their last neighbour."""
    if not changed:
        return set()
    probe = build_index(np.stack([vector_of[c] for c in changed]), np.asarray(changed, dtype=np.int64))
    radius = _stored_radius(keep)
    reached = set()
    for start in range(0, len(indexed), 4096):
        chunk = indexed[start : start + 4096]
        nearest, _ = probe.search(np.stack([vector_of[p] for p in chunk]), 1)
        for product_id, distance in zip(chunk, nearest[:, 0].tolist(), strict=True):
            if distance <= radius.get(product_id, np.inf) + RADIUS_SLACK:
                reached.add(product_id)
    return reached


# ---------------------------------------------------------------- building and updating


@contextlib.contextmanager
def _writer_lock(directory: Path, wait: float | None = None) -> Iterator[bool]:
    """Hold the writers' lock (yields True), or yield False if it was not free within `wait` seconds."""
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
                time.sleep(0.2)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_info(directory: Path, embedder: Embedder, products: int, **extra: object) -> None:
    previous = index_info() or {}
    info = {
        **previous,
        "embedder": embedder.name,
        "description": describe_embedder(embedder),
        "products": products,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **extra,
    }
    write_bytes_atomically(directory / INFO_FILE, json.dumps(info, indent=2).encode())


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


def _all_pictures() -> set[str]:
    return set(db.session.scalars(select(Product.image_name).where(Product.image_name.is_not(None))))


def _save_artefacts(directory: Path, store: FeatureStore, index: Index, indexed: dict[int, str]) -> None:
    store.save(directory / FEATURES_FILE)
    save_indexed_pictures(directory / INDEXED_FILE, indexed)
    index.save(directory / INDEX_DIR)  # its manifest is what readers watch: replaced last


def build_catalogue_index(progress: Progress = no_progress) -> IndexReport:
    """Embed new or changed pictures, rebuild the index, every look-alike list and the classifier."""
    directory = recommender_dir()
    keep = neighbours_kept()
    with _writer_lock(directory):
        embedder = active_embedder()
        wanted = _indexable()
        store = FeatureStore.load(directory / FEATURES_FILE, embedder)
        missing = sorted({name for name in wanted.values() if name not in store})
        names, vectors, unreadable = _embed_pictures(embedder, missing, progress)
        store.add(names, vectors)
        store.keep_only(_all_pictures())  # inactive products keep theirs: reactivating one embeds nothing
        indexed = {pid: name for pid, name in wanted.items() if name in store}
        ids = list(indexed)
        matrix = np.stack([store.vector(indexed[pid]) for pid in ids]) if ids else np.zeros((0, embedder.dim))
        index = build_index(matrix, np.asarray(ids, dtype=np.int64))
        lists = _nearest_lists(index, dict(zip(ids, matrix, strict=True)), ids, keep)
        labels = _train_classifier(directory, matrix, ids, embedder)
        stored = _store_lists(lists, replacing=None)
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


def has_index() -> bool:
    return (recommender_dir() / INDEX_DIR / MANIFEST_FILE).is_file()


def update_products(product_ids: Sequence[int]) -> bool:
    """Bring the index and the affected look-alike lists up to date after products changed.

    Returns False when nothing needed doing (no index yet, or no change the index cares about, as
    for a stock change) or the work was left to a full build (another embedder made the index, or
    a build holds the lock and will catch up).
    """
    if not product_ids or not has_index():
        return False
    directory = recommender_dir()
    with _writer_lock(directory, wait=LOCK_WAIT_SECONDS) as locked:
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
    names, vectors, _ = _embed_pictures(embedder, sorted({n for n in wanted.values() if n not in store}), no_progress)
    store.add(names, vectors)
    wanted = {pid: name for pid, name in wanted.items() if name in store}
    gone = set(changed) - set(wanted)
    index = load_index(directory / INDEX_DIR)
    index.remove(np.asarray(sorted(gone), dtype=np.int64))
    if wanted:
        index.upsert(np.asarray(list(wanted), dtype=np.int64), np.stack([store.vector(n) for n in wanted.values()]))
    indexed = {pid: name for pid, name in indexed.items() if pid not in gone} | wanted
    vector_of = {pid: store.vector(name) for pid, name in indexed.items()}
    keep = neighbours_kept()
    reached = _lists_reached_by(list(wanted), vector_of, list(indexed), keep)
    affected = (set(wanted) | _holders_of(changed) | reached) - gone
    lists = _nearest_lists(index, vector_of, sorted(affected), keep)
    _store_lists(lists, replacing=affected | gone)
    db.session.commit()
    # Files after the commit: should saving fail, the record still differs from the database and the
    # next update redoes this one.
    _save_artefacts(directory, store, index, indexed)
    _write_info(directory, embedder, len(indexed))
    return True


# ---------------------------------------------------------------- reading


def similar_products(product_id: int, limit: int = 5) -> list[LookAlike]:
    """The stored look-alikes that can be bought now: one query, no model, no search."""
    rows = db.session.execute(
        select(Product, ProductNeighbour.similarity)
        .join(ProductNeighbour, ProductNeighbour.neighbour_id == Product.id)
        .where(ProductNeighbour.product_id == product_id, Product.is_active.is_(True), Product.stock > 0)
        .order_by(ProductNeighbour.rank)
        .limit(limit)
    )
    return [LookAlike(product, similarity) for product, similarity in rows]


def _stamp(directory: Path) -> tuple[int, ...] | None:
    """Identity of the saved files (each save replaces them: new inode, new mtime); None without an index."""
    stamp: list[int] = []
    for name, required in ((f"{INDEX_DIR}/{MANIFEST_FILE}", True), (INFO_FILE, True), (CLASSIFIER_FILE, False)):
        try:
            stat = (directory / name).stat()
        except FileNotFoundError:
            if required:
                return None
            stamp += [0, 0]
            continue
        stamp += [stat.st_ino, stat.st_mtime_ns]
    return tuple(stamp)


def search_index() -> SearchIndex | None:
    """The saved index for photo searches, loaded once per process and again after each change."""
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


# ---------------------------------------------------------------- wiring


def _on_products_changed(sender: Flask, product_ids: Sequence[int] = (), **_extra: object) -> None:
    try:
        update_products(list(product_ids))
    except Exception:
        # The product change itself is committed; the next update or index run repairs the lists.
        db.session.rollback()
        current_app.logger.exception("Updating look-alikes for products %s failed", list(product_ids)[:20])


def register(app: Flask) -> None:
    """Keep look-alikes current whenever the catalogue announces changed products."""
    products_changed.connect(_on_products_changed)
