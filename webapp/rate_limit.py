"""A small in-process sliding-window rate limiter ("10/minute" per client).

In-process means per worker: with several gunicorn workers a client gets the limit in each. That
bounds abuse of the expensive photo search well enough for one host; a shared store would make it exact.
"""
from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable

from flask import current_app

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)s?\s*$")
# Idle clients are forgotten once this many are tracked, so memory stays bounded.
MAX_TRACKED_CLIENTS = 10_000


def parse_rate(text: str) -> tuple[int, float]:
    """Read a rate such as "10/minute" as (10, 60.0); raises ValueError for anything else."""
    match = RATE_PATTERN.match(text)
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"a rate looks like '10/minute' (second, minute, hour or day), not {text!r}")
    return int(match.group(1)), float(PERIODS[match.group(2)])


class SlidingWindowLimiter:
    """At most `limit` hits per `window` seconds per key, over any window (not fixed clock minutes)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Count a hit for `key`; None when allowed, else the seconds until the next hit will be."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window - now
            hits.append(now)
            if len(self._hits) > MAX_TRACKED_CLIENTS:
                self._forget_idle(now)
            return None

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.window]:
            del self._hits[key]


def limiter(name: str, setting: str) -> SlidingWindowLimiter:
    """The app's limiter called `name`, following the rate in config[`setting`] (made anew when it changes)."""
    rate = current_app.config[setting]
    limiters = current_app.extensions.setdefault("rate_limiters", {})
    current = limiters.get(name)
    if current is None or current[0] != rate:
        current = (rate, SlidingWindowLimiter(*parse_rate(rate)))
        limiters[name] = current
    return current[1]
