"""Fuzzing the provisioning builders and their validators: a valid spec or a ValidationError."""

import inspect
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendblue_async import ValidationError
from sendblue_async import _validate as v
from sendblue_async.builders import _lines
from transports import RequestSpec, encode_body

FUZZ = settings(
    max_examples=250,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

AREA_CODE = re.compile(r"[2-9][0-9]{2}\Z")
ZIP = re.compile(r"[0-9]{5}\Z")
E164 = re.compile(r"\+[1-9][0-9]{6,14}\Z")

# Lone surrogates, lookalike digits (Arabic-Indic, full-width), spaces and control characters.
odd_chars = st.one_of(
    st.characters(categories=["Cs"]),
    st.characters(categories=["Nd", "Zs", "Cc", "Cf"]),
    st.characters(),
)


def odd_text(min_size: int = 0, max_size: int | None = None) -> st.SearchStrategy[str]:
    # Not st.text(odd_chars): text() quietly drops the surrogates of a union of alphabets.
    return st.lists(odd_chars, min_size=min_size, max_size=max_size).map("".join)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 2**63 - 1, 2**63]),
    st.sampled_from([5000, -5000]).map(lambda e: 10 ** abs(e) * (1 if e > 0 else -1)),
    st.floats(),
    st.binary(max_size=8),
    odd_text(),
    st.builds(lambda c, n: c * n, st.sampled_from(["4", "a", " ", "\u200b", "é"]),
              st.integers(0, 3000)),
    st.from_regex(r"\+?[0-9]{1,16}", fullmatch=True),
    st.emails(),
)
anything = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=4,
)


def mostly(*valid: Any) -> st.SearchStrategy[Any]:
    """A valid value, a valid string with odd characters added, or anything at all. Valid
    values come first so the fuzzer gets past the earlier arguments to the later ones."""
    texts = [x for x in valid if isinstance(x, str)]
    twisted = st.builds(
        lambda text, extra, front: extra + text if front else text + extra,
        st.sampled_from(texts), odd_text(1, 3), st.booleans(),
    ) if texts else st.nothing()
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), twisted, anything)


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
