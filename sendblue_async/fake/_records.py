"""The fake's state as plain mutable records, plus the wire's timestamp format."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

import attrs

DAY = 24 * 3600.0
MONTH = 30 * DAY
PREVIEW_TTL = 600.0
DEFAULT_AREA_CODES = ("212", "310", "415", "512", "617", "720", "818")

LineSource = Literal["confirm", "ticket", "child_account"]


def default_numbers() -> list[str]:
    """21 numbers, three per area code, in a fixed order (``+12125550101`` first)."""
    return [f"+1{code}555010{i}" for code in DEFAULT_AREA_CODES for i in (1, 2, 3)]


def iso_timestamp(seconds: float) -> str:
    """POSIX seconds as ``2026-05-18T14:30:00.000Z``."""
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def area_code_of(number: str) -> str:
    """The NANP area code of an E.164 number (``+14155550101`` -> ``415``)."""
    return number[2:5]


@attrs.define
class Limits:
    """Purchase caps per rolling window (``limits.api_provision_daily`` / ``_monthly``)."""

    daily: int = 3
    monthly: int = 10


@attrs.define
class LineRecord:
    """A number taken from the pool. ``account`` is the owner's API key."""

    phone_number: str
    account: str
    provisioned_at: float
    source: LineSource
    worker_id: str | None = None
    subscription_id: str | None = None


@attrs.define
class FakeAccount:
    """One set of credentials and everything the fake knows about its account.

    ``purchases`` holds the clock time of every confirm that created a subscription (a
    ``provisioning_failed`` one included): the limit windows count these.
    ``lines`` holds every number the account received, whatever the route.
    """

    api_key: str
    api_secret: str = attrs.field(repr=False)
    email: str
    plan: str = "inbound_only"
    card_on_file: bool = True
    agency: bool = False
    limits: Limits = attrs.field(factory=Limits)
    purchases: list[float] = attrs.field(factory=list)
    lines: list[LineRecord] = attrs.field(factory=list)
    parent: str | None = None
    company_name: str | None = None

    def used(self, window: float, now: float) -> int:
        """Purchases inside the rolling window ending now."""
        return sum(1 for at in self.purchases if at > now - window)


@attrs.define
class LineTicket:
    """A line-request ticket. ``account`` (an API key) may read it; the fulfilled number
    goes to ``recipient`` (the child account for a child's area-code request)."""

    id: int
    account: str
    recipient: str
    desired_area_code: str | None
    created_at: float
    status: str = "OPEN"
    fulfilled_number: str | None = None
    fulfilled_at: float | None = None

    def wire(self) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.id,
            "type": "PHONE",
            "status": self.status,
            "desiredAreaCode": self.desired_area_code,
        }
        if self.fulfilled_number is not None:
            data["fulfilledNumber"] = self.fulfilled_number
        data["createdAt"] = iso_timestamp(self.created_at)
        if self.fulfilled_at is not None:
            data["fulfilledAt"] = iso_timestamp(self.fulfilled_at)
        return data


@attrs.define
class PreviewGrant:
    """An issued preview token. ``used`` is set by the first confirm that presents it."""

    token: str = attrs.field(repr=False)
    account: str
    issued_at: float
    expires_at: float
    used: bool = False
