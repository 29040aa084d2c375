"""enqueue(): hand a job to RQ when REDIS_URL is set, else to the in-process runner.

Enqueueing never fails the request that asks: when Redis cannot be reached the job runs in this
process instead (after the response), and the log says so. The change that needed the job is
committed by then either way, so nothing is lost.
"""
from __future__ import annotations

import logging

from flask import current_app
from redis import Redis, RedisError
from rq import Queue

from webapp.services.jobs import inline
from webapp.services.jobs.registry import check_known
from webapp.services.jobs.worker import perform

log = logging.getLogger(__name__)
_QUEUE_KEY = "rq queue"


def enqueue(name: str, **args: object) -> None:
    """Run job `name` with `args` outside the current request (and after the current commit)."""
    check_known(name)
    if current_app.config.get("REDIS_URL"):
        try:
            rq_queue().enqueue(
                perform, name, args,
                job_timeout=current_app.config["JOB_TIMEOUT_SECONDS"],
                description=f"{name}({', '.join(f'{key}={value!r}' for key, value in args.items())})"[:200],
            )
            return
        except RedisError as exc:
            log.warning("Redis cannot be reached (%s): job %s runs in this process instead.", exc, name)
    inline.run_soon(name, args)


def redis_connection() -> Redis:
    """This app's connection to REDIS_URL, with timeouts so that a Redis that hangs cannot hold up a request."""
    timeout = current_app.config["REDIS_TIMEOUT_SECONDS"]
    return Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=timeout, socket_timeout=timeout)


def rq_queue() -> Queue:
    """The RQ queue JOBS_QUEUE on REDIS_URL, made once per app and setting."""
    wanted = (current_app.config["REDIS_URL"], current_app.config["JOBS_QUEUE"])
    made = current_app.extensions.get(_QUEUE_KEY)
    if made is None or made[0] != wanted:
        made = (wanted, Queue(wanted[1], connection=redis_connection()))
        current_app.extensions[_QUEUE_KEY] = made
    return made[1]
