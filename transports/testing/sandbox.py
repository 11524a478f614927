"""Serve a fake backend (any :data:`~transports.testing.router.Handler`) over real HTTP on loopback.

In code::

    async with serve(handler) as server:
        ...  # point a client at server.base_url

A handler with a ``lifespan()`` method (returning an async context manager) has it entered
before the server listens and left after it stops, in a task the sandbox owns: a fake's
background work (delivering webhooks) runs for as long as the server does.

From a shell (``factory`` is called with no arguments and returns the handler)::

    python -m transports.testing.sandbox package.module:factory [--host 127.0.0.1] [--port 8080]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

import attrs
from aiohttp import web

from .._base import Response
from ..streaming import StreamingResponse, close_chunks
from ._lifespan import Lifespan, LifespanTask
from .fake import InjectedFault
from .faults import FaultInjector, FaultPlan
from .router import Handler, ServerRequest, json_response

log = logging.getLogger(__name__)
_MAX_BODY = 64 * 1024 * 1024

# Connection-level headers belong to one hop: aiohttp writes its own for the reply.
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "content-length",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)


@attrs.frozen
class RunningSandbox:
    """Where a started sandbox listens."""

    host: str
    port: int

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def serve(
    handler: Handler, host: str = "127.0.0.1", port: int = 0, *, faults: FaultPlan | None = None,
    lifespan: Lifespan | None = None,
) -> Sandbox:
    """Run ``handler`` on ``host:port`` (0: a free port) for an ``async with`` block.

    With ``faults``, the handler is wrapped in a :class:`~transports.testing.faults.FaultInjector`
    on the system clock (pass an injector as ``handler`` instead to inspect its faults).
    ``lifespan`` defaults to the handler's own ``lifespan`` method, if it has one (a wrapped
    handler's is not found: pass it here).
    """
    lifespan = lifespan or lifespan_of(handler)
    if faults is not None:
        handler = FaultInjector(handler, faults)
    return Sandbox(handler, host, port, lifespan=lifespan)


def lifespan_of(handler: object) -> Lifespan | None:
    found = getattr(handler, "lifespan", None)
    return found if callable(found) else None


class Sandbox:
    """The server behind :func:`serve`; entering it starts listening."""

    def __init__(
        self, handler: Handler, host: str = "127.0.0.1", port: int = 0, *,
        lifespan: Lifespan | None = None,
    ) -> None:
        self._handler = handler
        self._host = host
        self._port = port
        self._lifespan = LifespanTask(lifespan or lifespan_of(handler))
        self._runner: web.AppRunner | None = None
        self._streams: set[asyncio.Task[Any]] = set()

    async def __aenter__(self) -> RunningSandbox:
        await self._lifespan.start()
        try:
            runner = await self._start_server()
        except BaseException:
            await self._lifespan.stop()
            raise
        self._runner = runner
        port = runner.addresses[0][1]
        return RunningSandbox(self._host, port)

    async def _start_server(self) -> web.AppRunner:
        # aiohttp refuses bodies over 1 MiB by default; fake uploads may be bigger.
        app = web.Application(client_max_size=_MAX_BODY)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            # A deep backlog: a burst of new connections must not wait on SYN retries.
            await web.TCPSite(runner, self._host, self._port, backlog=1024).start()
        except BaseException:
            await runner.cleanup()
            raise
        return runner

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        runner, self._runner = self._runner, None
        for task in self._streams:  # a stream ends with the server, not when it says so
            task.cancel()
        try:
            if runner is not None:
                await runner.cleanup()
        finally:
            await self._lifespan.stop()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        server_request = await to_server_request(request)
        try:
            response = await self._handler(server_request)
        except InjectedFault:
            return _drop_connection(request)
        except Exception as exc:
            log.exception("sandbox handler failed on %s %s", request.method, server_request.path)
            message = f"sandbox handler raised {type(exc).__name__}"
            response = json_response(500, {"status": "ERROR", "message": message})
        if isinstance(response, StreamingResponse):
            return await self._stream(request, response)
        return to_web_response(response)

    async def _stream(self, request: web.Request, response: StreamingResponse
                      ) -> web.StreamResponse:
        """Send the body chunk by chunk as the handler produces it; stop when the client
        leaves. A source that fails (an ``InjectedFault`` included) drops the connection."""
        task = asyncio.current_task()
        if task is not None:
            self._streams.add(task)
        reply = web.StreamResponse(status=response.status, headers=_end_to_end(response))
        try:
            await reply.prepare(request)
            async for chunk in response.body_chunks:
                await reply.write(chunk)
            await reply.write_eof()
        except Exception:  # the client went away, or the source failed: drop the connection
            _drop_connection(request)
        finally:
            self._streams.discard(task)
            await close_chunks(response.body_chunks)
        return reply


async def to_server_request(request: web.BaseRequest) -> ServerRequest:
    """The request as a fake backend sees it: raw path, raw query pairs in order."""
    path, _, query = request.raw_path.partition("?")
    return ServerRequest(
        request.method,
        path,
        tuple(parse_qsl(query, keep_blank_values=True)),
        {k.lower(): v for k, v in request.headers.items()},
        await request.read(),
    )


def _drop_connection(request: web.Request) -> web.Response:
    # Aborting the socket is what the client sees; the placeholder reply is never written
    # (raising instead would make aiohttp log an error for a fault we asked for).
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=503)


def _end_to_end(response: Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in _HOP_BY_HOP}


def to_web_response(response: Response) -> web.Response:
    return web.Response(status=response.status, headers=_end_to_end(response),
                        body=response.body)


def load_factory(target: str) -> Callable[[], Handler]:
    """Import ``package.module:attribute`` (the attribute may be dotted)."""
    module_name, sep, attribute = target.partition(":")
    if not sep or not module_name or not attribute:
        raise ValueError(f"expected module:factory, got {target!r}")
    found: object = importlib.import_module(module_name)
    for part in attribute.split("."):
        found = getattr(found, part)
    if not callable(found):
        raise TypeError(f"{target} is not callable")
    return found


def fault_plan_argument(text: str) -> FaultPlan:
    """``FaultPlan.parse`` for argparse: its message, not argparse's generic one."""
    try:
        return FaultPlan.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


FAULTS_HELP = ("seeded faults, e.g. 503=0.01,429=0.005,reset=0.005,slow=0.01,seed=7 "
               "(also after=, retry-after=, slow-seconds=)")


async def serve_until_stopped(
    handler: Handler, host: str, port: int, out: Callable[[str], object] = print,
    *, faults: FaultPlan | None = None,
) -> None:
    """Serve until SIGINT or SIGTERM, announcing the base URL through ``out`` first."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
            loop.add_signal_handler(signum, stop.set)
    async with serve(handler, host, port, faults=faults) as server:
        out(server.base_url)
        await stop.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m transports.testing.sandbox", description="Serve a fake backend over HTTP."
    )
    parser.add_argument("factory", help="module:callable returning the request handler")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--faults", type=fault_plan_argument, help=FAULTS_HELP)
    args = parser.parse_args(argv)
    try:
        factory = load_factory(args.factory)
    except (ImportError, AttributeError, ValueError, TypeError) as exc:
        parser.error(str(exc))
    handler = factory()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_until_stopped(handler, args.host, args.port, _announce,
                                        faults=args.faults))
    return 0


def _announce(line: str) -> None:
    print(line, flush=True)


if __name__ == "__main__":
    sys.exit(main())
