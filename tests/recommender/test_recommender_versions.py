"""Versions: written to a new folder, checked against their manifest, switched at once, old ones pruned."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from recommender.versions import VersionDamaged, current_version, prune_versions, publish_version, verify_version


def writing(**files: bytes):
    def write(folder: Path) -> None:
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)

    return write


def test_a_published_version_becomes_current_and_passes_its_check(tmp_path):
    folder = publish_version(tmp_path, writing(**{"a.bin": b"alpha", "index/b.npy": b"beta"}))
    assert current_version(tmp_path) == folder
    verify_version(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["files"]["a.bin"] == {
        "size": 5, "sha256": "8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8"}
    assert sorted(manifest["files"]) == ["a.bin", "index/b.npy"]


def test_before_anything_is_published_there_is_no_current_version(tmp_path):
    assert current_version(tmp_path) is None


def truncate(folder: Path) -> None:
    (folder / "a.bin").write_bytes(b"alp")


def flip_a_byte(folder: Path) -> None:
    (folder / "a.bin").write_bytes(b"alphA")


def delete(folder: Path) -> None:
    (folder / "a.bin").unlink()


def garble_the_manifest(folder: Path) -> None:
    (folder / "manifest.json").write_text("{not json")


def empty_the_manifest(folder: Path) -> None:
    (folder / "manifest.json").write_text(json.dumps({"format": 1, "files": {"a.bin": {}}}))


DAMAGE = {
    "a file truncated": (truncate, "has 3 bytes, its manifest says 5"),
    "a byte changed": (flip_a_byte, "does not match its manifest's checksum"),
    "a file deleted": (delete, "a.bin is missing"),
    "the manifest garbled": (garble_the_manifest, "manifest.json cannot be read"),
    "the manifest without sizes": (empty_the_manifest, "does not list its files"),
}


@pytest.mark.parametrize(("damage", "message"), DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_version_fails_its_check_and_says_where(tmp_path, damage, message):
    folder = publish_version(tmp_path, writing(**{"a.bin": b"alpha"}))
    damage(folder)
    with pytest.raises(VersionDamaged, match=message):
        verify_version(folder)


@pytest.mark.parametrize("pointer", [b"", b"../../etc", b".hidden", b"\xff\xfe"])
def test_a_pointer_that_names_no_version_is_damage(tmp_path, pointer):
    (tmp_path / "current").write_bytes(pointer)
    with pytest.raises(VersionDamaged):
        current_version(tmp_path)


def test_a_failed_write_leaves_the_previous_version_current_and_no_folder_behind(tmp_path):
    first = publish_version(tmp_path, writing(**{"a.bin": b"alpha"}))

    def write_half_then_fail(folder: Path) -> None:
        (folder / "a.bin").write_bytes(b"al")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        publish_version(tmp_path, write_half_then_fail)
    assert current_version(tmp_path) == first
    assert [path.name for path in (tmp_path / "versions").iterdir()] == [first.name]


def test_publishing_keeps_the_newest_two_versions(tmp_path):
    published = [publish_version(tmp_path, writing(**{"a.bin": bytes([n])})) for n in range(4)]
    assert sorted(path.name for path in (tmp_path / "versions").iterdir()) == [p.name for p in published[2:]]


def test_pruning_never_removes_the_current_version(tmp_path):
    oldest = publish_version(tmp_path, writing(**{"a.bin": b"1"}))
    newer = [publish_version(tmp_path, writing(**{"a.bin": bytes([n])}), keep=3) for n in range(2)]
    (tmp_path / "current").write_text(oldest.name)  # an operator rolled back by hand
    assert prune_versions(tmp_path, keep=1) == [newer[0].name]
    assert sorted(path.name for path in (tmp_path / "versions").iterdir()) == [oldest.name, newer[1].name]
