"""Registration, login, logout, landing pages and password storage."""
import pytest

from config import DevelopmentConfig, ProductionConfig, TestingConfig
from tests.support.web import PASSWORD, post_form
from webapp.models import Role, User
from webapp.services.accounts.users import PASSWORD_MIN_LENGTH, authenticate, create_user, find_user_by_email

GOOD = {"name": "New Customer", "email": "new@shop.example.com", "password": PASSWORD, "confirm": PASSWORD}


def register(client, follow_redirects=False, **changes):
    return post_form(client, "/auth/register", {**GOOD, **changes}, follow_redirects=follow_redirects)


def test_registering_creates_a_customer_and_lands_on_the_customer_dashboard(client):
    response = register(client, follow_redirects=True)
    assert response.request.path == "/account/"
    assert "Hello, New Customer" in response.text
    assert find_user_by_email("new@shop.example.com").role == Role.CUSTOMER.value


def test_registering_a_taken_email_says_so(client, customer):
    response = register(client, email="CORA@shop.example.com")
    assert response.status_code == 400
    assert "already exists" in response.text


@pytest.mark.parametrize("email", ["not-an-email", "a@", "@b.com", "a b@c.com"])
def test_registering_a_malformed_email_says_so(client, email):
    response = register(client, email=email)
    assert response.status_code == 400
    assert "valid email address" in response.text
    assert find_user_by_email(email) is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", "at least 10 characters"),
        ("onlyletterslong", "Mix letters with digits or symbols"),
        ("12345678901", "Mix letters"),
        ("password123", "too common"),
        ("newbie-rules-1", "email address"),
        ("aaaaaaaaa1", "This password is easy to guess. Repeats like"),
        ("qwertyuiop1", "This password is easy to guess. This is similar to a commonly used password."),
        ("Summer2024!", "This password is easy to guess."),
        ("correcthorse1", "Add another word or two."),
    ],
)
def test_registering_a_weak_password_says_why(client, password, message):
    response = register(client, email="newbie@shop.example.com", password=password, confirm=password)
    assert response.status_code == 400
    assert message in response.text
    assert find_user_by_email("newbie@shop.example.com") is None


def test_a_long_password_is_accepted_past_what_the_strength_estimate_reads(client):
    long_password = "correct-horse-42 " * 10  # 170 characters; zxcvbn reads at most 72
    response = register(client, password=long_password, confirm=long_password)
    assert response.status_code == 302
    assert find_user_by_email("new@shop.example.com") is not None


def test_registering_with_mismatched_passwords_says_so(client):
    response = register(client, confirm="something-else-9")
    assert response.status_code == 400
    assert "do not match" in response.text


def test_passwords_are_stored_hashed_with_scrypt(app, auth, monkeypatch):
    # The suite's users get TestingConfig's quick hash; this one is made the way the shop makes them.
    assert DevelopmentConfig.PASSWORD_HASH_METHOD == ProductionConfig.PASSWORD_HASH_METHOD == "scrypt"
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", ProductionConfig.PASSWORD_HASH_METHOD)
    user = create_user("real@shop.example.com", "Real Hash", PASSWORD)
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash
    response = auth.login(user, follow_redirects=True)
    assert response.request.path == "/account/"
    assert authenticate(user.email, "wrong-password-1") is None


def test_the_suites_quick_hash_is_still_a_salted_hash(make_user):
    first, second = make_user(), make_user()
    assert first.password_hash.startswith(TestingConfig.PASSWORD_HASH_METHOD + "$")
    assert PASSWORD not in first.password_hash
    assert first.password_hash != second.password_hash


def test_customer_lands_on_the_customer_dashboard_after_login(auth, customer):
    response = auth.login(customer, follow_redirects=True)
    assert response.request.path == "/account/"
    assert "Cora Buyer" in response.text
    assert "Profile &amp; password" in response.text


def test_admin_lands_on_the_admin_dashboard_after_login(auth, admin):
    response = auth.login(admin, follow_redirects=True)
    assert response.request.path == "/admin/"
    assert "Welcome, Ada Boss" in response.text
    assert "Catalogue" in response.text


def test_a_wrong_password_is_refused_without_saying_which_part_is_wrong(auth, customer):
    response = auth.login(customer, password="wrong-password-1")
    assert response.status_code == 400
    assert "Email or password is not right" in response.text


def test_an_unknown_email_gets_the_same_answer(client):
    response = post_form(client, "/auth/login", {"email": "ghost@shop.example.com", "password": "whatever-123"})
    assert response.status_code == 400
    assert "Email or password is not right" in response.text


def test_login_follows_a_local_next_url(client, customer):
    response = post_form(
        client, "/auth/login?next=/products", {"email": customer.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/products"


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com", "javascript:alert(1)"])
def test_login_ignores_a_next_url_to_another_site(client, customer, target):
    response = post_form(client, f"/auth/login?next={target}", {"email": customer.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account/"


def test_a_form_without_csrf_token_is_refused(client, customer):
    response = client.post("/auth/login", data={"email": customer.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "form expired" in response.text


def test_logout_is_a_post_with_csrf(client, auth, customer):
    auth.login(customer)
    assert client.get("/auth/logout").status_code == 405
    page = client.get("/account/")
    response = post_form(client, "/account/", {}, action="/auth/logout", follow_redirects=True)
    assert "You are logged out" in response.text
    assert client.get("/account/").status_code == 302
    assert page.status_code == 200


def test_changing_the_password_needs_the_current_one(client, auth, customer, app):
    auth.login(customer)
    data = {"current": "not-my-password-1", "password": "brand-new-pass-7", "confirm": "brand-new-pass-7"}
    response = post_form(client, "/account/profile", data, action="/account/password")
    assert response.status_code == 400
    assert "current password is not right" in response.text
    data["current"] = PASSWORD
    response = post_form(client, "/account/profile", data, action="/account/password")
    assert response.status_code == 302
    assert app.extensions["sqlalchemy"].session.get(User, customer.id).check_password("brand-new-pass-7")


def test_a_nul_character_in_a_form_is_a_clear_400(client):
    response = register(client, name="Bad\x00Name")
    assert response.status_code == 400
    assert "character we cannot accept" in response.text
    assert find_user_by_email(GOOD["email"]) is None


def test_the_register_page_states_the_password_policys_minimum_length(client):
    assert f"At least {PASSWORD_MIN_LENGTH} characters" in client.get("/auth/register").text
