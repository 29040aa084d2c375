"""Admin: customers, and each customer's page (contact, lifetime value, their orders)."""
from flask import render_template
from sqlalchemy import select

from webapp.admin import bp
from webapp.admin.paging import PER_PAGE, page_arg
from webapp.admin.tables import ORDERS
from webapp.extensions import db
from webapp.lookups import get_or_404
from webapp.models.users import Role, User
from webapp.services.buying.checkout import saved_address
from webapp.services.paging import page_of
from webapp.services.reports import figures
from webapp.services.reports.order_search import OrderFilter, orders_query


@bp.route("/customers")
def customers() -> str:
    query = select(User).where(User.role == Role.CUSTOMER.value).order_by(User.created_at.desc(), User.id.desc())
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    values = figures.customer_values(user.id for user in page.items)
    return render_template("admin/customers.html", page=page, values=values)


@bp.route("/customers/<int:user_id>")
def customer_detail(user_id: int) -> str:
    customer = get_or_404(User, user_id, "No such customer.")
    theirs = OrderFilter(customer_id=customer.id)
    return render_template(
        "admin/customer_detail.html",
        customer=customer,
        address=saved_address(customer.id),
        value=figures.customer_values([customer.id])[customer.id],
        orders=page_of(orders_query(theirs), page_arg(), PER_PAGE),
        export_args=theirs.args(),
        table=ORDERS,
    )
