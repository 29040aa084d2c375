"""Folders in the Kaggle layout (styles.csv + images/) for `flask recommender evaluate`: drawn, linked from
the shared sample, or the shared real photos with their labels' subCategory."""
from __future__ import annotations

import csv
from pathlib import Path

from recommender.dataset import COLUMNS, StyleRow
from tests.support.paths import shared_data_dir

# The clothing dataset's labels, as the Kaggle subCategory each belongs to.
SUB_CATEGORY_OF_LABEL = {
    **dict.fromkeys(["T-Shirt", "Polo", "Shirt", "Longsleeve", "Hoodie", "Top", "Blouse", "Undershirt", "Body",
                     "Outwear", "Blazer"], "Topwear"),
    **dict.fromkeys(["Pants", "Shorts", "Skirt"], "Bottomwear"),
    "Dress": "Dress",
    "Shoes": "Shoes",
    "Hat": "Headwear",
}


def write_styles(folder: Path, rows: list[dict[str, str]]) -> Path:
    folder.mkdir(parents=True)
    (folder / "images").mkdir()
    with open(folder / "styles.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return folder


def link_folder(rows: list[StyleRow], folder: Path) -> Path:
    """The rows (read from the shared sample) as a folder whose pictures link to the sample's."""
    write_styles(folder, [{column: row.value(column) for column in COLUMNS} for row in rows])
    for row in rows:
        (folder / "images" / row.image_path.name).symlink_to(row.image_path)
    return folder


def photos_in_kaggle_layout(folder: Path) -> Path:
    """The 200 real photos as a query folder: each label's subCategory (the rest of a row is not scored here)."""
    data = shared_data_dir() / "clothing-photos"
    with open(data / "labels.csv", newline="") as handle:
        labels = list(csv.DictReader(handle))
    write_styles(folder, [{"id": str(n), "gender": "Unisex", "masterCategory": "NA",
                           "subCategory": SUB_CATEGORY_OF_LABEL[entry["label"]], "articleType": entry["label"],
                           "baseColour": "NA", "season": "NA", "year": "", "usage": "NA",
                           "productDisplayName": entry["label"]} for n, entry in enumerate(labels, start=1)])
    for n, entry in enumerate(labels, start=1):
        (folder / "images" / f"{n}.jpg").symlink_to(data / "images" / entry["filename"])
    return folder
