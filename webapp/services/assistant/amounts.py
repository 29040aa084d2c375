"""Numbers in a message: prices ("under 50", "between 20 and 40", "below €60"), quantities ("add 2 of
these"), order numbers ("order 12", "#12") and coupon codes ("apply WELCOME10").

Each finder returns what it found and the message without it, so that "under 50" never reads as a
size and a coupon code never reads as a typo of a catalogue word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from webapp.services.pricing.promotions import COUPON_CODE

_NUM = r"(\d{1,7}(?:[.,]\d{1,2})?)"
_CUR = r"(?:\s*(?:€|eur\b|euros?\b|\$|dollars?\b|bucks\b))?"
_PRE = r"(?:€\s*|eur\s+|\$\s*)?"
_BETWEEN = re.compile(rf"\b(?:between|from)\s+{_PRE}{_NUM}{_CUR}\s*(?:and|to|-)\s*{_PRE}{_NUM}{_CUR}")
_RANGE = re.compile(rf"{_PRE}\b{_NUM}\s*(?:-|to)\s*{_PRE}{_NUM}(?:\s*(?:€|eur\b|euros?\b))")
_AT_MOST = re.compile(
    rf"(?:\b(?:under|below|less than|cheaper than|max(?:imum)?(?: of)?|up to|at most|no more than|not more than|"
    rf"lower than|beneath|within|for less than|budget(?: of| is)?)|<)\s*{_PRE}{_NUM}{_CUR}"
)
_AT_MOST_AFTER = re.compile(rf"{_PRE}\b{_NUM}{_CUR}\s+(?:or less|or under|or below|max|maximum|tops)\b")
_AT_LEAST = re.compile(
    rf"(?:\b(?:over|above|more than|at least|min(?:imum)?(?: of)?|starting at|higher than|pricier than|from)|>)"
    rf"\s*{_PRE}{_NUM}{_CUR}"
)
_AT_LEAST_AFTER = re.compile(rf"{_PRE}\b{_NUM}{_CUR}\s+(?:or more|and up|and above|plus)\b")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "a couple": 2, "a pair": 2, "a few": 3}
_QTY = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a couple|a pair|a few)"
_VERB = r"(?:add|put|get|buy|take|want|need|order|grab|make it)"
_COUNTED = r"(?:x\b|×|of (?:these|those|them|it|this|that|the|each)\b|pieces?\b|items?\b|pairs?\b|units?\b|more\b)"
_QUANTITY = (
    re.compile(rf"\b{_VERB}\s+(?:me\s+)?{_QTY}\b(?!\s*(?:€|euros?|st|nd|rd|th)\b)"),
    re.compile(rf"\b{_QTY}\s*{_COUNTED}"),
    re.compile(r"\bquantity(?: of)?\s+(\d{1,2})\b"),
)
_ORDER = re.compile(
    r"\b(?:order|purchase|parcel|package|delivery)\s*(?:number|no\.?|nr\.?|num)?\s*#?\s*(\d{1,9})\b|#(\d{1,9})\b"
)
_CODE_AFTER = re.compile(
    r"\b(?:apply|use|using|redeem|enter|add|try|code|coupon|voucher|promo)\s+(?:the\s+|my\s+|this\s+)?"
    r"(?:(?:coupon|voucher|promo|discount)\s+)?(?:code\s+)?([A-Za-z0-9][A-Za-z0-9_-]{2,31})\b",
    re.IGNORECASE,
)
_LOUD_CODE = re.compile(r"\b([A-Z][A-Z0-9_-]*\d[A-Z0-9_-]*|[A-Z]{4,}\d*)\b")
_NOT_CODES = frozenset({
    "the", "a", "my", "this", "that", "it", "code", "coupon", "voucher", "promo", "discount", "for", "to", "on",
    "please", "one", "some", "any", "me", "and", "in", "of", "these", "those", "them", "cart", "order", "size",
    "second", "first", "third", "last", "more", "another", "item", "product", "shipping",
})


@dataclass
class Amounts:
    min_price: float | None = None
    max_price: float | None = None
    rest: str = ""
    spans: list[str] = field(default_factory=list)


def _number(raw: str) -> float:
    return float(raw.replace(",", "."))


def shop_number(value: float) -> int | float:
    """A price as a slot shows it: 50, not 50.0."""
    return int(value) if value == int(value) else round(value, 2)


def find_prices(text: str) -> Amounts:
    """The price range a (lower case) message asks for, and the message without it."""
    found = Amounts(rest=text)
    match = _BETWEEN.search(found.rest) or _RANGE.search(found.rest)
    if match:
        low, high = sorted((_number(match.group(1)), _number(match.group(2))))
        found.min_price, found.max_price = low, high
        found.rest = _cut(found.rest, match)
    for pattern in (_AT_MOST, _AT_MOST_AFTER):
        if found.max_price is None and (match := pattern.search(found.rest)):
            found.max_price = _number(match.group(1))
            found.rest = _cut(found.rest, match)
    for pattern in (_AT_LEAST, _AT_LEAST_AFTER):
        if found.min_price is None and (match := pattern.search(found.rest)):
            found.min_price = _number(match.group(1))
            found.rest = _cut(found.rest, match)
    return found


def find_quantity(text: str) -> tuple[int | None, str]:
    for pattern in _QUANTITY:
        match = pattern.search(text)
        if match:
            raw = match.group(1)
            value = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
            return value, _cut(text, match)
    return None, text


def find_order_number(text: str) -> tuple[int | None, str]:
    match = _ORDER.search(text)
    if match is None:
        return None, text
    return int(match.group(1) or match.group(2)), _cut(text, match)


def find_code(original: str) -> str | None:
    """A coupon code as typed anywhere in the message, upper case; None when there is none."""
    for match in _CODE_AFTER.finditer(original):
        word = match.group(1)
        if word.lower() not in _NOT_CODES and COUPON_CODE.fullmatch(word.upper()):
            return word.upper()
    for match in _LOUD_CODE.finditer(original):
        if COUPON_CODE.fullmatch(match.group(1)) and match.group(1).lower() not in _NOT_CODES:
            return match.group(1)
    return None


def _cut(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end():]}"
