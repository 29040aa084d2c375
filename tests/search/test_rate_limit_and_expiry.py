"""Uploads are rate limited per client, and customers' photos are removed after UPLOAD_TTL_SECONDS by a job."""
from __future__ import annotations

import os
import time

from tests.support.search import drawing, encoded, search_with_photo, stored_uploads
from webapp.services import jobs
from webapp.services.visual_search.uploads import purge_expired_uploads, upload_dir

PHOTO = encoded(drawing((205, 35, 35)))


def test_uploads_past_the_limit_get_429_with_a_clear_message(
    photo_client, indexed_catalogue, app, monkeypatch, rate_limits
):
    monkeypatch.setitem(app.config, "PHOTO_SEARCH_RATE_LIMIT", "3/minute")
    for _ in range(3):
        assert search_with_photo(photo_client, PHOTO).status_code == 200
    refused = search_with_photo(photo_client, PHOTO)
    assert refused.status_code == 429
    assert "Too many photo searches from your connection. Please try again in" in refused.text
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert len(stored_uploads()) == 3
    photo_client.environ_base["REMOTE_ADDR"] = "198.51.100.7"  # another client address has its own budget
    assert search_with_photo(photo_client, PHOTO).status_code == 200


def age(name: str, seconds: float) -> None:
    path = upload_dir() / name
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_photos_older_than_the_ttl_are_purged_and_newer_ones_kept(photo_client, indexed_catalogue, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_TTL_SECONDS", 2)
    search_with_photo(photo_client, PHOTO)
    search_with_photo(photo_client, PHOTO)
    old, new = stored_uploads()
    age(old, 5)
    assert purge_expired_uploads() == 1
    assert stored_uploads() == [new]
    assert photo_client.get(f"/search/photo/uploads/{old}").status_code == 404


def test_an_upload_leaves_expired_photos_to_the_purge_job(photo_client, indexed_catalogue, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_TTL_SECONDS", 2)
    search_with_photo(photo_client, PHOTO)
    [old] = stored_uploads()
    age(old, 5)
    search_with_photo(photo_client, PHOTO).close()  # the response sent, and its jobs run
    assert old in stored_uploads() and len(stored_uploads()) == 2
    jobs.enqueue("purge_uploads")
    assert old not in stored_uploads() and len(stored_uploads()) == 1


def test_the_purge_command_reports_what_it_removed(photo_client, indexed_catalogue, app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_TTL_SECONDS", 1)
    search_with_photo(photo_client, PHOTO)
    [name] = stored_uploads()
    age(name, 10)
    result = runner.invoke(args=["recommender", "purge-uploads"])
    assert result.exit_code == 0
    assert "Removed 1 uploaded photos older than 1 seconds." in result.output
    assert stored_uploads() == []
