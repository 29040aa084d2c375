from __future__ import annotations

import numpy as np
import pytest

from recommender.classify import load_classifier, train_category_classifier

LABELS = ["Tshirts", "Jeans", "Watches"]


def separable_vectors(per_label: int, seed: int) -> tuple[np.ndarray, list[str]]:
    """Unit vectors clustered around one orthogonal direction per label."""
    rng = np.random.default_rng(seed)
    centres = np.eye(len(LABELS), 32) * 3
    vectors = np.concatenate([centre + rng.normal(scale=0.3, size=(per_label, 32)) for centre in centres])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32), [label for label in LABELS for _ in range(per_label)]


def test_classifier_predicts_the_right_label_with_confidence():
    vectors, labels = separable_vectors(40, seed=0)
    classifier = train_category_classifier(vectors, labels, embedder_name="colour-shape-v2")
    test_vectors, test_labels = separable_vectors(5, seed=1)
    predictions = classifier.predict(test_vectors)
    assert [label for label, _ in predictions] == test_labels
    assert min(confidence for _, confidence in predictions) > 0.8
    assert classifier.embedder_name == "colour-shape-v2"


def test_save_and_load_round_trip_predicts_the_same(tmp_path):
    vectors, labels = separable_vectors(20, seed=0)
    classifier = train_category_classifier(vectors, labels)
    path = classifier.save(tmp_path / "models" / "category.joblib")
    loaded = load_classifier(path)
    assert loaded.predict(vectors) == classifier.predict(vectors)
    assert [p.name for p in path.parent.iterdir()] == ["category.joblib"]


def test_training_needs_two_labels_and_one_label_per_vector():
    vectors, _ = separable_vectors(3, seed=0)
    with pytest.raises(ValueError, match="two distinct"):
        train_category_classifier(vectors, ["Tshirts"] * len(vectors))
    with pytest.raises(ValueError, match="one label per vector"):
        train_category_classifier(vectors, ["Tshirts", "Jeans"])
