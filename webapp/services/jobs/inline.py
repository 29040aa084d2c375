"""The in-process job runner, for a shop without Redis: jobs run after the response, never inside it.

During a request, enqueued jobs wait on the request; when the response is finished they are handed to
the response's close, which the WSGI server calls once the last byte has been sent (PEP 3333), so
the visitor never waits for an SMTP server or an index update. Outside a request they run at once.
Each job runs in a fresh app context (its own database session) and a job that fails is logged,
never raised: nothing the job does can fail the request, or the command, that asked for it.

Without Redis there are no CronJobs to rely on either, so a finished response also runs the periodic
jobs whose INLINE_PERIODIC_MINUTES have passed in this process.
"""
from __future__ import annotations

import logging
import threading
import time
from functools import partial
from typing import Any

from flask import Flask, current_app, g, has_request_context
from flask.wrappers import Response

from webapp.services.jobs.registry import PERIODIC
from webapp.services.jobs.worker import run_job

log = logging.getLogger(__name__)
_WAITING = "jobs waiting for the response"
_LAST_RUNS = "periodic jobs last run"
_periodic_lock = threading.Lock()

Job = tuple[str, dict[str, Any]]


def run_soon(name: str, args: dict[str, Any]) -> None:
    """After the current response, or at once when there is no request."""
    if has_request_context():
        g.setdefault(_WAITING, []).append((name, args))
    else:
        run_logged(current_app._get_current_object(), [(name, args)])


def hand_to_response(response: Response) -> Response:
    """after_request: the request's jobs (and the periodic ones due) run when the response is closed."""
    jobs: list[Job] = g.pop(_WAITING, []) + [(name, {}) for name in _periodic_jobs_due()]
    if jobs:
        response.call_on_close(partial(run_logged, current_app._get_current_object(), jobs))
    return response


def run_logged(app: Flask, jobs: list[Job]) -> None:
    """Run each job; a failure is logged and the next job still runs."""
    for name, args in jobs:
        try:
            run_job(app, name, args)
        except Exception:
            log.exception("Job %s(%s) failed; its work is left for the next run.", name, args)


def _periodic_jobs_due() -> list[str]:
    """The periodic jobs whose interval has passed in this process; they count as run from now."""
    minutes = current_app.config["INLINE_PERIODIC_MINUTES"]
    if minutes <= 0:
        return []
    now = time.monotonic()
    with _periodic_lock:
        last_runs: dict[str, float] = current_app.extensions.setdefault(_LAST_RUNS, {})
        due = [name for name in PERIODIC if name not in last_runs or now - last_runs[name] >= minutes * 60]
        last_runs.update(dict.fromkeys(due, now))
    return due


def register(app: Flask) -> None:
    """Without Redis, a request's jobs wait for its response to be sent."""
    app.after_request(hand_to_response)
