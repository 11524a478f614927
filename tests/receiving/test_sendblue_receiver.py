"""sendblue_async.inbound.Receiver: the type from the path or the payload, the secret (and
unsigned status callbacks), de-duplication by handle and status or event id, hostile input;
over ASGI by hand and over aiohttp on 127.0.0.1."""

from __future__ import annotations

import io
import json

import aiohttp
import anyio
import pytest

from sendblue_async import InboundMessage, StatusCallback, ValidationError
from sendblue_async.inbound import (
    ANY,
    UNKNOWN,
    CallLog,
    ContactCreated,
    LineAssigned,
    LineBlocked,
    Receiver,
    TypingIndicator,
    UnknownWebhook,
    WebhookEvent,
)
from transports.receiver import Delivery

from .serving import asgi_post, served

SECRET = "whsec-correct-horse"
SIGNED = [(b"sb-signing-secret", SECRET.encode())]
INBOUND = {
    "accountEmail": "ops@example.com", "content": "Hello", "is_outbound": False,
    "status": "RECEIVED", "message_handle": "msg-1", "number": "+14155550100",
    "from_number": "+14155550100", "to_number": "+12125550101",
    "sendblue_number": "+12125550101", "service": "iMessage",
}
STATUS = {
    "content": "Hi", "is_outbound": True, "status": "DELIVERED", "message_handle": "msg-2",
    "number": "+14155550100", "from_number": "+12125550101",
}


def body(data: object) -> bytes:
    return json.dumps(data).encode()


def receiving(**options: object) -> tuple[Receiver, list[tuple[str, object]]]:
    """A receiver whose handlers (one per documented type, and ANY) record what they got."""
    receiver = Receiver(signing_secret=SECRET, **options)  # type: ignore[arg-type]
    got: list[tuple[str, object]] = []
    for kind in ("receive", "outbound", "typing_indicator", "call_log", "line_blocked",
                 "line_assigned", "contact_created", ANY):
        receiver.on(kind)(_recorder(got, kind))
    return receiver, got


def _recorder(got: list[tuple[str, object]], kind: str):
    async def record(event: object) -> None:
        got.append((kind, event))
    return record


async def post(receiver: Receiver, path: str, data: object, headers=SIGNED, **kw):
    raw = data if isinstance(data, bytes) else body(data)
    return await asgi_post(receiver.asgi, path, raw, headers, **kw)


async def settle(receiver: Receiver) -> None:
    with anyio.fail_after(5):
        await receiver.join()


# ------------------------------------------------------------------ the type of a delivery


@pytest.mark.parametrize(
    ("route", "payload", "handler", "cls"),
    [
        ("receive", INBOUND, "receive", InboundMessage),
        ("outbound", STATUS, "outbound", StatusCallback),
        ("typing_indicator", {"number": "+14155550100", "is_typing": True},
         "typing_indicator", TypingIndicator),
        ("call_log", {"call_id": "c-1"}, "call_log", CallLog),
        ("line_blocked", {"number": "+12125550101"}, "line_blocked", LineBlocked),
        ("line_assigned", {"number": "+12125550101"}, "line_assigned", LineAssigned),
        ("contact_created", {"number": "+14155550100"}, "contact_created", ContactCreated),
        ("inbound_call", {"id": "x"}, ANY, UnknownWebhook),
    ],
)
async def test_a_per_type_path_names_the_type(route, payload, handler, cls):
    receiver, got = receiving()
    async with receiver:
        answer = await post(receiver, f"/webhooks/{route}", payload)
    assert answer == (200, {"status": "accepted"})
    [(kind, event)] = got
    assert kind == handler and type(event) is cls
    if isinstance(event, WebhookEvent):
        assert event.type == route and event.data == payload


async def test_the_single_path_tells_message_webhooks_apart_by_their_fields():
    receiver, got = receiving()
    async with receiver:
        for payload in (INBOUND, STATUS, {"number": "+1415", "is_typing": True}):
            assert (await post(receiver, "/webhooks", payload))[0] == 200
    assert [kind for kind, _ in got] == ["receive", "outbound", ANY]
    unknown = got[2][1]
    assert isinstance(unknown, UnknownWebhook) and unknown.type == UNKNOWN


async def test_the_path_wins_over_the_fields():
    receiver, got = receiving()
    async with receiver:
        await post(receiver, "/webhooks/outbound", {**STATUS, "is_outbound": False})
    assert got[0][0] == "outbound"


@pytest.mark.parametrize("route", ["Receive", "re-ceive", "9lives", "x" * 65])
async def test_a_route_that_is_no_type_name_is_404(route):
    receiver, got = receiving()
    async with receiver:
        assert await post(receiver, f"/webhooks/{route}", INBOUND) == (
            404, {"error": "no such webhook type"})
    assert got == []


# ------------------------------------------------------------------ the secret


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ([], "the sb-signing-secret header is missing"),
        ([(b"sb-signing-secret", b"whsec-wrong")], "the sb-signing-secret header does not match"),
        ([(b"SB-Signing-Secret", SECRET.encode() + b"\xff")],
         "the sb-signing-secret header does not match"),
        ([(b"sb-signing-secret", b"")], "the sb-signing-secret header does not match"),
    ],
    ids=["missing", "wrong", "undecodable", "empty"],
)
async def test_a_delivery_without_the_right_secret_is_401(headers, reason):
    receiver, got = receiving()
    async with receiver:
        assert await post(receiver, "/webhooks/receive", INBOUND, headers) == (
            401, {"error": reason})
    assert got == []


