"""Callback signature (a known vector) and typed event parsing."""

import json
from datetime import UTC, datetime

import pytest

from sinch_numbers import (
    ActiveNumberEvent,
    EventDecodeError,
    NumberOrderEvent,
    SignatureError,
    UnknownEvent,
    ValidationError,
    compute_signature,
    parse_event,
    verify_and_parse,
    verify_signature,
)

SECRET = "a" * 32
BODY = (
    b'{"eventId":"01hq","timestamp":"2023-06-06T07:45:27.785357","projectId":"P",'
    b'"resourceId":"+12025550134","resourceType":"ACTIVE_NUMBER",'
    b'"eventType":"PROVISIONING_TO_SMS_PLATFORM","status":"SUCCEEDED"}'
)
SIGNATURE = "e45e965f0e46a6a808752ea6ff580756f2f954f1"


def test_known_vector():
    assert compute_signature(SECRET, BODY) == SIGNATURE
    assert verify_signature(SECRET, BODY, SIGNATURE)
    assert verify_signature(SECRET, BODY.decode(), SIGNATURE.upper())


@pytest.mark.parametrize("signature", [None, "", SIGNATURE[:-1] + "0", "é" * 40])
def test_wrong_or_missing_signatures_fail(signature):
    assert not verify_signature(SECRET, BODY, signature)


def test_the_signature_covers_the_raw_bytes():
    reencoded = json.dumps(json.loads(BODY)).encode()  # same JSON, other bytes
    assert not verify_signature(SECRET, reencoded, SIGNATURE)


def test_verify_and_parse_active_number_event():
    event = verify_and_parse(SECRET, BODY, {"X-Sinch-Signature": SIGNATURE})
    assert event == ActiveNumberEvent(
        resource_id="+12025550134",
        event_type="PROVISIONING_TO_SMS_PLATFORM",
        status="SUCCEEDED",
        event_id="01hq",
        timestamp=datetime(2023, 6, 6, 7, 45, 27, 785357, tzinfo=UTC),
        project_id="P",
    )
    assert event.phone_number == "+12025550134"


def test_verify_and_parse_rejects_bad_signatures():
    with pytest.raises(SignatureError, match="no X-Sinch-Signature"):
        verify_and_parse(SECRET, BODY, {})
    with pytest.raises(SignatureError, match="does not match"):
        verify_and_parse("b" * 32, BODY, {"x-sinch-signature": SIGNATURE})


def test_failed_event_with_unknown_codes_is_kept():
    event = parse_event(
        json.dumps(
            {
                "resourceType": "ACTIVE_NUMBER",
                "resourceId": "+1",
                "status": "PARTIALLY_FAILED",
                "eventType": "PROVISIONING_TO_SOMETHING_NEW",
                "failureCode": "BRAND_NEW_CODE",
                "internalFailureCode": "CRS0018",
                "timestamp": "2023-06-06T07:45:27.7853571",
                "extra": [1, 2],
            }
        )
    )
    assert isinstance(event, ActiveNumberEvent)
    assert (event.status, event.event_type, event.failure_code, event.internal_failure_code) == (
        "PARTIALLY_FAILED",
        "PROVISIONING_TO_SOMETHING_NEW",
        "BRAND_NEW_CODE",
        "CRS0018",
    )
    assert event.timestamp.microsecond == 785357


def test_number_order_event():
    event = parse_event(
        b'{"resourceType":"NUMBER_ORDER","resourceId":"ord-1",'
        b'"eventType":"NUMBER_ORDER_PROCESSING","status":"IN_REVIEW"}'
    )
    assert event == NumberOrderEvent("ord-1", "NUMBER_ORDER_PROCESSING", "IN_REVIEW")


def test_unknown_resource_type_is_kept_with_its_body():
    raw = {"resourceType": "IMPORTED_NUMBER", "resourceId": "x", "newField": {"a": 1}}
    event = parse_event(json.dumps(raw))
    assert isinstance(event, UnknownEvent)
    assert event.resource_type == "IMPORTED_NUMBER" and event.raw == raw


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b'{"resourceId": "x"}',
        b'{"resourceType": 5}',
        b'{"resourceType": "ACTIVE_NUMBER", "status": "SUCCEEDED"}',
        b'{"resourceType": "ACTIVE_NUMBER", "resourceId": "+1", "eventType": "E", '
        b'"status": "S", "timestamp": 12}',
    ],
)
def test_malformed_events(body):
    with pytest.raises(EventDecodeError):
        parse_event(body)


async def test_fake_signs_callbacks_with_the_configured_secret(client, fake):
    secret = "0123456789abcdef-0123456789ABCDEF"
    await client.callbacks.update_configuration(secret)
    body, headers = fake.signed_callback(
        {
            "resourceType": "ACTIVE_NUMBER",
            "resourceId": "+12025550100",
            "eventType": "DEPROVISIONING_FROM_VOICE_PLATFORM",
            "status": "FAILED",
            "failureCode": "NUMBER_PROVISIONING_FAILED",
        }
    )
    event = verify_and_parse(secret, body, headers)
    assert event.failure_code == "NUMBER_PROVISIONING_FAILED"


@pytest.mark.parametrize("secret", ["", None, b"bytes-are-not-a-secret-here"])
def test_an_empty_or_non_text_secret_is_refused_before_any_check(secret):
    for call in (
        lambda: compute_signature(secret, BODY),
        lambda: verify_signature(secret, BODY, SIGNATURE),
        lambda: verify_signature(secret, BODY, None),
        lambda: verify_and_parse(secret, BODY, {}),
    ):
        with pytest.raises(ValidationError, match="hmac_secret"):
            call()
