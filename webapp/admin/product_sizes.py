"""Admin: a product's sizes and their stock: add a size, remove a sold-out one, adjust one size's stock."""
from __future__ import annotations

from flask import flash, redirect, url_for
from werkzeug.wrappers import Response

from webapp.admin import bp
from webapp.admin.catalogue import edit_form, product_or_404, render_product_page
from webapp.admin.forms import SizeForm, StockForm
from webapp.lookups import found_or_404
from webapp.models.catalog import Product, ProductSize
from webapp.services.catalog import admin as catalog_admin
from webapp.services.catalog.admin import CatalogError


def _size_or_404(product: Product, size_id: int) -> ProductSize:
    return found_or_404(product.size_with_id(size_id), f"{product.name} has no such size.")


def _back_to(product: Product) -> Response:
    return redirect(url_for("admin.edit_product", product_id=product.id))


@bp.route("/products/<int:product_id>/sizes", methods=["POST"])
def add_size(product_id: int) -> tuple[str, int] | Response:
    product = product_or_404(product_id)
    form = SizeForm()
    if form.validate():
        try:
            size = catalog_admin.add_size(product, form.label.data, form.stock.data)
        except CatalogError as exc:
            form.label.errors.append(str(exc))
        else:
            flash(f"Size {size.label} added, with {size.stock} in stock.", "success")
            return _back_to(product)
    return render_product_page(edit_form(product), product, 400, size_form=form)


@bp.route("/products/<int:product_id>/sizes/<int:size_id>/stock", methods=["POST"])
def adjust_stock(product_id: int, size_id: int) -> tuple[str, int] | Response:
    product = product_or_404(product_id)
    size = _size_or_404(product, size_id)
    form = StockForm()
    if form.validate():
        try:
            stock = catalog_admin.adjust_stock(size, form.delta.data)
        except CatalogError as exc:
            form.delta.errors.append(str(exc))
        else:
            flash(f"Size {size.label}: stock is now {stock}.", "success")
            return _back_to(product)
    return render_product_page(edit_form(product), product, 400, stock_form=form, stock_size_id=size.id)


@bp.route("/products/<int:product_id>/sizes/<int:size_id>/remove", methods=["POST"])
def remove_size(product_id: int, size_id: int) -> tuple[str, int] | Response:
    product = product_or_404(product_id)
    size = _size_or_404(product, size_id)
    label = size.label
    try:
        catalog_admin.remove_size(size)
    except CatalogError as exc:
        return render_product_page(edit_form(product), product, 400, sizes_error=str(exc))
    flash(f"Size {label} removed.", "success")
    return _back_to(product)
