"""What the assistant remembers between messages, kept in the visitor's session: small and bounded.

The last products shown (ids), the last search's filters and page, the product in focus, one pending
question (which size, confirm a cancellation, the text or email of a feedback) and the last few
lines of the conversation (for a handoff to a person). The session is a signed cookie, so nothing
here may grow: every list is capped.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_SHOWN = 12
MAX_LOG = 8
MAX_LOG_TEXT = 200
MAX_PENDING_TEXT = 500


class Conversation:
    """A copy of the stored state; `stored()` gives what to put back in the session."""

    def __init__(self, stored: Mapping[str, Any] | None = None) -> None:
        stored = stored if isinstance(stored, Mapping) else {}
        self.shown: list[int] = [int(i) for i in stored.get("shown", []) if isinstance(i, int)][:MAX_SHOWN]
        filters = stored.get("filters")
        self.filters: dict[str, Any] = dict(filters) if isinstance(filters, Mapping) else {}
        self.offset: int = int(stored.get("offset", 0) or 0)
        focus = stored.get("focus")
        self.focus: int | None = focus if isinstance(focus, int) else None
        pending = stored.get("pending")
        self.pending: dict[str, Any] | None = dict(pending) if isinstance(pending, Mapping) else None
        self.log: list[list[str]] = [list(entry) for entry in stored.get("log", []) if len(entry) == 2][-MAX_LOG:]

    def show(self, product_ids: list[int]) -> None:
        self.shown = list(product_ids)[:MAX_SHOWN]
        if len(self.shown) == 1:
            self.focus = self.shown[0]

    def ask(self, kind: str, **details: Any) -> None:
        self.pending = {"kind": kind, **details}

    def settle(self) -> dict[str, Any] | None:
        """The pending question, which is answered (or dropped) now."""
        pending, self.pending = self.pending, None
        return pending

    def record(self, speaker: str, text: str) -> None:
        self.log = [*self.log, [speaker, text[:MAX_LOG_TEXT]]][-MAX_LOG:]

    def transcript(self) -> str:
        return "\n".join(f"{speaker}: {text}" for speaker, text in self.log)

    def stored(self) -> dict[str, Any]:
        return {"shown": self.shown, "filters": self.filters, "offset": self.offset, "focus": self.focus,
                "pending": self.pending, "log": self.log}
