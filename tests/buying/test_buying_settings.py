"""Payment and mail settings come from the environment; nothing secret has a default."""
import importlib

import pytest

import config

BUYING_SETTINGS = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "MAIL_SERVER", "MAIL_PORT",
                   "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS", "MAIL_FROM", "MAIL_OUTBOX_DIR", "SHOP_URL")


@pytest.fixture
def settings_from(monkeypatch):
    def load(**env: str) -> type[config.Config]:
        for name in BUYING_SETTINGS:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(config).Config

    yield load
    monkeypatch.undo()
    importlib.reload(config)


def test_without_environment_there_are_no_keys_and_no_mail_server(settings_from):
    settings = settings_from()
    assert (settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET, settings.MAIL_SERVER) == (None, None, None)
    assert (settings.MAIL_USERNAME, settings.MAIL_PASSWORD, settings.MAIL_OUTBOX_DIR) == (None, None, None)
    assert settings.STRIPE_API_BASE == "https://api.stripe.com"
    assert (settings.MAIL_PORT, settings.MAIL_USE_TLS) == (587, False)


def test_every_buying_setting_is_read_from_the_environment(settings_from):
    settings = settings_from(
        STRIPE_SECRET_KEY="sk_test_1", STRIPE_WEBHOOK_SECRET="whsec_1", STRIPE_API_BASE="http://127.0.0.1:9",
        MAIL_SERVER="smtp.example.com", MAIL_PORT="2525", MAIL_USERNAME="shop", MAIL_PASSWORD="pw",
        MAIL_USE_TLS="true", MAIL_FROM="Shop <shop@example.com>", MAIL_OUTBOX_DIR="/srv/shop/outbox",
        SHOP_URL="https://shop.example.com",
    )
    assert (settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET) == ("sk_test_1", "whsec_1")
    assert settings.STRIPE_API_BASE == "http://127.0.0.1:9"
    assert (settings.MAIL_SERVER, settings.MAIL_PORT, settings.MAIL_USE_TLS) == ("smtp.example.com", 2525, True)
    assert (settings.MAIL_USERNAME, settings.MAIL_PASSWORD) == ("shop", "pw")
    assert (settings.MAIL_FROM, settings.MAIL_OUTBOX_DIR) == ("Shop <shop@example.com>", "/srv/shop/outbox")
    assert settings.SHOP_URL == "https://shop.example.com"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("on", True), ("false", False), ("0", False)]
)
def test_mail_use_tls_understands_the_usual_words(settings_from, raw, expected):
    assert settings_from(MAIL_USE_TLS=raw).MAIL_USE_TLS is expected
