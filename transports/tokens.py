"""A cached bearer token, minted once however many tasks ask for it at the same time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio
import attrs

from .clock import Clock


@attrs.frozen
class Token:
    """A credential and when it expires (POSIX seconds). The repr never shows the value."""

    value: str = attrs.field(repr=False)
    expires_at: float


class TokenCache:
    """Hands out one token until it is about to expire, then mints the next.

    ``get`` is single-flight: concurrent callers wait for one ``mint``; when that mint
    fails, every caller that waited on it gets its exception and the next call tries
    again. The token is refreshed once ``clock.now() >= expires_at - refresh_margin``;
    the margin is clamped to half the token's remaining life at mint time, so a token
    that lives shorter than the margin is still reused instead of minted on every call.
    """

    def __init__(
        self,
        mint: Callable[[], Awaitable[Token]],
        *,
        clock: Clock,
        refresh_margin: float = 60.0,
    ) -> None:
        self._mint = mint
        self._clock = clock
        self._margin = refresh_margin
        self._lock = anyio.Lock()
        self._token: Token | None = None
        self._refresh_at = 0.0
        self._mints = 0  # mint attempts started, so a waiter can tell one finished
        self._error: Exception | None = None

    def __repr__(self) -> str:
        if self._token is None:
            return "TokenCache(empty)"
        return f"TokenCache(expires_at={self._token.expires_at})"

    async def get(self) -> Token:
        """The cached token, minting a new one when there is none or it is due."""
        token = self._token
        if token is not None and self._clock.now() < self._refresh_at:
            return token
        seen = self._mints
        async with self._lock:
            if self._mints != seen and self._error is not None:
                raise self._error  # the mint this caller waited on failed: share its failure
            token = self._token
            if token is not None and self._clock.now() < self._refresh_at:
                return token
            return await self._mint_locked()

    async def _mint_locked(self) -> Token:
        self._mints += 1
        self._error = None
        try:
            token = await self._mint()
        except Exception as exc:
            self._error = exc
            raise
        now = self._clock.now()
        margin = min(self._margin, (token.expires_at - now) / 2)
        self._token, self._refresh_at = token, token.expires_at - margin
        return token

    def invalidate(self, token: Token) -> None:
        """Forget ``token`` (for example after a 401) if it is still the cached one.

        Compare-and-clear: a 401 for an older token must not throw away a fresher one.
        Tokens match on their value, since the value is what the server rejected.
        """
        if self._token is not None and self._token.value == token.value:
            self._token = None
