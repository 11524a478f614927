"""Authentication: OAuth2 client credentials cached in a ``TokenCache``, or HTTP Basic.

Both hand the client the headers to bind and, for OAuth, the token they came from, so a
401 that says "expired" can drop exactly that token and fetch the next one.
"""

from __future__ import annotations

import base64
from typing import Protocol

from transports import Clock, Response, Token, TokenCache, Transport, lowercase_headers

from . import builders
from ._parse import parse_response

Headers = tuple[tuple[str, str], ...]


def basic_header(key_id: str, key_secret: str) -> str:
    raw = f"{key_id}:{key_secret}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def is_expired_token(response: Response) -> bool:
    """A 401 whose ``WWW-Authenticate`` mentions "expired" (how Sinch reports an old token)."""
    challenge = response.header("www-authenticate") or ""
    return response.status == 401 and "expired" in challenge.lower()


class Auth(Protocol):
    async def authorize(self) -> tuple[Headers, Token | None]: ...

    def invalidate(self, token: Token) -> None: ...


class BasicAuth:
    """Key ID as the username, key secret as the password, on every request."""

    def __init__(self, key_id: str, key_secret: str) -> None:
        self.key_id = key_id
        self._headers = lowercase_headers({"authorization": basic_header(key_id, key_secret)})

    def __repr__(self) -> str:
        return f"BasicAuth(key_id={self.key_id!r})"

    async def authorize(self) -> tuple[Headers, Token | None]:
        return self._headers, None

    def invalidate(self, token: Token) -> None:
        """Nothing to drop: Basic credentials do not expire."""


class OAuth:
    """Bearer tokens from ``POST {auth_url}/oauth2/token``, minted once however many calls
    ask at the same time and refreshed ``refresh_margin`` seconds before ``expires_in`` ends.

    Token requests go through the client's transport (and so its retries and fakes).
    """

    def __init__(
        self,
        key_id: str,
        key_secret: str,
        *,
        auth_url: str,
        transport: Transport,
        clock: Clock,
        refresh_margin: float = 60.0,
    ) -> None:
        self.key_id = key_id
        self.auth_url = auth_url
        self._basic = lowercase_headers({"authorization": basic_header(key_id, key_secret)})
        self._transport = transport
        self._clock = clock
        self.tokens = TokenCache(self._mint, clock=clock, refresh_margin=refresh_margin)

    def __repr__(self) -> str:
        return f"OAuth(key_id={self.key_id!r}, auth_url={self.auth_url!r})"

    async def authorize(self) -> tuple[Headers, Token | None]:
        token = await self.tokens.get()
        return (("authorization", f"Bearer {token.value}"),), token

    def invalidate(self, token: Token) -> None:
        self.tokens.invalidate(token)

    async def _mint(self) -> Token:
        spec = builders.oauth_token()
        response = await self._transport.send(spec.bind(self.auth_url, self._basic))
        reply = parse_response(spec, response)
        return Token(reply.access_token, self._clock.now() + reply.expires_in)
