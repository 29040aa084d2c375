# Production image: gunicorn serving wsgi:app with gunicorn.conf.py. Migrations, catalogue indexing and
# the periodic commands run as k8s Jobs and CronJobs from this same image (see k8s/).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    SHOP_CONFIG=production \
    INSTANCE_DIR=/var/lib/shop \
    KERAS_HOME=/var/lib/shop/keras \
    FLASK_APP=wsgi
# glibc gives each thread a malloc arena that keeps what it freed: 32 photo searches over gunicorn's
# threads took a worker to 546 MB, 269 MB with two arenas (python bench/bench_photo_memory.py).
ENV MALLOC_ARENA_MAX=2

WORKDIR /app
COPY requirements.txt .
RUN pip install --upgrade pip && pip install -r requirements.txt

COPY config.py wsgi.py gunicorn.conf.py ./
COPY webapp ./webapp
COPY recommender ./recommender
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static

# A numeric USER: Kubernetes can check runAsNonRoot only against a uid, never against a name.
# The same 10001 is runAsUser/runAsGroup/fsGroup in k8s/.
RUN groupadd --system --gid 10001 shop \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/shop --no-create-home shop \
    && mkdir -p /var/lib/shop && chown 10001:10001 /var/lib/shop
USER 10001:10001
VOLUME ["/var/lib/shop"]
EXPOSE 8000

# Workers, threads, the Server header and why there is no --preload: gunicorn.conf.py.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
