"""A cached bearer token, minted once however many tasks ask for it at the same time, and
not minted again at once after a mint failed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import NoReturn

import anyio
import attrs

from .clock import Clock


@attrs.frozen
class Token:
    """A credential and when it expires (POSIX seconds). The repr never shows the value."""

    value: str = attrs.field(repr=False)
    expires_at: float


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0:
        raise ValueError(f"{attribute.name} must be positive, got {value!r}")


@attrs.frozen
class MintBackoff:
    """How long a failed mint keeps the next one away: ``first`` seconds after a failure,
    doubled on each consecutive failure up to ``cap``; a successful mint starts over."""

    first: float = attrs.field(default=1.0, validator=_positive)
    cap: float = attrs.field(default=60.0, validator=_positive)

    def delay(self, failures: int) -> float:
        """The window after ``failures`` consecutive failed mints (1 or more)."""
        doublings = min(max(failures - 1, 0), 64)  # 2.0 ** a day of failures would overflow
        return float(min(self.cap, self.first * 2.0**doublings))


DEFAULT_MINT_BACKOFF = MintBackoff()


class TokenCache:
    """Hands out one token until it is about to expire, then mints the next.

    ``get`` is single-flight: one ``mint`` runs at a time, and callers that arrive while it
    runs wait for it and share its token. The token is refreshed once ``clock.now() >=
    expires_at - refresh_margin``; the margin is clamped to half the token's remaining life
    at mint time, so a token that lives shorter than the margin is still reused instead of
    minted on every call.

    A failed mint is not retried by every caller: for a window after it (``backoff``, from
    the failure, growing on consecutive failures) callers get that same exception without a
    new mint, or the current token while it has not expired yet (a refresh that fails early
    does not fail calls). So however many callers there are, a failing token endpoint sees
    one mint per window.
    """

    def __init__(
        self,
        mint: Callable[[], Awaitable[Token]],
        *,
        clock: Clock,
        refresh_margin: float = 60.0,
        backoff: MintBackoff = DEFAULT_MINT_BACKOFF,
    ) -> None:
        self._mint = mint
        self._clock = clock
        self._margin = refresh_margin
        self._backoff = backoff
        self._lock = anyio.Lock()
        self._token: Token | None = None
        self._refresh_at = 0.0
        self._failures = 0  # consecutive failed mints
        self._retry_at = 0.0  # no mint before this time after a failure
        self._error: tuple[Exception, TracebackType | None] | None = None

    def __repr__(self) -> str:
        if self._token is None:
            return "TokenCache(empty)"
        return f"TokenCache(expires_at={self._token.expires_at})"

    @property
    def failures(self) -> int:
        """Consecutive failed mints (0 after a success)."""
        return self._failures

    @property
    def retry_at(self) -> float:
        """When the next mint may start after a failure (POSIX seconds)."""
        return self._retry_at

    async def get(self) -> Token:
        """The cached token, minting a new one when there is none or it is due."""
        token = self._token
        if token is not None and self._clock.now() < self._refresh_at:
            return token
        async with self._lock:
            return self._ready() or await self._mint_locked()

    def _ready(self) -> Token | None:
        """What a caller gets without minting: a token not yet due, or in a backoff window
        the current token while it is valid, else the failure; ``None`` to mint."""
        now, token = self._clock.now(), self._token
        if token is not None and now < self._refresh_at:
            return token
        # Past the window, or the wall clock stepped back further than any window lasts.
        if self._error is None or not now < self._retry_at <= now + self._backoff.cap:
            return None
        if token is not None and now < token.expires_at:
            return token
        self._raise_failure()

    async def _mint_locked(self) -> Token:
        try:
            token = await self._mint()
        except Exception as exc:
            self._failed(exc)
            return self._ready() or self._raise_failure()
        now = self._clock.now()
        margin = min(self._margin, (token.expires_at - now) / 2)
        self._token, self._refresh_at = token, token.expires_at - margin
        self._failures, self._error = 0, None
        return token

    def _failed(self, exc: Exception) -> None:
        self._failures += 1
        self._retry_at = self._clock.now() + self._backoff.delay(self._failures)
        self._error = exc, exc.__traceback__

    def _raise_failure(self) -> NoReturn:
        assert self._error is not None
        error, traceback = self._error
        # The traceback of the failed mint, not one grown by every caller it was raised to.
        raise error.with_traceback(traceback)

    def invalidate(self, token: Token) -> None:
        """Forget ``token`` (for example after a 401) if it is still the cached one.

        Compare-and-clear: a 401 for an older token must not throw away a fresher one.
        Tokens match on their value, since the value is what the server rejected.
        """
        if self._token is not None and self._token.value == token.value:
            self._token = None
