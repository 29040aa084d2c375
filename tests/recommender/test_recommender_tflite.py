"""The TensorFlow Lite int8 ResNet50: matches Keras, exported once per weights file, chosen by load_embedder."""

from __future__ import annotations

import logging
import os
import shutil
import signal

import numpy as np
import pytest
from PIL import Image

from recommender import tflite_export
from recommender.embedder import ResNet50Embedder, TFLiteResNet50Embedder, load_embedder

# Building and converting a ResNet50 takes about 15 s.
pytestmark = pytest.mark.slow


def conversion_must_not_run() -> bytes:
    raise AssertionError("converted again")


@pytest.fixture(scope="module")
def weights_file(tmp_path_factory):
    """Seeded random ResNet50 weights saved to a file, as the TFLite path needs one to key its export on."""
    keras = pytest.importorskip("keras")
    keras.utils.set_random_seed(0)
    model = keras.applications.ResNet50(include_top=False, pooling="avg", weights=None, input_shape=(224, 224, 3))
    path = tmp_path_factory.mktemp("weights") / "random.weights.h5"
    model.save_weights(path)
    return path


@pytest.fixture(scope="module")
def export(weights_file, tmp_path_factory):
    def convert() -> bytes:
        model = ResNet50Embedder(weights=str(weights_file)).model
        return tflite_export.convert_keras_model(model)

    return tflite_export.ensure_export(weights_file, tmp_path_factory.mktemp("exports"), convert)


def photo(seed: int, size: tuple[int, int] = (150, 200)) -> Image.Image:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0 : size[1], 0 : size[0]]
    pixels = np.stack([255 * x / size[0], 255 * y / size[1], np.full(x.shape, 60.0 * seed)], axis=2)
    pixels += rng.uniform(-30, 30, size=pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="RGB")


def test_tflite_vectors_match_keras(weights_file, export):
    images = [photo(seed) for seed in range(3)]
    keras_vectors = ResNet50Embedder(weights=str(weights_file)).embed(images)
    tflite_vectors = TFLiteResNet50Embedder(export, weights_file, batch_size=2).embed(images)
    assert tflite_vectors.shape == (3, 2048)
    assert tflite_vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(tflite_vectors, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(tflite_vectors * keras_vectors, axis=1)
    assert cosines.min() >= 0.999
    # The check must be able to fail: different pictures are further apart than that.
    assert float(tflite_vectors[0] @ keras_vectors[1]) < 0.999


def test_batch_one_and_batches_agree_and_empty_input_gives_no_rows(weights_file, export):
    images = [photo(seed) for seed in range(3)]
    one_by_one = TFLiteResNet50Embedder(export, weights_file, batch_size=1).embed(images)
    batched = TFLiteResNet50Embedder(export, weights_file, batch_size=3).embed(images)
    assert np.allclose(one_by_one, batched, atol=1e-5)
    assert TFLiteResNet50Embedder(export, weights_file).embed([]).shape == (0, 2048)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_interpreter_opened_before_a_fork_works_in_the_child(weights_file, export):
    embedder = TFLiteResNet50Embedder(export, weights_file)
    parent = embedder.embed([photo(0)])
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            signal.alarm(60)  # a deadlocked child must not hang the test run
            os.write(write_end, embedder.embed([photo(0)]).tobytes())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        child = np.frombuffer(pipe.read(), dtype=np.float32)
    os.waitpid(pid, 0)
    assert np.allclose(child, parent[0])


def test_export_is_written_once_and_reused(weights_file, export):
    written = export.stat().st_mtime_ns
    again = tflite_export.ensure_export(weights_file, export.parent, conversion_must_not_run)
    assert again == export
    assert export.stat().st_mtime_ns == written


def test_changed_weights_get_their_own_export(weights_file, export, tmp_path):
    changed = tmp_path / "changed.weights.h5"
    changed.write_bytes(weights_file.read_bytes() + b"\0")
    assert tflite_export.export_path(changed, export.parent) != export


def test_corrupt_cached_export_is_replaced(weights_file, export, tmp_path, caplog):
    cached = tflite_export.export_path(weights_file, tmp_path)
    cached.write_bytes(export.read_bytes()[:5000])
    conversions = []

    def convert() -> bytes:
        conversions.append(1)
        return export.read_bytes()

    with caplog.at_level(logging.WARNING):
        assert tflite_export.ensure_export(weights_file, tmp_path, convert) == cached
    assert conversions == [1]
    assert cached.read_bytes() == export.read_bytes()
    assert "unusable" in caplog.text


def test_a_failed_conversion_leaves_no_file(weights_file, tmp_path):
    def broken() -> bytes:
        raise RuntimeError("converter crashed")

    with pytest.raises(RuntimeError, match="converter crashed"):
        tflite_export.ensure_export(weights_file, tmp_path, broken)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.delenv("RECOMMENDER_RUNTIME", raising=False)
    return tmp_path / "keras" / "models"


def test_load_embedder_uses_tflite_by_default(weights_file, export, keras_home, monkeypatch, caplog):
    keras_home.mkdir(parents=True)
    shutil.copy(export, keras_home / export.name)
    monkeypatch.setattr(tflite_export, "convert_keras_model", lambda model: conversion_must_not_run())
    with caplog.at_level(logging.WARNING):
        embedder = load_embedder(str(weights_file))
    assert isinstance(embedder, TFLiteResNet50Embedder)
    assert embedder.name == "resnet50-file:random.weights.h5-tflite-int8"
    assert caplog.records == []


def test_keras_runtime_by_argument_or_environment(weights_file, keras_home, monkeypatch):
    assert type(load_embedder(str(weights_file), runtime="keras")) is ResNet50Embedder
    monkeypatch.setenv("RECOMMENDER_RUNTIME", "keras")
    assert type(load_embedder(str(weights_file))) is ResNet50Embedder
    with pytest.raises(ValueError, match="unknown runtime"):
        load_embedder(str(weights_file), runtime="onnx")


def test_failed_export_falls_back_to_keras_with_one_warning(weights_file, keras_home, monkeypatch, caplog):
    def broken(model) -> bytes:
        raise RuntimeError("converter crashed")

    monkeypatch.setattr(tflite_export, "convert_keras_model", broken)
    with caplog.at_level(logging.WARNING):
        embedder = load_embedder(str(weights_file), runtime="tflite")
    assert type(embedder) is ResNet50Embedder
    (warning,) = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert "converter crashed" in warning
    assert "RECOMMENDER_RUNTIME=keras" in warning
