"""Admin: customers."""
from flask import render_template
from sqlalchemy import select

from webapp.admin import bp
from webapp.admin.paging import PER_PAGE, page_arg
from webapp.extensions import db
from webapp.models.users import Role, User


@bp.route("/customers")
def customers() -> str:
    query = select(User).where(User.role == Role.CUSTOMER.value).order_by(User.created_at.desc(), User.id.desc())
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/customers.html", page=page)
