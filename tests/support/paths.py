"""Where the suite finds the repository, the shared test data and fast scratch space."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Scratch shops (SQLite file, media, index files) live in memory where the machine has room for them:
# the suite commits thousands of times, and on a disk each SQLite commit waits for fsync.
MEMORY_DIR = Path("/dev/shm")  # noqa: S108 - private folders made by mkdtemp inside it
MEMORY_NEEDED_BYTES = 512 * 1024 * 1024


def shared_data_dir() -> Path:
    """The folder with fashion-sample/ and clothing-photos/ (SHOP_SHARED_DATA, default ../shared/data)."""
    return Path(os.environ.get("SHOP_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def scratch_dir(prefix: str, fallback: Path) -> Path:
    """A new empty folder in memory (/dev/shm) when there is room, else `fallback` (created); the caller removes it."""
    roomy = MEMORY_DIR.is_dir() and os.access(MEMORY_DIR, os.W_OK)
    if roomy and shutil.disk_usage(MEMORY_DIR).free >= MEMORY_NEEDED_BYTES:
        return Path(tempfile.mkdtemp(prefix=f"lookalike-{prefix}-", dir=MEMORY_DIR))
    fallback.mkdir(parents=True, exist_ok=True)
    return fallback
