"""ResNet50 with random weights: the embedding must match a by-hand reference computation."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from recommender.embedder import ResNet50Embedder

pytestmark = pytest.mark.slow

IMAGENET_BGR_MEANS = np.array([103.939, 116.779, 123.68], dtype=np.float32)


@pytest.fixture(scope="module")
def embedder() -> ResNet50Embedder:
    keras = pytest.importorskip("keras")
    keras.utils.set_random_seed(0)
    embedder = ResNet50Embedder(weights=None, batch_size=2)
    embedder.embed([coloured_gradient(10, 10)])  # builds the model with the seed above
    return embedder


def coloured_gradient(width: int, height: int, seed: int = 0) -> Image.Image:
    """Different content in each channel, so a red/blue swap changes the input."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    pixels = np.stack([255 * x / width, 255 * y / height, np.full(x.shape, 40.0)], axis=2)
    pixels += rng.uniform(-20, 20, size=pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="RGB")


def reference_embedding(model, image: Image.Image, swap_to_bgr: bool = True) -> np.ndarray:
    """The documented preprocessing written out with PIL and numpy only."""
    width, height = image.size
    scale = 224 / max(width, height)
    new_width, new_height = round(width * scale), round(height * scale)
    resized = np.asarray(image.resize((new_width, new_height), Image.Resampling.BICUBIC), dtype=np.float32)
    canvas = np.full((224, 224, 3), 255.0, dtype=np.float32)
    top, left = (224 - new_height) // 2, (224 - new_width) // 2
    canvas[top : top + new_height, left : left + new_width] = resized
    network_input = (canvas[..., ::-1] if swap_to_bgr else canvas) - IMAGENET_BGR_MEANS
    features = np.asarray(model(network_input[None], training=False))[0]
    return features / np.linalg.norm(features)


def test_embedding_equals_by_hand_reference(embedder):
    image = coloured_gradient(150, 200)
    embedded = embedder.embed([image])[0]
    assert np.allclose(embedded, reference_embedding(embedder.model, image), atol=2e-5)
    # The check must be able to fail: the same pipeline without the BGR swap differs.
    assert not np.allclose(embedded, reference_embedding(embedder.model, image, swap_to_bgr=False), atol=2e-5)


def test_output_is_n_by_2048_float32_unit_rows(embedder):
    vectors = embedder.embed([coloured_gradient(64, 48, seed) for seed in range(3)])
    assert vectors.shape == (3, 2048)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_no_images_give_an_empty_matrix(embedder):
    assert embedder.embed([]).shape == (0, 2048)


def test_batch_result_equals_one_at_a_time(embedder):
    images = [coloured_gradient(80 + 10 * seed, 60, seed) for seed in range(5)]  # 2 full batches + 1
    batched = embedder.embed(images)
    single = np.concatenate([embedder.embed([image]) for image in images])
    assert np.allclose(batched, single, atol=1e-5)


def test_weights_file_is_loaded(embedder, tmp_path):
    weights_file = tmp_path / "random.weights.h5"
    embedder.model.save_weights(weights_file)
    from_file = ResNet50Embedder(weights=weights_file, batch_size=2)
    assert from_file.name == "resnet50-file:random.weights.h5"
    image = coloured_gradient(100, 100)
    assert np.allclose(from_file.embed([image]), embedder.embed([image]), atol=1e-5)


def test_a_head_tunes_resnet50_features_and_photos_go_through_it(embedder):
    from recommender.pipeline import PhotoPipeline
    from recommender.tuning import train_head

    images = [coloured_gradient(32 + n, 24, seed=n) for n in range(20)]
    images += [Image.new("RGB", (32, 24), (200, 30, 30))] * 4
    labels = {"articleType": ["Gradients"] * 20 + ["Red"] * 4}
    head = train_head(embedder.embed(images), labels, embedder.name, "drawn", epochs=5)
    [query] = PhotoPipeline(embedder, head).queries([images[0]])
    assert head.name == "tuned-resnet50-random-drawn"
    assert query.vector.shape == (256,) and np.linalg.norm(query.vector) == pytest.approx(1.0, abs=1e-5)
    assert {label for label, _ in query.categories} == {"Gradients", "Red"}
