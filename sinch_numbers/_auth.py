"""Sinch authentication: OAuth2 client credentials at ``{auth_url}/oauth2/token``, or HTTP
Basic with the key pair on every request (strategies from :mod:`transports.auth`)."""

from __future__ import annotations

from typing import Literal

from transports.auth import Auth, BasicAuth, OAuth, basic_header, is_expired_token

from . import builders, errors
from ._parse import parse_response

__all__ = ["BasicAuth", "OAuth", "basic_header", "is_expired_token", "sinch_auth"]


def sinch_auth(
    kind: Literal["oauth", "basic"],
    key_id: str,
    key_secret: str,
    *,
    auth_url: str,
    refresh_margin: float,
) -> Auth:
    if kind == "basic":
        return BasicAuth(key_id, key_secret)
    return OAuth(
        key_id,
        key_secret,
        token_url=auth_url,
        token_spec=builders.oauth_token(),
        parse=parse_response,
        refresh_margin=refresh_margin,
        decode_error=errors.ResponseDecodeError,
    )
