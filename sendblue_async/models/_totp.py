"""Models of TOTP secrets for agent two-factor sign-in (``/api/v2/totp``)."""

from __future__ import annotations

from datetime import datetime

import attrs


class TotpAlgorithm:
    SHA1 = "SHA1"
    SHA256 = "SHA256"
    SHA512 = "SHA512"
    ALL = frozenset({SHA1, SHA256, SHA512})


@attrs.frozen
class TotpSecret:
    """A registered secret. ``secret`` (base32) is returned by create only, never shown."""

    id: str
    label: str | None = None
    issuer: str | None = None
    algorithm: str = TotpAlgorithm.SHA1
    digits: int = 6
    period: int = 30
    created_at: datetime | None = None
    secret: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class TotpSecretResponse:
    totp_secret: TotpSecret


@attrs.frozen
class TotpSecretsResponse:
    totp_secrets: tuple[TotpSecret, ...] = ()


@attrs.frozen
class TotpCode:
    """The current code (hidden from the repr) and the seconds until it rotates."""

    code: str = attrs.field(repr=False)
    expires_in: int


@attrs.frozen
class TotpDeleted:
    status: str = "OK"
