from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp.account import bp
from webapp.account.forms import PasswordChangeForm, ProfileForm
from webapp.auth import sessions
from webapp.services.accounts import users
from webapp.services.engagement.dashboard import dashboard_for


@bp.route("/")
def dashboard() -> str:
    return render_template("account/dashboard.html", dashboard=dashboard_for(current_user.id))


def _render_profile(profile_form: ProfileForm, password_form: PasswordChangeForm, status: int = 200):
    return render_template("account/profile.html", profile_form=profile_form, password_form=password_form), status


@bp.route("/profile", methods=["GET", "POST"])
def profile() -> tuple[str, int] | Response:
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        users.rename(current_user, form.name.data)
        flash("Your details are saved.", "success")
        return redirect(url_for("account.profile"))
    return _render_profile(form, PasswordChangeForm(formdata=None), 400 if form.is_submitted() else 200)


@bp.route("/password", methods=["POST"])
def change_password() -> tuple[str, int] | Response:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            sessions.change_own_password(form.current.data, form.password.data)
        except users.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            flash("Your password is changed; every other device where you were logged in is logged out.", "success")
            return redirect(url_for("account.profile"))
    return _render_profile(ProfileForm(formdata=None, obj=current_user), form, 400)
