"""Background jobs: slow or failure-prone work never runs inside a request.

A change commits, then calls enqueue(name, **args). With REDIS_URL the job goes to RQ and a `flask
worker` process runs it; without it (the embedded default, `make run`) it runs in the same process
after the response has been sent. Outside a request (a flask command, a test, a job itself) it runs
at once. Every job is idempotent and safe to run twice: it works from what the database says now.

- registry  the jobs there are, by name, and which of them are periodic
- queue     enqueue(): RQ when REDIS_URL is set (in-process when Redis cannot be reached)
- inline    the in-process runner: after the response, or at once outside a request
- worker    what RQ calls (a job by name, in a fresh app context) and the `flask worker` loop
"""
from webapp.services.jobs.queue import enqueue

__all__ = ["enqueue"]
