"""Timing helpers shared by the benchmarks: repeat a call, report median and p95 (or any percentiles)."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np


def milliseconds_per_call(call: Callable[[], object], runs: int, warmup: int = 3) -> list[float]:
    """Run `call` `warmup` times untimed, then `runs` times; the wall time of each timed run in ms."""
    for _ in range(warmup):
        call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def latency_summary(times: list[float]) -> str:
    p95 = float(np.percentile(times, 95))
    return f"median {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms   ({len(times)} runs)"


def percentiles(times: list[float], points: tuple[float, ...] = (50, 95, 99)) -> list[float]:
    """The given percentiles of `times` (numpy's linear interpolation); NaN for no times."""
    if not times:
        return [float("nan")] * len(points)
    return [float(value) for value in np.percentile(times, points)]
