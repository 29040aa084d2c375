"""The process's embedder, what the admin is told about it, and embedding product pictures in batches.

The embedder is made on first use, never at import: gunicorn workers fork first, and TensorFlow
hangs in a child forked after the model was built.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from flask import current_app
from PIL import Image

from recommender import ColourShapeEmbedder, Embedder, describe_embedder, load_embedder, load_image
from recommender.embedder import IMAGENET_WEIGHTS_FILE, IMAGENET_WEIGHTS_URL
from webapp.services.catalog.media import product_images_dir
from webapp.services.visual_search.paths import index_info

EMBEDDER_KEY = "recommender.embedder"
EMBED_BATCH = 32
_embedder_lock = threading.Lock()


class ProgressBar(Protocol):
    def update(self, n_steps: int) -> None: ...


# Called with the number of pictures to embed; click.progressbar fits.
Progress = Callable[[int], AbstractContextManager[ProgressBar]]


class _SilentBar:
    def update(self, n_steps: int) -> None:
        return None


def no_progress(total: int) -> AbstractContextManager[ProgressBar]:
    return contextlib.nullcontext(_SilentBar())


@dataclass(frozen=True)
class RecommenderStatus:
    embedder: str
    description: str
    using_fallback: bool
    fallback_chosen: bool
    index_info: dict[str, Any] | None
    weights_file: str = IMAGENET_WEIGHTS_FILE
    weights_url: str = IMAGENET_WEIGHTS_URL


def active_embedder() -> Embedder:
    """The process's embedder, made on first use."""
    app = current_app._get_current_object()
    embedder = app.extensions.get(EMBEDDER_KEY)
    if embedder is None:
        with _embedder_lock:
            embedder = app.extensions.get(EMBEDDER_KEY)
            if embedder is None:
                embedder = load_embedder(app.config["RECOMMENDER_WEIGHTS"], app.logger)
                app.extensions[EMBEDDER_KEY] = embedder
    return embedder


def status() -> RecommenderStatus:
    """Which embedder this process uses and what the saved index holds, for the admin."""
    embedder = active_embedder()
    return RecommenderStatus(
        embedder=embedder.name,
        description=describe_embedder(embedder),
        using_fallback=isinstance(embedder, ColourShapeEmbedder),
        fallback_chosen=current_app.config["RECOMMENDER_WEIGHTS"] == "fallback",
        index_info=index_info(),
    )


def embed_pictures(
    embedder: Embedder, names: Sequence[str], progress: Progress = no_progress
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
