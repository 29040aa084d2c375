"""Column helpers shared by the models."""
import re
from datetime import UTC, datetime

# Integer ids are 32-bit on PostgreSQL: a larger number can name no row (and would make the query fail).
MAX_ID = 2**31 - 1
_ROW_ID = re.compile(r"[0-9]{1,10}")


def parse_row_id(text: str | None) -> int | None:
    """A row id from outside (URL, form, metadata); anything else, or a number no id can have, is None."""
    text = (text or "").strip()
    return int(text) if _ROW_ID.fullmatch(text) and int(text) <= MAX_ID else None


def utcnow() -> datetime:
    """Naive UTC timestamp: stored the same on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)
