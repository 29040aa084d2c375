"""The price rule as a table: deals on a product's price, then a coupon on the order's subtotal."""
from datetime import datetime, timedelta

import pytest

from webapp.models import Product
from webapp.services.buying import cart as carts
from webapp.services.buying import checkout
from webapp.services.buying.cart import AccountCart
from webapp.services.pricing.promotions import CouponError, LiveDeal, LiveDeals, discounted_cents, load_live_deals
from webapp.services.pricing.rule import price_of, unit_price_cents
from webapp.services.shop_settings import current_settings

THIS = "this product"
# The product every deal case prices: €20.00, a red men's t-shirt.
PRODUCT = {"price_cents": 2000, "master_category": "Apparel", "sub_category": "Topwear", "article_type": "Tshirts"}


@pytest.mark.parametrize(
    ("deals", "expected_cents"),
    [
        pytest.param([], 2000, id="no deal"),
        pytest.param([("percent", 25, "product", THIS, "live")], 1500, id="percent deal"),
        pytest.param([("fixed", 450, "product", THIS, "live")], 1550, id="fixed deal"),
        pytest.param([("fixed", 5000, "product", THIS, "live")], 0, id="fixed larger than the price gives 0"),
        pytest.param([("percent", 100, "product", THIS, "live")], 0, id="100 percent gives 0"),
        pytest.param(
            [("percent", 10, "master_category", "Apparel", "live"), ("fixed", 700, "article_type", "Tshirts", "live"),
             ("percent", 30, "sub_category", "Topwear", "live")],
            1300, id="overlapping deals: the best one wins, no stacking",
        ),
        pytest.param([("percent", 50, "product", THIS, "expired")], 2000, id="expired deal"),
        pytest.param([("percent", 50, "product", THIS, "future")], 2000, id="future deal"),
        pytest.param([("percent", 20, "article_type", "Tshirts", "live")], 1600, id="deal on the article type"),
        pytest.param([("percent", 20, "sub_category", "Topwear", "live")], 1600, id="deal on the sub-category"),
        pytest.param([("percent", 20, "master_category", "Apparel", "live")], 1600, id="deal on the category"),
        pytest.param([("percent", 20, "article_type", "Jeans", "live")], 2000, id="deal on another type"),
        pytest.param([("percent", 20, "master_category", "Footwear", "live")], 2000, id="deal on another category"),
        pytest.param([("percent", 20, "product", "other", "live")], 2000, id="deal on another product"),
    ],
)
def test_a_products_price_is_its_list_price_less_the_best_live_deal(make_product, make_deal, deals, expected_cents):
    product = make_product(**PRODUCT)
    other = make_product(**PRODUCT)
    for kind, amount, target, value, when in deals:
        target_product = {THIS: product, "other": other}.get(value) if target == "product" else None
        make_deal(kind, amount, target, value, product=target_product, when=when)
    assert unit_price_cents(product, load_live_deals()) == expected_cents


def test_a_switched_off_deal_gives_nothing(make_product, make_deal):
    product = make_product(**PRODUCT)
    make_deal("percent", 50, product=product, is_active=False)
    assert unit_price_cents(product, load_live_deals()) == 2000


def test_the_price_names_the_deal_that_won(make_product, make_deal):
    product = make_product(**PRODUCT)
    make_deal("percent", 10, "master_category", "Apparel", name="Apparel week")
    make_deal("fixed", 700, "article_type", "Tshirts", name="Tee time")
    price = price_of(product, load_live_deals())
    assert (price.list_cents, price.cents, price.deal.name, price.is_reduced) == (2000, 1300, "Tee time", True)


def _deal(deal_id: int, kind: str, amount: int, days_left: int) -> LiveDeal:
    return LiveDeal(deal_id, f"deal {deal_id}", kind, amount, "article_type", "Tshirts", None,
                    datetime(2030, 1, 1) + timedelta(days=days_left))


@pytest.mark.parametrize(
    ("deals", "expected"),
    [
        pytest.param([], (2000, None), id="no deals: the list price"),
        pytest.param([_deal(1, "percent", 25, 3)], (1500, 1), id="one deal"),
        pytest.param([_deal(1, "percent", 10, 3), _deal(2, "fixed", 700, 9)], (1300, 2), id="the best deal wins"),
        pytest.param([_deal(1, "fixed", 500, 9), _deal(2, "percent", 25, 3)], (1500, 2),
                     id="a tie goes to the deal ending first"),
    ],
)
def test_the_price_is_a_function_of_the_product_and_the_deals_passed_in(deals, expected):
    product = Product(id=1, price_cents=2000, **{k: v for k, v in PRODUCT.items() if k != "price_cents"})
    price = price_of(product, LiveDeals(deals))  # no database, no request: everything is an argument
    assert (price.cents, price.deal.id if price.deal else None) == expected


