"""Nearest-neighbour search over embedding vectors, exact (numpy) or approximate (faiss HNSW).

Both kinds share one interface (``Index``) and one result convention:

- distances are **squared Euclidean**; for L2-normalised vectors that is
  ``2 - 2 * cosine_similarity``, smaller is nearer;
- results always have shape ``(m, k)``; when fewer than k items are allowed (or
  exist), the tail is padded with id ``-1`` and distance ``inf``;
- ``allowed`` is a boolean mask over the index's rows (same order as ``index.ids``)
  applied *inside* the search: a disallowed item is never returned. HNSW passes it
  to faiss as an ``IDSelectorBitmap`` with a widened beam; when it keeps under 5% of
  the rows (or under 4,096 rows) those rows are scanned exactly instead.

Exact indexes support cheap in-place ``add``/``upsert``/``remove`` (the shop edits
one product at a time); on HNSW the same calls rebuild the graph. An index is not
safe to change while another thread searches it: swap in a new object instead.

An index saved with ``save(directory)`` is a manifest (``index.json``) naming data
files whose names carry a fresh token. Every file is written under a temporary name,
fsynced and ``os.replace``d; the manifest is replaced last, so a reader sees the old
index or the new one, never a mix or a half-written file. Exact indexes are loaded
memory-mapped by default (``.npy``, ``mmap_mode='r'``), so processes share the page cache; a
mapped file that is truncated while in use kills its reader with SIGBUS, so a long-lived process
that cannot trust the file to stay whole loads with ``memory_map=False`` (a private copy).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from .files import write_atomically

MANIFEST_NAME = "index.json"
FORMAT_VERSION = 1
PADDING_ID = -1
# Keeps the (queries x rows) distance block near 32 MB whatever the catalogue size.
_DISTANCE_BLOCK_ELEMENTS = 8 * 1024 * 1024


class Index(Protocol):
    kind: str
    dim: int

    def __len__(self) -> int: ...

    @property
    def ids(self) -> np.ndarray: ...

    def search(
        self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]: ...

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...

    def upsert(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...

    def remove(self, ids: np.ndarray) -> int: ...

    def save(self, directory: str | os.PathLike) -> Path: ...


def build_index(
    vectors: np.ndarray,
    ids: np.ndarray,
    kind: str = "exact",
    *,
    ef_search: int = 128,
    hnsw_m: int = 32,
    ef_construction: int = 40,
) -> Index:
    """Build an index of ``vectors`` (n, d) labelled by unique non-negative int64 ``ids``.

    ``kind`` is ``"exact"`` or ``"hnsw"``; the ``ef_*``/``hnsw_m`` options only
    concern HNSW. ``ef_search`` trades query time for recall: on 200,000 clustered
    2048-d vectors, 64 gave recall@5 0.92 in 0.7 ms and 128 gave 0.96 in 1.4 ms.
    """
    vectors, ids = _check_vectors_and_ids(vectors, ids)
    if kind == "exact":
        return ExactIndex(vectors, ids)
    if kind == "hnsw":
        return HNSWIndex(
            _build_faiss_hnsw(vectors, hnsw_m, ef_construction),
            ids,
            m=hnsw_m,
            ef_construction=ef_construction,
            ef_search=ef_search,
        )
    raise ValueError(f"unknown index kind {kind!r}; use 'exact' or 'hnsw'")


def load_index(directory: str | os.PathLike, memory_map: bool = True) -> Index:
    """Load an index written by ``Index.save``: memory-mapped where possible, or read into memory."""
    directory = Path(directory)
    retries = 2
    while True:
        manifest = _read_manifest(directory)
        try:
            return _open_index(directory, manifest, memory_map)
        except FileNotFoundError:
            # A concurrent save deleted the files this manifest named: read the new one.
            if retries == 0:
                raise
            retries -= 1


class ExactIndex:
    """Brute-force search with numpy matrix products; cheap in-place add/upsert/remove."""

    kind = "exact"

    def __init__(self, vectors: np.ndarray, ids: np.ndarray) -> None:
        self.dim = vectors.shape[1]
        self._vectors = vectors
        self._ids = ids
        self._count = len(ids)
        # The arrays may be the caller's or read-only maps: copy before the first change.
        self._owns_buffers = False
        self._sq_norms = np.einsum("ij,ij->i", vectors, vectors)
        self._row_of_id = {int(item_id): row for row, item_id in enumerate(ids.tolist())}

    def __len__(self) -> int:
        return self._count

    @property
    def ids(self) -> np.ndarray:
        return self._ids[: self._count]

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        queries = _check_queries(queries, self.dim)
        allowed = _check_allowed(allowed, self._count)
        vectors, sq_norms, ids = self._vectors[: self._count], self._sq_norms[: self._count], self.ids
        if allowed is not None and allowed.sum() * 4 < self._count:
            # A selective filter: gathering the few allowed rows is cheaper than scoring all.
            rows = np.flatnonzero(allowed)
            vectors, sq_norms, ids, allowed = vectors[rows], sq_norms[rows], ids[rows], None
        return _exact_search(queries, vectors, sq_norms, ids, k, allowed)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Append new items; raises ``ValueError`` if an id is already present."""
        vectors, ids = _check_vectors_and_ids(vectors, ids, self.dim)
        present = [int(i) for i in ids if int(i) in self._row_of_id]
        if present:
            raise ValueError(f"ids already in the index: {present[:10]}")
        self.upsert(ids, vectors)

    def upsert(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Replace the vectors of known ids and append the others."""
        vectors, ids = _check_vectors_and_ids(vectors, ids, self.dim)
        self._make_writable(self._count + len(ids))
        for item_id, vector in zip(ids.tolist(), vectors, strict=True):
            row = self._row_of_id.get(item_id)
            if row is None:
                row = self._count
                self._count += 1
                self._row_of_id[item_id] = row
                self._ids[row] = item_id
            self._vectors[row] = vector
            self._sq_norms[row] = vector @ vector

    def remove(self, ids: np.ndarray) -> int:
        """Remove items (unknown ids are ignored); returns how many were removed.

        The last row moves into the freed slot, so row order (and ``allowed`` masks
        built before the call) change.
        """
        self._make_writable(self._count)
        removed = 0
        for item_id in np.asarray(ids, dtype=np.int64).ravel().tolist():
            row = self._row_of_id.pop(item_id, None)
            if row is None:
                continue
            last = self._count - 1
            if row != last:
                self._move_row(last, row)
            self._count = last
            removed += 1
        return removed

    def save(self, directory: str | os.PathLike) -> Path:
        vectors, ids = self._vectors[: self._count], self.ids
        return _save_with_manifest(
            Path(directory),
            {"kind": self.kind, "dim": self.dim, "count": self._count},
            {
                "vectors": ("vectors", ".npy", lambda path: _save_npy(path, vectors)),
                "ids": ("ids", ".npy", lambda path: _save_npy(path, ids)),
            },
        )

    def _move_row(self, source: int, target: int) -> None:
        moved_id = int(self._ids[source])
        self._vectors[target] = self._vectors[source]
        self._sq_norms[target] = self._sq_norms[source]
        self._ids[target] = moved_id
        self._row_of_id[moved_id] = target

    def _make_writable(self, needed_rows: int) -> None:
        """Own writable buffers with room for ``needed_rows``."""
        capacity = len(self._ids)
        if needed_rows <= capacity and self._owns_buffers:
            return
        # Doubling keeps a stream of single-product upserts amortised O(dim) each.
        new_capacity = max(needed_rows, capacity * 2 if needed_rows > capacity else capacity, 16)
        self._vectors = _grown(self._vectors, self._count, new_capacity)
        self._ids = _grown(self._ids, self._count, new_capacity)
        self._sq_norms = _grown(self._sq_norms, self._count, new_capacity)
        self._owns_buffers = True


class HNSWIndex:
    """faiss ``IndexHNSWFlat`` (approximate). Changes rebuild the graph."""

    kind = "hnsw"

    def __init__(
        self,
        faiss_index,
        ids: np.ndarray,
        *,
        m: int = 32,
        ef_construction: int = 40,
        ef_search: int = 128,
        exact_below: int = 4096,
        exact_below_fraction: float = 0.05,
    ) -> None:
        self.dim = faiss_index.d
        self.m, self.ef_construction, self.ef_search = m, ef_construction, ef_search
        # A filter passing few rows starves the graph walk of allowed nodes (measured: 2%
        # allowed -> recall@5 0.43 at efSearch 64), while scanning just those rows is cheap.
        self.exact_below = exact_below
        self.exact_below_fraction = exact_below_fraction
        self._ids = ids
        self._faiss = faiss_index

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> np.ndarray:
        return self._ids

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        queries = _check_queries(queries, self.dim)
        allowed = _check_allowed(allowed, len(self))
        n_allowed = len(self) if allowed is None else int(allowed.sum())
        if k <= 0 or n_allowed == 0:
            return _padding(len(queries), max(k, 0))
        fraction = n_allowed / len(self)
        if allowed is not None and (n_allowed <= self.exact_below or fraction < self.exact_below_fraction):
            return self._exact_search_of(queries, k, np.flatnonzero(allowed))
        params = faiss.SearchParametersHNSW()
        # Widening the beam by 1/sqrt(fraction) kept recall@5 >= 0.97 down to 5% allowed.
        params.efSearch = int(max(self.ef_search, k) / fraction**0.5)
        if allowed is not None:
            bitmap = np.packbits(allowed, bitorder="little")
            params.sel = faiss.IDSelectorBitmap(len(self), faiss.swig_ptr(bitmap))
        distances, positions = self._faiss.search(queries, k, params=params)
        return _positions_to_ids(distances, positions, self._ids)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        vectors, ids = _check_vectors_and_ids(vectors, ids, self.dim)
        present = np.intersect1d(ids, self._ids)
        if len(present):
            raise ValueError(f"ids already in the index: {present[:10].tolist()}")
        self.upsert(ids, vectors)

    def upsert(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        vectors, ids = _check_vectors_and_ids(vectors, ids, self.dim)
        keep = ~np.isin(self._ids, ids)
        self._rebuild(np.concatenate([self._stored_vectors()[keep], vectors]), np.concatenate([self._ids[keep], ids]))

    def remove(self, ids: np.ndarray) -> int:
        keep = ~np.isin(self._ids, np.asarray(ids, dtype=np.int64))
        removed = int((~keep).sum())
        if removed:
            self._rebuild(self._stored_vectors()[keep], self._ids[keep])
        return removed

    def save(self, directory: str | os.PathLike) -> Path:
        import faiss

        ids = self._ids
        return _save_with_manifest(
            Path(directory),
            {
                "kind": self.kind,
                "dim": self.dim,
                "count": len(self),
                "m": self.m,
                "ef_construction": self.ef_construction,
                "ef_search": self.ef_search,
            },
            {
                "faiss": ("hnsw", ".faiss", lambda path: faiss.write_index(self._faiss, str(path))),
                "ids": ("ids", ".npy", lambda path: _save_npy(path, ids)),
            },
        )

    def _stored_vectors(self) -> np.ndarray:
        """A zero-copy (n, dim) view of the vectors inside the faiss index; valid while it lives."""
        import faiss

        if len(self) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        storage = faiss.downcast_index(self._faiss.storage)
        return faiss.rev_swig_ptr(storage.get_xb(), len(self) * self.dim).reshape(len(self), self.dim)

    def _rebuild(self, vectors: np.ndarray, ids: np.ndarray) -> None:
        self._faiss = _build_faiss_hnsw(np.ascontiguousarray(vectors, dtype=np.float32), self.m, self.ef_construction)
        self._ids = ids

    def _exact_search_of(self, queries: np.ndarray, k: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        vectors = self._stored_vectors()[rows]
        sq_norms = np.einsum("ij,ij->i", vectors, vectors)
        return _exact_search(queries, vectors, sq_norms, self._ids[rows], k, None)


def _build_faiss_hnsw(vectors: np.ndarray, m: int, ef_construction: int):
    import faiss

    faiss_index = faiss.IndexHNSWFlat(vectors.shape[1], m)
    faiss_index.hnsw.efConstruction = ef_construction
    faiss_index.add(vectors)
    return faiss_index


def _exact_search(
    queries: np.ndarray,
    vectors: np.ndarray,
    sq_norms: np.ndarray,
    ids: np.ndarray,
    k: int,
    allowed: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    distances, result_ids = _padding(len(queries), max(k, 0))
    take = min(k, len(vectors))
    if take <= 0:
        return distances, result_ids
    block = max(1, _DISTANCE_BLOCK_ELEMENTS // len(vectors))
    for start in range(0, len(queries), block):
        chunk = queries[start : start + block]
        squared = np.einsum("ij,ij->i", chunk, chunk)[:, None] + sq_norms[None, :] - 2.0 * (chunk @ vectors.T)
        np.maximum(squared, 0.0, out=squared)
        if allowed is not None:
            squared[:, ~allowed] = np.inf
        nearest = _smallest_k(squared, take)
        chunk_distances = np.take_along_axis(squared, nearest, axis=1)
        found = np.isfinite(chunk_distances)
        distances[start : start + len(chunk), :take] = np.where(found, chunk_distances, np.inf)
        result_ids[start : start + len(chunk), :take] = np.where(found, ids[nearest], PADDING_ID)
    return distances, result_ids


def _smallest_k(values: np.ndarray, k: int) -> np.ndarray:
    """Column positions of the k smallest values per row, nearest first."""
    if k < values.shape[1]:
        candidates = np.argpartition(values, k - 1, axis=1)[:, :k]
    else:
        candidates = np.broadcast_to(np.arange(values.shape[1]), values.shape)
    order = np.argsort(np.take_along_axis(values, candidates, axis=1), axis=1, kind="stable")
    return np.take_along_axis(candidates, order, axis=1)


def _positions_to_ids(distances: np.ndarray, positions: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    found = positions >= 0
    result_ids = np.where(found, ids[np.where(found, positions, 0)], PADDING_ID)
    return np.where(found, distances, np.inf).astype(np.float32), result_ids.astype(np.int64)


def _padding(m: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    return np.full((m, k), np.inf, dtype=np.float32), np.full((m, k), PADDING_ID, dtype=np.int64)


def _grown(array: np.ndarray, count: int, capacity: int) -> np.ndarray:
    grown = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
    grown[:count] = array[:count]
    return grown


def _check_vectors_and_ids(
    vectors: np.ndarray, ids: np.ndarray, dim: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    ids = np.asarray(ids)
    if vectors.ndim != 2:
        raise ValueError(f"vectors must be 2-D (n, dim), got shape {vectors.shape}")
    if dim is not None and vectors.shape[1] != dim:
        raise ValueError(f"vectors have dimension {vectors.shape[1]}, the index has {dim}")
    if ids.shape != (len(vectors),):
        raise ValueError(f"need one id per vector: ids shape {ids.shape}, vectors shape {vectors.shape}")
    if ids.dtype.kind not in "iu":
        raise ValueError(f"ids must be integers, got dtype {ids.dtype}")
    ids = ids.astype(np.int64)
    if len(ids) and ids.min() < 0:
        raise ValueError("ids must be non-negative (-1 marks padding in results)")
    if len(np.unique(ids)) != len(ids):
        raise ValueError("ids must be unique")
    if not np.isfinite(vectors).all():
        raise ValueError("vectors contain NaN or infinity")
    return vectors, ids


def _check_queries(queries: np.ndarray, dim: int) -> np.ndarray:
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    if queries.ndim != 2 or queries.shape[1] != dim:
        raise ValueError(f"queries must have shape (m, {dim}), got {queries.shape}")
    return queries


def _check_allowed(allowed: np.ndarray | None, count: int) -> np.ndarray | None:
    if allowed is None:
        return None
    allowed = np.asarray(allowed)
    if allowed.dtype != bool or allowed.shape != (count,):
        raise ValueError(f"allowed must be a boolean mask of shape ({count},), got {allowed.dtype} {allowed.shape}")
    return allowed


def _save_npy(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as handle:
        np.save(handle, np.ascontiguousarray(array), allow_pickle=False)


def _save_with_manifest(
    directory: Path, header: dict, writers: dict[str, tuple[str, str, Callable[[Path], None]]]
) -> Path:
    """Write data files under fresh names, then swap the manifest; returns the directory."""
    token = uuid.uuid4().hex[:12]
    files = {}
    for role, (stem, suffix, write) in writers.items():
        files[role] = f"{stem}-{token}{suffix}"
        write_atomically(directory / files[role], write)
    previous = _try_read_manifest(directory)
    manifest = {"format": FORMAT_VERSION, **header, "files": files}
    write_atomically(directory / MANIFEST_NAME, lambda path: path.write_text(json.dumps(manifest, indent=2)))
    for name in (previous or {}).get("files", {}).values():
        if name not in files.values():
            (directory / name).unlink(missing_ok=True)
    return directory


def _read_manifest(directory: Path) -> dict:
    manifest_path = directory / MANIFEST_NAME
    if not manifest_path.is_file():
        raise FileNotFoundError(f"no index at {directory} ({MANIFEST_NAME} missing)")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise ValueError(f"{manifest_path}: unsupported index format {manifest.get('format')!r}")
    return manifest


def _try_read_manifest(directory: Path) -> dict | None:
    try:
        return _read_manifest(directory)
    except (FileNotFoundError, ValueError):
        return None


def _open_index(directory: Path, manifest: dict, memory_map: bool) -> Index:
    files = manifest["files"]
    mmap_mode = "r" if memory_map else None
    ids = np.load(directory / files["ids"], mmap_mode=mmap_mode, allow_pickle=False)
    if manifest["kind"] == "exact":
        vectors = np.load(directory / files["vectors"], mmap_mode=mmap_mode, allow_pickle=False)
        return ExactIndex(vectors, ids)
    if manifest["kind"] == "hnsw":
        return HNSWIndex(
            _read_faiss(directory / files["faiss"], memory_map),
            np.array(ids),
            m=manifest["m"],
            ef_construction=manifest["ef_construction"],
            ef_search=manifest["ef_search"],
        )
    raise ValueError(f"unknown index kind {manifest['kind']!r} in {directory}")


def _read_faiss(path: Path, memory_map: bool):
    import faiss

    if not path.is_file():
        raise FileNotFoundError(path)
    if memory_map:
        try:
            return faiss.read_index(str(path), faiss.IO_FLAG_MMAP)
        except RuntimeError:
            pass  # this index type cannot be mapped: read it
    return faiss.read_index(str(path))
