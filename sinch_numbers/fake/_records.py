"""What the fake stores, the default stock, and how records render as wire JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs

MONTH = 30 * 86400.0


def iso_timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


def money(amount: str, currency: str = "USD") -> dict[str, str]:
    return {"currencyCode": currency, "amount": amount}


@attrs.define
class FakeNumber:
    """A number in stock. ``capabilities`` is what it supports (``SMS``, ``VOICE``)."""

    phone_number: str
    region_code: str
    type: str
    capabilities: tuple[str, ...] = ("SMS", "VOICE")
    setup_price: str = "0.00"
    monthly_price: str = "2.00"
    currency: str = "USD"
    payment_interval_months: int = 1

    def available_json(self) -> dict[str, Any]:
        return {
            "phoneNumber": self.phone_number,
            "regionCode": self.region_code,
            "type": self.type,
            "capability": list(self.capabilities),
            "setupPrice": money(self.setup_price, self.currency),
            "monthlyPrice": money(self.monthly_price, self.currency),
            "paymentIntervalMonths": self.payment_interval_months,
            "supportingDocumentationRequired": False,
        }


@attrs.define
class ActiveRecord:
    """A rented number. ``sms`` / ``voice`` hold the wire objects last written."""

    number: FakeNumber
    project_id: str
    rented_at: float
    display_name: str | None = None
    sms: dict[str, Any] | None = None
    voice: dict[str, Any] | None = None
    callback_url: str | None = None

    def json(self) -> dict[str, Any]:
        """The ActiveNumber wire object; nulls are left out, as the API does."""
        number = self.number
        body: dict[str, Any] = {
            "phoneNumber": number.phone_number,
            "projectId": self.project_id,
            "displayName": self.display_name,
            "regionCode": number.region_code,
            "type": number.type,
            "capability": list(number.capabilities),
            "money": money(number.monthly_price, number.currency),
            "paymentIntervalMonths": number.payment_interval_months,
            "nextChargeDate": iso_timestamp(self.rented_at + MONTH),
            "smsConfiguration": self.sms,
            "voiceConfiguration": self.voice,
            "callbackUrl": self.callback_url,
        }
        return {k: v for k, v in body.items() if v is not None}


def default_stock() -> list[FakeNumber]:
    """Eight US LOCAL numbers (rentable), US toll-free, GB mobile, SE mobile (SMS only)."""
    stock = [FakeNumber(f"+1202555{n:04d}", "US", "LOCAL") for n in range(100, 108)]
    stock += [
        FakeNumber("+18005550100", "US", "TOLL_FREE", monthly_price="3.50"),
        FakeNumber("+447700900100", "GB", "MOBILE", monthly_price="1.20", currency="GBP"),
        FakeNumber("+46700000100", "SE", "MOBILE", ("SMS",), "1.00", "9.50", "SEK"),
    ]
    return stock


REGION_NAMES = {"US": "United States", "GB": "United Kingdom", "SE": "Sweden"}


def default_addresses() -> list[dict[str, str]]:
    """The fake's address book: what ``emergencyAddress:validate`` can match."""
    return [
        {"streetNumber": "12345", "streetInfo": "Main St", "city": "Springfield",
         "state": "IL", "postalCode": "62701"},
        {"streetNumber": "1600", "streetInfo": "Pennsylvania Ave NW", "city": "Washington",
         "state": "DC", "postalCode": "20500"},
        {"streetNumber": "12", "streetInfo": "Main St", "city": "Springfield",
         "state": "IL", "postalCode": "62701"},
    ]  # fmt: skip
