"""Run one scenario two ways: in process and over real HTTP on 127.0.0.1.

A contract test enters each of :data:`BOTH_WAYS` with the same fake backend and expects the
same outcome, which proves the fake, the encoders and the aiohttp transport agree::

    for way in BOTH_WAYS:
        async with way(FakeSendblue(clock=clock)) as (transport, base_url):
            ...
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from .._base import Transport
from .fake import FakeTransport
from .router import Handler

IN_PROCESS_URL = "https://in-process.test"


@asynccontextmanager
async def in_process(handler: Handler) -> AsyncIterator[tuple[Transport, str]]:
    """A :class:`FakeTransport` serving ``handler`` (the base URL is never resolved)."""
    transport = FakeTransport(handler)
    try:
        yield transport, IN_PROCESS_URL
    finally:
        await transport.aclose()


@asynccontextmanager
async def over_http(handler: Handler) -> AsyncIterator[tuple[Transport, str]]:
    """An :class:`AiohttpTransport` talking to ``handler`` served by the sandbox."""
    # Imported here: aiohttp is heavy, and the sandbox must not be imported with the package
    # (``python -m transports.testing.sandbox`` would find it already loaded).
    from ..aiohttp import AiohttpTransport
    from .sandbox import serve

    async with serve(handler) as server, AiohttpTransport() as transport:
        yield transport, server.base_url


Way = Callable[[Handler], AbstractAsyncContextManager[tuple[Transport, str]]]
BOTH_WAYS: tuple[Way, ...] = (in_process, over_http)
