"""A purchase or a child account in flight is not lost when the caller is cancelled: the call
completes in the client's own task and its result is kept in ``client.unclaimed``."""

import anyio

from sendblue_async import SendblueClient
from sendblue_async.fake import FakeSendblue
from transports import FakeTransport, Response, ServerRequest

SLOW = 0.05


def slow_client(fake: FakeSendblue, clock) -> SendblueClient:
    async def handler(request: ServerRequest) -> Response:
        await anyio.sleep(SLOW)  # real time: the caller's deadline fires meanwhile
        return await fake(request)

    return SendblueClient("sb-test-key", "sb-test-secret", base_url="https://x.test",
                          transport=FakeTransport(handler), clock=clock)


async def test_confirm_completes_and_returns_despite_cancellation(fake, clock):
    client = slow_client(fake, clock)
    token = await client.lines.preview()
    bought = []
    with anyio.move_on_after(SLOW / 5) as scope:
        bought.append(await client.lines.confirm(token))
        await anyio.sleep(1)
    await client.aclose()  # waits for the purchase in flight
    bought += [entry.result for entry in client.unclaimed]
    assert scope.cancelled_caught
    assert [line.phone_number for line in bought] == [p.phone_number for p in fake.provisioned]
    assert len(bought) == 1


async def test_child_account_credentials_reach_the_caller_despite_cancellation(fake, clock):
    client = slow_client(fake, clock)
    created = []
    with anyio.move_on_after(SLOW / 5) as scope:
        created.append(await client.accounts.create_child_account(
            "late", "late@example.com", provision_line=False))
        await anyio.sleep(1)
    await client.aclose()
    created += [entry.result.account for entry in client.unclaimed]
    assert scope.cancelled_caught and created[0].api_secret
    assert list(fake.child_accounts) == ["agency@example.com-late"]


async def test_reads_are_cancelled_at_once(fake, clock):
    client = slow_client(fake, clock)
    with anyio.move_on_after(SLOW / 5) as scope:
        await client.lines.get_limits()
        raise AssertionError("a read should be cancelled, not completed")
    assert scope.cancelled_caught
