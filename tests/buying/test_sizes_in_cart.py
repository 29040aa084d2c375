"""Choosing a size: the product page's picker, the cart's lines per size, and every size a shopper should not get."""
import re

import pytest
from sqlalchemy import func, select

from tests.support.buying import add_to_cart
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import CartItem
from webapp.services.catalog import admin as catalog_admin


@pytest.fixture
def tee(make_product):
    """A T-shirt in S (2 left), M (sold out) and L (plenty)."""
    return make_product(name="Sized Tee", price_cents=1500, sizes={"S": 2, "M": 0, "L": 8})


def size(product, label):
    return next(size for size in product.sizes if size.label == label)


def radio(page: str, size_id: int) -> str:
    """The size picker's radio button for this size, as the page writes it."""
    return re.search(rf'<input type="radio" name="size_id" value="{size_id}"[^>]*>', page).group(0)


def test_the_product_page_offers_every_size_sold_out_ones_disabled_and_low_ones_marked(client, tee):
    page = client.get(f"/products/{tee.id}").text
    picker = page.split('id="size-picker"', 1)[1].split("</fieldset>", 1)[0]
    assert re.findall(r'<span class="size-label">(\w+)</span>', picker) == ["S", "M", "L"]
    assert ["disabled" in radio(picker, size(tee, label).id) for label in ("S", "M", "L")] == [False, True, False]
    assert re.findall(r'<span class="size-note">([^<]+)</span>', picker) == ["Only 2 left", "Out of stock"]


def test_a_product_of_one_size_has_no_picker(client, make_product):
    bag = make_product(name="Tote", master_category="Accessories", stock=4)
    page = client.get(f"/products/{bag.id}").text
    assert 'id="size-picker"' not in page
    assert f'<input type="hidden" name="size_id" value="{bag.sizes[0].id}">' in page


def test_the_chosen_size_goes_into_the_cart_and_is_shown_there(client, tee):
    response = add_to_cart(client, tee.id, 2, size_id=size(tee, "L").id, follow_redirects=True)
    assert "Added 2 × “Sized Tee” in size L to your cart." in response.text
    assert '<span class="line-size">Size L</span>' in response.text
    assert "€30.00" in response.text


def test_two_sizes_of_one_product_are_two_lines(client, tee):
    add_to_cart(client, tee.id, 1, size_id=size(tee, "S").id)
    add_to_cart(client, tee.id, 3, size_id=size(tee, "L").id)
    page = client.get("/cart/").text
    assert page.count('<span class="line-size">') == 2
    assert "Subtotal (4 items)" in page


def test_each_size_line_changes_and_goes_on_its_own(client, tee):
    small, large = size(tee, "S"), size(tee, "L")
    add_to_cart(client, tee.id, 1, size_id=small.id)
    add_to_cart(client, tee.id, 1, size_id=large.id)
    csrf = session_csrf_token(client)
    client.post(f"/cart/items/{large.id}", data={"csrf_token": csrf, "quantity": "5"})
    client.post(f"/cart/items/{small.id}/remove", data={"csrf_token": csrf})
    page = client.get("/cart/").text
    assert "Size S" not in page and 'value="5"' in page and "€75.00" in page


def other_products_size(make_product):
    return make_product(name="Other Tee", sizes={"S": 5, "M": 5}).sizes[0].id


def removed_size(tee):
    size_id = size(tee, "M").id
    catalog_admin.remove_size(size(tee, "M"))
    return size_id


@pytest.mark.parametrize(
    ("picked", "message"),
    [
        (lambda tee, make_product: "", "Choose a size of “Sized Tee” first."),
        (lambda tee, make_product: other_products_size(make_product),
         "The size you picked is a size of another product. Choose one of the sizes of “Sized Tee”."),
        (lambda tee, make_product: removed_size(tee),
         "The size you picked is no longer sold. Choose one of the sizes of “Sized Tee”."),
        (lambda tee, make_product: "abc", "That is not one of the sizes we sell."),
        (lambda tee, make_product: "-1", "That is not one of the sizes we sell."),
        (lambda tee, make_product: "1e3", "That is not one of the sizes we sell."),
        (lambda tee, make_product: "9" * 30, "That is not one of the sizes we sell."),
        (lambda tee, make_product: size(tee, "M").id, "“Sized Tee” in size M is sold out."),
    ],
    ids=["no size", "another product's size", "a removed size", "letters", "negative", "exponent", "huge",
         "a sold-out size"],
)
def test_a_size_that_cannot_be_bought_is_refused_and_the_cart_stays_empty(client, tee, make_product, picked, message):
    response = add_to_cart(client, tee.id, 1, size_id=picked(tee, make_product))
    assert response.status_code == 400
    assert message in response.text
    assert "Your cart is empty" in response.text


def test_more_than_the_sizes_stock_is_refused_with_what_is_left(client, tee):
    response = add_to_cart(client, tee.id, 3, size_id=size(tee, "S").id)
    assert response.status_code == 400
    assert "Only 2 of “Sized Tee” in size S in stock." in response.text
    assert "Your cart is empty" in response.text


def test_another_sizes_stock_does_not_count(client, tee):
    """8 in L do not let a shopper take 3 of S, which has 2."""
    add_to_cart(client, tee.id, 2, size_id=size(tee, "S").id)
    assert add_to_cart(client, tee.id, 1, size_id=size(tee, "S").id).status_code == 400
    assert add_to_cart(client, tee.id, 8, size_id=size(tee, "L").id).status_code == 302


def test_a_size_removed_after_it_was_added_leaves_the_customers_cart(client, auth, customer, tee):
    auth.login(customer)
    add_to_cart(client, tee.id, 1, size_id=size(tee, "S").id)
    catalog_admin.adjust_stock(size(tee, "S"), -2)
    catalog_admin.remove_size(size(tee, "S"))
    assert db.session.scalar(select(func.count()).select_from(CartItem)) == 0
    assert "Your cart is empty" in client.get("/cart/").text


def test_a_guest_cart_of_a_size_joins_the_account_in_that_size(client, auth, customer, tee):
    add_to_cart(client, tee.id, 2, size_id=size(tee, "L").id)
    auth.login(customer)
    assert db.session.scalars(select(CartItem.size_id)).all() == [size(tee, "L").id]
