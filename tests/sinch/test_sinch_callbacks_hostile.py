"""The callback helpers on hostile, unauthenticated input: nesting bombs, signature headers
of any type, bodies of any type and size. Each gives a typed error or ``False``."""

import json

import pytest

from sinch_numbers import (
    EventDecodeError,
    EventTooLargeError,
    SignatureError,
    ValidationError,
    compute_signature,
    parse_event,
    verify_and_parse,
    verify_signature,
)
from sinch_numbers.inbound import MAX_CALLBACK_BYTES
from transports.untrusted import MAX_DEPTH

SECRET = "a" * 32
EVENT = {"resourceType": "PORTING", "resourceId": "x"}
BODY = json.dumps(EVENT).encode()
SIGNATURE = compute_signature(SECRET, BODY)
DEEP = 100_000


def nested_text(levels: int) -> str:
    return "[" * levels + "]" * levels


def signed(body: bytes | str) -> dict[str, str]:
    return {"X-Sinch-Signature": compute_signature(SECRET, body)}


@pytest.mark.parametrize(
    "body",
    [
        nested_text(DEEP).encode(),
        '{"resourceType": "PORTING", "x": ' + nested_text(DEEP) + "}",
        # Under the decoder's recursion limit: the event would keep it in ``raw``.
        '{"resourceType": "PORTING", "x": ' + nested_text(500) + "}",
        '{"resourceType": "ACTIVE_NUMBER", "resourceId": ' + nested_text(500) + "}",
    ],
    ids=["whole-body", "in-a-field", "under-the-decoder-limit", "typed-field"],
)
def test_a_nesting_bomb_is_a_decode_error_from_each_entry_point(body):
    with pytest.raises(EventDecodeError, match="nested too deeply"):
        parse_event(body)
    with pytest.raises(EventDecodeError, match="nested too deeply"):
        verify_and_parse(SECRET, body, signed(body))


def test_unknown_fields_nested_up_to_the_limit_are_kept():
    inner = json.loads(nested_text(MAX_DEPTH - 1))
    event = parse_event(json.dumps({**EVENT, "x": inner}))
    assert event.raw["x"] == inner


@pytest.mark.parametrize(
    "value", [["a"], [SIGNATURE], {"a": SIGNATURE}, 5, True, object(), "\udcff", b"\xff"]
)
def test_a_signature_header_of_any_value_is_a_signature_error(value):
    for name in ("X-Sinch-Signature", "x-sinch-signature"):
        with pytest.raises(SignatureError, match="does not match"):
            verify_and_parse(SECRET, BODY, {name: value})
    assert verify_signature(SECRET, BODY, value) is False


@pytest.mark.parametrize(
    "headers", [None, 5, ["x"], [("X-Sinch-Signature", SIGNATURE)], {1: SIGNATURE}, object()]
)
def test_headers_of_any_type_are_a_missing_signature(headers):
    with pytest.raises(SignatureError, match="no X-Sinch-Signature"):
        verify_and_parse(SECRET, BODY, headers)


def test_a_signature_in_bytes_is_read():
    assert verify_and_parse(SECRET, BODY, {b"X-Sinch-Signature": SIGNATURE.encode()})
    assert verify_signature(SECRET, BODY, b" " + SIGNATURE.upper().encode() + b"\n")


@pytest.mark.parametrize("body", [None, 5, ["{}"], {"resourceType": "PORTING"}])
def test_a_body_that_is_not_raw_never_verifies_nor_parses(body):
    empty = compute_signature(SECRET, b"")  # hmac.new(key, None) is the empty body's digest
    assert verify_signature(SECRET, body, empty) is False
    with pytest.raises(EventDecodeError, match="raw body"):
        verify_and_parse(SECRET, body, {"X-Sinch-Signature": empty})
    with pytest.raises(EventDecodeError, match="raw body"):
        parse_event(body)
    with pytest.raises(ValidationError, match="body"):
        compute_signature(SECRET, body)


def test_a_bytearray_body_is_raw_bytes():
    body = bytearray(BODY)
    assert compute_signature(SECRET, body) == SIGNATURE
    assert verify_and_parse(SECRET, body, signed(BODY)).resource_type == "PORTING"


def test_a_body_over_the_default_limit_is_refused_before_the_signature_check():
    assert MAX_CALLBACK_BYTES == 1024 * 1024
    too_big = b"{" * (MAX_CALLBACK_BYTES + 1)
    for call in (
        lambda: parse_event(too_big),
        lambda: parse_event(too_big.decode()),
        lambda: verify_and_parse(SECRET, too_big, {"X-Sinch-Signature": "wrong"}),
        lambda: verify_and_parse(SECRET, too_big, {}),
    ):
        with pytest.raises(EventTooLargeError, match="over 1048576 bytes") as info:
            call()
        assert isinstance(info.value, EventDecodeError)
        assert info.value.limit == MAX_CALLBACK_BYTES


def test_the_limit_is_a_keyword_and_counts_utf8_bytes():
    text = json.dumps({**EVENT, "resourceId": "é" * 4}, ensure_ascii=False)
    size = len(text.encode())
    assert parse_event(text, max_body_bytes=size).resource_id == "éééé"
    assert verify_and_parse(SECRET, text, signed(text), max_body_bytes=size)
    with pytest.raises(EventTooLargeError):
        parse_event(text, max_body_bytes=size - 1)
    with pytest.raises(EventTooLargeError):
        verify_and_parse(SECRET, text, signed(text), max_body_bytes=size - 1)


@pytest.mark.parametrize("limit", [0, -1, True, "1024", None])
def test_a_bad_limit_is_a_validation_error(limit):
    with pytest.raises(ValidationError, match="max_body_bytes"):
        parse_event(BODY, max_body_bytes=limit)
    with pytest.raises(ValidationError, match="max_body_bytes"):
        verify_and_parse(SECRET, BODY, signed(BODY), max_body_bytes=limit)


def test_a_malformed_unknown_event_never_echoes_its_resource_type():
    body = json.dumps({"resourceType": "EVIL\r\nX-Injected: 1", "resourceId": 5})
    with pytest.raises(EventDecodeError) as info:
        parse_event(body)
    assert str(info.value) == "malformed unknown event (TypeError)"
    with pytest.raises(EventDecodeError, match="malformed ACTIVE_NUMBER event"):
        parse_event(json.dumps({"resourceType": "ACTIVE_NUMBER", "resourceId": 5}))
