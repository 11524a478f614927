"""Pure builder tests: plain equality against the expected RequestSpec, no event loop."""

import pytest

from sendblue_async import ValidationError, builders
from sendblue_async.builders._creations import CHILD_ACCOUNT, LINE_PURCHASE, PROVISIONING_TIMEOUT
from sendblue_async.models import (
    AreaCodesResponse,
    ChildAccountResponse,
    LimitsResponse,
    LineRequestResponse,
    PreviewResponse,
    ProvisionedLine,
)
from transports import RequestSpec


def test_request_line_without_area_code():
    assert builders.request_line() == RequestSpec(
        "POST", "/accounts/lines/add-line", LineRequestResponse,
        json={"line_request_type": "phone"},
    )


@pytest.mark.parametrize("code", ["415", "94107"])
def test_request_line_takes_area_code_or_zip(code):
    spec = builders.request_line(code)
    assert spec.json == {"line_request_type": "phone", "desired_area_code": code}


@pytest.mark.parametrize("code", ["41", "4155", "abc", "015", 415, "", "415 "])
def test_request_line_rejects_bad_area_code(code):
    with pytest.raises(ValidationError) as info:
        builders.request_line(code)
    assert info.value.field == "desired_area_code"


def test_get_line_request():
    assert builders.get_line_request(12345) == RequestSpec(
        "GET", "/accounts/lines/line-request/12345", LineRequestResponse
    )


@pytest.mark.parametrize("ticket", [0, -1, "12", True, 1.5, None])
def test_get_line_request_rejects_bad_ticket(ticket):
    with pytest.raises(ValidationError, match="ticket_id"):
        builders.get_line_request(ticket)


def test_provision_preview_has_no_body():
    assert builders.provision_preview() == RequestSpec(
        "POST", "/accounts/lines/provision-preview", PreviewResponse
    )


def test_provision_confirm_is_never_retryable():
    spec = builders.provision_confirm("lpv_abc")
    assert spec == RequestSpec(
        "POST", "/accounts/lines/provision-confirm", ProvisionedLine,
        json={"preview_token": "lpv_abc"}, retryable=False,
        timeout=PROVISIONING_TIMEOUT, creates=LINE_PURCHASE,
    )
    assert not spec.is_idempotent
    assert "lpv_abc" not in repr(spec)


@pytest.mark.parametrize("token", ["", None, 12, "x" * 1001])
def test_provision_confirm_rejects_bad_token(token):
    with pytest.raises(ValidationError, match="preview_token"):
        builders.provision_confirm(token)


def test_get_limits_and_area_codes():
    assert builders.get_limits() == RequestSpec("GET", "/accounts/limits", LimitsResponse)
    assert builders.available_area_codes() == RequestSpec(
        "GET", "/accounts/lines/available-area-codes", AreaCodesResponse
    )


def test_request_child_account_full_body():
    spec = builders.request_child_account(
        "my-client", "client@example.com", provision_line=True,
        desired_area_code="415", user="Jane Smith", email="jane@example.com",
    )
    assert spec == RequestSpec(
        "POST", "/accounts/lines/request-child-account", ChildAccountResponse,
        json={
            "company_name": "my-client", "primary_email": "client@example.com",
            "provision_line": True, "desired_area_code": "415",
            "user": "Jane Smith", "email": "jane@example.com",
        },
        timeout=PROVISIONING_TIMEOUT, creates=CHILD_ACCOUNT,
    )


def test_request_child_account_without_line_omits_optionals():
    spec = builders.request_child_account("c", "a@b.co", provision_line=False)
    assert spec.json == {"company_name": "c", "primary_email": "a@b.co", "provision_line": False}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"company_name": ""}, "company_name"),
        ({"company_name": "  "}, "company_name"),
        ({"company_name": None}, "company_name"),
        ({"primary_email": "not-an-email"}, "primary_email"),
        ({"primary_email": ""}, "primary_email"),
        ({"provision_line": "true"}, "provision_line"),
        ({"provision_line": 1}, "provision_line"),
        ({"provision_line": None}, "provision_line"),
        ({"desired_area_code": "94107"}, "desired_area_code"),
        ({"desired_area_code": "41"}, "desired_area_code"),
        ({"provision_line": False, "desired_area_code": "415"}, "desired_area_code"),
        ({"email": "nope"}, "email"),
        ({"user": ""}, "user"),
    ],
)
def test_request_child_account_validates_before_sending(kwargs, field):
    args = {"company_name": "c", "primary_email": "a@b.co", "provision_line": True, **kwargs}
    with pytest.raises(ValidationError) as info:
        builders.request_child_account(
            args.pop("company_name"), args.pop("primary_email"), **args
        )
    assert info.value.field == field
    assert field in str(info.value)
