"""Sending through the client against the stateful fake: sends, groups, carousels, lookups."""

import pytest

from sendblue_async import (
    APITimeoutError,
    BadRequestError,
    MessageStatus,
    NotFoundError,
    SendblueClient,
    ServerError,
    ValidationError,
)
from transports import FakeTransport

TO, OTHER = "+14155550123", "+14155550124"
IMAGES = ["https://img.example/1.png", "https://img.example/2.png"]
SEND = "POST /api/send-message"


async def test_send_returns_the_queued_message(client, fake):
    message = await client.messages.send(TO, "hello", send_style="gentle")
    assert message.status == MessageStatus.QUEUED and message.is_outbound
    assert (message.number, message.from_number) == (TO, fake.shared_line)
    assert message.account_email == fake.account.email
    assert fake.messages[message.message_handle].content == "hello"


async def test_status_advances_on_the_clock(client, clock):
    handle = (await client.messages.send(TO, "hi")).message_handle
    assert (await client.messages.status(handle)).status == "QUEUED"
    clock.advance(2)
    sent = await client.messages.status(handle)
    assert sent.status == "SENT" and sent.date_sent is not None
    clock.advance(3)
    assert (await client.messages.status(handle)).status == "DELIVERED"


async def test_status_advances_on_demand(client, fake):
    fake.message_progression = ()
    handle = (await client.messages.send(TO, "hi")).message_handle
    fake.advance_message(handle, "SENT")
    assert (await client.messages.status(handle)).status == "SENT"
    fake.advance_message(handle, "SOMETHING_NEW")
    assert (await client.messages.status(handle)).status == "SOMETHING_NEW"


async def test_advance_without_status_takes_the_next_scheduled_step(client, fake, clock):
    handle = (await client.messages.send(TO, "hi")).message_handle
    assert fake.advance_message(handle).status == "SENT"
    clock.advance(60)
    assert (await client.messages.status(handle)).status == "SENT"
    with pytest.raises(ValueError):
        fake.advance_message(handle)


async def test_a_failed_message_is_a_result_not_an_exception(client, fake):
    handle = (await client.messages.send(TO, "hi")).message_handle
    fake.advance_message(handle, MessageStatus.ERROR)
    message = await client.messages.status(handle)
    assert message.status == "ERROR" and message.failed


async def test_unknown_handle_is_not_found(client):
    with pytest.raises(NotFoundError):
        await client.messages.status("no-such-handle")


async def test_bad_input_is_rejected_before_sending(client, transport):
    with pytest.raises(ValidationError):
        await client.messages.send("555-0123", "hi")
    with pytest.raises(ValidationError):
        await client.messages.send(TO)
    with pytest.raises(ValidationError):
        await client.messages.send(TO, "hi", send_style="sparkle")
    with pytest.raises(ValidationError):
        await client.messages.send_carousel(TO, IMAGES[:1])
    assert transport.requests == []


async def test_unregistered_from_number_is_a_bad_request(client):
    with pytest.raises(BadRequestError) as info:
        await client.messages.send(TO, "hi", from_number="+19995550100")
    assert "not registered" in info.value.message


async def test_a_bought_line_can_send(client):
    line = await client.lines.provision_line()
    assert line.phone_number in await client.lines.list()
    message = await client.messages.send(TO, "hi", from_number=line.phone_number)
    assert message.sendblue_number == line.phone_number


@pytest.mark.parametrize("fault", [{"status": 503}, {"timeout": True}])
async def test_a_send_lost_after_the_server_handled_it_is_not_repeated(client, fake, transport,
                                                                       fault):
    transport.fail_next(**fault, after_server=True)
    with pytest.raises((ServerError, APITimeoutError)):
        await client.messages.send(TO, "only once")
    assert fake.calls[SEND] == 1 and len(fake.messages) == 1


@pytest.mark.parametrize("method", ["send", "carousel", "group"])
async def test_sends_are_retried_on_429_only(client, fake, transport, clock, method):
    transport.fail_next(429, headers={"retry-after": "1"})
    if method == "send":
        await client.messages.send(TO, "hi")
    elif method == "carousel":
        await client.messages.send_carousel(TO, IMAGES)
    else:
        await client.groups.send("hi", numbers=[TO, OTHER])
    assert len(fake.messages) == 1 and clock.sleeps == [1.0]
    transport.fail_next(503)
    with pytest.raises(ServerError):
        await client.messages.send(TO, "hi")
    assert len(fake.messages) == 1


async def test_carousel(client, fake):
    message = await client.messages.send_carousel(TO, IMAGES, send_style="love")
    assert (message.message_type, message.media_url, message.status) == (
        "carousel", IMAGES[0], "QUEUED")
    assert fake.messages[message.message_handle].media_urls == IMAGES


async def test_groups_create_then_send(client, fake):
    group = await client.groups.create([TO, OTHER], group_name="Team")
    assert group.numbers == (TO, OTHER) and group.group_name == "Team"
    by_id = await client.groups.send("hi all", group_id=group.group_id)
    by_members = await client.groups.send("again", numbers=[OTHER, TO])
    assert by_id.group_id == by_members.group_id == group.group_id
    assert by_id.message_type == "group" and len(fake.groups) == 1


async def test_group_message_to_new_members_creates_the_group(client, fake):
    message = await client.groups.send("hi", numbers=[TO, OTHER])
    assert fake.groups[message.group_id].numbers == [TO, OTHER]
    with pytest.raises(NotFoundError):
        await client.groups.send("hi", group_id="no-such-group")


async def test_evaluate_service(client, fake):
    fake.sms_numbers.add(OTHER)
    assert (await client.messages.evaluate_service(TO)).is_imessage
    assert (await client.messages.evaluate_service(OTHER)).service == "SMS"
    email = await client.messages.evaluate_service("kim@example.com")
    assert (email.number, email.service) == ("kim@example.com", "iMessage")


async def test_sms_only_numbers_get_sms_messages(client, fake):
    fake.sms_numbers.add(TO)
    assert (await client.messages.send(TO, "hi")).service == "SMS"


async def test_lines_lists_the_shared_line(client, fake):
    assert await client.lines.list() == (fake.shared_line,)


async def test_another_account_cannot_read_my_messages(fake, clock):
    fake.add_account("other-key", "other-secret", email="other@example.com")
    transport = FakeTransport(fake)
    async with SendblueClient("sb-test-key", "sb-test-secret", base_url="https://f",
                              transport=transport, clock=clock) as mine, SendblueClient(
        "other-key", "other-secret", base_url="https://f", transport=transport, clock=clock
    ) as theirs:
        handle = (await mine.messages.send(TO, "private")).message_handle
        with pytest.raises(NotFoundError):
            await theirs.messages.status(handle)
        assert (await theirs.messages.list()).data == ()
