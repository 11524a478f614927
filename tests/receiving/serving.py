"""Serving a receiver in tests: an ASGI application driven by hand-built scope, receive and
send (no framework), and an aiohttp application on a real server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import anyio
from aiohttp import web


async def asgi_post(
    app: Any,
    path: str,
    body: bytes = b"",
    headers: Sequence[tuple[bytes, bytes]] = (),
    *,
    chunks: Sequence[bytes] | None = None,
    method: str = "POST",
    root_path: str = "",
    disconnect: bool = False,
) -> tuple[int | None, Any]:
    """One request to ``app``; the status and the decoded JSON answer (``None`` when the
    app answered nothing). ``chunks`` sends the body in pieces; ``disconnect`` ends the
    body with a disconnect instead of its last piece."""
    pieces = list(chunks if chunks is not None else [body])
    messages: list[dict[str, Any]] = [
        {"type": "http.request", "body": piece, "more_body": i < len(pieces) - 1}
        for i, piece in enumerate(pieces)
    ]
    if disconnect:
        messages[-1] = {"type": "http.disconnect"}
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": root_path + path, "raw_path": (root_path + path).encode(),
        "root_path": root_path, "query_string": b"", "headers": list(headers),
        "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    if not sent:
        return None, None
    start, *rest = sent
    assert start["type"] == "http.response.start"
    assert (b"content-type", b"application/json") in start["headers"]
    return start["status"], json.loads(b"".join(m["body"] for m in rest))


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[list[dict[str, Any]]]:
    """Run ``app``'s lifespan scope around the block; yields the messages the app sent."""
    to_app, app_inbox = anyio.create_memory_object_stream[dict[str, Any]](4)
    app_outbox, from_app = anyio.create_memory_object_stream[dict[str, Any]](4)
    sent: list[dict[str, Any]] = []
    async with anyio.create_task_group() as tg, to_app, from_app, app_inbox, app_outbox:
        tg.start_soon(app, {"type": "lifespan", "asgi": {"version": "3.0"}},
                      app_inbox.receive, app_outbox.send)
        await to_app.send({"type": "lifespan.startup"})
        sent.append(await from_app.receive())
        assert sent[-1]["type"] == "lifespan.startup.complete", sent
        yield sent
        await to_app.send({"type": "lifespan.shutdown"})
        sent.append(await from_app.receive())


@asynccontextmanager
async def served(app: web.Application) -> AsyncIterator[str]:
    """``app`` on a real server on 127.0.0.1 (a free port) for the block; yields its URL.
    Leaving runs the app's clean-up (a receiver waits for its handlers there)."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


class Gate:
    """Handlers that wait until the test opens the gate, counting who entered."""

    def __init__(self) -> None:
        self.opened = anyio.Event()
        self.entered: list[Any] = []
        self.done: list[Any] = []
        self._arrived = anyio.Condition()

    async def handler(self, event: Any) -> None:
        async with self._arrived:
            self.entered.append(event)
            self._arrived.notify_all()
        await self.opened.wait()
        self.done.append(event)

    async def wait_for(self, count: int) -> None:
        with anyio.fail_after(5):
            async with self._arrived:
                while len(self.entered) < count:
                    await self._arrived.wait()
