"""The API-agnostic receiver (transports.receiver): every answer, de-duplication, capacity,
failing handlers, the lifecycle, driven as ASGI by hand and served by aiohttp on 127.0.0.1."""

from __future__ import annotations

import json
import logging

import anyio
import pytest

from transports.dedup import MemoryDedup
from transports.receiver import ANY, Delivery, Parsed, Receiver, Rejected

from .serving import asgi_post

SECRET = b"s3cret"
SIGNED = [(b"x-secret", SECRET), (b"content-type", b"application/json")]


def parse(delivery: Delivery) -> Parsed:
    """A toy protocol: an ``x-secret`` header, a JSON object with ``type`` and ``id``."""
    if delivery.route not in ("", "events"):
        raise Rejected(404, "no such route")
    if delivery.headers.get("x-secret") != SECRET.decode():
        raise Rejected(401, "bad secret")
    try:
        data = json.loads(delivery.body)
        return Parsed(data["type"], data)
    except (ValueError, KeyError, TypeError):
        raise Rejected(400, "bad payload") from None


def key(parsed: Parsed) -> str | None:
    return parsed.event.get("id")


def event(kind: str = "ping", event_id: str | None = "e-1", **more: object) -> bytes:
    return json.dumps({"type": kind, "id": event_id, **more}).encode()


def make(**options: object) -> tuple[Receiver, list[object]]:
    receiver = Receiver(parse, key, **options)  # type: ignore[arg-type]
    seen: list[object] = []

    @receiver.on("ping")
    async def on_ping(data: object) -> None:
        seen.append(data)

    return receiver, seen


async def settle(receiver: Receiver) -> None:
    with anyio.fail_after(5):
        await receiver.join()


# ------------------------------------------------------------------ answers


async def test_a_delivery_is_accepted_and_handled_in_the_background():
    receiver, seen = make()
    async with receiver:
        assert await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED) == (
            200, {"status": "accepted"})
        await settle(receiver)
    assert seen == [{"type": "ping", "id": "e-1"}]
    assert receiver.stats.accepted == receiver.stats.handled == 1


async def test_a_twice_delivered_event_runs_its_handler_once():
    receiver, seen = make()
    async with receiver:
        first = await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED)
        again = await asgi_post(receiver.asgi, "/webhooks/events", event(), SIGNED)
    assert first == (200, {"status": "accepted"})
    assert again == (200, {"status": "duplicate"})
    assert len(seen) == 1 and receiver.stats.duplicates == 1


async def test_an_event_without_a_key_is_not_de_duplicated():
    receiver, seen = make()
    async with receiver:
        for _ in range(2):
            await asgi_post(receiver.asgi, "/webhooks", event(event_id=None), SIGNED)
    assert len(seen) == 2


@pytest.mark.parametrize(
    ("path", "body", "headers", "method", "answer"),
    [
        ("/webhooks", event(), [(b"x-secret", b"wrong")], "POST", (401, {"error": "bad secret"})),
        ("/webhooks", event(), [], "POST", (401, {"error": "bad secret"})),
        ("/webhooks", b"{nope", SIGNED, "POST", (400, {"error": "bad payload"})),
        ("/webhooks/other", event(), SIGNED, "POST", (404, {"error": "no such route"})),
        ("/webhooks/a/b", event(), SIGNED, "POST", (404, {"error": "no such route"})),
        ("/elsewhere", event(), SIGNED, "POST", (404, {"error": "no such route"})),
        ("/webhooks", event(), SIGNED, "GET", (405, {"error": "only POST is accepted"})),
    ],
    ids=["wrong-secret", "no-secret", "not-json", "unknown-route", "nested-route", "elsewhere",
         "get"],
)
async def test_refused_requests_run_nothing(path, body, headers, method, answer):
    receiver, seen = make()
    async with receiver:
        assert await asgi_post(receiver.asgi, path, body, headers, method=method) == answer
    assert seen == [] and receiver.stats.accepted == 0


