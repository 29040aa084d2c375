"""Links that change one thing of the listing the customer is on: remove a filter chip, clear them all.

Template helpers only: they read the request's query string and build the link, no rule lives here.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask import request, url_for

KEPT_WHEN_CLEARING = ("q", "sort")


def listing_url_without(name: str, value: str | None = None, ignored: Iterable[tuple[str, str]] = ()) -> str:
    """The listing as it is now, less the filter `name` (only its `value`, when given) and on its first page;
    filter values the listing `ignored` (no product has them) are left out too."""
    dropped = set(ignored)
    args = {key: [kept for kept in values if (key, kept) not in dropped]
            for key, values in request.args.lists()}
    args.pop("page", None)
    if value is None:
        args.pop(name, None)
    else:
        args[name] = [kept for kept in args.get(name, []) if kept != value]
    return url_for("shop.listing", **args)


def listing_url_cleared() -> str:
    """The listing with every filter removed; the search words and the sort order stay."""
    args = {name: request.args.getlist(name) for name in KEPT_WHEN_CLEARING if request.args.get(name)}
    return url_for("shop.listing", **args)


def whole_units(cents: int | None) -> str:
    """An amount for a price box: "60" for 6000 cents, "60.5" for 6050, "" for none."""
    if cents is None:
        return ""
    units, rest = divmod(cents, 100)
    if rest == 0:
        return str(units)
    return f"{units}.{rest:02d}".rstrip("0")
