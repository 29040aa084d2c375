"""The one pipeline a query photo goes through, in the shop and in its evaluation alike.

Orientation (EXIF), subject isolation (``subject``), the backbone's features, the tuned head's
vector where the index was built with one (``tuning``), the category guess with its probability,
and the search, scoped to that category when the guess is confident (``scope``). Product pictures
go through ``index_vectors`` (no isolation: they are studio shots already).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from .augment import customer_photo
from .classify import CategoryClassifier
from .embedder import Embedder
from .index import Index
from .preprocess import to_rgb
from .subject import isolate_subject
from .tuning import TunedHead

# Below this probability no category is claimed, and the search is not scoped.
CATEGORY_CONFIDENCE = 0.5
TOP_CATEGORIES = 3


@dataclass(frozen=True)
class QueryVector:
    vector: np.ndarray  # (dim,) what the index is searched with
    categories: list[tuple[str, float]]  # the likeliest article types first, with their probabilities


@dataclass(frozen=True)
class PhotoPipeline:
    embedder: Embedder
    head: TunedHead | None = None
    classifier: CategoryClassifier | None = None  # the untuned index's article-type guess
    isolate: Callable[[Image.Image], Image.Image] = isolate_subject

    def photo_features(self, images: Sequence[Image.Image]) -> np.ndarray:
        """Backbone features of customer photos: upright, the subject isolated."""
        return self.embedder.embed([self.isolate(to_rgb(image)) for image in images])

    def index_vectors(self, features: np.ndarray) -> np.ndarray:
        """What the index stores (or is searched with) for backbone ``features``."""
        return features if self.head is None else self.head.vectors(features)

    def queries(self, images: Sequence[Image.Image]) -> list[QueryVector]:
        vectors = self.index_vectors(self.photo_features(images))
        labels, probabilities = self._category_probabilities(vectors)
        found = []
        for row, vector in enumerate(vectors):
            order = np.argsort(-probabilities[row], kind="stable")[:TOP_CATEGORIES] if labels else []
            found.append(QueryVector(vector, [(labels[i], float(probabilities[row, i])) for i in order]))
        return found

    def _category_probabilities(self, vectors: np.ndarray) -> tuple[list[str], np.ndarray]:
        if self.head is not None and "articleType" in self.head.outputs:
            return self.head.probabilities(vectors)
        if self.classifier is not None:
            return self.classifier.labels, self.classifier.predict_proba(vectors)
        return [], np.zeros((len(vectors), 0))


def scope(categories: Sequence[tuple[str, float]], confidence: float = CATEGORY_CONFIDENCE) -> str | None:
    """The category a search keeps to: the likeliest one, when it is at least ``confidence`` likely."""
    if categories and categories[0][1] >= confidence:
        return categories[0][0]
    return None


def mirrored_features(pipeline: PhotoPipeline, images: Sequence[Image.Image]) -> np.ndarray:
    """Backbone features of each studio picture mirrored left to right (no isolation: still a studio shot)."""
    return pipeline.embedder.embed([ImageOps.mirror(to_rgb(image)) for image in images])


def augmented_features(
    pipeline: PhotoPipeline, images: Sequence[Image.Image], rngs: Sequence[np.random.Generator]
) -> np.ndarray:
    """Backbone features of each studio picture made to look like a customer's photo of it (``augment``, the
    choices drawn from its own generator), taken the way a query photo is (``photo_features``)."""
    return pipeline.photo_features([customer_photo(image, rng) for image, rng in zip(images, rngs, strict=True)])


def training_copies(
    pipeline: PhotoPipeline, images: Sequence[Image.Image], rngs: Sequence[Sequence[np.random.Generator]]
) -> tuple[list[np.ndarray], np.ndarray]:
    """What a head trains on besides the studio pictures themselves: for each copy, the customer-photo-like
    features of every picture (copy ``c`` of picture ``i`` drawn from ``rngs[c][i]``), and the mirror images'."""
    return [augmented_features(pipeline, images, copy_rngs) for copy_rngs in rngs], mirrored_features(pipeline, images)


def scoped_search(
    index: Index, vector: np.ndarray, k: int, allowed: np.ndarray | None, in_scope: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest allowed items of one query, those ``in_scope`` (a mask over the index's rows) first.

    A scope narrows, it never hides: when fewer than ``k`` allowed items are in scope, the nearest
    allowed others follow. Returns (distances, ids), each (k,), padded with inf and -1.
    """
    query = np.asarray(vector, dtype=np.float32)[None, :]
    if in_scope is None:
        distances, ids = index.search(query, k, allowed)
        return distances[0], ids[0]
    narrowed = in_scope if allowed is None else (allowed & in_scope)
    distances, ids = index.search(query, k, narrowed)
    found = ids[0] >= 0
    if found.all():
        return distances[0], ids[0]
    wider = np.logical_not(narrowed) if allowed is None else (allowed & ~narrowed)
    more_distances, more_ids = index.search(query, k - int(found.sum()), wider)
    return (np.concatenate([distances[0][found], more_distances[0]]),
            np.concatenate([ids[0][found], more_ids[0]]))
