"""Admin: the catalogue (list, create, edit, deactivate). The edit page's sizes and pictures panels post to
product_sizes.py and product_pictures.py, which render the same page when they refuse something."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import or_, select
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from webapp.admin import bp
from webapp.admin.forms import NewProductForm, PicturesForm, ProductForm, SizeForm, StockForm
from webapp.admin.paging import PER_PAGE, page_arg
from webapp.extensions import db
from webapp.lookups import get_or_404
from webapp.models.catalog import FACET_FIELDS, Product
from webapp.services.catalog import admin as catalog_admin
from webapp.services.catalog.admin import CatalogError, Upload
from webapp.services.pricing.money import decimal_from_cents
from webapp.services.text_match import contains_text


@bp.route("/products")
def products() -> str:
    text = (request.args.get("q") or "").strip()[:100]
    query = select(Product).order_by(Product.id.desc())
    if text:
        columns = (Product.name, Product.sku, Product.article_type)
        query = query.where(or_(*(contains_text(column, text) for column in columns)))
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/products.html", page=page, text=text)


def product_or_404(product_id: int) -> Product:
    return get_or_404(Product, product_id, "No such product.")


def uploads(files: list[FileStorage] | None) -> list[Upload]:
    """The files a multiple file field received (a browser sends one empty part when none was chosen)."""
    return [Upload(filename=file.filename, data=file.read()) for file in files or () if file.filename]


def _suggestions() -> dict[str, list[str]]:
    """Existing values per attribute, offered as a datalist so the taxonomy stays consistent."""
    return {
        name: list(db.session.scalars(select(getattr(Product, name)).distinct().order_by(getattr(Product, name))))
        for name, _label in FACET_FIELDS
    }


def render_product_page(
    form: ProductForm, product: Product | None, status: int = 200, **panels: object
) -> tuple[str, int]:
    """The new or edit product page; `panels` carries a sizes or pictures form that was refused, with its errors."""
    html = render_template(
        "admin/product_form.html",
        form=form,
        product=product,
        suggestions=_suggestions(),
        **{
            "stock_form": StockForm(formdata=None),
            "stock_size_id": None,
            "size_form": SizeForm(formdata=None),
            "sizes_error": "",
            "pictures_form": PicturesForm(formdata=None),
            "picture_error": "",
            **panels,
        },
    )
    return html, status


def edit_form(product: Product) -> ProductForm:
    return ProductForm(obj=product, price=decimal_from_cents(product.price_cents))


@bp.route("/products/new", methods=["GET", "POST"])
def new_product() -> tuple[str, int] | Response:
    form = NewProductForm()
    if form.validate_on_submit() and (product := _created(form)) is not None:
        flash(f"{product.name} is in the catalogue.", "success")
        return redirect(url_for("admin.edit_product", product_id=product.id))
    return render_product_page(form, None, 400 if form.is_submitted() else 200)


def _created(form: NewProductForm) -> Product | None:
    """The product the form describes, or None with the reason on the field it is about."""
    try:
        labels = catalog_admin.parse_size_labels(form.sizes.data or "")
    except CatalogError as exc:
        form.sizes.errors.append(str(exc))
        return None
    try:
        return catalog_admin.create_product(form.product_fields(), labels, form.stock.data, uploads(form.pictures.data))
    except CatalogError as exc:
        form.pictures.errors.append(str(exc))
        return None


@bp.route("/products/<int:product_id>/edit", methods=["GET", "POST"])
def edit_product(product_id: int) -> tuple[str, int] | Response:
    product = product_or_404(product_id)
    form = edit_form(product)
    if form.validate_on_submit():
        catalog_admin.update_product(product, form.product_fields())
        flash("Changes saved.", "success")
        return redirect(url_for("admin.edit_product", product_id=product.id))
    return render_product_page(form, product, 400 if form.is_submitted() else 200)


@bp.route("/products/<int:product_id>/active", methods=["POST"])
def toggle_product(product_id: int) -> Response:
    product = product_or_404(product_id)
    catalog_admin.set_active(product, not product.is_active)
    flash(f"{product.name} is {'back on sale' if product.is_active else 'deactivated'}.", "success")
    return redirect(url_for("admin.edit_product", product_id=product.id))
