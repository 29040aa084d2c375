"""Orders, for logged-in customers and their own orders only: where they are, and cancelling one after a
confirmation, through the order service's change_status() (the transition table, an OrderEvent, stock
and payment given back). Another customer's order number gets the same answer as one that does not exist.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from webapp.extensions import db
from webapp.models.orders import Order, OrderStatus
from webapp.services.assistant.interpreter import Understanding
from webapp.services.assistant.replies import Reply, Shopper
from webapp.services.buying import orders
from webapp.services.buying.orders import Actor, OrderError
from webapp.services.buying.stripe_api import PaymentError
from webapp.services.pricing.money import shop_money

LOG_IN = "Log in first and I can tell you about your orders (I only talk about orders with their owner)."
RECENT_ORDERS = 3
CANCEL_NOTE = "Cancelled through the shopping assistant"
_YES = re.compile(r"^\s*(?:yes|yeah|yep|yup|sure|ok|okay|confirm|confirmed|do it|go ahead|please do|y)\b")
_NO = re.compile(r"^\s*(?:no|nope|nah|don't|do not|keep|stop|never ?mind|n)\b")


def unknown_order(number: int) -> str:
    return f"I cannot find an order #{number} in your account. Check the number on your order confirmation."


def _summary(order: Order) -> str:
    items = sum(line.quantity for line in order.lines)
    return (f"Order #{order.id} of {order.created_at:%d %B %Y}: {order.state.label}, {items} "
            f"item{'s' if items != 1 else ''}, {shop_money(order.total_cents)}.")


def _recent(user_id: int, limit: int = RECENT_ORDERS) -> list[Order]:
    return list(db.session.scalars(
        select(Order).where(Order.user_id == user_id).order_by(Order.created_at.desc(), Order.id.desc()).limit(limit)
    ))


def order_status(shopper: Shopper, understanding: Understanding) -> Reply:
    if shopper.user is None:
        return Reply(LOG_IN, "order_status", understanding.slots, suggestions=["what is your return policy"])
    number = understanding.slots.get("order")
    if number is not None:
        order = orders.get_order(number, shopper.user.id)
        if order is None:
            return Reply(unknown_order(number), "order_status", understanding.slots, suggestions=["where is my order"])
        found = [order]
    else:
        found = _recent(shopper.user.id)
        if not found:
            return Reply("You have no orders yet.", "order_status", suggestions=["red dresses under 50"])
    text = "\n".join(_summary(order) for order in found)
    return Reply(text, "order_status", understanding.slots, suggestions=["cancel my last order", "talk to a person"])


def cancel_order(shopper: Shopper, understanding: Understanding) -> Reply:
    if shopper.user is None:
        return Reply(LOG_IN, "cancel_order", understanding.slots)
    number = understanding.slots.get("order")
    actor = Actor.of(shopper.user)
    if number is not None:
        order = orders.get_order(number, shopper.user.id)
        if order is None:
            return Reply(unknown_order(number), "cancel_order", understanding.slots, suggestions=["where is my order"])
    else:
        recent = _recent(shopper.user.id, limit=20)
        cancellable = [o for o in recent if OrderStatus.CANCELLED in orders.allowed_targets(o, actor)]
        order = cancellable[0] if cancellable else (recent[0] if recent else None)
        if order is None:
            return Reply("You have no orders to cancel.", "cancel_order")
    try:
        orders.check_transition(order, OrderStatus.CANCELLED, actor)
    except OrderError as exc:
        return Reply(str(exc), "cancel_order", understanding.slots, suggestions=["talk to a person"])
    shopper.conversation.ask("cancel", order_id=order.id)
    return Reply(f"{_summary(order)} Shall I cancel it? Answer yes to cancel it, or no to keep it.",
                 "cancel_order", {"order": order.id}, suggestions=["yes, cancel it", "no, keep it"])


def answer_cancel(shopper: Shopper, pending: dict, text: str) -> Reply | None:
    """The answer to "shall I cancel it?"; None when the message is about something else."""
    if _NO.search(text.lower()):
        return Reply("All right, your order stays as it is.", "cancel_order", suggestions=["where is my order"])
    if not _YES.search(text.lower()):
        return None
    order = orders.get_order(int(pending.get("order_id", 0)), shopper.user.id) if shopper.user else None
    if order is None:
        return Reply(LOG_IN, "cancel_order")
    try:
        orders.change_status(order, OrderStatus.CANCELLED, Actor.of(shopper.user), CANCEL_NOTE)
    except (OrderError, PaymentError) as exc:
        db.session.rollback()
        return Reply(str(exc), "cancel_order", {"order": order.id}, suggestions=["talk to a person"])
    return Reply(f"Order #{order.id} is cancelled. Its items are back in stock; any payment is returned.",
                 "cancel_order", {"order": order.id},
                 actions=[{"type": "order_cancelled", "order": order.id}], suggestions=["where is my order"])
