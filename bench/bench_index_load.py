"""What loading a look-alike index version costs a worker: memory-mapped (shared, but a SIGBUS when a file
is truncated under it) against checked and copied into memory (what the shop does now).

Run from the repository root:  python bench/bench_index_load.py [--products 3000 44000] [--dim 2048] [--workers 4]

For each catalogue size it publishes one version of an exact index of random unit vectors, then loads
it in a fresh process per way and prints the time to load (and, for the copy, to check every file's
SHA-256 first) and what the process gained: private memory (RssAnon) and mapped file pages (RssFile,
shared between workers through the page cache). Then it loads it in --workers processes at once, as
gunicorn's workers do, and prints what they hold together: the sum of their RSS (shared pages counted in
every process) and of their PSS (shared pages split between the processes that map them), the figure
that says what a pod needs. Prints figures only.
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
print(json.dumps({{"seconds": seconds, **{{key: after[key] - before[key] for key in after}}}}), flush=True)
sys.stdin.readline()  # stay loaded until the parent has measured every worker
"""


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, nargs="+", default=[3000, 44000])
    parser.add_argument("--dim", type=int, default=2048)
    parser.add_argument("--workers", type=int, default=4, help="processes holding the index at once (a pod's workers)")
    return parser.parse_args()


def publish_random_index(root: Path, products: int, dim: int) -> Path:
    vectors = np.random.default_rng(0).standard_normal((products, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = build_index(vectors, np.arange(products))
    return publish_version(root, lambda folder: index.save(folder / "index"))


def start_loaders(folder: Path, way: str, count: int) -> list[subprocess.Popen]:
    script = LOADER.format(repo=str(REPO_ROOT))
    return [subprocess.Popen([sys.executable, "-c", script, str(folder), way], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True) for _ in range(count)]


def memory_kb(pid: int) -> dict[str, int]:
    """Rss and Pss of a live process, in kB (/proc/PID/smaps_rollup)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    return {key: int(fields[key].split()[0]) for key in ("Rss", "Pss")}


def load_in_processes(folder: Path, way: str, count: int) -> tuple[list[dict], list[dict]]:
    """Load the version in `count` processes at once: what each reported gaining, and each one's Rss/Pss."""
    loaders = start_loaders(folder, way, count)
    try:
        figures = [json.loads(loader.stdout.readline()) for loader in loaders]
        memory = [memory_kb(loader.pid) for loader in loaders]
    finally:
        for loader in loaders:
            loader.communicate("\n", timeout=60)
    return figures, memory


def main() -> None:
    arguments = parse_arguments()
    print(f"{'products':>9} {'file MB':>8}  {'way':<22} {'load s':>7} {'private MB':>11} {'mapped MB':>10}   "
          f"{arguments.workers} workers at once: {'RSS MB':>8} {'PSS MB':>8}")
    for products in arguments.products:
        with tempfile.TemporaryDirectory() as root:
            folder = publish_random_index(Path(root), products, arguments.dim)
            size = sum(path.stat().st_size for path in folder.rglob("*.npy")) / 2**20
            for way, label in (("mmap", "memory-mapped"), ("copy", "checked + in memory")):
                (alone,), _ = load_in_processes(folder, way, 1)
                _, together = load_in_processes(folder, way, arguments.workers)
                rss, pss = (sum(worker[key] for worker in together) / 1024 for key in ("Rss", "Pss"))
                print(f"{products:>9} {size:>8.1f}  {label:<22} {alone['seconds']:>7.2f} "
                      f"{alone['RssAnon'] / 1024:>11.1f} {alone['RssFile'] / 1024:>10.1f}   "
                      f"{'':>18}{rss:>8.0f} {pss:>8.0f}")


if __name__ == "__main__":
    main()
