"""De-duplication of retried deliveries: a store answers whether a key is new.

Providers retry a webhook they think failed (Sendblue: up to 3 times after a 5xx or a
timeout), so a receiver sees some deliveries twice. A receiver claims each delivery's key
(a message handle and status, an event id) before running its handlers; only the first
claim within the store's window succeeds. Stores: :class:`MemoryDedup` (one process, the
default), :class:`SQLiteDedup` (one host, survives restarts) and :class:`RedisDedup`
(several replicas; the ``redis`` extra).
"""

from __future__ import annotations

from typing import Protocol

from ..clock import Clock, SystemClock
from ._redis import RedisDedup
from ._sqlite import SQLiteDedup
from ._window import DEFAULT_WINDOW


class DedupStore(Protocol):
    """Remembers keys for a window of time."""

    async def claim(self, key: str) -> bool:
        """``True`` the first time ``key`` is claimed within the window, ``False`` after."""
        ...

    async def release(self, key: str) -> None:
        """Forget ``key`` (its handling failed: a redelivery should be handled again)."""
        ...

    async def aclose(self) -> None: ...


class MemoryDedup:
    """Keys in a dict with their expiry, in one process. Expired keys are swept as new ones
    arrive, so memory stays proportional to the keys of one window."""

    def __init__(self, window: float = DEFAULT_WINDOW, *, clock: Clock | None = None) -> None:
        if window <= 0:
            raise ValueError("window must be positive")
        self.window = window
        self._clock = clock or SystemClock()
        self._expiry: dict[str, float] = {}  # insertion order is expiry order

    def __len__(self) -> int:
        return len(self._expiry)

    async def claim(self, key: str) -> bool:
        now = self._clock.now()
        self._sweep(now)
        if key in self._expiry:
            return False
        self._expiry[key] = now + self.window
        return True

    async def release(self, key: str) -> None:
        self._expiry.pop(key, None)

    async def aclose(self) -> None:
        self._expiry.clear()

    def _sweep(self, now: float) -> None:
        expiry = self._expiry
        while expiry:
            oldest = next(iter(expiry))
            if expiry[oldest] > now:
                return
            del expiry[oldest]


__all__ = ["DEFAULT_WINDOW", "DedupStore", "MemoryDedup", "RedisDedup", "SQLiteDedup"]
