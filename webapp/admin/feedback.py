"""Admin: moderating reviews (publish, hide, reply under them) and answering general feedback."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from webapp.admin import bp
from webapp.admin.paging import PER_PAGE, page_arg
from webapp.extensions import db
from webapp.lookups import get_or_404
from webapp.models.engagement import Feedback, Review
from webapp.services.engagement import feedback, reviews
from webapp.services.engagement.feedback import FeedbackError
from webapp.services.engagement.reviews import ReviewError

# ?show= on the lists: which items, as a WHERE condition.
REVIEW_FILTERS = {"all": None, "published": Review.is_published.is_(True), "hidden": Review.is_published.is_(False)}
FEEDBACK_FILTERS = {"open": Feedback.is_hidden.is_(False), "filed": Feedback.is_hidden.is_(True), "all": None}


def _shown(filters: dict, default: str) -> str:
    show = request.args.get("show", default)
    return show if show in filters else default


@bp.route("/reviews")
def reviews_list() -> str:
    show = _shown(REVIEW_FILTERS, "all")
    query = (
        select(Review)
        .options(joinedload(Review.user), joinedload(Review.product))
        .order_by(Review.created_at.desc(), Review.id.desc())
    )
    if REVIEW_FILTERS[show] is not None:
        query = query.where(REVIEW_FILTERS[show])
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/reviews.html", page=page, show=show, filters=REVIEW_FILTERS)


@bp.route("/reviews/<int:review_id>/<action>", methods=["POST"])
def moderate_review(review_id: int, action: str) -> Response:
    if action not in ("publish", "hide"):
        abort(404, description="No such review action.")
    review = _get(Review, review_id)
    reviews.set_published(review, action == "publish")
    flash(f"The review of “{review.product.name}” is {'published' if review.is_published else 'hidden'}.", "success")
    return redirect(url_for("admin.reviews_list", show=request.args.get("show", "all")))


@bp.route("/reviews/<int:review_id>/reply", methods=["POST"])
def reply_to_review(review_id: int) -> Response:
    review = _get(Review, review_id)
    try:
        reviews.reply(review, request.form.get("reply", ""))
    except ReviewError as exc:
        flash(str(exc), "error")
    else:
        flash("The reply is saved: it shows under the review." if review.reply else "The reply is removed.", "success")
    return redirect(url_for("admin.reviews_list", show=request.args.get("show", "all")))


@bp.route("/feedback")
def feedback_list() -> str:
    show = _shown(FEEDBACK_FILTERS, "open")
    query = select(Feedback).order_by(Feedback.created_at.desc(), Feedback.id.desc())
    if FEEDBACK_FILTERS[show] is not None:
        query = query.where(FEEDBACK_FILTERS[show])
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/feedback.html", page=page, show=show, filters=FEEDBACK_FILTERS)


@bp.route("/feedback/<int:feedback_id>/<action>", methods=["POST"])
def file_feedback(feedback_id: int, action: str) -> Response:
    if action not in ("file", "reopen"):
        abort(404, description="No such feedback action.")
    feedback.set_hidden(_get(Feedback, feedback_id), action == "file")
    flash("The message is filed away." if action == "file" else "The message is open again.", "success")
    return redirect(url_for("admin.feedback_list"))


@bp.route("/feedback/<int:feedback_id>/reply", methods=["POST"])
def reply_to_feedback(feedback_id: int) -> Response:
    item = _get(Feedback, feedback_id)
    try:
        feedback.reply(item, request.form.get("reply", ""))
    except FeedbackError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Your answer is on its way to {item.email}.", "success")
    return redirect(url_for("admin.feedback_list"))


def _get(model: type[Review] | type[Feedback], item_id: int) -> Review | Feedback:
    return get_or_404(model, item_id, "No such review or message.")
