"""Seeded fault injection for any fake backend, in process and over the sandbox alike.

:class:`FaultInjector` wraps a :data:`~transports.testing.router.Handler` and, for a share of the
requests its :class:`FaultPlan` names, answers 503 or 429, stalls, or drops the connection.
A fault strikes *before* the wrapped handler runs (the server never acted) or *after* it
(the server acted and the reply is lost): the second kind is what makes retrying a POST
dangerous. Statuses are plain responses; a reset or a stall raises
:class:`~transports.testing.fake.InjectedFault`, which ``FakeTransport`` turns into
``TransportError`` / ``TransportTimeout`` and the sandbox into a really dropped connection.

One seeded RNG draws every decision in the order requests arrive, so an in-process run on
a ``FakeClock`` repeats exactly. :class:`RequestCounter` counts, on the server side, what
reaches it: outside the injector every attempt, inside it what the server really processed.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from .._base import Response
from ..clock import Clock, SystemClock
from .fake import Fault, InjectedFault
from .router import Handler, ServerRequest

_FRACTION = [attrs.validators.ge(0.0), attrs.validators.le(1.0)]


def _error_body(message: str) -> bytes:
    return json.dumps({"status": "ERROR", "message": message}).encode()


_JSON = {"content-type": "application/json"}
_UNAVAILABLE = _error_body("Service temporarily unavailable (injected fault)")
_RATE_LIMITED = _error_body("Too many requests (injected fault)")


@attrs.frozen
class FaultPlan:
    """What share of requests fail, and how. ``seed`` makes every run draw the same faults.

    ``unavailable`` (503), ``rate_limited`` (429 with ``Retry-After: retry_after``),
    ``reset`` (connection dropped) and ``slow`` (no reply for ``slow_seconds``, which must
    exceed the client's timeout) are fractions of all requests, at most 1 together.
    ``after_server`` is the share of 503s, resets and stalls that strike after the server
    acted; a 429 always strikes before, since it promises the request was not processed.
    """

    unavailable: float = attrs.field(default=0.0, validator=_FRACTION)
    rate_limited: float = attrs.field(default=0.0, validator=_FRACTION)
    reset: float = attrs.field(default=0.0, validator=_FRACTION)
    slow: float = attrs.field(default=0.0, validator=_FRACTION)
    after_server: float = attrs.field(default=0.5, validator=_FRACTION)
    retry_after: float = attrs.field(default=1.0, validator=attrs.validators.gt(0.0))
    slow_seconds: float = attrs.field(default=60.0, validator=attrs.validators.ge(0.0))
    seed: int = 0

    def __attrs_post_init__(self) -> None:
        if self.unavailable + self.rate_limited + self.reset + self.slow > 1.0:
            raise ValueError("the fault fractions add up to more than 1")

    @classmethod
    def parse(cls, text: str) -> FaultPlan:
        """The command-line form: ``"503=0.01,429=0.005,reset=0.005,slow=0.01,seed=7"``;
        also ``after``, ``retry-after`` and ``slow-seconds``. A ``ValueError`` says what
        is wrong."""
        values: dict[str, Any] = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            name, sep, raw = (piece.strip() for piece in item.partition("="))
            field = _PLAN_NAMES.get(name)
            if not sep or field is None:
                raise ValueError(f"expected NAME=VALUE with NAME one of "
                                 f"{', '.join(_PLAN_NAMES)}; got {item!r}")
            try:
                values[field] = int(raw) if field == "seed" else float(raw)
            except ValueError:
                raise ValueError(f"{name}: not a number: {raw!r}") from None
        return cls(**values)

    def draw(self, rng: random.Random) -> Fault | None:
        """The fault for one request, or ``None``; two draws from ``rng`` either way."""
        roll, after = rng.random(), rng.random() < self.after_server
        menu = (
            (self.unavailable, Fault(503, _JSON, _UNAVAILABLE, after_server=after)),
            (self.rate_limited, Fault(429, self._retry_after_headers, _RATE_LIMITED)),
            (self.reset, Fault(connection_error=True, after_server=after)),
            (self.slow, Fault(timeout=True, after_server=after)),
        )
        for share, fault in menu:
            if roll < share:
                return fault
            roll -= share
        return None

    @property
    def _retry_after_headers(self) -> dict[str, str]:
        return {**_JSON, "retry-after": f"{self.retry_after:g}"}


_PLAN_NAMES = {
    "503": "unavailable", "429": "rate_limited", "reset": "reset", "slow": "slow",
    "after": "after_server", "retry-after": "retry_after", "slow-seconds": "slow_seconds",
    "seed": "seed",
}


def fault_kind(fault: Fault) -> str:
    """``"503"``, ``"429"``, ``"reset"`` or ``"slow"``, suffixed ``"/after"`` when late."""
    kind = "slow" if fault.timeout else "reset" if fault.connection_error else str(fault.status)
    return f"{kind}/after" if fault.after_server else kind


class FaultInjector:
    """A :data:`~transports.testing.router.Handler` that makes ``handler`` fail as ``plan`` says.

    A stall sleeps ``plan.slow_seconds`` on ``clock`` (real time in the sandbox, instant on
    a ``FakeClock``) before the connection is given up. ``injected`` lists every fault with
    its request; ``counts`` tallies them by :func:`fault_kind`.
    """

    def __init__(self, handler: Handler, plan: FaultPlan, *, clock: Clock | None = None) -> None:
        self._handler = handler
        self.plan = plan
        self._clock: Clock = clock or SystemClock()
        self._rng = random.Random(plan.seed)
        self.injected: list[tuple[ServerRequest, Fault]] = []

    def __repr__(self) -> str:
        return f"FaultInjector({self._handler!r}, {self.plan!r})"

    @property
    def counts(self) -> Counter[str]:
        return Counter(fault_kind(fault) for _, fault in self.injected)

    async def __call__(self, request: ServerRequest) -> Response:
        fault = self.plan.draw(self._rng)
        if fault is None:
            return await self._handler(request)
        self.injected.append((request, fault))
        if fault.after_server:
            await self._handler(request)  # the server acts; its reply is then lost
        if fault.status is not None:
            return Response(fault.status, fault.headers, fault.body)
        if fault.timeout:
            await self._clock.sleep(self.plan.slow_seconds)
        raise InjectedFault(fault)


class RequestCounter:
    """A :data:`~transports.testing.router.Handler` that hands every request on to ``handler`` and
    counts the keys ``keys`` finds in it (the phones of a bulk request, the number a rent
    names; nothing for requests of no interest).

    Put one outside a :class:`FaultInjector` to count the attempts that arrived and one
    inside to count what the server processed: a key counted twice inside is a duplicate.
    """

    def __init__(self, handler: Handler, keys: Callable[[ServerRequest], Iterable[str]]) -> None:
        self._handler = handler
        self._keys = keys
        self.counts: Counter[str] = Counter()

    def __repr__(self) -> str:
        return f"RequestCounter({self._handler!r}, {len(self.counts)} keys)"

    async def __call__(self, request: ServerRequest) -> Response:
        self.counts.update(self._keys(request))
        return await self._handler(request)
