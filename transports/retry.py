"""Retries as a policy (pure decisions) plus a transport wrapper that follows it."""

from __future__ import annotations

import logging
import math
import random as _random
from collections.abc import Callable
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any

import attrs

from ._base import Response, ResponseTooLarge, Transport, TransportError
from ._spec import RequestSpec
from .clock import Clock, SystemClock

log = logging.getLogger("transports.retry")


@attrs.frozen
class RetryPolicy:
    """When to retry and how long to wait first. Every method is pure.

    Backoff is ``backoff_base * 2**attempt`` capped at ``backoff_cap``, times a jitter in
    ``(0.75, 1]`` (as Stainless SDKs do). A ``Retry-After`` header (seconds or HTTP date)
    is honoured as is when ``0 < value <= retry_after_cap``; a larger, past or unparseable
    value falls back to the backoff, so one bad header can neither stall a caller for
    minutes nor turn into a tight loop.
    """

    max_retries: int = 2
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    retry_after_cap: float = 60.0
    random: Callable[[], float] = attrs.field(default=_random.random, repr=False)

    def delay_for(
        self,
        spec: RequestSpec[Any],
        attempt: int,
        response: Response | None = None,
        error: BaseException | None = None,
        *,
        now: float,
    ) -> float | None:
        """Seconds to wait before retrying, or ``None`` to stop.

        ``attempt`` counts the retries already made (0 after the first try). Give either the
        ``response`` received or the ``error`` raised; ``now`` (POSIX seconds) anchors an
        HTTP-date ``Retry-After``.
        """
        if attempt >= self.max_retries or not self.should_retry(spec, response, error):
            return None
        if response is not None:
            retry_after = _retry_after(response, now)
            if retry_after is not None and 0 < retry_after <= self.retry_after_cap:
                return retry_after
        return self.backoff(attempt)

    def should_retry(
        self,
        spec: RequestSpec[Any],
        response: Response | None = None,
        error: BaseException | None = None,
    ) -> bool:
        """Whether this outcome may be retried at all, ignoring how many tries were made.

        A 429 means the request was rejected unprocessed, so any method may retry it. A
        transport error, 408 or 5xx may come after the server acted, so only idempotent
        requests retry those. A body that streams from an iterator cannot be sent twice. A
        response too large to read would be as large again.
        """
        if response is not None:
            status = response.status
            if status != 429 and status != 408 and status < 500:  # most responses: first
                return False
        if not spec.retryable or not spec.is_replayable:
            return False
        if response is not None:
            return response.status == 429 or spec.is_idempotent
        too_large = isinstance(error, ResponseTooLarge)
        return isinstance(error, TransportError) and not too_large and spec.is_idempotent

    def backoff(self, attempt: int) -> float:
        """The jittered exponential delay before retry number ``attempt + 1``."""
        exponent = min(attempt, 62)  # 2.0**1024 would overflow; the cap applies long before
        delay = min(self.backoff_cap, self.backoff_base * 2.0**exponent)
        return delay * (1.0 - 0.25 * self.random())


def _retry_after(response: Response, now: float) -> float | None:
    value = response.header("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return _http_date_delta(value, now)
    return seconds if math.isfinite(seconds) else None


def _http_date_delta(value: str, now: float) -> float | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" parses naive; HTTP dates are always GMT
        when = when.replace(tzinfo=UTC)
    return when.timestamp() - now


DEFAULT_POLICY = RetryPolicy()
_SYSTEM_CLOCK = SystemClock()


class RetryingTransport:
    """A :class:`~transports.Transport` that retries another one as ``policy`` says.

    Waits go through ``clock.sleep``. When the retries run out it returns the last
    response (the caller interprets the status) or re-raises the last error.
    """

    def __init__(
        self,
        inner: Transport,
        policy: RetryPolicy = DEFAULT_POLICY,
        clock: Clock = _SYSTEM_CLOCK,
    ) -> None:
        self.inner = inner
        self.policy = policy
        self.clock = clock

    def __repr__(self) -> str:
        return f"RetryingTransport({self.inner!r}, {self.policy!r})"

    async def send(self, spec: RequestSpec[Any], /) -> Response:
        attempt = 0
        while True:
            try:
                response = await self.inner.send(spec)
            except TransportError as exc:
                delay = self.policy.delay_for(spec, attempt, error=exc, now=self.clock.now())
                if delay is None:
                    raise
                reason = type(exc).__name__
            else:
                if not self.policy.should_retry(spec, response):
                    return response  # the usual case, decided without reading the clock
                delay = self.policy.delay_for(spec, attempt, response, now=self.clock.now())
                if delay is None:
                    return response
                reason = f"status {response.status}"
            attempt += 1
            log.debug(
                "retrying %s %s (retry %d, %s) in %.2fs",
                spec.method,
                spec.path,
                attempt,
                reason,
                delay,
            )
            await self.clock.sleep(delay)

    async def aclose(self) -> None:
        await self.inner.aclose()
