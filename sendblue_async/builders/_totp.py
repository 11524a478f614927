"""Builders for TOTP secrets (``/api/v2/totp``), used by agents for two-factor sign-in."""

from __future__ import annotations

from typing import Any

from transports import RequestSpec, path_segment

from .. import _validate as v
from ..errors import ValidationError
from ..models import (
    TotpAlgorithm,
    TotpCode,
    TotpDeleted,
    TotpSecretResponse,
    TotpSecretsResponse,
)

TOTP = "/api/v2/totp"
OTPAUTH_PREFIX = "otpauth://totp/"
MAX_PERIOD = 3600


def create_totp_secret(
    label: str | None = None,
    *,
    uri: str | None = None,
    secret: str | None = None,
    issuer: str | None = None,
    algorithm: str | None = None,
    digits: int | None = None,
    period: int | None = None,
) -> RequestSpec[TotpSecretResponse]:
    """Register a secret. The result carries the base32 ``secret`` (this call only).

    ``POST /api/v2/totp/secrets``: from a ``label`` (and optional settings; the server
    generates the secret when none is given) or from an ``otpauth://totp/`` ``uri`` alone."""
    if uri is not None:
        if any(x is not None for x in (label, secret, issuer, algorithm, digits, period)):
            raise ValidationError("uri", "give either uri alone or label and settings")
        return _post({"uri": _otpauth_uri(uri)})
    if label is None:
        raise ValidationError("label", "is required unless uri is given")
    body = {"label": v.required_text("label", label)}
    return _post(body | _settings(secret, issuer, algorithm, digits, period))


def _settings(
    secret: str | None, issuer: str | None, algorithm: str | None, digits: int | None,
    period: int | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if secret is not None:
        body["secret"] = v.base32_secret("secret", secret)
    if issuer is not None:
        body["issuer"] = v.required_text("issuer", issuer)
    if algorithm is not None:
        body["algorithm"] = v.one_of("algorithm", algorithm, TotpAlgorithm.ALL)
    if digits is not None:
        if type(digits) is not int or digits not in (6, 8):
            raise ValidationError("digits", "must be 6 or 8")
        body["digits"] = digits
    if period is not None:
        body["period"] = v.bounded_int("period", period, low=1, high=MAX_PERIOD)
    return body


def _post(body: dict[str, Any]) -> RequestSpec[TotpSecretResponse]:
    return RequestSpec("POST", f"{TOTP}/secrets", TotpSecretResponse, json=body)


def _otpauth_uri(uri: object) -> str:
    text = v.required_text("uri", uri, max_length=2048)
    if not text.startswith(OTPAUTH_PREFIX):
        raise ValidationError("uri", f"must start with {OTPAUTH_PREFIX}")
    return text


def list_totp_secrets() -> RequestSpec[TotpSecretsResponse]:
    """``GET /api/v2/totp/secrets`` (secrets are never returned here)."""
    return RequestSpec("GET", f"{TOTP}/secrets", TotpSecretsResponse)


def get_totp_code(secret_id: str) -> RequestSpec[TotpCode]:
    """``GET /api/v2/totp/code/:secret_id``: the current code and seconds until it rotates."""
    segment = path_segment(v.path_id("secret_id", secret_id))
    return RequestSpec("GET", f"{TOTP}/code/{segment}", TotpCode)


def delete_totp_secret(secret_id: str) -> RequestSpec[TotpDeleted]:
    """``DELETE /api/v2/totp/secrets/:secret_id``."""
    segment = path_segment(v.path_id("secret_id", secret_id))
    return RequestSpec("DELETE", f"{TOTP}/secrets/{segment}", TotpDeleted)
