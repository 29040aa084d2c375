"""The one check every picture the shop reads passes: imports, admin uploads, search photos, image URLs.

A picture is a real, still JPEG, PNG, WebP or GIF, within the byte limit (MAX_UPLOAD_MB, the same as
the largest request body) and the pixel limits, and it decodes completely. The caller says how many
pixels a picture may declare, how many decoding may expand to, and whether it wants the picture
shrunk: a photo search needs 1024 pixels a side, not the 40 megapixels a PNG of 100 KB can declare.
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
class PixelLimits:
    """How large a picture may be, in pixels, and how large it is decoded."""

    declared: int = DEFAULT_MAX_PIXELS  # width x height as the file says
    decoded: int = DEFAULT_MAX_PIXELS  # what decoding may expand to: JPEGs decode at 1/2, 1/4 or 1/8 when shrunk
    side: int | None = None  # shrink the picture to fit a square this many pixels a side (None: keep it whole)


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


def verify_image(data: bytes, *, limits: PixelLimits = PixelLimits()) -> VerifiedImage:
    """Decode `data` fully, refusing anything that is not a sane still photo within `limits`."""
    if not data:
        raise ImageRejected("The file is empty.")
    check_picture_size(len(data))
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        # Pillow refuses to open what declares over twice its own pixel limit: far over ours.
        raise _too_many_pixels(limits.declared, "far too many pixels declared") from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImageRejected("The file is not an image we can read (JPEG, PNG, WebP or GIF).") from exc
    if image.format not in ALLOWED_FORMATS:
        raise ImageRejected(f"{image.format or 'This'} images are not supported; use JPEG, PNG, WebP or GIF.")
    width, height = image.size
    # The declared size is checked before decoding, so a decompression bomb never expands.
    if width * height > limits.declared:
        raise _too_many_pixels(limits.declared, f"{width}×{height} pixels")
    if min(width, height) < MIN_SIDE:
        raise ImageRejected(f"The image is too small ({width}×{height}); it needs at least {MIN_SIDE} pixels a side.")
    if getattr(image, "n_frames", 1) > 1:
        raise ImageRejected("Animated images are not supported; upload a still photo.")
    if limits.side is not None:
        image.draft(None, (limits.side, limits.side))  # JPEG only: decode at the smallest scale still that wide
    if image.width * image.height > limits.decoded:
        raise _too_many_pixels(limits.decoded, f"{width}×{height} pixels")
    try:
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageRejected("The image is damaged or incomplete.") from exc
    file_format = image.format  # a shrunk copy has none
    if limits.side is not None:
        image = _shrunk(image, limits.side)
    return VerifiedImage(image=image, format=file_format, extension=ALLOWED_FORMATS[file_format])


def _shrunk(image: Image.Image, side: int) -> Image.Image:
    """The picture fitted into side x side, keeping its EXIF (the orientation is applied later)."""
    if image.mode in ("1", "P", "PA"):
        image = image.convert("RGBA")  # a palette is resized by nearest neighbour: smooth it first
    image.thumbnail((side, side))
    return image
