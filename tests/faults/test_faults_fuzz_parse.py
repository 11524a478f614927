"""Fuzzing parse_response with every provisioning spec: a model or a typed SendblueError."""

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendblue_async import APIStatusError, ResponseDecodeError, builders
from sendblue_async._parse import parse_response
from transports import RequestSpec, Response

from .fuzzing import (
    assert_sendblue_reply,
    assert_typed,
    bodies,
    fuzz,
    response,
    retry_after,
    statuses,
)

FUZZ = fuzz(150)

TICKET = {
    "id": 12345, "type": "PHONE", "status": "FULFILLED", "desiredAreaCode": "415",
    "fulfilledNumber": "+14155550101", "createdAt": "2026-05-18T14:30:00.000Z",
    "fulfilledAt": "2026-05-18T15:30:00+00:00",
}
WINDOW = {"limit": 3, "used": 1, "remaining": 2}
CHILD = {
    "company_name": "agency@example.com-acme", "api_key": "k", "api_secret": "s",
    "assigned_number": "+14155550102", "line_request_ticket_id": 7,
    "line_request_status": "OPEN", "message": "m", "line_assignment_failed": False,
}
# Every provisioning spec with a body its endpoint really returns.
CASES: dict[str, tuple[RequestSpec[Any], dict[str, Any]]] = {
    "request_line": (builders.request_line("415"), {"status": "OK", "data": TICKET}),
    "get_line_request": (builders.get_line_request(12345), {"status": "OK", "data": TICKET}),
    "provision_preview": (builders.provision_preview(), {
        "status": "OK", "preview_token": "lpv_x", "expires_at": "2026-05-18T14:40:00.000Z",
        "message": "Call confirm within 10 minutes",
    }),
    "provision_confirm": (builders.provision_confirm("lpv_x"), {
        "status": "OK", "phone_number": "+14155550103", "worker_id": "w", "subscription_id": "s",
    }),
    "get_limits": (builders.get_limits(), {
        "status": "OK", "limits": {"daily": WINDOW, "monthly": WINDOW},
    }),
    "request_child_account": (
        builders.request_child_account("acme", "a@b.co", provision_line=True),
        {"status": "PARTIAL", "data": CHILD},
    ),
    "available_area_codes": (builders.available_area_codes(), {
        "status": "OK", "data": {"area_codes": ["212", "415"]},
    }),
}

@pytest.mark.parametrize("name", sorted(CASES))
def test_the_real_body_parses_to_a_fully_typed_model(name):
    spec, good = CASES[name]
    model = parse_response(spec, Response(200, {}, json.dumps(good).encode()))
    assert_typed(model, spec.response_type)


@pytest.mark.parametrize("name", sorted(CASES))
@FUZZ
@given(data=st.data())
def test_any_response_is_a_typed_model_or_a_typed_error(name, data):
    spec, good = CASES[name]
    status, body = data.draw(statuses), data.draw(bodies(good))
    assert_sendblue_reply(spec, response(status, body, data.draw(retry_after)))


def test_the_fuzzers_known_finds_stay_fixed():
    spec = builders.available_area_codes()
    for body in (b'{"data":{"area_codes":"415"}}', b'{"data":{"area_codes":{"415":1}}}'):
        with pytest.raises(ResponseDecodeError):
            parse_response(spec, Response(200, {}, body))
    with pytest.raises(ResponseDecodeError):
        parse_response(spec, Response(200, {}, b"[" * 100_000))
    with pytest.raises(APIStatusError) as info:
        parse_response(spec, Response(429, {"retry-after": "inf"}, b"[" * 100_000))
    assert info.value.retry_after is None  # type: ignore[attr-defined]
