"""Look-alikes follow the catalogue: every products_changed announcement updates the index and lists."""
from __future__ import annotations

from collections.abc import Sequence

from flask import Flask, current_app

from webapp.extensions import db
from webapp.services.visual_search.building import update_products
from webapp.signals import products_changed


def _on_products_changed(sender: Flask, product_ids: Sequence[int] = (), **_extra: object) -> None:
    try:
        update_products(list(product_ids))
    except Exception:
        # The product change itself is committed; the next update or index run repairs the lists.
        db.session.rollback()
        current_app.logger.exception("Updating look-alikes for products %s failed", list(product_ids)[:20])


def register(app: Flask) -> None:
    """Keep look-alikes current whenever the catalogue announces changed products."""
    products_changed.connect(_on_products_changed)
