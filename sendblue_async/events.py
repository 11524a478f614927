"""The live account event stream, ``GET /api/v2/events`` (Server-Sent Events).

``client.events.stream(types=[...])`` yields :class:`AccountEvent` values, reconnecting
when the server rotates the stream (at least every 15 minutes), drops it, or falls silent
for longer than ``heartbeat_timeout``. It owns no task: each connection is opened by
``__anext__`` and closed by the next reconnect or by :meth:`EventStream.aclose`.
"""

from __future__ import annotations

import json
import logging
import random
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import AsyncExitStack
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import attrs

from transports import RequestSpec, Response, TransportError
from transports.decode import NOT_JSON
from transports.sse import ServerSentEvent, SSEDecoder

from . import errors
from ._parse import status_error

if TYPE_CHECKING:
    from .client import SendblueClient

log = logging.getLogger("sendblue_async.events")
EVENTS_PATH = "/api/v2/events"
_ERROR_BODY_LIMIT = 64 * 1024


@attrs.frozen
class AccountEvent:
    """One account event. ``type`` is a dotted name (``message.received``,
    ``message.updated``, ``contact.created``, ``typing.changed``, ``line.*``,
    ``verification.*``; an unknown one comes through as it is); ``data`` is the payload,
    untyped on the wire. ``occurred_at`` is ``None`` when the server sent no valid time."""

    id: str
    type: str
    occurred_at: datetime | None
    data: Mapping[str, Any]
    version: int = 1


@attrs.frozen
class Reconnect:
    """When to reconnect: after ``initial`` seconds, growing ``factor`` times per
    consecutive failure up to ``maximum``, each wait shortened by a random fraction up to
    ``jitter``. A stream that ends cleanly (a rotation) reconnects after ``initial``.
    ``max_failures`` consecutive failures (``None``: no limit) raise the last error."""

    initial: float = 0.5
    maximum: float = 30.0
    factor: float = 2.0
    jitter: float = 0.5
    max_failures: int | None = None

    def delay(self, failures: int, rng: random.Random) -> float:
        base = min(self.maximum, self.initial * self.factor ** max(0, failures - 1))
        return base * (1.0 - self.jitter * rng.random())


