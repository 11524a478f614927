"""Reading input nobody has authenticated yet: webhook and callback bodies and headers.

The API packages' receive helpers share these, so each of them reads hostile input the same
way: the size is checked before decoding, a nesting bomb is a ``ValueError`` rather than a
``RecursionError``, decoded values have a bounded depth (so a ``repr``, a comparison or a
re-encoding of an event cannot recurse without end), and a header value of any type the web
framework hands over is either usable bytes or ``None``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

MAX_BODY_BYTES = 1024 * 1024
# Webhook and callback payloads are flat objects; a few levels of unknown fields are kept.
MAX_DEPTH = 32
_SCALARS = (str, int, float, bool, bytes, type(None))


def exceeds(body: bytes | bytearray | str, limit: int) -> bool:
    """Whether ``body`` is more than ``limit`` bytes (text counted as UTF-8), without
    encoding text that is clearly under or over it."""
    if not isinstance(body, str):
        return len(body) > limit
    if len(body) > limit:
        return True
    if len(body) * 4 <= limit:  # UTF-8 takes at most four bytes a character
        return False
    return len(body.encode("utf-8", "surrogatepass")) > limit


class NestedTooDeeply(ValueError):
    """A body nested deeper than the JSON decoder's recursion allows."""


def loads(body: bytes | bytearray | str) -> Any:
    """``json.loads``, with a nesting bomb (thousands of brackets, which the decoder meets
    as a ``RecursionError``) raised as :class:`NestedTooDeeply`, a ``ValueError`` like the
    error of any other body that is not JSON."""
    try:
        return json.loads(body)
    except RecursionError:
        raise NestedTooDeeply("the body is nested too deeply") from None


def too_deep(value: object, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` holds objects or arrays nested more than ``limit`` levels (the
    outermost one is level 1). Walked without recursion; a cycle counts as too deep, and an
    object shared by several parents is walked again only when reached deeper."""
    deepest: dict[int, int] = {}
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = _children(item)
        if children is None:
            continue
        if level > limit:
            return True
        if deepest.get(id(item), 0) >= level:
            continue
        deepest[id(item)] = level
        stack.extend((child, level + 1) for child in children)
    return False


def _children(item: object) -> Iterable[object] | None:
    if isinstance(item, _SCALARS):
        return None
    if isinstance(item, list | tuple):
        return item
    return item.values() if isinstance(item, Mapping) else None


def header(headers: object, name: str) -> object:
    """The value of header ``name`` (given in lowercase) in any mapping of headers, its key
    matched in any case; ``None`` when it is absent or ``headers`` is not a mapping."""
    if not isinstance(headers, Mapping):
        return None
    value = headers.get(name)  # a case-insensitive multidict, or the usual lowercase key
    if value is not None:
        return value
    names = (name, name.encode())
    for key, item in headers.items():
        if item is not None and isinstance(key, str | bytes) and key.lower() in names:
            return item
    return None


def header_bytes(value: object) -> bytes | None:
    """A header value as bytes: text (lone surrogates included, as a framework's lenient
    decoding leaves them) or bytes; ``None`` for any other type (a list, a number, ...)."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return bytes(value) if isinstance(value, bytes | bytearray) else None
