"""Builders for tapback reactions, read receipts and typing indicators (iMessage)."""

from __future__ import annotations

from typing import Any

from transports import RequestSpec

from .. import _validate as v
from ..models import Reaction, ReactionSent, ReadReceiptSent, TypingIndicatorSent

TYPING_STATES = frozenset({"start", "stop"})
MAX_TYPING_MS = 3_600_000


def send_reaction(
    message_handle: str, reaction: str, *, from_number: str, part_index: int | None = None
) -> RequestSpec[ReactionSent]:
    """Send a tapback (``Reaction.LOVE``, ...) to a message; iMessage only.

    ``POST /api/send-reaction``: ``reaction`` is one of ``Reaction.ALL``.
    """
    body: dict[str, Any] = {
        "from_number": v.e164("from_number", from_number),
        "message_handle": v.required_text("message_handle", message_handle),
        "reaction": v.one_of("reaction", reaction, Reaction.ALL),
    }
    if part_index is not None:
        body["part_index"] = v.non_negative_int("part_index", part_index)
    return RequestSpec("POST", "/api/send-reaction", ReactionSent, json=body)


def mark_read(number: str, *, from_number: str) -> RequestSpec[ReadReceiptSent]:
    """``POST /api/mark-read``: a read receipt for the chat with ``number``."""
    body = {"number": v.e164("number", number), "from_number": v.e164("from_number", from_number)}
    return RequestSpec("POST", "/api/mark-read", ReadReceiptSent, json=body)


def send_typing_indicator(
    number: str,
    *,
    from_number: str | None = None,
    state: str | None = None,
    max_duration_ms: int | None = None,
) -> RequestSpec[TypingIndicatorSent]:
    """Show (``state="start"``, the default) or hide (``"stop"``) a typing indicator.

    ``POST /api/send-typing-indicator``.

    The API reports failure as ``status: "ERROR"`` in a 200 body: that raises ``APIStatusError``.
    """
    body: dict[str, Any] = {"number": v.e164("number", number)}
    if from_number is not None:
        body["from_number"] = v.e164("from_number", from_number)
    if state is not None:
        body["state"] = v.one_of("state", state, TYPING_STATES)
    if max_duration_ms is not None:
        body["max_duration_ms"] = v.bounded_int(
            "max_duration_ms", max_duration_ms, low=1, high=MAX_TYPING_MS
        )
    return RequestSpec("POST", "/api/send-typing-indicator", TypingIndicatorSent, json=body)
