"""Fuzzing the provisioning builders and their validators: a valid spec or a ValidationError."""

import inspect
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendblue_async import ValidationError
from sendblue_async import _validate as v
from sendblue_async.builders import _lines
from transports import RequestSpec, encode_body

from .fuzzing import AREA_CODE, E164, ZIP, anything, fuzz, mostly

FUZZ = fuzz(250)

CALLS: dict[str, st.SearchStrategy[tuple[tuple[Any, ...], dict[str, Any]]]] = {
    "request_line": st.tuples(st.tuples(mostly(None, "415", "94105")), st.just({})),
    "get_line_request": st.tuples(st.tuples(mostly(1, 12345)), st.just({})),
    "provision_preview": st.just(((), {})),
    "provision_confirm": st.tuples(st.tuples(mostly("lpv_abc")), st.just({})),
    "get_limits": st.just(((), {})),
    "request_child_account": st.tuples(
        st.tuples(mostly("acme"), mostly("ops@acme.example")),
        st.fixed_dictionaries({
            "provision_line": mostly(True, False),
            "desired_area_code": mostly(None, "415"),
            "user": mostly(None, "Jane"),
            "email": mostly(None, "jane@acme.example"),
        }),
    ),
    "available_area_codes": st.just(((), {})),
}


def test_every_line_builder_is_fuzzed():
    public = {
        name for name, f in vars(_lines).items()
        if inspect.isfunction(f) and f.__module__ == _lines.__name__ and not name.startswith("_")
    }
    assert public == set(CALLS)


def assert_well_formed(spec: RequestSpec[Any]) -> None:
    assert spec.method in ("GET", "POST") and spec.path.startswith("/accounts/")
    assert spec.path.isascii() and " " not in spec.path
    body = encode_body(spec).data
    assert isinstance(body, bytes)
    sent = json.loads(body) if body else {}
    assert sent == (spec.json or {})
    for key, value in sent.items():
        if key == "desired_area_code":
            zip_ok = spec.path.endswith("/add-line") and ZIP.match(value)
            assert AREA_CODE.match(value) or zip_ok, value
        elif key in ("primary_email", "email"):
            assert value.count("@") == 1 and value.strip() == value, value
        elif key == "provision_line":
            assert isinstance(value, bool)
        else:
            assert isinstance(value, str) and value.strip(), (key, value)
    if "/line-request/" in spec.path:
        ticket = spec.path.rsplit("/", 1)[1]
        assert ticket.isascii() and ticket.isdigit() and 0 < int(ticket) < 2**63


@pytest.mark.parametrize("name", sorted(CALLS))
@FUZZ
@given(data=st.data())
def test_a_builder_returns_a_well_formed_spec_or_raises_validation_error(name, data):
    args, kwargs = data.draw(CALLS[name])
    try:
        spec = getattr(_lines, name)(*args, **kwargs)
    except ValidationError as exc:
        assert exc.field and str(exc).startswith(exc.field)
        return
    assert_well_formed(spec)


def check(validator: Any, value: Any) -> Any:
    try:
        return validator("field", value)
    except ValidationError as exc:
        assert exc.field == "field"
        return exc


def area_code_or_zip(field: str, value: object) -> str:
    return v.area_code(field, value, allow_zip=True)


@FUZZ
@given(st.one_of(anything, mostly("415", "+14155550101", "a@b.co", "lpv_x", 7)))
def test_every_provisioning_validator_returns_its_type_or_raises_validation_error(value):
    for validator, kind in [
        (v.required_text, str), (v.email, str), (v.preview_token_value, str),
        (v.e164, str), (v.area_code, str), (area_code_or_zip, str),
        (v.boolean, bool), (v.ticket_id, int),
    ]:
        result = check(validator, value)
        if not isinstance(result, ValidationError):
            assert type(result) is kind and result == value
            if isinstance(result, str):
                result.encode()  # valid Unicode: no lone surrogates reach a transport
    assert isinstance(check(v.optional_text, value), str | ValidationError | None)
    phone, code = check(v.e164, value), check(area_code_or_zip, value)
    assert isinstance(phone, ValidationError) or E164.match(phone)
    assert isinstance(code, ValidationError) or AREA_CODE.match(code) or ZIP.match(code)


def test_the_fuzzers_known_finds_stay_fixed():
    assert isinstance(check(v.ticket_id, 10**5000), ValidationError)
    assert isinstance(check(v.ticket_id, 2**63), ValidationError)
    assert check(v.ticket_id, 2**63 - 1) == 2**63 - 1
    assert isinstance(check(v.required_text, "a\ud800"), ValidationError)
    assert isinstance(check(v.preview_token_value, "\udfff"), ValidationError)
    assert isinstance(check(v.area_code, "٤١٥"), ValidationError)
