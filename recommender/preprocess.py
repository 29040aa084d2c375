"""Image loading and the single preprocessing path shared by every embedder.

Pipeline: ``load_image`` (decode) -> ``to_rgb`` (orientation + colour mode) ->
``letterbox`` (aspect-preserving resize with **bicubic** resampling, white padding,
centred). ``prepare_image`` runs the last two in one call.
"""

from __future__ import annotations

import io
import os
from typing import BinaryIO

import numpy as np
from PIL import Image, ImageOps

ImageSource = str | os.PathLike | bytes | bytearray | BinaryIO

WHITE = (255, 255, 255)
RESAMPLE = Image.Resampling.BICUBIC
_SIXTEEN_BIT_MODES = {"I;16", "I;16L", "I;16B", "I;16N", "I"}
_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}


def load_image(source: ImageSource) -> Image.Image:
    """Decode an image from a path, raw bytes or a binary file object.

    The pixels are read immediately, so no file handle stays open. The image keeps
    its original mode and EXIF data; pass it to ``to_rgb`` before using the pixels.
    """
    if isinstance(source, (bytes, bytearray)):
        stream: BinaryIO = io.BytesIO(source)
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            stream = io.BytesIO(handle.read())
    else:
        stream = source
    image = Image.open(stream)
    image.load()
    return image


def to_rgb(image: Image.Image) -> Image.Image:
    """Return an upright 8-bit RGB copy of ``image``.

    - EXIF orientation is applied (phone photos are stored sideways).
    - Transparent pixels (RGBA, LA, palette or greyscale with a transparency key)
      are composited on white, the shop's background colour, not on black.
    - 16-bit greyscale (``I;16*`` and ``I``) is read as 0..65535 and scaled to 0..255;
      Pillow's own conversion would clip everything above 255 to white.
    - CMYK, L, 1-bit, YCbCr etc. go through Pillow's conversion.
    """
    image = ImageOps.exif_transpose(image)
    if image.mode in _SIXTEEN_BIT_MODES:
        image = _sixteen_bit_to_l(image)
    if image.mode in _ALPHA_MODES or "transparency" in image.info:
        return _composite_on_white(image.convert("RGBA"))
    if image.mode == "RGB":
        return image
    return image.convert("RGB")


def letterbox(image: Image.Image, size: int = 224) -> np.ndarray:
    """Resize an RGB image to fit ``size``x``size`` keeping its aspect ratio, pad white.

    Bicubic resampling (Pillow's, antialiased when shrinking). The image is centred;
    when the padding is odd the extra pixel goes right/bottom.
    Returns a ``uint8`` array of shape ``(size, size, 3)``.
    """
    if image.mode != "RGB":
        raise ValueError(f"letterbox expects an RGB image (use to_rgb first), got {image.mode}")
    width, height = image.size
    scale = size / max(width, height)
    new_width = max(1, min(size, round(width * scale)))
    new_height = max(1, min(size, round(height * scale)))
    resized = image.resize((new_width, new_height), RESAMPLE)
    canvas = Image.new("RGB", (size, size), WHITE)
    canvas.paste(resized, ((size - new_width) // 2, (size - new_height) // 2))
    return np.asarray(canvas)


def prepare_image(image: Image.Image, size: int = 224) -> np.ndarray:
    """``letterbox(to_rgb(image), size)``: what every embedder feeds on."""
    return letterbox(to_rgb(image), size)


def _sixteen_bit_to_l(image: Image.Image) -> Image.Image:
    pixels = np.asarray(image).astype(np.float64)
    scaled = np.clip(pixels * (255.0 / 65535.0), 0, 255).round().astype(np.uint8)
    return Image.fromarray(scaled, mode="L")


def _composite_on_white(rgba: Image.Image) -> Image.Image:
    background = Image.new("RGBA", rgba.size, (*WHITE, 255))
    return Image.alpha_composite(background, rgba).convert("RGB")
