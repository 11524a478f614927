"""The small server toolkit fake backends are written with.

A fake backend is a :data:`Handler`: ``async (ServerRequest) -> Response``. The same
handler serves :class:`~transports.testing.fake.FakeTransport` (in process) and
:mod:`transports.testing.sandbox` (real HTTP), because both hand it the bytes the wire
would carry.
"""

from __future__ import annotations

import json as _json
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote

import attrs

from .._base import Response, body_size, header_names
from .._spec import Pairs


@attrs.frozen
class ServerRequest:
    """A request as a server sees it. ``path`` is still percent-encoded. Its repr shows
    header names and the body's size: the headers hold credentials, bodies hold tokens."""

    method: str
    path: str
    query: Pairs = ()
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=header_names)
    body: bytes = attrs.field(default=b"", repr=body_size)

    def json(self) -> Any:
        """The JSON body; ``None`` for an empty body. Raises ``ValueError`` if malformed."""
        return _json.loads(self.body) if self.body else None

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode(), keep_blank_values=True))

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def arg(self, name: str) -> str | None:
        """The first query value named ``name``."""
        return next((v for k, v in self.query if k == name), None)

    def args(self, name: str) -> list[str]:
        """Every query value named ``name`` (repeated keys)."""
        return [v for k, v in self.query if k == name]


Handler = Callable[[ServerRequest], Awaitable[Response]]
RouteHandler = Callable[..., Awaitable[Response]]


def json_response(status: int, data: Any, headers: Mapping[str, str] | None = None) -> Response:
    body = _json.dumps(data, separators=(",", ":")).encode()
    return Response(status, {"content-type": "application/json", **(headers or {})}, body)


_PARAM = re.compile(r"\{(\w+)\}")


def _compile(template: str) -> re.Pattern[str]:
    pattern, last = "", 0
    for match in _PARAM.finditer(template):
        pattern += re.escape(template[last : match.start()]) + f"(?P<{match.group(1)}>[^/]+)"
        last = match.end()
    return re.compile(pattern + re.escape(template[last:]) + r"\Z")


class Router:
    """Dispatch on method and path template (``/items/{item_id}``) to route handlers.

    Handlers are called as ``handler(request, **params)`` with params percent-decoded.
    Unknown paths answer 404 and known paths with another method 405, as JSON.
    """

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], RouteHandler]] = []

    def add(self, method: str, template: str, handler: RouteHandler) -> None:
        self._routes.append((method.upper(), _compile(template), handler))

    def route(self, method: str, template: str) -> Callable[[RouteHandler], RouteHandler]:
        def register(handler: RouteHandler) -> RouteHandler:
            self.add(method, template, handler)
            return handler

        return register

    async def __call__(self, request: ServerRequest) -> Response:
        path_matched = False
        for method, pattern, handler in self._routes:
            match = pattern.match(request.path)
            if match is None:
                continue
            path_matched = True
            if method == request.method.upper():
                params = {k: unquote(v) for k, v in match.groupdict().items()}
                return await handler(request, **params)
        if path_matched:
            return json_response(405, {"status": "ERROR", "message": "Method not allowed"})
        return json_response(404, {"status": "ERROR", "message": f"No route for {request.path}"})
