"""The live deals a request prices with: read from the database once, on first use.

Views hand them to the services that price (cart, checkout, listing, photo search, the home page's
deals) and templates pass them to price_of(), so a page of product cards costs one query for its
prices. They are kept on flask.g, which belongs to the app context; a test or a command can serve
many requests inside one app context, so they are dropped when each request ends.
"""
from __future__ import annotations

from flask import g

from webapp.services.pricing.promotions import LiveDeals, load_live_deals

_KEY = "live_deals"


def live_deals() -> LiveDeals:
    """The deals running now, as this request first saw them."""
    deals = g.get(_KEY)
    if deals is None:
        deals = load_live_deals()
        setattr(g, _KEY, deals)
    return deals


def forget_live_deals(_error: BaseException | None = None) -> None:
    """At the end of every request: the next one sees the deals as they are then."""
    g.pop(_KEY, None)
