"""Every operation through the client against the stateful fake."""

import pytest

from sinch_numbers import (
    UNSET,
    BadRequestError,
    ConfigurationError,
    EmergencyAddress,
    EstVoice,
    EstVoiceConfiguration,
    NotFoundError,
    PermissionDeniedError,
    ResponseDecodeError,
    RtcVoice,
    SinchNumbers,
    SmsSettings,
    ValidationError,
)
from sinch_numbers.fake import FakeNumber
from transports import FakeTransport, json_response

from .conftest import AUTH_URL, BASE_URL, KEY_ID, KEY_SECRET, PROJECT

US = "+12025550100"
SPRINGFIELD = EmergencyAddress("12345", "Main St", "Springfield", "IL", "62701")


async def rent(client, number=US, **kwargs):
    with pytest.deprecated_call():
        return await client.available.rent(number, **kwargs)


async def test_search_filters_stock(client):
    found = await client.available.search("US", "LOCAL", pattern="0105", search_pattern="END")
    assert [n.phone_number for n in found] == ["+12025550105"]
    sms_only = await client.available.search("SE", "MOBILE", capabilities=["SMS", "VOICE"])
    assert sms_only == ()
    assert len(await client.available.search("US", "LOCAL", size=3)) == 3


async def test_check_one_available_number(client):
    number = await client.available.check(US)
    assert number.region_code == "US" and str(number.monthly_price.amount) == "2.00"
    with pytest.raises(NotFoundError) as info:
        await client.available.check("+19999999999")
    assert info.value.resource_type == "AvailableNumber"


async def test_rent_moves_a_number_to_active_and_release_frees_it(client, fake):
    active = await rent(
        client,
        sms=SmsSettings("plan-1"),
        voice=RtcVoice("app-1"),
        callback_url="https://cb.example/n",
    )
    assert active.phone_number == US and active.project_id == PROJECT
    assert active.sms_configuration.service_plan_id == "plan-1"
    assert active.voice_configuration.app_id == "app-1"
    assert US in fake.active and US not in fake.available
    with pytest.raises(NotFoundError):
        await client.available.check(US)
    released = await client.active.release(US)
    assert released.phone_number == US and US in fake.available
    with pytest.raises(NotFoundError):
        await client.active.get(US)


async def test_rent_is_deprecated_and_us_local_only(client):
    with pytest.raises(BadRequestError) as info:
        await rent(client, "+447700900100")
    assert info.value.field_violations[0].field == "phoneNumber"


async def test_rent_voice_on_an_sms_only_number_fails(fake, transport, clock):
    fake.available["+12065550100"] = FakeNumber("+12065550100", "US", "LOCAL", ("SMS",))
    async with SinchNumbers(
        PROJECT,
        KEY_ID,
        KEY_SECRET,
        base_url=BASE_URL,
        auth_url=AUTH_URL,
        transport=transport,
        clock=clock,
    ) as client:
        with pytest.raises(BadRequestError):
            await rent(client, "+12065550100", voice=RtcVoice("app"))
        assert "+12065550100" in fake.available


async def test_rent_any_picks_a_matching_number(client, fake):
    with pytest.deprecated_call():
        active = await client.available.rent_any(
            pattern="0103", search_pattern="END", capabilities=["VOICE"]
        )
    assert active.phone_number == "+12025550103" and active.phone_number in fake.active
    with pytest.deprecated_call(), pytest.raises(NotFoundError):
        await client.available.rent_any(pattern="99999", search_pattern="END")


async def test_list_iterates_every_page(client, fake):
    for n in range(100, 105):
        await rent(client, f"+1202555{n:04d}")
    numbers = [n.phone_number async for n in client.active.list(page_size=2)]
    assert numbers == [f"+1202555{n:04d}" for n in range(100, 105)]
    assert fake.calls["GET /activeNumbers"] == 3


async def test_list_page_gives_token_and_total(client):
    for n in range(100, 103):
        await rent(client, f"+1202555{n:04d}")
    first = await client.active.list_page(page_size=2)
    assert first.total_size == 3 and first.next_page_token
    second = await client.active.list_page(page_size=2, page_token=first.next_page_token)
    assert [n.phone_number for n in second.active_numbers] == ["+12025550102"]
    assert not second.has_next_page
    with pytest.raises(BadRequestError):
        await client.active.list_page(page_token="forged")


async def test_list_filters_and_order(client):
    await rent(client, "+12025550101")
    await rent(client, "+12025550102")
    await client.active.update("+12025550102", display_name="A")
    await client.active.update("+12025550101", display_name="B")
    ordered = [n.display_name async for n in client.active.list(order_by="displayName")]
    assert ordered == ["A", "B"]
    assert [n async for n in client.active.list(region_code="GB")] == []
    found = [
        n.phone_number
        async for n in client.active.list(
            pattern="0101", search_pattern="END", capabilities=["SMS", "VOICE"]
        )
    ]
    assert found == ["+12025550101"]


