from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp.feedback import bp
from webapp.feedback.forms import FeedbackForm
from webapp.services.engagement import feedback
from webapp.services.engagement.feedback import FeedbackError, Message


@bp.route("/", methods=["GET", "POST"])
def write() -> Response | tuple[str, int]:
    form = FeedbackForm()
    error = ""
    if form.validate_on_submit():
        try:
            user = current_user if current_user.is_authenticated else None
            feedback.submit(Message(form.email.data or "", form.subject.data, form.message.data), user)
        except FeedbackError as exc:
            error = str(exc)
        else:
            flash("Thank you for your message. We read every one and answer by email.", "success")
            return redirect(url_for("feedback.write"))
    return render_template("feedback/form.html", form=form, error=error), 400 if form.is_submitted() else 200
