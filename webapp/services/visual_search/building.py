"""Building the look-alike index and keeping it current: which products, their vectors, lists, files.

Only active products with a picture are indexed. A full build embeds what is new, rebuilds the index,
every stored list and the classifier; an update after products changed embeds just their pictures,
changes a copy of the current index and recomputes only the lists the change moves. Either way the
result is published as a new version (index_versions), never written over the one in use. Lists are
ranked by recommender.neighbour_lists, which is reproducible, so an update writes exactly what a
rebuild would.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from flask import current_app
from sqlalchemy import select

from recommender import (
    CategoryClassifier,
    Embedder,
    Index,
    VersionDamaged,
    build_index,
    describe_embedder,
    reached_by,
    tiered_neighbour_lists,
    train_category_classifier,
)
from recommender.calibration import match_calibration
from recommender.neighbours import Neighbours
from recommender.pipeline import PhotoPipeline
from recommender.tuning import TunedHead
from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.services.visual_search.embedding import Progress, active_embedder, embed_pictures, no_progress
from webapp.services.visual_search.feature_store import FeatureStore
from webapp.services.visual_search.index_versions import IndexUnreadable, IndexVersion, load_version, publish
from webapp.services.visual_search.neighbour_lists import full_tier_radii, holders_of, store_lists
from webapp.services.visual_search.paths import FEATURES_FILE, current_version_dir, has_index, recommender_dir
from webapp.services.visual_search.same_kind import Kind, kinds_of, tier_groups, tiers_towards
from webapp.services.visual_search.tuning import head_for
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
    head: str | None = None
    untuned_reason: str | None = None


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


def _ids_and_vectors(
    store: FeatureStore, pictures: dict[int, str], head: TunedHead | None
) -> tuple[np.ndarray, np.ndarray]:
    """Product ids and their pictures' index vectors (through the tuned head when there is one), row for row."""
    ids = np.asarray(list(pictures), dtype=np.int64)
    if not pictures:
        dim = store.vectors.shape[1] if head is None else head.dim
        return ids, np.zeros((0, dim), dtype=np.float32)
    features = np.stack([store.vector(name) for name in pictures.values()])
    return ids, PhotoPipeline(active_embedder(), head).index_vectors(features)


def _lists_reached_by(newcomers: list[int], ids: np.ndarray, vectors: np.ndarray, keep: int,
                      kinds: dict[int, Kind]) -> set[int]:
    """Products whose list a new, re-pictured or re-classified product may now enter: it takes a tier there and is
    nearer than that tier's last neighbour (or the tier is not full)."""
    if not newcomers:
        return set()  # a removal moves only the lists that named it: no need to read every radius
    radius_of = full_tier_radii(keep, kinds)
    row_of = {pid: row for row, pid in enumerate(ids.tolist())}
    holders = ids.tolist()
    reached: set[int] = set()
    for newcomer in newcomers:
        tiers = tiers_towards(kinds[newcomer], holders, kinds)
        radii = np.array([radius_of.get((holder, tier), np.inf) if tier else -np.inf
                          for holder, tier in zip(holders, tiers.tolist(), strict=True)])
        mask = reached_by(vectors[[row_of[newcomer]]], vectors, radii)
        reached.update(ids[mask].tolist())
    return reached


def same_kind_lists(index: Index, ids: np.ndarray, vectors: np.ndarray, keep: int,
                    kinds: dict[int, Kind], of: Sequence[int] | None = None) -> dict[int, Neighbours]:
    """Each product's look-alike list (of `of`, default all): tier by tier, nearest first (same_kind's rule)."""
    members = ids.tolist() if of is None else list(of)
    vectors_of = dict(zip(ids.tolist(), vectors, strict=True))
    return tiered_neighbour_lists(index, vectors_of, tier_groups(members, index.ids, kinds), keep)


def _train_classifier(vectors: np.ndarray, ids: list[int], embedder: Embedder) -> CategoryClassifier | None:
    """The articleType classifier fitted on the indexed vectors; None when there is nothing to tell apart."""
    types = dict(db.session.execute(select(Product.id, Product.article_type)).all())
    labels = [types[i] for i in ids]
    if len(set(labels)) < 2:
        return None
    return train_category_classifier(vectors, labels, embedder.name)


