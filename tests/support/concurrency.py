"""Simultaneous calls on real connections: threads released together by a barrier."""
from __future__ import annotations

import threading
from collections.abc import Callable

from webapp.extensions import db


def run_together(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released at the same instant; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def count(query) -> int:
    db.session.expire_all()
    return db.session.scalar(query)
