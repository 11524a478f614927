"""Pure parser tests: wire bytes in, a model or a typed error out."""

import json
from datetime import UTC, datetime

import pytest

from sendblue_async import builders, errors
from sendblue_async._parse import parse_response, retry_after_seconds
from sendblue_async.models import (
    AreaCodes,
    AreaCodesResponse,
    ChildAccount,
    LineRequest,
    ProvisionedLine,
    ProvisioningLimit,
    ProvisioningLimits,
)
from transports import Response


def ok(data, status=200):
    return Response(status, {"Content-Type": "application/json"}, json.dumps(data).encode())


def test_preview():
    reply = parse_response(builders.provision_preview(), ok({
        "status": "OK", "preview_token": "lpv_abc123", "expires_at": "2026-05-18T14:30:00.000Z",
        "message": "Call the confirm endpoint",
    }))
    assert reply.preview_token == "lpv_abc123"
    assert reply.expires_at == datetime(2026, 5, 18, 14, 30, tzinfo=UTC)
    assert "lpv_abc123" not in repr(reply)


def test_confirm():
    line = parse_response(builders.provision_confirm("t"), ok({
        "status": "OK", "phone_number": "+14155551234", "worker_id": "worker_abc123",
        "subscription_id": "sub_abc123",
    }))
    assert line == ProvisionedLine("+14155551234", "worker_abc123", "sub_abc123")


def test_line_request_reads_camel_case():
    ticket = parse_response(builders.get_line_request(12345), ok({"status": "OK", "data": {
        "id": 12345, "type": "PHONE", "status": "FULFILLED", "desiredAreaCode": "415",
        "fulfilledNumber": "+14155551234", "createdAt": "2025-01-30T10:00:00.000Z",
        "fulfilledAt": "2025-01-30T12:00:00.000Z", "someNewField": 1,
    }})).data
    assert ticket == LineRequest(
        id=12345, status="FULFILLED", type="PHONE", desired_area_code="415",
        fulfilled_number="+14155551234",
        created_at=datetime(2025, 1, 30, 10, tzinfo=UTC),
        fulfilled_at=datetime(2025, 1, 30, 12, tzinfo=UTC),
    )
    assert ticket.is_final


def test_unknown_ticket_status_is_kept():
    ticket = parse_response(builders.get_line_request(1), ok(
        {"status": "OK", "data": {"id": 1, "status": "IN_REVIEW", "type": "PHONE"}})).data
    assert ticket.status == "IN_REVIEW" and not ticket.is_final


def test_limits_under_limits_or_data():
    expected = ProvisioningLimits(ProvisioningLimit(3, 1, 2), ProvisioningLimit(10, 1, 9))
    body = {"daily": {"limit": 3, "used": 1, "remaining": 2},
            "monthly": {"limit": 10, "used": 1, "remaining": 9}}
    for key in ("limits", "data"):
        assert parse_response(builders.get_limits(), ok({"status": "OK", key: body})).limits \
            == expected


def test_child_account_outcomes():
    spec = builders.request_child_account("c", "a@b.co", provision_line=True)
    full = parse_response(spec, ok({"status": "OK", "data": {
        "api_key": "k", "api_secret": "s", "assigned_number": "+12025551234",
        "line_request_ticket_id": 67890, "line_request_status": "OPEN", "message": "temporary",
    }})).account
    assert full == ChildAccount("k", "s", None, "+12025551234", 67890, "OPEN", "temporary")
    assert full.has_pending_line_request and not full.partial
    partial = parse_response(spec, ok({"status": "PARTIAL", "data": {
        "api_key": "k", "api_secret": "s", "line_assignment_failed": True, "message": "m",
    }})).account
    assert partial.partial and partial.line_assignment_failed and partial.api_secret == "s"
    assert "'s'" not in repr(partial) and "'k'" not in repr(partial)


def test_area_codes():
    reply = parse_response(builders.available_area_codes(),
                           ok({"status": "OK", "data": {"area_codes": ["212", "415"]}}))
    assert reply == AreaCodesResponse(AreaCodes(("212", "415")))


