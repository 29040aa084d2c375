"""Thin views over services/assistant: build the Shopper from the request, answer, keep the state.

The JSON endpoint takes {"text": "..."} (and, from the widget, the product page it was opened on as
"product_id") with the session cookie and the CSRF token in the X-CSRFToken header, like every state
change; it answers {"reply", "intent", "slots", "products", "suggestions", "actions"} (plus
"filters" and "search_url" for a search). Refusals are JSON {"error"} with a 4xx.
"""
from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request, session, url_for
from flask.wrappers import Response
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.assistant import bp
from webapp.cart.views import current_store
from webapp.checkout import coupons as checkout_coupons
from webapp.models._base import parse_row_id
from webapp.models.catalog import Product
from webapp.request_deals import live_deals
from webapp.services.assistant import dialogue
from webapp.services.assistant.conversation import Conversation
from webapp.services.assistant.dialogue import MessageRefused
from webapp.services.assistant.interpreter import current_interpreter
from webapp.services.assistant.replies import HELP_SUGGESTIONS, Reply, Shopper
from webapp.services.assistant.skills.finding import describe, listing_args
from webapp.services.assistant.skills.products import load_products
from webapp.services.catalog import pictures
from webapp.services.pricing.rule import price_of
from webapp.services.visual_search import uploads
from webapp.services.visual_search.photo_search import SearchUnavailable
from webapp.services.visual_search.search_slots import SearchBusy, search_slot
from webapp.services.visual_search.uploads import UploadRejected
from webapp.templating import product_image_url

SESSION_KEY = "assistant"
CSRF_REFUSED = "Your session expired or the request came from another site. Reload the page and try again."


def _shopper(page_product_id: int | None = None) -> Shopper:
    return Shopper(
        user=current_user if current_user.is_authenticated else None,
        store=current_store(),
        deals=live_deals(),
        conversation=Conversation(session.get(SESSION_KEY)),
        interpreter=current_interpreter(),
        coupon_code=checkout_coupons.session_coupon(),
        page_product_id=page_product_id,
    )


def _keep(shopper: Shopper, reply: Reply) -> None:
    """What the turn leaves in the session: the conversation, and the coupon for the checkout review."""
    session[SESSION_KEY] = shopper.conversation.stored()
    if reply.coupon_code == "":
        checkout_coupons.forget_coupon()
    elif reply.coupon_code:
        session[checkout_coupons.SESSION_KEY] = reply.coupon_code


def product_card(product: Product) -> dict[str, Any]:
    price = price_of(product, live_deals())
    return {"id": product.id, "name": product.name, "price_cents": price.cents, "list_price_cents": price.list_cents,
            "url": url_for("shop.product", product_id=product.id), "image_url": product_image_url(product),
            "has_sizes": product.has_size_choice, "in_stock": product.in_stock}


def _as_json(reply: Reply) -> dict[str, Any]:
    body: dict[str, Any] = {
        "reply": reply.text, "intent": reply.intent, "slots": reply.slots,
        "products": [product_card(p) for p in reply.products], "suggestions": reply.suggestions,
        "actions": reply.actions,
    }
    if reply.filters:
        body["filters"] = reply.filters
        body["search_url"] = url_for("shop.listing", **listing_args(reply.filters))
    return body


def _refused(message: str, status: int = 400) -> tuple[Response, int]:
    return jsonify(error=message), status


def _page_product(raw: object) -> int | None:
    return parse_row_id(str(raw)) if isinstance(raw, (int, str)) and not isinstance(raw, bool) else None


@bp.post("/messages")
def message() -> Response | tuple[Response, int]:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _refused('Send your message as JSON: {"text": "..."}.')
    try:
        text = dialogue.checked_text(payload.get("text"))
    except MessageRefused as exc:
        return _refused(str(exc))
    shopper = _shopper(_page_product(payload.get("product_id")))
    reply = dialogue.answer(shopper, text)
    _keep(shopper, reply)
    return jsonify(_as_json(reply))


@bp.get("/messages")
def history() -> Response:
    """The conversation so far, for the widget opened on a new page."""
    return jsonify(log=[{"speaker": s, "text": t} for s, t in Conversation(session.get(SESSION_KEY)).log])


@bp.route("", methods=["GET", "POST"])
def page() -> tuple[str, int]:
    """The full page: the conversation and the last products shown; the form posts here and the page re-renders."""
    if request.method == "GET":
        return _render_page()
    try:
        text = dialogue.checked_text(request.form.get("text", ""))
    except MessageRefused as exc:
        return _render_page(error=str(exc), status=400)
    shopper = _shopper(_page_product(request.form.get("product_id")))
    reply = dialogue.answer(shopper, text)
    _keep(shopper, reply)
    return _render_page(reply)


@bp.post("/photo")
def photo() -> Response | tuple[Response, int] | tuple[str, int]:
    """A photo dropped into the chat: the photo search, answered like a message."""
    upload = request.files.get("photo")
    data = upload.read() if upload else b""
    try:
        data = uploads.query_photo_bytes(upload.filename or "" if upload else "", data, "")
        shopper = _shopper()
        with search_slot():
            reply = dialogue.answer_photo(shopper, uploads.decode_query_photo(data))
    except UploadRejected as exc:
        return _photo_refused(str(exc), exc.status)
    except (SearchUnavailable, SearchBusy) as exc:
        return _photo_refused(str(exc), 503)
    _keep(shopper, reply)
    if _wants_json():
        return jsonify(_as_json(reply))
    return _render_page(reply)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.path.endswith("/messages")


def _photo_refused(message: str, status: int) -> tuple[Response, int] | tuple[str, int]:
    if _wants_json():
        return _refused(message, status)
    return _render_page(error=message, status=status)


def _render_page(reply: Reply | None = None, error: str = "", status: int = 200) -> tuple[str, int]:
    conversation = Conversation(session.get(SESSION_KEY))
    filters = reply.filters if reply is not None else {}
    products = reply.products if reply is not None else load_products(conversation.shown)
    html = render_template(
        "assistant/page.html", log=conversation.log, products=products, error=error,
        suggestions=reply.suggestions if reply is not None and reply.suggestions else HELP_SUGGESTIONS,
        filters=filters,
        search_url=url_for("shop.listing", **listing_args(filters)) if filters else "",
        described=describe(filters) if filters else "",
        max_length=dialogue.MAX_MESSAGE, max_bytes=pictures.max_picture_bytes(),
    )
    return html, status


@bp.errorhandler(CSRFError)
def csrf_refused(_error: CSRFError) -> tuple[Response, int] | tuple[str, int]:
    if _wants_json() or request.is_json:
        return _refused(CSRF_REFUSED)
    return _render_page(error=CSRF_REFUSED, status=400)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> tuple[Response, int] | tuple[str, int]:
    if request.path.endswith("/messages"):
        return _refused(dialogue.TOO_LONG, 413)
    return _photo_refused(pictures.too_large_message(), 413)
