"""Results of calls that buy, create or send are never lost, whatever cancels the caller, and
an unknown outcome says so by type."""

import asyncio
import logging
import socket

import anyio
import pytest

from sendblue_async import (
    APIConnectionError,
    APITimeoutError,
    SendblueClient,
)
from sendblue_async.errors import OutcomeUnknownError
from sendblue_async.fake import FakeSendblue
from transports import FakeTransport, Response, ServerRequest
from transports.completion import Unclaimed
from transports.errors import OutcomeUnknownError as AnyOutcomeUnknown

KEY, SECRET = "sb-test-key", "sb-test-secret"
SLOW = 0.05


def slow_client(fake: FakeSendblue, clock, **kwargs) -> SendblueClient:
    async def handler(request: ServerRequest) -> Response:
        await anyio.sleep(SLOW)  # real time: the caller's deadline fires meanwhile
        return await fake(request)

    return SendblueClient(KEY, SECRET, base_url="https://x.test", transport=FakeTransport(handler),
                          clock=clock, **kwargs)


def cancellers():
    """Every plain asyncio way of giving up on a call."""

    async def with_timeout(call):
        async with asyncio.timeout(SLOW / 5):
            await call

    async def with_wait_for(call):
        await asyncio.wait_for(call, SLOW / 5)

    async def with_task_cancel(call):
        task = asyncio.ensure_future(call)
        await asyncio.sleep(SLOW / 5)
        task.cancel()
        await task

    return [with_timeout, with_wait_for, with_task_cancel]


@pytest.mark.parametrize("give_up", cancellers(), ids=["timeout", "wait_for", "cancel"])
async def test_a_confirm_whose_caller_gave_up_is_kept_in_unclaimed(fake, clock, give_up, caplog):
    seen: list[Unclaimed] = []
    client = slow_client(fake, clock, on_unclaimed=seen.append)
    token = await client.lines.preview()
    with pytest.raises((TimeoutError, asyncio.CancelledError)):
        await give_up(client.lines.confirm(token))
    assert client.unclaimed == []  # the purchase is still in flight
    with caplog.at_level(logging.WARNING, logger="sendblue_async"):
        await client.aclose()  # waits for it
    [line] = fake.provisioned
    [entry] = client.unclaimed
    assert seen == [entry]
    assert entry.operation == "lines.confirm" and entry.result.phone_number == line.phone_number
    assert entry.at == clock.now()
    assert entry.identifiers == {"phone_number": line.phone_number,
                                 "subscription_id": line.subscription_id}
    assert "lines.confirm" in caplog.text and line.phone_number in caplog.text
    assert token.value not in caplog.text + repr(entry)


async def test_child_account_credentials_are_kept_when_the_caller_is_gone(fake, clock, caplog):
    client = slow_client(fake, clock)
    with pytest.raises(TimeoutError), caplog.at_level(logging.WARNING):
        async with asyncio.timeout(SLOW / 5):
            await client.accounts.create_child_account("gone", "g@example.com",
                                                       provision_line=False)
    await client.aclose()
    [entry] = client.unclaimed
    account = entry.result.account
    assert account.api_secret and list(fake.child_accounts) == ["agency@example.com-gone"]
    assert account.api_secret not in caplog.text + repr(entry) + repr(client.unclaimed)
    assert "<ChildAccountResponse>" in repr(entry)


async def test_a_send_whose_caller_gave_up_is_kept_and_not_sent_twice(fake, clock):
    client = slow_client(fake, clock)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(SLOW / 5):
            await client.messages.send("+14155551234", "late")
    await client.aclose()
    [entry] = client.unclaimed
    assert entry.operation == "messages.send"
    assert list(fake.messages) == [entry.result.message_handle]


async def test_a_caller_still_waiting_gets_the_result_and_nothing_is_unclaimed(fake, clock):
    client = slow_client(fake, clock)
    line = await client.lines.provision_line()
    message = await client.messages.send("+14155551234", "hi")
    assert line.phone_number and message.content == "hi" and client.unclaimed == []


