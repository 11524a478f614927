"""What a fake backend must deliver to its users' webhooks, as plain state on its clock.

A fake records a :class:`Delivery` in its :class:`Outbox` when an event happens (a message
arrives, a status changes); nothing is sent until a
:class:`~transports.testing.delivery.Deliverer` takes the due ones and reports each
outcome back with :meth:`Outbox.settle`. The outbox decides the retries: a failed try (a
5xx, or no answer at all) is queued again after the next of ``retry_delays`` until they
run out, then kept in ``given_up``. Every try, whatever its outcome, is in ``attempts``.

No I/O and no task: the same events on a ``FakeClock`` give the same outbox, so a test
can assert on it exactly.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ..clock import Clock

# Up to 3 retries after the first try, each after a longer wait.
RETRY_DELAYS = (1.0, 2.0, 4.0)

# ``timer(now)`` brings a fake's own timed events up to ``now`` (they may add deliveries)
# and answers the clock time of its next one, or ``None``.
Timer = Callable[[float], float | None]


def _names_only(headers: Mapping[str, str]) -> str:
    return repr(tuple(headers))  # a signing secret is a header value


@attrs.frozen
class Delivery:
    """One webhook call to make: ``payload`` as JSON, POSTed to ``url`` with ``headers``.

    ``kind`` names the event (a webhook type such as ``"receive"``). ``id`` stays the same
    across retries; ``attempt`` counts them (0 for the first try). ``due`` is the clock
    time from which it may be sent.
    """

    id: int
    kind: str
    url: str
    payload: Mapping[str, Any]
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=_names_only)
    due: float = 0.0
    attempt: int = 0


@attrs.frozen
class Attempt:
    """One try of a delivery: the HTTP ``status``, or ``None`` with the ``error`` (the
    transport error's type name) when no answer came. ``final``: no retry follows."""

    delivery: Delivery
    at: float
    status: int | None
    error: str | None = None
    final: bool = True

    @property
    def failed(self) -> bool:
        """Whether the sender retries: a 5xx, or no answer. A 4xx is an answer."""
        return self.status is None or self.status >= 500


class Outbox:
    """Deliveries waiting (``pending``, in the order they fall due), every try made
    (``attempts``) and the deliveries whose retries ran out (``given_up``).

    ``timer`` (settable: a fake sets it once its timed state exists) runs before each
    look at what is due, to bring that state up to the clock.
    """

    def __init__(
        self, clock: Clock, *, retry_delays: Iterable[float] = RETRY_DELAYS,
        timer: Timer | None = None,
    ) -> None:
        self.clock = clock
        self.retry_delays = tuple(retry_delays)
        self.pending: list[Delivery] = []
        self.attempts: list[Attempt] = []
        self.given_up: list[Delivery] = []
        self.timer = timer
        self._timer_next: float | None = None
        self._ids = itertools.count(1)
        self._listeners: list[Callable[[], None]] = []

    def add(
        self, kind: str, url: str, payload: Mapping[str, Any],
        headers: Mapping[str, str] | None = None,
    ) -> Delivery:
        """Queue a delivery, due now."""
        delivery = Delivery(next(self._ids), kind, url, payload, headers or {}, self.clock.now())
        self._queue(delivery)
        return delivery

    def take_due(self) -> list[Delivery]:
        """Remove and return the deliveries due now, oldest first (timed events first run)."""
        now = self._tick()
        cut = bisect.bisect_right(self.pending, now, key=lambda d: d.due)
        due, self.pending[:cut] = self.pending[:cut], []
        return due

    def next_due(self) -> float | None:
        """The clock time at which something next falls due, or ``None``: nothing will
        until a new event happens."""
        self._tick()
        times = [t for t in (self._timer_next, self.pending[0].due if self.pending else None)
                 if t is not None]
        return min(times, default=None)

    def settle(self, delivery: Delivery, status: int | None, error: str | None = None) -> Attempt:
        """Record the outcome of a try, and queue the retry it calls for (if any is left)."""
        now = self.clock.now()
        failed = status is None or status >= 500
        retry = failed and delivery.attempt < len(self.retry_delays)
        attempt = Attempt(delivery, now, status, error, final=not retry)
        self.attempts.append(attempt)
        if retry:
            delay = self.retry_delays[delivery.attempt]
            self._queue(attrs.evolve(delivery, attempt=delivery.attempt + 1, due=now + delay))
            return attempt
        if failed:
            self.given_up.append(delivery)
        self.wake()
        return attempt

    def listen(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` whenever a delivery is queued or settled (and on :meth:`wake`);
        returns the function that stops it."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    def wake(self) -> None:
        """Have a running deliverer look again now: after moving a ``FakeClock`` by hand,
        for example, which it cannot notice by itself."""
        for callback in list(self._listeners):
            callback()

    def _queue(self, delivery: Delivery) -> None:
        bisect.insort_right(self.pending, delivery, key=lambda d: (d.due, d.id))
        self.wake()

    def _tick(self) -> float:
        now = self.clock.now()
        if self.timer is not None:
            self._timer_next = self.timer(now)
        return now
