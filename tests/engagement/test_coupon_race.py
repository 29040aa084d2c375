"""The last use of a coupon, wanted by several orders at the same instant, on real PostgreSQL connections."""
import pytest
from sqlalchemy import func, select

from tests.support.buying import HOME
from tests.support.concurrency import count, run_together
from webapp.extensions import db
from webapp.models import Coupon, Order, User
from webapp.services.buying import cart as carts
from webapp.services.buying import checkout
from webapp.services.buying.cart import AccountCart
from webapp.services.buying.checkout import CheckoutError
from webapp.services.pricing.promotions import load_live_deals
from webapp.services.shop_settings import current_settings

BUYERS = 8


@pytest.fixture(autouse=True)
def _postgresql_only(backend):
    if backend != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL (set TEST_DATABASE_URL); SQLite serialises writers")


def test_customers_racing_for_the_last_coupon_use_exactly_one_gets_it(app, make_user, make_product, make_coupon):
    coupon = make_coupon("LASTONE", kind="fixed", amount=500, usage_limit=3, times_used=2)
    buyers = [make_user().id for _ in range(BUYERS)]
    for user_id in buyers:
        # Each their own product: no stock row lock lines the orders up before they reach the coupon.
        checkout.save_address(user_id, HOME)
        carts.add(AccountCart(user_id), make_product(price_cents=3000).id, 1)

    def place(user_id: int) -> str:
        # Its own app context, so its own session and database connection.
        with app.app_context():
            try:
                checkout.place_order(
                    db.session.get(User, user_id), checkout.new_checkout_token(), 2500, load_live_deals(), "LASTONE",
                    shipping=current_settings().shipping_rate,
                )
            except CheckoutError as exc:
                return str(exc)
            return "placed"

    outcomes = run_together([lambda user_id=user_id: place(user_id) for user_id in buyers])
    assert outcomes.count("placed") == 1
    assert all("The coupon LASTONE has" in outcome for outcome in outcomes if outcome != "placed")
    assert count(select(Coupon.times_used).where(Coupon.id == coupon.id)) == 3
    assert count(select(func.count()).select_from(Order)) == 1
