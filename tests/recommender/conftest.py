"""Fixtures for the recommender library tests: no Flask, no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.paths import shared_data_dir


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds a TensorFlow ResNet50 (a few seconds)")


@pytest.fixture(scope="session")
def fashion_sample() -> Path:
    """The 3,000-image Kaggle-layout sample; the test is skipped where it is absent."""
    folder = shared_data_dir() / "fashion-sample"
    if not (folder / "styles.csv").is_file():
        pytest.skip(f"fashion sample not found at {folder} (set SHOP_SHARED_DATA)")
    return folder
