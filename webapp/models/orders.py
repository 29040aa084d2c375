"""Buying: carts, saved shipping addresses, orders with their lines and history, Stripe events seen."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.catalog import Product, ProductSize, size_text
from webapp.models.users import User


class OrderStatus(enum.StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"

    @property
    def label(self) -> str:
        return "Paid (confirmed)" if self is OrderStatus.PAID else self.value.replace("_", " ").capitalize()

    @classmethod
    def paid_for(cls) -> tuple[OrderStatus, ...]:
        """Orders paid for and kept, whatever happened next short of calling them off.

        They are the shop's revenue and what their customers own; awaiting payment is not yet,
        cancelled and refunded orders are not (any more).
        """
        return (cls.PAID, cls.SHIPPED, cls.DELIVERED)

    @property
    def is_paid_for(self) -> bool:
        return self in OrderStatus.paid_for()


class PaymentMethod(enum.StrEnum):
    """How an order is paid: Stripe Checkout, or the labelled test payment of a shop without Stripe keys."""

    STRIPE = "stripe"
    TEST = "test"


_STATUS_VALUES = ", ".join(f"'{status.value}'" for status in OrderStatus)


class CartItem(db.Model):
    """A size in a customer's cart; a size an admin removes leaves every cart with it."""

    __tablename__ = "cart_items"
    __table_args__ = (
        UniqueConstraint("user_id", "size_id", name="uq_cart_items_user_size"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    size_id: Mapped[int] = mapped_column(ForeignKey("product_sizes.id", ondelete="CASCADE"), index=True)
    quantity: Mapped[int]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    size: Mapped[ProductSize] = relationship()

    @property
    def product(self) -> Product:
        return self.size.product


class ShippingAddress(db.Model):
    """The address a customer last shipped to, offered again at the next checkout."""

    __tablename__ = "shipping_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Order(db.Model):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("total_cents >= 0", name="total_not_negative"),
        CheckConstraint("discount_cents >= 0", name="discount_not_negative"),
        CheckConstraint("shipping_cents >= 0", name="shipping_not_negative"),
        CheckConstraint(f"status IN ({_STATUS_VALUES})", name="status_known"),
        Index("ix_orders_user_created", "user_id", "created_at"),
        Index("ix_orders_status_created", "status", "created_at"),
        # Reports read orders by day: this covers the date, status and total, so they never touch the rows.
        Index("ix_orders_created_status_total", "created_at", "status", "total_cents"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default=OrderStatus.PENDING_PAYMENT.value)
    currency: Mapped[str] = mapped_column(String(3))
    total_cents: Mapped[int]
    # The review page's one-time token: submitting the same checkout twice finds this order again.
    checkout_token: Mapped[str] = mapped_column(String(64), unique=True)
    payment_method: Mapped[str] = mapped_column(String(10))  # a PaymentMethod value
    stripe_session_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    payment_reference: Mapped[str | None] = mapped_column(String(255))
    ship_name: Mapped[str] = mapped_column(String(120))
    ship_line1: Mapped[str] = mapped_column(String(200))
    ship_line2: Mapped[str] = mapped_column(String(200), default="")
    ship_postal_code: Mapped[str] = mapped_column(String(20))
    ship_city: Mapped[str] = mapped_column(String(100))
    ship_country: Mapped[str] = mapped_column(String(2))
    # The coupon this order used (its use is given back if the order is cancelled unpaid), and what it took off.
    coupon_id: Mapped[int | None] = mapped_column(ForeignKey("coupons.id", ondelete="SET NULL"), index=True)
    coupon_code: Mapped[str | None] = mapped_column(String(32))
    discount_cents: Mapped[int] = mapped_column(default=0, server_default="0")
    # The shipping charge of the moment of purchase; part of total_cents.
    shipping_cents: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderEvent.id"
    )

    @property
    def state(self) -> OrderStatus:
        return OrderStatus(self.status)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def subtotal_cents(self) -> int:
        """The lines at the prices charged (deals included), before the coupon and shipping."""
        return sum(line.total_cents for line in self.lines)

    def __repr__(self) -> str:
        return f"<Order {self.id} {self.status}>"


class OrderLine(db.Model):
    """What was bought, frozen at purchase: later price or name changes do not rewrite history."""

    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_cents >= 0", name="unit_price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    # Kept nullable so that removing a product from the catalogue never deletes sales history.
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"), index=True)
    product_name: Mapped[str] = mapped_column(String(200))
    sku: Mapped[str] = mapped_column(String(40))
    # The size bought: its label frozen like the name, its row kept to give the stock back to (None once removed).
    size_id: Mapped[int | None] = mapped_column(ForeignKey("product_sizes.id", ondelete="SET NULL"), index=True)
    size_label: Mapped[str] = mapped_column(String(20), default="", server_default="")
    unit_price_cents: Mapped[int]
    quantity: Mapped[int]

    order: Mapped[Order] = relationship(back_populates="lines")

    @property
    def total_cents(self) -> int:
        return self.unit_price_cents * self.quantity

    @property
    def size_text(self) -> str:
        return size_text(self.size_label)


class OrderEvent(db.Model):
    """One step in an order's life: who moved it, when, from which status to which, and why."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")

    order: Mapped[Order] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class ProcessedStripeEvent(db.Model):
    """Stripe event ids already acted on: a replayed webhook finds its id here and changes nothing."""

    __tablename__ = "processed_stripe_events"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(80))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
