"""Authentication strategies for the client core: fixed headers, or OAuth2 client credentials.

A strategy hands the core the headers to bind and, for OAuth, the token they came from, so a
401 that says "expired" can drop exactly that token and fetch the next one. Fixed headers are
exposed as ``static_headers`` so the core binds them without a call per request.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any, Protocol

from ._base import Response, Transport
from ._spec import RequestSpec, lowercase_headers
from .clock import Clock
from .errors import ResponseDecodeError
from .tokens import DEFAULT_MINT_BACKOFF, MintBackoff, Token, TokenCache

Headers = tuple[tuple[str, str], ...]
MIN_TOKEN_LIFETIME = 1.0  # seconds; a token endpoint's reply promising less is refused


class Auth(Protocol):
    """How a client authenticates. ``static_headers`` is not ``None`` when the headers never
    change; then ``authorize`` is never awaited."""

    @property
    def static_headers(self) -> Headers | None: ...

    def attach(self, transport: Transport, clock: Clock) -> None:
        """Called once by the client core with the transport and clock it will use."""

    async def authorize(self) -> tuple[Headers, Token | None]: ...

    def invalidate(self, token: Token) -> None: ...


class StaticAuth:
    """The same credential headers on every request (Sendblue's key pair, HTTP Basic).
    ``shown`` is what the repr may say about them (never the secret)."""

    def __init__(self, headers: Mapping[str, str], *, shown: str = "") -> None:
        self._headers = lowercase_headers(headers)
        self._shown = shown

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._shown})"

    @property
    def static_headers(self) -> Headers:
        return self._headers

    def attach(self, transport: Transport, clock: Clock) -> None:
        """Nothing to attach: fixed headers need no transport."""

    async def authorize(self) -> tuple[Headers, Token | None]:
        return self._headers, None

    def invalidate(self, token: Token) -> None:
        """Nothing to drop: fixed credentials do not expire."""


def basic_header(username: str, password: str) -> str:
    raw = f"{username}:{password}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


class BasicAuth(StaticAuth):
    """Key ID as the username, key secret as the password, on every request."""

    def __init__(self, key_id: str, key_secret: str) -> None:
        super().__init__(
            {"authorization": basic_header(key_id, key_secret)}, shown=f"key_id={key_id!r}"
        )
        self.key_id = key_id


class TokenReply(Protocol):
    """What a token endpoint's parsed reply gives: the token and its lifetime in seconds."""

    @property
    def access_token(self) -> str: ...

    @property
    def expires_in(self) -> float: ...


class ParseToken(Protocol):
    def __call__(self, spec: RequestSpec[Any], response: Response, /) -> TokenReply: ...


class OAuth:
    """Bearer tokens from a client-credentials token endpoint, minted once however many calls
    ask at the same time and refreshed ``refresh_margin`` seconds before they expire.

    ``token_spec`` is the token request (its path and form body, without credentials), sent
    to ``token_url`` with the key pair as HTTP Basic through the client's transport (and so
    its retries and fakes); ``parse`` reads the reply or raises the package's typed error.

    A reply whose ``expires_in`` is under :data:`MIN_TOKEN_LIFETIME` (zero or negative: the
    server says the token is dead on arrival; under a second, it would not outlast the
    request it is minted for) is refused with ``decode_error``, the
    package's :class:`~transports.errors.ResponseDecodeError`, rather than floored to a
    minimum: a floored token would be sent although the server called it expired, and every
    call would pay a 401 "expired" and a second mint. Refused, it is a failed mint like any
    other, so the cache's ``backoff`` holds further mints off (one per window, however many
    callers). A reply without ``expires_in`` fails ``parse`` the same way.
    """

    def __init__(
        self,
        key_id: str,
        key_secret: str,
        *,
        token_url: str,
        token_spec: RequestSpec[Any],
        parse: ParseToken,
        refresh_margin: float = 60.0,
        decode_error: type[ResponseDecodeError] = ResponseDecodeError,
        backoff: MintBackoff = DEFAULT_MINT_BACKOFF,
    ) -> None:
        self.key_id = key_id
        self.token_url = token_url
        self._basic = lowercase_headers({"authorization": basic_header(key_id, key_secret)})
        self._spec = token_spec
        self._parse = parse
        self._margin = refresh_margin
        self._decode_error, self._backoff = decode_error, backoff
        self._transport: Transport | None = None
        self._clock: Clock | None = None
        self.tokens: TokenCache | None = None

    def __repr__(self) -> str:
        return f"OAuth(key_id={self.key_id!r}, token_url={self.token_url!r})"

    @property
    def static_headers(self) -> None:
        return None  # a bearer token changes: authorize() every request

    def attach(self, transport: Transport, clock: Clock) -> None:
        self._transport, self._clock = transport, clock
        self.tokens = TokenCache(
            self._mint, clock=clock, refresh_margin=self._margin, backoff=self._backoff
        )

    async def authorize(self) -> tuple[Headers, Token | None]:
        assert self.tokens is not None, "attach() first"
        token = await self.tokens.get()
        return (("authorization", f"Bearer {token.value}"),), token

    def invalidate(self, token: Token) -> None:
        if self.tokens is not None:
            self.tokens.invalidate(token)

    async def _mint(self) -> Token:
        assert self._transport is not None and self._clock is not None
        response = await self._transport.send(self._spec.bind(self.token_url, self._basic))
        reply = self._parse(self._spec, response)
        lifetime = reply.expires_in
        if not lifetime >= MIN_TOKEN_LIFETIME:
            raise self._decode_error(
                f"the token endpoint gave the token a lifetime of {lifetime:g} s; "
                f"at least {MIN_TOKEN_LIFETIME:g} s is needed to use it",
                status=response.status, method=self._spec.method, path=self._spec.path,
            )
        return Token(reply.access_token, self._clock.now() + lifetime)


def is_expired_token(response: Response) -> bool:
    """A 401 whose ``WWW-Authenticate`` mentions "expired" (RFC 6750 ``invalid_token``)."""
    challenge = response.header("www-authenticate") or ""
    return response.status == 401 and "expired" in challenge.lower()
