"""'Recommended for you' on the customer's dashboard: look-alikes of what they bought and viewed."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Notification, OrderStatus, ProductNeighbour, ProductView, Role
from webapp.models._base import utcnow
from webapp.services.engagement.recommendations import recommended_for


def link(product, *neighbours, similarity=0.9):
    """Store a product's look-alike list, as the recommender would."""
    for rank, neighbour in enumerate(neighbours):
        db.session.add(ProductNeighbour(product_id=product.id, rank=rank, neighbour_id=neighbour.id,
                                        similarity=similarity - rank / 100))
    db.session.commit()


def names(products) -> list[str]:
    return [product.name for product in products]


@pytest.fixture
def catalogue(make_product):
    """Named products; 'Old' is the oldest, so the newest-first fallback puts it last."""
    made = {}
    for name in ("Old", "Bought", "Twin", "Cousin", "Inactive", "Sold out", "Owned", "Viewed", "Viewed twin"):
        made[name] = make_product(name=name, created_at=utcnow() - timedelta(days=400 if name == "Old" else 1))
    made["Inactive"].is_active = False
    made["Sold out"].sizes[0].stock = 0
    db.session.commit()
    return made


def test_look_alikes_of_what_was_bought_leave_out_owned_inactive_and_sold_out(customer, catalogue, bought):
    c = catalogue
    link(c["Bought"], c["Owned"], c["Inactive"], c["Sold out"], c["Twin"], c["Cousin"])
    bought(c["Bought"])
    bought(c["Owned"], status=OrderStatus.PAID)
    picks = names(recommended_for(customer.id, limit=2))
    assert picks == ["Twin", "Cousin"]


def test_look_alikes_of_what_was_viewed_count_too(client, auth, customer, catalogue):
    c = catalogue
    link(c["Viewed"], c["Viewed twin"])
    auth.login(customer)
    client.get(f"/products/{c['Viewed'].id}")
    assert names(recommended_for(customer.id, limit=1)) == ["Viewed twin"]


def test_a_product_close_to_several_seeds_comes_first(customer, catalogue, bought):
    c = catalogue
    link(c["Bought"], c["Cousin"], c["Twin"])
    link(c["Owned"], c["Twin"])
    bought(c["Bought"], c["Owned"])
    assert names(recommended_for(customer.id, limit=2)) == ["Twin", "Cousin"]


def test_a_new_customer_gets_best_sellers_then_the_newest(customer, make_user, catalogue, bought):
    c = catalogue
    c["Inactive"].is_active = True  # a best seller until it went off sale
    db.session.commit()
    bought(c["Inactive"], c["Old"], user=make_user())
    bought(c["Inactive"], c["Old"], c["Cousin"], user=make_user())
    c["Inactive"].is_active = False
    db.session.commit()
    picks = names(recommended_for(customer.id, limit=4))
    assert picks[:2] == ["Old", "Cousin"]
    assert set(picks[2:]) <= {"Bought", "Twin", "Owned", "Viewed", "Viewed twin"}
    assert not {"Inactive", "Sold out"} & set(picks)


def test_old_sales_do_not_make_a_best_seller(customer, make_user, catalogue, bought):
    order = bought(catalogue["Old"], user=make_user())
    order.created_at = utcnow() - timedelta(days=45)
    db.session.commit()
    assert "Old" not in names(recommended_for(customer.id, limit=3))


def test_the_fallback_fills_up_after_the_look_alikes(customer, catalogue, bought):
    c = catalogue
    link(c["Bought"], c["Twin"])
    bought(c["Bought"])
    picks = names(recommended_for(customer.id, limit=3))
    assert picks[0] == "Twin"
    assert len(picks) == 3 and "Bought" not in picks


def test_each_view_upserts_one_row_for_a_customer(client, auth, customer, catalogue):
    auth.login(customer)
    for _ in range(3):
        client.get(f"/products/{catalogue['Viewed'].id}")
    (view,) = db.session.scalars(select(ProductView)).all()
    assert (view.user_id, view.product_id, view.view_count) == (customer.id, catalogue["Viewed"].id, 3)


@pytest.mark.parametrize("who", ["guest", "admin"])
def test_guests_and_admins_views_are_not_recorded(client, auth, make_user, catalogue, who):
    if who == "admin":
        auth.login(make_user(Role.ADMIN))
    client.get(f"/products/{catalogue['Viewed'].id}")
    assert db.session.scalars(select(ProductView)).all() == []


def test_the_dashboard_shows_recent_orders_unread_notifications_and_recommendations(
    client, auth, customer, catalogue, bought
):
    c = catalogue
    link(c["Bought"], c["Twin"])
    order = bought(c["Bought"])
    read = Notification(user_id=customer.id, message="An old, read note", read_at=utcnow())
    db.session.add(read)
    db.session.commit()
    auth.login(customer)
    page = client.get("/account/").text
    recent = page.split('id="recent-orders"')[1].split("</div>")[0]
    unread = page.split('id="unread-notifications"')[1].split("</div>")[0]
    recommended = page.split('id="recommended"')[1]
    assert f"Order #{order.id}" in recent and "Delivered" in recent
    assert f"Your order #{order.id} has been delivered." in unread
    assert "An old, read note" not in unread
    assert "Twin" in recommended and ">Bought<" not in recommended
