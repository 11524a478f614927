"""Reading response bodies that may be anything: empty, truncated, an HTML page from a proxy.

Shared by the API packages' parsers, so every one of them explains a bad body the same way.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from ._base import Response

_SNIPPET = 200


class NotJson:
    """The marker for a body that is not JSON; structuring it fails with a TypeError."""

    def __repr__(self) -> str:
        return "NOT_JSON"


NOT_JSON = NotJson()


def decode_json(raw: bytes) -> Any:
    """The decoded body: ``None`` when empty, :data:`NOT_JSON` when it is not JSON."""
    if not raw:
        return None
    try:
        # json.loads(bytes) sniffs the encoding in Python (about 1 µs a body). A body opening
        # with a non-NUL ASCII byte then a non-NUL byte is UTF-8 by the very same rules (no
        # BOM, not UTF-16/32), so decode it as json.loads would; leave the rest to json.loads.
        if 0 < raw[0] < 0x80 and raw[1:2] != b"\x00":
            return _loads(raw.decode("utf-8", "surrogatepass"))
        return json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: a few thousand nested brackets
        return NOT_JSON


# The C scanner json.loads ends up in, and JSON whitespace (it always matches, maybe empty).
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_whitespace: Callable[[str, int], re.Match[str]] = re.compile(r"[ \t\n\r]*").match  # type: ignore[assignment]


def _loads(text: str) -> Any:
    """``json.loads(text)`` without its three Python layers (about 0.8 µs a body)."""
    try:
        value, end = _scan(text, 0 if text[0] in "{[" else _whitespace(text, 0).end())
    except StopIteration as exc:  # no value where one should start
        raise ValueError("expecting a JSON value") from exc
    if end != len(text) and _whitespace(text, end).end() != len(text):
        raise ValueError("extra data after the JSON value")
    return value


def describe_failure(response: Response, body: Any) -> str:
    """A one-line message for an error response whose body says nothing usable."""
    try:
        phrase = HTTPStatus(response.status).phrase
    except ValueError:
        phrase = "HTTP error"
    if body is not None and body is not NOT_JSON:
        return phrase  # JSON without a message: the status says it all
    text = response.body[:_SNIPPET].decode("utf-8", "replace").strip()
    if not text:
        return f"{phrase} (empty body)"
    kind = "HTML page" if text.lower().startswith(("<!doctype", "<html")) else "body"
    return f"{phrase} (non-JSON {kind}: {text[:80]!r})"


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds when it is a plain finite number (HTTP dates are left to
    the retry layer, which knows the clock)."""
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and 0 <= seconds < math.inf else None
