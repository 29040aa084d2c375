"""Make a studio shot look like a customer's photo of the same item, to train the tuned head on.

Customers photograph clothes on beds, carpets and floors, at an angle, in a poor light, partly
hidden. ``customer_photo`` puts the catalogue picture through the same: its white background
replaced by a plain, striped or noisy one, a random scale and position, a small rotation, a
lighter or darker and more or less contrasted light, a blur, a patch covering part of it and a
crop. Every choice comes from the ``numpy`` generator passed in, so a seed gives the same picture.
The photo is as big as the embedder it is made for needs (``canvas_for``): pixels it would only
shrink away cost time and teach nothing.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

from .preprocess import to_rgb

CANVAS = 320
# The item fills 55-95 % of the canvas and a tenth may be cropped from each side, so at 1.5 times the
# embedder's input side the isolated item still reaches about its input size.
CANVAS_PER_INPUT_SIDE = 1.5
BACKGROUND_TOLERANCE = 30.0  # RGB distance from the border's median colour: the studio background
MAX_ROTATION = 20.0
OCCLUSION_CHANCE = 0.35
BLUR_CHANCE = 0.4


def _background(rng: np.random.Generator, size: int) -> Image.Image:
    """A floor, a bed or a carpet: one colour, stripes or speckled noise, never studio white."""
    base = rng.integers(30, 220, size=3)
    kind = rng.integers(3)
    if kind == 0:
        pixels = np.broadcast_to(base, (size, size, 3)).astype(np.float32)
    elif kind == 1:
        other = rng.integers(30, 220, size=3)
        period = int(rng.integers(12, 48))
        stripes = ((np.arange(size) // period) % 2).astype(bool)
        pixels = np.where(stripes[:, None, None], base, other) * np.ones((size, size, 3))
        if rng.random() < 0.5:
            pixels = pixels.transpose(1, 0, 2)
    else:
        pixels = base + rng.normal(0, 25, size=(size, size, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _subject_mask(image: Image.Image) -> Image.Image:
    """Where the studio shot is not its (near-white, never quite) background: the item to keep."""
    pixels = np.asarray(image, dtype=np.float32)
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    distance = np.sqrt(((pixels - np.median(border, axis=0)) ** 2).sum(axis=2))
    return Image.fromarray((distance > BACKGROUND_TOLERANCE).astype(np.uint8) * 255)


def canvas_for(input_size: int) -> int:
    """The side of the customer photos made for an embedder that looks at ``input_size`` squares."""
    return round(CANVAS_PER_INPUT_SIDE * input_size)


def customer_photo(image: Image.Image, rng: np.random.Generator, canvas: int = CANVAS) -> Image.Image:
    """The studio shot as a customer might photograph the same item (a ``canvas`` square picture)."""
    item = to_rgb(image)
    scale = rng.uniform(0.55, 0.95) * canvas / max(item.size)
    item = item.resize((max(1, round(item.width * scale)), max(1, round(item.height * scale))))
    mask = _subject_mask(item)
    angle = float(rng.uniform(-MAX_ROTATION, MAX_ROTATION))
    item = item.rotate(angle, expand=True, fillcolor=(255, 255, 255))
    mask = mask.rotate(angle, expand=True, fillcolor=0)
    photo = _background(rng, canvas)
    left = int(rng.integers(0, max(1, canvas - item.width + 1)))
    top = int(rng.integers(0, max(1, canvas - item.height + 1)))
    photo.paste(item, (left, top), mask)
    photo = ImageEnhance.Brightness(photo).enhance(float(rng.uniform(0.6, 1.3)))
    photo = ImageEnhance.Contrast(photo).enhance(float(rng.uniform(0.7, 1.2)))
    photo = ImageEnhance.Color(photo).enhance(float(rng.uniform(0.8, 1.2)))
    if rng.random() < BLUR_CHANCE:
        photo = photo.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.5, 2.0))))
    if rng.random() < OCCLUSION_CHANCE:
        photo = _occluded(photo, rng)
    return _cropped(photo, rng)


def _occluded(photo: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A hand, a sleeve or another garment over part of the item: a patch of one colour."""
    width, height = photo.size
    patch_w, patch_h = (int(side * rng.uniform(0.1, 0.3)) for side in (width, height))
    left, top = int(rng.integers(0, width - patch_w)), int(rng.integers(0, height - patch_h))
    draw = ImageDraw.Draw(photo)
    draw.rectangle((left, top, left + patch_w, top + patch_h), fill=tuple(int(c) for c in rng.integers(0, 255, 3)))
    return photo


def _cropped(photo: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Framed a little differently: up to a tenth cut from each side."""
    width, height = photo.size
    left, top = (int(side * rng.uniform(0, 0.1)) for side in (width, height))
    right, bottom = (int(side * (1 - rng.uniform(0, 0.1))) for side in (width, height))
    return photo.crop((left, top, right, bottom))
