"""Pure builder tests for active-number updates and release, emergency addresses, regions,
callback configuration and the OAuth token: plain equality, no event loop."""

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
    AddressValidation,
    AvailableRegions,
    CallbackConfiguration,
    OAuthToken,
)
from transports import RequestSpec

from .test_sinch_builders import ADDRESS, ADDRESS_JSON, NUMBER, P


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
