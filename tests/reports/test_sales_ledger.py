"""The daily sales ledger: kept by the order service's transitions, equal to a rebuild from the orders."""
import flask_migrate
import pytest
from sqlalchemy import delete, select

from tests.support.reports import PAID_THEN_CANCELLED, ROUTES, SHOP, S, day, move, sell
from webapp.extensions import db
from webapp.models import DailyProductSales
from webapp.services.buying import orders
from webapp.services.reports import ledger as sales_ledger


def ledger() -> list[tuple]:
    """The ledger as (day, product id, units, revenue, orders), in key order."""
    db.session.expire_all()
    rows = db.session.scalars(select(DailyProductSales).order_by(DailyProductSales.day, DailyProductSales.product_id))
    return [(row.day, row.product_id, row.units, row.revenue_cents, row.orders) for row in rows]


@pytest.fixture
def tee(make_product):
    return make_product(price_cents=2000, stock=50)


@pytest.fixture
def jeans(make_product):
    return make_product(price_cents=5000, stock=50)


def test_a_pending_order_is_not_a_sale(customer, tee):
    sell(customer, (tee, 2), on=day(2), route=[])
    assert ledger() == []


def test_paying_adds_each_line_to_the_day_the_order_was_placed(customer, tee, jeans):
    sell(customer, (tee, 2), (jeans, 1), on=day(2), route=[S.PAID])
    assert ledger() == [(day(2), tee.id, 2, 4000, 1), (day(2), jeans.id, 1, 5000, 1)]


def test_orders_of_one_product_on_one_day_add_up_in_one_row(customer, make_user, tee):
    sell(customer, (tee, 2), on=day(1), route=[S.PAID])
    sell(make_user(), (tee, 1), on=day(1), route=[S.PAID])
    assert ledger() == [(day(1), tee.id, 3, 6000, 2)]


@pytest.mark.parametrize("status", [S.SHIPPED, S.DELIVERED])
def test_shipping_and_delivering_change_no_figure(customer, tee, status):
    sell(customer, (tee, 2), on=day(0), route=ROUTES[status])
    assert ledger() == [(day(0), tee.id, 2, 4000, 1)]


@pytest.mark.parametrize("route", [ROUTES[S.REFUNDED], PAID_THEN_CANCELLED], ids=["refunded", "cancelled"])
def test_calling_off_a_paid_order_takes_its_sale_away(customer, tee, route):
    sell(customer, (tee, 2), on=day(0), route=route)
    assert ledger() == []


def test_calling_off_one_order_leaves_the_others_of_that_day(customer, make_user, tee):
    kept = sell(customer, (tee, 2), on=day(1), route=[S.PAID])
    called_off = sell(make_user(), (tee, 1), on=day(1), route=[S.PAID])
    move(called_off, [S.REFUNDED])
    assert ledger() == [(day(1), tee.id, 2, 4000, 1)]
    assert kept.status == S.PAID


def test_a_refused_transition_leaves_the_ledger_alone(customer, tee):
    order = sell(customer, (tee, 1), on=day(0), route=ROUTES[S.DELIVERED])
    with pytest.raises(orders.IllegalTransition):
        orders.change_status(order, S.REFUNDED, SHOP)
    db.session.rollback()
    assert ledger() == [(day(0), tee.id, 1, 2000, 1)]


def test_the_ledger_the_transitions_kept_equals_a_rebuild_from_the_orders(small_shop):
    kept = ledger()
    assert sales_ledger.rebuild() == len(kept)
    assert ledger() == kept


def test_flask_reports_rebuild_recomputes_a_lost_ledger(small_shop, runner):
    kept = ledger()
    db.session.execute(delete(DailyProductSales))
    db.session.commit()
    result = runner.invoke(args=["reports", "rebuild"])
    assert result.exit_code == 0, result.output
    assert f"{len(kept)} product-days" in result.output
    assert ledger() == kept


def test_the_migration_fills_the_ledger_with_orders_paid_before_it(small_shop):
    kept = ledger()
    db.session.remove()
    flask_migrate.downgrade(revision="0004_engagement")
    flask_migrate.upgrade()
    assert ledger() == kept


@pytest.mark.parametrize(
    ("status", "paid_for"),
    [(S.PENDING_PAYMENT, False), (S.PAID, True), (S.SHIPPED, True), (S.DELIVERED, True), (S.CANCELLED, False),
     (S.REFUNDED, False)],
)
def test_an_order_counts_as_sold_from_its_payment_until_it_is_called_off(status, paid_for):
    assert status.is_paid_for is paid_for
