"""Pure parser tests: wire bytes in, a model or a typed error out."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from sinch_numbers import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    EstVoiceConfiguration,
    FaxVoiceConfiguration,
    FieldViolation,
    Money,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    RtcVoiceConfiguration,
    ServerError,
    UnknownVoiceConfiguration,
    builders,
)
from sinch_numbers._parse import parse_response
from transports import Response

NUMBER = "+12025550134"
GET_ACTIVE = builders.get_active_number("p", NUMBER)
SEED_ACTIVE = {
    "phoneNumber": "+12025550134",
    "projectId": "51bc3f40",
    "displayName": "MyPhoneNumber",
    "regionCode": "US",
    "type": "MOBILE",
    "capability": ["SMS", "VOICE"],
    "money": {"currencyCode": "USD", "amount": "2.00"},
    "paymentIntervalMonths": 0,
    "nextChargeDate": "2024-08-24T14:15:22Z",
    "expireAt": "2024-09-24T14:15:22Z",
    "smsConfiguration": {
        "servicePlanId": "plan",
        "scheduledProvisioning": {},
        "campaignId": "camp",
    },
    "voiceConfiguration": {
        "type": "RTC",
        "lastUpdatedTime": "2024-09-24T14:15:22Z",
        "scheduledVoiceProvisioning": {},
        "appId": "app",
    },
}


def ok(data, status=200):
    return Response(status, {"Content-Type": "application/json"}, json.dumps(data).encode())


def test_active_number_from_the_seed_example():
    number = parse_response(GET_ACTIVE, ok(SEED_ACTIVE))
    assert number.capability == ("SMS", "VOICE")
    assert number.money == Money("USD", Decimal("2.00"))
    assert str(number.money.amount) == "2.00"
    assert number.next_charge_date == datetime(2024, 8, 24, 14, 15, 22, tzinfo=UTC)
    assert number.sms_configuration.service_plan_id == "plan"
    assert number.voice_configuration == RtcVoiceConfiguration(
        app_id="app",
        last_updated_time=datetime(2024, 9, 24, 14, 15, 22, tzinfo=UTC),
        scheduled_voice_provisioning=number.voice_configuration.scheduled_voice_provisioning,
    )


def test_unknown_fields_and_enum_values_are_kept_or_ignored():
    number = parse_response(
        GET_ACTIVE,
        ok(
            {
                "phoneNumber": NUMBER,
                "type": "SATELLITE",
                "capability": ["SMS", "RCS"],
                "brandNewField": {"x": 1},
                "smsConfiguration": {
                    "servicePlanId": "p",
                    "scheduledProvisioning": {
                        "status": "SOMETHING_NEW",
                        "errorCodes": ["NEW_CODE"],
                        "lastUpdatedTime": "2024-01-01T00:00:00",
                    },
                },
            }
        ),
    )
    assert number.type == "SATELLITE" and number.capability == ("SMS", "RCS")
    scheduled = number.sms_configuration.scheduled_provisioning
    assert scheduled.status == "SOMETHING_NEW" and scheduled.error_codes == ("NEW_CODE",)
    assert scheduled.last_updated_time == datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ({"appId": "a"}, RtcVoiceConfiguration(app_id="a")),
        ({"type": "EST", "trunkId": "t"}, EstVoiceConfiguration(trunk_id="t")),
        ({"type": "FAX", "serviceId": "s"}, FaxVoiceConfiguration(service_id="s")),
        (
            {"type": "SIP2", "fooId": "f"},
            UnknownVoiceConfiguration("SIP2", {"type": "SIP2", "fooId": "f"}),
        ),
    ],
)
def test_voice_configuration_union_by_type(wire, expected):
    number = parse_response(GET_ACTIVE, ok({"phoneNumber": NUMBER, "voiceConfiguration": wire}))
    assert number.voice_configuration == expected


def test_timestamps_without_timezone_and_with_seven_fraction_digits_are_utc():
    number = parse_response(
        GET_ACTIVE,
        ok(
            {
                "phoneNumber": NUMBER,
                "nextChargeDate": "2023-06-06T07:45:27.7853571",
                "expireAt": "2023-06-06T09:45:27+02:00",
            }
        ),
    )
    assert number.next_charge_date == datetime(2023, 6, 6, 7, 45, 27, 785357, tzinfo=UTC)
    assert number.expire_at == datetime(2023, 6, 6, 7, 45, 27, tzinfo=UTC)


def test_available_numbers_and_regions():
    found = parse_response(
        builders.search_available_numbers("p", "US", "LOCAL"),
        ok(
            {
                "availableNumbers": [
                    {
                        "phoneNumber": NUMBER,
                        "capability": ["SMS"],
                        "setupPrice": {"currencyCode": "USD", "amount": "0.50"},
                        "monthlyPrice": {"currencyCode": "USD", "amount": "1.999"},
                        "supportingDocumentationRequired": True,
                    }
                ]
            }
        ),
    )
    number = found.available_numbers[0]
    assert number.monthly_price.amount == Decimal("1.999")
    assert number.supporting_documentation_required is True
    assert (
        parse_response(
            builders.search_available_numbers("p", "US", "LOCAL"), ok({})
        ).available_numbers
        == ()
    )
    regions = parse_response(
        builders.list_available_regions("p"),
        ok(
            {
                "availableRegions": [
                    {
                        "regionCode": "US",
                        "regionName": "United States",
                        "types": ["LOCAL", "MOBILE"],
                    }
                ]
            }
        ),
    )
    assert regions.available_regions[0].types == ("LOCAL", "MOBILE")


def test_active_page_token_truthiness():
    spec = builders.list_active_numbers("p")
    assert (
        parse_response(spec, ok({"activeNumbers": [], "nextPageToken": ""})).has_next_page is False
    )
    page = parse_response(
        spec, ok({"activeNumbers": [{"phoneNumber": NUMBER}], "nextPageToken": "t", "totalSize": 3})
    )
    assert page.has_next_page and page.total_size == 3


def test_callback_configuration_hides_the_secret():
    config = parse_response(
        builders.get_callback_configuration("p"),
        ok({"projectId": "p", "hmacSecret": "s3cr3t-" * 5}),
    )
    assert config.hmac_secret == "s3cr3t-" * 5 and "s3cr3t" not in repr(config)


def test_deprovision_accepts_an_empty_body():
    assert (
        parse_response(builders.deprovision_emergency_address("p", NUMBER), Response(200)) is None
    )


def test_oauth_token_is_snake_case_and_hidden():
    token = parse_response(
        builders.oauth_token(),
        ok({"access_token": "abc.def", "token_type": "Bearer", "expires_in": 3599, "scope": ""}),
    )
    assert token.access_token == "abc.def" and token.expires_in == 3599.0
    assert "abc.def" not in repr(token)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html>bad gateway</html>",
        b'{"phoneNumber": ',
        b"[]",
        b'{"phoneNumber": 12}',
        b'{"phoneNumber": "+1", "money": {"currencyCode": "USD", "amount": "two"}}',
        b'{"phoneNumber": "+1", "capability": "SMS"}',
        b'{"phoneNumber": "+1", "voiceConfiguration": "RTC"}',
    ],
)
def test_bad_success_bodies_are_decode_errors(body):
    with pytest.raises(ResponseDecodeError):
        parse_response(GET_ACTIVE, Response(200, {}, body))


def test_400_keeps_field_violations():
    error = {
        "error": {
            "code": 400,
            "message": "Invalid argument",
            "status": "INVALID_ARGUMENT",
            "details": [
                {
                    "type": "BadRequest",
                    "fieldViolations": [{"field": "regionCode", "description": "is required"}],
                }
            ],
        }
    }
    with pytest.raises(BadRequestError) as info:
        parse_response(GET_ACTIVE, ok(error, 400))
    exc = info.value
    assert (exc.status, exc.code, exc.error_status) == (400, 400, "INVALID_ARGUMENT")
    assert exc.field_violations == (FieldViolation("regionCode", "is required"),)
    assert exc.path == GET_ACTIVE.path and "Invalid argument" in str(exc)


def test_404_keeps_resource_details():
    error = {
        "error": {
            "code": 404,
            "message": "",
            "status": "NOT_FOUND",
            "details": [
                {
                    "type": "ResourceInfo",
                    "resourceType": "ActiveNumber",
                    "resourceName": NUMBER,
                    "owner": "",
                    "description": "",
                }
            ],
        }
    }
    with pytest.raises(NotFoundError) as info:
        parse_response(GET_ACTIVE, ok(error, 404))
    assert info.value.resource_type == "ActiveNumber"
    assert info.value.resource_name == NUMBER
    assert info.value.message == "Not Found"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (418, APIStatusError),
    ],
)
def test_status_maps_to_class(status, cls):
    with pytest.raises(cls) as info:
        parse_response(GET_ACTIVE, Response(status, {"retry-after": "7"}, b""))
    assert type(info.value) is cls
    assert "empty body" in info.value.message
    if cls is RateLimitError:
        assert info.value.retry_after == 7.0


def test_error_status_string_refines_an_unlisted_status():
    body = {"error": {"code": 422, "message": "bad", "status": "INVALID_ARGUMENT"}}
    with pytest.raises(BadRequestError):
        parse_response(GET_ACTIVE, ok(body, 422))


def test_html_and_truncated_error_bodies():
    with pytest.raises(ServerError, match="HTML page"):
        parse_response(GET_ACTIVE, Response(502, {}, b"<!DOCTYPE html><p>gateway</p>"))
    with pytest.raises(BadRequestError, match="non-JSON body"):
        parse_response(GET_ACTIVE, Response(400, {}, b'{"error": {"co'))
    with pytest.raises(ServerError) as info:
        parse_response(GET_ACTIVE, ok({"error": {"details": "not-a-list", "code": True}}, 500))
    assert info.value.details == () and info.value.code is None


def test_oauth_error_description_is_the_message():
    body = {"error": "invalid_client", "error_description": "Bad client credentials"}
    with pytest.raises(AuthenticationError, match="Bad client credentials") as info:
        parse_response(builders.oauth_token(), ok(body, 401))
    assert info.value.error_status == "invalid_client"
