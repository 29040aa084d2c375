"""Customers' photos for the photo search: check what they send, keep it briefly, then remove it.

A photo, uploaded or fetched from a URL, passes the shop's one picture check (catalog.pictures.verify_image)
before anything is written, with the limits of a query photo: it is decoded at most QUERY_PHOTO_SIDE pixels
a side (a JPEG straight from the file at a reduced scale), and what would decode to more than
QUERY_PHOTO_MEGAPIXELS is refused unread, whatever its file size. What is kept is the searched region
re-encoded as JPEG, which also drops EXIF (phone photos carry where they were taken), under a random
name in PHOTO_UPLOAD_DIR, outside static/. Files older than UPLOAD_TTL_SECONDS are removed by
purge_expired_uploads, the periodic `purge_uploads` job (`flask recommender purge-uploads`, a
CronJob), never inside an upload's request.
"""
from __future__ import annotations

import io
import re
import secrets
import time
from pathlib import Path

from flask import current_app
from PIL import Image

from recommender.files import write_bytes_atomically
from webapp.services.catalog.media import instance_folder
from webapp.services.catalog.pictures import (
    ImageRejected,
    PictureTooLarge,
    PixelLimits,
    max_picture_bytes,
    verify_image,
)
from webapp.services.visual_search.url_fetch import FetchLimits, FetchRefused, fetch_image_bytes

ALLOWED_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")
# The embedder sees 224 pixels and the kept copy 800: 1024 a side leaves room for a crop. 16 MP decoded is
# 64 MB as RGBA, where the 40 MP a 100 KB PNG may declare took a worker to 670 MB on its way through.
QUERY_PHOTO_SIDE = 1024
QUERY_PHOTO_MEGAPIXELS = 16
QUERY_PHOTO_LIMITS = PixelLimits(decoded=QUERY_PHOTO_MEGAPIXELS * 1_000_000, side=QUERY_PHOTO_SIDE)
STORED_SIDE = 800
JPEG_QUALITY = 85
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22}\.jpg$")


class UploadRejected(ValueError):
    """The photo cannot be searched; the message is fit to show the customer, `status` is the HTTP code."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def upload_dir() -> Path:
    return instance_folder("PHOTO_UPLOAD_DIR", "uploads")


def decode_query_photo(data: bytes) -> Image.Image:
    """The checked photo, decoded no larger than a search needs."""
    try:
        return verify_image(data, limits=QUERY_PHOTO_LIMITS).image
    except PictureTooLarge as exc:
        raise UploadRejected(str(exc), 413) from exc
    except ImageRejected as exc:
        raise UploadRejected(str(exc)) from exc


def _has_photo_extension(filename: str) -> bool:
    return filename.lower().endswith(ALLOWED_EXTENSIONS)


def query_photo_bytes(filename: str, data: bytes, url: str) -> bytes:
    """The bytes of an uploaded photo file or, without one, of the image at `url` (not decoded yet)."""
    if filename:
        if not _has_photo_extension(filename):
            raise UploadRejected("Upload a photo file: .jpg, .jpeg, .png, .webp or .gif.", 415)
        return data
    if url.strip():
        limits = FetchLimits(
            max_bytes=max_picture_bytes(),
            timeout=float(current_app.config["PHOTO_URL_TIMEOUT_SECONDS"]),
            allow_private=bool(current_app.config["PHOTO_URL_ALLOW_PRIVATE"]),
        )
        try:
            return fetch_image_bytes(url, limits)
        except FetchRefused as exc:
            raise UploadRejected(str(exc)) from exc
    raise UploadRejected("Choose a photo (or drop one on the page), or paste the URL of an image.")


def store_query_photo(image: Image.Image) -> str:
    """Keep the searched picture under a new random name; returns the name."""
    copy = image.convert("RGB")
    copy.thumbnail((STORED_SIDE, STORED_SIDE))
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    name = secrets.token_urlsafe(16) + ".jpg"
    write_bytes_atomically(upload_dir() / name, buffer.getvalue())
    return name


def kept_photo_bytes(name: str) -> bytes:
    """The bytes of a photo kept from an earlier search (to crop it again); UploadRejected once it is removed."""
    path = query_photo_path(name)
    try:
        if path is None:
            raise FileNotFoundError(name)
        return path.read_bytes()
    except OSError as exc:
        raise UploadRejected("That photo is not kept any more: please upload it again.", 410) from exc


def query_photo_path(name: str) -> Path | None:
    """The stored photo's path, or None for a name we could not have made or a photo already removed."""
    if not NAME_PATTERN.match(name):
        return None
    path = upload_dir() / name
    return path if path.is_file() else None


def purge_expired_uploads(now: float | None = None) -> int:
    """Remove stored photos (and stray temporary files) older than UPLOAD_TTL_SECONDS; returns how many."""
    folder = upload_dir()
    if not folder.is_dir():
        return 0
    oldest_kept = (time.time() if now is None else now) - int(current_app.config["UPLOAD_TTL_SECONDS"])
    removed = 0
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < oldest_kept:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # another worker removed it first
    return removed
