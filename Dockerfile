# Production image: gunicorn serving wsgi:app. Migrations and catalogue indexing run as k8s Jobs
# from this same image (see k8s/).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    SHOP_CONFIG=production \
    INSTANCE_DIR=/var/lib/shop \
    FLASK_APP=wsgi

WORKDIR /app
COPY requirements.txt .
RUN pip install --upgrade pip && pip install -r requirements.txt

COPY config.py wsgi.py ./
COPY webapp ./webapp
COPY recommender ./recommender
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static

RUN useradd --system --uid 10001 --home /var/lib/shop shop \
    && mkdir -p /var/lib/shop && chown shop /var/lib/shop
USER shop
VOLUME ["/var/lib/shop"]
EXPOSE 8000

# No --preload: TensorFlow hangs in a forked child when the model was built in the parent,
# so every worker loads its own model after the fork.
CMD ["gunicorn", "wsgi:app", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "4", \
     "--timeout", "60", "--access-logfile", "-"]
