"""Fuzzing the Sinch input validators (each returns its type or raises ValidationError naming
the field), and the builder finds of the Sinch fuzzers, pinned."""

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinch_numbers import _validate as v
from sinch_numbers import builders
from sinch_numbers.errors import ValidationError
from sinch_numbers.models import QuantityOrderOption

from .fuzzing import E164, anything, fuzz, mostly
from .test_faults_fuzz_sinch_builders import DIGITS, HMAC, PROJECT_ID, REGION, TOKEN, text

FUZZ = fuzz(200)
Check = Callable[[Any], bool]


def search_pattern(field: str, value: object) -> str:
    return v.one_of(field, value, v.SEARCH_PATTERNS)


def blank_text(field: str, value: object) -> str:
    return v.text(field, value, allow_empty=True)


# validator -> what every value it returns must be.
VALIDATORS: dict[Callable[..., Any], Check] = {
    v.text: text,
    blank_text: lambda x: text(x, blank=True),
    v.path_id: lambda x: text(x) and x not in (".", ".."),
    v.project_id: lambda x: bool(PROJECT_ID.match(x)),
    v.e164: lambda x: bool(E164.match(x)),
    v.region_code: lambda x: bool(REGION.match(x)),
    v.enum_token: lambda x: bool(TOKEN.match(x)),
    v.enum_tokens: lambda x: type(x) is tuple and all(TOKEN.match(t) for t in x),
    search_pattern: v.SEARCH_PATTERNS.__contains__,
    v.digits_pattern: lambda x: bool(DIGITS.match(x)),
    v.positive_int: lambda x: type(x) is int and 0 < x <= v.MAX_INT32,
    v.hmac_secret: lambda x: bool(HMAC.match(x)),
    v.url: lambda x: text(x) and x.startswith(("https://", "http://")),
}


def test_every_validator_is_fuzzed():
    public = {
        f for name, f in vars(v).items()
        if inspect.isfunction(f) and f.__module__ == v.__name__ and not name.startswith("_")
    }
    checked = {f for f in VALIDATORS if f.__module__ == v.__name__} | {v.one_of}
    assert public == checked


values = st.one_of(
    anything,
    mostly("+12025550134", "US", "LOCAL", "proj-1", "202", "START", "https://h/x", 5, "a" * 32),
    st.lists(mostly("SMS", "VOICE"), max_size=3), st.just(2**31), st.sampled_from([".", ".."]),
)


@FUZZ
@given(values)
def test_every_validator_returns_its_type_or_raises_validation_error(value):
    for validator, valid in VALIDATORS.items():
        try:
            result = validator("field", value)
        except ValidationError as exc:
            assert exc.field == "field" and str(exc).startswith("field: ") and len(str(exc)) > 15
            continue
        assert valid(result), (validator.__name__, result)
        if isinstance(result, str | int):
            assert result == value and type(result) is type(value)


def field_of(builder: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    with pytest.raises(ValidationError) as info:
        builder(*args, **kwargs)
    return info.value.field


def nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def test_the_fuzzers_known_finds_stay_fixed():
    b = builders
    # Lone surrogates got through to the transport (a raw UnicodeEncodeError when sent).
    assert field_of(b.update_active_number, "p", "+12025550134", display_name="Main\ud800") == (
        "display_name"
    )
    assert field_of(b.get_number_order, "p", "o\udfff") == "number_order_id"
    for details in ({"k": float("nan")}, {"k": "\ud800"}, nested(100_000)):
        assert field_of(b.update_number_order_registration, "p", "o", details) == "request_details"
    # Dot segments: "/numberOrders/../submit" is "/v1/projects/p/submit" once normalised.
    assert field_of(b.submit_number_order, "p", "..") == "number_order_id"
    assert field_of(b.upload_number_order_attachment, "p", "o", ".", b"x", filename="a.pdf") == (
        "attachment_id"
    )
    # "+12" was an E.164 number; E.164 has 7 to 15 digits.
    assert field_of(b.get_active_number, "p", "+12") == "phone_number"
    assert b.get_active_number("p", "+1202555").path.endswith("/%2B1202555")
    # Not iterable: a raw TypeError.
    assert field_of(b.list_available_regions, "p", None) == "types"
    option = QuantityOrderOption(1, capabilities=5)  # type: ignore[arg-type]
    assert field_of(b.create_number_order, "p", "US", "LOCAL", option) == "option.capabilities"
    # A huge page size was a raw ValueError (int to str conversion limit) in RequestSpec.
    for size in (10**5000, 2**31):
        assert field_of(b.list_active_numbers, "p", page_size=size) == "page_size"
        assert field_of(b.search_available_numbers, "p", "US", "LOCAL", size=size) == "size"
