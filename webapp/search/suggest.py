"""Suggestions while typing in the search box: product types and products as JSON, for static/js/search-suggest.js."""
from flask import jsonify, request, url_for
from werkzeug.wrappers import Response

from webapp.search import bp
from webapp.services.catalog import text_search
from webapp.services.catalog.browse import MAX_SEARCH_LENGTH

MAX_AGE_SECONDS = 60  # the catalogue changes slowly; a browser may reuse an answer while the customer types


@bp.get("/suggest")
def suggest() -> Response:
    typed = (request.args.get("q") or "")[:MAX_SEARCH_LENGTH]
    found = text_search.suggestions(typed)
    response = jsonify(
        types=[{"label": kind, "url": url_for("shop.listing", article_type=kind)} for kind in found.types],
        products=[{"label": name, "url": url_for("shop.product", product_id=product_id)}
                  for product_id, name in found.products],
    )
    response.cache_control.max_age = MAX_AGE_SECONDS
    response.cache_control.public = True
    return response
