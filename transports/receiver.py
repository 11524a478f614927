"""Receive webhooks: check and parse each delivery, answer at once, run its handler in the
background, and handle a delivery the provider retries only once.

API-agnostic: an API package supplies the parse function (it checks the request's secret or
signature and returns the event's type and the event, or raises :class:`Rejected`) and the
de-duplication key function. Answers:

- 200 accepted, a duplicate, or a type nobody handles;
- 401 a bad secret or signature, 400 a bad payload, 404 an unknown route, 413 a body over
  ``max_body_bytes`` (what the parse function raises, plus the size check made here);
- 503 every handler slot is busy, the de-duplication store failed, or the receiver is not
  running: the provider retries later, and nothing was claimed.

Handlers run on an anyio task group the receiver owns, at most ``max_concurrency`` at a time.
It runs inside ``async with receiver:``, or with the web app that mounts it (aiohttp's
start-up and clean-up, ASGI lifespan); leaving waits for the running handlers. A handler that
raises is logged with the event's type and key, and its key is released so that the
provider's retry is handled again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple, Self

import anyio
import attrs
from anyio.abc import TaskGroup

from . import untrusted
from ._receiver_web import Answer, Delivery, WebMounts, json_answer, mount_path
from ._workers import Workers
from .dedup import DedupStore, MemoryDedup

log = logging.getLogger("transports.receiver")

ANY = "*"  # ``on(ANY)`` handles the events of every type without a handler of its own
Handler = Callable[[Any], Awaitable[object]]
_Job = tuple[Handler, "Parsed", str | None]


class Parsed(NamedTuple):
    """What a parse function made of a delivery."""

    type: str
    event: Any


class Rejected(Exception):
    """Raised by a parse function: answer ``status`` and run nothing. ``reason`` is sent
    back and may be logged, so it never quotes the body or a header."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@attrs.define
class ReceiverStats:
    """Counts since the receiver was made."""

    accepted: int = 0  # handed to a handler
    duplicates: int = 0
    ignored: int = 0  # no handler for the type
    rejected: int = 0  # answered 4xx
    busy: int = 0  # answered 503
    handled: int = 0  # the handler returned
    failed: int = 0  # the handler raised


ACCEPTED = json_answer(200, "status", "accepted")
DUPLICATE = json_answer(200, "status", "duplicate")


def busy(reason: str) -> Answer:
    return json_answer(503, "error", reason)


