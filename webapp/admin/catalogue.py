"""Admin: the catalogue."""
from flask import render_template, request
from sqlalchemy import or_, select

from webapp.admin import bp
from webapp.admin.paging import PER_PAGE, page_arg
from webapp.extensions import db
from webapp.models.catalog import Product


@bp.route("/products")
def products() -> str:
    text = (request.args.get("q") or "").strip()[:100]
    query = select(Product).order_by(Product.id.desc())
    if text:
        like = f"%{text}%"
        query = query.where(or_(Product.name.ilike(like), Product.sku.ilike(like), Product.article_type.ilike(like)))
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/products.html", page=page, text=text)
