"""Admin: a product's pictures: upload several, order them, pick the main one, remove one."""
from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from webapp.admin import bp
from webapp.admin.catalogue import edit_form, product_or_404, render_product_page, uploads
from webapp.admin.forms import PicturesForm
from webapp.lookups import found_or_404
from webapp.models.catalog import Product
from webapp.services.catalog import admin as catalog_admin
from webapp.services.catalog.admin import CatalogError

# What the buttons under each picture do, by the name in their URL.
CHANGES: dict[str, Callable[[Product, str], None]] = {
    "main": catalog_admin.make_main_picture,
    "earlier": lambda product, name: catalog_admin.move_picture(product, name, -1),
    "later": lambda product, name: catalog_admin.move_picture(product, name, 1),
    "remove": catalog_admin.remove_picture,
}


def _back_to(product: Product) -> Response:
    return redirect(url_for("admin.edit_product", product_id=product.id) + "#pictures")


@bp.route("/products/<int:product_id>/pictures", methods=["POST"])
def upload_pictures(product_id: int) -> tuple[str, int] | Response:
    product = product_or_404(product_id)
    form = PicturesForm()
    if form.validate():
        files = uploads(form.pictures.data)
        try:
            catalog_admin.add_pictures(product, files)
        except CatalogError as exc:
            form.pictures.errors.append(str(exc))
        else:
            flash(f"{len(files)} picture{'s' if len(files) != 1 else ''} added.", "success")
            return _back_to(product)
    return render_product_page(edit_form(product), product, 400, pictures_form=form)


@bp.route("/products/<int:product_id>/pictures/<change>", methods=["POST"])
def change_picture(product_id: int, change: str) -> tuple[str, int] | Response:
    product = product_or_404(product_id)
    apply = found_or_404(CHANGES.get(change), "No such change to a picture.")
    try:
        apply(product, request.form.get("picture", ""))
    except CatalogError as exc:
        return render_product_page(edit_form(product), product, 400, picture_error=str(exc))
    flash("Pictures updated.", "success")
    return _back_to(product)
