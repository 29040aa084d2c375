"""Probes: /livez never needs the database, /readyz (and its old name /healthz) reports it."""
import pytest

from config import TestingConfig
from webapp import create_app


@pytest.fixture
def app_without_database(tmp_path):
    """An app whose database file lies in a folder that does not exist, so every connection fails."""
    return create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'missing' / 'shop.db'}"})


@pytest.mark.parametrize("path", ["/readyz", "/healthz"])
def test_readiness_reports_a_reachable_database(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize("path", ["/readyz", "/healthz"])
def test_readiness_is_503_when_the_database_is_unreachable(app_without_database, path):
    response = app_without_database.test_client().get(path)
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}


def test_liveness_does_not_depend_on_the_database(app_without_database):
    # A database blip must not make the kubelet restart every pod.
    response = app_without_database.test_client().get("/livez")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_a_page_says_plainly_that_the_database_cannot_be_reached(app_without_database):
    response = app_without_database.test_client().get("/products")
    assert response.status_code == 503
    assert "The shop cannot reach its database right now" in response.text
