"""The order pipeline. Every status change, whoever asks for it, goes through transition().

transition() checks the move against TRANSITIONS (from, to, and who may make it), changes the
status with a compare-and-set so two simultaneous requests cannot both move the same order,
writes an OrderEvent (who, when, from, to, note), puts stock back when an order is called off
(and its coupon use, when it was never paid), keeps the daily sales ledger of the reports in step
(services/sales_ledger.py), and notifies the customer. It never commits: callers finish their unit
of work with commit().
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.catalog import ProductSize
from webapp.models.orders import Order, OrderEvent, OrderStatus, PaymentMethod
from webapp.models.users import User
from webapp.services.buying import stripe_api
from webapp.services.catalog.stock import announce_stock_crossings, stock_moved
from webapp.services.engagement import mail, notifications
from webapp.services.pricing import promotions
from webapp.services.reports import ledger as sales_ledger


class OrderError(ValueError):
    """An order rule was broken; the message is fit to show."""


class IllegalTransition(OrderError):
    pass


class ActorKind(enum.StrEnum):
    CUSTOMER = "customer"
    ADMIN = "admin"
    PAYMENT = "payment"  # Stripe's webhook, or the test payment standing in for it
    SHOP = "shop"  # the shop's own housekeeping: unpaid orders whose payment window has passed


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    user_id: int | None = None

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(ActorKind.ADMIN if user.is_admin else ActorKind.CUSTOMER, user.id)


PAYMENT_PROVIDER = Actor(ActorKind.PAYMENT)
HOUSEKEEPING = Actor(ActorKind.SHOP)

_S = OrderStatus
_K = ActorKind
# Every legal move and who may make it. Anything not listed is refused.
TRANSITIONS: dict[tuple[OrderStatus, OrderStatus], frozenset[ActorKind]] = {
    (_S.PENDING_PAYMENT, _S.PAID): frozenset({_K.PAYMENT}),
    (_S.PENDING_PAYMENT, _S.CANCELLED): frozenset({_K.CUSTOMER, _K.ADMIN, _K.PAYMENT, _K.SHOP}),
    (_S.PAID, _S.SHIPPED): frozenset({_K.ADMIN}),
    (_S.PAID, _S.CANCELLED): frozenset({_K.CUSTOMER, _K.ADMIN}),
    (_S.PAID, _S.REFUNDED): frozenset({_K.ADMIN}),
    (_S.SHIPPED, _S.DELIVERED): frozenset({_K.ADMIN}),
}
# Orders called off give their reserved stock back.
RESTOCKING = frozenset({_S.CANCELLED, _S.REFUNDED})
VERBS = {
    _S.PENDING_PAYMENT: "put back to pending payment",
    _S.PAID: "confirmed as paid",
    _S.SHIPPED: "marked shipped",
    _S.DELIVERED: "marked delivered",
    _S.CANCELLED: "cancelled",
    _S.REFUNDED: "refunded",
}


def allowed_targets(order: Order, actor: Actor) -> list[OrderStatus]:
    """The statuses this actor may move the order to now (the buttons a page offers)."""
    return [to for (origin, to), who in TRANSITIONS.items() if origin == order.state and actor.kind in who]


def check_transition(order: Order, to: OrderStatus, actor: Actor) -> None:
    """Refuse a move that the table does not allow, with a message that says why."""
    who = TRANSITIONS.get((order.state, to))
    if who is None:
        raise IllegalTransition(f"Order #{order.id} is {order.state.label.lower()}, so it cannot be {VERBS[to]}.")
    if actor.kind not in who:
        raise IllegalTransition(f"Order #{order.id} cannot be {VERBS[to]} by {actor.kind.value}s.")


@dataclass(frozen=True)
class Restocked:
    """A line whose quantity goes back to its size's stock."""

    product_name: str
    size_text: str
    quantity: int


@dataclass(frozen=True)
class ChangePreview:
    """What a status change will do, told on its confirmation page before anyone confirms it."""

    order: Order
    to: OrderStatus
    money_back_cents: int  # returned to the customer's payment (0 when nothing was paid)
    pays_back_by_stripe: bool
    restocked: list[Restocked]
    coupon_given_back: str | None  # the code whose use returns to the coupon
    closes_payment_page: bool  # an unpaid Stripe order's payment page is closed first


def preview(order: Order, to: OrderStatus, actor: Actor) -> ChangePreview:
    """What change_status(order, to, actor) would do now; IllegalTransition when it is not allowed.

    Reads the same rules change_status() follows (RESTOCKING, _settle_payment, the coupon release) so
    the confirmation page cannot promise something else than what happens.
    """
    check_transition(order, to, actor)
    calls_off = to in RESTOCKING
    stripe = order.payment_method == PaymentMethod.STRIPE
    refunds = returns_money(order, to)
    # The lines _put_stock_back() returns: a size removed since takes nothing back.
    restocked = [Restocked(line.product_name, line.size_text, line.quantity)
                 for line in order.lines if line.size_id is not None] if calls_off else []
    return ChangePreview(
        order=order,
        to=to,
        money_back_cents=order.total_cents if refunds else 0,
        pays_back_by_stripe=stripe,
        restocked=restocked,
        coupon_given_back=order.coupon_code if gives_coupon_back(order.state, to) and order.coupon_code else None,
        closes_payment_page=calls_off and stripe and not refunds and bool(order.stripe_session_id),
    )


