"""Settings come from the environment; production never runs on a default secret."""
import importlib

import pytest

import config

POOL_SETTINGS = ("DB_POOL_SIZE", "DB_MAX_OVERFLOW", "DB_POOL_TIMEOUT", "DB_POOL_RECYCLE", "DB_CONNECT_TIMEOUT")
PRODUCTION = {
    "SHOP_CONFIG": "production",
    "SECRET_KEY": "from-the-environment",
    "DATABASE_URL": "postgresql://shop@db.invalid:5432/shop",
    "SHOP_URL": "https://shop.example.com",
}

@pytest.fixture
def fresh_config(monkeypatch, tmp_path):
    """Reload config.py under a controlled environment."""

    def load(**env: str):
        for name in ("SECRET_KEY", "DATABASE_URL", "SHOP_CONFIG", "SHOP_URL", *POOL_SETTINGS):
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


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"DATABASE_URL": ""}, "DATABASE_URL must name the PostgreSQL database"),
        ({"DATABASE_URL": "sqlite:////var/lib/shop/shop.db"}, "DATABASE_URL must name the PostgreSQL database"),
        ({"SHOP_URL": ""}, "SHOP_URL must be the shop's public https:// address"),
        ({"SHOP_URL": "http://shop.example.com"}, "SHOP_URL must be the shop's public https:// address"),
    ],
)
def test_production_refuses_to_start_without_a_shared_database_and_its_public_address(fresh_config, missing, message):
    from webapp import create_app

    module = fresh_config(**{**PRODUCTION, **missing})
    with pytest.raises(RuntimeError, match=message):
        create_app(module.ProductionConfig)


def test_production_starts_with_postgresql_and_its_public_address(fresh_config):
    from webapp import create_app

    module = fresh_config(**PRODUCTION)
    app = create_app(module.ProductionConfig)
    assert app.config["SHOP_URL"] == "https://shop.example.com"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://shop@db.invalid:5432/shop"


def test_the_postgresql_pool_is_bounded_per_process_by_default(fresh_config):
    from webapp import create_app
    from webapp.extensions import db

    module = fresh_config(**PRODUCTION)
    with create_app(module.ProductionConfig).app_context():
        pool = db.engine.pool  # built without connecting: db.invalid is never reached
        assert (pool.size(), pool._max_overflow, pool._timeout, pool._recycle) == (4, 0, 10, 1800)
        assert pool._pre_ping


def test_the_pool_bounds_come_from_the_environment(fresh_config):
    module = fresh_config(
        **PRODUCTION, DB_POOL_SIZE="2", DB_MAX_OVERFLOW="1", DB_POOL_TIMEOUT="3", DB_POOL_RECYCLE="600",
        DB_CONNECT_TIMEOUT="2",
    )
    assert module.ProductionConfig.SQLALCHEMY_ENGINE_OPTIONS == {
        "pool_pre_ping": True,
        "pool_size": 2,
        "max_overflow": 1,
        "pool_timeout": 3,
        "pool_recycle": 600,
        "connect_args": {"connect_timeout": 2},
    }


def test_sqlite_gets_no_pool_bounds(fresh_config):
    # SQLite's in-memory pool refuses max_overflow; a file used by one process needs no bound.
    assert fresh_config().Config.SQLALCHEMY_ENGINE_OPTIONS == {"pool_pre_ping": True}


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
