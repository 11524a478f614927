"""Pure builder tests: plain equality against the expected RequestSpec, no event loop."""

import pytest

from sinch_numbers import (
    UNSET,
    EmergencyAddress,
    EstVoice,
    FaxVoice,
    RtcVoice,
    SmsSettings,
    ValidationError,
    builders,
)
from sinch_numbers.models import (
    ActiveNumber,
    ActiveNumbersPage,
    AddressValidation,
    AvailableNumber,
    AvailableNumbers,
    AvailableRegions,
    CallbackConfiguration,
    OAuthToken,
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
        "POST", f"{P}/availableNumbers/%2B12025550134:rent", ActiveNumber, json={}
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


def test_get_and_release_active_number():
    assert builders.get_active_number("proj-1", NUMBER) == RequestSpec(
        "GET", f"{P}/activeNumbers/%2B12025550134", ActiveNumber
    )
    assert builders.release_number("proj-1", NUMBER) == RequestSpec(
        "POST", f"{P}/activeNumbers/%2B12025550134:release", ActiveNumber
    )


def test_update_leaves_unset_fields_out():
    spec = builders.update_active_number("proj-1", NUMBER, display_name="Main line")
    assert spec == RequestSpec(
        "PATCH",
        f"{P}/activeNumbers/%2B12025550134",
        ActiveNumber,
        json={"displayName": "Main line"},
    )


def test_update_sends_explicit_none_as_null():
    spec = builders.update_active_number(
        "proj-1", NUMBER, display_name=None, voice=None, callback_url=None, sms=UNSET
    )
    assert spec.json == {"displayName": None, "voiceConfiguration": None, "callbackUrl": None}


def test_update_unlinks_with_empty_strings():
    spec = builders.update_active_number("proj-1", NUMBER, sms=SmsSettings("", campaign_id=""))
    assert spec.json == {"smsConfiguration": {"servicePlanId": "", "campaignId": ""}}


def test_update_campaign_none_is_null_and_unset_is_omitted():
    assert builders.update_active_number(
        "proj-1", NUMBER, sms=SmsSettings("plan", campaign_id=None)
    ).json == {"smsConfiguration": {"servicePlanId": "plan", "campaignId": None}}
    assert builders.update_active_number("proj-1", NUMBER, sms=SmsSettings("plan")).json == {
        "smsConfiguration": {"servicePlanId": "plan"}
    }


@pytest.mark.parametrize(
    ("voice", "wire"),
    [
        (RtcVoice("app"), {"type": "RTC", "appId": "app"}),
        (EstVoice("trunk"), {"type": "EST", "trunkId": "trunk"}),
        (FaxVoice("svc"), {"type": "FAX", "serviceId": "svc"}),
    ],
)
def test_update_voice_union(voice, wire):
    spec = builders.update_active_number("proj-1", NUMBER, voice=voice)
    assert spec.json == {"voiceConfiguration": wire}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "update"),
        ({"sms": {}}, "sms"),
        ({"voice": {"type": "RTC"}}, "voice"),
        ({"sms": SmsSettings(None)}, "sms.service_plan_id"),
        ({"callback_url": "ftp://x"}, "callback_url"),
        ({"display_name": " "}, "display_name"),
    ],
)
def test_update_never_sends_an_empty_or_untyped_configuration(kwargs, field):
    with pytest.raises(ValidationError) as info:
        builders.update_active_number("proj-1", NUMBER, **kwargs)
    assert info.value.field == field


def test_emergency_address_builders():
    base = f"{P}/activeNumbers/%2B12025550134/emergencyAddress"
    assert builders.get_emergency_address("proj-1", NUMBER) == RequestSpec(
        "GET", base, EmergencyAddress
    )
    body = {"displayName": "HQ", "address": ADDRESS_JSON}
    assert builders.provision_emergency_address("proj-1", NUMBER, "HQ", ADDRESS) == (
        RequestSpec("POST", f"{base}:provision", EmergencyAddress, json=body)
    )
    assert builders.deprovision_emergency_address("proj-1", NUMBER) == RequestSpec(
        "POST", f"{base}:deprovision", None
    )
    assert builders.validate_emergency_address("proj-1", NUMBER, "HQ", ADDRESS) == RequestSpec(
        "POST", f"{base}:validate", AddressValidation, json=body, idempotent=True
    )


def test_emergency_address_optional_fields_and_required_ones():
    full = EmergencyAddress(
        "1", "Main St", "X", "IL", "62701", location="Apt 5", postal_code_plus_four="1234"
    )
    body = builders.provision_emergency_address("proj-1", NUMBER, "HQ", full).json
    assert body["address"]["location"] == "Apt 5"
    assert body["address"]["postalCodePlusFour"] == "1234"
    with pytest.raises(ValidationError, match=r"address\.city"):
        builders.validate_emergency_address(
            "proj-1", NUMBER, "HQ", EmergencyAddress("1", "Main St", None, "IL", "62701")
        )


def test_available_regions_repeats_types():
    assert builders.list_available_regions("proj-1", ["MOBILE", "LOCAL"]) == RequestSpec(
        "GET",
        f"{P}/availableRegions",
        AvailableRegions,
        query=[("types", "MOBILE"), ("types", "LOCAL")],
    )
    assert builders.list_available_regions("proj-1").query == ()


def test_callback_configuration_builders():
    assert builders.get_callback_configuration("proj-1") == RequestSpec(
        "GET", f"{P}/callbackConfiguration", CallbackConfiguration
    )
    secret = "a" * 16 + "-" + "B" * 16
    spec = builders.update_callback_configuration("proj-1", secret)
    assert spec == RequestSpec(
        "PATCH", f"{P}/callbackConfiguration", CallbackConfiguration, json={"hmacSecret": secret}
    )
    assert secret not in repr(spec)


@pytest.mark.parametrize("secret", ["short", "x" * 65, "a" * 31 + "!", 42])
def test_hmac_secret_is_validated_without_echoing_it(secret):
    with pytest.raises(ValidationError) as info:
        builders.update_callback_configuration("proj-1", secret)
    assert info.value.field == "hmac_secret"
    assert str(secret) not in str(info.value)


def test_oauth_token_spec():
    assert builders.oauth_token() == RequestSpec(
        "POST",
        "/oauth2/token",
        OAuthToken,
        form={"grant_type": "client_credentials"},
        idempotent=True,
    )
