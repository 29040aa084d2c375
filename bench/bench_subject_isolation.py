"""Subject isolation for real photos: today's border-colour clustering (recommender/subject.py) vs OpenCV GrabCut.

The 200 clothing photos against the 3,000-image sample, fallback embedder, untuned: the share of
the top-5 look-alikes in the photo's subCategory, and the time each isolation takes per photo.
GrabCut needs `pip install opencv-python-headless` (not a requirement of the shop: it lost, see README).

    python bench/bench_subject_isolation.py [--data ../shared/data]
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_lookalike_quality import KAGGLE_OF_LABEL  # noqa: E402

from recommender import (  # noqa: E402
    ColourShapeEmbedder,
    build_index,
    embed_files,
    isolate_subject,
    load_image,
    read_styles,
    to_rgb,
)

MARGIN = 0.05  # GrabCut's starting rectangle: the photo less this much on each side


def grabcut(image: Image.Image) -> Image.Image:
    import cv2

    small = image.copy()
    small.thumbnail((256, 256))
    pixels = np.asarray(small)[:, :, ::-1].copy()
    height, width = pixels.shape[:2]
    mask = np.zeros((height, width), np.uint8)
    rectangle = (int(width * MARGIN), int(height * MARGIN), int(width * (1 - 2 * MARGIN)),
                 int(height * (1 - 2 * MARGIN)))
    cv2.grabCut(pixels, mask, rectangle, np.zeros((1, 65)), np.zeros((1, 65)), 3, cv2.GC_INIT_WITH_RECT)
    subject = (mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)
    if subject.mean() < 0.03:
        return small
    on_white = np.where(subject[:, :, None], np.asarray(small), 255).astype(np.uint8)
    rows, columns = np.nonzero(subject)
    return Image.fromarray(on_white).crop((columns.min(), rows.min(), columns.max() + 1, rows.max() + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("SHOP_SHARED_DATA", REPO.parent / "shared"
                                                                         / "data")))
    data = parser.parse_args().data
    rows, _ = read_styles(data / "fashion-sample", check_images=True)
    embedder = ColourShapeEmbedder()
    index = build_index(embed_files(embedder, [row.image_path for row in rows]), np.arange(len(rows)))
    sub_categories = np.array([row.sub_category for row in rows])
    with open(data / "clothing-photos" / "labels.csv", newline="") as handle:
        labels = list(csv.DictReader(handle))
    photos = [to_rgb(load_image(data / "clothing-photos" / "images" / entry["filename"])) for entry in labels]
    wanted = np.array([KAGGLE_OF_LABEL[entry["label"]][1] for entry in labels])
    for name, isolate in [("today's isolation", isolate_subject), ("OpenCV GrabCut", grabcut)]:
        start = time.perf_counter()
        isolated = [isolate(photo) for photo in photos]
        milliseconds = (time.perf_counter() - start) / len(photos) * 1000
        _, positions = index.search(embedder.embed(isolated), 5)
        precision = float((sub_categories[positions] == wanted[:, None]).mean())
        print(f"{name:<20} subCategory precision@5 {precision:.3f}   {milliseconds:6.1f} ms per photo")


if __name__ == "__main__":
    main()
