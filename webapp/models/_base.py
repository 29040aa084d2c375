"""Column helpers shared by the models."""
from datetime import UTC, datetime

# Integer ids are 32-bit on PostgreSQL: a larger number can name no row (and would make the query fail).
MAX_ID = 2**31 - 1


def utcnow() -> datetime:
    """Naive UTC timestamp: stored the same on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)
