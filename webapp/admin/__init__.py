"""The shop administrators' area under /admin; every route requires the admin role."""
from flask import Blueprint

from webapp.security import require_admin

bp = Blueprint("admin", __name__, url_prefix="/admin")
require_admin(bp)

from webapp.admin import (  # noqa: E402,F401  (registers the routes)
    catalogue,
    customers,
    deals,
    feedback,
    orders,
    overview,
    product_pictures,
    product_sizes,
    reports,
    sales,
    settings,
)
