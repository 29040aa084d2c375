"""The rate limits switched on for one test: the test config has them off, so other tests log in freely."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from webapp.rate_limits import limiter_of


@pytest.fixture
def rate_limits(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Limits on, counted from zero (the app, and its in-memory counts, live for the whole session)."""
    monkeypatch.setitem(app.config, "RATE_LIMITS_ON", True)
    limiter_of(app).reset()
    yield
    limiter_of(app).reset()
