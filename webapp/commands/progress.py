"""The progress bar every long-running command shows (import, index, evaluate): one look, one place."""
from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import click


def progress_bar(label: str, items: Iterable[Any] | None = None, *, length: int | None = None,
                 to_stderr: bool = False) -> Any:
    """click's bar over `items` (or `length` steps) with position and time left; a context manager.

    `to_stderr` keeps stdout for what a script reads (`--json`).
    """
    return click.progressbar(items, length=length, label=label, show_pos=True, show_eta=True,
                             file=sys.stderr if to_stderr else None)
