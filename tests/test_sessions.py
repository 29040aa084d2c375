"""Sessions: short-lived, refreshed on activity, remembered for 30 days at most, and revocable.

Time is moved by rewriting the session's own timestamps (client.session_transaction()), never by sleeping.
"""
import time
from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update

from tests.support.web import PASSWORD, Auth, csrf_from, post_form
from webapp.auth.sessions import LOGIN_AT, SEEN_AT
from webapp.extensions import db
from webapp.models import LoginSession

NEW_PASSWORD = "brand-new-pass-7"
EXPIRED = "Your session expired, please log in again."


class Browser(FlaskClient):
    """A client whose every request runs in an app context of its own, as in production.

    The `app` fixture keeps one app context open for the whole test, and requests would share its `g`:
    the user flask-login loaded for one browser (and flask-wtf's token) would be taken by the next.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def new_browser(app):
    return lambda: Browser(app, app.response_class, use_cookies=True)


@pytest.fixture
def client(new_browser):
    return new_browser()


def copy_of(new_browser, client, *names: str):
    """A second browser holding copies of the first one's cookies (as a thief would)."""
    other = new_browser()
    for name in names:
        other.set_cookie(name, client.get_cookie(name).value)
    return other


def is_logged_in(client) -> bool:
    return client.get("/account/").status_code == 200


def log_in_remembered(auth, user):
    """Log in with “Keep me logged in” ticked."""
    return post_form(auth.client, "/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"})


def log_out(client):
    return post_form(client, "/account/", {}, action="/auth/logout")


def log_out_everywhere(client):
    return post_form(client, "/account/profile", {}, action="/auth/logout-everywhere")


