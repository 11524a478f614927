"""The fake rejects bad wire input by itself, with the documented 400 shape
``{"error": {code, message, status, details}}`` naming the field, and changes nothing.
Covers numbers, configuration writes, emergency addresses, the callback configuration and
the OAuth token endpoint (which answers OAuth's flat ``{"error", "error_description"}``).

Raw requests go through ``SinchNumbers.send`` (authenticated, over ``FakeTransport``) so
they reach the fake even when the client's own validation would have stopped them."""

import json
from base64 import b64encode

import pytest

from sinch_numbers import EmergencyAddress, NotFoundError, RtcVoice
from transports import RequestSpec, ServerRequest

from .conftest import bad, send, violation

US, FREE, MISSING = "+12025550100", "+12025550101", "+12025550199"
ACTIVE = f"/activeNumbers/{US.replace('+', '%2B')}"
ADDRESS = {
    "streetNumber": "1",
    "streetInfo": "Main St",
    "city": "Springfield",
    "state": "IL",
    "postalCode": "62701",
}
ADDRESS_MODEL = EmergencyAddress("1", "Main St", "Springfield", "IL", "62701")
SEARCH = {"regionCode": "US", "type": "LOCAL"}



@pytest.fixture
def rented(fake):
    return fake.rent(fake.available[US])


def snapshot(fake) -> tuple[object, ...]:
    active = {n: r.json() for n, r in fake.active.items()}
    return sorted(fake.available), active, dict(fake.orders), fake.hmac_secret


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "field"),
    [
        ("GET", "/availableNumbers", {"query": {"type": "LOCAL"}}, "regionCode"),
        ("GET", "/availableNumbers", {"query": {"regionCode": "US"}}, "type"),
        ("GET", "/availableNumbers", {"query": {**SEARCH, "size": "0"}}, "size"),
        ("GET", "/availableNumbers", {"query": {**SEARCH, "size": "\u0663"}}, "size"),  # not ASCII
        ("POST", f"/availableNumbers/{FREE}:rent", {}, "body"),
        ("POST", f"/availableNumbers/{FREE}:rent", {"json": {"type": "LOCAL"}}, "type"),
        ("POST", "/availableNumbers:rentAny", {"json": ["US", "LOCAL"]}, "body"),
        ("POST", "/availableNumbers:rentAny", {"json": {"regionCode": "GB"}}, "regionCode"),
        ("GET", "/activeNumbers", {"query": {"pageSize": "0"}}, "pageSize"),
        ("GET", "/activeNumbers", {"query": {"orderBy": "regionCode"}}, "orderBy"),
        ("PATCH", ACTIVE, {}, "body"),
    ],
)
async def test_number_routes_reject_bad_requests(client, fake, rented, method, path, kwargs, field):
    before = snapshot(fake)
    assert violation(await send(client, method, path, **kwargs)) == bad(field)
    assert snapshot(fake) == before


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"numberPattern": "555"}, "numberPattern"),
        ({"numberPattern": {"pattern": 555}}, "numberPattern.pattern"),
        ({"numberPattern": {"pattern": "555", "searchPattern": 1}}, "numberPattern.searchPattern"),
        ({"capabilities": "SMS"}, "capabilities"),
        ({"capabilities": [{"SMS": True}]}, "capabilities"),
        ({"displayName": "desk"}, "displayName"),  # not writable on rentAny
    ],
)
async def test_rent_any_checks_its_search_and_fields(client, fake, extra, field):
    body = {"regionCode": "US", "type": "LOCAL", **extra}
    before = snapshot(fake)
    response = await send(client, "POST", "/availableNumbers:rentAny", json=body)
    assert violation(response) == bad(field)
    assert snapshot(fake) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nickname": "desk"}, "nickname"),
        ({"displayName": 5}, "displayName"),
        ({"callbackUrl": ["https://x.test"]}, "callbackUrl"),
        ({"smsConfiguration": {}}, "smsConfiguration"),
        ({"smsConfiguration": "plan"}, "smsConfiguration"),
        (
            {"smsConfiguration": {"servicePlanId": "p", "scheduledProvisioning": {}}},
            "smsConfiguration.scheduledProvisioning",
        ),
        ({"smsConfiguration": {"campaignId": "c"}}, "smsConfiguration.servicePlanId"),
        (
            {"smsConfiguration": {"servicePlanId": "p", "campaignId": 5}},
            "smsConfiguration.campaignId",
        ),
        ({"voiceConfiguration": {}}, "voiceConfiguration"),
        ({"voiceConfiguration": {"type": "SIP", "appId": "a"}}, "voiceConfiguration.type"),
        ({"voiceConfiguration": {"type": ["RTC"], "appId": "a"}}, "voiceConfiguration.type"),
        (
            {"voiceConfiguration": {"appId": "a", "lastUpdatedTime": "2024-01-01T00:00:00Z"}},
            "voiceConfiguration.lastUpdatedTime",
        ),
        ({"voiceConfiguration": {"type": "EST"}}, "voiceConfiguration.trunkId"),
        ({"voiceConfiguration": {"appId": 5}}, "voiceConfiguration.appId"),
    ],
)
async def test_configuration_writes_are_checked_field_by_field(client, fake, rented, body, field):
    before = rented.json()
    assert violation(await send(client, "PATCH", ACTIVE, json=body)) == bad(field)
    assert fake.active[US].json() == before


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", f"{ACTIVE}/emergencyAddress:provision", None, "body"),
        ("POST", f"{ACTIVE}/emergencyAddress:provision", {"address": ADDRESS}, "displayName"),
        ("POST", f"{ACTIVE}/emergencyAddress:provision", {"displayName": "HQ"}, "address"),
        (
            "POST",
            f"{ACTIVE}/emergencyAddress:provision",
            {"displayName": "HQ", "address": {**ADDRESS, "city": ""}},
            "address.city",
        ),
        (
            "POST",
            f"{ACTIVE}/emergencyAddress:validate",
            {"displayName": "", "address": ADDRESS},
            "displayName",
        ),
        ("PATCH", "/callbackConfiguration", None, "body"),
        ("PATCH", "/callbackConfiguration", {"hmacSecret": "too-short"}, "hmacSecret"),
        ("PATCH", "/callbackConfiguration", {"hmacSecret": "a" * 31 + "!"}, "hmacSecret"),
    ],
)
async def test_project_routes_reject_bad_requests(client, fake, rented, method, path, body, field):
    assert violation(await send(client, method, path, json=body)) == bad(field)
    assert fake.emergency_addresses == {} and fake.hmac_secret is None


