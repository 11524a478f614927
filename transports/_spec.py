"""Plain request specs: what to send, independent of how it is sent.

Builders return a :class:`RequestSpec`; transports carry it out. Nothing here does
I/O except :func:`iter_file`, which streams a file lazily when a body is consumed.
"""

from __future__ import annotations

import json as _json
import os
import re
import secrets
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Mapping
from json.encoder import c_make_encoder as _c_make_encoder  # type: ignore[attr-defined]
from json.encoder import encode_basestring as _encode_text
from typing import Any, Generic, TypeVar
from urllib.parse import quote, quote_plus

import attrs

_PARAM_UNSAFE = re.compile(r'["\x00-\x1f\x7f]')
T = TypeVar("T")

Pairs = tuple[tuple[str, str], ...]
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
_CHUNK = 64 * 1024
_UNRESERVED = re.compile(r"[A-Za-z0-9_.\-~]*").fullmatch


def pairs(items: Mapping[str, object] | Iterable[tuple[str, object]] | None) -> Pairs:
    """Normalise query/form items into string pairs; ``None`` values are dropped."""
    if not items:
        return ()
    # dicts and sequences first: an isinstance check against the Mapping ABC costs more
    # than the copy.
    source: Iterable[tuple[str, object]] = items  # type: ignore[assignment]
    if items.__class__ is dict or (
        not isinstance(items, tuple | list) and isinstance(items, Mapping)
    ):
        source = items.items()
    out = []
    for k, v in source:
        if v.__class__ is str:
            out.append((k, v))
        elif v is not None:
            out.append((k, _to_str(v)))
    return tuple(out)


def encode_query(items: Pairs) -> str:
    """``urlencode(items)``; text with nothing to escape (most of it) is not run through
    ``quote_plus``, which halves the cost of a query (quarters it for one plain item)."""
    if len(items) == 1:
        name, value = items[0]
        if _UNRESERVED(name + value):
            return name + "=" + value
    return "&".join([
        (k if _UNRESERVED(k) else quote_plus(k)) + "=" + (v if _UNRESERVED(v) else quote_plus(v))
        for k, v in items
    ])


