"""Line provisioning through the client against the stateful fake."""

import anyio
import pytest

from sendblue_async import (
    APITimeoutError,
    LineRequestStatus,
    NoLinesAvailableError,
    PaymentRequiredError,
    PermissionDeniedError,
    PreviewTokenExpired,
    PreviewTokenUsed,
    ProvisionedLine,
    ProvisioningFailedError,
    ProvisioningLimitError,
    RateLimitError,
    SendblueClient,
    ValidationError,
)
from sendblue_async.fake import FakeSendblue
from transports import FakeClock, FakeTransport

CONFIRM = "POST /accounts/lines/provision-confirm"
PREVIEW = "POST /accounts/lines/provision-preview"


async def test_preview_then_confirm_buys_a_line(client, fake, clock):
    token = await client.lines.preview()
    assert token.issued_at == clock.now()
    assert token.expires_at == clock.now() + 600
    assert token.value.startswith("lpv_") and token.value not in repr(token)
    line = await client.lines.confirm(token)
    assert isinstance(line, ProvisionedLine) and line.phone_number.startswith("+1")
    assert line.phone_number not in fake.available_numbers
    assert token.used
    limits = await client.lines.get_limits()
    assert (limits.daily.used, limits.daily.remaining, limits.monthly.used) == (1, 2, 1)


async def test_a_used_token_is_never_sent_again(client, fake):
    token = await client.lines.preview()
    await client.lines.confirm(token)
    with pytest.raises(PreviewTokenUsed):
        await client.lines.confirm(token)
    assert fake.calls[CONFIRM] == 1


async def test_fifty_concurrent_confirms_send_one_request(client, fake):
    token = await client.lines.preview()
    outcomes: list[object] = []

    async def attempt() -> None:
        try:
            outcomes.append(await client.lines.confirm(token))
        except PreviewTokenUsed as exc:
            outcomes.append(exc)

    async with anyio.create_task_group() as tg:
        for _ in range(50):
            tg.start_soon(attempt)
    lines = [o for o in outcomes if isinstance(o, ProvisionedLine)]
    assert len(lines) == 1 and len(outcomes) == 50
    assert fake.calls[CONFIRM] == 1 and len(fake.provisioned) == 1


@pytest.mark.parametrize("elapsed", [600, 700, 596])
async def test_expired_token_raises_before_sending(client, fake, clock, elapsed):
    token = await client.lines.preview()
    clock.advance(elapsed)
    with pytest.raises(PreviewTokenExpired) as info:
        await client.lines.confirm(token)
    assert token.value not in str(info.value)
    assert fake.calls[CONFIRM] == 0


async def test_token_still_good_just_inside_the_margin(client, clock):
    token = await client.lines.preview()
    clock.advance(594)
    assert (await client.lines.confirm(token)).phone_number


async def test_server_expiry_earlier_than_ten_minutes_wins(fake, clock):
    client_clock = FakeClock(clock.now() + 300)  # the server's clock is 5 minutes behind
    async with SendblueClient("sb-test-key", "sb-test-secret", base_url="https://x.test",
                              transport=FakeTransport(fake), clock=client_clock) as client:
        token = await client.lines.preview()
        assert token.expires_at == client_clock.now() + 300
        client_clock.advance(300)
        with pytest.raises(PreviewTokenExpired):
            await client.lines.confirm(token)


async def test_skew_cannot_extend_the_ten_minutes(fake, clock):
    client_clock = FakeClock(clock.now() - 3600)  # server clock an hour ahead
    async with SendblueClient("sb-test-key", "sb-test-secret", base_url="https://x.test",
                              transport=FakeTransport(fake), clock=client_clock) as client:
        token = await client.lines.preview()
        assert token.expires_at == client_clock.now() + 600


async def test_failed_confirm_consumes_the_token(client, fake):
    token = await client.lines.preview()
    fake.available_numbers.clear()
    with pytest.raises(NoLinesAvailableError) as info:
        await client.lines.confirm(token)
    assert info.value.code == "no_lines_available" and info.value.status == 503
    with pytest.raises(PreviewTokenUsed):
        await client.lines.confirm(token)
    assert fake.calls[CONFIRM] == 1


async def test_confirm_is_not_retried_on_429(client, fake, transport):
    token = await client.lines.preview()
    transport.fail_next(429, headers={"retry-after": "1"})
    with pytest.raises(RateLimitError):
        await client.lines.confirm(token)
    assert sum(r.path.endswith("provision-confirm") for r in transport.requests) == 0
    assert fake.calls[CONFIRM] == 0