def _info(embedder: Embedder, products: int, previous: dict, **extra: object) -> dict:
    """What the version says about itself; an update keeps what the build said (when, how many labels)."""
    return {
        **previous,
        "embedder": embedder.name,
        "description": describe_embedder(embedder),
        "products": products,
        "updated_at": _now(),
        **extra,
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
        head, untuned_reason = head_for(embedder)
        ids, matrix = _ids_and_vectors(store, indexed, head)
        index = build_index(matrix, ids)
        kinds = kinds_of(ids.tolist())
        lists = same_kind_lists(index, ids, matrix, keep, kinds)
        # A tuned head guesses the article type itself; the untuned vectors get a classifier of their own.
        classifier = None if head is not None else _train_classifier(matrix, ids.tolist(), embedder)
        labels = len(_category_labels(head, classifier))
        stored = store_lists(lists, replacing=None)
        db.session.commit()
        store.save(directory / FEATURES_FILE)
        publish(directory, index, indexed, kinds, classifier,
                _info(embedder, len(ids), {}, built_at=_now(), classifier_labels=labels,
                      head=head.name if head is not None else None, untuned_reason=untuned_reason,
                      calibration=match_calibration(matrix)), head)
        # Products changed while we embedded announced it to a writer waiting on our lock (or to no
        # one): either way, what differs from our snapshot is applied now.
        _apply_differences(directory)
    return IndexReport(
        products=len(ids), embedded=len(names), reused=len(set(indexed.values()) - set(names)),
        unreadable=unreadable, neighbours=stored, classifier_labels=labels, embedder=embedder.name,
        head=head.name if head is not None else None, untuned_reason=untuned_reason,
    )


def _category_labels(head: TunedHead | None, classifier: CategoryClassifier | None) -> list[str]:
    if head is not None and "articleType" in head.outputs:
        return head.outputs["articleType"][2]
    return classifier.labels if classifier is not None else []


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


def _current_version() -> IndexVersion | None:
    """The version in use, checked; None (and a warning) when it cannot be read, as only a full build can repair."""
    try:
        folder = current_version_dir()
        return None if folder is None else load_version(folder)
    except (IndexUnreadable, VersionDamaged) as exc:
        current_app.logger.warning("The look-alike index cannot be updated, it cannot be read (%s): "
                                   "run `flask recommender index` to build it again.", exc)
        return None


def _apply_differences(directory: Path) -> bool:
    """Make the index hold exactly the active, pictured products, and recompute the lists this moves."""
    embedder = active_embedder()
    version = _current_version()
    if version is None:
        return False
    if version.embedder_name != embedder.name:
        current_app.logger.warning(
            "The look-alike index was built with %s but this shop now embeds with %s: "
            "run `flask recommender index` to rebuild it.", version.embedder_name, embedder.name)
        return False
    indexed = version.indexed
    indexable = _indexable()
    kinds = kinds_of(indexable)
    # The announced products and anything never announced alike: the database says what should be held
    # (a new kind moves lists as a new picture does).
    changed = sorted(pid for pid in indexed.keys() | indexable.keys()
                     if indexed.get(pid) != indexable.get(pid) or version.kinds.get(pid) != kinds.get(pid))
    if not changed:
        return False
    store = FeatureStore.load(directory / FEATURES_FILE, embedder)
    wanted = {pid: indexable[pid] for pid in changed if pid in indexable}
    missing = sorted({name for name in wanted.values() if name not in store})
    names, vectors, _ = embed_pictures(embedder, missing)
    store.add(names, vectors)
    wanted = {pid: name for pid, name in wanted.items() if name in store}
    gone = set(changed) - set(wanted)
    wanted_ids, wanted_vectors = _ids_and_vectors(store, wanted, version.head)
    index = version.index  # this process's own copy, read from the files: changing it changes no file
    index.remove(np.asarray(sorted(gone), dtype=np.int64))
    if wanted:
        index.upsert(wanted_ids, wanted_vectors)
    indexed = {pid: name for pid, name in indexed.items() if pid not in gone} | wanted
    ids, matrix = _ids_and_vectors(store, indexed, version.head)
    keep = neighbours_kept()
    reached = _lists_reached_by(sorted(wanted), ids, matrix, keep, kinds)
    affected = (set(wanted) | holders_of(changed) | reached) - gone
    kinds = {pid: kinds[pid] for pid in indexed}
    lists = same_kind_lists(index, ids, matrix, keep, kinds, of=sorted(affected))
    store_lists(lists, replacing=affected | gone)
    db.session.commit()
    # Files after the commit: should publishing fail, the current version still differs from the
    # database and the next update redoes this one.
    store.save(directory / FEATURES_FILE)
    publish(directory, index, indexed, kinds, version.classifier, _info(embedder, len(indexed), version.info),
            version.head)
    return True
