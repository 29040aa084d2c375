"""Make a casual photo look more like a catalogue shot: the subject on white, framed tightly.

Customers photograph clothes on floors, beds and hangers; the catalogue is studio shots on white.
``isolate_subject`` leaves a photo whose border is already plain alone. Otherwise it clusters the
colours of a small copy (k-means, k=3), treats every cluster that covers a good part of the border
as background, paints it white and crops to what is left. Deterministic (fixed start), numpy only.

Measured with the colour-shape fallback on the 200 clothing photos against the 3,000-image sample:
top-5 sharing the photo's subCategory rose from 0.08 to 0.28; studio queries are unchanged (0.58).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from .preprocess import to_rgb

WORKING_SIDE = 448  # more than any embedder's input (224), so no detail it could use is lost
GRID = 96
CLUSTERS = 3
ITERATIONS = 8
PLAIN_TOLERANCE = 20.0  # RGB distance from the median border colour
PLAIN_SHARE = 0.9  # of border pixels within tolerance: a studio-like background
BACKGROUND_SHARE = 0.15  # of the border a cluster must cover to count as background
MIN_SUBJECT_SHARE = 0.03


def _border(pixels: np.ndarray) -> np.ndarray:
    return np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])


def _grid(image: Image.Image) -> np.ndarray:
    """The image as GRID x GRID float RGB, the scale every decision here is taken at."""
    return np.asarray(image.resize((GRID, GRID)), dtype=np.float32)


def _is_plain(grid: np.ndarray) -> bool:
    border = _border(grid)
    distance = np.sqrt(((border - np.median(border, axis=0)) ** 2).sum(axis=1))
    return float((distance < PLAIN_TOLERANCE).mean()) >= PLAIN_SHARE


def has_plain_background(image: Image.Image) -> bool:
    """True when nearly all of the border is one colour, as in a studio shot."""
    return _is_plain(_grid(to_rgb(image)))


def _cluster_labels(grid: np.ndarray) -> np.ndarray:
    colours = grid.reshape(-1, 3)
    centres = colours[np.random.default_rng(0).choice(len(colours), CLUSTERS, replace=False)]
    squared_norms = (colours * colours).sum(axis=1, keepdims=True)
    for _ in range(ITERATIONS):
        distances = squared_norms - 2 * colours @ centres.T + (centres * centres).sum(axis=1)
        labels = distances.argmin(axis=1)
        counts = np.bincount(labels, minlength=CLUSTERS)
        sums = np.stack([np.bincount(labels, weights=colours[:, channel], minlength=CLUSTERS) for channel in range(3)],
                        axis=1)
        # A cluster left empty keeps its centre.
        centres = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centres)
    return labels.reshape(grid.shape[:2])


def subject_mask(grid: np.ndarray) -> np.ndarray | None:
    """A GRID x GRID boolean mask of the subject, or None when no subject stands out."""
    labels = _cluster_labels(grid)
    share_of_border = np.bincount(_border(labels), minlength=CLUSTERS) / (4 * GRID)
    mask = ~np.isin(labels, np.flatnonzero(share_of_border > BACKGROUND_SHARE))
    return mask if mask.mean() >= MIN_SUBJECT_SHARE else None


def isolate_subject(image: Image.Image) -> Image.Image:
    """The photo's subject on white, cropped to it; a photo with a plain background comes back upright RGB."""
    image = to_rgb(image)
    small = image.copy()
    small.thumbnail((WORKING_SIDE, WORKING_SIDE), reducing_gap=2.0)
    grid = _grid(small)
    if _is_plain(grid):
        return image
    mask = subject_mask(grid)
    if mask is None:
        return small
    full_mask = Image.fromarray(mask.astype(np.uint8) * 255).resize(small.size, Image.Resampling.NEAREST)
    on_white = Image.composite(small, Image.new("RGB", small.size, "white"), full_mask)
    rows, columns = np.nonzero(mask)
    width, height = small.size
    box = (
        columns.min() * width // GRID, rows.min() * height // GRID,
        -(-(columns.max() + 1) * width // GRID), -(-(rows.max() + 1) * height // GRID),
    )
    return on_white.crop(box)
