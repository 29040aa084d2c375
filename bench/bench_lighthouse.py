"""Lighthouse (phone) performance and accessibility for the storefront's main pages. Measures and prints.

It runs Lighthouse 12 from the npm registry (`npx lighthouse`, or the binary named by LIGHTHOUSE) against
Debian's chromium, with Lighthouse's default phone emulation and simulated slow-4G throttling, on a shop
that is already serving (`make run`, or any URL):

    .venv/bin/python bench/bench_lighthouse.py http://127.0.0.1:5000 --product /products/9 --runs 3

Each page is measured --runs times and the median score is printed, because one run moves by a few points.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

LIGHTHOUSE_VERSION = "12.8.2"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
CATEGORIES = ("performance", "accessibility")


def lighthouse_command() -> list[str]:
    """The Lighthouse CLI: $LIGHTHOUSE when set (a local install), else the pinned version through npx."""
    configured = os.environ.get("LIGHTHOUSE")
    if configured:
        return shlex.split(configured)
    return ["npx", "--yes", f"lighthouse@{LIGHTHOUSE_VERSION}"]


def scores_of(url: str) -> dict[str, float]:
    """One Lighthouse run on `url`: the score (0-100) of each category in CATEGORIES."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        subprocess.run(
            [*lighthouse_command(), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
            check=True, env=env, stdout=subprocess.DEVNULL,
        )
        categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="the serving shop, e.g. http://127.0.0.1:5000")
    parser.add_argument("--product", default="/products/9", help="path of one product page")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pages = {"home": "/", "catalogue": "/products", "product": args.product}
    print(f"Lighthouse {LIGHTHOUSE_VERSION}, phone emulation, median of {args.runs} runs")
    print(f"{'page':<10} {'performance':>12} {'accessibility':>14}")
    for name, path in pages.items():
        runs = [scores_of(args.base_url.rstrip("/") + path) for _ in range(args.runs)]
        medians = {category: statistics.median(run[category] for run in runs) for category in CATEGORIES}
        print(f"{name:<10} {medians['performance']:>12.0f} {medians['accessibility']:>14.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
