"""The account event stream, ``GET /api/v2/events``, served as Server-Sent Events.

Every event the fake tells webhooks about is also an account event: ``message.received``
(an inbound message), ``message.created`` then ``message.updated`` (an outbound message,
QUEUED then each later status), ``typing.changed`` and ``contact.created``. Events are kept
from the first time an account opens a stream, in a bounded history (``EventLog.history``)
that ``Last-Event-ID`` replays from; older ids replay nothing (the stream is live only).

A stream sends a ``: heartbeat`` comment after ``heartbeat`` seconds without an event and
ends (rotates) after ``lifetime`` seconds, both in real time. ``rotate()`` ends every open
stream cleanly now; ``drop()`` cuts them as a lost connection would.
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import anyio
import attrs

from transports import Response, StreamingResponse
from transports.testing import Fault, InjectedFault

from ._records import FakeAccount, iso_timestamp
from ._state import State
from ._wire import Ctx, header

DEFAULT_HEARTBEAT = 15.0
DEFAULT_LIFETIME = 15 * 60.0
DEFAULT_HISTORY = 1000
EVENT_TYPES_OF = {
    "receive": "message.received",
    "typing_indicator": "typing.changed",
    "contact_created": "contact.created",
}


@attrs.frozen
class FakeEvent:
    seq: int
    account: str  # the owner's API key
    type: str
    occurred_at: float
    data: Mapping[str, Any]

    @property
    def id(self) -> str:
        return f"evt_{self.seq}"

    def frame(self) -> bytes:
        envelope = {"id": self.id, "type": self.type,
                    "occurred_at": iso_timestamp(self.occurred_at), "data": self.data,
                    "version": 1}
        return f"id: {self.id}\ndata: {json.dumps(envelope)}\n\n".encode()


class EventLog:
    """The events of the accounts that listen, the knobs of their streams, and the wake-up
    calls of the open streams."""

    def __init__(self, clock_now: Callable[[], float]) -> None:
        self.heartbeat = DEFAULT_HEARTBEAT
        self.lifetime = DEFAULT_LIFETIME
        self.history: deque[FakeEvent] = deque(maxlen=DEFAULT_HISTORY)
        self.opened = 0  # streams opened, every account
        self._now = clock_now
        self._listening: set[str] = set()
        self._seq = itertools.count(1)
        self._last = 0
        self._rotations = 0
        self._drops = 0
        self._wakers: list[Callable[[], None]] = []

    def publish(self, account: FakeAccount, kind: str, build: Callable[[], Mapping[str, Any]]
                ) -> None:
        """Record an event (only for an account that has opened a stream) and wake streams."""
        if account.api_key not in self._listening:
            return
        self._last = next(self._seq)
        self.history.append(FakeEvent(self._last, account.api_key, kind, self._now(), build()))
        self._wake()

    def rotate(self) -> None:
        self._rotations += 1
        self._wake()

    def drop(self) -> None:
        self._drops += 1
        self._wake()

    def _wake(self) -> None:
        for wake in list(self._wakers):
            wake()

    def _since(self, seq: int, account: str, types: frozenset[str]) -> list[FakeEvent]:
        return [e for e in self.history
                if e.seq > seq and e.account == account and (not types or e.type in types)]

    def _cursor_after(self, last_event_id: str | None) -> int:
        known = next((e.seq for e in self.history if e.id == last_event_id), None)
        return self._last if known is None else known

    def frames(self, account: str, types: frozenset[str], last_id: str | None
               ) -> AsyncIterator[bytes]:
        """One stream's body: replay after ``last_id``, then live events and heartbeats. The
        account listens from the moment the stream is opened, before its body is read."""
        self._listening.add(account)
        self.opened += 1
        return self._frames(account, types, self._cursor_after(last_id))

    async def _frames(self, account: str, types: frozenset[str], cursor: int
                      ) -> AsyncIterator[bytes]:
        rotations, drops = self._rotations, self._drops
        ends = anyio.current_time() + self.lifetime
        yield b": connected\n\n"
        while True:
            woke = anyio.Event()
            self._wakers.append(woke.set)
            try:
                for event in self._since(cursor, account, types):
                    cursor = event.seq
                    yield event.frame()
                cursor = max(cursor, self._last)
                left = ends - anyio.current_time()
                if left <= 0 or rotations != self._rotations:
                    return
                with anyio.move_on_after(min(self.heartbeat, left)):
                    await woke.wait()
            finally:
                self._wakers.remove(woke.set)
            if drops != self._drops:
                raise InjectedFault(Fault(connection_error=True))
            if not woke.is_set() and anyio.current_time() < ends:
                yield b": heartbeat\n\n"


class EventRoutes(State):
    """``GET /api/v2/events`` over the ``event_log`` a dispatching state keeps."""

    event_log: EventLog

    def _on_events(self, ctx: Ctx) -> Response:
        types = frozenset(t for t in (ctx.request.arg("types") or "").split(",") if t)
        frames = self.event_log.frames(ctx.account.api_key, types,
                                       header(ctx.request, "last-event-id"))
        headers = {"content-type": "text/event-stream", "cache-control": "no-cache"}
        return StreamingResponse(200, headers, body_chunks=frames)

    def _event_routes(self) -> list[tuple[str, str, Callable[[Ctx], Response]]]:
        return [("GET", "/api/v2/events", self._on_events)]
