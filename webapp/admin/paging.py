"""Paging arguments shared by the admin lists."""
from flask import request

PER_PAGE = 50
MAX_PAGE = 100_000


def page_arg() -> int:
    """The ?page= argument; nonsense or out-of-range values fall back to a valid page."""
    page = request.args.get("page", type=int) or 1
    return max(1, min(page, MAX_PAGE))
