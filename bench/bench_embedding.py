"""Benchmark the recommender: embedding latency, indexing throughput, exact vs HNSW search.

Run from the repository root:  python bench/bench_embedding.py  [--help for options]

Prints figures only (no pass/fail). Needs the fashion sample under $SHOP_SHARED_DATA
(default ../shared/data) for the throughput and sample-size search parts; ResNet50
runs with random weights, so its speed is real but its retrieval quality is not.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from timing import latency_summary, milliseconds_per_call

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from recommender import tflite_export  # noqa: E402
from recommender.dataset import read_styles, split_catalog_queries  # noqa: E402
from recommender.embedder import (  # noqa: E402
    ColourShapeEmbedder,
    ResNet50Embedder,
    TFLiteResNet50Embedder,
    embed_files,
)
from recommender.index import build_index  # noqa: E402
from recommender.preprocess import load_image  # noqa: E402

K = 5


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50, help="timed runs per single-image/query figure")
    parser.add_argument("--synthetic", type=int, default=200_000, help="synthetic 2048-d vectors for search")
    parser.add_argument("--hnsw-budget", type=float, default=300.0, help="seconds allowed for the HNSW build")
    parser.add_argument("--resnet-images", type=int, default=3000, help="sample images ResNet50 indexes")
    return parser.parse_args()


def sample_folder() -> Path:
    return Path(os.environ.get("SHOP_SHARED_DATA", REPO_ROOT.parent / "shared" / "data")) / "fashion-sample"


def bench_single_image(image, runs: int) -> None:
    print("\n== One image, end to end from a decoded PIL image ==")
    fallback = ColourShapeEmbedder()
    fallback_times = milliseconds_per_call(lambda: fallback.embed([image]), runs)
    print(f"ColourShapeEmbedder.embed              {latency_summary(fallback_times)}")
    resnet = ResNet50Embedder(weights=None)
    resnet.embed([image])  # builds and traces once; not part of the per-image figure
    resnet_times = milliseconds_per_call(lambda: resnet.embed([image]), runs)
    print(f"ResNet50Embedder.embed (tf.function)   {latency_summary(resnet_times)}")
    network_input = resnet.preprocess([image])
    model = resnet.model
    print(
        "seed approach model.predict(x)         "
        f"{latency_summary(milliseconds_per_call(lambda: model.predict(network_input, verbose=0), runs))}"
        "   (input already preprocessed)"
    )
    bench_tflite(image, resnet, runs)


def bench_tflite(image, resnet: ResNet50Embedder, runs: int) -> None:
    """The int8 TensorFlow Lite export of ``resnet``'s own weights, so the cosine compares like with like."""
    with tempfile.TemporaryDirectory() as folder:
        weights = Path(folder) / "resnet50.weights.h5"
        resnet.model.save_weights(weights)
        start = time.perf_counter()
        export = tflite_export.ensure_export(weights, folder, lambda: tflite_export.convert_keras_model(resnet.model))
        print(f"TFLite int8 export                     {time.perf_counter() - start:7.1f} s (once per weights file)")
        tflite = TFLiteResNet50Embedder(export, weights)
        tflite_times = milliseconds_per_call(lambda: tflite.embed([image]), runs)
        cosine = float(tflite.embed([image])[0] @ resnet.embed([image])[0])
    print(f"TFLiteResNet50Embedder.embed (int8)    {latency_summary(tflite_times)}   cosine to Keras {cosine:.5f}")


def bench_indexing(folder: Path, resnet_images: int) -> dict[str, tuple[np.ndarray, list]]:
    print(f"\n== Indexing throughput on {folder} (decode + preprocess + embed) ==")
    rows, _ = read_styles(folder, check_images=True)
    vectors_by_embedder = {}
    for embedder, count in ((ColourShapeEmbedder(), len(rows)), (ResNet50Embedder(weights=None), resnet_images)):
        subset = rows[:count]
        embedder.embed([load_image(subset[0].image_path)])  # model build and trace are start-up, not throughput
        start = time.perf_counter()
        vectors = embed_files(embedder, [row.image_path for row in subset])
        elapsed = time.perf_counter() - start
        rate = len(subset) / elapsed
        print(f"{embedder.name:18s} {len(subset):5d} images in {elapsed:6.1f} s = {rate:7.1f} images/s")
        vectors_by_embedder[embedder.name] = (vectors, subset)
    return vectors_by_embedder


def recall_against_exact(found: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / len(b) for a, b in zip(found.tolist(), exact.tolist(), strict=True)]))


def bench_search(label: str, indexes: dict, queries: np.ndarray, runs: int, allowed: np.ndarray | None = None) -> None:
    """Single-query latency of each index and its recall@K against the exact one."""
    exact_ids = indexes["exact"].search(queries, K, allowed)[1]
    for kind, index in indexes.items():
        times = []
        for position in range(runs):
            query = queries[position % len(queries)][None]
            start = time.perf_counter()
            index.search(query, K, allowed)
            times.append((time.perf_counter() - start) * 1000)
        recall = recall_against_exact(index.search(queries, K, allowed)[1], exact_ids)
        print(f"{label:40s} {kind:5s} {latency_summary(times)}   recall@{K} {recall:.3f}")


