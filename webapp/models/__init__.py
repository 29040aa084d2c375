"""Database models, one module per domain."""
from webapp.models.catalog import Product
from webapp.models.engagement import Notification, OutboxMail
from webapp.models.orders import (
    CartItem,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    ProcessedStripeEvent,
    ShippingAddress,
)
from webapp.models.similarity import ProductNeighbour
from webapp.models.users import Role, User

__all__ = [
    "CartItem",
    "Notification",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderStatus",
    "OutboxMail",
    "ProcessedStripeEvent",
    "Product",
    "ProductNeighbour",
    "Role",
    "ShippingAddress",
    "User",
]
