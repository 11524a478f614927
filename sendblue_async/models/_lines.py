"""Models of line provisioning, line-request tickets and child accounts."""

from __future__ import annotations

from datetime import datetime

import attrs


class LineRequestStatus:
    OPEN = "OPEN"
    FULFILLED = "FULFILLED"
    CANCELLED = "CANCELLED"
    FINAL = frozenset({FULFILLED, CANCELLED})


@attrs.frozen
class LineRequest:
    """A line-request ticket (``add-line`` / ``line-request/:id``); camelCase on the wire."""

    id: int
    status: str
    type: str = "PHONE"
    desired_area_code: str | None = None
    fulfilled_number: str | None = None
    created_at: datetime | None = None
    fulfilled_at: datetime | None = None

    @property
    def is_final(self) -> bool:
        return self.status in LineRequestStatus.FINAL


@attrs.frozen
class LineRequestResponse:
    data: LineRequest


@attrs.frozen
class PreviewResponse:
    preview_token: str = attrs.field(repr=False)
    expires_at: datetime
    message: str = ""


@attrs.define(eq=False)
class _Latch:
    """One-way flag shared by a token and its copies: set by the first confirm attempt."""

    used: bool = False


@attrs.frozen
class PreviewToken:
    """A single-use purchase token. ``expires_at`` and ``issued_at`` are POSIX seconds on the
    client's clock; ``expires_at`` is the earlier of the server's expiry and 10 minutes after
    the token was received. The value never appears in a repr."""

    value: str = attrs.field(repr=False)
    expires_at: float
    issued_at: float
    message: str = attrs.field(default="", repr=False)
    _latch: _Latch = attrs.field(factory=_Latch, repr=False, eq=False, alias="_latch")

    @property
    def used(self) -> bool:
        return self._latch.used

    def seconds_left(self, now: float) -> float:
        return self.expires_at - now

    def _claim(self) -> bool:
        """Mark the token used; ``False`` if it already was. No await: atomic under asyncio."""
        if self._latch.used:
            return False
        self._latch.used = True
        return True


@attrs.frozen
class ProvisionedLine:
    """A purchased inbound-only line (``provision-confirm``)."""

    phone_number: str
    worker_id: str
    subscription_id: str


@attrs.frozen
class ProvisioningLimit:
    limit: int
    used: int
    remaining: int


@attrs.frozen
class ProvisioningLimits:
    """API line purchases: rolling 24 hours (``daily``) and rolling 30 days (``monthly``)."""

    daily: ProvisioningLimit
    monthly: ProvisioningLimit


@attrs.frozen
class LimitsResponse:
    limits: ProvisioningLimits


@attrs.frozen
class ChildAccount:
    """A created child account. The credentials are returned once: store them now.

    ``partial`` is true when the account exists but line assignment failed (``PARTIAL``).
    """

    api_key: str = attrs.field(repr=False)
    api_secret: str = attrs.field(repr=False)
    company_name: str | None = None
    assigned_number: str | None = None
    line_request_ticket_id: int | None = None
    line_request_status: str | None = None
    message: str | None = None
    line_assignment_failed: bool = False
    partial: bool = False

    @property
    def has_pending_line_request(self) -> bool:
        return self.line_request_ticket_id is not None


@attrs.frozen
class ChildAccountResponse:
    status: str
    data: ChildAccount

    @property
    def account(self) -> ChildAccount:
        return attrs.evolve(self.data, partial=self.status == "PARTIAL")


@attrs.frozen
class AreaCodes:
    area_codes: tuple[str, ...] = ()


@attrs.frozen
class AreaCodesResponse:
    data: AreaCodes
