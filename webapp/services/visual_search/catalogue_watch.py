"""Look-alikes follow the catalogue: every products_changed announcement enqueues the `update_lookalikes` job.

The job (building.update_products) embeds the changed pictures and recomputes the lists they move,
outside the admin's request. It compares the index with the database, so running it twice, or late,
still leaves exactly what a full rebuild would.
"""
from __future__ import annotations

from collections.abc import Sequence

from flask import Flask

from webapp.services import jobs
from webapp.signals import products_changed


def _on_products_changed(sender: Flask, product_ids: Sequence[int] = (), **_extra: object) -> None:
    if product_ids:
        jobs.enqueue("update_lookalikes", product_ids=list(product_ids))


def register(app: Flask) -> None:
    """Keep look-alikes current whenever the catalogue announces changed products."""
    products_changed.connect(_on_products_changed)
