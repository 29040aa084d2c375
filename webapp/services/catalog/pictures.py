"""Checks that bytes from outside (uploads, imports) are a real, safe, still image."""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
DEFAULT_MAX_PIXELS = 40_000_000
MIN_SIDE = 16


class ImageRejected(ValueError):
    """The bytes are not an image we accept; the message is fit to show the user."""


@dataclass(frozen=True)
class VerifiedImage:
    image: Image.Image
    format: str
    extension: str


def verify_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> VerifiedImage:
    """Decode `data` fully, refusing anything that is not a sane still photo."""
    if not data:
        raise ImageRejected("The file is empty.")
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImageRejected("The file is not an image we can read (JPEG, PNG, WebP or GIF).") from exc
    if image.format not in ALLOWED_FORMATS:
        raise ImageRejected(f"{image.format or 'This'} images are not supported; use JPEG, PNG, WebP or GIF.")
    width, height = image.size
    # The declared size is checked before decoding, so a decompression bomb never expands.
    if width * height > max_pixels:
        raise ImageRejected(
            f"The image is too large ({width}×{height} pixels); the limit is {max_pixels // 1_000_000} megapixels."
        )
    if min(width, height) < MIN_SIDE:
        raise ImageRejected(f"The image is too small ({width}×{height}); it needs at least {MIN_SIDE} pixels a side.")
    if getattr(image, "n_frames", 1) > 1:
        raise ImageRejected("Animated images are not supported; upload a still photo.")
    try:
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageRejected("The image is damaged or incomplete.") from exc
    return VerifiedImage(image=image, format=image.format, extension=ALLOWED_FORMATS[image.format])
