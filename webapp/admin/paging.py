"""Paging arguments shared by the admin lists."""
from flask import request

from webapp.models._base import MAX_ID

PER_PAGE = 50
# The URL converter for a row id: a number no id can have is a 404, never a failing query.
ROW_ID = f"int(max={MAX_ID})"
MAX_PAGE = 100_000


def page_arg() -> int:
    """The ?page= argument; nonsense or out-of-range values fall back to a valid page."""
    page = request.args.get("page", type=int) or 1
    return max(1, min(page, MAX_PAGE))