async def test_an_on_unclaimed_callback_that_raises_is_logged_not_lost(fake, clock, caplog):
    def broken(entry: Unclaimed) -> None:
        raise RuntimeError("callback bug")

    client = slow_client(fake, clock, on_unclaimed=broken)
    with pytest.raises(TimeoutError), caplog.at_level(logging.WARNING):
        async with asyncio.timeout(SLOW / 5):
            await client.messages.send("+14155551234", "x")
    await client.aclose()
    assert len(client.unclaimed) == 1 and "on_unclaimed raised" in caplog.text


async def test_a_failure_after_the_caller_left_is_logged(fake, clock, caplog):
    client = slow_client(fake, clock)
    with pytest.raises(TimeoutError), caplog.at_level(logging.WARNING):
        async with asyncio.timeout(SLOW / 5):
            await client.messages.send("+14155551234", "x", from_number="+19995550000")
    await client.aclose()
    assert client.unclaimed == []
    assert "messages.send failed after its caller stopped waiting" in caplog.text


async def test_an_anyio_cancellation_leaves_the_call_running_and_keeps_its_result(fake, clock):
    client = slow_client(fake, clock)
    with anyio.move_on_after(SLOW / 5) as scope:
        await client.messages.send("+14155551234", "kept")
    await client.aclose()
    assert scope.cancelled_caught
    assert [entry.result.content for entry in client.unclaimed] == ["kept"]


def test_under_trio_the_shield_holds_and_the_caller_gets_the_result(fake, clock):
    async def main() -> list[str]:
        client = slow_client(fake, clock)
        sent = []
        with anyio.move_on_after(SLOW / 5):
            sent.append((await client.messages.send("+14155551234", "trio")).content)
            await anyio.sleep(1)  # the deferred cancellation lands here
        return sent

    assert anyio.run(main, backend="trio") == ["trio"]


async def test_a_lost_reply_after_a_confirm_is_an_outcome_unknown_error(fake, clock):
    transport = FakeTransport(fake)
    client = SendblueClient(KEY, SECRET, transport=transport, clock=clock)
    token = await client.lines.preview()
    transport.fail_next(timeout=True, after_server=True)
    with pytest.raises(OutcomeUnknownError) as caught:
        await client.lines.confirm(token)
    error = caught.value
    assert isinstance(error, APITimeoutError | AnyOutcomeUnknown) and len(fake.provisioned) == 1
    assert error.operation == "lines.confirm"
    assert "list the lines" in str(error) and token.value not in str(error)
    transport.fail_next(connection_error=True, after_server=True)
    with pytest.raises(OutcomeUnknownError, match="credentials cannot be fetched again"):
        await client.accounts.create_child_account("c", "c@example.com", provision_line=False)


async def test_a_read_that_times_out_stays_a_plain_timeout(fake, clock):
    transport = FakeTransport(fake)
    client = SendblueClient(KEY, SECRET, transport=transport, clock=clock, retry=None)
    transport.fail_next(timeout=True)
    with pytest.raises(APITimeoutError) as caught:
        await client.lines.get_limits()
    assert not isinstance(caught.value, OutcomeUnknownError)


async def test_a_send_that_never_left_is_a_plain_connection_error():
    # Nothing listens on the port: the connection is refused, so the message was not sent.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with SendblueClient(KEY, SECRET, base_url=f"http://127.0.0.1:{port}",
                              retry=None) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.messages.send("+14155551234", "hi")
    assert not isinstance(caught.value, OutcomeUnknownError)


async def test_closing_the_client_lets_a_send_in_flight_finish_for_its_caller(fake, clock):
    client = slow_client(fake, clock)
    sent = []

    async def send() -> None:
        sent.append(await client.messages.send("+14155551234", "during close"))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(send)
        await asyncio.sleep(SLOW / 5)  # the request is out
        await client.aclose()
    assert [m.content for m in sent] == ["during close"] and client.unclaimed == []