class Receiver(WebMounts):
    """A webhook receiver (see the module's documentation); serve it with ``asgi``,
    ``aiohttp_app()`` or ``add_aiohttp_routes(app)``."""

    def __init__(
        self,
        parse: Callable[[Delivery], Parsed],
        key: Callable[[Parsed], str | None],
        *,
        dedup: DedupStore | None = None,
        max_concurrency: int = 100,
        max_body_bytes: int = untrusted.MAX_BODY_BYTES,
        path: str = "/webhooks",
        shutdown_timeout: float | None = None,
    ) -> None:
        if max_concurrency < 1 or max_body_bytes < 1:
            raise ValueError("max_concurrency and max_body_bytes must be positive")
        self._parse, self._key = parse, key
        self.dedup: DedupStore = dedup if dedup is not None else MemoryDedup()
        self.max_concurrency, self.max_body_bytes = max_concurrency, max_body_bytes
        self.path, self.shutdown_timeout = mount_path(path), shutdown_timeout
        self.stats = ReceiverStats()
        self._handlers: dict[str, Handler] = {}
        self._group: TaskGroup | None = None
        self._workers: Workers[_Job] | None = None
        self._closing = False
        self._running = 0
        self._idle: anyio.Event | None = None  # made by join(), set when the last handler ends
        self._too_large = json_answer(413, "error", f"the body is over {max_body_bytes} bytes")

    def on(self, event_type: str) -> Callable[[Handler], Handler]:
        """Decorate the async handler of ``event_type`` (one per type; ``ANY``: the rest)."""

        def register(handler: Handler) -> Handler:
            if event_type in self._handlers:
                raise ValueError(f"a handler for {event_type!r} is already registered")
            self._handlers[event_type] = handler
            return handler

        return register

    @property
    def running(self) -> int:
        """How many deliveries hold a handler slot now (being claimed, or running)."""
        return self._running

    async def join(self) -> None:
        """Wait until no handler is running (new deliveries may start others meanwhile)."""
        while self._running:
            if self._idle is None:
                self._idle = anyio.Event()
            await self._idle.wait()

    def _freed_slot(self) -> None:
        self._running -= 1
        if self._running == 0 and self._idle is not None:
            self._idle.set()
            self._idle = None

    async def __aenter__(self) -> Self:
        if self._group is not None:
            raise RuntimeError("the receiver is already running")
        group = anyio.create_task_group()
        await group.__aenter__()
        self._group, self._closing = group, False
        self._workers = Workers(group, self._run)
        return self

    async def __aexit__(self, *exc_info: Any) -> bool | None:
        """Stop accepting (503) and wait for the running handlers; after
        ``shutdown_timeout`` seconds, if set, cancel them (their keys are released)."""
        group, workers, self._closing = self._group, self._workers, True
        assert group is not None and workers is not None, "the receiver is not running"
        workers.close()
        if self.shutdown_timeout is not None:
            group.cancel_scope.deadline = anyio.current_time() + self.shutdown_timeout
        try:
            return await group.__aexit__(*exc_info)
        finally:
            self._group = self._workers = None

    async def answer(self, delivery: Delivery) -> Answer:
        """Check, parse, claim and start the handler of one delivery; the status and body
        to answer with."""
        if len(delivery.body) > self.max_body_bytes:
            return self.oversized()
        if self._group is None or self._closing:
            if self._group is None:
                log.warning("a delivery arrived while the receiver is not running: 503")
            self.stats.busy += 1
            return busy("the receiver is not running")
        try:
            parsed = self._parse(delivery)
        except Rejected as exc:
            return self._rejected(json_answer(exc.status, "error", exc.reason))
        handler = self._handlers.get(parsed.type) or self._handlers.get(ANY)
        if handler is None:
            self.stats.ignored += 1
            return ACCEPTED
        return await self._start(handler, parsed)

    def oversized(self) -> Answer:
        """The answer to a body over ``max_body_bytes`` (counted as rejected)."""
        return self._rejected(self._too_large)

    def _rejected(self, answer: Answer) -> Answer:
        self.stats.rejected += 1
        if answer[0] == 401:
            log.warning("a delivery failed the secret or signature check: 401")
        return answer

    async def _start(self, handler: Handler, parsed: Parsed) -> Answer:
        if self._running >= self.max_concurrency:
            self.stats.busy += 1
            return busy("every handler slot is busy")
        key = self._key(parsed)
        self._running += 1  # the slot is held while the store answers
        try:
            claimed = key is None or await self.dedup.claim(key)
        except Exception:
            self._freed_slot()
            self.stats.busy += 1
            log.exception("the de-duplication store failed on a %s delivery", parsed.type)
            return busy("the de-duplication store is unavailable")
        if not claimed:
            self._freed_slot()
            self.stats.duplicates += 1
            return DUPLICATE
        workers = self._workers
        if workers is None or self._closing:  # shutdown began while the store answered
            self._freed_slot()
            await self._release(key, parsed.type)
            self.stats.busy += 1
            return busy("the receiver is not running")
        self.stats.accepted += 1
        workers.submit((handler, parsed, key))
        return ACCEPTED

    async def _run(self, job: _Job) -> None:
        handler, parsed, key = job
        try:
            await handler(parsed.event)
        except Exception:
            self.stats.failed += 1
            log.exception("the %s handler failed on %s; its key is released",
                          parsed.type, key or "an event without a key")
            await self._release(key, parsed.type)
        except BaseException:  # cancelled at shutdown: a redelivery must run it again
            with anyio.CancelScope(shield=True):
                await self._release(key, parsed.type)
            raise
        else:
            self.stats.handled += 1
        finally:
            self._freed_slot()

    async def _release(self, key: str | None, event_type: str) -> None:
        if key is None:
            return
        try:
            await self.dedup.release(key)
        except Exception:
            log.exception("could not release the key %s of a %s event", key, event_type)


__all__ = [
    "ACCEPTED",
    "ANY",
    "DUPLICATE",
    "Delivery",
    "Handler",
    "Parsed",
    "Receiver",
    "ReceiverStats",
    "Rejected",
]
