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
import json
from pathlib import Path

import numpy as np
import pytest

from recommender import ColourShapeEmbedder, build_index, embed_files, isolate_subject, load_image, read_styles
from recommender.dataset import COLUMNS
from tests.support.paths import shared_data_dir
from webapp.services.visual_search.photo_search import Crop, framed

pytestmark = pytest.mark.shared_data

SUB_CATEGORY_OF_LABEL = {
    **dict.fromkeys(["T-Shirt", "Polo", "Shirt", "Longsleeve", "Hoodie", "Top", "Blouse", "Undershirt", "Body",
                     "Outwear", "Blazer"], "Topwear"),
    **dict.fromkeys(["Pants", "Shorts", "Skirt"], "Bottomwear"),
    "Dress": "Dress",
    "Shoes": "Shoes",
    "Hat": "Headwear",
}
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


# Through `flask recommender evaluate`: the pipeline /search/photo runs (isolation, the head tuned on the
# sample, a confident type scoping the search). Measured 0.348 with colour-shape-v1 and 0.358 with v2 (0.082 through
# the old evaluate, 0.277 with isolation alone); floor just under it.
MIN_TUNED_SUB_CATEGORY_PRECISION = 0.33


def photos_in_kaggle_layout(folder: Path) -> Path:
    """The 200 photos as a query folder: each label's subCategory (the rest of a row is not scored here)."""
    data = shared_data_dir() / "clothing-photos"
    (folder / "images").mkdir(parents=True)
    with open(data / "labels.csv", newline="") as handle:
        labels = list(csv.DictReader(handle))
    with open(folder / "styles.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n, entry in enumerate(labels, start=1):
            writer.writerow({"id": n, "gender": "Unisex", "masterCategory": "NA",
                             "subCategory": SUB_CATEGORY_OF_LABEL[entry["label"]], "articleType": entry["label"],
                             "baseColour": "NA", "season": "NA", "year": "", "usage": "NA",
                             "productDisplayName": entry["label"]})
            (folder / "images" / f"{n}.jpg").symlink_to(data / "images" / entry["filename"])
    return folder


def test_the_shops_tuned_pipeline_finds_the_photos_sub_category_above_the_measured_floor(runner, backend, tmp_path):
    if backend != "sqlite":
        pytest.skip("one database is enough: the command never touches it")
    sample = shared_data_dir() / "fashion-sample"
    if not (sample / "styles.csv").is_file() or not (shared_data_dir() / "clothing-photos").is_dir():
        pytest.skip(f"the shared data is not under {shared_data_dir()} (set SHOP_SHARED_DATA)")
    result = runner.invoke(args=["recommender", "evaluate", "--catalog", str(sample), "--queries",
                                 str(photos_in_kaggle_layout(tmp_path / "photos")), "--json"])
    report = json.loads(result.stdout)
    assert report["tuned"].startswith("tuned-") and report["queries"] == 200
    assert report["metrics"]["subCategory"]["precision"] > MIN_TUNED_SUB_CATEGORY_PRECISION
