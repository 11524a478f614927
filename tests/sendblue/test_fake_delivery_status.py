"""FakeSendblue tells the webhooks of an outbound message's statuses, in process: what it
queues in its outbox (exact), and what a Deliverer then sends through a FakeTransport
around a test endpoint."""

import anyio
import pytest

from sendblue_async import WebhookEntry, parse_status_callback
from sendblue_async.fake import FakeSendblue, iso_timestamp
from transports import FakeClock, FakeTransport, Response, ServerRequest, json_response
from transports.testing.delivery import Deliverer, wait_for_attempts
from transports.testing.outbox import Delivery

OUT, OWN, CALLBACK = "https://hooks.test/out", "https://own.test/out", "https://cb.test/status"
TO = "+14155551234"


class Endpoint:
    """Webhook endpoints in process: answers ``statuses`` in turn (then 200)."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.seen: list[ServerRequest] = []

    async def __call__(self, request: ServerRequest) -> Response:
        self.seen.append(request)
        return json_response(self.statuses.pop(0) if self.statuses else 200, {})


@pytest.fixture
async def hooked(client, fake):
    """``outbound`` webhooks: one on the global secret, one with its own."""
    await client.webhooks.add([OUT, WebhookEntry(OWN, secret="own-secret")],
                              webhook_type="outbound", global_secret="global-secret")
    return fake


def payload(fake: FakeSendblue, handle: str, status: str, created: float, updated: float,
            sent: float | None) -> dict:
    return {
        "message_handle": handle, "accountEmail": fake.account.email, "content": "hi",
        "media_url": None, "number": TO, "from_number": fake.shared_line, "to_number": TO,
        "sendblue_number": fake.shared_line, "is_outbound": True, "message_type": "message",
        "service": "iMessage", "send_style": None, "group_id": None, "status": status,
        "date_created": iso_timestamp(created), "date_updated": iso_timestamp(updated),
        "date_sent": None if sent is None else iso_timestamp(sent),
        "error_code": None, "error_message": None, "participants": [],
        "group_display_name": None, "error_reason": None, "error_detail": None,
        "was_downgraded": False, "opted_out": False, "plan": "inbound_only",
    }


async def test_a_send_queues_its_queued_status_for_each_webhook_and_its_callback(
    client, hooked, clock
):
    now = clock.now()
    message = await client.messages.send(TO, "hi", status_callback=CALLBACK)
    body = payload(hooked, message.message_handle, "QUEUED", now, now, None)
    assert hooked.outbox.pending == [
        Delivery(1, "outbound", OUT, body, {"sb-signing-secret": "global-secret"}, now),
        Delivery(2, "outbound", OWN, body, {"sb-signing-secret": "own-secret"}, now),
        Delivery(3, "status_callback", CALLBACK, body, {}, now),
    ]


async def test_statuses_follow_on_the_fake_clock(client, hooked, clock):
    start = clock.now()
    handle = (await client.messages.send(TO, "hi")).message_handle
    assert [d.payload["status"] for d in hooked.outbox.take_due()] == ["QUEUED"] * 2
    assert hooked.outbox.next_due() == start + 2
    clock.advance(2)
    sent = hooked.outbox.take_due()
    assert [d.payload for d in sent] == [payload(hooked, handle, "SENT", start, start + 2,
                                                 start + 2)] * 2
    assert hooked.outbox.next_due() == start + 5
    clock.advance(10)  # late: the change is still stamped when it was due
    delivered = hooked.outbox.take_due()
    assert [d.payload for d in delivered] == [payload(hooked, handle, "DELIVERED", start,
                                                      start + 5, start + 2)] * 2
    assert hooked.outbox.next_due() is None


async def test_the_secret_goes_to_account_webhooks_and_never_to_a_status_callback(
    client, hooked
):
    endpoint = Endpoint()
    await client.messages.send(TO, "hi", status_callback=CALLBACK)
    await Deliverer(hooked.outbox, FakeTransport(endpoint)).deliver_due()
    secrets = [(r.path, r.header("sb-signing-secret")) for r in endpoint.seen]
    assert secrets == [("/out", "global-secret"), ("/out", "own-secret"), ("/status", None)]
    assert all(r.header("content-type") == "application/json" for r in endpoint.seen)
    callback = parse_status_callback(endpoint.seen[2].body)
    assert (callback.status, callback.number, callback.content) == ("QUEUED", TO, "hi")


@pytest.mark.parametrize("answers", [(500, 500, 500, 500), (503, 502, 500, 504)])
async def test_a_5xx_is_retried_3_times_then_given_up(client, fake, clock, answers):
    endpoint = Endpoint(*answers)
    fake.message_progression = ()  # only the QUEUED callback
    await client.messages.send(TO, "hi", status_callback=CALLBACK)
    deliverer = Deliverer(fake.outbox, FakeTransport(endpoint))
    made = []
    for wait in (0, 1, 2, 4, 100):
        clock.advance(wait)
        made += await deliverer.deliver_due()
    assert [a.status for a in made] == list(answers)
    assert [a.delivery.attempt for a in made] == [0, 1, 2, 3]
    assert [a.at - made[0].at for a in made] == [0, 1, 3, 7]
    assert [d.id for d in fake.outbox.given_up] == [1] and fake.outbox.pending == []


@pytest.mark.parametrize("status", [200, 202, 400, 401, 404, 410])
async def test_an_answer_below_500_is_not_retried(client, hooked, clock, status):
    endpoint = Endpoint(status, status)
    hooked.message_progression = ()
    await client.messages.send(TO, "hi")
    deliverer = Deliverer(hooked.outbox, FakeTransport(endpoint))
    await deliverer.deliver_due()
    clock.advance(60)
    assert await deliverer.deliver_due() == []
    assert len(endpoint.seen) == 2 and hooked.outbox.given_up == []


async def test_a_message_that_succeeds_on_a_retry_is_delivered_once(client, hooked, clock):
    endpoint = Endpoint(503)
    await client.messages.send(TO, "hi", status_callback=CALLBACK)
    deliverer = Deliverer(hooked.outbox, FakeTransport(endpoint))
    await deliverer.deliver_due()
    clock.advance(1)
    (retry,) = await deliverer.deliver_due()
    assert (retry.delivery.kind, retry.delivery.attempt, retry.status) == ("outbound", 1, 200)
    assert [a.status for a in hooked.outbox.attempts] == [503, 200, 200, 200]


async def test_an_explicit_advance_is_told_and_drops_the_schedule(client, hooked, clock):
    handle = (await client.messages.send(TO, "hi")).message_handle
    hooked.outbox.take_due()
    hooked.advance_message(handle, "ERROR")
    assert [d.payload["status"] for d in hooked.outbox.take_due()] == ["ERROR"] * 2
    clock.advance(60)
    assert hooked.outbox.take_due() == []


async def test_a_status_read_through_the_api_is_told_once(client, hooked, clock):
    handle = (await client.messages.send(TO, "hi")).message_handle
    hooked.outbox.take_due()
    clock.advance(2)
    assert (await client.messages.status(handle)).status == "SENT"
    assert [d.payload["status"] for d in hooked.outbox.take_due()] == ["SENT"] * 2
    assert hooked.outbox.take_due() == []


async def test_a_message_deleted_before_its_next_status_is_not_told_again(client, hooked, clock):
    handle = (await client.messages.send(TO, "hi")).message_handle
    hooked.outbox.take_due()
    await client.messages.delete(handle)
    clock.advance(10)
    assert hooked.outbox.take_due() == [] and hooked.outbox.next_due() is None


async def test_a_group_message_carries_its_participants(client, hooked):
    members = ["+14155550001", "+14155550002"]
    await client.groups.send("hi all", numbers=members)
    (first, _) = hooked.outbox.take_due()
    assert first.payload["participants"] == members
    assert (first.payload["message_type"], first.payload["number"]) == ("group", None)


async def test_a_carousel_is_told_too(client, hooked):
    urls = ["https://img.test/1.png", "https://img.test/2.png"]
    await client.messages.send_carousel(TO, urls)
    assert [d.payload["message_type"] for d in hooked.outbox.take_due()] == ["carousel"] * 2


async def test_no_webhook_and_no_callback_queue_nothing(client, fake):
    await client.messages.send(TO, "hi")
    assert fake.outbox.pending == []


async def test_a_status_callback_that_is_not_a_url_is_a_400(wire):
    status, body = await wire("POST", "/api/send-message",
                              {"number": TO, "content": "hi", "status_callback": "nope"})
    assert (status, body["message"]) == (400, "status_callback must be a URL")


async def test_delivering_runs_a_deliverer_for_the_block(client, hooked, clock):
    endpoint = Endpoint()
    with anyio.fail_after(5):
        async with hooked.delivering(FakeTransport(endpoint)):
            await client.messages.send(TO, "hi")
            await wait_for_attempts(hooked.outbox, 2)
            clock.advance(2)
            hooked.outbox.wake()
            await wait_for_attempts(hooked.outbox, 4)
    assert [r.json()["status"] for r in endpoint.seen] == ["QUEUED"] * 2 + ["SENT"] * 2


def test_each_fake_has_its_own_outbox_on_its_own_clock():
    clock = FakeClock(5.0)
    first, second = FakeSendblue(clock=clock), FakeSendblue(clock=clock)
    assert first.outbox is not second.outbox and first.outbox.clock is clock
