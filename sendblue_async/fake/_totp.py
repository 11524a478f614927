"""TOTP routes: secrets per account, and real RFC 6238 codes on the fake's clock."""

from __future__ import annotations

import binascii
import hmac
import math
import secrets
from base64 import b32decode, b32encode
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import attrs

from transports import Response

from ._records import iso_timestamp
from ._state import State
from ._wire import Ctx, bad_request, error, object_body, ok

DIGESTS = {"SHA1": "sha1", "SHA256": "sha256", "SHA512": "sha512"}


def b32_key(secret: str) -> bytes:
    """Decode a base32 secret, padding optional (``binascii.Error`` if it is not base32)."""
    text = secret.replace(" ", "").upper()
    return b32decode(text + "=" * (-len(text) % 8))


def totp_code(
    secret: str, now: float, *, algorithm: str = "SHA1", digits: int = 6, period: int = 30
) -> str:
    """The RFC 6238 code for a base32 ``secret`` at POSIX time ``now``."""
    counter = int(now // period).to_bytes(8, "big")
    mac = hmac.new(b32_key(secret), counter, DIGESTS[algorithm]).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


@attrs.define
class FakeTotpSecret:
    id: str
    account: str
    label: str
    secret: str = attrs.field(repr=False)
    created_at: float
    issuer: str | None = None
    algorithm: str = "SHA1"
    digits: int = 6
    period: int = 30

    def wire(self, *, with_secret: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id, "label": self.label, "issuer": self.issuer,
            "algorithm": self.algorithm, "digits": self.digits, "period": self.period,
            "created_at": iso_timestamp(self.created_at),
        }
        if with_secret:
            data["secret"] = self.secret
        return data


def _from_uri(uri: object) -> dict[str, Any] | str:
    """The settings in an ``otpauth://totp/Issuer:label?secret=...`` URI, or a problem."""
    parts = urlsplit(uri) if isinstance(uri, str) else None
    if parts is None or parts.scheme != "otpauth" or parts.netloc != "totp":
        return "uri must be an otpauth://totp/ URI"
    issuer, _, label = unquote(parts.path.lstrip("/")).rpartition(":")
    query = dict(parse_qsl(parts.query))
    settings: dict[str, Any] = {"label": label, "issuer": query.get("issuer") or issuer or None}
    settings.update({k: query[k] for k in ("secret", "algorithm") if k in query})
    for name in ("digits", "period"):
        if name in query:
            if not query[name].isdigit():
                return f"{name} must be a number"
            settings[name] = int(query[name])
    return settings


def _problem(settings: dict[str, Any]) -> str | None:
    label, secret = settings.get("label"), settings.get("secret")
    if not isinstance(label, str) or not label.strip():
        return "label is required"
    if settings.get("issuer") is not None and not isinstance(settings["issuer"], str):
        return "issuer must be a string"
    if secret is not None and not _is_base32(secret):
        return "secret must be base32"
    if settings.get("algorithm", "SHA1") not in DIGESTS:
        return "algorithm must be SHA1, SHA256 or SHA512"
    if settings.get("digits", 6) not in (6, 8) or isinstance(settings.get("digits"), bool):
        return "digits must be 6 or 8"
    period = settings.get("period", 30)
    if isinstance(period, bool) or not isinstance(period, int) or period <= 0:
        return "period must be a positive integer"
    return None


def _is_base32(value: object) -> bool:
    try:
        return isinstance(value, str) and bool(b32_key(value))
    except (binascii.Error, ValueError):
        return False


class TotpRoutes(State):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.totp_secrets: dict[str, FakeTotpSecret] = {}

    def _on_create_totp_secret(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        settings = _from_uri(body["uri"]) if "uri" in body else body
        if isinstance(settings, str):
            return bad_request(settings)
        problem = _problem(settings)
        if problem is not None:
            return bad_request(problem)
        record = FakeTotpSecret(
            "totp_" + secrets.token_hex(8), ctx.account.api_key, settings["label"],
            settings.get("secret") or b32encode(secrets.token_bytes(20)).decode(), self.now(),
            settings.get("issuer"), settings.get("algorithm", "SHA1"),
            settings.get("digits", 6), settings.get("period", 30),
        )
        self.totp_secrets[record.id] = record
        return ok({"totp_secret": record.wire(with_secret=True)})

    def _on_list_totp_secrets(self, ctx: Ctx) -> Response:
        mine = [s.wire() for s in self.totp_secrets.values() if s.account == ctx.account.api_key]
        return ok({"totp_secrets": mine})

    def _on_get_totp_code(self, ctx: Ctx) -> Response:
        record = self._own_secret(ctx)
        if isinstance(record, Response):
            return record
        now = self.now()
        code = totp_code(record.secret, now, algorithm=record.algorithm,
                         digits=record.digits, period=record.period)
        expires_in = math.ceil(record.period - now % record.period)
        return ok({"code": code, "expires_in": expires_in})

    def _on_delete_totp_secret(self, ctx: Ctx) -> Response:
        record = self._own_secret(ctx)
        if isinstance(record, Response):
            return record
        del self.totp_secrets[record.id]
        return ok({})

    def _own_secret(self, ctx: Ctx) -> FakeTotpSecret | Response:
        record = self.totp_secrets.get(ctx.params["secret_id"])
        if record is None or record.account != ctx.account.api_key:
            return error(404, "TOTP secret not found")
        return record

    def _totp_routes(self) -> list[tuple[str, str, Callable[[Ctx], Response]]]:
        totp = "/api/v2/totp"
        return [
            ("POST", f"{totp}/secrets", self._on_create_totp_secret),
            ("GET", f"{totp}/secrets", self._on_list_totp_secrets),
            ("DELETE", f"{totp}/secrets/{{secret_id}}", self._on_delete_totp_secret),
            ("GET", f"{totp}/code/{{secret_id}}", self._on_get_totp_code),
        ]
