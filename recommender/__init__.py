"""Visual similarity for the shop: image embeddings, nearest-neighbour search, evaluation.

Images go in as PIL images or files; embedders (``load_embedder``) turn them into
L2-normalised float32 vectors; ``build_index``/``load_index`` find the nearest items,
with filters applied inside the search; ``neighbour_lists`` ranks each indexed item's
nearest others reproducibly, ``similarity_from_distance`` turns a distance into a cosine;
``evaluate_retrieval`` scores a split of a Kaggle-layout catalogue read by ``read_styles``;
``publish_version``/``verify_version`` write files as a whole and check them before use.
Plain library: no Flask, no globals.
"""

from .classify import CategoryClassifier, load_classifier, train_category_classifier
from .dataset import DatasetError, Problem, StyleRow, read_styles, split_catalog_queries, style_labels
from .embedder import (
    ColourShapeEmbedder,
    Embedder,
    ResNet50Embedder,
    describe_embedder,
    embed_files,
    load_embedder,
)
from .evaluate import evaluate_retrieval, map_at_k, precision_at_k, recall_at_k
from .index import Index, build_index, load_index
from .neighbours import (
    distance_from_similarity,
    neighbour_lists,
    reached_by,
    similarity_from_distance,
    tiered_neighbour_lists,
)
from .preprocess import letterbox, load_image, prepare_image, to_rgb
from .subject import has_plain_background, isolate_subject
from .versions import VersionDamaged, current_version, publish_version, verify_version

__all__ = [
    "CategoryClassifier",
    "ColourShapeEmbedder",
    "DatasetError",
    "Embedder",
    "Index",
    "Problem",
    "ResNet50Embedder",
    "StyleRow",
    "VersionDamaged",
    "build_index",
    "current_version",
    "describe_embedder",
    "distance_from_similarity",
    "embed_files",
    "evaluate_retrieval",
    "has_plain_background",
    "isolate_subject",
    "letterbox",
    "load_classifier",
    "load_embedder",
    "load_image",
    "load_index",
    "map_at_k",
    "neighbour_lists",
    "precision_at_k",
    "prepare_image",
    "publish_version",
    "reached_by",
    "read_styles",
    "recall_at_k",
    "similarity_from_distance",
    "split_catalog_queries",
    "style_labels",
    "tiered_neighbour_lists",
    "to_rgb",
    "train_category_classifier",
    "verify_version",
]
