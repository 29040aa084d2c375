"""One page of rows from any SELECT: the rows asked for and how many there are in all (two queries)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from webapp.extensions import db


@dataclass(frozen=True)
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def page_of(query: Select, page: int, per_page: int) -> Page:
    """Rows `per_page` at a time; a page past the end is simply empty."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(db.session.execute(query.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, page, per_page, total)
