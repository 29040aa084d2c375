"""Neighbour lists of indexed items, and cosine similarity from the index's distances.

For L2-normalised vectors the index's squared Euclidean distance ``d`` and the cosine
similarity ``s`` are two views of one number: ``s = 1 - d/2``, ``d = 2 - 2s``.

An index answers in float32, where near-ties may come out in either order from one call to
the next. A list is made reproducible by asking the index for ``margin`` more candidates than
it keeps, recomputing their distances in float64 and ranking by the distance rounded to
``TIE_DECIMALS`` places, ties going to the lower id: an item's list comes out the same whether
it is computed alone or with the whole catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import numpy as np

from .index import Index, build_index

CANDIDATE_MARGIN = 10
# Distances equal to 1e-6 (duplicate pictures, float32 norms) count as a tie.
TIE_DECIMALS = 6
# Float32 search distances may differ from float64 ones by ~1e-6: a reach errs on the wide side.
REACH_SLACK = 1e-4
QUERY_BLOCK = 256
PROBE_BLOCK = 4096

Number = TypeVar("Number", float, np.ndarray)
Neighbours = list[tuple[int, float]]  # (neighbour id, cosine similarity), nearest first


def similarity_from_distance(distance: Number) -> Number:
    """Cosine similarity of two unit vectors from their squared Euclidean distance: ``1 - d/2``."""
    return 1.0 - distance / 2.0


def distance_from_similarity(similarity: Number) -> Number:
    """Squared Euclidean distance of two unit vectors from their cosine similarity: ``2 - 2s``."""
    return 2.0 - 2.0 * similarity


def neighbour_lists(
    index: Index,
    ids: np.ndarray,
    vectors: np.ndarray,
    keep: int,
    of: Sequence[int] | None = None,
    *,
    margin: int = CANDIDATE_MARGIN,
) -> dict[int, Neighbours]:
    """The ``keep`` nearest other items of each item in ``of`` (default: every id), by id.

    ``ids`` and ``vectors`` (n, d) are what ``index`` holds; the candidates it finds are
    re-ranked with these vectors in float64. An item is never in its own list.
    """
    row_of = {item: row for row, item in enumerate(np.asarray(ids).tolist())}
    wanted = list(row_of) if of is None else [int(item) for item in of]
    lists = {}
    for start in range(0, len(wanted), QUERY_BLOCK):
        chunk = wanted[start : start + QUERY_BLOCK]
        queries = vectors[[row_of[item] for item in chunk]]
        _, candidates = index.search(queries, keep + 1 + margin)
        for item, query, found in zip(chunk, queries, candidates.tolist(), strict=True):
            others = [c for c in found if c >= 0 and c != item]
            lists[item] = _ranked(query, others, vectors[[row_of[c] for c in others]], keep)
    return lists


def tiered_neighbour_lists(
    index: Index,
    vectors_of: dict[int, np.ndarray],
    groups: Sequence[tuple[Sequence[int], Sequence[np.ndarray]]],
    keep: int,
    *,
    margin: int = CANDIDATE_MARGIN,
) -> dict[int, Neighbours]:
    """Lists drawn tier by tier: for each group (members, tier masks), each member's list is the
    ``keep`` nearest others allowed by the first mask, then the ``keep`` nearest allowed by the
    second, and so on, nearest first within a tier.

    A mask is a boolean array over ``index``'s rows (``index.ids`` order); members of one group
    share their masks (the caller groups items that follow the same rule). ``vectors_of`` holds
    every indexed item's vector; candidates are re-ranked with them in float64 as in
    ``neighbour_lists``, so a list is the same computed alone or with the whole catalogue.
    """
    lists: dict[int, Neighbours] = {}
    for members, masks in groups:
        members = [int(item) for item in members]
        for start in range(0, len(members), QUERY_BLOCK):
            chunk = members[start : start + QUERY_BLOCK]
            queries = np.stack([vectors_of[item] for item in chunk])
            chunk_lists: dict[int, Neighbours] = {item: [] for item in chunk}
            for mask in masks:
                if not mask.any():
                    continue
                _, candidates = index.search(queries, keep + 1 + margin, np.asarray(mask, dtype=bool))
                for item, query, found in zip(chunk, queries, candidates.tolist(), strict=True):
                    others = [c for c in found if c >= 0 and c != item]
                    their_vectors = np.stack([vectors_of[c] for c in others]) if others else None
                    chunk_lists[item].extend(_ranked(query, others, their_vectors, keep))
            lists.update(chunk_lists)
    return lists


def _ranked(query: np.ndarray, others: list[int], their_vectors: np.ndarray | None, keep: int) -> Neighbours:
    if not others:
        return []
    difference = their_vectors.astype(np.float64) - query.astype(np.float64)
    distances = (difference * difference).sum(axis=1)
    order = np.lexsort((np.asarray(others), np.round(distances, TIE_DECIMALS)))[:keep]
    return [(others[i], float(similarity_from_distance(distances[i]))) for i in order]


def reached_by(newcomers: np.ndarray, vectors: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Which items have a newcomer within their radius: a boolean mask over the rows of ``vectors``.

    ``radii`` holds each item's squared distance to the last of its list (``inf`` for a list
    that is not full): the items whose lists a newcomer may now enter.
    """
    reached = np.zeros(len(vectors), dtype=bool)
    if not len(newcomers):
        return reached
    probe = build_index(newcomers, np.arange(len(newcomers), dtype=np.int64))
    for start in range(0, len(vectors), PROBE_BLOCK):
        nearest, _ = probe.search(vectors[start : start + PROBE_BLOCK], 1)
        reached[start : start + PROBE_BLOCK] = nearest[:, 0] <= radii[start : start + PROBE_BLOCK] + REACH_SLACK
    return reached
