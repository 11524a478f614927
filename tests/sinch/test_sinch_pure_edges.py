"""Edge cases of the pure modules: converter, parser, validators, builders, errors, inputs."""

import json
from decimal import Decimal

import pytest

from sinch_numbers import (
    UNSET,
    APIStatusError,
    FieldViolation,
    Money,
    NotFoundError,
    ResponseDecodeError,
    ServerError,
    ValidationError,
    builders,
)
from sinch_numbers import _validate as v
from sinch_numbers._auth import BasicAuth
from sinch_numbers._convert import parse_decimal
from sinch_numbers._parse import ErrorFields, error_fields, parse_response
from sinch_numbers.builders._bodies import number_pattern_json
from transports import Response, Token

NUMBER = "+12025550134"
GET_ACTIVE = builders.get_active_number("p", NUMBER)


def reply(status: int, data: object) -> Response:
    return Response(status, {"content-type": "application/json"}, json.dumps(data).encode())


@pytest.mark.parametrize("amount", ["Infinity", "-Infinity", "NaN", "sNaN"])
def test_non_finite_amounts_are_rejected(amount):
    with pytest.raises(ValueError, match="finite"):
        parse_decimal(amount)


def test_finite_amounts_still_parse():
    assert parse_decimal("2.50") == Decimal("2.50")
    assert parse_decimal(3) == Decimal(3)


def test_a_null_voice_configuration_reads_as_none():
    wire = {"phoneNumber": NUMBER, "voiceConfiguration": None}
    number = parse_response(GET_ACTIVE, reply(200, wire))
    assert number.phone_number == NUMBER and number.voice_configuration is None


def test_a_non_string_voice_type_is_a_decode_error():
    wire = {"phoneNumber": NUMBER, "voiceConfiguration": {"type": 7, "appId": "a"}}
    with pytest.raises(ResponseDecodeError) as caught:
        parse_response(GET_ACTIVE, reply(200, wire))
    assert caught.value.status == 200
    assert "ActiveNumber" in str(caught.value) and "TypeError" in str(caught.value)


def test_error_fields_read_a_flat_message():
    assert error_fields({"message": "upstream down"}) == ErrorFields("upstream down")
    assert error_fields({"message": ""}) == ErrorFields()
    assert error_fields({"status": "ERROR"}) == ErrorFields()


def test_a_flat_gateway_error_keeps_its_message():
    with pytest.raises(ServerError) as caught:
        parse_response(GET_ACTIVE, reply(502, {"message": "Bad gateway"}))
    error = caught.value
    assert (error.status, error.message, error.error_status) == (502, "Bad gateway", None)
    assert error.body == {"message": "Bad gateway"}


def test_text_length_limit_is_inclusive():
    assert v.text("display_name", "x" * v.MAX_TEXT) == "x" * v.MAX_TEXT
    with pytest.raises(ValidationError) as caught:
        v.text("display_name", "x" * (v.MAX_TEXT + 1))
    assert caught.value.field == "display_name"
    assert str(caught.value) == "display_name: must be at most 1000 characters"


def test_rent_any_without_pattern_or_capabilities_sends_only_region_and_type():
    spec = builders.rent_any_number("proj-1")
    assert spec.path == "/v1/projects/proj-1/availableNumbers:rentAny"
    assert spec.json == {"regionCode": "US", "type": "LOCAL"}


def test_number_pattern_without_search_pattern_has_no_search_key():
    assert number_pattern_json("555", None) == {"pattern": "555"}
    assert number_pattern_json("+1555", "END") == {"pattern": "+1555", "searchPattern": "END"}
    assert number_pattern_json(None, None) is None


def test_an_address_that_is_not_an_emergency_address_is_rejected():
    plain = {"streetNumber": "1", "streetInfo": "Main St", "city": "X", "state": "IL"}
    with pytest.raises(ValidationError) as caught:
        builders.provision_emergency_address("proj-1", NUMBER, "HQ", plain)  # type: ignore[arg-type]
    assert caught.value.field == "address"
    assert "must be an EmergencyAddress" in str(caught.value)


def test_field_violations_skip_entries_that_are_not_objects():
    details = (
        {"type": "BadRequest", "fieldViolations": ["oops", 3, {"field": "size"}]},
        {"type": "BadRequest", "fieldViolations": "not a list"},
        "not a detail",
    )
    error = APIStatusError("bad", status=400, details=details)
    assert error.field_violations == (FieldViolation("size", ""),)


def test_not_found_resource_skips_details_without_it():
    details = ({"type": "Help"}, {"resourceType": 5}, {"resourceType": "ActiveNumber"})
    error = NotFoundError("gone", status=404, details=details)
    assert error.resource_type == "ActiveNumber"
    assert error.resource_name is None


def test_not_found_without_resource_details():
    error = NotFoundError("gone", status=404, details=({"type": "Help"},))
    assert (error.resource_type, error.resource_name) == (None, None)
    assert NotFoundError("gone", status=404).resource_type is None


def test_unset_reprs_as_its_name():
    assert repr(UNSET) == "UNSET"
    assert f"{[UNSET]}" == "[UNSET]"


def test_basic_auth_repr_names_the_key_but_never_the_secret():
    auth = BasicAuth("key-id", "s3cret-value")
    assert repr(auth) == "BasicAuth(key_id='key-id')"
    assert "s3cret" not in repr(auth) and "czNjcmV0" not in repr(auth)


async def test_basic_auth_sends_the_same_header_even_after_invalidate():
    auth = BasicAuth("key", "secret")
    expected = (("authorization", "Basic a2V5OnNlY3JldA=="),)
    assert await auth.authorize() == (expected, None)
    auth.invalidate(Token("whatever", 0.0))
    assert await auth.authorize() == (expected, None)


def _active(amount: object, **extra: object) -> dict[str, object]:
    return {"phoneNumber": NUMBER, "money": {"currencyCode": "USD", "amount": amount, **extra}}


def parse_active(wire: object):
    return parse_response(GET_ACTIVE, reply(200, wire))


def test_equal_prices_share_one_money_and_different_ones_do_not():
    first, second = parse_active(_active("2.00")), parse_active(_active("2.00"))
    assert first.money is second.money and first.money == Money("USD", Decimal("2.00"))
    assert parse_active(_active("2.0")).money.amount.as_tuple() != first.money.amount.as_tuple()
    assert parse_active(_active(2)).money == Money("USD", Decimal("2"))
    assert parse_active(_active("2.00", note="x")).money is not first.money
    with pytest.raises(ResponseDecodeError):
        parse_active(_active(["2.00"]))


@pytest.mark.parametrize(("amount", "wire"), [("2.00", "2.00"), (3, "3")])
def test_money_amount_is_exact(amount, wire):
    number = parse_response(
        GET_ACTIVE,
        reply(200, {"phoneNumber": NUMBER, "money": {"currencyCode": "EUR", "amount": amount}}),
    )
    assert number.money.amount == Decimal(wire)
