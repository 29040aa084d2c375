"""Admins moderate reviews (hide, publish, reply) and answer feedback; nobody else can."""
import pytest
from sqlalchemy import select

from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import Feedback, Notification, OutboxMail, Review


@pytest.fixture
def review(make_user, make_product, bought):
    product = make_product(name="Denim Jacket")
    author = make_user(name="Rita Reviewer")
    bought(product, user=author)
    item = Review(product_id=product.id, user_id=author.id, rating=5, body="Great jacket <i>really</i>.")
    db.session.add(item)
    db.session.commit()
    return item


@pytest.fixture
def message(customer):
    item = Feedback(user_id=customer.id, email=customer.email, subject="Sizes <b>run</b> small",
                    message="Could you add a size guide?")
    db.session.add(item)
    db.session.commit()
    return item


def post(client, url, **data):
    return client.post(url, data={"csrf_token": session_csrf_token(client), **data})


@pytest.fixture
def product_page(app, review):
    """The reviewed product's page as a guest sees it."""
    guest = app.test_client()
    return lambda: guest.get(f"/products/{review.product_id}").text


def test_an_admin_hides_a_review_and_publishes_it_again(client, auth, admin, review, product_page):
    auth.login(admin)
    post(client, f"/admin/reviews/{review.id}/hide")
    assert "Great jacket" not in product_page()
    post(client, f"/admin/reviews/{review.id}/publish")
    assert "Great jacket" in product_page()


def test_an_admins_reply_shows_under_the_review_and_can_be_removed(client, auth, admin, review, product_page):
    auth.login(admin)
    post(client, f"/admin/reviews/{review.id}/reply", reply="Thank you, Rita! <script>x</script>")
    page = product_page()
    assert "replied:" in page
    assert "Thank you, Rita! &lt;script&gt;x&lt;/script&gt;" in page
    post(client, f"/admin/reviews/{review.id}/reply", reply="  ")
    assert "replied:" not in product_page()


def test_the_admin_list_shows_reviews_escaped_and_filters_hidden_ones(client, auth, admin, review):
    auth.login(admin)
    page = client.get("/admin/reviews").text
    assert "Great jacket &lt;i&gt;really&lt;/i&gt;." in page
    assert "Rita Reviewer" in page
    assert "Great jacket" not in client.get("/admin/reviews?show=hidden").text
    post(client, f"/admin/reviews/{review.id}/hide")
    assert "Great jacket" in client.get("/admin/reviews?show=hidden").text


def test_an_unknown_moderation_action_or_review_is_a_404(client, auth, admin, review):
    auth.login(admin)
    assert post(client, f"/admin/reviews/{review.id}/delete").status_code == 404
    assert post(client, "/admin/reviews/999999/hide").status_code == 404


@pytest.mark.parametrize("url", ["/admin/reviews/{id}/hide", "/admin/reviews/{id}/reply"])
def test_customers_cannot_moderate_reviews(client, auth, customer, review, url):
    auth.login(customer)
    response = post(client, url.format(id=review.id), reply="Fake shop reply")
    assert response.status_code == 403
    db.session.expire_all()
    assert (review.is_published, review.reply) == (True, None)


def test_guests_are_sent_to_log_in_from_moderation(client, review):
    response = post(client, f"/admin/reviews/{review.id}/hide")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_an_admin_answers_feedback_by_mail_and_in_the_customers_notifications(client, auth, admin, customer, message):
    auth.login(admin)
    post(client, f"/admin/feedback/{message.id}/reply", reply="A size guide is coming next week.")
    mail = db.session.scalar(select(OutboxMail))
    assert mail.to_address == customer.email
    assert "A size guide is coming next week." in mail.body
    note = db.session.scalar(select(Notification).where(Notification.user_id == customer.id))
    assert "We answered your message" in note.message
    assert "A size guide is coming next week." in client.get("/admin/feedback").text


def test_an_empty_answer_is_refused(client, auth, admin, message):
    auth.login(admin)
    post(client, f"/admin/feedback/{message.id}/reply", reply="   ")
    assert "Write a reply" in client.get("/admin/feedback").text
    assert db.session.scalar(select(OutboxMail)) is None


def test_feedback_is_listed_escaped_and_can_be_filed_away(client, auth, admin, message):
    auth.login(admin)
    page = client.get("/admin/feedback").text
    assert "Sizes &lt;b&gt;run&lt;/b&gt; small" in page
    post(client, f"/admin/feedback/{message.id}/file")
    assert "Sizes" not in client.get("/admin/feedback").text
    assert "Sizes" in client.get("/admin/feedback?show=filed").text


def test_customers_cannot_read_or_answer_feedback(client, auth, customer, message):
    auth.login(customer)
    assert client.get("/admin/feedback").status_code == 403
    assert post(client, f"/admin/feedback/{message.id}/reply", reply="Hi").status_code == 403
    assert db.session.scalar(select(OutboxMail)) is None
