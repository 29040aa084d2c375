from flask import render_template, request
from sqlalchemy import or_, select

from webapp.admin import bp
from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.models.users import Role, User
from webapp.services import admin_overview

PER_PAGE = 50


def _page_arg() -> int:
    page = request.args.get("page", type=int) or 1
    return max(1, min(page, 100_000))


@bp.route("/")
def dashboard() -> str:
    return render_template(
        "admin/dashboard.html",
        stats=admin_overview.catalogue_stats(),
        by_category=admin_overview.products_by_category(),
        low_stock=admin_overview.low_stock_products(),
        users=admin_overview.user_counts(),
        newest_customers=admin_overview.newest_customers(),
    )


@bp.route("/products")
def products() -> str:
    text = (request.args.get("q") or "").strip()[:100]
    query = select(Product).order_by(Product.id.desc())
    if text:
        like = f"%{text}%"
        query = query.where(or_(Product.name.ilike(like), Product.sku.ilike(like), Product.article_type.ilike(like)))
    page = db.paginate(query, page=_page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/products.html", page=page, text=text)


@bp.route("/customers")
def customers() -> str:
    query = select(User).where(User.role == Role.CUSTOMER.value).order_by(User.created_at.desc(), User.id.desc())
    page = db.paginate(query, page=_page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/customers.html", page=page)