async def test_update_semantics(client, transport):
    await rent(client, sms=SmsSettings("plan-1", campaign_id="camp"), voice=RtcVoice("app"))
    updated = await client.active.update(US, display_name="Support")
    assert updated.display_name == "Support" and updated.sms_configuration.campaign_id == "camp"
    assert transport.requests[-1].json() == {"displayName": "Support"}
    with pytest.raises(BadRequestError, match="Invalid argument") as info:
        await client.active.update(US, sms=SmsSettings("plan-2"))
    assert info.value.field_violations[0].field == "smsConfiguration.servicePlanId"
    unlinked = await client.active.update(US, sms=SmsSettings(""))
    assert unlinked.sms_configuration is None
    relinked = await client.active.update(US, sms=SmsSettings("plan-2"), voice=EstVoice("tr"))
    assert relinked.sms_configuration.service_plan_id == "plan-2"
    assert isinstance(relinked.voice_configuration, EstVoiceConfiguration)
    cleared = await client.active.update(US, display_name=None, voice=None, callback_url=UNSET)
    assert transport.requests[-1].json() == {"displayName": None, "voiceConfiguration": None}
    assert cleared.display_name is None and cleared.voice_configuration is None


async def test_update_validation_sends_nothing(client, transport):
    await rent(client)
    sent = len(transport.requests)
    with pytest.raises(ValidationError):
        await client.active.update(US)
    assert len(transport.requests) == sent


async def test_emergency_address_lifecycle(client):
    await rent(client)
    with pytest.raises(NotFoundError):
        await client.emergency.get(US)
    provisioned = await client.emergency.provision(US, "HQ", SPRINGFIELD)
    assert provisioned == SPRINGFIELD
    assert await client.emergency.get(US) == SPRINGFIELD
    assert await client.emergency.deprovision(US) is None
    with pytest.raises(NotFoundError):
        await client.emergency.deprovision(US)


async def test_emergency_address_validation_results(client):
    await rent(client)
    exact = await client.emergency.validate(US, "HQ", SPRINGFIELD)
    assert exact.validation_result == "EXACT_MATCH" and exact.phone_number == US
    near = await client.emergency.validate(
        US, "HQ", EmergencyAddress("12345", "main street", "SPRINGFIELD", "IL", "62701")
    )
    assert near.validation_result == "NEAR_MATCH"
    assert near.corrected_address.street_info == "Main St"
    miss = await client.emergency.validate(
        US, "HQ", EmergencyAddress("9", "Elm St", "Springfield", "IL", "62701")
    )
    assert miss.validation_result == "NO_MATCH"
    assert {a.street_number for a in miss.candidate_addresses} == {"12345", "12"}


async def test_regions(client):
    regions = await client.regions.list()
    assert [r.region_code for r in regions] == ["GB", "SE", "US"]
    assert regions[2].types == ("LOCAL", "TOLL_FREE")
    assert [r.region_code for r in await client.regions.list(["TOLL_FREE"])] == ["US"]


async def test_callback_configuration(client, fake):
    assert (await client.callbacks.get_configuration()).hmac_secret is None
    secret = "0123456789abcdef-0123456789ABCDEF"
    config = await client.callbacks.update_configuration(secret)
    assert config.hmac_secret == secret and fake.hmac_secret == secret
    assert (await client.callbacks.get_configuration()).project_id == PROJECT


async def test_another_project_is_permission_denied(transport, clock):
    async with SinchNumbers(
        "other-project",
        KEY_ID,
        KEY_SECRET,
        base_url=BASE_URL,
        auth_url=AUTH_URL,
        transport=transport,
        clock=clock,
    ) as client:
        with pytest.raises(PermissionDeniedError):
            await client.regions.list()


def test_credentials_from_the_environment(monkeypatch):
    monkeypatch.setenv("SINCH_PROJECT_ID", "env-project")
    monkeypatch.setenv("SINCH_KEY_ID", "env-key")
    monkeypatch.setenv("SINCH_KEY_SECRET", "env-secret")
    client = SinchNumbers(transport=FakeTransport(lambda r: None))
    assert client.project_id == "env-project"
    assert "env-secret" not in repr(client)
    monkeypatch.delenv("SINCH_KEY_SECRET")
    with pytest.raises(ConfigurationError):
        SinchNumbers(transport=FakeTransport(lambda r: None))
    with pytest.raises(ConfigurationError):
        SinchNumbers("p", "k", "s", auth="digest")  # type: ignore[arg-type]


async def test_list_stops_on_a_server_that_repeats_its_page_token(clock):
    async def same_token_forever(request):
        return json_response(200, {"activeNumbers": [{"phoneNumber": US}], "nextPageToken": "t"})

    transport = FakeTransport(same_token_forever)
    async with SinchNumbers(
        "p", "k", "s", auth="basic", transport=transport, clock=clock
    ) as client:
        with pytest.raises(ResponseDecodeError, match="same page token"):
            [n async for n in client.active.list()]
    assert len(transport.requests) == 2


async def test_list_requests_the_next_page_before_handing_over_this_one(client, fake):
    for n in range(100, 105):
        await rent(client, f"+1202555{n:04d}")
    numbers = client.active.list(page_size=2)
    assert (await anext(numbers)).phone_number == "+12025550100"
    assert fake.calls["GET /activeNumbers"] == 2  # page two is already on its way
    rest = [n.phone_number async for n in numbers]
    assert rest == [f"+1202555{n:04d}" for n in range(101, 105)]
    assert fake.calls["GET /activeNumbers"] == 3
