"""Admin: the catalogue (list, create, edit, deactivate, stock)."""
from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import or_, select
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from webapp.admin import bp
from webapp.admin.forms import NewProductForm, ProductForm, StockForm
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


def _get_product(product_id: int) -> Product:
    return get_or_404(Product, product_id, "No such product.")


def _upload(field: FileStorage | None) -> Upload | None:
    if field is None or not field.filename:
        return None
    return Upload(filename=field.filename, data=field.read())


def _suggestions() -> dict[str, list[str]]:
    """Existing values per attribute, offered as a datalist so the taxonomy stays consistent."""
    return {
        name: list(db.session.scalars(select(getattr(Product, name)).distinct().order_by(getattr(Product, name))))
        for name, _label in FACET_FIELDS
    }


def _render_form(
    form: ProductForm, product: Product | None, status: int = 200, stock_form: StockForm | None = None
) -> tuple[str, int]:
    html = render_template(
        "admin/product_form.html",
        form=form,
        product=product,
        suggestions=_suggestions(),
        stock_form=stock_form or StockForm(formdata=None),
    )
    return html, status


def _edit_form(product: Product) -> ProductForm:
    return ProductForm(obj=product, price=decimal_from_cents(product.price_cents))


@bp.route("/products/new", methods=["GET", "POST"])
def new_product() -> tuple[str, int] | Response:
    form = NewProductForm()
    if form.validate_on_submit():
        picture = _upload(form.picture.data)
        if picture is None:
            form.picture.errors.append("A new product needs a picture.")
        else:
            try:
                product = catalog_admin.create_product(form.product_fields(), form.stock.data, picture)
            except CatalogError as exc:
                form.picture.errors.append(str(exc))
            else:
                flash(f"{product.name} is in the catalogue.", "success")
                return redirect(url_for("admin.edit_product", product_id=product.id))
    return _render_form(form, None, 400 if form.is_submitted() else 200)


@bp.route("/products/<int:product_id>/edit", methods=["GET", "POST"])
def edit_product(product_id: int) -> tuple[str, int] | Response:
    product = _get_product(product_id)
    form = _edit_form(product)
    if form.validate_on_submit():
        try:
            catalog_admin.update_product(product, form.product_fields(), _upload(form.picture.data))
        except CatalogError as exc:
            form.picture.errors.append(str(exc))
        else:
            flash("Changes saved.", "success")
            return redirect(url_for("admin.edit_product", product_id=product.id))
    return _render_form(form, product, 400 if form.is_submitted() else 200)


@bp.route("/products/<int:product_id>/active", methods=["POST"])
def toggle_product(product_id: int) -> Response:
    product = _get_product(product_id)
    catalog_admin.set_active(product, not product.is_active)
    flash(f"{product.name} is {'back on sale' if product.is_active else 'deactivated'}.", "success")
    return redirect(url_for("admin.edit_product", product_id=product.id))


@bp.route("/products/<int:product_id>/stock", methods=["POST"])
def adjust_stock(product_id: int) -> tuple[str, int] | Response:
    product = _get_product(product_id)
    form = StockForm()
    if form.validate():
        try:
            stock = catalog_admin.adjust_stock(product, form.delta.data)
        except CatalogError as exc:
            form.delta.errors.append(str(exc))
        else:
            flash(f"Stock is now {stock}.", "success")
            return redirect(url_for("admin.edit_product", product_id=product.id))
    return _render_form(_edit_form(product), product, 400, stock_form=form)
