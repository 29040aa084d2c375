"""What loading a look-alike index version costs a worker: memory-mapped (shared, but a SIGBUS when a file
is truncated under it) against checked and copied into memory (what the shop does now).

Run from the repository root:  python bench/bench_index_load.py [--products 3000 44000] [--dim 2048]

For each catalogue size it publishes one version of an exact index of random unit vectors, then loads
it in a fresh process per way and prints the time to load (and, for the copy, to check every file's
SHA-256 first) and what the process gained: private memory (RssAnon) and mapped file pages (RssFile,
shared between workers through the page cache). Prints figures only.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from recommender import build_index, publish_version  # noqa: E402

LOADER = """
import json, sys, time
sys.path.insert(0, {repo!r})
import numpy as np
from recommender import load_index, verify_version

def status():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return {{key: int(fields[key].split()[0]) for key in ("RssAnon", "RssFile")}}

folder, way = sys.argv[1], sys.argv[2]
before = status()
start = time.perf_counter()
if way == "copy":
    verify_version(folder)
index = load_index(folder + "/index", memory_map=way == "mmap")
index.search(np.ones((1, index.dim), dtype=np.float32) / index.dim ** 0.5, 5)  # touches every vector
seconds = time.perf_counter() - start
after = status()
print(json.dumps({{"seconds": seconds, **{{key: after[key] - before[key] for key in after}}}}))
"""


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, nargs="+", default=[3000, 44000])
    parser.add_argument("--dim", type=int, default=2048)
    return parser.parse_args()


def publish_random_index(root: Path, products: int, dim: int) -> Path:
    vectors = np.random.default_rng(0).standard_normal((products, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = build_index(vectors, np.arange(products))
    return publish_version(root, lambda folder: index.save(folder / "index"))


def load_in_a_fresh_process(folder: Path, way: str) -> dict:
    script = LOADER.format(repo=str(REPO_ROOT))
    output = subprocess.run([sys.executable, "-c", script, str(folder), way], check=True, capture_output=True,
                            text=True).stdout
    return json.loads(output)


def main() -> None:
    arguments = parse_arguments()
    print(f"{'products':>9} {'file MB':>8}  {'way':<22} {'load s':>7} {'private MB':>11} {'mapped MB':>10}")
    for products in arguments.products:
        with tempfile.TemporaryDirectory() as root:
            folder = publish_random_index(Path(root), products, arguments.dim)
            size = sum(path.stat().st_size for path in folder.rglob("*.npy")) / 2**20
            for way, label in (("mmap", "memory-mapped"), ("copy", "checked + in memory")):
                figures = load_in_a_fresh_process(folder, way)
                print(f"{products:>9} {size:>8.1f}  {label:<22} {figures['seconds']:>7.2f} "
                      f"{figures['RssAnon'] / 1024:>11.1f} {figures['RssFile'] / 1024:>10.1f}")


if __name__ == "__main__":
    main()
