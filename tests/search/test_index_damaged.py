"""Fault: the look-alike index on disk is damaged (a truncated file, changed bytes, a lost file).

What the visitor sees: photo search answers 503 "being prepared" and the log says which file is wrong;
product pages keep their similar products (stored in the database); a worker that had loaded the index
before the damage keeps searching from its checked copy in memory instead of dying. Nothing committed
is lost: the catalogue and its look-alike lists are untouched, a product change is still saved, and
`flask recommender index` publishes a new version that photo search takes up again.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.support.search import card_ids, drawing, encoded, search_with_photo
from webapp.extensions import db
from webapp.models import Product, ProductNeighbour
from webapp.services.catalog import admin as catalog_admin
from webapp.services.visual_search.paths import current_version_dir, recommender_dir
from webapp.services.visual_search.search_index import SEARCH_INDEX_KEY

BEING_PREPARED = "Photo search is being prepared: its index could not be read"


def red_tshirt_photo() -> bytes:
    return encoded(drawing((205, 35, 35), "Tshirts"))


def only(folder: Path, pattern: str) -> Path:
    (path,) = folder.glob(pattern)
    return path


def truncate_the_vectors(folder: Path) -> None:
    vectors = only(folder, "index/vectors-*.npy")
    vectors.write_bytes(vectors.read_bytes()[: vectors.stat().st_size // 2])


def change_bytes_of_the_ids(folder: Path) -> None:
    ids = only(folder, "index/ids-*.npy")
    data = bytearray(ids.read_bytes())
    data[-8:] = b"\xff" * 8
    ids.write_bytes(bytes(data))


def garble_the_index_manifest(folder: Path) -> None:
    (folder / "index" / "index.json").write_text('{"format": 1, "kind": "exa')


def damage_the_classifier(folder: Path) -> None:
    (folder / "classifier.joblib").write_bytes(b"\x80\x04not a pickle")


def lose_the_info(folder: Path) -> None:
    (folder / "info.json").unlink()


def lose_the_whole_version(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    folder.rmdir()


def point_at_nothing(_folder: Path) -> None:
    (recommender_dir() / "current").write_text("../../elsewhere")


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "vectors truncated": (truncate_the_vectors, "its manifest says"),
    "ids changed": (change_bytes_of_the_ids, "does not match its manifest's checksum"),
    "index.json garbled": (garble_the_index_manifest, "index.json has"),
    "classifier damaged": (damage_the_classifier, "classifier.joblib has"),
    "info.json lost": (lose_the_info, "info.json is missing"),
    "version folder lost": (lose_the_whole_version, "manifest.json is missing"),
    "pointer to nowhere": (point_at_nothing, "names no version"),
}


@pytest.mark.parametrize(("damage", "logged"), DAMAGE.values(), ids=DAMAGE.keys())
def test_photo_search_on_a_damaged_index_says_it_is_being_prepared_and_logs_why(
    photo_client, indexed_catalogue, caplog, damage, logged
):
    damage(current_version_dir())
    with caplog.at_level(logging.ERROR):
        response = search_with_photo(photo_client, red_tshirt_photo())
    assert response.status_code == 503
    assert BEING_PREPARED in response.text
    assert "Photo search is off" in caplog.text and logged in caplog.text


def test_a_damaged_index_is_logged_once_per_process_not_on_every_search(photo_client, indexed_catalogue, caplog):
    truncate_the_vectors(current_version_dir())
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            assert search_with_photo(photo_client, red_tshirt_photo()).status_code == 503
    assert caplog.text.count("Photo search is off") == 1


def test_a_worker_that_loaded_the_index_keeps_searching_when_its_files_are_truncated(photo_client, indexed_catalogue):
    before = card_ids(search_with_photo(photo_client, red_tshirt_photo()).text, "photo-results")
    for path in current_version_dir().rglob("*.npy"):
        path.write_bytes(b"")  # with the index memory-mapped, the next search was a SIGBUS
    response = search_with_photo(photo_client, red_tshirt_photo())
    assert response.status_code == 200
    assert card_ids(response.text, "photo-results") == before


def test_product_pages_keep_their_similar_products_and_nothing_committed_is_lost(
    client, photo_client, indexed_catalogue
):
    lists_before = db.session.scalar(select(func.count()).select_from(ProductNeighbour))
    truncate_the_vectors(current_version_dir())
    assert search_with_photo(photo_client, red_tshirt_photo()).status_code == 503
    assert len(card_ids(client.get(f"/products/{indexed_catalogue[0].id}").text, "similar-products")) == 5
    assert db.session.scalar(select(func.count()).select_from(Product)) == 24
    assert db.session.scalar(select(func.count()).select_from(ProductNeighbour)) == lists_before


def test_a_product_change_on_a_damaged_index_is_saved_and_the_update_says_to_rebuild(
    photo_client, indexed_catalogue, caplog
):
    truncate_the_vectors(current_version_dir())
    with caplog.at_level(logging.WARNING):
        catalog_admin.set_active(indexed_catalogue[3], False)
    db.session.expire_all()
    assert db.session.get(Product, indexed_catalogue[3].id).is_active is False
    assert "run `flask recommender index` to build it again" in caplog.text


def test_rebuilding_publishes_a_new_version_that_photo_search_takes_up(app, runner, photo_client, indexed_catalogue):
    damaged = current_version_dir()
    truncate_the_vectors(damaged)
    assert search_with_photo(photo_client, red_tshirt_photo()).status_code == 503
    assert runner.invoke(args=["recommender", "index"]).exit_code == 0
    assert current_version_dir() != damaged
    response = search_with_photo(photo_client, red_tshirt_photo())
    assert response.status_code == 200
    assert len(card_ids(response.text, "photo-results")) == 5
    assert app.extensions[SEARCH_INDEX_KEY].name == current_version_dir().name
