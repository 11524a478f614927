"""FakeSendblue tells its webhooks what comes in, in process: inbound messages (injected by
a test or through the sandbox's admin route), typing contacts and new contacts."""

import pytest

from sendblue_async import MessageFilter, NewContact, WebhookEntry, parse_inbound_message
from sendblue_async.fake import iso_timestamp
from transports import FakeTransport, RequestSpec, Response, ServerRequest, json_response
from transports.testing.delivery import Deliverer

RECEIVE, TYPING, CONTACTS = "https://bot.test/in", "https://bot.test/typing", "https://crm.test/c"
FROM = "+14155551234"
INBOUND = "/_sandbox/inbound"


class Endpoint:
    def __init__(self) -> None:
        self.seen: list[ServerRequest] = []

    async def __call__(self, request: ServerRequest) -> Response:
        self.seen.append(request)
        return json_response(200, {})


async def admin(fake, body) -> tuple[int, dict]:
    """POST to the admin route with no credentials at all."""
    response = await FakeTransport(fake).send(RequestSpec("POST", INBOUND, json=body))
    return response.status, response.json()


@pytest.fixture
async def hooked(client, fake):
    await client.webhooks.add([RECEIVE], global_secret="global-secret")
    await client.webhooks.add([TYPING], webhook_type="typing_indicator")
    await client.webhooks.add([CONTACTS], webhook_type="contact_created")
    return fake


async def test_an_injected_message_is_queued_for_the_receive_webhooks(hooked, clock):
    record = hooked.receive_message(FROM, "hello bot")
    (delivery,) = hooked.outbox.pending
    assert (delivery.kind, delivery.url, delivery.headers, delivery.due) == (
        "receive", RECEIVE, {"sb-signing-secret": "global-secret"}, clock.now())
    message = parse_inbound_message(delivery.payload)
    assert (message.message_handle, message.content, message.number) == (
        record.handle, "hello bot", FROM)
    assert (message.from_number, message.to_number, message.status) == (
        FROM, hooked.shared_line, "RECEIVED")
    assert (message.is_outbound, message.account_email, message.plan) == (
        False, hooked.account.email, "inbound_only")


async def test_the_admin_route_stores_the_message_and_delivers_it(client, hooked):
    status, body = await admin(hooked, {"number": FROM, "content": "hello"})
    assert status == 200 and body["status"] == "OK"
    handle = body["data"]["message_handle"]
    (stored,) = [m async for m in client.messages.iter(MessageFilter(is_outbound=False))]
    assert (stored.message_handle, stored.content, stored.status) == (handle, "hello", "RECEIVED")
    endpoint = Endpoint()
    (attempt,) = await Deliverer(hooked.outbox, FakeTransport(endpoint)).deliver_due()
    assert attempt.status == 200
    assert endpoint.seen[0].json()["message_handle"] == handle
    assert endpoint.seen[0].header("sb-signing-secret") == "global-secret"
    assert hooked.calls["POST /_sandbox/inbound"] == 1


async def test_the_admin_route_files_the_message_under_the_owner_of_the_line(wire, hooked):
    status, line = await wire.buy()
    assert status == 200
    number = line["phone_number"]
    status, body = await admin(hooked, {"number": FROM, "content": "hi", "sendblue_number": number,
                                        "media_url": "https://img.test/cat.png"})
    assert status == 200
    assert (body["data"]["to_number"], body["data"]["media_url"]) == (
        number, "https://img.test/cat.png")
    assert hooked.outbox.pending[0].payload["sendblue_number"] == number


@pytest.mark.parametrize(("body", "problem"), [
    ([], "Request body must be a JSON object"),
    ({"content": "hi"}, "number is required and must be in E.164 format"),
    ({"number": "4155551234", "content": "hi"}, "number is required and must be in E.164 format"),
    ({"number": FROM}, "content or media_url is required"),
    ({"number": FROM, "content": "  "}, "content must be a non-empty string"),
    ({"number": FROM, "content": 7}, "content must be a non-empty string"),
    ({"number": FROM, "media_url": "ftp://x"}, "media_url must be a URL"),
    ({"number": FROM, "content": "hi", "sendblue_number": "x"},
     "sendblue_number must be in E.164 format"),
    ({"number": FROM, "content": "hi", "sendblue_number": "+19999999999"},
     "sendblue_number is not a line of this sandbox"),
])
async def test_the_admin_route_refuses_a_bad_body(hooked, body, problem):
    assert await admin(hooked, body) == (400, {"status": "ERROR", "message": problem})
    assert hooked.messages == {} and hooked.outbox.pending == []


@pytest.mark.parametrize("body", [b"{nope", b"[" * 100_000])
async def test_the_admin_route_refuses_malformed_json(hooked, body):
    response = await hooked(ServerRequest("POST", INBOUND, body=body))
    assert (response.status, response.json()) == (
        400, {"status": "ERROR", "message": "Malformed JSON body"})


async def test_receive_webhooks_limited_to_lines_hear_only_those(client, fake):
    other = "+12125550101"
    await client.webhooks.add([WebhookEntry(RECEIVE, secret="own", sendblue_numbers=[other]),
                               WebhookEntry("https://all.test/in", secret="all")])
    fake.receive_message(FROM, "to the shared line")
    assert [(d.url, d.headers) for d in fake.outbox.take_due()] == [
        ("https://all.test/in", {"sb-signing-secret": "all"})]
    fake.receive_message(FROM, "to the other line", to_number=other)
    assert [(d.url, d.headers) for d in fake.outbox.take_due()] == [
        (RECEIVE, {"sb-signing-secret": "own"}),
        ("https://all.test/in", {"sb-signing-secret": "all"}),
    ]


async def test_a_webhook_with_no_secret_anywhere_gets_no_header(client, fake):
    await client.webhooks.add([RECEIVE])
    fake.receive_message(FROM, "hi")
    assert fake.outbox.take_due()[0].headers == {}


async def test_a_typing_contact_is_told_to_the_typing_webhooks(hooked, clock):
    hooked.contact_typing(FROM)
    hooked.contact_typing(FROM, False, sendblue_number="+13055550199")
    assert [(d.kind, d.url, d.payload) for d in hooked.outbox.take_due()] == [
        ("typing_indicator", TYPING, {
            "number": FROM, "sendblue_number": line, "is_typing": typing,
            "timestamp": iso_timestamp(clock.now()), "accountEmail": hooked.account.email})
        for line, typing in ((hooked.shared_line, True), ("+13055550199", False))]


async def test_a_new_contact_is_told_once_and_an_update_is_not(client, hooked):
    await client.contacts.create(FROM, first_name="Ada")
    await client.contacts.create(FROM, first_name="Ada L.", update_if_exists=True)
    await client.contacts.bulk_create([NewContact(FROM), NewContact("+14155550002")])
    told = hooked.outbox.take_due()
    assert [(d.kind, d.url, d.payload["phone"]) for d in told] == [
        ("contact_created", CONTACTS, FROM), ("contact_created", CONTACTS, "+14155550002")]
    book = hooked.contact_book(hooked.account)
    assert told[0].payload == {**book[FROM].wire(), "first_name": "Ada"}
    assert told[0].headers == {"sb-signing-secret": "global-secret"}


async def test_contacts_are_told_in_the_spelling_the_fake_answers_in(client, hooked):
    hooked.contact_spelling = "camel"
    await client.contacts.create(FROM, first_name="Ada")
    assert hooked.outbox.take_due()[0].payload["firstName"] == "Ada"
