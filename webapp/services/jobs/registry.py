"""The shop's background jobs, by name. Each is a function of JSON-able keyword arguments.

Named by import path and imported when run, so that the services which enqueue jobs (mail, the
catalogue) need not import the services the jobs call.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

JOBS: dict[str, str] = {
    "send_mail": "webapp.services.engagement.mail:send_mails",
    "retry_mail": "webapp.services.engagement.mail:send_queued",
    "update_lookalikes": "webapp.services.visual_search.building:update_products",
    "purge_uploads": "webapp.services.visual_search.uploads:purge_expired_uploads",
    "cancel_stale_orders": "webapp.services.buying.unpaid:cancel_stale_orders",
}
# Run by CronJobs (their flask commands) in production, and now and then after a response without Redis.
PERIODIC = ("retry_mail", "purge_uploads", "cancel_stale_orders")


class UnknownJob(KeyError):
    pass


def check_known(name: str) -> None:
    if name not in JOBS:
        raise UnknownJob(f"No job is called {name!r}; the jobs are {', '.join(JOBS)}.")


def job_function(name: str) -> Callable[..., object]:
    check_known(name)
    module, _, function = JOBS[name].partition(":")
    return getattr(import_module(module), function)
