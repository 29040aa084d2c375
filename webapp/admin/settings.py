"""Admin: the shop's settings: shipping charges, the delivery estimate and the returns policy."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from webapp.admin import bp
from webapp.admin.settings_forms import SettingsForm
from webapp.services.shop_settings import SettingsError, current_settings, save_settings


@bp.route("/settings", methods=["GET", "POST"])
def shop_settings() -> tuple[str, int] | Response:
    form = SettingsForm.showing(current_settings())
    if form.validate_on_submit():
        try:
            save_settings(form.settings())
        except SettingsError as exc:
            form.shipping_fee.errors.append(str(exc))
        else:
            flash("Settings saved: carts, checkout and product pages use them from now on.", "success")
            return redirect(url_for("admin.shop_settings"))
    return render_template("admin/settings.html", form=form), 400 if form.is_submitted() else 200
