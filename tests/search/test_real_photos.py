"""Real photos (clothes on floors, beds, hangers) against the 3,000-image catalogue sample.

Each photo's label is mapped to the Kaggle subCategory it belongs to; a look-alike counts when its
subCategory matches. Measured with the colour-shape fallback, untuned (precision@5, 200 photos):

| what is embedded                                            | v1    | v2    |
| ----------------------------------------------------------- | ----- | ----- |
| the whole photo as taken                                    | 0.082 | 0.132 |
| a centre crop (90%) as taken                                | 0.090 |       |
| the shop's pipeline: subject on white, cropped to it        | 0.277 | 0.301 |
| a centre crop (90%), then the shop's pipeline               | 0.276 | 0.293 |
"""
from __future__ import annotations

import csv

import numpy as np
import pytest

from recommender import ColourShapeEmbedder, build_index, embed_files, isolate_subject, load_image, read_styles
from tests.support.kaggle_folders import SUB_CATEGORY_OF_LABEL
from tests.support.paths import shared_data_dir
from webapp.services.visual_search.photo_search import Crop, framed

pytestmark = pytest.mark.shared_data

CENTRE_90 = Crop(0.05, 0.05, 0.9, 0.9)
FLOOR = {"as taken": 0.11, "subject isolated": 0.27, "centre crop, subject isolated": 0.27}


@pytest.fixture(scope="module")
def catalogue_and_photos():
    data = shared_data_dir()
    if not all((data / name).is_file() for name in ("fashion-sample/styles.csv", "clothing-photos/labels.csv")):
        pytest.skip(f"fashion-sample or clothing-photos not found under {data} (set SHOP_SHARED_DATA)")
    rows, _ = read_styles(data / "fashion-sample", check_images=True)
    embedder = ColourShapeEmbedder()
    index = build_index(embed_files(embedder, [row.image_path for row in rows]), np.arange(len(rows)))
    with open(data / "clothing-photos" / "labels.csv", newline="") as handle:
        labels = list(csv.DictReader(handle))
    photos = [load_image(data / "clothing-photos" / "images" / entry["filename"]) for entry in labels]
    wanted = np.array([SUB_CATEGORY_OF_LABEL[entry["label"]] for entry in labels])
    return embedder, index, np.array([row.sub_category for row in rows]), photos, wanted


def precision_at_5(catalogue_and_photos, prepare) -> float:
    embedder, index, sub_categories, photos, wanted = catalogue_and_photos
    _, positions = index.search(embedder.embed([prepare(photo) for photo in photos]), 5)
    return float((sub_categories[positions] == wanted[:, None]).mean())


def test_every_label_maps_to_a_catalogue_sub_category(catalogue_and_photos):
    _, _, sub_categories, _, wanted = catalogue_and_photos
    assert set(wanted) <= set(sub_categories)


PIPELINES = {
    "as taken": lambda photo: framed(photo, None, []),
    "subject isolated": lambda photo: isolate_subject(framed(photo, None, [])),
    "centre crop, subject isolated": lambda photo: isolate_subject(framed(photo, CENTRE_90, [])),
}


@pytest.mark.parametrize("pipeline", PIPELINES, ids=PIPELINES.keys())
def test_look_alikes_of_real_photos_share_their_sub_category_above_the_measured_floor(catalogue_and_photos, pipeline):
    assert precision_at_5(catalogue_and_photos, PIPELINES[pipeline]) > FLOOR[pipeline]
