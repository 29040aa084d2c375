"""Predict a product's articleType from its image embedding.

A multinomial logistic regression on the (L2-normalised) embedding vectors. Saved
with joblib (a pickle): load only files this shop wrote itself.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import joblib
import numpy as np

from .files import write_atomically


class CategoryClassifier:
    def __init__(self, model, embedder_name: str | None = None) -> None:
        self._model = model
        # Vectors from another embedder would be silently misread: remember which one.
        self.embedder_name = embedder_name

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self._model.classes_]

    def predict(self, vectors: np.ndarray) -> list[tuple[str, float]]:
        """Most likely label and its probability for each row of ``vectors``."""
        probabilities = self.predict_proba(vectors)
        best = probabilities.argmax(axis=1)
        return [(self.labels[i], float(probabilities[row, i])) for row, i in enumerate(best)]

    def predict_proba(self, vectors: np.ndarray) -> np.ndarray:
        """(n, len(labels)) probabilities, columns in ``labels`` order."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be 2-D (n, dim), got shape {vectors.shape}")
        return self._model.predict_proba(vectors)

    def save(self, path: str | os.PathLike) -> Path:
        path = Path(path)
        write_atomically(path, lambda temp: joblib.dump(self, temp))
        return path


def train_category_classifier(
    vectors: np.ndarray,
    labels: Sequence[str],
    embedder_name: str | None = None,
    regularisation: float = 10.0,
) -> CategoryClassifier:
    """Fit on ``vectors`` (n, dim) and their ``labels`` (e.g. articleType).

    ``regularisation`` is scikit-learn's ``C`` (larger = weaker); unit-length
    vectors have small coordinates, so a larger C than the default 1 fits better.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or len(vectors) != len(labels):
        raise ValueError(f"need one label per vector row: {vectors.shape} vectors, {len(labels)} labels")
    if len(set(labels)) < 2:
        raise ValueError("need at least two distinct labels to train a classifier")
    # Imported here: scikit-learn costs a second of start-up that only training needs.
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=regularisation, max_iter=1000)
    model.fit(vectors, np.asarray(labels, dtype=object))
    return CategoryClassifier(model, embedder_name)


def load_classifier(path: str | os.PathLike) -> CategoryClassifier:
    classifier = joblib.load(Path(path))
    if not isinstance(classifier, CategoryClassifier):
        raise TypeError(f"{path} does not hold a CategoryClassifier")
    return classifier
