"""The one check every picture the shop reads passes: imports, admin uploads, search photos, image URLs.

A picture is a real, still JPEG, PNG, WebP or GIF, within the byte limit (MAX_UPLOAD_MB, the same as
the largest request body) and the pixel limit, and it decodes completely.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from flask import current_app
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
DEFAULT_MAX_PIXELS = 40_000_000
MIN_SIDE = 16
MEGABYTE = 1024 * 1024


class ImageRejected(ValueError):
    """The bytes are not an image we accept; the message is fit to show the user."""


class PictureTooLarge(ImageRejected):
    """Over the byte limit: an upload answers 413, as for a request body over it."""


@dataclass(frozen=True)
class VerifiedImage:
    image: Image.Image
    format: str
    extension: str


def max_picture_bytes() -> int:
    # config derives MAX_CONTENT_LENGTH from MAX_UPLOAD_MB: a picture may be as large as a request.
    return int(current_app.config["MAX_CONTENT_LENGTH"])


def too_large_message() -> str:
    return f"The photo is too large: the limit is {max_picture_bytes() // MEGABYTE} MB."


def check_picture_size(n_bytes: int) -> None:
    """Refuse a picture over the byte limit; callers that know the size first call it before reading."""
    if n_bytes > max_picture_bytes():
        raise PictureTooLarge(too_large_message())


def _too_many_pixels(max_pixels: int, declared: str) -> ImageRejected:
    return ImageRejected(f"The image is too large ({declared}); the limit is {max_pixels // 1_000_000} megapixels.")


def verify_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> VerifiedImage:
    """Decode `data` fully, refusing anything that is not a sane still photo."""
    if not data:
        raise ImageRejected("The file is empty.")
    check_picture_size(len(data))
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        # Pillow refuses to open what declares over twice its own pixel limit: far over ours.
        raise _too_many_pixels(max_pixels, "far too many pixels declared") from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImageRejected("The file is not an image we can read (JPEG, PNG, WebP or GIF).") from exc
    if image.format not in ALLOWED_FORMATS:
        raise ImageRejected(f"{image.format or 'This'} images are not supported; use JPEG, PNG, WebP or GIF.")
    width, height = image.size
    # The declared size is checked before decoding, so a decompression bomb never expands.
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels, f"{width}×{height} pixels")
    if min(width, height) < MIN_SIDE:
        raise ImageRejected(f"The image is too small ({width}×{height}); it needs at least {MIN_SIDE} pixels a side.")
    if getattr(image, "n_frames", 1) > 1:
        raise ImageRejected("Animated images are not supported; upload a still photo.")
    try:
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageRejected("The image is damaged or incomplete.") from exc
    return VerifiedImage(image=image, format=image.format, extension=ALLOWED_FORMATS[image.format])
