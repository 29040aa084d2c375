"""Which tests share a pytest-xdist worker: those that share something built once (a live shop and
Chromium, a module-scoped shop or model). Every other test is scheduled on its own.

pytest-xdist's own loadgroup mode marks groups by appending "@group" to node ids, which pytest 9
no longer lets a plugin change. So the workers, which collect the tests, write each test's group to
a file, and the controller's scheduler (LoadGroupScheduling, one unit of work per group) reads it.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from xdist.scheduler import LoadGroupScheduling

GROUPS_DIR_VARIABLE = "LOOKALIKE_XDIST_GROUPS_DIR"


def group_of(item: pytest.Item) -> str | None:
    """"browser" for browser tests; the module and backend for a test using a module-scoped fixture."""
    if item.get_closest_marker("browser"):
        return "browser"
    for mark in item.iter_markers("xdist_group"):
        return str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
    fixture_info = getattr(item, "_fixtureinfo", None)
    if fixture_info is None:
        return None
    shared = sorted(name for name, definitions in fixture_info.name2fixturedefs.items()
                    if definitions and definitions[-1].scope == "module")
    if not shared:
        return None
    callspec = getattr(item, "callspec", None)
    backend = callspec.params.get("backend") if callspec else None
    return f"{item.nodeid.split('::')[0]}[{backend or '-'}]"


def start(config: pytest.Config) -> None:
    """In the controller of a parallel run, before the workers start: a folder for their group files."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not getattr(config.option, "numprocesses", None):
        return
    os.environ[GROUPS_DIR_VARIABLE] = tempfile.mkdtemp(prefix="lookalike-xdist-groups-")


def finish() -> None:
    folder = os.environ.pop(GROUPS_DIR_VARIABLE, None)
    if folder and not os.environ.get("PYTEST_XDIST_WORKER"):
        shutil.rmtree(folder, ignore_errors=True)


def record(items: list[pytest.Item]) -> None:
    """In a worker, after collection: write {node id: group} for the controller."""
    worker, folder = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get(GROUPS_DIR_VARIABLE)
    if not worker or not folder:
        return
    groups = {item.nodeid: group for item in items if (group := group_of(item))}
    target = Path(folder) / f"{worker}.json"
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps(groups))
    partial.replace(target)


class SharedFixtureScheduling(LoadGroupScheduling):
    """loadgroup, with the groups the workers recorded (every worker collects the same tests)."""

    _groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self._groups is None:
            folder = Path(os.environ.get(GROUPS_DIR_VARIABLE, "."))
            files = sorted(folder.glob("*.json")) if folder.is_dir() else []
            self._groups = json.loads(files[0].read_text()) if files else {}
        group = self._groups.get(nodeid)
        return f"group {group}" if group else super()._split_scope(nodeid)
