"""Fixtures for rate limits: switched on per test, shops of their own for settings read at start, Redis."""
from tests.support.extra_shops import extra_shop  # noqa: F401  (fixtures, shared)
from tests.support.limits import rate_limits  # noqa: F401
from tests.support.redis_server import redis_url  # noqa: F401
