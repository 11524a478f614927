"""What the fake stores for number orders, the default KYC requirements, and the wire JSON.

Requirement ``fields`` are free-form in the API; the fake uses a JSON Schema object over
``requestDetails`` (``properties`` of strings with ``maxLength``, plus ``required``).
"""

from __future__ import annotations

from typing import Any

import attrs

from ._records import FakeNumber, iso_timestamp, money

CREATED, EXPIRED, COMPLETED = "CREATED", "EXPIRED", "COMPLETED"


@attrs.define
class AttachmentRecord:
    attachment_id: str
    file_name: str
    mime_type: str
    data: bytes = attrs.field(repr=lambda data: f"<{len(data)} bytes>")
    document_type: str | None
    created_at: float
    updated_at: float

    def json(self) -> dict[str, Any]:
        body = {
            "attachmentId": self.attachment_id,
            "fileName": self.file_name,
            "mimeType": self.mime_type,
            "documentType": self.document_type,
            "uploadStatus": "COMPLETED",
            "createTime": iso_timestamp(self.created_at),
            "updateTime": iso_timestamp(self.updated_at),
        }
        return {k: v for k, v in body.items() if v is not None}


@attrs.define
class OrderRecord:
    """An order. ``config`` holds the ``smsConfiguration`` / ``voiceConfiguration`` /
    ``callbackUrl`` sent at creation; they are applied to the numbers on submit."""

    id: str
    project_id: str
    region_code: str
    number_type: str
    numbers: list[FakeNumber]
    config: dict[str, Any]
    created_at: float
    expire_at: float | None
    state: str = CREATED
    updated_at: float = 0.0
    request_details: dict[str, Any] | None = None
    attachments: dict[str, AttachmentRecord] = attrs.field(factory=dict)
    logs: list[tuple[float, str]] = attrs.field(factory=list)

    def json(self) -> dict[str, Any]:
        """The NumberOrder wire object; nulls are left out, as the API does."""
        body: dict[str, Any] = {
            "projectId": self.project_id,
            "idNumberOrder": self.id,
            "regionCode": self.region_code,
            "state": self.state,
            "numberType": self.number_type,
            "orderNumbers": [_order_number(n) for n in self.numbers],
            "smsConfiguration": self.config.get("smsConfiguration"),
            "voiceConfiguration": self.config.get("voiceConfiguration"),
            "expireTime": None if self.expire_at is None else iso_timestamp(self.expire_at),
            "createTime": iso_timestamp(self.created_at),
            "updateTime": iso_timestamp(self.updated_at or self.created_at),
        }
        return {k: v for k, v in body.items() if v is not None}

    def registration_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "attachments": [a.json() for a in self.attachments.values()],
            "logs": [{"message": m, "createTime": iso_timestamp(t)} for t, m in self.logs],
        }
        if self.request_details is not None:
            body["requestDetails"] = self.request_details
        return body


def _order_number(number: FakeNumber) -> dict[str, Any]:
    price = {
        "setupPrice": money(number.setup_price, number.currency),
        "monthlyPrice": money(number.monthly_price, number.currency),
        "paymentIntervalMonths": number.payment_interval_months,
    }
    return {
        "phoneNumber": number.phone_number,
        "numberPrice": price,
        "capabilities": list(number.capabilities),
    }


def _text_field(title: str, max_length: int) -> dict[str, Any]:
    return {"type": "string", "title": title, "maxLength": max_length}


def default_requirements() -> dict[tuple[str, str], dict[str, Any]]:
    """KYC requirements by (region, type): GB MOBILE needs details and a proof of address,
    US TOLL_FREE needs details only. Other combinations have none (the lookup answers 404)."""
    return {("GB", "MOBILE"): _gb_mobile(), ("US", "TOLL_FREE"): _us_toll_free()}


def _gb_mobile() -> dict[str, Any]:
    proof = {
        "id": "gb-proof-of-address",
        "title": "Proof of address",
        "description": "A utility bill or bank statement under three months old",
        "mandatory": True,
        "template": [{"name": "proof-of-address.pdf",
                      "url": "https://templates.sinch.test/proof-of-address.pdf"}],
        "allowedMimeTypes": ["application/pdf", "image/png", "image/jpeg"],
        "allowedDocumentTypes": ["UTILITY_BILL", "BANK_STATEMENT"],
    }  # fmt: skip
    fields = {
        "type": "object",
        "properties": {
            "businessName": _text_field("Business name", 100),
            "contactEmail": _text_field("Contact e-mail", 100),
            "vatNumber": _text_field("VAT number", 20),
        },
        "required": ["businessName", "contactEmail"],
    }
    return {"fields": fields, "attachments": [proof]}


def _us_toll_free() -> dict[str, Any]:
    fields = {
        "type": "object",
        "properties": {
            "businessName": _text_field("Business name", 100),
            "useCase": _text_field("Use case", 500),
        },
        "required": ["businessName", "useCase"],
    }
    return {"fields": fields, "attachments": []}
