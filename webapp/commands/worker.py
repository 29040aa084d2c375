"""flask worker: run background jobs from the RQ queue on REDIS_URL (services/jobs)."""
from __future__ import annotations

import click
from flask import current_app


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty instead of waiting for more jobs.")
def worker_command(burst: bool) -> None:
    """Run the shop's background jobs (mail, look-alike updates) from JOBS_QUEUE on REDIS_URL."""
    from webapp.services.jobs.queue import redis_connection
    from webapp.services.jobs.worker import work

    if not current_app.config.get("REDIS_URL"):
        raise click.UsageError("REDIS_URL is not set: without Redis, jobs run in the web process after each response.")
    work(redis_connection(), current_app.config["JOBS_QUEUE"], burst=burst)
