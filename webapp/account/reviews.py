"""The customer's reviews under /account/reviews: what they can review, and writing or editing one."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp.account import bp
from webapp.account.forms import ReviewForm
from webapp.lookups import product_on_sale_or_404
from webapp.services.engagement import reviews
from webapp.services.engagement.reviews import NotReceived, ReviewError


@bp.route("/reviews")
def reviews_list() -> str:
    return render_template("account/reviews.html", items=reviews.reviewable_products(current_user.id))


@bp.route("/reviews/<int:product_id>", methods=["GET", "POST"])
def write_review(product_id: int) -> Response | tuple[str, int]:
    product = product_on_sale_or_404(product_id)
    try:
        reviews.check_may_review(current_user, product.id)
    except NotReceived as exc:
        return render_template("account/review_form.html", product=product, form=None, refused=str(exc)), 403
    existing = reviews.own_review(current_user.id, product.id)
    form = ReviewForm(obj=existing)
    if form.validate_on_submit():
        try:
            reviews.save_review(current_user, product, form.rating.data, form.body.data)
        except ReviewError as exc:
            form.body.errors.append(str(exc))
        else:
            flash("Thank you: your review is on the product page." if existing is None else "Your review is updated.",
                  "success")
            return redirect(url_for("shop.product", product_id=product.id, _anchor="reviews"))
    html = render_template("account/review_form.html", product=product, form=form, review=existing, refused="")
    return html, 400 if form.is_submitted() else 200
