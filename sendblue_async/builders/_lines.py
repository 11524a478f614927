"""Builders for line provisioning, limits, line-request tickets and child accounts."""

from __future__ import annotations

from typing import Any

from transports import RequestSpec, path_segment

from .. import _validate as v
from ..errors import ValidationError
from ..models import (
    AreaCodesResponse,
    ChildAccountResponse,
    LimitsResponse,
    LineRequestResponse,
    PreviewResponse,
    ProvisionedLine,
)
from ._creations import CHILD_ACCOUNT, LINE_PURCHASE, PROVISIONING_TIMEOUT

LINES = "/accounts/lines"


def request_line(desired_area_code: str | None = None) -> RequestSpec[LineRequestResponse]:
    """``POST /accounts/lines/add-line`` (deprecated ticket flow for purchases)."""
    body: dict[str, Any] = {"line_request_type": "phone"}
    if desired_area_code is not None:
        body["desired_area_code"] = v.area_code(
            "desired_area_code", desired_area_code, allow_zip=True
        )
    return RequestSpec("POST", f"{LINES}/add-line", LineRequestResponse, json=body)


def get_line_request(ticket_id: int) -> RequestSpec[LineRequestResponse]:
    """``GET /accounts/lines/line-request/:lineRequestTicketId``."""
    ticket = v.ticket_id("ticket_id", ticket_id)
    return RequestSpec("GET", f"{LINES}/line-request/{path_segment(ticket)}", LineRequestResponse)


def provision_preview() -> RequestSpec[PreviewResponse]:
    """``POST /accounts/lines/provision-preview``: eligibility check, issues a preview token."""
    return RequestSpec("POST", f"{LINES}/provision-preview", PreviewResponse)


def provision_confirm(preview_token: str) -> RequestSpec[ProvisionedLine]:
    """``POST /accounts/lines/provision-confirm``: charges the card, provisions the line.

    Never retried, not even on 429: the server consumes the token on the first attempt.
    """
    token = v.preview_token_value("preview_token", preview_token)
    return RequestSpec(
        "POST",
        f"{LINES}/provision-confirm",
        ProvisionedLine,
        json={"preview_token": token},
        retryable=False,
        timeout=PROVISIONING_TIMEOUT,
        creates=LINE_PURCHASE,
    )


def get_limits() -> RequestSpec[LimitsResponse]:
    """``GET /accounts/limits``: API line-purchase limits and usage."""
    return RequestSpec("GET", "/accounts/limits", LimitsResponse)


def request_child_account(
    company_name: str,
    primary_email: str,
    *,
    provision_line: bool,
    desired_area_code: str | None = None,
    user: str | None = None,
    email: str | None = None,
) -> RequestSpec[ChildAccountResponse]:
    """Create a child account (agency accounts only). A ``PARTIAL`` outcome (account created,
    line assignment failed) is returned with ``partial=True``: its one-time credentials are
    in it. ``POST /accounts/lines/request-child-account``; runs to completion even if its
    caller is cancelled."""
    body: dict[str, Any] = {
        "company_name": v.required_text("company_name", company_name),
        "primary_email": v.email("primary_email", primary_email),
        "provision_line": v.boolean("provision_line", provision_line),
    }
    if desired_area_code is not None:
        if not provision_line:
            raise ValidationError("desired_area_code", "is only used when provision_line=True")
        body["desired_area_code"] = v.area_code("desired_area_code", desired_area_code)
    if user is not None:
        body["user"] = v.required_text("user", user)
    if email is not None:
        body["email"] = v.email("email", email)
    return RequestSpec(
        "POST", f"{LINES}/request-child-account", ChildAccountResponse, json=body,
        timeout=PROVISIONING_TIMEOUT, creates=CHILD_ACCOUNT,
    )


def available_area_codes() -> RequestSpec[AreaCodesResponse]:
    """``GET /accounts/lines/available-area-codes``."""
    return RequestSpec("GET", f"{LINES}/available-area-codes", AreaCodesResponse)
