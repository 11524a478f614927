"""Fuzzing Sinch callbacks: any body and any signature header give a typed event, an
EventDecodeError or a SignatureError, never a raw KeyError, TypeError or UnicodeError."""

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinch_numbers import EventDecodeError, SignatureError, compute_signature
from sinch_numbers.inbound import (
    EVENT_TYPES,
    CallbackEvent,
    UnknownEvent,
    parse_event,
    verify_and_parse,
    verify_signature,
)

from .fuzzing import anything, bodies, fuzz, odd_text
from .test_faults_fuzz_sinch_parse import assert_typed

FUZZ = fuzz(100)
SECRET = "0123456789abcdef-0123456789ABCDEF"
EVENTS = {
    "ACTIVE_NUMBER": {
        "eventId": "01hq", "timestamp": "2023-06-06T07:45:27.7853576", "projectId": "P",
        "resourceId": "+12025550134", "resourceType": "ACTIVE_NUMBER",
        "eventType": "PROVISIONING_TO_SMS_PLATFORM", "status": "FAILED",
        "failureCode": "CAMPAIGN_NOT_AVAILABLE", "internalFailureCode": "E42",
    },
    "NUMBER_ORDER": {
        "eventId": "01hr", "timestamp": "2023-06-06T07:45:27Z", "projectId": "P",
        "resourceId": "o-1", "resourceType": "NUMBER_ORDER",
        "eventType": "NUMBER_ORDER_PROCESSING", "status": "SUCCEEDED",
    },
    "PORTING": {"resourceType": "PORTING", "resourceId": "x", "extra": [1, {"a": None}]},
}


def assert_event(event: Any, raw: bytes | str) -> None:
    assert_typed(event, CallbackEvent)
    data = json.loads(raw)
    assert type(event) is EVENT_TYPES.get(data["resourceType"], UnknownEvent)
    assert event.resource_type == data["resourceType"]


@st.composite
def raw_bodies(draw: st.DrawFn, good: dict[str, Any]) -> bytes | str:
    """A broken body as bytes, or as the text a framework decoded (maybe with surrogates)."""
    junk = odd_text(max_size=20).map(lambda text: text.encode("utf-8", "surrogatepass"))
    body = draw(bodies(good) | junk)
    if draw(st.booleans()):
        return body
    return body.decode("utf-8", draw(st.sampled_from(["surrogateescape", "replace"])))


@pytest.mark.parametrize("kind", sorted(EVENTS))
def test_the_real_events_parse_to_typed_events(kind):
    body = json.dumps(EVENTS[kind]).encode()
    assert_event(parse_event(body), body)
    headers = {"X-Sinch-Signature": compute_signature(SECRET, body)}
    assert_event(verify_and_parse(SECRET, body, headers), body)


@pytest.mark.parametrize("kind", sorted(EVENTS))
@FUZZ
@given(data=st.data())
def test_any_body_is_a_typed_event_or_a_typed_error(kind, data):
    body = data.draw(raw_bodies(EVENTS[kind]))
    try:
        event = parse_event(body)
    except EventDecodeError as exc:
        assert str(exc)
    else:
        assert_event(event, body)


@pytest.mark.parametrize("kind", sorted(EVENTS))
@FUZZ
@given(data=st.data())
def test_any_signed_body_is_a_typed_event_or_a_typed_error(kind, data):
    body = data.draw(raw_bodies(EVENTS[kind]))
    name = data.draw(st.sampled_from(["X-Sinch-Signature", "x-sinch-signature", "X-Other"]))
    signature = data.draw(st.sampled_from(["right", "upper", "wrong"]) | odd_text(max_size=45)
                          | st.binary(max_size=45) | anything)
    if signature in ("right", "upper"):
        right = compute_signature(SECRET, body)
        signature = right if signature == "right" else f" {right.upper()} "
    try:
        event = verify_and_parse(SECRET, body, {name: signature})
    except SignatureError:
        assert name == "X-Other" or signature != compute_signature(SECRET, body)
    except EventDecodeError:
        pass
    else:
        assert name != "X-Other"
        assert_event(event, body)


def test_the_fuzzers_known_finds_stay_fixed():
    deep = b"[" * 100_000  # was a raw RecursionError
    with pytest.raises(EventDecodeError):
        parse_event(deep)
    body = json.dumps(EVENTS["ACTIVE_NUMBER"]).encode()
    right = compute_signature(SECRET, body)
    # Lone surrogates in the header or in a leniently decoded body: raw UnicodeEncodeErrors.
    for text, signature in [(body, "\ud800"), (body.decode() + "\udc80", right)]:
        with pytest.raises(SignatureError):
            verify_and_parse(SECRET, text, {"X-Sinch-Signature": signature})
    assert verify_and_parse(SECRET, body.decode(), {"x-sinch-signature": right})
    # Header values that are not text: raw AttributeErrors.
    for value in (["a"], [right], 5, b"\xff"):
        with pytest.raises(SignatureError):
            verify_and_parse(SECRET, body, {"X-Sinch-Signature": value})
    with pytest.raises(SignatureError):  # a non-text header name: a raw AttributeError
        verify_and_parse(SECRET, body, {1: right})
    # No body at all was signed as an empty one and then raised a raw TypeError.
    assert not verify_signature(SECRET, None, compute_signature(SECRET, b""))
    with pytest.raises(EventDecodeError):
        parse_event(None)
