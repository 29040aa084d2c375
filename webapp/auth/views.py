from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from webapp.auth import bp, sessions
from webapp.auth.forms import LoginForm, RegisterForm
from webapp.auth.next_page import safe_next
from webapp.models.users import User
from webapp.services.accounts.users import AccountError, authenticate, register_customer


def landing_url(user: User) -> str:
    """Each role lands on its own dashboard."""
    return url_for("admin.dashboard") if user.is_admin else url_for("account.dashboard")


def next_or_landing(user: User) -> str:
    """Back where the visitor was (the page that sent them to log in or register), else their dashboard."""
    return safe_next(request.args.get("next")) or landing_url(user)


@bp.route("/register", methods=["GET", "POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(next_or_landing(current_user))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = register_customer(form.email.data, form.name.data, form.password.data)
        except AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            sessions.log_in(user)
            flash(f"Welcome, {user.name}! Your account is ready.", "success")
            return redirect(next_or_landing(user))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form, next_url=safe_next(request.args.get("next"))), status


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(next_or_landing(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            sessions.log_in(user, remember=form.remember.data)
            flash(f"Welcome back, {user.name}.", "success")
            return redirect(next_or_landing(user))
        form.password.errors.append("Email or password is not right.")
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form, next_url=safe_next(request.args.get("next"))), status


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    # CSRFProtect has already checked the token: logging out is a state change.
    sessions.log_out()
    flash("You are logged out.", "info")
    return redirect(url_for("shop.home"))


@bp.route("/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere() -> Response:
    sessions.log_out(everywhere=True)
    flash("You are logged out on every device, this one included.", "info")
    return redirect(url_for("shop.home"))
