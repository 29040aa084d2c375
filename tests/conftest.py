"""The suite's fixtures live in tests/support/fixtures_*.py, one module per area, shared through pytest_plugins.

Plain helpers (CSRF tokens, orders through the services, drawn pictures ...) are ordinary modules in
tests/support/ that tests import. No conftest imports another.
"""
from __future__ import annotations

pytest_plugins = [
    "tests.support.fixtures_app",
    "tests.support.fixtures_buying",
    "tests.support.fixtures_engagement",
    "tests.support.fixtures_reports",
    "tests.support.fixtures_search",
    "tests.support.fixtures_browser",
]
