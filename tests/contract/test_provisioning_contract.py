"""One provisioning scenario, run in process (FakeTransport) and over real HTTP
(AiohttpTransport -> sandbox on 127.0.0.1): both must give the same result."""

from typing import Any

from sendblue_async import SendblueClient, SendblueError
from sendblue_async.fake import FakeSendblue
from transports import FakeClock, testing

KEY, SECRET = "contract-key", "contract-secret"


async def scenario(client: SendblueClient, clock: FakeClock) -> list[Any]:
    seen: list[Any] = []

    async def expect_error(coro: Any) -> None:
        try:
            await coro
        except SendblueError as exc:
            seen.append((type(exc).__name__, getattr(exc, "status", None),
                         getattr(exc, "code", None)))

    token = await client.lines.preview()
    seen.append(token.expires_at - token.issued_at)
    seen.append((await client.lines.confirm(token)).phone_number)
    await expect_error(client.lines.confirm(token))
    late = await client.lines.preview()
    clock.advance(601)
    await expect_error(client.lines.confirm(late))
    limits = await client.lines.get_limits()
    seen.append((limits.daily.used, limits.monthly.remaining))
    seen.append(await client.accounts.available_area_codes())
    child = await client.accounts.create_child_account(
        "contract", "c@example.com", provision_line=True, desired_area_code="999")
    seen.append((child.company_name, child.assigned_number, child.line_request_status))
    await expect_error(client.accounts.create_child_account(
        "contract", "c@example.com", provision_line=False))
    for _ in range(2):
        await client.lines.provision_line()
    await expect_error(client.lines.preview())
    return seen


async def run_over(transport_factory: Any) -> list[Any]:
    clock = FakeClock()
    fake = FakeSendblue(clock=clock, api_key=KEY, api_secret=SECRET)
    async with transport_factory(fake) as (transport, base_url), SendblueClient(
        KEY, SECRET, base_url=base_url, transport=transport, clock=clock
    ) as client:
        return await scenario(client, clock)



async def test_same_result_in_process_and_over_http():
    in_process = await run_over(testing.in_process)
    over_http = await run_over(testing.over_http)
    assert in_process == over_http
    assert in_process[0] == 600
    assert in_process[2] == ("PreviewTokenUsed", None, None)
    assert in_process[3] == ("PreviewTokenExpired", None, None)
    assert in_process[-2] == ("ConflictError", 409, None)
    assert in_process[-1] == ("ProvisioningLimitError", 429, "daily_limit_reached")

