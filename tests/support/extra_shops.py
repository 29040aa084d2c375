"""Shops of their own for tests whose settings are read once, when the app is made (REDIS_URL for the
limits' storage, TRUST_PROXY_HOPS): each on a fresh SQLite database in the test's temporary folder.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.support.scratch import scratch_app
from webapp.extensions import db


@pytest.fixture
def extra_shop(tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """extra_shop(**settings): a new app with these settings, migrated; two calls with the same settings
    stand for two processes of one shop (their databases differ, what they share in Redis does not)."""
    made: list[Flask] = []
    numbers = itertools.count(1)

    def make(**settings: object) -> Flask:
        instance = tmp_path / f"shop-{next(numbers)}"
        instance.mkdir()
        app = scratch_app(instance, None, **settings)
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()