async def test_the_header_name_is_matched_in_any_case_and_the_first_copy_counts():
    receiver, got = receiving()
    headers = [(b"SB-SIGNING-SECRET", SECRET.encode()), (b"sb-signing-secret", b"other")]
    async with receiver:
        assert (await post(receiver, "/webhooks/receive", INBOUND, headers))[0] == 200
    assert len(got) == 1


@pytest.mark.parametrize("value", [[SECRET], 42, None, {"v": SECRET}, SECRET.encode()])
async def test_a_header_value_of_any_type_from_a_framework_is_handled(value):
    receiver, _ = receiving()
    async with receiver:
        status, _ = await receiver.answer(
            Delivery(body(INBOUND), {"sb-signing-secret": value}, "receive"))
    assert status == (200 if isinstance(value, bytes) else 401)


async def test_unsigned_status_callbacks_only_when_allowed():
    strict, _ = receiving()
    lenient, got = receiving(allow_unsigned_status_callbacks=True)
    async with strict, lenient:
        assert (await post(strict, "/webhooks/outbound", STATUS, []))[0] == 401
        assert (await post(lenient, "/webhooks/outbound", STATUS, []))[0] == 200
        assert (await post(lenient, "/webhooks", {**STATUS, "status": "SENT"}, []))[0] == 200
        for path, payload in [("/webhooks/receive", INBOUND), ("/webhooks", INBOUND),
                              ("/webhooks", {"id": "x"})]:
            assert await post(lenient, path, payload, []) == (
                401, {"error": "the sb-signing-secret header is missing"})
        wrong = [(b"sb-signing-secret", b"nope")]
        assert (await post(lenient, "/webhooks/outbound", STATUS, wrong))[0] == 401
    assert [kind for kind, _ in got] == ["outbound", "outbound"]


@pytest.mark.parametrize("secret", ["", b"", None, 5])
def test_a_receiver_needs_a_secret(secret):
    with pytest.raises(ValidationError, match="signing_secret"):
        Receiver(signing_secret=secret)  # type: ignore[arg-type]


# ------------------------------------------------------------------ de-duplication


async def test_retried_deliveries_are_handled_once_and_new_statuses_again():
    receiver, got = receiving()
    async with receiver:
        for payload in (STATUS, STATUS, {**STATUS, "status": "READ"}):
            await post(receiver, "/webhooks/outbound", payload)
        for _ in range(2):
            await post(receiver, "/webhooks/call_log", {"call_id": "c-9"})
            await post(receiver, "/webhooks/typing_indicator", {"number": "+1", "is_typing": True})
        # the same handle under another type is another event
        await post(receiver, "/webhooks/receive", {**INBOUND, "message_handle": "msg-2"})
    kinds = [kind for kind, _ in got]
    assert kinds.count("outbound") == 2 and kinds.count("call_log") == 1
    assert kinds.count("typing_indicator") == 2 and kinds.count("receive") == 1
    assert receiver.stats.duplicates == 2


async def test_a_twice_delivered_webhook_runs_the_handler_once_over_http():
    receiver, got = receiving()
    async with served(receiver.aiohttp_app()) as url, aiohttp.ClientSession() as http:
        answers = []
        for _ in range(2):
            async with http.post(url + "/webhooks/receive", data=body(INBOUND),
                                 headers={"sb-signing-secret": SECRET}) as resp:
                answers.append((resp.status, await resp.json()))
        await settle(receiver)
    assert answers == [(200, {"status": "accepted"}), (200, {"status": "duplicate"})]
    assert [kind for kind, _ in got] == ["receive"]
    assert got[0][1] == InboundMessage(**{  # type: ignore[arg-type]
        **{k: v for k, v in INBOUND.items() if k != "accountEmail"},
        "account_email": "ops@example.com"})


# ------------------------------------------------------------------ hostile input


def nested(levels: int) -> bytes:
    return b'{"message_handle": "m", "x": ' + b"[" * levels + b"]" * levels + b"}"


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (nested(100_000), 400),  # a nesting bomb
        (nested(40), 400),  # deeper than the depth limit
        (b"[" * 100_000, 400),
        (b"\xff\xfe not json", 400),
        (b"[1, 2]", 400),
        (b'"text"', 400),
        (body({"content": "no handle"}), 400),
        (body({**INBOUND, "message_handle": ["m"]}), 400),
        (body({**INBOUND, "is_outbound": "yes", "date_sent": {"a": 1}}), 400),
        (b"", 400),
    ],
)
async def test_hostile_bodies_are_4xx_and_the_receiver_keeps_serving(payload, status):
    receiver, got = receiving()
    async with receiver:
        answer = await post(receiver, "/webhooks/receive", payload)
        assert answer[0] == status and "error" in answer[1]
        assert (await post(receiver, "/webhooks/receive", INBOUND))[0] == 200
    assert len(got) == 1


async def test_huge_bodies_are_413_declared_streamed_or_over_http():
    receiver, got = receiving(max_body_bytes=1024)
    huge = body({**INBOUND, "content": "x" * 5000})
    declared = [*SIGNED, (b"content-length", str(len(huge)).encode())]
    async with served(receiver.aiohttp_app()) as url, aiohttp.ClientSession() as http:
        assert (await post(receiver, "/webhooks/receive", huge, declared))[0] == 413
        assert (await post(receiver, "/webhooks/receive", b"", SIGNED,
                           chunks=[huge[:1000], huge[1000:]]))[0] == 413
        async with http.post(url + "/webhooks/receive", data=huge,
                             headers={"sb-signing-secret": SECRET}) as resp:
            assert resp.status == 413
        async with http.post(url + "/webhooks/receive", data=io.BytesIO(b"x" * (2 * 1024 * 1024)),
                             headers={"sb-signing-secret": SECRET}) as resp:
            assert resp.status == 413
    assert got == []