def bench_sample_search(vectors_by_embedder: dict, runs: int) -> None:
    print(f"\n== Search at sample size (catalogue/query split of the sample, k={K}) ==")
    for name, (vectors, rows) in vectors_by_embedder.items():
        position = {row.id: i for i, row in enumerate(rows)}
        catalogue, queries = split_catalog_queries(rows, query_fraction=1 / 6, seed=0)
        catalogue_rows = np.array([position[row.id] for row in catalogue])
        query_rows = np.array([position[row.id] for row in queries])
        ids = np.array([row.id for row in catalogue], dtype=np.int64)
        indexes = {kind: build_index(vectors[catalogue_rows], ids, kind=kind) for kind in ("exact", "hnsw")}
        bench_search(f"{name} {len(catalogue)}x{vectors.shape[1]}", indexes, vectors[query_rows], runs)


def clustered_unit_vectors(n: int, dim: int, clusters: int, seed: int) -> np.ndarray:
    """Product-like data: tight groups of near-duplicates around random centres."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dim), dtype=np.float32)
    vectors = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 10_000):
        stop = min(n, start + 10_000)
        block = centres[rng.integers(0, clusters, stop - start)]
        block += rng.standard_normal(block.shape, dtype=np.float32)
        vectors[start:stop] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return vectors


def build_hnsw_within_budget(vectors: np.ndarray, budget_s: float):
    """Add vectors in chunks until done or out of time; returns (index, rows added, seconds)."""
    import faiss

    hnsw = faiss.IndexHNSWFlat(vectors.shape[1], 32)
    hnsw.hnsw.efConstruction = 40
    start = time.perf_counter()
    added = 0
    while added < len(vectors) and time.perf_counter() - start < budget_s:
        chunk = vectors[added : added + 10_000]
        hnsw.add(chunk)
        added += len(chunk)
    return hnsw, added, time.perf_counter() - start


def bench_synthetic_search(n: int, budget_s: float, runs: int) -> None:
    from recommender.index import HNSWIndex

    dim = 2048
    print(f"\n== Search on {n:,} synthetic clustered {dim}-d unit vectors (k={K}) ==")
    start = time.perf_counter()
    vectors = clustered_unit_vectors(n + 200, dim, clusters=max(10, n // 100), seed=0)
    vectors, queries = vectors[:n], vectors[n:]
    print(f"generated {n:,} vectors ({vectors.nbytes / 2**30:.2f} GiB) in {time.perf_counter() - start:.1f} s")
    faiss_index, added, seconds = build_hnsw_within_budget(vectors, budget_s)
    note = "" if added == n else f"  -- stopped at the {budget_s:.0f} s budget; both indexes use these {added:,}"
    print(
        f"HNSW (M=32, efConstruction=40) built over {added:,} vectors in {seconds:.1f} s "
        f"= {added / seconds:,.0f} vectors/s{note}"
    )
    ids = np.arange(added, dtype=np.int64)
    start = time.perf_counter()
    exact = build_index(vectors[:added], ids, kind="exact")
    print(f"exact index built in {time.perf_counter() - start:.1f} s")
    for ef_search in (64, 128):
        hnsw = HNSWIndex(faiss_index, ids, ef_search=ef_search)
        bench_search(f"{added:,}x{dim} efSearch={ef_search}", {"exact": exact, "hnsw": hnsw}, queries, runs)
    hnsw = HNSWIndex(faiss_index, ids)
    for fraction in (0.1, 0.01):
        allowed = np.random.default_rng(1).random(added) < fraction
        label = f"{added:,}x{dim} efSearch={hnsw.ef_search} {fraction:.0%} allowed"
        bench_search(label, {"exact": exact, "hnsw": hnsw}, queries, runs, allowed)


def main() -> None:
    arguments = parse_arguments()
    folder = sample_folder()
    have_sample = (folder / "styles.csv").is_file()
    image_path = next((folder / "images").glob("*.jpg")) if have_sample else None
    if image_path is not None:
        image = load_image(image_path)
        print(f"single image: {image_path.name} {image.size[0]}x{image.size[1]}")
    else:
        from PIL import Image

        image = Image.new("RGB", (225, 300), "white")
        print(f"fashion sample not found at {folder}: single-image figures use a blank 225x300 image")
    bench_single_image(image, arguments.runs)
    if have_sample:
        vectors_by_embedder = bench_indexing(folder, arguments.resnet_images)
        bench_sample_search(vectors_by_embedder, arguments.runs)
    bench_synthetic_search(arguments.synthetic, arguments.hnsw_budget, arguments.runs)


if __name__ == "__main__":
    main()
