"""Matching typed text inside a column: what people type is text, never a LIKE pattern."""
from __future__ import annotations

import re

from sqlalchemy import ColumnElement
from sqlalchemy.orm import QueryableAttribute

_LIKE_SPECIALS = re.compile(r"([\\%_])")


def escape_like(text: str) -> str:
    """`text` with LIKE's wildcards (% and _) and the escape character itself escaped by a backslash."""
    return _LIKE_SPECIALS.sub(r"\\\1", text)


def contains_text(column: QueryableAttribute[str], text: str) -> ColumnElement[bool]:
    """`column` contains `text`, ignoring case; a typed % or _ matches only itself."""
    return column.ilike(f"%{escape_like(text)}%", escape="\\")
