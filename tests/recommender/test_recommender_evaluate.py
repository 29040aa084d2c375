from __future__ import annotations

import numpy as np
import pytest

from recommender.evaluate import average_precision_at_k, evaluate_retrieval, map_at_k, precision_at_k, recall_at_k

# Query 0 finds relevant items at ranks 1 and 3 (4 exist); query 1 finds none (2 exist).
RELEVANT = np.array([[1, 0, 1, 0], [0, 0, 0, 0]], dtype=bool)
N_RELEVANT = np.array([4, 2])


def test_precision_at_k_counts_hits_over_k():
    assert precision_at_k(RELEVANT) == pytest.approx((2 / 4 + 0) / 2)


def test_recall_at_k_counts_hits_over_relevant_items():
    assert recall_at_k(RELEVANT, N_RELEVANT) == pytest.approx((2 / 4 + 0 / 2) / 2)


def test_average_precision_averages_precision_at_each_hit_over_min_k_and_relevant():
    # Query 0: (P@1 + P@3) / min(4, 4) = (1 + 2/3) / 4.
    assert average_precision_at_k(RELEVANT, N_RELEVANT).tolist() == pytest.approx([5 / 12, 0.0])
    assert map_at_k(RELEVANT, N_RELEVANT) == pytest.approx(5 / 24)


def test_perfect_ranking_scores_one_even_with_fewer_relevant_items_than_k():
    assert map_at_k(np.array([[1, 1, 0, 0]], dtype=bool), np.array([2])) == pytest.approx(1.0)


def test_queries_without_relevant_items_are_left_out_of_recall_and_map():
    relevant = np.array([[1, 0], [0, 0]], dtype=bool)
    assert recall_at_k(relevant, np.array([1, 0])) == pytest.approx(1.0)
    assert map_at_k(relevant, np.array([1, 0])) == pytest.approx(1.0)


def test_evaluate_retrieval_scores_each_key_and_compound_keys():
    catalogue = np.array([[1, 0], [0.9, 0.1], [0, 1], [-1, 0]], dtype=np.float32)
    catalogue_labels = {"type": ["shirt", "shirt", "shoe", "shirt"], "colour": ["red", "blue", "red", "red"]}
    queries = np.array([[1, 0.05]], dtype=np.float32)  # ranking: item 0, 1, 2, 3
    query_labels = {"type": ["shirt"], "colour": ["red"]}
    scores = evaluate_retrieval(catalogue, catalogue_labels, queries, query_labels, k=2, keys=["type", "type+colour"])
    assert scores["type"] == pytest.approx({"precision": 1.0, "recall": 2 / 3, "map": 1.0})
    # shirt+red: items 0 and 3 are relevant; the top 2 holds item 0 only.
    assert scores["type+colour"] == pytest.approx({"precision": 0.5, "recall": 0.5, "map": 0.5})
