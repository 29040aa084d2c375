"""Atomic file writes: the whole new content or the old file, never half a file, no temporary left."""

from __future__ import annotations

import os

import pytest

from recommender import files
from recommender.files import write_atomically, write_bytes_atomically


def test_the_file_holds_the_bytes_written(tmp_path):
    write_bytes_atomically(tmp_path / "info.json", b'{"products": 3}')
    assert (tmp_path / "info.json").read_bytes() == b'{"products": 3}'


def test_an_existing_file_is_replaced(tmp_path):
    (tmp_path / "info.json").write_bytes(b"old")
    write_bytes_atomically(tmp_path / "info.json", b"new")
    assert (tmp_path / "info.json").read_bytes() == b"new"


def test_a_missing_folder_is_made(tmp_path):
    write_bytes_atomically(tmp_path / "outbox" / "mail.eml", b"Subject: hi")
    assert (tmp_path / "outbox" / "mail.eml").read_bytes() == b"Subject: hi"


def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    (tmp_path / "features.npz").write_bytes(b"old")

    def write_half_then_fail(temp):
        temp.write_bytes(b"ne")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(tmp_path / "features.npz", write_half_then_fail)
    assert [path.name for path in tmp_path.iterdir()] == ["features.npz"]
    assert (tmp_path / "features.npz").read_bytes() == b"old"


def test_the_content_reaches_the_disk_before_the_rename(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(files.os, "fsync", lambda fd: events.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(files.os, "replace", lambda *paths: events.append("replace") or real_replace(*paths))
    write_bytes_atomically(tmp_path / "photo.jpg", b"\xff\xd8")
    assert events[:2] == ["fsync", "replace"]
