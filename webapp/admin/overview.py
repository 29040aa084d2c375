"""Admin: the overview dashboard: sales against the periods before, orders, stock, the catalogue, failed mail."""
from flask import render_template

from webapp.admin import bp
from webapp.admin.tables import ORDERS, ORDERS_BY_DAY, ORDERS_BY_STATUS, SALES_BY_PERIOD
from webapp.services.engagement import mail
from webapp.services.reports import figures
from webapp.services.reports import overview as admin_overview
from webapp.services.reports.order_search import latest_orders
from webapp.services.visual_search import embedding


@bp.route("/")
def dashboard() -> str:
    sales = figures.sales_overview()
    return render_template(
        "admin/dashboard.html",
        sales=sales,
        latest_orders=latest_orders(),
        tables={"periods": SALES_BY_PERIOD, "days": ORDERS_BY_DAY, "statuses": ORDERS_BY_STATUS, "orders": ORDERS},
        stats=admin_overview.catalogue_stats(),
        by_category=admin_overview.products_by_category(),
        low_stock=admin_overview.low_stock_sizes(),
        users=admin_overview.user_counts(),
        newest_customers=admin_overview.newest_customers(),
        recommender=embedding.status(),
        parked_mail=mail.parked(),
    )
