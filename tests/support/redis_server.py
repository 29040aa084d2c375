"""The Redis on loopback that tests of queued jobs and shared limits use: database 5, never flushed.

Tests running side by side (pytest -n) share it, so each test names its own queue and key prefix
instead of emptying the database.
"""
from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator

import pytest
from redis import Redis, RedisError

REDIS_URL = "redis://127.0.0.1:6379/5"


def free_port() -> int:
    """A loopback port where nothing listens (connection refused), for a service that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unique_name(kind: str) -> str:
    return f"test-{kind}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def redis_url() -> Iterator[str]:
    """REDIS_URL of the loopback Redis (database 5); the test is skipped where none runs."""
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except RedisError as exc:
        pytest.skip(f"no Redis on 127.0.0.1:6379 ({exc})")
    yield REDIS_URL
    client.close()