@pytest.mark.parametrize(
    ("status", "body", "cls", "code"),
    [
        (400, {"status": "ERROR", "message": "preview_token is missing"}, errors.BadRequestError,
         None),
        (401, {"status": "ERROR", "message": "Invalid Credentials"}, errors.AuthenticationError,
         None),
        (402, {"status": "ERROR", "error": "no_card_on_file", "message": "No card"},
         errors.PaymentRequiredError, "no_card_on_file"),
        (403, {"message": "Did not get inputs for authorization"},
         errors.PermissionDeniedError, None),
        (404, {"status": "ERROR", "message": "not found"}, errors.NotFoundError, None),
        (409, {"status": "ERROR", "message": "exists"}, errors.ConflictError, None),
        (410, {"status": "ERROR", "error": "token_expired", "message": "gone"},
         errors.GoneError, "token_expired"),
        (422, {"status": "ERROR", "error_code": "BAD", "message": "x"},
         errors.BadRequestError, "BAD"),
        (503, {"status": "ERROR", "error": "no_lines_available", "message": "none"},
         errors.NoLinesAvailableError, "no_lines_available"),
        (502, {"status": "ERROR", "message": "bad gateway"}, errors.ServerError, None),
        (418, {"status": "ERROR", "message": "teapot"}, errors.APIStatusError, None),
    ],
)
def test_status_errors(status, body, cls, code):
    with pytest.raises(cls) as info:
        parse_response(builders.get_limits(), ok(body, status))
    err = info.value
    assert type(err) is cls
    assert (err.status, err.code, err.body) == (status, code, body)
    assert err.message == body["message"]
    assert err.method == "GET" and err.path == "/accounts/limits"


@pytest.mark.parametrize(("code", "window"), [("daily_limit_reached", "daily"),
                                              ("monthly_limit_reached", "monthly")])
def test_provisioning_limit_window(code, window):
    body = {"status": "ERROR", "error": code, "message": "Maximum 3 lines can be added per day"}
    with pytest.raises(errors.ProvisioningLimitError) as info:
        parse_response(builders.provision_preview(), ok(body, 429))
    assert info.value.window == window and info.value.retry_after is None
    assert isinstance(info.value, errors.RateLimitError)


def test_rate_limit_retry_after():
    response = Response(429, {"Retry-After": "7"}, b"")
    with pytest.raises(errors.RateLimitError) as info:
        parse_response(builders.get_limits(), response)
    assert info.value.retry_after == 7.0


def test_provisioning_failed_warns_about_the_card():
    body = {"status": "ERROR", "error": "provisioning_failed", "message": "Line failed"}
    with pytest.raises(errors.ProvisioningFailedError) as info:
        parse_response(builders.provision_confirm("t"), ok(body, 500))
    assert "may have been charged" in str(info.value)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [(b"", "empty body"), (b"<html><body>502 Bad Gateway</body></html>", "HTML page"),
     (b"upstream reset", "non-JSON body"), (b'{"status": "ERR', "non-JSON body")],
)
def test_error_without_json_still_explains(body, fragment):
    with pytest.raises(errors.ServerError) as info:
        parse_response(builders.get_limits(), Response(502, {}, body))
    assert fragment in str(info.value) and "Bad Gateway" in str(info.value)


def test_error_inside_2xx_body_is_raised():
    with pytest.raises(errors.APIStatusError, match="went wrong"):
        parse_response(builders.get_limits(), ok({"status": "ERROR", "message": "went wrong"}))


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[]", b'{"status":"OK"}', b'{"preview_token": 5, "expires_at": "x"}',
     b'{"preview_token": "t", "expires_at": "yesterday"}', b"null", b'"str"'],
)
def test_bad_2xx_bodies_are_decode_errors(body):
    with pytest.raises(errors.ResponseDecodeError) as info:
        parse_response(builders.provision_preview(), Response(200, {}, body))
    assert info.value.status == 200 and "PreviewResponse" in str(info.value)


def test_wrong_primitive_types_are_rejected():
    body = {"status": "OK", "data": {"api_key": "k", "api_secret": "s",
                                     "line_assignment_failed": "false"}}
    with pytest.raises(errors.ResponseDecodeError):
        parse_response(builders.request_child_account("c", "a@b.co", provision_line=True),
                       ok(body))


@pytest.mark.parametrize(("value", "seconds"),
                         [("3", 3.0), ("0.5", 0.5), (None, None), ("-1", None), ("soon", None)])
def test_retry_after_seconds(value, seconds):
    assert retry_after_seconds(value) == seconds


def test_decode_error_keeps_the_body_but_never_shows_it():
    body = {"status": "OK", "data": {"api_key": "child-key-1", "api_secret": "child-secret-1",
                                     "assigned_number": 12}}
    spec = builders.request_child_account("c", "a@b.co", provision_line=True)
    with pytest.raises(errors.ResponseDecodeError) as info:
        parse_response(spec, ok(body))
    assert info.value.body == body
    for text in (str(info.value), repr(info.value)):
        assert "child-secret-1" not in text and "child-key-1" not in text


def test_decode_error_keeps_raw_bytes_when_not_json():
    with pytest.raises(errors.ResponseDecodeError) as info:
        parse_response(builders.provision_confirm("t"), Response(200, {}, b"<html>ok</html>"))
    assert info.value.body == b"<html>ok</html>"
