"""Retrieval metrics at a cut-off k.

Inputs are boolean "relevance" matrices: ``relevant[q, i]`` says whether the i-th
result of query q shares the query's label. Definitions used here:

- precision@k = (relevant results in the top k) / k, averaged over queries; padded
  results (fewer than k returned) count as not relevant.
- recall@k = (relevant results in the top k) / (relevant items in the catalogue),
  averaged over queries that have at least one relevant catalogue item.
- AP@k = (sum over relevant positions i <= k of precision@i) / min(k, relevant items
  in the catalogue); mAP@k is its mean over queries with at least one relevant item.
  With this denominator a perfect ranking scores 1 even when fewer than k exist.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from .index import build_index

COMPOUND_SEPARATOR = "+"


def precision_at_k(relevant: np.ndarray) -> float:
    relevant = _as_relevance(relevant)
    if relevant.shape[0] == 0:
        return 0.0
    return float(relevant.mean(axis=1).mean())


def recall_at_k(relevant: np.ndarray, n_relevant: np.ndarray) -> float:
    relevant, n_relevant = _as_relevance(relevant), np.asarray(n_relevant, dtype=np.int64)
    has_any = n_relevant > 0
    if not has_any.any():
        return 0.0
    hits = relevant[has_any].sum(axis=1)
    return float((hits / n_relevant[has_any]).mean())


def average_precision_at_k(relevant: np.ndarray, n_relevant: np.ndarray) -> np.ndarray:
    """AP@k per query (0 for queries with no relevant catalogue item)."""
    relevant, n_relevant = _as_relevance(relevant), np.asarray(n_relevant, dtype=np.int64)
    k = relevant.shape[1]
    precision_at_each = np.cumsum(relevant, axis=1) / np.arange(1, k + 1)
    summed = (precision_at_each * relevant).sum(axis=1)
    denominator = np.minimum(k, n_relevant)
    return np.divide(summed, denominator, out=np.zeros(len(summed)), where=denominator > 0)


def map_at_k(relevant: np.ndarray, n_relevant: np.ndarray) -> float:
    n_relevant = np.asarray(n_relevant, dtype=np.int64)
    has_any = n_relevant > 0
    if not has_any.any():
        return 0.0
    return float(average_precision_at_k(relevant, n_relevant)[has_any].mean())


def evaluate_retrieval(
    catalog_vectors: np.ndarray,
    catalog_labels: dict[str, list[str]],
    query_vectors: np.ndarray,
    query_labels: dict[str, list[str]],
    k: int,
    keys: Sequence[str] | None = None,
) -> dict[str, dict[str, float]]:
    """Search every query in an exact index of the catalogue and score each label key.

    ``keys`` defaults to the keys of ``catalog_labels``; a compound key such as
    ``"articleType+baseColour"`` counts a result as relevant only when all parts match.
    Returns ``{key: {"precision": p@k, "recall": r@k, "map": mAP@k}}``.
    """
    catalog_vectors = np.asarray(catalog_vectors, dtype=np.float32)
    index = build_index(catalog_vectors, np.arange(len(catalog_vectors), dtype=np.int64), kind="exact")
    _, positions = index.search(np.asarray(query_vectors, dtype=np.float32), k)
    return score_results(positions, catalog_labels, query_labels, keys)


def score_results(
    positions: np.ndarray,
    catalog_labels: dict[str, list[str]],
    query_labels: dict[str, list[str]],
    keys: Sequence[str] | None = None,
) -> dict[str, dict[str, float]]:
    """Score search results given as catalogue positions, (queries, k), -1 for padding (as ``evaluate_retrieval``)."""
    positions = np.asarray(positions, dtype=np.int64)
    results = {}
    for key in keys if keys is not None else list(catalog_labels):
        catalog_key = _labels_for_key(catalog_labels, key)
        query_key = _labels_for_key(query_labels, key)
        relevant = _relevance(positions, catalog_key, query_key)
        counts = Counter(catalog_key)
        n_relevant = np.array([counts[label] for label in query_key], dtype=np.int64)
        results[key] = {
            "precision": precision_at_k(relevant),
            "recall": recall_at_k(relevant, n_relevant),
            "map": map_at_k(relevant, n_relevant),
        }
    return results


def _labels_for_key(labels: dict[str, list[str]], key: str) -> list:
    parts = key.split(COMPOUND_SEPARATOR)
    if len(parts) == 1:
        return list(labels[key])
    return list(zip(*(labels[part] for part in parts), strict=True))


def _relevance(positions: np.ndarray, catalog_key: list, query_key: list) -> np.ndarray:
    # Padding (-1) is never relevant.
    return np.array(
        [[p >= 0 and catalog_key[p] == query_key[q] for p in row] for q, row in enumerate(positions.tolist())],
        dtype=bool,
    ).reshape(positions.shape)


def _as_relevance(relevant: np.ndarray) -> np.ndarray:
    relevant = np.asarray(relevant, dtype=bool)
    if relevant.ndim != 2:
        raise ValueError(f"relevance must be a (queries, k) matrix, got shape {relevant.shape}")
    return relevant
