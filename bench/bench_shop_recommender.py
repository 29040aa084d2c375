"""Look-alikes in the shop: indexing throughput, photo search end to end, embedding, product pages.

Measures and prints (median and p95); not a test. Needs the fashion sample and the clothing photos
under $SHOP_SHARED_DATA (default ../shared/data). Everything runs in a temporary instance folder
with SQLite:

1. `flask catalog import` of the 3,000-image sample, then `flask recommender index` as a real
   subprocess (interpreter start-up and imports included): images per second; then `flask recommender
   train` (the tuned head, then the index again), so what follows measures the tuned pipeline.
2. Photo search end to end: the upload POST through the real app (Flask's test client, no
   network) to the rendered result page, with the 200 real clothing photos in turn.
3. Embedding alone: the shop's step (subject isolation + the active embedder) for one photo; next
   to it, in the same run, the seed approach: Keras `model.predict` on one image (ResNet50,
   random weights: real speed, meaningless vectors) + scikit-learn brute-force `kneighbors` over
   3,000 x 2,048 vectors; and ResNet50 through the library's compiled `tf.function`.
4. Product pages with their similar products: server time of GET /products/<id>.

    .venv/bin/python bench/bench_shop_recommender.py [--runs 60] [--skip-tensorflow]
"""
from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))


from timing import latency_summary, milliseconds_per_call  # noqa: E402

from recommender import isolate_subject, load_image, to_rgb  # noqa: E402
from tests.support.scratch import scratch_app  # noqa: E402
from webapp.services.catalog.importer import import_catalog  # noqa: E402
from webapp.services.visual_search.embedding import active_embedder  # noqa: E402

K = 5


def shared_data() -> Path:
    return Path(os.environ.get("SHOP_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def build_shop(instance: Path):
    overrides = {
        "WTF_CSRF_ENABLED": False,
        "PHOTO_SEARCH_RATE_LIMIT": "1000000/minute",  # the benchmark is one client sending many photos
    }
    return scratch_app(instance, **overrides)


def bench_indexing(app, instance: Path) -> None:
    print("\n== Indexing the 3,000-image sample ==")
    with app.app_context():
        start = time.perf_counter()
        report = import_catalog(shared_data() / "fashion-sample")
        print(f"catalog import: {report.imported} products in {time.perf_counter() - start:.1f} s")
    # The same instance, the embedder pinned to what the in-process app uses (this machine has no weights).
    environment = {**os.environ, "SHOP_CONFIG": "development", "RECOMMENDER_WEIGHTS": "fallback",
                   "INSTANCE_DIR": str(instance), "DATABASE_URL": f"sqlite:///{instance / 'shop.db'}",
                   "MEDIA_ROOT": str(instance / "media")}
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "recommender", "index"]
    for label in ("first run (embeds everything)", "second run (nothing new to embed)"):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        print(f"flask recommender index, {label}: {seconds:.1f} s = {report.imported / seconds:.0f} images/s")
        print("   " + next(line for line in done.stdout.splitlines() if line.startswith("Indexed")))
    # The tuned head on the whole sample (embedding reused, customer-photo copies made, trained, indexed again):
    # photo search below then runs the tuned pipeline, as the shop does after `make run`.
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "recommender", "train"], cwd=REPO_ROOT,
                          env=environment, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"flask recommender train (3,000 products, then the index): {seconds:.1f} s (load average {load})")
    print("   " + next(line for line in done.stdout.splitlines() if line.startswith(("Trained", "Not tuned"))))


def clothing_photos() -> list[bytes]:
    folder = shared_data() / "clothing-photos" / "images"
    return [path.read_bytes() for path in sorted(folder.glob("*.jpg"))]


def bench_photo_search(app, photos: list[bytes], runs: int) -> None:
    print("\n== Photo search end to end (POST /search/photo -> rendered results) ==")
    client = app.test_client()
    position = iter(range(10**9))

    def search() -> None:
        photo = photos[next(position) % len(photos)]
        response = client.post("/search/photo", data={"photo": (io.BytesIO(photo), "photo.jpg")},
                               content_type="multipart/form-data")
        assert response.status_code == 200 and response.text.count('class="card lookalike"') == K, response.status
    print(f"real clothing photos, no crop            {latency_summary(milliseconds_per_call(search, runs))}")

    def search_cropped() -> None:
        photo = photos[next(position) % len(photos)]
        response = client.post("/search/photo", data={"photo": (io.BytesIO(photo), "photo.jpg"), "crop_x": "0.1",
                                                      "crop_y": "0.1", "crop_w": "0.8", "crop_h": "0.8",
                                                      "price_max": "60", "in_stock": "1"},
                               content_type="multipart/form-data")
        assert response.status_code == 200
    print(f"with a crop, max price and in stock only {latency_summary(milliseconds_per_call(search_cropped, runs))}")


def bench_embedding(app, photos: list[bytes], runs: int, with_tensorflow: bool) -> None:
    print("\n== Embedding one photo (decoded, upright) ==")
    images = [to_rgb(load_image(photo)) for photo in photos]
    with app.app_context():
        embedder = active_embedder()
    position = iter(range(10**9))

    def next_image():
        return images[next(position) % len(images)]

    def timed(call) -> str:
        return latency_summary(milliseconds_per_call(call, runs))

    shop_step = timed(lambda: embedder.embed([isolate_subject(next_image())]))
    print(f"shop step: isolate_subject + {embedder.name:16s} {shop_step}")
    print(f"{embedder.name} alone                       {timed(lambda: embedder.embed([next_image()]))}")
    if not with_tensorflow:
        return
    from sklearn.neighbors import NearestNeighbors

    from recommender import ResNet50Embedder

    resnet = ResNet50Embedder(weights=None)
    resnet.embed(images[:1])  # builds and traces once: start-up, not per photo
    print(f"ResNet50 tf.function (library)            {timed(lambda: resnet.embed([next_image()]))}")
    catalogue = np.random.default_rng(0).standard_normal((3000, 2048)).astype(np.float32)
    neighbours = NearestNeighbors(n_neighbors=K, algorithm="brute").fit(catalogue)
    model = resnet.model

    def seed_approach() -> None:
        features = model.predict(resnet.preprocess([images[next(position) % len(images)]]), verbose=0)
        neighbours.kneighbors(features.reshape(1, -1))
    print(f"seed: model.predict + sklearn kneighbors  {latency_summary(milliseconds_per_call(seed_approach, runs))}")


def bench_product_pages(app, runs: int) -> None:
    print("\n== Product page with its similar products (server time, GET through the app) ==")
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Product

    with app.app_context():
        ids = db.session.scalars(select(Product.id).where(Product.is_active.is_(True)).limit(500)).all()
    client = app.test_client()
    position = iter(range(10**9))

    def view() -> None:
        response = client.get(f"/products/{ids[next(position) % len(ids)]}")
        assert response.status_code == 200 and "Similar products" in response.text
    print(f"GET /products/<id>                       {latency_summary(milliseconds_per_call(view, runs))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--skip-tensorflow", action="store_true", help="leave out ResNet50 and the seed approach")
    arguments = parser.parse_args()
    if not (shared_data() / "fashion-sample" / "styles.csv").is_file():
        sys.exit(f"fashion sample not found under {shared_data()} (set SHOP_SHARED_DATA)")
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        app = build_shop(instance)
        bench_indexing(app, instance)
        photos = clothing_photos()
        bench_photo_search(app, photos, arguments.runs)
        bench_product_pages(app, arguments.runs)
        bench_embedding(app, photos, arguments.runs, not arguments.skip_tensorflow)


if __name__ == "__main__":
    main()
