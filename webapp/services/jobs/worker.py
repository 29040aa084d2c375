"""Running jobs: perform() is what RQ calls (and the in-process runner too); work() is `flask worker`."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app
from redis import Redis
from rq import Queue, SimpleWorker

from webapp.services.jobs.registry import job_function

log = logging.getLogger(__name__)


def perform(name: str, args: dict[str, Any]) -> object:
    """What RQ calls inside `flask worker`: the job, in a fresh app context of the worker's app."""
    return run_job(current_app._get_current_object(), name, args)


def run_job(app: Flask, name: str, args: dict[str, Any]) -> object:
    """Run job `name` in a fresh app context: a database session of its own, removed (rolled back) after."""
    with app.app_context():
        result = job_function(name)(**args)
    log.info("Job %s done: %s", name, result)
    return result


def work(connection: Redis, queue_name: str, burst: bool = False) -> bool:
    """Run jobs from the queue until stopped (or, with burst, until it is empty), inside the current app.

    A SimpleWorker runs each job in this process instead of a forked child: the image model is loaded
    once and kept between look-alike updates, and TensorFlow hangs in a child forked after it was built.
    """
    worker = SimpleWorker([Queue(queue_name, connection=connection)], connection=connection)
    return worker.work(burst=burst, logging_level="INFO")