async def test_a_failed_secret_check_is_logged_without_the_secret(caplog):
    receiver, _ = make()
    with caplog.at_level(logging.WARNING, "transports.receiver"):
        async with receiver:
            await asgi_post(receiver.asgi, "/webhooks", event(), [(b"x-secret", b"guess-123")])
    assert "401" in caplog.text and "guess-123" not in caplog.text


async def test_a_body_over_the_limit_is_413_declared_or_streamed():
    receiver, seen = make(max_body_bytes=64)
    big = event(pad="x" * 100)
    declared = [*SIGNED, (b"content-length", str(len(big)).encode())]
    async with receiver:
        assert (await asgi_post(receiver.asgi, "/webhooks", big, declared))[0] == 413
        streamed = await asgi_post(receiver.asgi, "/webhooks", chunks=[big[:50], big[50:]],
                                   headers=SIGNED)
        assert streamed == (413, {"error": "the body is over 64 bytes"})
        exact = event(pad="x" * (64 - len(event(pad=""))))
        assert len(exact) == 64
        lying = [*SIGNED, (b"content-length", b"not-a-number")]
        assert (await asgi_post(receiver.asgi, "/webhooks", chunks=[exact[:9], exact[9:]],
                                headers=lying))[0] == 200
        assert await receiver.answer(Delivery(big, {"x-secret": "s3cret"})) == (
            413, b'{"error":"the body is over 64 bytes"}')
    assert len(seen) == 1 and receiver.stats.rejected == 3


async def test_a_client_that_disconnects_mid_body_gets_no_answer():
    receiver, seen = make()
    async with receiver:
        answer = await asgi_post(receiver.asgi, "/webhooks", chunks=[b"{", b"}"],
                                 headers=SIGNED, disconnect=True)
    assert answer == (None, None) and seen == []


async def test_the_path_is_read_below_the_root_path_and_a_root_mount_works():
    receiver, seen = make(path="/")
    async with receiver:
        assert (await asgi_post(receiver.asgi, "/", event("ping", "a"), SIGNED,
                                root_path="/hooks"))[0] == 200
        assert (await asgi_post(receiver.asgi, "/events/", event("ping", "b"), SIGNED))[0] == 200
    assert len(seen) == 2


async def test_a_type_without_a_handler_is_accepted_and_claims_nothing():
    store = MemoryDedup()
    receiver, seen = make(dedup=store)
    async with receiver:
        answer = await asgi_post(receiver.asgi, "/webhooks", event("other"), SIGNED)
    assert answer == (200, {"status": "accepted"})
    assert len(store) == 0 and receiver.stats.ignored == 1 and seen == []


async def test_the_any_handler_takes_the_types_without_their_own():
    receiver, seen = make()
    others: list[object] = []
    receiver.on(ANY)(lambda data: _append(others, data))
    async with receiver:
        await asgi_post(receiver.asgi, "/webhooks", event("other", "o-1"), SIGNED)
        await asgi_post(receiver.asgi, "/webhooks", event("ping", "p-1"), SIGNED)
    assert others == [{"type": "other", "id": "o-1"}] and len(seen) == 1


async def _append(into: list[object], item: object) -> None:
    into.append(item)


def test_one_handler_per_type_and_positive_limits():
    receiver, _ = make()
    with pytest.raises(ValueError, match="already registered"):
        receiver.on("ping")(_append)
    with pytest.raises(ValueError, match="positive"):
        Receiver(parse, key, max_concurrency=0)
    with pytest.raises(ValueError, match="positive"):
        Receiver(parse, key, max_body_bytes=0)


async def test_an_unsupported_asgi_scope_is_an_error():
    receiver, _ = make()
    with pytest.raises(ValueError, match="websocket"):
        await receiver.asgi({"type": "websocket"}, _never, _never)


async def _never(*args: object) -> dict[str, object]:
    raise AssertionError("not called")
