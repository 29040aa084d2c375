"""Database models, one module per domain."""
from webapp.models.catalog import Product, ProductPicture, ProductSize
from webapp.models.engagement import Feedback, Notification, OutboxMail, ProductView, Review
from webapp.models.orders import (
    CartItem,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    ProcessedStripeEvent,
    ShippingAddress,
)
from webapp.models.promotions import Coupon, Deal
from webapp.models.reports import DailyProductSales
from webapp.models.settings import ShopSettings
from webapp.models.similarity import ProductNeighbour
from webapp.models.users import LoginSession, Role, User
from webapp.models.wishlist import SavedProduct

__all__ = [
    "CartItem",
    "Coupon",
    "DailyProductSales",
    "Deal",
    "Feedback",
    "LoginSession",
    "Notification",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderStatus",
    "OutboxMail",
    "PaymentMethod",
    "ProcessedStripeEvent",
    "Product",
    "ProductNeighbour",
    "ProductPicture",
    "ProductSize",
    "ProductView",
    "Review",
    "Role",
    "SavedProduct",
    "ShippingAddress",
    "ShopSettings",
    "User",
]
