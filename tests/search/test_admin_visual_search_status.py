"""The admin dashboard says which image model is active, how to install the weights, and what the index holds."""
from __future__ import annotations

import logging

import pytest

from webapp.services.visual_search.paths import index_info


@pytest.fixture
def as_admin(client, auth, admin):
    auth.login(admin)
    return client


def panel(client) -> str:
    html = client.get("/admin/").text
    return html.split('id="visual-search-status"', 1)[1].split("</section>", 1)[0]


def test_missing_weights_show_the_fallback_and_how_to_install_them(as_admin, app, use_embedder, monkeypatch, caplog):
    use_embedder(None)  # forget the suite's embedder: the next use loads from the setting
    missing = "/nowhere/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5"
    monkeypatch.setitem(app.config, "RECOMMENDER_WEIGHTS", missing)
    with caplog.at_level(logging.WARNING):
        text = panel(as_admin)
        panel(as_admin)
    assert "colour-shape-v2" in text
    assert "could not be found or downloaded" in text
    assert "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5" in text and "~/.keras/models/" in text
    assert "RECOMMENDER_WEIGHTS=/path/to/" in text and "flask recommender index" in text
    warnings = [r for r in caplog.records if "ResNet50 weights unavailable" in r.getMessage()]
    assert len(warnings) == 1  # once per process, not per request


def test_a_chosen_fallback_is_named_without_an_alarm(as_admin):
    text = panel(as_admin)
    assert "colour-shape-v2" in text and "RECOMMENDER_WEIGHTS=fallback chooses this model" in text
    assert "could not be found" not in text


def test_without_an_index_the_dashboard_says_how_to_build_it(as_admin):
    assert "No index yet" in panel(as_admin)


def test_with_an_index_the_dashboard_says_what_it_holds(as_admin, indexed_catalogue):
    text = panel(as_admin)
    assert "Index: 24 products" in text and "with colour-shape-v2" in text
    assert index_info()["built_at"] in text


def test_an_untuned_index_says_why(as_admin, indexed_catalogue):
    assert "Untuned vectors: no head has been trained yet (`flask recommender train`)." in panel(as_admin)
