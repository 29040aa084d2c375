"""Look-alike quality on the shared data, through `flask recommender evaluate` (what CI's floors guard).

Prepares three Kaggle-layout folders in a temporary directory (links, nothing copied into the repo):
the fashion sample split 2,500 catalogue / 500 queries (seed 0, stratified by articleType), the whole
sample as catalogue, and the 200 real clothing photos with their labels mapped to Kaggle's. Then runs

- studio queries:   evaluate --catalog split/catalogue --queries split/queries
- real photos:      evaluate --catalog sample --queries clothing-photos
- product pages:    evaluate --catalog sample --similar-products (when the command has that mode)

and prints each command's JSON. `--train` runs `flask recommender train`'s training on each catalogue
first (evaluate then scores the tuned vectors), as the shop would.

    python bench/bench_lookalike_quality.py [--data ../shared/data]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from recommender.dataset import COLUMNS, read_styles, split_catalog_queries  # noqa: E402

# The clothing dataset's labels as Kaggle rows: (masterCategory, subCategory, articleType).
KAGGLE_OF_LABEL = {
    "T-Shirt": ("Apparel", "Topwear", "Tshirts"),
    "Polo": ("Apparel", "Topwear", "Tshirts"),
    "Longsleeve": ("Apparel", "Topwear", "Tshirts"),
    "Shirt": ("Apparel", "Topwear", "Shirts"),
    "Hoodie": ("Apparel", "Topwear", "Sweatshirts"),
    "Top": ("Apparel", "Topwear", "Tops"),
    "Blouse": ("Apparel", "Topwear", "Tops"),
    "Undershirt": ("Apparel", "Topwear", "Tshirts"),
    "Body": ("Apparel", "Topwear", "Tops"),
    "Outwear": ("Apparel", "Topwear", "Jackets"),
    "Blazer": ("Apparel", "Topwear", "Blazers"),
    "Pants": ("Apparel", "Bottomwear", "Trousers"),
    "Shorts": ("Apparel", "Bottomwear", "Shorts"),
    "Skirt": ("Apparel", "Bottomwear", "Skirts"),
    "Dress": ("Apparel", "Dress", "Dresses"),
    "Shoes": ("Footwear", "Shoes", "Casual Shoes"),
    "Hat": ("Accessories", "Headwear", "Caps"),
}


def write_folder(folder: Path, rows: list[dict[str, str]], images: dict[str, Path]) -> Path:
    (folder / "images").mkdir(parents=True)
    with open(folder / "styles.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    for item_id, source in images.items():
        (folder / "images" / f"{item_id}.jpg").symlink_to(source.resolve())
    return folder


def studio_folder(rows, folder: Path) -> Path:
    return write_folder(folder, [{c: row.value(c) for c in COLUMNS} for row in rows],
                        {str(row.id): row.image_path for row in rows})


def photos_folder(photos: Path, folder: Path) -> Path:
    with open(photos / "labels.csv", newline="") as handle:
        labels = list(csv.DictReader(handle))
    rows, images = [], {}
    for n, entry in enumerate(labels, start=1):
        master, sub, article = KAGGLE_OF_LABEL[entry["label"]]
        rows.append({"id": str(n), "gender": "Unisex", "masterCategory": master, "subCategory": sub,
                     "articleType": article, "baseColour": "NA", "season": "NA", "year": "", "usage": "NA",
                     "productDisplayName": entry["label"]})
        images[str(n)] = photos / "images" / entry["filename"]
    return write_folder(folder, rows, images)


def flask(*args: str) -> tuple[str, float]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=REPO, capture_output=True,
                          text=True, env={**os.environ, "RECOMMENDER_WEIGHTS": os.environ.get(
                              "RECOMMENDER_WEIGHTS", "fallback")})
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("SHOP_SHARED_DATA", REPO.parent / "shared"
                                                                         / "data")))
    arguments = parser.parse_args()
    rows, _ = read_styles(arguments.data / "fashion-sample", check_images=True)
    catalogue, queries = split_catalog_queries(rows, query_fraction=1 / 6, seed=0)
    with tempfile.TemporaryDirectory(prefix="lookalike-quality-") as scratch:
        root = Path(scratch)
        split_catalogue = studio_folder(catalogue, root / "catalogue")
        split_queries = studio_folder(queries, root / "queries")
        sample = arguments.data / "fashion-sample"
        photos = photos_folder(arguments.data / "clothing-photos", root / "photos")
        runs = {
            "studio 2,500/500": ["--catalog", str(split_catalogue), "--queries", str(split_queries)],
            "200 real photos": ["--catalog", str(sample), "--queries", str(photos)],
        }
        help_text, _ = flask("recommender", "evaluate", "--help")
        if "--similar-products" in help_text:
            runs["product pages"] = ["--catalog", str(sample), "--similar-products"]
        for name, options in runs.items():
            output, seconds = flask("recommender", "evaluate", *options, "--json")
            report = json.loads(output)
            print(f"{name} ({seconds:.1f} s): {json.dumps(report['metrics'])}")
            for key in ("embedder", "tuned"):
                if key in report:
                    print(f"    {key}: {report[key]}")


if __name__ == "__main__":
    main()
