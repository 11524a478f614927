"""Ids sent as one segment of a request path.

``path_segment`` percent-encodes everything but letters, digits and ``-._~``, so an id can
neither add a segment nor a query. ``.`` and ``..`` stay as they are, and URL libraries,
proxies and servers resolve them as dot segments: ``DELETE /api/message/..`` would be
sent as ``DELETE /api/``. Each API package rejects them with its own ``ValidationError``.
"""

from __future__ import annotations

from .errors import ValidationError

DOT_SEGMENTS = frozenset({".", ".."})


def reject_dot_segment(
    field: str, text: str, error: type[ValidationError] = ValidationError
) -> str:
    """``text`` unchanged, unless it is ``.`` or ``..``: then ``error(field, ...)``."""
    if text in DOT_SEGMENTS:
        raise error(field, "must not be '.' or '..' (a dot segment in the URL path)")
    return text
