"""The recommender's files besides the index: vectors by picture, and which picture each indexed product has.

Both are .npz files written atomically (recommender.files), so a reader never sees half of one.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from recommender import Embedder
from recommender.files import write_atomically


def save_npz(path: Path, **arrays: np.ndarray) -> None:
    def write(temp: Path) -> None:
        # Through a handle: given a path, np.savez would add ".npz" to the temporary name.
        with open(temp, "wb") as handle:
            np.savez(handle, **arrays)

    write_atomically(path, write)


class FeatureStore:
    """Vectors by picture name. Names are content hashes, so a known name never needs embedding again."""

    def __init__(self, embedder_name: str, names: list[str], vectors: np.ndarray) -> None:
        self.embedder_name = embedder_name
        self._set(names, vectors)

    def _set(self, names: list[str], vectors: np.ndarray) -> None:
        self.names = names
        self.vectors = vectors
        self._row_of = {name: row for row, name in enumerate(names)}

    @classmethod
    def load(cls, path: Path, embedder: Embedder) -> FeatureStore:
        """The saved store, or an empty one when there is none or another embedder made it."""
        return cls.load_named(path, embedder.name, embedder.dim)

    @classmethod
    def load_named(cls, path: Path, maker: str, dim: int) -> FeatureStore:
        """The saved store of vectors `maker` made, or an empty one (none saved, or another maker's)."""
        empty = cls(maker, [], np.zeros((0, dim), dtype=np.float32))
        try:
            with np.load(path, allow_pickle=False) as saved:
                if str(saved["embedder"]) != maker:
                    return empty
                return cls(maker, saved["names"].tolist(), saved["vectors"])
        except FileNotFoundError:
            return empty

    def __contains__(self, name: str) -> bool:
        return name in self._row_of

    def vector(self, name: str) -> np.ndarray:
        return self.vectors[self._row_of[name]]

    def add(self, names: list[str], vectors: np.ndarray) -> None:
        if not names:
            return
        self.vectors = np.concatenate([self.vectors, vectors.astype(np.float32)])
        for name in names:
            self._row_of[name] = len(self.names)
            self.names.append(name)

    def keep_only(self, names: set[str]) -> None:
        rows = [row for row, name in enumerate(self.names) if name in names]
        self._set([self.names[row] for row in rows], self.vectors[rows])

    def save(self, path: Path) -> None:
        save_npz(path, names=np.array(self.names, dtype=str), vectors=self.vectors,
                 embedder=np.array(self.embedder_name))


def load_indexed_pictures(path: Path) -> dict[int, str]:
    """Product id -> picture name, for every product the index holds (empty without a record)."""
    try:
        with np.load(path, allow_pickle=False) as saved:
            return dict(zip(saved["ids"].tolist(), saved["names"].tolist(), strict=True))
    except FileNotFoundError:
        return {}


def save_indexed_pictures(path: Path, pictures: dict[int, str]) -> None:
    save_npz(path, ids=np.array(list(pictures), dtype=np.int64), names=np.array(list(pictures.values()), dtype=str))
