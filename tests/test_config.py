"""Settings come from the environment; production never runs on a default secret."""
import importlib

import pytest

import config


@pytest.fixture
def fresh_config(monkeypatch, tmp_path):
    """Reload config.py under a controlled environment."""

    def load(**env: str):
        for name in ("SECRET_KEY", "DATABASE_URL", "SHOP_CONFIG"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("INSTANCE_DIR", str(tmp_path))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(config)

    yield load
    monkeypatch.undo()
    importlib.reload(config)


def test_production_refuses_to_start_without_secret_key(fresh_config):
    from webapp import create_app

    module = fresh_config(SHOP_CONFIG="production")
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app(module.ProductionConfig)


def test_production_uses_the_secret_key_from_the_environment(fresh_config):
    module = fresh_config(SHOP_CONFIG="production", SECRET_KEY="from-the-environment")
    module.ProductionConfig.ensure_secret_key()
    assert module.ProductionConfig.SECRET_KEY == "from-the-environment"


def test_development_without_secret_key_makes_a_random_one_in_instance(fresh_config, tmp_path):
    module = fresh_config()
    module.DevelopmentConfig.ensure_secret_key()
    key = module.DevelopmentConfig.SECRET_KEY
    assert len(key) == 64
    assert (tmp_path / "secret_key").read_text() == key
    other = fresh_config()
    other.DevelopmentConfig.ensure_secret_key()
    assert key == other.DevelopmentConfig.SECRET_KEY


def test_database_defaults_to_sqlite_under_instance(fresh_config, tmp_path):
    assert f"sqlite:///{tmp_path / 'shop.db'}" == fresh_config().Config.SQLALCHEMY_DATABASE_URI


def test_database_url_selects_postgresql_through_psycopg(fresh_config):
    module = fresh_config(DATABASE_URL="postgres://shop@db:5432/shop")
    assert module.Config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://shop@db:5432/shop"


def test_an_unknown_config_name_is_refused(fresh_config):
    module = fresh_config(SHOP_CONFIG="staging")
    with pytest.raises(RuntimeError, match="SHOP_CONFIG must be one of"):
        module.config_from_env()


def test_behind_a_trusted_proxy_the_client_address_comes_from_x_forwarded_for():
    from flask import request

    from config import TestingConfig
    from webapp import create_app

    app = create_app(TestingConfig, {"TRUST_PROXY_HOPS": 1})
    seen = []
    app.before_request(lambda: seen.append(request.remote_addr))
    app.test_client().get("/auth/login", headers={"X-Forwarded-For": "203.0.113.7"})
    assert seen == ["203.0.113.7"]


def test_without_trusted_proxies_x_forwarded_for_is_ignored():
    from flask import request

    from config import TestingConfig
    from webapp import create_app

    app = create_app(TestingConfig)
    seen = []
    app.before_request(lambda: seen.append(request.remote_addr))
    app.test_client().get("/auth/login", headers={"X-Forwarded-For": "203.0.113.7"})
    assert seen == ["127.0.0.1"]
