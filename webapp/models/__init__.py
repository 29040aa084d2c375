"""Database models, one module per domain."""
from webapp.models.catalog import Product
from webapp.models.users import Role, User

__all__ = ["Product", "Role", "User"]
