"""The tuned head, the photo pipeline's scoped search, match strength and customer-photo augmentation."""
from __future__ import annotations

import re

import numpy as np
import pytest
from PIL import Image

from recommender import ColourShapeEmbedder, build_index
from recommender.augment import customer_photo
from recommender.calibration import match_calibration, match_strength
from recommender.pipeline import PhotoPipeline, scope, scoped_search, scopes, training_copies
from recommender.tuning import TrainingRefused, check_trainable, load_head, train_head

STRENGTHS = [
    # similarity, shown strength, with poor 0.8 and excellent 0.96 (the fallback's typical figures)
    (0.50, 0.0), (0.80, 0.0), (0.88, 0.5), (0.96, 1.0), (0.99, 1.0),
]


@pytest.mark.parametrize(("similarity", "strength"), STRENGTHS)
def test_match_strength_places_a_similarity_between_a_poor_and_an_excellent_match(similarity, strength):
    assert match_strength(similarity, {"poor": 0.8, "excellent": 0.96}) == pytest.approx(strength)


def test_calibration_of_random_directions_calls_their_typical_similarity_poor():
    vectors = np.random.default_rng(0).normal(size=(400, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    calibration = match_calibration(vectors)
    assert calibration["poor"] == pytest.approx(0.0, abs=0.02)
    assert calibration["excellent"] > 0.3


def test_scope_is_claimed_only_from_the_confidence_on():
    assert scope([("Tshirts", 0.62), ("Tops", 0.2)], 0.5) == "Tshirts"
    assert scope([("Tshirts", 0.41), ("Tops", 0.3)], 0.5) is None
    assert scope([], 0.5) is None


def on_a_line(count: int) -> np.ndarray:
    """Unit vectors at 0, 10, 20 ... degrees: item i is nearer item 0 than item i + 1 is."""
    angles = np.radians(np.arange(count) * 10.0)
    return np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)


def test_a_scope_with_too_few_items_is_followed_by_the_nearest_others():
    # Six items on a line; only items 4 and 5 are in scope.
    vectors = on_a_line(6)
    index = build_index(vectors, np.arange(6))
    in_scope = np.array([False, False, False, False, True, True])
    _, ids = scoped_search(index, vectors[0], 4, None, [in_scope])
    assert ids.tolist() == [4, 5, 0, 1]


def test_nested_scopes_give_the_narrowest_first_then_each_wider_then_the_rest():
    # Items 0..5 at angles 0, 10 ... 50 degrees; the type is 2..5, the type and colour 4..5.
    vectors = on_a_line(6)
    index = build_index(vectors, np.arange(6))
    type_and_colour = np.array([False, False, False, False, True, True])
    of_type = np.array([False, False, True, True, True, True])
    _, ids = scoped_search(index, vectors[0], 5, None, [type_and_colour, of_type])
    assert ids.tolist() == [4, 5, 2, 3, 0]


def test_fewer_allowed_items_than_asked_are_padded():
    vectors = on_a_line(4)
    index = build_index(vectors, np.arange(4))
    distances, ids = scoped_search(index, vectors[0], 4, np.array([False, True, False, True]),
                                   [np.array([False, False, False, True])])
    assert ids.tolist() == [3, 1, -1, -1]
    assert np.isinf(distances[2:]).all()


SCOPES = {
    "no type: no scope, whatever the colour": (None, [True, False], []),
    "a type alone": ([True, True], None, [[True, True]]),
    "a type and a colour: both, then the type": ([True, True], [True, False], [[True, False], [True, True]]),
}


@pytest.mark.parametrize(("of_type", "of_colour", "expected"), SCOPES.values(), ids=SCOPES.keys())
def test_a_colour_narrows_only_within_a_type(of_type, of_colour, expected):
    def as_mask(values):
        return None if values is None else np.array(values)

    assert [mask.tolist() for mask in scopes(as_mask(of_type), as_mask(of_colour))] == expected


def test_a_filter_still_applies_outside_the_scope():
    vectors = on_a_line(6)
    index = build_index(vectors, np.arange(6))
    allowed = np.array([False, True, False, True, True, True])
    _, ids = scoped_search(index, vectors[0], 3, allowed, [np.array([False] * 5 + [True])])
    assert ids.tolist() == [5, 1, 3]


REFUSED = {
    "no labels": ({"articleType": [""] * 30}, "no product has an article type"),
    "three products": ({"articleType": ["A", "B", "A"]}, "only 3 labelled products"),
    "one type": ({"articleType": ["A"] * 29 + ["B"]}, "1 article type(s) with at least 2 products"),
}


@pytest.mark.parametrize(("labels", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_too_little_to_learn_from_is_refused_with_the_reason(labels, message):
    with pytest.raises(TrainingRefused, match=re.escape(message)):
        check_trainable(labels)


@pytest.fixture(scope="module")
def head():
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(3, 32))
    labels = ["A", "B", "C"] * 20
    features = np.stack([centres["ABC".index(label)] + 0.1 * rng.normal(size=32) for label in labels])
    return train_head(features.astype(np.float32), {"articleType": labels, "gender": ["Men", "Women"] * 30},
                      "backbone-x", "v1", epochs=30), centres


def test_the_head_is_named_by_backbone_and_catalogue_version(head):
    assert head[0].name == "tuned-backbone-x-v1"


def test_the_heads_vectors_are_unit_length_and_group_items_of_a_type(head):
    tuned, centres = head
    vectors = tuned.vectors(centres.astype(np.float32))
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(1.0)
    labels, probabilities = tuned.probabilities(vectors)
    assert [labels[i] for i in probabilities.argmax(axis=1)] == ["A", "B", "C"]


def test_a_saved_head_loads_back_to_the_same_vectors(head, tmp_path):
    tuned, centres = head
    loaded = load_head(tuned.save(tmp_path / "head.npz"))
    assert loaded.name == tuned.name
    assert loaded.vectors(centres.astype(np.float32)) == pytest.approx(tuned.vectors(centres.astype(np.float32)))


@pytest.fixture(scope="module")
def head_on_long_features():
    """Three types in 600-number features, more than the head's projection keeps (it learns on fewer)."""
    rng = np.random.default_rng(2)
    centres = rng.normal(size=(3, 600))
    labels = ["A", "B", "C"] * 20
    features = np.stack([centres["ABC".index(label)] + 0.1 * rng.normal(size=600) for label in labels])
    return train_head(features.astype(np.float32), {"articleType": labels}, "backbone-y", "v1", epochs=30), centres


def test_a_head_that_learnt_on_a_projection_takes_the_features_as_they_are(head_on_long_features):
    tuned, centres = head_on_long_features
    assert tuned.hidden[0].shape == (600, 1024)
    labels, probabilities = tuned.probabilities(tuned.vectors(centres.astype(np.float32)))
    assert [labels[i] for i in probabilities.argmax(axis=1)] == ["A", "B", "C"]


def test_features_of_another_size_are_refused(head):
    with pytest.raises(ValueError, match="takes"):
        head[0].vectors(np.zeros((1, 31), dtype=np.float32))


def test_a_customer_photo_is_the_same_for_the_same_seed_and_never_on_white():
    studio = Image.new("RGB", (120, 160), "white")
    studio.paste((200, 30, 30), (30, 30, 90, 130))
    first = customer_photo(studio, np.random.default_rng(7))
    again = customer_photo(studio, np.random.default_rng(7))
    assert np.array_equal(np.asarray(first), np.asarray(again))
    corner = np.asarray(first)[:4, :4].reshape(-1, 3).mean(axis=0)
    assert not (corner > 245).all()


def test_training_copies_give_one_block_per_copy_drawn_from_its_own_generators_and_the_mirror_images():
    pictures = [Image.new("RGB", (120, 160), "white") for _ in range(3)]
    for offset, picture in enumerate(pictures):
        picture.paste((40 * offset, 90, 200), (20 + offset * 10, 30, 90, 140))
    pipeline = PhotoPipeline(ColourShapeEmbedder())

    def generators(seed: int) -> list[list[np.random.Generator]]:
        return [[np.random.default_rng([seed, copy, item]) for item in range(3)] for copy in range(2)]

    copies, mirrored = training_copies(pipeline, pictures, generators(1))
    again, _ = training_copies(pipeline, pictures, generators(1))
    assert [block.shape for block in copies] == [(3, pipeline.embedder.dim)] * 2
    assert mirrored.shape == (3, pipeline.embedder.dim)
    assert all(np.array_equal(first, second) for first, second in zip(copies, again, strict=True))
    assert not np.array_equal(copies[0], copies[1])
