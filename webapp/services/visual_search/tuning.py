"""Training the catalogue-tuned head (recommender.tuning) on the shop's own products, and which head an index uses.

`train_catalogue_head` takes every active product with a picture and a type, their backbone vectors
(features.npz, embedding what is new) and a few customer-photo-like copies of each picture
(augmented.npz, made once per picture: retraining after a new product augments only that one), and
trains the head on articleType, baseColour and gender. The head is saved beside the index as
heads/<backbone>-<catalogue version>.npz, and tuning.json says which head the next index build uses,
or why none (too few labelled products, a single type ...): then the untuned vectors are used and the
admin dashboard says why. A head trained on another backbone's vectors is never applied.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from flask import current_app
from sqlalchemy import select

from recommender import Embedder, load_image
from recommender.files import write_bytes_atomically
from recommender.pipeline import PhotoPipeline, training_copies
from recommender.tuning import (
    EPOCHS,
    TrainingRefused,
    TunedHead,
    catalogue_version,
    check_trainable,
    load_head,
    train_head,
)
from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.services.catalog.media import product_images_dir
from webapp.services.visual_search.embedding import Progress, active_embedder, embed_pictures, no_progress
from webapp.services.visual_search.feature_store import FeatureStore
from webapp.services.visual_search.paths import AUGMENTED_FILE, FEATURES_FILE, HEADS_DIR, TUNING_FILE, recommender_dir
from webapp.services.visual_search.writer_lock import writer_lock

AUGMENT_SEED = 0
AUGMENTED_MAKER = "customer-photos-v1"
AUGMENT_BATCH = 32


@dataclass(frozen=True)
class TrainingReport:
    head: str | None
    products: int
    refused: str | None
    seconds: float


def augmented_copies() -> int:
    return int(current_app.config["RECOMMENDER_AUGMENTED_COPIES"])


def _labelled() -> list[tuple[str, str, str, str]]:
    """(picture, articleType, baseColour, gender) of every active product with a picture."""
    rows = db.session.execute(
        select(Product.image_name, Product.article_type, Product.base_colour, Product.gender)
        .where(Product.is_active.is_(True), Product.image_name.is_not(None))
        .order_by(Product.id)
    )
    return list(dict.fromkeys(tuple(row) for row in rows))  # one picture shared by two products counts once


def _augmented(embedder: Embedder, pictures: list[str], progress: Progress) -> tuple[list[np.ndarray], np.ndarray]:
    """`augmented_copies()` customer-photo-like vectors of each picture and its mirror image's, made once and kept."""
    copies = augmented_copies()
    path = recommender_dir() / AUGMENTED_FILE
    store = FeatureStore.load_named(path, f"{embedder.name}+{AUGMENTED_MAKER}", embedder.dim)
    missing = [name for name in pictures if f"{name}#{copies - 1}" not in store or f"{name}#mirror" not in store]
    pipeline = PhotoPipeline(embedder)
    folder = product_images_dir()
    with progress(len(missing)) as bar:
        for start in range(0, len(missing), AUGMENT_BATCH):
            batch = missing[start : start + AUGMENT_BATCH]
            images = [load_image(folder / name) for name in batch]
            # Seeded by the picture, so a picture's copies are the same whenever they are made.
            augmented, mirrored = training_copies(
                pipeline, images, [[_rng(name, copy) for name in batch] for copy in range(copies)])
            for copy, vectors in enumerate(augmented):
                store.add([f"{name}#{copy}" for name in batch], vectors)
            store.add([f"{name}#mirror" for name in batch], mirrored)
            bar.update(len(batch))
    store.keep_only({f"{name}#{copy}" for name in pictures for copy in [*range(copies), "mirror"]})
    store.save(path)
    augmented = [np.stack([store.vector(f"{name}#{copy}") for name in pictures]) for copy in range(copies)]
    return augmented, np.stack([store.vector(f"{name}#mirror") for name in pictures])


def _rng(picture: str, copy: int) -> np.random.Generator:
    return np.random.default_rng([AUGMENT_SEED, copy, *picture.encode()[:32]])


def train_catalogue_head(
    embed_progress: Progress = no_progress,
    augment_progress: Progress = no_progress,
    train_progress: Progress = no_progress,
) -> TrainingReport:
    """Train the head on the active catalogue and make it the one the next index build uses; or record why not."""
    started = time.perf_counter()
    directory = recommender_dir()
    with writer_lock(directory):
        embedder = active_embedder()
        rows = _labelled()
        store = FeatureStore.load(directory / FEATURES_FILE, embedder)
        missing = sorted({picture for picture, *_ in rows if picture not in store})
        names, vectors, _unreadable = embed_pictures(embedder, missing, embed_progress)
        store.add(names, vectors)
        store.save(directory / FEATURES_FILE)
        rows = [row for row in rows if row[0] in store]
        pictures = [picture for picture, *_ in rows]
        labels = {"articleType": [r[1] for r in rows], "baseColour": [r[2] or "NA" for r in rows],
                  "gender": [r[3] for r in rows]}
        try:
            check_trainable(labels)
            augmented, mirrored = _augmented(embedder, pictures, augment_progress)
            version = catalogue_version(pictures, labels)
            with train_progress(EPOCHS) as bar:
                head = train_head(np.stack([store.vector(p) for p in pictures]), labels, embedder.name, version,
                                  augmented, mirrored, on_epoch=lambda _epoch: bar.update(1))
        except TrainingRefused as refused:
            _record(directory, None, embedder.name, len(rows), str(refused))
            return TrainingReport(None, len(rows), str(refused), time.perf_counter() - started)
        (directory / HEADS_DIR).mkdir(exist_ok=True)
        head.save(directory / HEADS_DIR / f"{head.name}.npz")
        _record(directory, head.name, embedder.name, len(rows), None)
    return TrainingReport(head.name, len(rows), None, time.perf_counter() - started)


def _record(directory: Path, head: str | None, backbone: str, products: int, refused: str | None) -> None:
    record = {"head": head, "backbone": backbone, "products": products, "untuned_reason": refused,
              "trained_at": datetime.now(UTC).isoformat(timespec="seconds")}
    write_bytes_atomically(directory / TUNING_FILE, json.dumps(record, indent=2).encode())


def head_for(embedder: Embedder) -> tuple[TunedHead | None, str | None]:
    """The head the next index build applies, or None and why the index stays untuned."""
    directory = recommender_dir()
    try:
        record = json.loads((directory / TUNING_FILE).read_text())
    except FileNotFoundError:
        return None, "no head has been trained yet (`flask recommender train`)"
    except (OSError, ValueError) as exc:
        return None, f"{TUNING_FILE} cannot be read ({exc}): run `flask recommender train`"
    if not record.get("head"):
        return None, f"training was refused: {record.get('untuned_reason')}"
    try:
        head = load_head(directory / HEADS_DIR / f"{record['head']}.npz")
    except (OSError, ValueError, KeyError) as exc:
        return None, f"the head {record['head']} cannot be read ({exc}): run `flask recommender train`"
    if head.backbone != embedder.name:
        return None, (f"the head was trained on {head.backbone} vectors but this shop embeds with {embedder.name}: "
                      "run `flask recommender train`")
    return head, None
