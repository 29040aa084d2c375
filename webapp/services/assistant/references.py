"""What "the second one", "the last one", "these" and product names point at.

Positions are 1-based, in the order the products were last shown. Pointing words without a position
("this", "these", "it") refer to the product in focus: the only one shown, the one just talked about,
or the product page the chat was opened on.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
    "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9,
    "tenth": 10, "10th": 10, "eleventh": 11, "11th": 11, "twelfth": 12, "12th": 12,
}
_ORDINAL = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b(?!\s+(?:order|purchase))")
_NUMBERED = re.compile(r"\b(?:number|no|item|product|option|result|nr)\s*(\d{1,2})\b")
_LAST = re.compile(r"\b(?:the\s+)?last\s+(?:one|item|product|option|result)\b|\bthe last\b(?!\s+(?:order|purchase))")
_POINTING = re.compile(r"\b(?:this|these|those|that|it|them|this one|that one)\b")
NAME_MATCH = 70  # token-set ratio a product name must reach to count as named


def find_position(text: str) -> tuple[int | str | None, str]:
    """1-based position, "last", or None; and the text without the words that said it."""
    match = _ORDINAL.search(text)
    if match:
        return _ORDINALS[match.group(1)], _cut(text, match)
    match = _NUMBERED.search(text)
    if match:
        return int(match.group(1)), _cut(text, match)
    match = _LAST.search(text)
    if match:
        return "last", _cut(text, match)
    return None, text


def points_at_something(text: str) -> bool:
    return _POINTING.search(text) is not None


def resolve_position(position: int | str | None, shown: Sequence[int]) -> int | None:
    """The product id at a position of the last shown products (None when there is no such position)."""
    if position is None or not shown:
        return None
    index = len(shown) if position == "last" else int(position)
    return shown[index - 1] if 1 <= index <= len(shown) else None


def best_name_match(text: str, names: dict[int, str]) -> int | None:
    """The id whose product name the message names best, when it names one clearly enough."""
    if not names or not text.strip():
        return None
    found = process.extractOne(text, names, scorer=fuzz.token_set_ratio, score_cutoff=NAME_MATCH)
    return found[2] if found else None


def _cut(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end():]}"
