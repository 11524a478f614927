"""One Sinch Numbers scenario, run in process (FakeTransport) and over real HTTP
(AiohttpTransport -> sandbox on 127.0.0.1): both must give the same result."""

import warnings
from typing import Any

from sinch_numbers import EmergencyAddress, RtcVoice, SinchError, SinchNumbers, SmsSettings
from sinch_numbers.fake import FakeSinchNumbers
from transports import FakeClock, testing

PROJECT, KEY_ID, KEY_SECRET = "contract-project", "contract-key", "contract-secret"
ADDRESS = EmergencyAddress("12345", "main street", "Springfield", "IL", "62701")


async def scenario(client: SinchNumbers, fake: FakeSinchNumbers) -> list[Any]:
    seen: list[Any] = []

    async def expect_error(coro: Any) -> None:
        try:
            await coro
        except SinchError as exc:
            seen.append(
                (
                    type(exc).__name__,
                    getattr(exc, "status", None),
                    getattr(exc, "error_status", None),
                )
            )

    found = await client.available.search(
        "US",
        "LOCAL",
        pattern="+1202",
        search_pattern="START",
        capabilities=["SMS", "VOICE"],
        size=4,
    )
    seen.append([n.phone_number for n in found])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        rented = await client.available.rent(
            found[0].phone_number, sms=SmsSettings("plan"), voice=RtcVoice("app")
        )
        seen.append((rented.phone_number, str(rented.money.amount)))
        for number in found[1:]:
            await client.available.rent(number.phone_number)
        await expect_error(client.available.rent(found[0].phone_number))
    seen.append([n.phone_number async for n in client.active.list(page_size=3)])
    updated = await client.active.update(
        rented.phone_number, display_name=None, sms=SmsSettings("")
    )
    seen.append((updated.display_name, updated.sms_configuration))
    fake.expire_tokens()
    seen.append((await client.active.get(rented.phone_number)).voice_configuration)
    validation = await client.emergency.validate(rented.phone_number, "HQ", ADDRESS)
    seen.append((validation.validation_result, validation.corrected_address))
    await client.emergency.provision(rented.phone_number, "HQ", ADDRESS)
    await client.emergency.deprovision(rented.phone_number)
    await expect_error(client.emergency.get(rented.phone_number))
    seen.append(await client.regions.list(["MOBILE"]))
    await client.callbacks.update_configuration("x" * 40)
    await client.active.update(rented.phone_number, sms=SmsSettings("p1"))
    await expect_error(client.active.update(rented.phone_number, sms=SmsSettings("p2")))
    released = await client.active.release(found[-1].phone_number)
    seen.append((released.phone_number, found[-1].phone_number in fake.available))
    seen.append(dict(fake.calls))
    return seen


async def run_over(transport_factory: Any) -> list[Any]:
    clock = FakeClock()
    fake = FakeSinchNumbers(clock=clock, project_id=PROJECT, key_id=KEY_ID, key_secret=KEY_SECRET)
    async with (
        transport_factory(fake) as (transport, base_url),
        SinchNumbers(
            PROJECT,
            KEY_ID,
            KEY_SECRET,
            base_url=base_url,
            auth_url=base_url,
            transport=transport,
            clock=clock,
        ) as client,
    ):
        return await scenario(client, fake)



async def test_same_result_in_process_and_over_http():
    in_process = await run_over(testing.in_process)
    over_http = await run_over(testing.over_http)
    assert in_process == over_http
    assert in_process[0] == ["+12025550100", "+12025550101", "+12025550102", "+12025550103"]
    assert in_process[2] == ("NotFoundError", 404, "NOT_FOUND")
    assert in_process[3] == in_process[0]
    assert in_process[4] == (None, None)
    assert in_process[6][0] == "NEAR_MATCH"
    assert in_process[-1]["POST /oauth2/token"] == 2
    assert in_process[-3] == ("BadRequestError", 400, "INVALID_ARGUMENT")
    assert in_process[-2] == ("+12025550103", True)