def gives_coupon_back(origin: OrderStatus, to: OrderStatus) -> bool:
    """An order cancelled before it was paid bought nothing, so its coupon use was never a use."""
    return origin is _S.PENDING_PAYMENT and to is _S.CANCELLED


def returns_money(order: Order, to: OrderStatus) -> bool:
    """Calling off a paid order returns what was paid (_settle_payment does it)."""
    return to in RESTOCKING and order.state is _S.PAID


def record_placed(order: Order, actor: Actor) -> OrderEvent:
    """The first event of a new order (it has no status to come from)."""
    return _record(order, actor, None, order.state, "Order placed")


def transition(order: Order, to: OrderStatus, actor: Actor, note: str = "") -> OrderEvent:
    """Move an order to `to`, in the current transaction; IllegalTransition when not allowed."""
    check_transition(order, to, actor)
    origin = order.state
    moved = db.session.execute(
        update(Order)
        .where(Order.id == order.id, Order.status == origin.value)
        .values(status=to.value, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise OrderError(f"Order #{order.id} was changed by someone else just now. Reload the page and try again.")
    set_committed_value(order, "status", to.value)
    sales_ledger.order_moved(order, origin, to)  # the reports' daily sales, in the same transaction
    if to in RESTOCKING:
        _put_stock_back(order)
    if gives_coupon_back(origin, to):
        promotions.release_coupon(order)
    event = _record(order, actor, origin, to, note)
    notifications.order_status_changed(order, event)
    return event


def change_status(order: Order, to: OrderStatus, actor: Actor, note: str = "") -> OrderEvent:
    """What customers and admins ask for: one transition, committed, after settling with the payment.

    Calling off a paid order returns the money first; cancelling an unpaid Stripe order closes its
    payment page first, so nobody can pay for an order that no longer holds its stock.
    """
    check_transition(order, to, actor)
    if to in RESTOCKING:
        note = _join(note, _settle_payment(order, to))
    event = transition(order, to, actor, note)
    commit()
    return event


def commit() -> None:
    """End a unit of work, then announce the products that sold out or came back and send the mail it queued.

    Both only enqueue jobs (services/jobs), so nothing after the commit can fail the request or undo it.
    """
    db.session.commit()
    announce_stock_crossings()
    mail.send_after_commit()


def get_order(order_id: int, user_id: int | None = None) -> Order | None:
    """An order by id; with user_id, only if it is that customer's own."""
    query = select(Order).where(Order.id == order_id)
    if user_id is not None:
        query = query.where(Order.user_id == user_id)
    return db.session.scalar(query)


def _settle_payment(order: Order, to: OrderStatus) -> str:
    """Undo the payment side of an order being called off; returns what was done, for the event note."""
    if order.payment_method != PaymentMethod.STRIPE:
        return "Test payment returned" if returns_money(order, to) else ""
    if returns_money(order, to):
        if not order.payment_reference:
            raise OrderError(f"Order #{order.id} has no Stripe payment to refund.")
        refund = stripe_api.refund(order.payment_reference, idempotency_key=f"refund-order-{order.id}")
        return f"Stripe refund {refund.get('id')}"
    if order.stripe_session_id:
        stripe_api.expire_checkout_session(order.stripe_session_id)
        return "Stripe payment page closed"
    return ""


def _join(*parts: str) -> str:
    return ". ".join(part for part in parts if part)


def _put_stock_back(order: Order) -> None:
    """Each line's quantity back to the size it was bought in (a size removed since takes nothing back)."""
    # In size order, the same order in which checkout reserves, so concurrent updates cannot deadlock.
    for line in sorted((line for line in order.lines if line.size_id is not None), key=lambda line: line.size_id):
        moved = db.session.execute(
            update(ProductSize)
            .where(ProductSize.id == line.size_id)
            .values(stock=ProductSize.stock + line.quantity)
            .returning(ProductSize.product_id, ProductSize.stock)
            .execution_options(synchronize_session=False)
        ).one_or_none()
        if moved is not None:
            stock_moved(moved.product_id, line.size_id, moved.stock, line.quantity)


def _record(order: Order, actor: Actor, origin: OrderStatus | None, to: OrderStatus, note: str) -> OrderEvent:
    event = OrderEvent(
        actor_kind=actor.kind.value,
        actor_id=actor.user_id,
        from_status=origin.value if origin else None,
        to_status=to.value,
        note=note[:500],
    )
    order.events.append(event)
    return event
