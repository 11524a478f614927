"""Receiving helpers: the signing-secret check and the tolerant payload models."""

import json
from datetime import UTC, datetime

import pytest

from sendblue_async import InboundMessage, StatusCallback, ValidationError, WebhookPayloadError
from sendblue_async.inbound import (
    SIGNING_SECRET_HEADER,
    parse_inbound_message,
    parse_status_callback,
    verify_signing_secret,
)

SECRET = "whsec-correct-horse"

INBOUND = {
    "accountEmail": "ops@example.com",
    "content": "Hello",
    "is_outbound": False,
    "status": "RECEIVED",
    "error_code": None,
    "message_handle": "msg-1",
    "date_sent": "2026-05-18T14:30:00.000Z",
    "date_updated": "2026-05-18T14:30:00.000Z",
    "from_number": "+14155550100",
    "number": "+14155550100",
    "to_number": "+12125550101",
    "sendblue_number": "+12125550101",
    "was_downgraded": None,
    "plan": "blue",
    "media_url": "",
    "message_type": "message",
    "group_id": "",
    "participants": [],
    "send_style": "",
    "opted_out": False,
    "service": "iMessage",
    "brand_new_field": {"x": 1},
}

STATUS = {
    "accountEmail": "ops@example.com", "content": "Hi", "is_outbound": True,
    "status": "DELIVERED", "error_code": None, "error_message": None,
    "message_handle": "msg-2", "date_sent": "2026-05-18T14:30:00Z",
    "date_updated": "2026-05-18T14:30:05Z", "from_number": "+12125550101",
    "number": "+14155550100", "to_number": "+14155550100", "was_downgraded": False,
    "plan": "blue",
}


@pytest.mark.parametrize(
    "received",
    [
        {SIGNING_SECRET_HEADER: SECRET},
        {"SB-Signing-Secret": SECRET, "content-type": "application/json"},
        SECRET,
        SECRET.encode(),
    ],
)
def test_verify_accepts_the_right_secret_from_headers_or_value(received):
    assert verify_signing_secret(received, SECRET)
    assert verify_signing_secret(received, SECRET.encode())


@pytest.mark.parametrize(
    "received", [{SIGNING_SECRET_HEADER: "wrong"}, {}, None, "", SECRET + "x", {"other": SECRET}]
)
def test_verify_rejects_a_wrong_or_missing_secret(received):
    assert not verify_signing_secret(received, SECRET)


def test_verify_refuses_an_empty_expected_secret():
    with pytest.raises(ValidationError, match="secret"):
        verify_signing_secret("", "")


def test_verify_compares_in_constant_time(monkeypatch):
    import hmac

    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    verify_signing_secret({SIGNING_SECRET_HEADER: "guess"}, SECRET)
    assert calls == [(b"guess", SECRET.encode())]


@pytest.mark.parametrize("raw", [json.dumps(INBOUND).encode(), json.dumps(INBOUND), INBOUND])
def test_inbound_message_from_bytes_text_or_dict(raw):
    message = parse_inbound_message(raw)
    assert isinstance(message, InboundMessage)
    assert (message.message_handle, message.content, message.account_email) == (
        "msg-1", "Hello", "ops@example.com")
    assert message.date_sent == datetime(2026, 5, 18, 14, 30, tzinfo=UTC)
    assert message.extra == {"brand_new_field": {"x": 1}}
    assert message.error_code is None and not message.is_outbound and not message.is_group


def test_group_message():
    message = parse_inbound_message({**INBOUND, "message_type": "group", "group_id": "g1",
                                     "participants": ["+14155550100", "+14155550101"]})
    assert message.is_group and message.participants == ("+14155550100", "+14155550101")


def test_status_callback_keeps_unknown_statuses():
    callback = parse_status_callback({**STATUS, "status": "TELEPORTED", "new": True})
    assert isinstance(callback, StatusCallback)
    assert (callback.status, callback.extra) == ("TELEPORTED", {"new": True})
    assert parse_status_callback(json.dumps(STATUS).encode()).status == "DELIVERED"


def test_status_callback_error_fields():
    callback = parse_status_callback({**STATUS, "status": "ERROR", "error_code": 5509,
                                      "error_message": "failed"})
    assert (callback.error_code, callback.error_message) == (5509, "failed")


@pytest.mark.parametrize(
    "raw",
    [b"not json", b"[1, 2]", b"", {"content": "no handle"}, {**STATUS, "is_outbound": "yes"},
     {**STATUS, "date_sent": "someday"}, b"\xff\xfe"],
)
def test_malformed_payload_raises_a_typed_error(raw):
    with pytest.raises(WebhookPayloadError) as info:
        parse_status_callback(raw)
    assert isinstance(info.value, ValueError)


def test_payload_errors_never_quote_the_content():
    with pytest.raises(WebhookPayloadError) as info:
        parse_inbound_message({**INBOUND, "is_outbound": "secret-content-123"})
    assert "secret-content-123" not in str(info.value)
    assert info.value.__cause__ is None
