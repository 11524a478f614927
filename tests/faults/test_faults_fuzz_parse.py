"""Fuzzing parse_response with every provisioning spec: a model or a typed SendblueError."""

import copy
import json
import types
import typing
from datetime import datetime
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendblue_async import APIStatusError, ResponseDecodeError, builders
from sendblue_async._parse import parse_response
from transports import RequestSpec, Response

FUZZ = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

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

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
statuses = st.sampled_from([200, 201, 204, 400, 401, 402, 403, 404, 409, 410, 422, 429, 500,
                            503]) | st.integers(100, 599)
retry_after = st.none() | st.sampled_from(["1", "0", "-1", "nan", "inf", "1e400", "soon"])


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside a JSON value, as a key path."""
    found = [prefix]
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return found
    for key, item in items:
        found += paths(item, (*prefix, key))
    return found


def replace(value: Any, path: tuple[Any, ...], new: Any, *, delete: bool) -> Any:
    if not path:
        return new
    copied = copy.deepcopy(value)
    parent = copied
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return copied


@st.composite
def bodies(draw: st.DrawFn, good: dict[str, Any]) -> bytes:
    kind = draw(st.sampled_from(["mutated", "truncated", "json", "html", "bytes", "nested"]))
    if kind == "mutated":
        path = draw(st.sampled_from(paths(good)))
        delete = bool(path) and draw(st.booleans())
        mutated = replace(good, path, draw(json_values), delete=delete)
        return json.dumps(mutated).encode()
    if kind == "truncated":
        raw = json.dumps(good).encode()
        return raw[: draw(st.integers(0, len(raw) - 1))]
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    if kind == "html":
        return b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
    if kind == "nested":
        return draw(st.sampled_from([b"[", b'{"a":'])) * draw(st.integers(1, 100_000))
    return draw(st.binary(max_size=64))


def assert_typed(value: Any, hint: Any) -> None:
    """``value`` matches the type hint all the way down (attrs classes included)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        assert any(_matches(value, arm) for arm in args), (value, hint)
    elif origin is tuple:
        assert isinstance(value, tuple)
        for item in value:
            assert_typed(item, args[0])
    elif attrs.has(hint):
        assert type(value) is hint
        for name, field_hint in typing.get_type_hints(hint).items():
            assert_typed(getattr(value, name), field_hint)
    else:
        assert type(value) is hint, (value, hint)
        if hint is datetime:
            assert value.tzinfo is not None and isinstance(value.timestamp(), float)


def _matches(value: Any, hint: Any) -> bool:
    try:
        assert_typed(value, hint)
    except AssertionError:
        return False
    return True


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
    header = data.draw(retry_after)
    response = Response(status, {} if header is None else {"retry-after": header}, body)
    try:
        model = parse_response(spec, response)
    except APIStatusError as exc:
        assert exc.status == status and exc.message
        assert getattr(exc, "retry_after", None) in (None, 0.0, 1.0)
    except ResponseDecodeError as exc:
        assert 200 <= status < 300 and exc.status == status
        assert exc.body is not None or not body or body == b"null"
    else:
        assert 200 <= status < 300
        assert_typed(model, spec.response_type)


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
