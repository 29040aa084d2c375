"""One turn of the conversation: a pending question is answered first (which size, confirm a cancellation,
the text or email of a feedback), otherwise the message is understood and its intent's skill answers."""
from __future__ import annotations

from PIL import Image

from webapp.services.assistant.replies import Reply, Shopper
from webapp.services.assistant.skills import SKILLS, basket, finding, ordering, talking

MAX_MESSAGE = 500
TOO_LONG = f"Please keep a message to at most {MAX_MESSAGE} characters."
_PENDING_ANSWERS = {
    "size": basket.answer_size,
    "cancel": ordering.answer_cancel,
    "feedback": talking.answer_pending,
    "handoff": talking.answer_pending,
}


class MessageRefused(ValueError):
    """A message the assistant will not read (empty, too long, unprintable); the text is fit to show."""


def checked_text(raw: object) -> str:
    """The message as the assistant reads it, or MessageRefused saying what is wrong."""
    if not isinstance(raw, str):
        raise MessageRefused('Send your message as JSON: {"text": "..."}.')
    if "\x00" in raw:
        raise MessageRefused("The message contains a character we cannot accept (NUL).")
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in raw).split())
    if not text:
        raise MessageRefused("Type a message first.")
    if len(text) > MAX_MESSAGE:
        raise MessageRefused(TOO_LONG)
    return text


def answer(shopper: Shopper, text: str) -> Reply:
    """Answer one (checked) message, changing only what the shop's services change."""
    conversation = shopper.conversation
    conversation.record("You", text)
    reply = _pending_answer(shopper, text)
    if reply is None:
        understanding = shopper.interpreter.understand(text)
        reply = SKILLS[understanding.intent](shopper, understanding)
    conversation.record("Assistant", reply.text)
    return reply


def answer_photo(shopper: Shopper, image: Image.Image) -> Reply:
    shopper.conversation.record("You", "(sent a photo)")
    shopper.conversation.settle()
    reply = finding.photo(shopper, image)
    shopper.conversation.record("Assistant", reply.text)
    return reply


def _pending_answer(shopper: Shopper, text: str) -> Reply | None:
    pending = shopper.conversation.settle()
    if pending is None or pending.get("kind") not in _PENDING_ANSWERS:
        return None
    return _PENDING_ANSWERS[pending["kind"]](shopper, pending, text)
