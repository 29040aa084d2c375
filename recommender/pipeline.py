"""The one pipeline a query photo goes through, in the shop and in its evaluation alike.

Orientation (EXIF), subject isolation (``subject``), the backbone's features, the tuned head's
vector where the index was built with one (``tuning``), the category and colour guesses with their
probabilities, and the search, scoped to that category when the guess is confident (``scope``), and
within it to that colour when that guess is confident too (``scopes``: the same type and colour first). Product pictures
go through ``index_vectors`` (no isolation: they are studio shots already).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from .augment import canvas_for, customer_photo
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
    colours: list[tuple[str, float]]  # the likeliest base colours first (empty without a tuned head)


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
        categories = _likeliest(*self._category_probabilities(vectors))
        colours = (_likeliest(*self.head.probabilities(vectors, "baseColour"))
                   if self.head is not None and "baseColour" in self.head.outputs else [[] for _ in vectors])
        return [QueryVector(vector, categories[row], colours[row]) for row, vector in enumerate(vectors)]

    def _category_probabilities(self, vectors: np.ndarray) -> tuple[list[str], np.ndarray]:
        if self.head is not None and "articleType" in self.head.outputs:
            return self.head.probabilities(vectors)
        if self.classifier is not None:
            return self.classifier.labels, self.classifier.predict_proba(vectors)
        return [], np.zeros((len(vectors), 0))


def _likeliest(labels: list[str], probabilities: np.ndarray) -> list[list[tuple[str, float]]]:
    """For each row, the TOP_CATEGORIES likeliest labels with their probabilities, likeliest first."""
    if not labels:
        return [[] for _ in probabilities]
    orders = np.argsort(-probabilities, axis=1, kind="stable")[:, :TOP_CATEGORIES]
    return [[(labels[i], float(row[i])) for i in order] for row, order in zip(probabilities, orders, strict=True)]


def scope(categories: Sequence[tuple[str, float]], confidence: float = CATEGORY_CONFIDENCE) -> str | None:
    """The category (or colour) a search keeps to: the likeliest one, when it is at least ``confidence`` likely."""
    if categories and categories[0][1] >= confidence:
        return categories[0][0]
    return None


def scopes(of_type: np.ndarray | None, of_colour: np.ndarray | None) -> list[np.ndarray]:
    """The masks a search keeps to, narrowest first: the type and colour, then the type. A colour narrows
    only within a type: without one, the nearest shapes matter more than a shared colour."""
    if of_type is None:
        return []
    return [of_type] if of_colour is None else [of_type & of_colour, of_type]


def mirrored_features(pipeline: PhotoPipeline, images: Sequence[Image.Image]) -> np.ndarray:
    """Backbone features of each studio picture mirrored left to right (no isolation: still a studio shot)."""
    return pipeline.embedder.embed([ImageOps.mirror(to_rgb(image)) for image in images])


def augmented_features(
    pipeline: PhotoPipeline, images: Sequence[Image.Image], rngs: Sequence[np.random.Generator]
) -> np.ndarray:
    """Backbone features of each studio picture made to look like a customer's photo of it (``augment``, the
    choices drawn from its own generator), taken the way a query photo is (``photo_features``)."""
    canvas = canvas_for(pipeline.embedder.input_size)
    photos = [customer_photo(image, rng, canvas) for image, rng in zip(images, rngs, strict=True)]
    return pipeline.photo_features(photos)


def training_copies(
    pipeline: PhotoPipeline, images: Sequence[Image.Image], rngs: Sequence[Sequence[np.random.Generator]]
) -> tuple[list[np.ndarray], np.ndarray]:
    """What a head trains on besides the studio pictures themselves: for each copy, the customer-photo-like
    features of every picture (copy ``c`` of picture ``i`` drawn from ``rngs[c][i]``), and the mirror images'."""
    return [augmented_features(pipeline, images, copy_rngs) for copy_rngs in rngs], mirrored_features(pipeline, images)


def scoped_search(
    index: Index, vector: np.ndarray, k: int, allowed: np.ndarray | None, narrowest_first: Sequence[np.ndarray] = ()
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest allowed items of one query, those in the narrowest scope first.

    ``narrowest_first`` are masks over the index's rows, each inside the next (``scopes``). A scope
    narrows, it never hides: when fewer than ``k`` allowed items are in one, the nearest allowed items
    of the next follow, and then the nearest of all. Returns (distances, ids), each (k,), padded with inf and -1.
    """
    query = np.asarray(vector, dtype=np.float32)[None, :]
    if not narrowest_first:
        distances, ids = index.search(query, k, allowed)
        return distances[0], ids[0]
    everything = np.ones(len(index.ids), dtype=bool) if allowed is None else allowed
    found_distances, found_ids = [], []
    searched = np.zeros_like(everything)
    for in_scope in [*narrowest_first, everything]:
        wanted = k - sum(len(ids) for ids in found_ids)
        if wanted == 0:
            break
        distances, ids = index.search(query, wanted, everything & in_scope & ~searched)
        kept = ids[0] >= 0
        found_distances.append(distances[0][kept])
        found_ids.append(ids[0][kept])
        searched |= in_scope
    missing = k - sum(len(ids) for ids in found_ids)
    return (np.concatenate([*found_distances, np.full(missing, np.inf, dtype=np.float32)]),
            np.concatenate([*found_ids, np.full(missing, -1, dtype=np.int64)]))