@pytest.mark.parametrize(
    ("cents", "kind", "amount", "expected"),
    [
        (1999, "percent", 15, 1699),  # 299.85 off rounds to 300
        (1999, "percent", 10, 1799),  # 199.9 off rounds to 200
        (1000, "percent", 33, 670),
        (1000, "fixed", 1, 999),
        (1000, "fixed", 1001, 0),
        (0, "percent", 50, 0),
    ],
)
def test_discount_arithmetic_rounds_to_the_cent_and_never_goes_below_zero(cents, kind, amount, expected):
    assert discounted_cents(cents, kind, amount) == expected


# --- Coupons on the subtotal after deals ------------------------------------------------------------

def _cart_of(customer, product, quantity=1):
    carts.add(AccountCart(customer.id), product.id, quantity)
    return carts.load(AccountCart(customer.id), load_live_deals())


@pytest.mark.parametrize(
    ("coupon", "deal_percent", "quantity", "entered", "expected"),
    [
        pytest.param({"kind": "fixed", "amount": 500}, None, 1, "SAVE10", (2000, 500, 1500), id="fixed coupon"),
        pytest.param({"kind": "percent", "amount": 10}, None, 2, "SAVE10", (4000, 400, 3600), id="percent coupon"),
        pytest.param({"kind": "percent", "amount": 10}, 25, 1, "SAVE10", (1500, 150, 1350), id="deal plus coupon"),
        pytest.param({"kind": "fixed", "amount": 5000}, 25, 1, "SAVE10", (1500, 1500, 0),
                     id="a coupon never makes the total negative"),
        pytest.param({"kind": "fixed", "amount": 500}, None, 1, "  save10 ", (2000, 500, 1500),
                     id="codes are not case-sensitive"),
        pytest.param({"kind": "fixed", "amount": 500, "min_order_cents": 2000}, None, 1, "SAVE10", (2000, 500, 1500),
                     id="subtotal exactly at the minimum"),
    ],
)
def test_a_coupon_comes_off_the_subtotal_after_deals(
    customer, make_product, make_deal, make_coupon, coupon, deal_percent, quantity, entered, expected
):
    product = make_product(**PRODUCT)
    if deal_percent:
        make_deal("percent", deal_percent, product=product)
    make_coupon("SAVE10", **coupon)
    totals = checkout.totals(_cart_of(customer, product, quantity), current_settings().shipping_rate, entered)
    assert (totals.subtotal_cents, totals.discount_cents, totals.total_cents) == expected


@pytest.mark.parametrize(
    ("coupon", "entered", "message"),
    [
        pytest.param({"usage_limit": 3, "times_used": 3}, "SAVE10", "has been used up", id="coupon over its limit"),
        pytest.param({"when": "expired"}, "SAVE10", "has expired", id="expired coupon"),
        pytest.param({"when": "future"}, "SAVE10", "can be used from", id="coupon not started yet"),
        pytest.param({"is_active": False}, "SAVE10", "has expired", id="switched-off coupon"),
        pytest.param({}, "NOPE42", "We do not know the coupon code “NOPE42”", id="unknown coupon"),
        pytest.param({}, "<script>", "We do not know the coupon code", id="nonsense code"),
        pytest.param({"min_order_cents": 2500}, "SAVE10", "needs an order of at least €25.00",
                     id="coupon below its minimum"),
        pytest.param({"min_order_cents": 1800}, "SAVE10", "needs an order of at least €18.00",
                     id="minimum counts the subtotal after deals"),
    ],
)
def test_a_coupon_that_cannot_be_used_is_refused_with_the_reason(
    customer, make_product, make_deal, make_coupon, coupon, entered, message
):
    product = make_product(**PRODUCT)
    make_deal("percent", 25, product=product)  # subtotal after the deal: €15.00
    make_coupon("SAVE10", **coupon)
    with pytest.raises(CouponError, match=message):
        checkout.totals(_cart_of(customer, product), current_settings().shipping_rate, entered)