@pytest.mark.parametrize(
    ("authorization", "grant", "status", "code"),
    [
        (None, "client_credentials", 401, "invalid_client"),
        ("Bearer fake-token-1", "client_credentials", 401, "invalid_client"),
        ("Basic not*base64", "client_credentials", 401, "invalid_client"),
        (
            "Basic " + b64encode(b"\xff\xfe:\xff").decode(),
            "client_credentials",
            401,
            "invalid_client",
        ),
        (
            "Basic " + b64encode(b"test-key-id:test-key-secret").decode(),
            "password",
            400,
            "unsupported_grant_type",
        ),
    ],
)
async def test_token_endpoint_rejects_bad_requests(
    transport, fake, authorization, grant, status, code
):
    headers = {"authorization": authorization} if authorization else {}
    spec = RequestSpec("POST", "/oauth2/token", form={"grant_type": grant}, headers=headers)
    response = await transport.send(spec.bind("https://auth.sinch.test"))
    body = json.loads(response.body)
    assert (response.status, body["error"]) == (status, code) and body["error_description"]
    assert fake.tokens == {}


async def test_token_endpoint_rejects_a_body_that_is_not_utf8(fake):
    basic = "Basic " + b64encode(b"test-key-id:test-key-secret").decode()
    request = ServerRequest("POST", "/oauth2/token", headers={"authorization": basic}, body=b"\xff")
    response = await fake(request)
    assert (response.status, json.loads(response.body)["error"]) == (400, "invalid_request")
    assert fake.tokens == {}


def test_signed_callback_needs_a_configured_secret(fake):
    with pytest.raises(ValueError, match="hmacSecret"):
        fake.signed_callback({"eventType": "PROVISIONING_TO_SMS_PLATFORM"})


@pytest.mark.parametrize(
    ("call", "resource"),
    [
        (lambda c: c.active.update(MISSING, display_name="desk"), "ActiveNumber"),
        (lambda c: c.emergency.provision(MISSING, "HQ", ADDRESS_MODEL), "ActiveNumber"),
        (lambda c: c.orders.get_registration("order-9999"), "NumberOrder"),
        (lambda c: c.orders.submit("order-9999"), "NumberOrder"),
    ],
)
async def test_unknown_resources_are_not_found(client, call, resource):
    with pytest.raises(NotFoundError) as caught:
        await call(client)
    assert (caught.value.error_status, caught.value.resource_type) == ("NOT_FOUND", resource)


async def test_a_pattern_without_search_pattern_matches_anywhere(client):
    found = await client.available.search("US", "LOCAL", pattern="5550103")
    assert [n.phone_number for n in found] == ["+12025550103"]
    at_start = await client.available.search(
        "US", "LOCAL", pattern="5550103", search_pattern="START"
    )
    assert at_start == ()


async def test_an_empty_voice_id_unlinks_voice(client, rented):
    linked = await client.active.update(US, voice=RtcVoice("app-1"))
    assert linked.voice_configuration.app_id == "app-1"
    unlinked = await client.active.update(US, voice=RtcVoice(""))
    assert unlinked.voice_configuration is None and rented.voice is None