def change_password(client):
    data = {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    return post_form(client, "/account/profile", data, action="/account/password")


def set_session_times(client, idle: timedelta, age: timedelta) -> None:
    now = int(time.time())
    with client.session_transaction() as session:
        session[SEEN_AT] = now - int(idle.total_seconds())
        session[LOGIN_AT] = now - int(age.total_seconds())


# Logout and revocation


def test_a_session_cookie_copied_before_logout_is_logged_out_after_it(new_browser, client, auth, customer):
    auth.login(customer)
    thief = copy_of(new_browser, client, "session")
    assert is_logged_in(thief)
    log_out(client)
    assert not is_logged_in(thief)


def test_logging_out_one_browser_leaves_the_users_other_browsers_logged_in(new_browser, client, auth, customer):
    auth.login(customer)
    phone = new_browser()
    Auth(phone).login(customer)
    log_out(client)
    assert is_logged_in(phone)


def test_a_password_change_logs_out_another_browser_but_keeps_this_one(new_browser, client, auth, customer):
    auth.login(customer)
    phone = new_browser()
    Auth(phone).login(customer)
    response = change_password(client)
    assert response.headers["Location"] == "/account/profile"
    assert is_logged_in(client)
    assert not is_logged_in(phone)


def test_a_copy_of_cookies_taken_before_a_password_change_is_logged_out(new_browser, client, auth, customer):
    log_in_remembered(auth, customer)
    thief = copy_of(new_browser, client, "session", "remember_token")
    change_password(client)
    assert not is_logged_in(thief)
    assert is_logged_in(client)


def test_a_password_change_keeps_this_browser_remembered(new_browser, client, auth, customer):
    log_in_remembered(auth, customer)
    change_password(client)
    restarted = copy_of(new_browser, client, "remember_token")  # the browser closed: only the remember cookie is left
    assert is_logged_in(restarted)


def test_log_out_everywhere_logs_out_every_browser_and_every_remember_cookie(new_browser, client, auth, customer):
    auth.login(customer)
    phone, laptop = new_browser(), new_browser()
    Auth(phone).login(customer)
    log_in_remembered(Auth(laptop), customer)
    remembered_laptop = copy_of(new_browser, laptop, "remember_token")
    response = log_out_everywhere(client)
    assert response.headers["Location"] == "/"
    assert [is_logged_in(browser) for browser in (client, phone, laptop, remembered_laptop)] == [False] * 4


def test_log_out_everywhere_says_so(client, auth, customer):
    auth.login(customer)
    page = post_form(client, "/account/profile", {}, action="/auth/logout-everywhere", follow_redirects=True)
    assert "You are logged out on every device, this one included." in page.text


def test_log_out_everywhere_sends_guests_to_login(client):
    response = post_form(client, "/auth/login", {}, action="/auth/logout-everywhere")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_log_out_everywhere_is_a_post_with_csrf(client, auth, customer):
    auth.login(customer)
    assert client.get("/auth/logout-everywhere").status_code == 405
    assert client.post("/auth/logout-everywhere").status_code == 400
    assert is_logged_in(client)


@pytest.mark.parametrize("role", ["customer", "admin"])
def test_the_profile_page_offers_log_out_everywhere(client, auth, role, request):
    auth.login(request.getfixturevalue(role))
    page = client.get("/account/profile").text
    assert 'action="/auth/logout-everywhere"' in page
    assert "Log out everywhere" in page


def test_the_admin_area_links_to_the_admins_profile_page(client, auth, admin):
    auth.login(admin)
    assert 'href="/account/profile"' in client.get("/admin/").text


def test_a_session_from_before_logins_were_kept_logs_nobody_in(client, customer):
    # Until now the session named the bare user id.
    with client.session_transaction() as session:
        session.update({"_user_id": str(customer.id), "_fresh": True, LOGIN_AT: int(time.time()),
                        SEEN_AT: int(time.time())})
    assert not is_logged_in(client)


# Logout forgets the whole session


def test_logout_forgets_everything_the_session_held(client, auth, customer):
    auth.login(customer)
    with client.session_transaction() as session:
        session["assistant"] = {"last_intent": "find a red dress"}
    log_out(client)
    with client.session_transaction() as session:
        assert set(session) == {"_flashes"}
        assert session["_flashes"] == [("info", "You are logged out.")]


def test_logout_deletes_the_remember_cookie(client, auth, customer):
    log_in_remembered(auth, customer)
    log_out(client)
    assert client.get_cookie("remember_token") is None


# CSRF token at login


def test_the_csrf_token_changes_at_login(client, auth, customer):
    client.get("/auth/login")
    with client.session_transaction() as session:
        before = session["csrf_token"]
    auth.login(customer)
    client.get("/account/profile")
    with client.session_transaction() as session:
        assert session["csrf_token"] != before


def test_a_form_token_from_before_login_is_refused_after_it(client, auth, customer):
    old_token = csrf_from(client.get("/auth/login").text)
    auth.login(customer)
    response = client.post("/account/profile", data={"csrf_token": old_token, "name": "Someone Else"})
    assert response.status_code == 400
    assert "form expired" in response.text


# Idle timeout and absolute lifetime


def test_a_session_idle_for_29_minutes_is_still_logged_in(client, auth, customer):
    auth.login(customer)
    set_session_times(client, idle=timedelta(minutes=29), age=timedelta(minutes=29))
    assert is_logged_in(client)


def test_a_session_idle_for_31_minutes_is_sent_to_login_keeping_the_page_asked_for(client, auth, customer):
    auth.login(customer)
    set_session_times(client, idle=timedelta(minutes=31), age=timedelta(minutes=31))
    response = client.get("/account/orders")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/account/orders"


def test_an_expired_session_says_so_on_the_login_page(client, auth, customer):
    auth.login(customer)
    set_session_times(client, idle=timedelta(minutes=31), age=timedelta(minutes=31))
    page = client.get("/account/orders", follow_redirects=True)
    assert page.request.path == "/auth/login"
    assert EXPIRED in page.text


def test_logging_in_after_expiry_returns_to_the_page_asked_for(client, auth, customer):
    auth.login(customer)
    set_session_times(client, idle=timedelta(minutes=31), age=timedelta(minutes=31))
    client.get("/account/orders")
    response = post_form(client, "/auth/login?next=/account/orders", {"email": customer.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account/orders"


def test_an_expired_session_forgets_everything_it_held(client, auth, customer):
    auth.login(customer)
    with client.session_transaction() as session:
        session["assistant"] = {"last_intent": "find a red dress"}
    set_session_times(client, idle=timedelta(minutes=31), age=timedelta(minutes=31))
    client.get("/")
    with client.session_transaction() as session:
        assert set(session) == {"_flashes"}


def test_a_request_counts_as_activity_and_restarts_the_idle_time(client, auth, customer):
    auth.login(customer)
    set_session_times(client, idle=timedelta(minutes=20), age=timedelta(minutes=20))
    assert is_logged_in(client)
    with client.session_transaction() as session:
        assert int(time.time()) - session[SEEN_AT] < 60


def test_a_session_busy_all_along_ends_12_hours_after_login(client, auth, customer):
    auth.login(customer)
    set_session_times(client, idle=timedelta(minutes=1), age=timedelta(hours=12, minutes=1))
    response = client.get("/account/")
    assert response.headers["Location"] == "/auth/login?next=/account/"


def test_a_session_busy_all_along_is_still_logged_in_after_11_hours(client, auth, customer):
    auth.login(customer)
    set_session_times(client, idle=timedelta(minutes=1), age=timedelta(hours=11, minutes=59))
    assert is_logged_in(client)


def test_a_copy_of_a_session_that_idled_out_stays_logged_out(new_browser, client, auth, customer):
    auth.login(customer)
    thief = copy_of(new_browser, client, "session")
    set_session_times(client, idle=timedelta(minutes=31), age=timedelta(minutes=31))
    client.get("/")
    assert not is_logged_in(thief)


def test_the_shop_stays_open_to_guests_whatever_their_session_holds(client):
    with client.session_transaction() as session:
        session["coupon"] = "SPRING10"
    assert client.get("/").status_code == 200


# Remember me


def test_the_remember_cookie_lasts_30_days_and_is_same_site_lax(client, auth, customer):
    log_in_remembered(auth, customer)
    cookie = client.get_cookie("remember_token")
    lasts = cookie.expires - datetime.now(UTC)
    assert timedelta(days=29, hours=23) < lasts <= timedelta(days=30)
    assert cookie.same_site == "Lax"
    assert cookie.http_only


def test_without_keep_me_logged_in_there_is_no_remember_cookie(client, auth, customer):
    auth.login(customer)
    assert client.get_cookie("remember_token") is None


def test_the_remember_cookie_logs_in_a_browser_that_lost_its_session(new_browser, client, auth, customer):
    log_in_remembered(auth, customer)
    restarted = copy_of(new_browser, client, "remember_token")
    assert is_logged_in(restarted)


def test_the_remember_cookie_is_replaced_when_used(new_browser, client, auth, customer):
    log_in_remembered(auth, customer)
    first = client.get_cookie("remember_token").value
    restarted = copy_of(new_browser, client, "remember_token")
    restarted.get("/account/")
    assert restarted.get_cookie("remember_token").value != first


def test_an_old_copy_of_a_remember_cookie_stops_working_once_it_was_used(new_browser, client, auth, customer):
    log_in_remembered(auth, customer)
    thief = copy_of(new_browser, client, "remember_token")
    restarted = copy_of(new_browser, client, "remember_token")
    assert is_logged_in(restarted)
    assert not is_logged_in(thief)


def test_the_replaced_remember_cookie_ends_when_the_first_one_would(new_browser, client, auth, customer):
    log_in_remembered(auth, customer)
    first_end = client.get_cookie("remember_token").expires
    restarted = copy_of(new_browser, client, "remember_token")
    restarted.get("/account/")
    assert abs(restarted.get_cookie("remember_token").expires - first_end) <= timedelta(seconds=1)


def test_a_remembered_login_survives_an_idle_session_without_a_word(client, auth, customer):
    log_in_remembered(auth, customer)
    set_session_times(client, idle=timedelta(minutes=31), age=timedelta(minutes=31))
    page = client.get("/account/")
    assert page.status_code == 200
    assert EXPIRED not in page.text


def test_a_remember_cookie_logs_nobody_in_once_its_30_days_are_over(new_browser, client, auth, customer):
    log_in_remembered(auth, customer)
    # The 30 days are kept with the login, not only in the cookie's own expiry: end them a minute ago.
    a_minute_ago = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=1)
    db.session.execute(update(LoginSession).values(expires_at=a_minute_ago))
    db.session.commit()
    restarted = copy_of(new_browser, client, "remember_token")
    response = restarted.get("/account/")
    assert response.headers["Location"] == "/auth/login?next=/account/"
    assert restarted.get_cookie("remember_token") is None
