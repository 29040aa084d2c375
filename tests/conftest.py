"""The suite's fixtures live in tests/support/fixtures_*.py, one module per area, shared through pytest_plugins.

Plain helpers (CSRF tokens, orders through the services, drawn pictures ...) are ordinary modules in
tests/support/ that tests import. No conftest imports another.
"""
from __future__ import annotations

import pytest

from tests.support import xdist_groups

pytest_plugins = [
    "tests.support.fixtures_app",
    "tests.support.fixtures_buying",
    "tests.support.fixtures_engagement",
    "tests.support.fixtures_reports",
    "tests.support.fixtures_search",
    "tests.support.fixtures_browser",
    "tests.support.limits",
    "tests.support.redis_server",
    "tests.support.extra_shops",
]


# --- Parallel runs (make test: pytest -n auto --dist loadgroup) -------------------------------------

def pytest_configure(config: pytest.Config) -> None:
    xdist_groups.start(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    xdist_groups.finish()


def _on_a_second_database(item: pytest.Item) -> bool:
    """A one_database test's copy for a backend other than SQLite: what it checks never reaches the database."""
    callspec = getattr(item, "callspec", None)
    backend = callspec.params.get("backend", "sqlite") if callspec else "sqlite"
    return backend != "sqlite" and item.get_closest_marker("one_database") is not None


@pytest.hookimpl(trylast=True)  # after pytest has grouped the tests by backend
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    dropped = [item for item in items if _on_a_second_database(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not _on_a_second_database(item)]
    # The slow work on the shared data (the look-alike quality run trains a head for minutes) and tests on
    # no database first: they then overlap with the many short database tests instead of finishing last
    # on one worker.
    items.sort(key=lambda item: (item.get_closest_marker("shared_data") is None,
                                 "backend" in getattr(item, "fixturenames", ())))
    xdist_groups.record(items)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Browser tests on one worker (one live shop, one Chromium); a module whose fixtures live for the
    module on one worker per backend, so they are built once (see tests/support/xdist_groups.py)."""
    if config.getvalue("dist") == "loadgroup":
        return xdist_groups.SharedFixtureScheduling(config, log)
    return None
