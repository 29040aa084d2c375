"""Admin: deals (price cuts for a while) and coupon codes: list, create, edit, end."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from webapp.admin import bp
from webapp.admin.paging import PER_PAGE, page_arg
from webapp.admin.promotion_forms import CouponForm, DealForm
from webapp.extensions import db
from webapp.lookups import get_or_404
from webapp.models.catalog import Product
from webapp.models.promotions import Coupon, Deal, DealTarget
from webapp.services.pricing import promotions
from webapp.services.pricing.promotions import PromotionError


@bp.route("/deals")
def deals() -> str:
    page = db.paginate(select(Deal).order_by(Deal.ends_at.desc(), Deal.id.desc()), page=page_arg(),
                       per_page=PER_PAGE, error_out=False)
    return render_template("admin/deals.html", page=page, rows=promotions.by_state(page.items))


@bp.route("/deals/new", methods=["GET", "POST"])
def new_deal() -> Response | tuple[str, int]:
    return _deal_form(None)


@bp.route("/deals/<int:deal_id>", methods=["GET", "POST"])
def edit_deal(deal_id: int) -> Response | tuple[str, int]:
    return _deal_form(_get(Deal, deal_id))


@bp.route("/deals/<int:deal_id>/end", methods=["POST"])
def end_deal(deal_id: int) -> Response:
    deal = _get(Deal, deal_id)
    promotions.end_deal(deal)
    flash(f"The deal “{deal.name}” has ended.", "success")
    return redirect(url_for("admin.deals"))


@bp.route("/coupons")
def coupons() -> str:
    page = db.paginate(select(Coupon).order_by(Coupon.ends_at.desc(), Coupon.id.desc()), page=page_arg(),
                       per_page=PER_PAGE, error_out=False)
    return render_template("admin/coupons.html", page=page, rows=promotions.by_state(page.items))


@bp.route("/coupons/new", methods=["GET", "POST"])
def new_coupon() -> Response | tuple[str, int]:
    return _coupon_form(None)


@bp.route("/coupons/<int:coupon_id>", methods=["GET", "POST"])
def edit_coupon(coupon_id: int) -> Response | tuple[str, int]:
    return _coupon_form(_get(Coupon, coupon_id))


@bp.route("/coupons/<int:coupon_id>/end", methods=["POST"])
def end_coupon(coupon_id: int) -> Response:
    coupon = _get(Coupon, coupon_id)
    promotions.end_coupon(coupon)
    flash(f"The coupon {coupon.code} has ended.", "success")
    return redirect(url_for("admin.coupons"))


def _deal_form(deal: Deal | None) -> Response | tuple[str, int]:
    form, error = DealForm(), ""
    if request.method == "GET":
        form.fill(deal)
    elif form.validate():
        try:
            deal = promotions.save_deal(form.spec(), deal)
        except PromotionError as exc:
            error = str(exc)
        else:
            flash(f"The deal “{deal.name}” is saved.", "success")
            return redirect(url_for("admin.deals"))
    suggestions = {target.value: _values(target) for target in DealTarget if target is not DealTarget.PRODUCT}
    html = render_template("admin/deal_form.html", form=form, deal=deal, suggestions=suggestions, error=error)
    return html, 400 if request.method == "POST" else 200


def _coupon_form(coupon: Coupon | None) -> Response | tuple[str, int]:
    form, error = CouponForm(), ""
    if request.method == "GET":
        form.fill(coupon)
    elif form.validate():
        try:
            coupon = promotions.save_coupon(form.spec(), coupon)
        except PromotionError as exc:
            error = str(exc)
        else:
            flash(f"The coupon {coupon.code} is saved.", "success")
            return redirect(url_for("admin.coupons"))
    html = render_template("admin/coupon_form.html", form=form, coupon=coupon, error=error)
    return html, 400 if request.method == "POST" else 200


def _values(target: DealTarget) -> list[str]:
    """The catalogue's values for a deal target, offered as a datalist so names match exactly."""
    column = getattr(Product, target.value)
    return list(db.session.scalars(select(column).distinct().where(column != "").order_by(column)))


def _get(model: type[Deal] | type[Coupon], item_id: int) -> Deal | Coupon:
    return get_or_404(model, item_id, "No such deal or coupon.")
