"""The event stream's edges, in process: odd frames, duplicates, refusals, non-streaming
transports, and opening a stream with a token."""

import json
import random
from collections.abc import AsyncIterator, Iterable
from typing import Any

import anyio
import pytest

from sendblue_async import (
    APIConnectionError,
    NotFoundError,
    PermissionDeniedError,
    Reconnect,
    SendblueClient,
)
from sendblue_async.events import EventStream
from sinch_numbers import SinchNumbers
from sinch_numbers.fake import FakeSinchNumbers
from transports import (
    FakeClock,
    FakeTransport,
    RequestSpec,
    Response,
    ServerRequest,
    StreamingResponse,
    json_response,
)


def frame(data: Any, event_id: str | None = None) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data)
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}data: {text}\n\n".encode()


def envelope(event_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": event_id, "type": "message.received",
            "occurred_at": "2027-01-01T00:00:00Z", "data": {"n": event_id}, **extra}


class Scripted:
    """Answers each connection with the next script: a status, or the frames to stream."""

    def __init__(self, *scripts: int | Iterable[bytes]) -> None:
        self.scripts = list(scripts)
        self.requests: list[ServerRequest] = []

    async def __call__(self, request: ServerRequest) -> Response:
        self.requests.append(request)
        script = self.scripts.pop(0)
        if isinstance(script, int):
            return Response(script, {}, b"not json")
        return StreamingResponse(200, {"content-type": "text/event-stream"},
                                 body_chunks=_chunks(list(script)))


async def _chunks(frames: list[bytes]) -> AsyncIterator[bytes]:
    for chunk in frames:
        yield chunk


def client_for(handler: Scripted, clock: FakeClock | None = None) -> SendblueClient:
    return SendblueClient("k", "s", base_url="https://in-process.test",
                          transport=FakeTransport(handler), clock=clock or FakeClock())


async def drain(stream: EventStream) -> list[str]:
    with anyio.fail_after(5):
        return [event.id async for event in stream]


async def test_odd_frames_are_skipped_or_made_the_best_of() -> None:
    handler = Scripted([
        frame("not json"), frame({"id": "x"}), frame([1, 2]),
        frame({"type": "contact.created", "occurred_at": "yesterday", "data": [],
               "version": "2"}, event_id="from-sse"),
        frame({"type": "line.blocked", "occurred_at": 5}, event_id="from-sse-2"),
    ])
    stream = client_for(handler).events.stream(reconnect=None)
    events = [event async for event in stream]
    assert [(e.id, e.type) for e in events] == [
        ("from-sse", "contact.created"), ("from-sse-2", "line.blocked")]
    assert events[0].occurred_at is None and events[0].data == {} and events[0].version == 1
    assert handler.requests[0].arg("types") is None


async def test_duplicates_across_reconnects_are_skipped_and_last_event_id_sent() -> None:
    handler = Scripted(
        [frame(envelope("a")), frame(envelope("b"))],
        [frame(envelope("b")), frame(envelope("c")), frame(envelope("a"))],
        [frame(envelope("d"))],
    )
    stream = client_for(handler).events.stream(types=["message.received"])
    async with stream:
        assert [(await anext(stream)).id for _ in range(4)] == ["a", "b", "c", "d"]
    assert [r.header("last-event-id") for r in handler.requests] == [None, "b", "c"]
    assert handler.requests[0].arg("types") == "message.received"


async def test_remembered_ids_are_bounded() -> None:
    handler = Scripted([frame(envelope("a")), frame(envelope("b")), frame(envelope("a"))])
    stream = client_for(handler).events.stream(reconnect=None, remember=1)
    assert await drain(stream) == ["a", "b", "a"]


async def test_server_errors_back_off_then_give_up() -> None:
    clock = FakeClock()
    handler = Scripted(503, 500, 429)
    reconnect = Reconnect(initial=1.0, factor=2.0, jitter=0.0, max_failures=3)
    stream = client_for(handler, clock).events.stream(reconnect=reconnect)
    with pytest.raises(APIConnectionError, match="429"):
        await drain(stream)
    assert clock.sleeps == [1.0, 2.0]
    assert Reconnect(initial=1.0, maximum=3.0, jitter=0.0).delay(10, random.Random()) == 3.0


async def test_other_refusals_raise_their_typed_error() -> None:
    with pytest.raises(NotFoundError):
        await drain(client_for(Scripted(404)).events.stream())
    with pytest.raises(PermissionDeniedError):
        await drain(client_for(Scripted(403)).events.stream())
    handler = Scripted(503)
    with pytest.raises(Exception) as caught:
        await drain(client_for(handler).events.stream(reconnect=None))
    assert getattr(caught.value, "status", None) == 503


async def test_a_closed_stream_stops() -> None:
    stream = client_for(Scripted([frame(envelope("a"))])).events.stream()
    await stream.aclose()
    assert await drain(stream) == []


class NotStreaming:
    async def send(self, spec: RequestSpec[Any]) -> Response:
        return json_response(200, {})

    async def aclose(self) -> None:
        return None


async def test_a_transport_that_cannot_stream_is_a_type_error() -> None:
    client = SendblueClient("k", "s", base_url="https://x.test", transport=NotStreaming())
    with pytest.raises(TypeError, match="NotStreaming cannot stream"):
        await anext(client.events.stream())


async def test_a_stream_opens_with_a_token_when_the_client_uses_tokens() -> None:
    transport = FakeTransport(FakeSinchNumbers(project_id="p", key_id="k", key_secret="s"))
    client = SinchNumbers("p", "k", "s", transport=transport, clock=FakeClock(),
                          base_url="https://numbers.test", auth_url="https://auth.test")
    async with client.open_stream(RequestSpec("GET", "/v1/nothing")) as response:
        assert response.status == 404
    opened = [r for r in transport.requests if r.path == "/v1/nothing"]
    assert (opened[0].header("authorization") or "").startswith("Bearer ")
