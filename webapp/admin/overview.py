"""Admin: the overview dashboard."""
from flask import render_template

from webapp.admin import bp
from webapp.services import admin_overview, similarity


@bp.route("/")
def dashboard() -> str:
    return render_template(
        "admin/dashboard.html",
        stats=admin_overview.catalogue_stats(),
        by_category=admin_overview.products_by_category(),
        low_stock=admin_overview.low_stock_products(),
        users=admin_overview.user_counts(),
        newest_customers=admin_overview.newest_customers(),
        recommender=similarity.status(),
    )
