"""Choosing an embedder: ImageNet weights when they can be had, else one warning and the fallback."""

from __future__ import annotations

import hashlib
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from recommender import embedder as embedder_module
from recommender.embedder import (
    IMAGENET_WEIGHTS_FILE,
    ColourShapeEmbedder,
    ResNet50Embedder,
    describe_embedder,
    load_embedder,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def offline_empty_cache(tmp_path, monkeypatch):
    """No cached weights, no RECOMMENDER_WEIGHTS, and any download fails."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(embedder_module.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    monkeypatch.delenv("RECOMMENDER_WEIGHTS", raising=False)

    def no_network(url, destination, timeout):
        raise OSError("network unreachable")

    monkeypatch.setattr(embedder_module, "_fetch_verified", no_network)
    return tmp_path


def warnings_from(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]


def test_missing_imagenet_weights_fall_back_with_one_clear_warning(offline_empty_cache, caplog):
    with caplog.at_level(logging.WARNING):
        embedder = load_embedder("imagenet")
    assert isinstance(embedder, ColourShapeEmbedder)
    assert embedder.name == "colour-shape-v2"
    (warning,) = warnings_from(caplog)
    assert "network unreachable" in warning
    assert "RECOMMENDER_WEIGHTS" in warning
    assert "internet" in warning


def test_failed_download_leaves_no_partial_file(offline_empty_cache, monkeypatch):
    def half_a_download(url, destination, timeout):
        destination.write_bytes(b"first megabyte")
        raise OSError("connection reset")

    monkeypatch.setattr(embedder_module, "_fetch_verified", half_a_download)
    load_embedder("imagenet")
    cache = offline_empty_cache / "keras" / "models"
    assert list(cache.iterdir()) == []


STAND_IN_WEIGHTS = b"stand-in: the model is only built on the first embed"


def test_cached_imagenet_weights_are_used_without_downloading(offline_empty_cache, monkeypatch):
    cached = offline_empty_cache / "keras" / "models" / IMAGENET_WEIGHTS_FILE
    cached.parent.mkdir(parents=True)
    cached.write_bytes(STAND_IN_WEIGHTS)
    stand_in_md5 = hashlib.md5(STAND_IN_WEIGHTS, usedforsecurity=False).hexdigest()
    monkeypatch.setattr(embedder_module, "IMAGENET_WEIGHTS_MD5", stand_in_md5)
    embedder = load_embedder("imagenet")
    assert isinstance(embedder, ResNet50Embedder)
    assert embedder.name == "resnet50-imagenet"
    assert embedder.weights == str(cached)


def test_truncated_cached_weights_are_not_used(offline_empty_cache, caplog):
    cached = offline_empty_cache / "keras" / "models" / IMAGENET_WEIGHTS_FILE
    cached.parent.mkdir(parents=True)
    cached.write_bytes(STAND_IN_WEIGHTS[:10])
    with caplog.at_level(logging.WARNING):
        assert isinstance(load_embedder("imagenet"), ColourShapeEmbedder)
    assert len(warnings_from(caplog)) == 1


def test_weights_env_var_names_the_file(offline_empty_cache, monkeypatch):
    weights = offline_empty_cache / IMAGENET_WEIGHTS_FILE
    weights.write_bytes(b"stand-in")
    monkeypatch.setenv("RECOMMENDER_WEIGHTS", str(weights))
    assert load_embedder("imagenet").weights == str(weights)


def test_weights_env_var_pointing_nowhere_falls_back_with_warning(offline_empty_cache, monkeypatch, caplog):
    monkeypatch.setenv("RECOMMENDER_WEIGHTS", str(offline_empty_cache / "absent.h5"))
    with caplog.at_level(logging.WARNING):
        assert isinstance(load_embedder("imagenet"), ColourShapeEmbedder)
    (warning,) = warnings_from(caplog)
    assert "absent.h5" in warning


def test_missing_weights_path_falls_back_with_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        assert isinstance(load_embedder(str(tmp_path / "nope.h5")), ColourShapeEmbedder)
    assert len(warnings_from(caplog)) == 1


def test_explicit_choices_need_no_weights(caplog):
    with caplog.at_level(logging.WARNING):
        assert load_embedder("fallback").name == "colour-shape-v2"
        assert load_embedder("random").name == "resnet50-random"
    assert warnings_from(caplog) == []


def test_description_says_which_embedder_is_active():
    assert "no pretrained weights" in describe_embedder(ColourShapeEmbedder())
    assert "random weights" in describe_embedder(ResNet50Embedder(weights=None))


def test_library_import_and_embedder_construction_do_not_import_tensorflow_or_flask():
    script = (
        "import sys, recommender\n"
        "recommender.load_embedder('random')\n"
        "recommender.load_embedder('fallback').embed([])\n"
        "print(sorted(m for m in ('tensorflow', 'keras', 'flask', 'webapp') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
