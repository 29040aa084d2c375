"""A plain picture made on the spot, for products and uploads whose look does not matter."""
from __future__ import annotations

import io

from PIL import Image


def jpeg_bytes(colour: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (60, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()
