"""Mounting a webhook receiver in a web server: as an ASGI 3 application, or in an aiohttp
application. Reads are bounded, headers decoded the same way on both, and the receiver runs
for the server's lifetime (ASGI lifespan; aiohttp start-up and clean-up)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import attrs

if TYPE_CHECKING:
    from aiohttp import web

Answer = tuple[int, bytes]
ASGIMessage = dict[str, Any]
ASGIReceive = Callable[[], Awaitable[ASGIMessage]]
ASGISend = Callable[[ASGIMessage], Awaitable[None]]
_JSON = [(b"content-type", b"application/json")]


@attrs.frozen
class Delivery:
    """One request as read: the raw body, the headers (names matched in any case) and the
    route, the path segment under the mount point (``""`` at the mount point itself)."""

    body: bytes
    headers: Mapping[str, str]
    route: str = ""


def json_answer(status: int, key: str, text: str) -> Answer:
    return status, json.dumps({key: text}, separators=(",", ":")).encode()


NOT_FOUND = json_answer(404, "error", "no such route")
NOT_ALLOWED = json_answer(405, "error", "only POST is accepted")


class _Receiver(Protocol):
    path: str
    max_body_bytes: int

    async def answer(self, delivery: Delivery) -> Answer: ...

    def oversized(self) -> Answer: ...

    async def __aenter__(self) -> Any: ...

    async def __aexit__(self, *exc_info: Any) -> bool | None: ...


class WebMounts:
    """The ways to serve a receiver (mixed into it)."""

    async def asgi(
        self: _Receiver, scope: Mapping[str, Any], receive: ASGIReceive, send: ASGISend
    ) -> None:
        """The receiver as an ASGI 3 application: ``http`` (POST at ``path`` and
        ``path/<route>``) and ``lifespan`` (the receiver runs from start-up to shutdown)."""
        if scope["type"] == "lifespan":
            await _lifespan(self, receive, send)
        elif scope["type"] == "http":
            answer = await _asgi_http(self, scope, receive)
            if answer is not None:
                await _send_answer(send, answer)
        else:
            raise ValueError(f"unsupported ASGI scope type {scope['type']!r}")

    def aiohttp_app(self: _Receiver, path: str | None = None) -> web.Application:
        """An aiohttp application serving the receiver at ``path`` (default: its ``path``)
        and running it between the application's start-up and clean-up."""
        from aiohttp import web

        app = web.Application(client_max_size=self.max_body_bytes)
        add_aiohttp_routes(self, app, path)
        return app

    def add_aiohttp_routes(self: _Receiver, app: web.Application, path: str | None = None) -> None:
        """Serve the receiver in an existing aiohttp ``app`` at ``path`` and run it with the
        app. Bodies over the app's ``client_max_size`` are answered 413 by aiohttp."""
        add_aiohttp_routes(self, app, path)


def mount_path(path: str) -> str:
    """``path`` with one leading slash and none trailing (``""`` for the root)."""
    return "/" + path.strip("/") if path.strip("/") else ""


def route_of(mount: str, path: str) -> str | None:
    """The single path segment under ``mount`` (``""`` for ``mount`` itself, a trailing slash
    allowed), or ``None`` when ``path`` is elsewhere."""
    if path in (mount, mount + "/"):
        return ""
    if not path.startswith(mount + "/"):
        return None
    rest = path[len(mount) + 1 :].removesuffix("/")
    return rest if rest and "/" not in rest else None


# ---------------------------------------------------------------------------- ASGI


async def _asgi_http(
    receiver: _Receiver, scope: Mapping[str, Any], receive: ASGIReceive
) -> Answer | None:
    route = route_of(receiver.path, _asgi_path(scope))
    if route is None:
        return NOT_FOUND
    if scope.get("method") != "POST":
        return NOT_ALLOWED
    headers = _asgi_headers(scope)
    try:
        body = await _read_asgi(receive, headers, receiver.max_body_bytes)
    except _Disconnected:
        return None
    if body is None:
        return receiver.oversized()
    return await receiver.answer(Delivery(body, headers, route))


async def _lifespan(receiver: _Receiver, receive: ASGIReceive, send: ASGISend) -> None:
    await receive()  # lifespan.startup
    try:
        await receiver.__aenter__()
    except Exception as exc:
        await send({"type": "lifespan.startup.failed", "message": str(exc)})
        return
    try:
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
    finally:
        await receiver.__aexit__(None, None, None)
    await send({"type": "lifespan.shutdown.complete"})


class _Disconnected(Exception):
    """The client went away before its body was read."""


def _asgi_path(scope: Mapping[str, Any]) -> str:
    # The ASGI spec includes the root path (the mount point of a framework) in ``path``.
    path, root = str(scope.get("path", "")), str(scope.get("root_path", ""))
    return path[len(root) :] if root and path.startswith(root) else path


def _asgi_headers(scope: Mapping[str, Any]) -> dict[str, str]:
    # Decoded as aiohttp does: UTF-8, undecodable bytes kept as lone surrogates (which no
    # secret matches). The first of repeated names wins.
    headers: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        key = bytes(name).decode("latin-1").lower()
        headers.setdefault(key, bytes(value).decode("utf-8", "surrogateescape"))
    return headers


def _declared_length(headers: Mapping[str, str]) -> int:
    value = headers.get("content-length", "")
    return int(value) if value.isascii() and value.isdigit() else 0


async def _read_asgi(receive: ASGIReceive, headers: Mapping[str, str], limit: int) -> bytes | None:
    """The body, or ``None`` as soon as it is known to be over ``limit`` bytes."""
    if _declared_length(headers) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = bytes(message.get("body", b""))
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send_answer(send: ASGISend, answer: Answer) -> None:
    status, body = answer
    headers = [*_JSON, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# ---------------------------------------------------------------------------- aiohttp


def add_aiohttp_routes(receiver: _Receiver, app: web.Application, path: str | None) -> None:
    from aiohttp import web

    async def handle(request: web.Request) -> web.Response:
        body = await _read_aiohttp(request, receiver.max_body_bytes)
        if body is None:
            status, text = receiver.oversized()
        else:
            route = request.match_info.get("route", "")
            status, text = await receiver.answer(Delivery(body, request.headers, route))
        return web.Response(status=status, body=text, content_type="application/json")

    def lifecycle(app: web.Application) -> AsyncIterator[None]:
        return _run_while_served(receiver)

    mount = mount_path(receiver.path if path is None else path)
    app.router.add_post(mount or "/", handle)
    app.router.add_post(mount + "/{route}", handle)
    app.cleanup_ctx.append(lifecycle)


async def _read_aiohttp(request: web.Request, limit: int) -> bytes | None:
    # A declared length is checked before reading; aiohttp stops at ``client_max_size``.
    if (request.content_length or 0) > limit:
        return None
    body = await request.read()
    return None if len(body) > limit else body


async def _run_while_served(receiver: _Receiver) -> AsyncIterator[None]:
    # aiohttp may start an app up and clean it up in different tasks, and a task group is
    # left in the task that entered it: one task holds the receiver for the app's lifetime.
    started, stopping = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        try:
            async with receiver:
                started.set()
                await stopping.wait()
        finally:
            started.set()

    holder = asyncio.create_task(hold())
    await started.wait()
    if holder.done():
        holder.result()  # it could not start: raise why
    try:
        yield
    finally:
        stopping.set()
        await holder
