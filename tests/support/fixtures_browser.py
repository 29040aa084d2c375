"""A live shop on a real port and a real Chromium driven by Playwright.

Browser tests share one worker under pytest-xdist (tests/conftest.py groups them), so the demo shop
is seeded and indexed once and one Chromium runs at a time.
"""
from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.support.databases import build_app
from tests.support.paths import REPO_ROOT, scratch_dir
from webapp.demo.seed import seed_demo
from webapp.services.visual_search.building import build_catalogue_index

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "test-artifacts"
# Without the background-networking switches Chromium keeps dialling Google, which this network refuses.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo shop (seeded, look-alike index built) served on a free loopback port."""
    instance = scratch_dir("live", tmp_path_factory.mktemp("live"))
    app = build_app(instance)
    with app.app_context():
        seed_demo()
        build_catalogue_index()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    shutil.rmtree(instance, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
