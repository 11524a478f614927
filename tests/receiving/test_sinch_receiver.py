"""sinch_numbers.inbound.Receiver: HMAC-verified callbacks, handlers per resource type,
de-duplication by event id, hostile input; over ASGI by hand and aiohttp on 127.0.0.1."""

from __future__ import annotations

import json

import aiohttp
import anyio
import pytest

from sinch_numbers import ValidationError
from sinch_numbers.inbound import (
    ANY,
    ActiveNumberEvent,
    NumberOrderEvent,
    Receiver,
    UnknownEvent,
    compute_signature,
)

from .serving import asgi_post, served

HMAC_SECRET = "0123456789abcdef0123456789abcdef"
ACTIVE = {
    "eventId": "ev-1", "timestamp": "2026-05-18T14:30:00.1234567", "projectId": "p-1",
    "resourceId": "+12025550123", "resourceType": "ACTIVE_NUMBER",
    "eventType": "PROVISIONING_TO_SMS_PLATFORM", "status": "SUCCEEDED",
}
ORDER = {"eventId": "ev-2", "resourceId": "order-1", "resourceType": "NUMBER_ORDER",
         "eventType": "NUMBER_ORDER_PROCESSING", "status": "SUCCEEDED"}


def signed(data: object, secret: str = HMAC_SECRET) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return raw, [(b"X-Sinch-Signature", compute_signature(secret, raw).encode())]


def receiving(**options: object) -> tuple[Receiver, list[tuple[str, object]]]:
    receiver = Receiver(hmac_secret=HMAC_SECRET, **options)  # type: ignore[arg-type]
    got: list[tuple[str, object]] = []
    for kind in ("ACTIVE_NUMBER", "NUMBER_ORDER", ANY):
        receiver.on(kind)(_recorder(got, kind))
    return receiver, got


def _recorder(got: list[tuple[str, object]], kind: str):
    async def record(event: object) -> None:
        got.append((kind, event))
    return record


async def post(receiver: Receiver, data: object, *, path: str = "/callbacks", **kw):
    raw, headers = signed(data, **kw)
    return await asgi_post(receiver.asgi, path, raw, headers)


async def test_events_go_to_the_handler_of_their_resource_type_once():
    receiver, got = receiving()
    async with receiver:
        brand_new = {**ORDER, "resourceType": "BRAND_NEW", "eventId": "e3"}
        for data in (ACTIVE, ACTIVE, ORDER, brand_new):
            assert (await post(receiver, data))[0] == 200
    assert [(kind, type(event)) for kind, event in got] == [
        ("ACTIVE_NUMBER", ActiveNumberEvent), ("NUMBER_ORDER", NumberOrderEvent),
        (ANY, UnknownEvent)]
    assert receiver.stats.duplicates == 1


async def test_an_event_without_an_id_is_handled_every_time():
    receiver, got = receiving()
    no_id = {k: v for k, v in ORDER.items() if k != "eventId"}
    async with receiver:
        for _ in range(2):
            await post(receiver, no_id)
    assert len(got) == 2


@pytest.mark.parametrize(
    ("raw", "headers", "status"),
    [
        (json.dumps(ACTIVE).encode(), [], 401),
        (json.dumps(ACTIVE).encode(), [(b"x-sinch-signature", b"00" * 20)], 401),
        (json.dumps(ACTIVE).encode(), [(b"x-sinch-signature", b"\xff\xfe")], 401),
        *[(raw, hdrs, 400) for raw, hdrs in [signed(b"not json"), signed(b"[1]"),
                                             signed(b"[" * 100_000), signed({"eventId": "x"}),
                                             signed({**ACTIVE, "resourceId": ["x"]})]],
    ],
    ids=["unsigned", "wrong", "undecodable", "not-json", "not-object", "bomb", "no-type",
         "bad-field"],
)
async def test_bad_callbacks_are_4xx_and_run_nothing(raw, headers, status):
    receiver, got = receiving()
    async with receiver:
        answer = await asgi_post(receiver.asgi, "/callbacks", raw, headers)
        assert answer[0] == status and "error" in answer[1]
        assert (await post(receiver, ACTIVE))[0] == 200
    assert len(got) == 1


async def test_a_sub_path_is_404_and_a_huge_body_413():
    receiver, got = receiving(max_body_bytes=512)
    async with receiver:
        assert (await post(receiver, ACTIVE, path="/callbacks/x"))[0] == 404
        assert (await post(receiver, {**ACTIVE, "pad": "x" * 600}))[0] == 413
    assert got == []


def test_a_receiver_needs_a_secret():
    with pytest.raises(ValidationError, match="hmac_secret"):
        Receiver(hmac_secret="")


async def test_a_twice_delivered_callback_runs_once_over_http():
    receiver, got = receiving()
    raw, headers = signed(ACTIVE)
    async with served(receiver.aiohttp_app()) as url, aiohttp.ClientSession() as http:
        statuses = []
        for _ in range(2):
            async with http.post(url + "/callbacks", data=raw,
                                 headers={k.decode(): v.decode() for k, v in headers}) as resp:
                statuses.append(await resp.json())
        with anyio.fail_after(5):
            await receiver.join()
    assert statuses == [{"status": "accepted"}, {"status": "duplicate"}]
    assert len(got) == 1 and got[0][1].phone_number == "+12025550123"
