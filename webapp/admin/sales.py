"""Admin: sales per product over a date range, and one product's sales day by day, per size and by buyer."""
from flask import render_template, request

from webapp.admin import bp
from webapp.admin.paging import PER_PAGE, page_arg
from webapp.admin.tables import PRODUCT_BUYERS, PRODUCT_DAYS, PRODUCT_SIZES, SALES_BY_PRODUCT, Sorting
from webapp.lookups import get_or_404
from webapp.models.catalog import Product
from webapp.services.paging import page_of
from webapp.services.reports import figures
from webapp.services.reports.date_ranges import parse_range
from webapp.services.reports.figures import PRODUCT_SORTS


@bp.route("/sales")
def sales() -> str:
    span = parse_range(request.args)
    sorting = Sorting.from_args(request.args, PRODUCT_SORTS, "revenue")
    page, totals = figures.product_sales_page(span, sorting.key, sorting.descending, page_arg(), PER_PAGE)
    return render_template(
        "admin/sales.html", span=span, sorting=sorting, page=page, totals=totals, table=SALES_BY_PRODUCT
    )


@bp.route("/sales/<int:product_id>")
def product_sales(product_id: int) -> str:
    product = get_or_404(Product, product_id, "No such product.")
    span = parse_range(request.args)
    days = figures.product_days(product_id, span)
    buyers = page_of(figures.product_buyers_query(product_id, span), page_arg(), PER_PAGE)
    return render_template(
        "admin/product_sales.html",
        product=product,
        span=span,
        days=days,
        previous_days=figures.product_days(product_id, span.previous()),
        sizes=figures.product_sizes_sold(product_id, span),
        buyers=buyers,
        tables={"days": PRODUCT_DAYS, "sizes": PRODUCT_SIZES, "buyers": PRODUCT_BUYERS},
    )
