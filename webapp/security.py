"""Access rules for whole areas, attached to blueprints so no route can forget them."""
from flask import Blueprint, abort
from flask_login import current_user

from webapp.extensions import login_manager


def require_login(bp: Blueprint) -> None:
    @bp.before_request
    def _login_required() -> object | None:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None


def require_admin(bp: Blueprint) -> None:
    @bp.before_request
    def _admin_required() -> object | None:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403, description="This page is for shop administrators.")
        return None


def reject_nul_bytes() -> None:
    """Refuse NUL characters in any field: no text needs them and PostgreSQL cannot store them."""
    from flask import request

    for values in (request.args, request.form):
        if any("\x00" in value for value in values.values()):
            abort(400, description="The request contains a character we cannot accept (NUL).")