def _to_str(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _LowercasePairs(tuple[tuple[str, str], ...]):
    """Header pairs whose names are known to be lowercase already."""

    __slots__ = ()


def lowercase_headers(headers: Mapping[str, str] | Pairs) -> Pairs:
    """Header pairs with lowercase names, marked as such: :class:`RequestSpec` and
    :meth:`RequestSpec.bind` take them as they are. For fixed headers such as credentials,
    normalised once instead of on every request."""
    return _LowercasePairs(_lower_headers(headers))


def _lower_headers(headers: Mapping[str, str] | Pairs) -> Pairs:
    if not headers:
        return ()
    if headers.__class__ is _LowercasePairs:
        return headers
    source: Iterable[tuple[str, str]] = headers  # type: ignore[assignment]
    # Pairs first: an isinstance check against the Mapping ABC costs more than the copy.
    if not isinstance(headers, tuple | list) and isinstance(headers, Mapping):
        source = headers.items()
    return tuple([(k.lower(), v) for k, v in source])


def _names_only(items: Pairs | None) -> str:
    # Bound specs carry credentials and bodies carry tokens: a repr shows names, never values.
    return "None" if items is None else repr(tuple(k for k, _ in items))


def _shape_only(body: Any) -> str:
    if isinstance(body, Mapping):
        return f"<json keys={sorted(body)!r}>"
    return "None" if body is None else f"<json {type(body).__name__}>"


def path_segment(value: object) -> str:
    """Percent-encode one path segment (``+`` becomes ``%2B``, ``/`` is escaped)."""
    return quote(str(value), safe="")


@attrs.frozen
class MultipartField:
    """One multipart/form-data part. ``value`` is text, bytes, a file path or an async stream."""

    name: str
    value: str | bytes | os.PathLike[str] | AsyncIterable[bytes]
    filename: str | None = None
    content_type: str | None = None


def _no_identifiers(result: Any) -> Mapping[str, str]:
    return {}


@attrs.frozen
class Creation:
    """What a request buys, creates or sends, for the client core's completion guarantee.

    ``operation`` names it (``"lines.confirm"``); ``check`` tells a caller how to find out
    whether it happened when no reply came; ``identifiers`` gives the non-secret identifiers
    of a result (phone number, subscription id) for the log line of a result nobody claimed.
    """

    operation: str
    check: str
    identifiers: Callable[[Any], Mapping[str, str]] = attrs.field(
        default=_no_identifiers, repr=False
    )


@attrs.frozen(slots=False, init=False)  # a __dict__ makes bind() a dict copy
class RequestSpec(Generic[T]):
    """An HTTP request described as data. Generic in the type its response parses to.

    ``path`` segments are already percent-encoded. ``headers`` keys are lowercase.
    At most one of ``json`` / ``form`` / ``multipart`` is set. ``idempotent`` overrides
    the method's default retry safety (``None``: GET, HEAD, PUT, DELETE are idempotent).
    ``retryable=False`` forbids every retry, even on 429 (a single-use token in the body).
    ``timeout`` overrides the transport's timeout for this request, in seconds. ``creates``
    marks a request that buys, creates or sends something: the client runs it to completion
    whatever happens to its caller (see :class:`Creation`).
    """

    method: str
    path: str
    response_type: Any = None
    query: Pairs = ()
    headers: Pairs = attrs.field(default=(), repr=_names_only)
    json: Any = attrs.field(default=None, repr=_shape_only)
    form: Pairs | None = attrs.field(default=None, repr=_names_only)
    multipart: tuple[MultipartField, ...] | None = None
    idempotent: bool | None = None
    retryable: bool = True
    base_url: str = ""
    timeout: float | None = None
    creates: Creation | None = None

    def __init__(
        self,
        method: str,
        path: str,
        response_type: Any = None,
        query: Mapping[str, object] | Iterable[tuple[str, object]] | None = (),
        headers: Mapping[str, str] | Pairs = (),
        json: Any = None,
        form: Mapping[str, object] | Iterable[tuple[str, object]] | None = None,
        multipart: tuple[MultipartField, ...] | None = None,
        idempotent: bool | None = None,
        retryable: bool = True,
        base_url: str = "",
        timeout: float | None = None,
        creates: Creation | None = None,
    ) -> None:
        # Written out rather than generated with converters: a spec is built on every call,
        # and the usual one has nothing to convert (no headers, no form, at most a query).
        fields = self.__dict__
        fields["method"] = method
        fields["path"] = path
        fields["response_type"] = response_type
        fields["query"] = pairs(query) if query else ()
        fields["headers"] = _lower_headers(headers) if headers else ()
        fields["json"] = json
        fields["form"] = None if form is None else pairs(form)
        fields["multipart"] = multipart
        fields["idempotent"] = idempotent
        fields["retryable"] = retryable
        fields["base_url"] = base_url
        fields["timeout"] = timeout
        fields["creates"] = creates
        if form is not None or multipart is not None:
            bodies = (json is not None) + (form is not None) + (multipart is not None)
            if bodies > 1:
                raise ValueError("a RequestSpec has at most one of json, form, multipart")

    @property
    def is_idempotent(self) -> bool:
        if self.idempotent is not None:
            return self.idempotent
        return self.method.upper() in IDEMPOTENT_METHODS

    @property
    def is_replayable(self) -> bool:
        """Whether the spec can be sent again: a streamed upload is consumed by its first
        send, and sending it again would send an empty file."""
        parts = self.multipart
        return parts is None or all(isinstance(p.value, str | bytes | os.PathLike) for p in parts)

    @property
    def url(self) -> str:
        url = self.base_url.rstrip("/") + self.path
        return f"{url}?{encode_query(self.query)}" if self.query else url

    def bind(self, base_url: str, headers: Mapping[str, str] | Pairs = ()) -> RequestSpec[T]:
        """Return a copy bound to ``base_url`` with extra headers (for example auth)."""
        # Every field is already normalised: copy them instead of re-running __init__.
        bound: RequestSpec[T] = object.__new__(type(self))
        fields = bound.__dict__
        fields.update(self.__dict__)
        fields["base_url"] = base_url
        if self.headers or headers.__class__ is not _LowercasePairs:
            headers = _merge_headers(self.headers, headers)
        fields["headers"] = headers  # the usual case: a client's credentials, as they are
        return bound

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:  # a loop, not next(genexpr): half the cost
            if key == name:
                return value
        return None


def _merge_headers(own: Pairs, headers: Mapping[str, str] | Pairs) -> Pairs:
    """``own`` without the names in ``headers``, then ``headers`` (lowercased)."""
    extra = _lower_headers(headers)
    if not own:  # the usual case: builders rarely set headers
        return extra
    names = {k for k, _ in extra}
    return tuple(h for h in own if h[0] not in names) + extra


@attrs.frozen(slots=False)  # its __init__ then fills __dict__ without a call per field
class EncodedBody:
    """A body ready for the wire: bytes, or an async stream of chunks (multipart files)."""

    content_type: str | None
    data: bytes | AsyncIterable[bytes]


EMPTY_BODY = EncodedBody(None, b"")
_JSON = _json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _not_serializable(value: object) -> Any:
    return _JSON.default(value)  # raises the TypeError json.dumps raises


def _json_bytes_py(value: Any) -> bytes:
    return _JSON.encode(value).encode()


def _json_bytes_c(value: Any) -> bytes:
    return "".join(_C_ENCODE(value, 0)).encode()


# json.dumps(separators=(",", ":"), ensure_ascii=False) builds a JSON encoder and then a C
# encoder on every call (about 1.5 µs a small body); this C encoder is built once. It does
# not check for cycles: a body that contains itself is a RecursionError, not a ValueError.
_C_ENCODE: Any = (
    _c_make_encoder(None, _not_serializable, _encode_text, None, ":", ",", False, False, True)
    if _c_make_encoder is not None else None  # an interpreter without the C accelerator
)
json_bytes: Callable[[Any], bytes] = _json_bytes_c if _C_ENCODE is not None else _json_bytes_py
"""``value`` as compact UTF-8 JSON, exactly as ``json.dumps`` with ``(",", ":")`` separators
and ``ensure_ascii=False`` writes it."""


def encode_body(spec: RequestSpec[Any], *, boundary: str | None = None) -> EncodedBody:
    """Encode a spec's body exactly as it goes on the wire, shared by every transport."""
    if spec.json is not None:
        return EncodedBody("application/json", json_bytes(spec.json))
    if spec.form is not None:
        return EncodedBody("application/x-www-form-urlencoded", encode_query(spec.form).encode())
    if spec.multipart is not None:
        boundary = boundary or secrets.token_hex(16)
        content_type = f"multipart/form-data; boundary={boundary}"
        return EncodedBody(content_type, _multipart_stream(spec.multipart, boundary))
    return EMPTY_BODY


async def read_body(body: EncodedBody) -> bytes:
    """Collect a whole body (used by in-memory transports and tests)."""
    if isinstance(body.data, bytes):
        return body.data
    return b"".join([chunk async for chunk in body.data])


def _part_header(field: MultipartField, boundary: str) -> bytes:
    disposition = f'form-data; name="{_quote_param(field.name)}"'
    filename = field.filename
    if filename is None and isinstance(field.value, os.PathLike):
        filename = os.path.basename(os.fspath(field.value))
    if filename is not None:
        disposition += f'; filename="{_quote_param(filename)}"'
    lines = [f"--{boundary}", f"Content-Disposition: {disposition}"]
    if field.content_type or filename is not None:
        lines.append(f"Content-Type: {field.content_type or 'application/octet-stream'}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _quote_param(value: str) -> str:
    # As browsers do (WHATWG form-data): '"' and control characters (CR, LF, NUL...)
    # percent-encoded, so a name can neither end the parameter nor the header line.
    return _PARAM_UNSAFE.sub(_percent, value.replace("\\", "\\\\"))


def _percent(match: re.Match[str]) -> str:
    return f"%{ord(match.group()):02X}"


async def _multipart_stream(
    fields: tuple[MultipartField, ...], boundary: str
) -> AsyncIterator[bytes]:
    for field in fields:
        yield _part_header(field, boundary)
        value = field.value
        if isinstance(value, str):
            yield value.encode()
        elif isinstance(value, bytes):
            yield value
        elif isinstance(value, os.PathLike):
            async for chunk in iter_file(value):
                yield chunk
        else:
            async for chunk in value:
                yield chunk
        yield b"\r\n"
    yield f"--{boundary}--\r\n".encode()


async def iter_file(path: os.PathLike[str] | str, chunk_size: int = _CHUNK) -> AsyncIterator[bytes]:
    """Stream a file in chunks without reading it whole; reads run in a worker thread."""
    import anyio

    async with await anyio.open_file(path, "rb") as f:
        while chunk := await f.read(chunk_size):
            yield chunk
