"""Neighbour lists of indexed items, similarity from distance, and which lists a newcomer reaches."""

from __future__ import annotations

import numpy as np
import pytest

from recommender import (
    build_index,
    distance_from_similarity,
    neighbour_lists,
    reached_by,
    similarity_from_distance,
)

# Four unit vectors: B is 0.8 away from A (squared), C 0.4 from B, D opposite A.
IDS = np.array([1, 2, 3, 4], dtype=np.int64)
VECTORS = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0], [-1.0, 0.0]])


def lists_of(ids: np.ndarray, vectors: np.ndarray, keep: int, of=None) -> dict:
    return neighbour_lists(build_index(vectors, ids), ids, vectors, keep, of)


def ids_only(lists: dict) -> dict:
    return {item: [n for n, _ in ranked] for item, ranked in lists.items()}


def test_each_item_lists_its_nearest_others_nearest_first():
    assert ids_only(lists_of(IDS, VECTORS, keep=2)) == {1: [2, 3], 2: [3, 1], 3: [2, 1], 4: [3, 2]}


def test_each_neighbour_comes_with_its_cosine_similarity():
    lists = lists_of(IDS, VECTORS, keep=3)
    assert [s for _, s in lists[2]] == pytest.approx([0.8, 0.6, -0.6])


def test_an_item_is_never_its_own_neighbour():
    lists = lists_of(IDS, VECTORS, keep=10)
    assert all(item not in neighbours for item, neighbours in ids_only(lists).items())
    assert {len(ranked) for ranked in lists.values()} == {3}


def test_an_item_alone_has_an_empty_list():
    assert lists_of(np.array([7]), np.array([[0.0, 1.0]]), keep=5) == {7: []}


def test_equal_distances_go_to_the_lower_id():
    ids = np.array([5, 7, 6])
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    assert ids_only(lists_of(ids, vectors, keep=2, of=[5])) == {5: [6, 7]}


def test_distances_within_a_millionth_tie_and_go_to_the_lower_id():
    # From item 1 at the origin: item 9 at distance 1, item 8 at 1.0000004.
    ids = np.array([1, 9, 8])
    vectors = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0000002]])
    assert ids_only(lists_of(ids, vectors, keep=1, of=[1])) == {1: [8]}


def test_distances_a_few_millionths_apart_keep_their_order():
    ids = np.array([1, 9, 8])
    vectors = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.000002]])
    assert ids_only(lists_of(ids, vectors, keep=1, of=[1])) == {1: [9]}


def test_only_the_requested_items_get_a_list_and_it_is_their_full_list():
    assert lists_of(IDS, VECTORS, keep=2, of=[4]) == {4: lists_of(IDS, VECTORS, keep=2)[4]}


@pytest.mark.parametrize(("distance", "similarity"), [(0.0, 1.0), (0.4, 0.8), (2.0, 0.0), (4.0, -1.0)])
def test_similarity_is_one_minus_half_the_squared_distance(distance, similarity):
    assert similarity_from_distance(distance) == pytest.approx(similarity)


@pytest.mark.parametrize(("similarity", "distance"), [(1.0, 0.0), (0.8, 0.4), (0.0, 2.0), (-1.0, 4.0)])
def test_distance_is_two_minus_twice_the_similarity(similarity, distance):
    assert distance_from_similarity(similarity) == pytest.approx(distance)


def test_similarity_from_distance_works_on_arrays():
    assert similarity_from_distance(np.array([0.0, 2.0])).tolist() == [1.0, 0.0]


def test_a_newcomer_reaches_the_items_whose_radius_it_is_within():
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]], dtype=np.float32)
    newcomer = np.array([[0.6, 0.8]], dtype=np.float32)  # 0.8 from the first, 0.4 from the second
    radii = np.array([0.5, 0.5, 0.5])
    assert reached_by(newcomer, vectors, radii).tolist() == [False, True, False]


def test_an_item_whose_list_is_not_full_is_reached_by_any_newcomer():
    vectors = np.array([[1.0, 0.0]], dtype=np.float32)
    assert reached_by(np.array([[-1.0, 0.0]], dtype=np.float32), vectors, np.array([np.inf])).tolist() == [True]


def test_without_newcomers_nothing_is_reached():
    vectors = np.array([[1.0, 0.0]], dtype=np.float32)
    assert reached_by(np.zeros((0, 2), dtype=np.float32), vectors, np.array([np.inf])).tolist() == [False]
