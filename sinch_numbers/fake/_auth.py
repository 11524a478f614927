"""The fake's OAuth token endpoint and request authentication (Bearer or Basic)."""

from __future__ import annotations

import base64
import binascii
import hmac

from transports import Response, ServerRequest, json_response

from ._state import State
from ._wire import error

EXPIRED_CHALLENGE = 'Bearer error="invalid_token", error_description="Jwt expired"'
INVALID_CHALLENGE = 'Bearer error="invalid_token"'


class AuthRoutes(State):
    """Knobs for a misbehaving token endpoint: ``advertised_lifetime`` is the ``expires_in``
    it answers instead of ``token_lifetime`` (which still decides how long the server takes
    the token), and while ``token_outage`` is a status, every token request gets it."""

    key_id: str
    key_secret: str
    allow_basic: bool
    advertised_lifetime: float | None = None
    token_outage: int | None = None

    async def _on_token(self, request: ServerRequest, **_: str) -> Response:
        self.calls["POST /oauth2/token"] += 1
        if self.token_outage is not None:
            return _oauth_error(self.token_outage, "temporarily_unavailable", "Try again later")
        if not self._basic_matches(request):
            return _oauth_error(401, "invalid_client", "Bad client credentials")
        try:
            grant = request.form().get("grant_type")
        except UnicodeDecodeError:
            return _oauth_error(400, "invalid_request", "The body is not UTF-8 form data")
        if grant != "client_credentials":
            return _oauth_error(400, "unsupported_grant_type", "Use client_credentials")
        token = self.issue_token()
        reply = {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": (
                int(self.token_lifetime)
                if self.advertised_lifetime is None
                else self.advertised_lifetime
            ),
            "scope": "",
        }
        return json_response(200, reply)

    def _authenticate(self, request: ServerRequest) -> Response | None:
        """``None`` when the request may proceed, else the 401 to answer with."""
        scheme, _, value = (request.header("authorization") or "").partition(" ")
        if scheme.lower() == "bearer":
            expires_at = self.tokens.get(value)
            if expires_at is None:
                return _unauthenticated("Invalid token", INVALID_CHALLENGE)
            if self.now() >= expires_at:
                return _unauthenticated("Token expired", EXPIRED_CHALLENGE)
            return None
        if scheme.lower() == "basic" and self.allow_basic and self._basic_matches(request):
            return None
        return _unauthenticated("Missing or invalid credentials", 'Bearer realm="sinch"')

    def _basic_matches(self, request: ServerRequest) -> bool:
        scheme, _, value = (request.header("authorization") or "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        key, _, secret = decoded.partition(":")
        expected = f"{self.key_id}:{self.key_secret}".encode()
        return hmac.compare_digest(f"{key}:{secret}".encode(), expected)


def _unauthenticated(message: str, challenge: str) -> Response:
    return error(401, message, headers={"www-authenticate": challenge})


def _oauth_error(status: int, code: str, description: str) -> Response:
    return json_response(status, {"error": code, "error_description": description})