async def test_confirm_timeout_after_server_is_not_retried(client, fake, transport):
    token = await client.lines.preview()
    transport.fail_next(timeout=True, after_server=True)
    with pytest.raises(APITimeoutError):
        await client.lines.confirm(token)
    assert fake.calls[CONFIRM] == 1 and len(fake.provisioned) == 1


async def test_provisioning_failed_is_never_retried_and_warns(client, fake):
    fake.fail_next_provisioning()
    with pytest.raises(ProvisioningFailedError) as info:
        await client.lines.provision_line()
    assert "charged" in str(info.value) and info.value.status == 500
    assert fake.calls[CONFIRM] == 1


async def test_provision_line_does_both_steps(client, fake):
    line = await client.lines.provision_line()
    assert fake.calls[PREVIEW] == 1 and fake.calls[CONFIRM] == 1
    assert [p.phone_number for p in fake.provisioned] == [line.phone_number]


async def test_daily_then_monthly_limits(client, fake, clock):
    for day in range(4):
        for _ in range(3 if day < 3 else 1):
            await client.lines.provision_line()
        if day < 3:
            with pytest.raises(ProvisioningLimitError) as info:
                await client.lines.preview()
            assert info.value.window == "daily" and info.value.status == 429
        clock.advance(24 * 3600 + 1)
    with pytest.raises(ProvisioningLimitError) as info:
        await client.lines.preview()
    assert info.value.window == "monthly"
    limits = await client.lines.get_limits()
    assert limits.monthly.used == 10 and limits.monthly.remaining == 0


async def test_limits_are_checked_on_confirm_too(client, fake):
    tokens = [await client.lines.preview() for _ in range(4)]
    for token in tokens[:3]:
        await client.lines.confirm(token)
    with pytest.raises(ProvisioningLimitError):
        await client.lines.confirm(tokens[3])


async def test_no_card_and_wrong_plan(client, fake):
    fake.account.card_on_file = False
    with pytest.raises(PaymentRequiredError) as info:
        await client.lines.preview()
    assert info.value.code == "no_card_on_file" and info.value.status == 402
    fake.account.plan = "blue"
    with pytest.raises(PermissionDeniedError):
        await client.lines.preview()


async def test_confirm_rejects_a_plain_string(client, fake):
    with pytest.raises(ValidationError, match="token"):
        await client.lines.confirm("lpv_forged")  # type: ignore[arg-type]
    assert fake.calls[CONFIRM] == 0


async def test_request_line_is_deprecated_and_pollable(client, fake, clock):
    with pytest.warns(DeprecationWarning, match="provision_line"):
        ticket = await client.lines.request_line("415")
    assert ticket.status == LineRequestStatus.OPEN and ticket.desired_area_code == "415"
    assert (await client.lines.get_line_request(ticket.id)).status == "OPEN"
    number = fake.fulfil_line_request(ticket.id)
    done = await client.lines.get_line_request(ticket.id)
    assert done.status == "FULFILLED" and done.fulfilled_number == number
    assert done.fulfilled_at is not None


async def test_wait_for_line_request_polls_on_the_clock(clock):
    fake = FakeSendblue(clock=clock, ticket_fulfil_after=3600)
    async with SendblueClient("sb-test-key", "sb-test-secret", base_url="https://x.test",
                              transport=FakeTransport(fake), clock=clock) as client:
        with pytest.warns(DeprecationWarning):
            ticket = await client.lines.request_line()
        done = await client.lines.wait_for_line_request(ticket.id, poll_interval=600)
    assert done.status == "FULFILLED"
    assert clock.sleeps == [600] * 6


async def test_wait_for_line_request_times_out_and_returns_cancelled(client, fake, clock):
    with pytest.warns(DeprecationWarning):
        ticket = await client.lines.request_line()
    from sendblue_async import LineRequestTimeout

    with pytest.raises(LineRequestTimeout) as info:
        await client.lines.wait_for_line_request(ticket.id, poll_interval=60, timeout=300)
    assert info.value.ticket_id == ticket.id and info.value.waited <= 300
    fake.cancel_line_request(ticket.id)
    cancelled = await client.lines.wait_for_line_request(ticket.id, poll_interval=60)
    assert cancelled.status == "CANCELLED"


async def test_get_limits_retries_a_503(client, transport, clock):
    transport.fail_next(503)
    limits = await client.lines.get_limits()
    assert limits.daily.limit == 3 and len(clock.sleeps) == 1


async def test_preview_is_not_retried_on_503(client, transport, fake):
    transport.fail_next(503, after_server=True)
    with pytest.raises(Exception) as info:
        await client.lines.preview()
    assert getattr(info.value, "status", None) == 503
    assert fake.calls[PREVIEW] == 1
