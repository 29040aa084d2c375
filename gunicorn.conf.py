"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (the Dockerfile's command).

Flags on the command line win over these. WEB_CONCURRENCY and GUNICORN_THREADS size a pod; keep
DB_POOL_SIZE + DB_MAX_OVERFLOW at or above GUNICORN_THREADS (see README, Deploy).
"""
import os

import gunicorn.http.wsgi

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
# gunicorn's own default of 2 s closes a kept-alive connection that a load balancer still thinks open, and
# the balancer's next request on it meets a reset. Stay idle longer than balancers do (often 60 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
accesslog = "-"
# Never preload: TensorFlow hangs in a forked child when the model was built in the parent, so every
# worker imports the app and builds its own model after the fork.
preload_app = False
# Worker heartbeat files go on tmpfs: the root file system is read-only and /tmp may sit on a slow disk.
# gunicorn makes them with mkstemp, so a shared folder is safe here.
worker_tmp_dir = "/dev/shm"  # noqa: S108
# The gunicornc control socket would be made under $HOME, which is the volume every pod shares.
control_socket_disable = True

# gunicorn writes this name into the Server header of every response and has no setting for it.
# Response reads the module global at each request, so replacing it here (before any worker
# forks) renames the server without telling scanners which software and version to try.
gunicorn.http.wsgi.SERVER = "lookalike"