class _RecentIds:
    """The last ``size`` event ids seen, oldest dropped first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        if event_id in self._ids:
            return False
        self._ids[event_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True


class EventStream:
    """An async iterator of :class:`AccountEvent` (and an async context manager that
    closes the connection on exit). See :meth:`Events.stream`."""

    def __init__(
        self, client: SendblueClient, types: tuple[str, ...], *, heartbeat_timeout: float,
        reconnect: Reconnect | None, last_event_id: str | None, remember: int,
        rng: random.Random,
    ) -> None:
        self.last_event_id = last_event_id
        self.connections = 0
        self._client = client
        self._query = {"types": ",".join(types)} if types else {}
        self._timeout = heartbeat_timeout
        self._reconnect = reconnect
        self._seen = _RecentIds(remember)
        self._rng = rng
        self._failures = 0
        self._connection: AsyncExitStack | None = None
        self._chunks: AsyncIterator[bytes] | None = None
        self._decoder = SSEDecoder()
        self._ready: list[ServerSentEvent] = []
        self._closed = False

    def __aiter__(self) -> Self:
        return self

    async def __aenter__(self) -> Self:
        """Connect now, so every event from the start of the block on is delivered (a
        connection that fails here is retried by the first ``__anext__``, as any other)."""
        try:
            self._chunks = await self._connect()
        except TransportError:
            await self._disconnect()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        self._closed = True
        await self._disconnect()

    async def __anext__(self) -> AccountEvent:
        while not self._closed:
            while self._ready:
                event = _account_event(self._ready.pop(0))
                if event is not None and self._seen.first_time(event.id):
                    self.last_event_id = event.id
                    return event
            await self._read_more()
        raise StopAsyncIteration

    async def _read_more(self) -> None:
        """Decode the next chunk; on a failure or an ended stream, wait and reconnect."""
        try:
            if self._chunks is None:
                self._chunks = await self._connect()
            chunk = await anext(self._chunks)
        except StopAsyncIteration:
            await self._ended(None)
        except TransportError as exc:
            await self._ended(exc)
        else:
            self._failures = 0
            self._ready.extend(self._decoder.feed(chunk))

    async def _connect(self) -> AsyncIterator[bytes]:
        headers = {"accept": "text/event-stream", "cache-control": "no-cache"}
        if self.last_event_id is not None:
            headers["last-event-id"] = self.last_event_id
        spec: RequestSpec[None] = RequestSpec(
            "GET", EVENTS_PATH, query=self._query, headers=headers, timeout=self._timeout,
        )
        stack = self._connection = AsyncExitStack()
        response = await stack.enter_async_context(self._client.open_stream(spec))
        self.connections += 1
        self._decoder = SSEDecoder()  # a partial event of the last connection is dropped
        if not 200 <= response.status < 300:
            await self._refuse(spec, response.status, response.headers,
                               await response.read(_ERROR_BODY_LIMIT))
        return response.chunks

    async def _refuse(
        self, spec: RequestSpec[None], status: int, headers: Mapping[str, str], body: bytes
    ) -> None:
        """Raise the typed error of a refused connection, unless it is worth retrying."""
        await self._disconnect()
        retry_later = status == 429 or status >= 500
        if retry_later and self._reconnect is not None:
            raise TransportError(f"GET {EVENTS_PATH} answered {status}", method="GET",
                                 path=EVENTS_PATH)
        try:
            decoded: Any = json.loads(body)
        except ValueError:
            decoded = NOT_JSON
        raise status_error(spec, Response(status, headers, body), decoded)

    async def _ended(self, failure: TransportError | None) -> None:
        await self._disconnect()
        policy = self._reconnect
        if policy is None:
            self._closed = True
            if failure is not None:
                raise _connection_error(failure) from failure
            return
        if failure is not None:
            self._failures += 1
            log.info("event stream lost (%s); reconnecting", failure)
            if policy.max_failures is not None and self._failures >= policy.max_failures:
                raise _connection_error(failure) from failure
        await self._client.clock.sleep(policy.delay(self._failures, self._rng))

    async def _disconnect(self) -> None:
        connection, self._connection, self._chunks = self._connection, None, None
        if connection is not None:
            await connection.aclose()


def _connection_error(failure: TransportError) -> errors.APIConnectionError:
    return errors.APIConnectionError(f"event stream: {failure}")


def _account_event(sse: ServerSentEvent) -> AccountEvent | None:
    """The event a frame carries; ``None`` (logged) for one that is not an account event."""
    try:
        envelope = json.loads(sse.data)
    except ValueError:
        envelope = None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("type"), str):
        log.warning("skipped an event stream frame that is not an account event")
        return None
    event_id = envelope.get("id")
    event_id = event_id if isinstance(event_id, str) else (sse.id or "")
    data = envelope.get("data")
    version = envelope.get("version")
    return AccountEvent(
        event_id, envelope["type"], _timestamp(envelope.get("occurred_at")),
        data if isinstance(data, dict) else {},
        version if isinstance(version, int) else 1,
    )


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class Events:
    """``client.events``: the live account event stream."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    def stream(
        self, types: Iterable[str] = (), *, heartbeat_timeout: float = 45.0,
        reconnect: Reconnect | None = Reconnect(), last_event_id: str | None = None,
        remember: int = 10_000, rng: random.Random | None = None,
    ) -> EventStream:
        """The account's events (only ``types``, if given) as they happen::

            async with client.events.stream(types=["message.received"]) as events:
                async for event in events:
                    ...

        A silence longer than ``heartbeat_timeout`` seconds (the server sends a heartbeat
        every 15 s), a dropped connection, a 429 or a 5xx reconnect after a backoff on the
        client's clock (see :class:`Reconnect`; ``reconnect=None`` ends the stream
        instead), sending ``Last-Event-ID`` so a server that keeps history replays what was
        missed. Events already yielded are skipped by id (the last ``remember`` ids).
        A 401 or 403 raises ``AuthenticationError`` / ``PermissionDeniedError`` at once,
        as does any other 4xx its own typed error.

        The stream is live, not a durable log: after a reconnect, repair the gap from the
        last time you are sure you processed, oldest first, and de-duplicate by id or
        message handle: messages (``message.*``) from
        ``client.messages.list(updated_at_gte=..., order_by="updatedAt",
        order_direction="asc")`` (``GET /api/v2/messages``), contacts from
        ``GET /api/v2/contacts?created_at_gte=...&order_by=created_at``, lines from
        ``GET /api/v2/lines/state``, verifications from
        ``GET /api/v2/verify/verifications?updated_at_gte=...``. Typing events cannot be
        recovered.
        """
        return EventStream(
            self._client, tuple(types), heartbeat_timeout=heartbeat_timeout,
            reconnect=reconnect, last_event_id=last_event_id, remember=remember,
            rng=rng or random.Random(),
        )
