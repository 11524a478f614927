"""De-duplication keys in Redis, shared by every replica behind a load balancer.

A claim is one ``SET key 1 NX PX window``: Redis sets the key only if it is absent and
expires it itself, so there is nothing to sweep. Needs the ``redis`` extra
(``pip install 'sendblue-async[redis]'``), imported only when a store is made from a URL,
and the asyncio event loop (``redis.asyncio`` does not run on trio). A claim that fails on
the network (Redis errors propagate) may still have set its key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._window import DEFAULT_WINDOW

if TYPE_CHECKING:
    from redis.asyncio import Redis

DEFAULT_PREFIX = "sendblue-async:dedup:"


class RedisDedup:
    """Keys under ``prefix`` in the Redis at ``client_or_url`` (a ``redis://`` URL, or a
    ``redis.asyncio.Redis`` client that stays the caller's to close)."""

    def __init__(
        self,
        client_or_url: str | Redis,
        window: float = DEFAULT_WINDOW,
        *,
        prefix: str = DEFAULT_PREFIX,
    ) -> None:
        if window <= 0:
            raise ValueError("window must be positive")
        self.window = window
        self.prefix = prefix
        self._window_ms = max(1, round(window * 1000))
        if isinstance(client_or_url, str):
            self._client, self._owns_client = _client_for(client_or_url), True
        else:
            self._client, self._owns_client = client_or_url, False

    async def claim(self, key: str) -> bool:
        return bool(await self._client.set(self.prefix + key, b"1", nx=True, px=self._window_ms))

    async def release(self, key: str) -> None:
        await self._client.delete(self.prefix + key)

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()


def _client_for(url: str) -> Redis:
    try:
        from redis.asyncio import Redis
    except ImportError as exc:
        raise ImportError(
            "RedisDedup needs the redis package: pip install 'sendblue-async[redis]'"
        ) from exc
    return Redis.from_url(url)
