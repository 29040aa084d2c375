"""The date range every admin report and filter reads from ?from=YYYY-MM-DD&to=YYYY-MM-DD.

Days are UTC days (timestamps are stored in naive UTC) and both ends are included.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from webapp.models._base import utcnow

DEFAULT_DAYS = 30
# A daily chart and table of more than a year stop being readable, and their cost grows with the span.
MAX_DAYS = 366
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateRangeError(ValueError):
    """The range asked for makes no sense; the message says why and is fit to show."""


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date

    @classmethod
    def last(cls, days: int, today: date | None = None) -> DateRange:
        """The `days` days that end today."""
        end = today or utcnow().date()
        return cls(end - timedelta(days=days - 1), end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def since(self) -> datetime:
        """The first moment in the range."""
        return datetime.combine(self.start, time.min)

    @property
    def until(self) -> datetime:
        """The first moment after the range (timestamps are compared with `<`)."""
        return datetime.combine(self.end + timedelta(days=1), time.min)

    def previous(self) -> DateRange:
        """The range of the same length just before this one: what a change is measured against."""
        return DateRange(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def each_day(self) -> Iterator[date]:
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)

    def args(self) -> dict[str, str]:
        """As query arguments, for links that keep the range."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    def __str__(self) -> str:
        return self.start.isoformat() if self.start == self.end else f"{self.start} to {self.end}"


def parse_range(
    args: Mapping[str, str], default_days: int = DEFAULT_DAYS, max_days: int | None = MAX_DAYS,
    today: date | None = None,
) -> DateRange:
    """The range in ?from= and ?to=; a missing end defaults to today, a missing start to `default_days` before it."""
    end = _day(args, "to") or today or utcnow().date()
    start = _day(args, "from") or end - timedelta(days=default_days - 1)
    if start > end:
        raise DateRangeError(f"The start date ({start}) is after the end date ({end}): swap them and try again.")
    if max_days is not None and (end - start).days + 1 > max_days:
        raise DateRangeError(f"Choose at most {max_days} days; {start} to {end} is {(end - start).days + 1} days.")
    return DateRange(start, end)


def optional_range(args: Mapping[str, str]) -> DateRange | None:
    """A range only when ?from= or ?to= is given (lists show everything otherwise); an open end is unbounded."""
    if not (args.get("from") or args.get("to")):
        return None
    bounds = {"from": args.get("from") or EARLIEST.isoformat(), "to": args.get("to") or ""}
    return parse_range(bounds, max_days=None)


def _day(args: Mapping[str, str], name: str) -> date | None:
    text = (args.get(name) or "").strip()
    if not text:
        return None
    try:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise DateRangeError(f"“{text[:40]}” is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31.") from None
    if not EARLIEST <= day <= LATEST:
        raise DateRangeError(f"{day} is outside the dates this shop reports on ({EARLIEST} to {LATEST}).")
    return day
