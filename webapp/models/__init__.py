"""Database models, one module per domain."""
from webapp.models.catalog import Product
from webapp.models.similarity import ProductNeighbour
from webapp.models.users import Role, User

__all__ = ["Product", "ProductNeighbour", "Role", "User"]
