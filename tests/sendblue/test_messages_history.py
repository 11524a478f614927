"""Message history: one page, the paging iterator, filters, get and delete."""

from datetime import UTC, datetime

import pytest

from sendblue_async import MessageFilter, NotFoundError, ValidationError

TO, OTHER = "+14155550123", "+14155550124"
LIST = "GET /api/v2/messages"


async def test_iter_pages_until_has_more_is_false(client, fake):
    for i in range(7):
        await client.messages.send(TO, f"m{i}")
    seen = [m.content async for m in client.messages.iter(page_size=3)]
    assert seen == [f"m{i}" for i in range(7)]  # same clock time: creation order
    assert fake.calls[LIST] == 3


async def test_iter_stops_after_a_page_that_says_no_more(client, fake):
    await client.messages.send(TO, "only")
    assert [m.content async for m in client.messages.iter(page_size=3)] == ["only"]
    assert fake.calls[LIST] == 1


async def test_iter_validates_before_iterating(client, transport):
    with pytest.raises(ValidationError):
        client.messages.iter(page_size=5000)
    assert transport.requests == []


async def test_one_page_reports_pagination(client):
    for i in range(3):
        await client.messages.send(TO, f"m{i}")
    page = await client.messages.list(limit=2, offset=1)
    assert len(page.data) == 2
    p = page.pagination
    assert (p.has_more, p.limit, p.offset, p.total) == (False, 2, 1, 3)


async def test_newest_first_by_default(client, clock):
    await client.messages.send(TO, "old")
    clock.advance(10)
    await client.messages.send(TO, "new")
    assert [m.content for m in (await client.messages.list()).data] == ["new", "old"]
    ascending = await client.messages.list(MessageFilter(order_direction="asc"))
    assert [m.content for m in ascending.data] == ["old", "new"]


async def test_inbound_messages_show_up_in_history(client, fake):
    received = fake.receive_message(TO, "hello bot")
    await client.messages.send(OTHER, "outbound")
    inbound = [m async for m in client.messages.iter(MessageFilter(is_outbound=False))]
    assert [m.message_handle for m in inbound] == [received.handle]
    message = inbound[0]
    assert (message.status, message.from_number, message.to_number) == (
        "RECEIVED", TO, fake.shared_line)


async def test_filters_by_party_status_and_time(client, fake, clock):
    first = await client.messages.send(TO, "a")
    clock.advance(100)
    await client.messages.send(OTHER, "b")
    fake.receive_message(TO, "c")
    assert {m.content async for m in client.messages.iter(MessageFilter(number=TO))} == {"a", "c"}
    delivered = MessageFilter(status="DELIVERED")
    assert [m.content async for m in client.messages.iter(delivered)] == ["a"]
    since = datetime.fromtimestamp(clock.now(), UTC)
    recent = MessageFilter(created_at_gte=since, is_outbound=True)
    assert [m.content async for m in client.messages.iter(recent)] == ["b"]
    assert first.date_created is not None
    older = MessageFilter(created_at_lte=first.date_created)
    assert [m.content async for m in client.messages.iter(older)] == ["a"]


async def test_sent_at_filter_skips_unsent_messages(client, fake, clock):
    fake.message_progression = ()
    sent = await client.messages.send(TO, "sent")
    await client.messages.send(TO, "queued")
    fake.advance_message(sent.message_handle, "SENT")
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    found = [m.content async for m in client.messages.iter(MessageFilter(sent_at_gte=epoch))]
    assert found == ["sent"]


async def test_group_filter(client):
    group_message = await client.groups.send("hi", numbers=[TO, OTHER])
    await client.messages.send(TO, "direct")
    by_group = MessageFilter(group_id=group_message.group_id, message_type="group")
    assert [m.content async for m in client.messages.iter(by_group)] == ["hi"]


async def test_get_one_message(client, clock):
    handle = (await client.messages.send(TO, "hi")).message_handle
    clock.advance(5)
    message = await client.messages.get(handle)
    assert (message.message_handle, message.status) == (handle, "DELIVERED")


async def test_delete_removes_it_from_history(client, fake):
    handle = (await client.messages.send(TO, "oops")).message_handle
    assert await client.messages.delete(handle) is None
    assert handle not in fake.messages
    assert (await client.messages.list()).data == ()
    with pytest.raises(NotFoundError):
        await client.messages.get(handle)
    with pytest.raises(NotFoundError):
        await client.messages.delete(handle)


@pytest.mark.parametrize("handle", [".", ".."])
async def test_dot_segment_ids_never_reach_the_server(client, transport, handle):
    calls = (client.messages.get, client.messages.delete, client.totp.get_code,
             client.totp.delete)
    for call in calls:
        with pytest.raises(ValidationError):
            await call(handle)
    assert transport.requests == []
