"""Files published as a whole: each version is written to a new folder, never changed, and switched to at once.

::

    root/versions/<stamp>/...           the files of one version, written once
    root/versions/<stamp>/manifest.json every file's size and SHA-256, written after them
    root/current                        the name of the version readers use, replaced with os.replace

A reader follows ``current`` and checks the version against its manifest before trusting a byte of
it (``verify_version``), so a truncated, damaged or half-copied file is refused rather than read. A
writer never touches a published version: ``publish_version`` fills a fresh folder, records it, then
points ``current`` at it, and removes all but the newest few versions. Stamps sort by time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .files import write_bytes_atomically

VERSIONS_DIR = "versions"
POINTER_FILE = "current"
MANIFEST_FILE = "manifest.json"
MANIFEST_FORMAT = 1
KEEP_VERSIONS = 2


class VersionDamaged(ValueError):
    """A version (or the pointer to it) does not match what was published; the message says where."""


def publish_version(root: str | os.PathLike, write: Callable[[Path], None], keep: int = KEEP_VERSIONS) -> Path:
    """Call ``write(folder)`` on a new version folder, record its files, make it current; returns the folder.

    Should ``write`` fail, the folder is removed and ``current`` still names the previous version.
    The newest ``keep`` versions stay (the current one always does); older ones are removed.
    """
    root = Path(root)
    folder = root / VERSIONS_DIR / _new_stamp()
    folder.mkdir(parents=True)
    try:
        write(folder)
        manifest = {"format": MANIFEST_FORMAT, "files": _describe_files(folder)}
        write_bytes_atomically(folder / MANIFEST_FILE, json.dumps(manifest, indent=2).encode())
        write_bytes_atomically(root / POINTER_FILE, folder.name.encode())
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    prune_versions(root, keep)
    return folder


def current_version(root: str | os.PathLike) -> Path | None:
    """The folder ``current`` names, or None before anything was published."""
    root = Path(root)
    try:
        name = (root / POINTER_FILE).read_text().strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise VersionDamaged(f"{root / POINTER_FILE} cannot be read: {exc}") from exc
    if not name or name != Path(name).name or name.startswith("."):
        raise VersionDamaged(f"{root / POINTER_FILE} names no version ({name[:40]!r})")
    return root / VERSIONS_DIR / name


def verify_version(folder: str | os.PathLike) -> None:
    """Check every file of the version against its manifest (size, then SHA-256); VersionDamaged if one differs."""
    folder = Path(folder)
    recorded = _read_manifest(folder)
    for name, expected in recorded.items():
        path = folder / name
        try:
            size = path.stat().st_size
        except FileNotFoundError as exc:
            raise VersionDamaged(f"{path} is missing") from exc
        if size != expected["size"]:
            raise VersionDamaged(f"{path} has {size} bytes, its manifest says {expected['size']}")
        if _sha256(path) != expected["sha256"]:
            raise VersionDamaged(f"{path} does not match its manifest's checksum")


def prune_versions(root: str | os.PathLike, keep: int = KEEP_VERSIONS) -> list[str]:
    """Remove all but the newest ``keep`` versions (never the current one); returns the names removed."""
    folder = Path(root) / VERSIONS_DIR
    current = current_version(root)
    names = sorted((path.name for path in folder.iterdir() if path.is_dir()), reverse=True)
    removed = [name for name in names[keep:] if current is None or name != current.name]
    for name in removed:
        shutil.rmtree(folder / name, ignore_errors=True)
    return removed


def _new_stamp() -> str:
    # Time first, so names sort as versions were made; the random tail keeps two in one microsecond apart.
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:6]}"


def _describe_files(folder: Path) -> dict[str, dict[str, object]]:
    return {
        path.relative_to(folder).as_posix(): {"size": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _read_manifest(folder: Path) -> dict[str, dict]:
    path = folder / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise VersionDamaged(f"{path} is missing") from exc
    except (OSError, ValueError) as exc:
        raise VersionDamaged(f"{path} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise VersionDamaged(f"{path} is not a manifest this library wrote")
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(entry, dict) and {"size", "sha256"} <= entry.keys() for entry in files.values()
    ):
        raise VersionDamaged(f"{path} does not list its files")
    return files


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
