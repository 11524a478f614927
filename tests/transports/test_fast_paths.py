"""The hot-path shortcuts give exactly what the general code gives."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy

from transports import RequestSpec, Response, encode_body, lowercase_headers
from transports._spec import _json_bytes_c, _json_bytes_py, encode_query
from transports.convert import parse_datetime, strict_converter
from transports.decode import NOT_JSON, decode_json

BODIES = [
    b'{"a":1}', b"[1,2]", b' {"a":"\xc3\xa9"}', b'"\xed\xa0\x80"', b"1", b"{",
    '{"a":"é"}'.encode("utf-16"), '{"a":1}'.encode("utf-16-le"), '[1]'.encode("utf-32-be"),
    b'\xef\xbb\xbf{"a":1}', b"\xff\xfe", b"{\x00", b"\x00{", b"\x80", b"{\xff}",
    b" ", b"\n[1] \n", b"[1] x", b"{} {}", b"NaN", b'{"a":}', b"[" * 100_000, b"\t", b"[1]\x00",
]


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=8,
).map(json.dumps), st.sampled_from(["", " ", "\n", "x", "]", " 1", "\t}"]),
   st.sampled_from(["", " ", "\r\n"]))
def test_decode_json_matches_json_loads_on_any_text(text: str, tail: str, head: str) -> None:
    test_decode_json_matches_json_loads((head + text + tail).encode())


@pytest.mark.parametrize("raw", BODIES)
def test_decode_json_matches_json_loads(raw: bytes) -> None:
    try:
        expected = json.loads(raw)
    except (ValueError, RecursionError):
        expected = NOT_JSON
    assert repr(decode_json(raw)) == repr(expected)  # repr: NaN equals itself


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-02T03:04:05.1234567Z", datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)),
        ("2024-01-02T03:04:05.123456Z", datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)),
        ("2024-01-02T03:04:05.12+00:00", datetime(2024, 1, 2, 3, 4, 5, 120000, tzinfo=UTC)),
        ("2024-01-02T03:04:05.123456789", datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)),
    ],
)
def test_parse_datetime_cuts_extra_digits(text: str, expected: datetime) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("value", [None, "x", 1, True, 1.5, [], {}])
def test_fused_optional_matches_strict_hooks(value: object) -> None:
    converter = strict_converter()
    for inner in (str, bool):
        try:
            expected = None if value is None else converter.structure(value, inner)
        except TypeError:
            with pytest.raises(TypeError):
                converter.structure(value, inner | None)
        else:
            assert converter.structure(value, inner | None) == expected


def test_cached_json_encoder_matches_json_dumps() -> None:
    body = {"b": "é\u2028", "a": [1.5, None, True], "n": float("inf")}
    spec: RequestSpec[None] = RequestSpec("POST", "/x", json=body)
    expected = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    assert encode_body(spec).data == expected


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner)
    | st.dictionaries(st.text(max_size=3) | st.integers() | st.booleans(), inner, max_size=3),
    max_leaves=8,
))
def test_both_json_encoders_write_what_json_dumps_writes(value) -> None:
    expected = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    assert _json_bytes_c(value) == expected
    assert _json_bytes_py(value) == expected


@pytest.mark.parametrize("encode", [_json_bytes_c, _json_bytes_py])
def test_a_value_json_cannot_write_is_the_same_type_error(encode) -> None:
    with pytest.raises(TypeError, match="Object of type bytes is not JSON serializable"):
        encode({"a": b"x"})


def test_bind_merges_headers_with_and_without_own() -> None:
    bare: RequestSpec[None] = RequestSpec("GET", "/x")
    assert bare.bind("http://h", {"A": "1"}).headers == (("a", "1"),)
    own: RequestSpec[None] = RequestSpec("GET", "/x", headers={"A": "0", "B": "2"})
    assert own.bind("http://h", {"a": "1"}).headers == (("b", "2"), ("a", "1"))


def test_arrays_of_other_types_are_checked_like_arrays_of_strings():
    converter = strict_converter()
    assert converter.structure([1, "2"], tuple[int, ...]) == (1, 2)
    bad = ((["a", 1], tuple[str, ...]), ("12", tuple[int, ...]), ({}, tuple[str, ...]))
    for value, kind in bad:
        with pytest.raises(TypeError):
            converter.structure(value, kind)


@pytest.mark.parametrize("value", [True, None, [1.5]])
def test_strict_float_rejects_what_is_not_a_number(value):
    with pytest.raises(TypeError):
        strict_converter().structure(value, float)


def test_a_response_repr_shows_header_names_and_body_size_only():
    response = Response(200, {"Set-Cookie": "session=s3cret"}, b'{"access_token":"t0ken"}')
    shown = repr(response)
    assert "set-cookie" in shown and "24 bytes" in shown
    assert "s3cret" not in shown and "t0ken" not in shown


def test_a_case_insensitive_response_keeps_its_mapping():
    headers = CIMultiDictProxy(CIMultiDict([("Retry-After", "3"), ("X-Reply", "yes")]))
    response = Response.from_case_insensitive(429, headers, b"")
    assert response.headers is headers
    assert response.header("retry-after") == "3" and response.headers["x-reply"] == "yes"
    assert (response.status, response.body) == (429, b"")


@given(st.lists(st.tuples(st.text(), st.text()), max_size=4))
def test_encode_query_is_urlencode(items):
    assert encode_query(tuple(items)) == urlencode(items)


def test_lowercase_headers_are_normalised_once_and_taken_as_they_are():
    auth = lowercase_headers({"X-Key": "k", "X-Secret": "s"})
    assert auth == (("x-key", "k"), ("x-secret", "s"))
    bound = RequestSpec("GET", "/p", headers={"X-Key": "old", "Accept": "a"}).bind("http://h", auth)
    assert bound.headers == (("accept", "a"), ("x-key", "k"), ("x-secret", "s"))
    assert RequestSpec("GET", "/p", headers=auth).headers is auth


def test_a_json_object_field_is_a_copy_and_nothing_else_is_one():
    converter = strict_converter()
    value = {"label": "x", "n": [1]}
    for field_type in (Mapping[str, Any], dict[str, Any]):
        copied = converter.structure(value, field_type)
        assert copied == value and copied is not value
        with pytest.raises(TypeError, match="expected a JSON object, got list"):
            converter.structure([["label", "x"]], field_type)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "-inf", "NaN", 10**400])
def test_strict_float_rejects_what_is_not_finite(value):
    with pytest.raises(ValueError, match="expected a finite number"):
        strict_converter().structure(value, float)
    assert strict_converter().structure("1.5", float) == 1.5
