"""PURE multipart/form-data parsing for the fake's attachment upload (RFC 7578).

Strict on purpose: a body the client framed wrongly must fail here, not pass silently.
"""

from __future__ import annotations

import re

import attrs

_PARAM = re.compile(r';\s*([A-Za-z0-9_-]+)="((?:[^"\\]|\\.)*)"')


@attrs.frozen
class Part:
    name: str
    data: bytes = attrs.field(repr=lambda data: f"<{len(data)} bytes>")
    filename: str | None = None
    content_type: str | None = None


def is_multipart(content_type: str | None) -> bool:
    kind = (content_type or "").partition(";")[0]
    return kind.strip().lower() == "multipart/form-data"


def boundary_of(content_type: str | None) -> str | None:
    """The ``boundary`` parameter of a ``multipart/form-data`` content type."""
    if not is_multipart(content_type):
        return None
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "boundary" and value:
            return value.strip('"')
    return None


def parse_form_data(body: bytes, boundary: str) -> list[Part] | None:
    """Every part in order, or ``None`` when the body is not well-formed multipart."""
    chunks = body.split(b"--" + boundary.encode())
    if len(chunks) < 3 or chunks[0] or chunks[-1] not in (b"--", b"--\r\n"):
        return None
    parts: list[Part] = []
    for chunk in chunks[1:-1]:
        if not chunk.startswith(b"\r\n") or not chunk.endswith(b"\r\n"):
            return None
        head, separator, data = chunk[2:-2].partition(b"\r\n\r\n")
        part = _part(head.decode("utf-8", "replace"), data) if separator else None
        if part is None:
            return None
        parts.append(part)
    return parts


def _part(head: str, data: bytes) -> Part | None:
    headers: dict[str, str] = {}
    for line in head.split("\r\n"):
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    kind, _, rest = headers.get("content-disposition", "").partition(";")
    if kind.strip().lower() != "form-data":
        return None
    params = {m.group(1).lower(): _unquote(m.group(2)) for m in _PARAM.finditer(";" + rest)}
    if "name" not in params:
        return None
    return Part(params["name"], data, params.get("filename"), headers.get("content-type"))


def _unquote(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)
