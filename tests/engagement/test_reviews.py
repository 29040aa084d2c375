"""Reviews: only for products the customer received, one each, 1-5 stars, escaped, on the product page."""
import pytest
from sqlalchemy import func, select

from tests.support.web import post_form
from webapp.extensions import db
from webapp.models import OrderStatus, Review, Role


def review_url(product) -> str:
    return f"/account/reviews/{product.id}"


def write(client, product, rating="5", body="Lovely fabric, fits well."):
    return post_form(client, "/account/", {"rating": rating, "body": body}, action=review_url(product))


def review_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Review))


@pytest.fixture
def received(client, auth, customer, make_product, bought):
    """A product delivered to the logged-in customer."""
    product = make_product(name="Linen Shirt")
    bought(product)
    auth.login(customer)
    return product


def test_a_customer_reviews_a_product_they_received_and_it_shows_on_the_product_page(client, received):
    response = write(client, received, "4", "Soft and cool in summer.")
    assert response.headers["Location"] == f"/products/{received.id}#reviews"
    page = client.get(f"/products/{received.id}").text
    assert "Soft and cool in summer." in page
    assert 'id="rating-average">4.0</span>' in page
    assert 'id="rating-count">1</span>' in page


@pytest.mark.parametrize(
    "status",
    [None, OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.SHIPPED],
    ids=["never ordered", "unpaid", "paid", "shipped"],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_product_not_yet_received_cannot_be_reviewed(client, auth, customer, make_product, bought, status, method):
    product = make_product()
    if status is not None:
        bought(product, status=status)
    auth.login(customer)
    response = client.get(review_url(product)) if method == "GET" else write(client, product)
    assert response.status_code == 403
    assert "once an order of yours holding it has been delivered" in response.text
    assert review_count() == 0


def test_someone_elses_delivery_does_not_count(client, auth, make_user, customer, make_product, bought):
    product = make_product()
    bought(product, user=make_user())
    auth.login(customer)
    assert write(client, product).status_code == 403


def test_admins_do_not_write_reviews(client, auth, admin, make_product):
    auth.login(admin)
    response = client.get(review_url(make_product()))
    assert response.status_code == 403
    assert "Reviews are written by customers" in response.text


def test_guests_are_sent_to_log_in(client, make_product):
    response = client.get(review_url(make_product()))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_an_unknown_product_is_a_404(client, auth, customer):
    auth.login(customer)
    assert client.get("/account/reviews/999999").status_code == 404


def test_writing_again_edits_the_one_review(client, received):
    write(client, received, "2", "Shrank in the wash.")
    write(client, received, "4", "Shrank a little, still nice.")
    assert review_count() == 1
    review = db.session.scalar(select(Review))
    assert (review.rating, review.body) == (4, "Shrank a little, still nice.")
    assert "Shrank a little" in client.get(review_url(received)).text  # the form offers the review to edit


@pytest.mark.parametrize(
    ("rating", "body", "message"),
    [
        ("", "Nice shirt.", "Choose a rating from 1 to 5 stars."),
        ("0", "Nice shirt.", "Choose a rating from 1 to 5 stars."),
        ("6", "Nice shirt.", "Choose a rating from 1 to 5 stars."),
        ("-1", "Nice shirt.", "Choose a rating from 1 to 5 stars."),
        ("abc", "Nice shirt.", "Choose a rating from 1 to 5 stars."),
        ("3.5", "Nice shirt.", "Choose a rating from 1 to 5 stars."),
        ("5", "", "Write a few words about the product."),
        ("5", "ok", "between 3 and 5000 characters"),
        ("5", "x" * 5001, "between 3 and 5000 characters"),
    ],
)
def test_a_bad_rating_or_text_is_refused_with_the_reason(client, received, rating, body, message):
    response = write(client, received, rating, body)
    assert response.status_code == 400
    assert message in response.text
    assert review_count() == 0


def test_a_review_with_a_script_shows_as_text(client, received):
    write(client, received, "1", "<script>alert('owned')</script> & <b>bold</b>")
    page = client.get(f"/products/{received.id}").text
    assert "<script>alert('owned')</script>" not in page
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_the_average_and_count_take_published_reviews_only(client, make_user, make_product, bought):
    product = make_product()
    for rating, published in ((5, True), (4, True), (1, False)):
        user = make_user()
        bought(product, user=user)
        db.session.add(Review(product_id=product.id, user_id=user.id, rating=rating, body=f"{rating} stars",
                              is_published=published))
    db.session.commit()
    page = client.get(f"/products/{product.id}").text
    assert 'id="rating-average">4.5</span>' in page
    assert 'id="rating-count">2</span>' in page
    assert "1 stars" not in page


def test_a_product_without_reviews_says_so(client, make_product):
    page = client.get(f"/products/{make_product().id}").text
    assert 'id="no-reviews"' in page
    assert 'id="rating-summary"' not in page


def test_my_reviews_lists_what_was_delivered(client, received, make_product, bought):
    bought(make_product(name="Unshipped Scarf"), status=OrderStatus.PAID)
    page = client.get("/account/reviews").text
    assert "Linen Shirt" in page
    assert "Unshipped Scarf" not in page
    write(client, received)
    assert "Edit" in client.get("/account/reviews").text


def test_reviewing_needs_a_csrf_token(client, received):
    response = client.post(review_url(received), data={"rating": "5", "body": "No token here."})
    assert response.status_code == 400
    assert review_count() == 0


def test_a_customer_sees_the_write_a_review_link_and_a_guest_the_login_link(client, auth, make_user, make_product):
    product = make_product()
    assert "Log in</a> to review" in client.get(f"/products/{product.id}").text
    auth.login(make_user(Role.CUSTOMER))
    assert f'href="/account/reviews/{product.id}"' in client.get(f"/products/{product.id}").text
