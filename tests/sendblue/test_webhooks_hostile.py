"""The receiving helpers on hostile, unauthenticated input: nesting bombs, header values of
any type, oversized bodies. Each gives a typed error or ``False``, never a raw exception."""

import json

import pytest

from sendblue_async import (
    ValidationError,
    WebhookPayloadError,
    WebhookPayloadTooLargeError,
    parse_inbound_message,
    parse_status_callback,
    verify_signing_secret,
)
from sendblue_async.inbound import MAX_WEBHOOK_BYTES, SIGNING_SECRET_HEADER
from transports.untrusted import MAX_DEPTH

SECRET = "whsec-correct-horse"
PARSERS = [parse_status_callback, parse_inbound_message]
DEEP = 100_000


def nested_dict(levels: int) -> dict:
    top = inner = {}
    for _ in range(levels - 1):
        inner["a"] = {}
        inner = inner["a"]
    return top


def nested_text(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize(
    "body",
    [
        nested_text(DEEP),  # the whole body
        nested_text(DEEP).encode(),
        "[" * DEEP,  # unclosed
        '{"message_handle": "m", "extra": ' + nested_text(DEEP) + "}",  # inside a field
        {"message_handle": "m", "unknown": nested_dict(DEEP)},  # kept in extra
        {"message_handle": "m", "content": nested_dict(DEEP)},  # a typed field
        {"message_handle": "m", "participants": [nested_dict(DEEP)]},
    ],
    ids=["text", "bytes", "unclosed", "in-a-field", "decoded-extra", "decoded-field",
         "decoded-list"],
)
def test_a_nesting_bomb_is_a_payload_error(parse, body):
    with pytest.raises(WebhookPayloadError, match="nested too deeply"):
        parse(body)


@pytest.mark.parametrize("parse", PARSERS)
def test_nesting_the_json_decoder_accepts_is_refused_before_it_reaches_extra(parse):
    # Under the decoder's recursion limit, but a repr or a comparison of the event from a
    # deep stack would raise RecursionError.
    body = '{"message_handle": "m", "x": ' + nested_text(500) + "}"
    with pytest.raises(WebhookPayloadError, match="nested too deeply"):
        parse(body)


@pytest.mark.parametrize("parse", PARSERS)
def test_unknown_fields_nested_up_to_the_limit_are_kept(parse):
    inner = nested_dict(MAX_DEPTH - 1)
    event = parse(json.dumps({"message_handle": "m", "x": inner}))
    assert event.extra == {"x": inner}
    assert repr(event)


def test_a_cycle_in_a_decoded_body_is_refused():
    body: dict = {"message_handle": "m"}
    body["self"] = body
    with pytest.raises(WebhookPayloadError, match="nested too deeply"):
        parse_status_callback(body)


@pytest.mark.parametrize(
    "value",
    [
        b"\xff\xfe",  # invalid UTF-8
        "\udcff",  # a framework's lenient decoding of the byte 0xff
        "\ud800" + SECRET,
        ["a", "b"],
        [SECRET],  # a list is not a header value, even holding the right one
        {"a": SECRET},
        5,
        3.5,
        True,
        object(),
    ],
)
def test_any_header_value_type_gives_false(value):
    assert verify_signing_secret({SIGNING_SECRET_HEADER: value}, SECRET) is False
    assert verify_signing_secret({"SB-Signing-Secret": value}, SECRET) is False


@pytest.mark.parametrize(
    "received",
    [5, ["a"], [(SIGNING_SECRET_HEADER, SECRET)], object(), {1: SECRET, None: SECRET},
     {(SIGNING_SECRET_HEADER,): SECRET}, "\udcff", b"\xff"],
)
def test_any_headers_type_gives_false(received):
    assert verify_signing_secret(received, SECRET) is False


def test_bytes_header_names_and_values_are_read():
    assert verify_signing_secret({b"SB-Signing-Secret": SECRET.encode()}, SECRET)
    assert verify_signing_secret({b"sb-signing-secret": bytearray(SECRET.encode())}, SECRET)


def test_a_secret_with_a_lone_surrogate_compares_without_raising():
    assert verify_signing_secret({SIGNING_SECRET_HEADER: "s\udcff"}, "s\udcff")
    assert not verify_signing_secret({SIGNING_SECRET_HEADER: "s?"}, "s\udcff")


@pytest.mark.parametrize("secret", [None, 5, ["x"], b""])
def test_a_secret_that_is_not_text_or_bytes_is_a_validation_error(secret):
    with pytest.raises(ValidationError, match="secret"):
        verify_signing_secret({SIGNING_SECRET_HEADER: "x"}, secret)


@pytest.mark.parametrize("parse", PARSERS)
def test_a_body_over_the_default_limit_is_refused_before_decoding(parse):
    assert MAX_WEBHOOK_BYTES == 1024 * 1024
    too_big = b"{" * (MAX_WEBHOOK_BYTES + 1)  # not JSON either: the size is checked first
    with pytest.raises(WebhookPayloadTooLargeError, match="over 1048576 bytes") as info:
        parse(too_big)
    assert isinstance(info.value, WebhookPayloadError) and info.value.limit == MAX_WEBHOOK_BYTES
    with pytest.raises(WebhookPayloadTooLargeError):
        parse(too_big.decode())


@pytest.mark.parametrize("parse", PARSERS)
def test_the_limit_is_a_keyword_and_counts_utf8_bytes(parse):
    body = json.dumps({"message_handle": "é" * 4}, ensure_ascii=False)
    assert (len(body), len(body.encode())) == (26, 30)
    assert parse(body, max_body_bytes=30).message_handle == "éééé"
    assert parse(body.encode(), max_body_bytes=30).message_handle == "éééé"
    for raw in (body, body.encode()):
        with pytest.raises(WebhookPayloadTooLargeError) as info:
            parse(raw, max_body_bytes=29)
        assert info.value.limit == 29


def test_a_decoded_body_has_no_size_limit():
    assert parse_status_callback({"message_handle": "m" * 100}, max_body_bytes=1)


@pytest.mark.parametrize("limit", [0, -1, True, "1024", None, 1.5])
def test_a_bad_limit_is_a_validation_error(limit):
    with pytest.raises(ValidationError, match="max_body_bytes"):
        parse_status_callback(b"{}", max_body_bytes=limit)
