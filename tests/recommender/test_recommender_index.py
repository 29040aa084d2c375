from __future__ import annotations

import numpy as np
import pytest

from recommender import files
from recommender import index as index_module
from recommender.index import MANIFEST_NAME, build_index, load_index

KINDS = ["exact", "hnsw"]


def unit_circle(degrees: list[float]) -> np.ndarray:
    radians = np.deg2rad(degrees)
    return np.stack([np.cos(radians), np.sin(radians)], axis=1).astype(np.float32)


def tiny_catalogue():
    """Four items on the unit circle at 0, 10, 90 and 180 degrees."""
    return unit_circle([0, 10, 90, 180]), np.array([100, 110, 190, 280], dtype=np.int64)


def random_unit_vectors(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", KINDS)
def test_neighbours_in_a_tiny_catalogue_are_the_expected_ones(kind):
    index = build_index(*tiny_catalogue(), kind=kind)
    distances, ids = index.search(unit_circle([4, 175]), k=4)
    assert ids.tolist() == [[100, 110, 190, 280], [280, 190, 110, 100]]
    # Squared Euclidean: 2 - 2 cos(angle).
    assert distances[0, 0] == pytest.approx(2 - 2 * np.cos(np.deg2rad(4)), abs=1e-5)
    assert (np.diff(distances, axis=1) >= 0).all()


@pytest.mark.parametrize("kind", KINDS)
def test_k_larger_than_the_index_is_padded_with_minus_one_and_inf(kind):
    index = build_index(*tiny_catalogue(), kind=kind)
    distances, ids = index.search(unit_circle([0]), k=6)
    assert ids[0, 4:].tolist() == [-1, -1]
    assert np.isinf(distances[0, 4:]).all()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("exact_below", [0, 4096], ids=["graph-filter", "small-filter-scan"])
def test_allowed_mask_excludes_items_inside_the_search(kind, exact_below):
    index = build_index(*tiny_catalogue(), kind=kind)
    index.exact_below = exact_below  # only HNSW reads it: both of its filter paths
    allowed = np.array([False, True, False, True])
    distances, ids = index.search(unit_circle([0]), k=3, allowed=allowed)
    assert ids.tolist() == [[110, 280, -1]]
    assert np.isinf(distances[0, 2])


@pytest.mark.parametrize("kind", KINDS)
def test_allowed_mask_on_a_larger_index_never_returns_disallowed_items(kind):
    vectors = random_unit_vectors(500)
    ids = np.arange(500, dtype=np.int64) * 2
    index = build_index(vectors, ids, kind=kind)
    index.exact_below = 0
    allowed = np.arange(500) % 5 == 0
    _, found = index.search(vectors[:20], k=10, allowed=allowed)
    assert (found % 10 == 0).all()
    _, expected = build_index(vectors[allowed], ids[allowed]).search(vectors[:20], k=10)
    assert (found == expected).mean() > 0.9


def test_mask_of_the_wrong_length_is_rejected():
    index = build_index(*tiny_catalogue())
    with pytest.raises(ValueError, match="allowed"):
        index.search(unit_circle([0]), k=1, allowed=np.array([True, False]))


def test_queries_of_the_wrong_dimension_are_rejected():
    index = build_index(*tiny_catalogue())
    with pytest.raises(ValueError, match="queries"):
        index.search(np.zeros((1, 3), dtype=np.float32), k=1)


def test_duplicate_ids_are_rejected():
    with pytest.raises(ValueError, match="unique"):
        build_index(unit_circle([0, 1]), np.array([5, 5]))


def test_unknown_kind_is_rejected():
    with pytest.raises(ValueError, match="kind"):
        build_index(*tiny_catalogue(), kind="annoy")


@pytest.mark.parametrize("kind", KINDS)
def test_save_load_round_trip_gives_identical_results(kind, tmp_path):
    vectors = random_unit_vectors(300)
    index = build_index(vectors, np.arange(1000, 1300), kind=kind)
    queries = random_unit_vectors(10, seed=1)
    before = index.search(queries, k=5)
    loaded = load_index(index.save(tmp_path / "idx"))
    after = loaded.search(queries, k=5)
    assert loaded.kind == kind
    assert np.array_equal(before[1], after[1])
    assert np.array_equal(before[0], after[0])


def test_exact_index_is_loaded_memory_mapped(tmp_path):
    index = build_index(random_unit_vectors(50), np.arange(50))
    loaded = load_index(index.save(tmp_path))
    assert isinstance(loaded._vectors, np.memmap)


@pytest.mark.parametrize("kind", KINDS)
def test_an_index_loaded_into_memory_keeps_answering_when_its_files_are_truncated(kind, tmp_path):
    vectors = random_unit_vectors(300)
    index = build_index(vectors, np.arange(300), kind=kind)
    queries = random_unit_vectors(4, seed=1)
    loaded = load_index(index.save(tmp_path), memory_map=False)
    for data_file in tmp_path.glob("*-*.*"):
        data_file.write_bytes(b"")  # a mapped file would now kill the process (SIGBUS) on the next search
    assert np.array_equal(loaded.search(queries, k=5)[1], index.search(queries, k=5)[1])


@pytest.mark.parametrize("kind", KINDS)
def test_incremental_upsert_and_remove_equal_a_full_rebuild(kind, tmp_path):
    vectors = random_unit_vectors(120)
    ids = np.arange(120, dtype=np.int64)
    changed = random_unit_vectors(5, seed=2)
    # Start from a saved copy so that the read-only memory-mapped case is covered too.
    index = load_index(build_index(vectors[:100], ids[:100], kind=kind).save(tmp_path))
    index.add(ids[100:], vectors[100:])
    index.upsert(ids[[3, 50, 99, 110, 119]], changed)
    assert index.remove(np.array([7, 8, 115, 9999])) == 3

    final = vectors.copy()
    final[[3, 50, 99, 110, 119]] = changed
    keep = ~np.isin(ids, [7, 8, 115])
    rebuilt = build_index(final[keep], ids[keep], kind=kind)

    queries = random_unit_vectors(15, seed=3)
    incremental, fresh = index.search(queries, k=8), rebuilt.search(queries, k=8)
    assert len(index) == len(rebuilt) == 117
    assert sorted(index.ids.tolist()) == sorted(rebuilt.ids.tolist())
    assert np.array_equal(incremental[1], fresh[1])
    assert np.allclose(incremental[0], fresh[0], atol=1e-5)


def test_upsert_does_not_modify_the_callers_array():
    vectors = random_unit_vectors(10)
    original = vectors.copy()
    index = build_index(vectors, np.arange(10))
    index.upsert(np.array([0]), random_unit_vectors(1, seed=5))
    assert np.array_equal(vectors, original)


def test_add_of_an_existing_id_is_rejected():
    index = build_index(*tiny_catalogue())
    with pytest.raises(ValueError, match="already"):
        index.add(np.array([100]), unit_circle([45]))


def test_save_leaves_only_the_manifest_and_current_data_files(tmp_path):
    index = build_index(*tiny_catalogue())
    index.save(tmp_path)
    index.upsert(np.array([5]), unit_circle([45]))
    index.save(tmp_path)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert len(names) == 3
    assert MANIFEST_NAME in names
    assert not [name for name in names if name.startswith(".")]
    assert len(load_index(tmp_path)) == 5


def test_reader_sees_the_old_index_until_the_manifest_is_replaced(tmp_path, monkeypatch):
    old = build_index(*tiny_catalogue())
    old.save(tmp_path)
    new = build_index(unit_circle([30]), np.array([7]))
    seen_during_save = []
    real_replace = files.os.replace

    def observing_replace(source, destination):
        # Every file reaches its final name by rename from a hidden temporary file...
        assert source.name.startswith(".") and ".tmp-" in source.name
        # ...and until the last rename a reader still gets the complete old index.
        seen_during_save.append(load_index(tmp_path).ids.tolist())
        real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", observing_replace)
    new.save(tmp_path)
    assert seen_during_save == [[100, 110, 190, 280]] * 3
    assert load_index(tmp_path).ids.tolist() == [7]


def test_failed_save_keeps_the_old_index_and_leaves_no_temporary_files(tmp_path, monkeypatch):
    build_index(*tiny_catalogue()).save(tmp_path)
    files_before = sorted(path.name for path in tmp_path.iterdir())

    def write_half_then_fail(path, array):
        path.write_bytes(b"\x93NUMPY half")
        raise OSError("disk full")

    monkeypatch.setattr(index_module, "_save_npy", write_half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        build_index(unit_circle([30]), np.array([7])).save(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == files_before
    assert load_index(tmp_path).ids.tolist() == [100, 110, 190, 280]


def test_loading_a_directory_without_an_index_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match=MANIFEST_NAME):
        load_index(tmp_path)
