"""Text that becomes one line somewhere (a mail header, a name): line breaks and control characters go.

A mail header that holds a line break is two headers: `Size question\r\nBcc: victim@example.com` as a
subject would add a recipient, and Python's email library refuses to build such a mail at all. So
whatever people type that may end up in a header is made one line where it enters the shop.
"""
from __future__ import annotations

import re

# Control characters (C0, DEL, C1, which hold CR, LF, NEL and NUL) and the Unicode line and paragraph
# separators, which the email library also reads as line breaks.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """`text` with every run of line breaks and control characters made one space, and trimmed."""
    return _BREAKS.sub(" ", text).strip()
