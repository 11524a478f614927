"""Pure builder tests: plain equality against the expected RequestSpec, no event loop."""

import pytest

from sinch_numbers import (
    EmergencyAddress,
    RtcVoice,
    SmsSettings,
    ValidationError,
    builders,
)
from sinch_numbers.builders._creations import PROVISIONING_TIMEOUT, RENT
from sinch_numbers.models import (
    ActiveNumber,
    ActiveNumbersPage,
    AvailableNumber,
    AvailableNumbers,
)
from transports import RequestSpec

P = "/v1/projects/proj-1"
NUMBER = "+12025550134"
ADDRESS = EmergencyAddress("12345", "Main St", "Springfield", "IL", "62701")
ADDRESS_JSON = {
    "streetNumber": "12345",
    "streetInfo": "Main St",
    "city": "Springfield",
    "state": "IL",
    "postalCode": "62701",
}


def test_search_available_numbers_minimal():
    assert builders.search_available_numbers("proj-1", "US", "LOCAL") == RequestSpec(
        "GET",
        f"{P}/availableNumbers",
        AvailableNumbers,
        query=[("regionCode", "US"), ("type", "LOCAL")],
    )


def test_search_available_numbers_uses_plural_repeated_capabilities_and_size():
    spec = builders.search_available_numbers(
        "proj-1",
        "US",
        "MOBILE",
        pattern="+120",
        search_pattern="START",
        capabilities=["SMS", "VOICE"],
        size=5,
    )
    assert spec.query == (
        ("regionCode", "US"),
        ("type", "MOBILE"),
        ("numberPattern.pattern", "+120"),
        ("numberPattern.searchPattern", "START"),
        ("capabilities", "SMS"),
        ("capabilities", "VOICE"),
        ("size", "5"),
    )
    assert spec.bind("https://h").url == (
        "https://h/v1/projects/proj-1/availableNumbers?regionCode=US&type=MOBILE"
        "&numberPattern.pattern=%2B120&numberPattern.searchPattern=START"
        "&capabilities=SMS&capabilities=VOICE&size=5"
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"region_code": "usa"}, "region_code"),
        ({"number_type": "local"}, "number_type"),
        ({"pattern": "12a"}, "pattern"),
        ({"search_pattern": "START"}, "search_pattern"),
        ({"pattern": "1", "search_pattern": "BEGIN"}, "search_pattern"),
        ({"capabilities": "SMS"}, "capabilities"),
        ({"capabilities": ["sms"]}, "capabilities"),
        ({"size": 0}, "size"),
        ({"size": True}, "size"),
    ],
)
def test_search_available_numbers_validates(kwargs, field):
    args = {"region_code": "US", "number_type": "LOCAL", **kwargs}
    with pytest.raises(ValidationError) as info:
        builders.search_available_numbers(
            "proj-1", args.pop("region_code"), args.pop("number_type"), **args
        )
    assert info.value.field == field


def test_get_available_number_encodes_the_plus():
    assert builders.get_available_number("proj-1", NUMBER) == RequestSpec(
        "GET", f"{P}/availableNumbers/%2B12025550134", AvailableNumber
    )


@pytest.mark.parametrize("number", ["12025550134", "+0123", "+1 202", "", None])
def test_phone_numbers_must_be_e164(number):
    with pytest.raises(ValidationError, match="phone_number"):
        builders.get_available_number("proj-1", number)


def test_project_id_is_validated():
    with pytest.raises(ValidationError, match="project_id"):
        builders.get_callback_configuration("a/b")


def test_rent_number_sends_an_empty_object_when_nothing_is_configured():
    assert builders.rent_number("proj-1", NUMBER) == RequestSpec(
        "POST", f"{P}/availableNumbers/%2B12025550134:rent", ActiveNumber, json={},
        timeout=PROVISIONING_TIMEOUT, creates=RENT,
    )


def test_rent_number_with_configuration():
    spec = builders.rent_number(
        "proj-1",
        NUMBER,
        sms=SmsSettings("plan", campaign_id="camp"),
        voice=RtcVoice("app"),
        callback_url="https://cb.example/x",
    )
    assert spec.json == {
        "smsConfiguration": {"servicePlanId": "plan", "campaignId": "camp"},
        "voiceConfiguration": {"type": "RTC", "appId": "app"},
        "callbackUrl": "https://cb.example/x",
    }
    assert spec.retryable and not spec.is_idempotent  # POST: retried on 429 only


def test_rent_any_number_body_uses_type_nested_pattern_and_plural_capabilities():
    spec = builders.rent_any_number(
        "proj-1",
        pattern="206",
        search_pattern="START",
        capabilities=["SMS"],
        sms=SmsSettings("plan"),
    )
    assert spec == RequestSpec(
        "POST",
        f"{P}/availableNumbers:rentAny",
        ActiveNumber,
        json={
            "regionCode": "US",
            "type": "LOCAL",
            "numberPattern": {"pattern": "206", "searchPattern": "START"},
            "capabilities": ["SMS"],
            "smsConfiguration": {"servicePlanId": "plan"},
        },
        timeout=PROVISIONING_TIMEOUT,
        creates=RENT,
    )


@pytest.mark.parametrize(
    ("region", "kind", "field"),
    [
        ("GB", "LOCAL", "region_code"),
        ("US", "MOBILE", "number_type"),
    ],
)
def test_rent_any_is_us_local_only(region, kind, field):
    with pytest.raises(ValidationError) as info:
        builders.rent_any_number("proj-1", region, kind)
    assert info.value.field == field


def test_list_active_numbers_first_page():
    assert builders.list_active_numbers("proj-1") == RequestSpec(
        "GET", f"{P}/activeNumbers", ActiveNumbersPage
    )


def test_list_active_numbers_uses_singular_repeated_capability_and_page_keys():
    spec = builders.list_active_numbers(
        "proj-1",
        region_code="US",
        number_type="LOCAL",
        pattern="555",
        search_pattern="CONTAINS",
        capabilities=("SMS", "VOICE"),
        page_size=2,
        page_token="tok",
        order_by="displayName",
    )
    assert spec.query == (
        ("regionCode", "US"),
        ("type", "LOCAL"),
        ("numberPattern.pattern", "555"),
        ("numberPattern.searchPattern", "CONTAINS"),
        ("capability", "SMS"),
        ("capability", "VOICE"),
        ("pageSize", "2"),
        ("pageToken", "tok"),
        ("orderBy", "displayName"),
    )


def test_list_active_numbers_treats_an_empty_token_as_the_first_page():
    assert builders.list_active_numbers("proj-1", page_token="").query == ()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"order_by": "phone_number"}, "order_by"),
        ({"page_size": -1}, "page_size"),
        ({"page_token": 3}, "page_token"),
        ({"region_code": "U"}, "region_code"),
    ],
)
def test_list_active_numbers_validates(kwargs, field):
    with pytest.raises(ValidationError) as info:
        builders.list_active_numbers("proj-1", **kwargs)
    assert info.value.field == field
