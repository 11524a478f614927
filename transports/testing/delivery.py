"""The :class:`Deliverer`: sends what a fake's :class:`~transports.testing.outbox.Outbox`
holds through a :class:`~transports.Transport`, and reports each outcome back to it.

Two ways to drive it:

- in a test, ``await deliverer.deliver_due()`` sends what is due now, one after the other,
  and returns the tries made: with a ``FakeClock`` and a ``FakeTransport`` around a test
  handler, every step is explicit and repeatable;
- in a server, ``async with deliverer.running():`` drains the outbox in the background for
  the block, in real time: deliveries go out concurrently (at most ``concurrency`` at once)
  as they fall due, and the deliverer sleeps until the next one or until something is
  queued. It waits on real time whatever the outbox's clock: a fake on a ``FakeClock``
  moves when its test moves it (then ``outbox.wake()`` makes the deliverer look at once).

Every task it starts belongs to the task group of :meth:`Deliverer.run`. A test that
lets a running deliverer work waits for its outcomes with :func:`wait_for_attempts`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import parse_qsl, urlsplit

import anyio

from .._base import Transport, TransportError
from .._spec import RequestSpec
from .outbox import Attempt, Delivery, Outbox

log = logging.getLogger(__name__)

DELIVERY_TIMEOUT = 45.0  # seconds a webhook endpoint has to answer
# The shortest sleep between two looks at the outbox: timed events that fall due close
# together are handled in one pass instead of one wake-up each.
MIN_SLEEP = 0.02


def delivery_request(delivery: Delivery, timeout: float = DELIVERY_TIMEOUT) -> RequestSpec[None]:
    """The POST that carries ``delivery`` (its URL split into base, path and query)."""
    parts = urlsplit(delivery.url)
    return RequestSpec(
        "POST", parts.path or "/", None, parse_qsl(parts.query, keep_blank_values=True),
        headers=dict(delivery.headers), json=delivery.payload,
        base_url=f"{parts.scheme}://{parts.netloc}", timeout=timeout,
    )


async def wait_for_attempts(outbox: Outbox, count: int) -> list[Attempt]:
    """Wait until ``outbox`` has recorded ``count`` tries (a running deliverer settles them);
    returns them all. Put a deadline around it: it waits for as long as it takes."""
    while len(outbox.attempts) < count:
        changed = anyio.Event()
        stop_listening = outbox.listen(changed.set)
        try:
            await changed.wait()
        finally:
            stop_listening()
    return outbox.attempts


class Deliverer:
    """Drains ``outbox`` through ``transport`` (see the module docstring)."""

    def __init__(
        self, outbox: Outbox, transport: Transport, *, concurrency: int = 16,
        timeout: float = DELIVERY_TIMEOUT,
    ) -> None:
        self.outbox = outbox
        self._transport = transport
        self._timeout = timeout
        self._slots = anyio.Semaphore(concurrency)

    async def deliver_due(self) -> list[Attempt]:
        """Try every delivery due now, in order, and return the tries (retries a failure
        calls for are queued in the outbox, not made here)."""
        return [await self._attempt(delivery) for delivery in self.outbox.take_due()]

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Deliverer]:
        """:meth:`run` in the background for the block; stopped (tries in flight
        cancelled) when it ends."""
        async with anyio.create_task_group() as group:
            group.start_soon(self.run)
            yield self
            group.cancel_scope.cancel()

    async def run(self) -> None:
        """Deliver as things fall due, until cancelled."""
        async with anyio.create_task_group() as group:
            while True:
                changed = anyio.Event()
                stop_listening = self.outbox.listen(changed.set)
                try:
                    for delivery in self.outbox.take_due():
                        await self._slots.acquire()
                        group.start_soon(self._attempt_in_slot, delivery)
                    with anyio.move_on_after(self._sleep()):
                        await changed.wait()
                finally:
                    stop_listening()

    def _sleep(self) -> float:
        due = self.outbox.next_due()
        if due is None:
            return math.inf
        return max(due - self.outbox.clock.now(), MIN_SLEEP)

    async def _attempt_in_slot(self, delivery: Delivery) -> None:
        try:
            await self._attempt(delivery)
        finally:
            self._slots.release()

    async def _attempt(self, delivery: Delivery) -> Attempt:
        try:
            response = await self._transport.send(delivery_request(delivery, self._timeout))
        except TransportError as exc:
            error = type(exc).__name__
        except Exception as exc:  # a bad URL, say: one delivery fails, not the deliverer
            log.warning("webhook %s to %s failed: %r", delivery.kind, delivery.url, exc)
            error = type(exc).__name__
        else:
            return self._settled(self.outbox.settle(delivery, response.status))
        return self._settled(self.outbox.settle(delivery, None, error))

    def _settled(self, attempt: Attempt) -> Attempt:
        delivery = attempt.delivery
        if attempt.failed and attempt.final:
            log.warning("webhook %s to %s given up after %d tries", delivery.kind,
                        delivery.url, delivery.attempt + 1)
        return attempt
