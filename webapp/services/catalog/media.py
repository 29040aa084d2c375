"""Product pictures in media storage (instance/media by default, outside static/).

Files are content-addressed: the name carries a hash of the bytes, so a changed picture
gets a new URL and every URL can be cached for a year.
"""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from flask import current_app
from PIL import ImageOps

from recommender.files import write_bytes_atomically
from webapp.services.catalog.pictures import VerifiedImage

PRODUCTS_DIR = "products"
JPEG_QUALITY = 90
WEBP_QUALITY = 90
IMAGE_NAME_PATTERN = re.compile(r"^[a-z0-9-]{1,60}-[0-9a-f]{16}\.(jpg|png|webp|gif)$")


def instance_folder(setting: str, default_name: str) -> Path:
    """The folder a setting names, or by default one called `default_name` in the instance folder."""
    configured = current_app.config.get(setting)
    return Path(configured) if configured else Path(current_app.config["INSTANCE_DIR"]) / default_name


def media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"])


def product_images_dir() -> Path:
    return media_root() / PRODUCTS_DIR


def image_name_for(sku: str, data: bytes, extension: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", sku.lower()).strip("-")[:60] or "product"
    digest = hashlib.sha256(data).hexdigest()[:16]
    return f"{slug}-{digest}{extension}"


def etag_of(image_name: str) -> str:
    return image_name.rsplit("-", 1)[1].split(".", 1)[0]


def reencoded(verified: VerifiedImage) -> bytes:
    """The picture's pixels saved afresh in its own format: upright, without EXIF (GPS, camera, dates),
    text chunks or anything appended after the image data. Transparency and the colour profile stay.
    """
    upright = ImageOps.exif_transpose(verified.image)  # the rotation EXIF asked for, before EXIF goes
    options: dict[str, object] = {"icc_profile": upright.info.get("icc_profile")}
    if verified.format == "JPEG":
        options["quality"] = JPEG_QUALITY
    elif verified.format == "WEBP":
        options["quality"] = WEBP_QUALITY
    buffer = io.BytesIO()
    # Pillow writes EXIF and text only when passed to save(): what the upload carried is left behind.
    upright.save(buffer, format=verified.format, **options)
    return buffer.getvalue()


def store_product_image(sku: str, data: bytes, extension: str) -> str:
    """Save verified image bytes; returns the content-addressed file name."""
    name = image_name_for(sku, data, extension)
    path = product_images_dir() / name
    if not path.exists():
        write_bytes_atomically(path, data)
    return name


def product_image_path(image_name: str) -> Path | None:
    """Path of a stored picture, or None for a name that could not have come from us."""
    if not IMAGE_NAME_PATTERN.match(image_name):
        return None
    path = product_images_dir() / image_name
    return path if path.is_file() else None
