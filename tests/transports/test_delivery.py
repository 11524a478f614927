"""The Deliverer drains an Outbox through a transport: step by step in a test
(``deliver_due``), or in the background in real time (``running``)."""

import logging
from collections.abc import Callable

import anyio
import pytest

from transports import (
    FakeClock,
    FakeTransport,
    Response,
    ServerRequest,
    SystemClock,
    json_response,
)
from transports.testing.delivery import (
    DELIVERY_TIMEOUT,
    Deliverer,
    delivery_request,
    wait_for_attempts,
)
from transports.testing.outbox import Outbox

HOOK = "http://127.0.0.1:9/hooks/in?tenant=a%2Bb&x="
SECRET_HEADER = {"sb-signing-secret": "s3cret"}


class Endpoint:
    """A webhook endpoint in process: answers ``statuses`` in turn (then 200) and
    remembers each request."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.seen: list[ServerRequest] = []
        self.arrived = anyio.Event()

    async def __call__(self, request: ServerRequest) -> Response:
        self.seen.append(request)
        self.arrived.set()
        return json_response(self.statuses.pop(0) if self.statuses else 200, {})


def deliverer(outbox: Outbox, endpoint: Callable[..., object], **options) -> Deliverer:
    return Deliverer(outbox, FakeTransport(endpoint), **options)


def test_the_request_posts_the_payload_to_the_url_with_the_headers():
    outbox = Outbox(FakeClock())
    spec = delivery_request(outbox.add("receive", HOOK, {"content": "hi"}, SECRET_HEADER))
    assert (spec.method, spec.base_url, spec.path) == ("POST", "http://127.0.0.1:9", "/hooks/in")
    assert spec.query == (("tenant", "a+b"), ("x", ""))
    assert spec.headers == (("sb-signing-secret", "s3cret"),)
    assert spec.json == {"content": "hi"} and spec.timeout == DELIVERY_TIMEOUT == 45.0
    assert delivery_request(outbox.add("receive", "https://h.example", {}), 3.0).path == "/"


async def test_deliver_due_sends_what_is_due_in_order_and_reports_each_outcome():
    clock = FakeClock()
    outbox = Outbox(clock)
    endpoint = Endpoint(200, 404, 503)
    for n in range(3):
        outbox.add("receive", HOOK, {"n": n}, SECRET_HEADER)
    attempts = await deliverer(outbox, endpoint).deliver_due()
    assert [a.status for a in attempts] == [200, 404, 503]
    assert [r.json() for r in endpoint.seen] == [{"n": 0}, {"n": 1}, {"n": 2}]
    request = endpoint.seen[0]
    assert request.header("sb-signing-secret") == "s3cret"
    assert request.header("content-type") == "application/json"
    assert [(d.payload, d.attempt) for d in outbox.pending] == [({"n": 2}, 1)]
    clock.advance(1)
    assert [a.status for a in await deliverer(outbox, endpoint).deliver_due()] == [200]


async def test_no_answer_is_a_failure_named_by_the_transport_error():
    clock = FakeClock()
    outbox = Outbox(clock, retry_delays=[1.0])
    transport = FakeTransport(Endpoint())
    transport.fail_next(connection_error=True)
    transport.fail_next(timeout=True)
    outbox.add("receive", HOOK, {})
    (first,) = await Deliverer(outbox, transport).deliver_due()
    clock.advance(1)
    (second,) = await Deliverer(outbox, transport).deliver_due()
    assert (first.status, first.error, first.final) == (None, "TransportError", False)
    assert (second.status, second.error, second.final) == (None, "TransportTimeout", True)
    assert len(outbox.given_up) == 1


async def test_a_delivery_that_cannot_even_be_sent_fails_alone_and_is_logged(caplog):
    async def broken(request: ServerRequest) -> Response:
        raise RuntimeError("no route to that URL")

    outbox = Outbox(FakeClock(), retry_delays=[])
    outbox.add("receive", HOOK, {})
    with caplog.at_level(logging.WARNING, "transports.testing.delivery"):
        (attempt,) = await deliverer(outbox, broken).deliver_due()
    assert (attempt.status, attempt.error) == (None, "RuntimeError")
    messages = [r.getMessage() for r in caplog.records]
    assert any("no route to that URL" in m for m in messages)
    assert any("given up after 1 tries" in m for m in messages)


async def test_running_delivers_at_once_and_retries_in_real_time():
    outbox = Outbox(SystemClock(), retry_delays=[0.05])
    endpoint = Endpoint(503)
    with anyio.fail_after(5):
        async with deliverer(outbox, endpoint).running():
            outbox.add("receive", HOOK, {"n": 1})
            await wait_for_attempts(outbox, 2)
    assert [a.status for a in outbox.attempts] == [503, 200]
    assert outbox.attempts[1].at - outbox.attempts[0].at >= 0.05


async def test_on_a_fake_clock_running_waits_for_the_test_to_move_it():
    clock = FakeClock()
    outbox = Outbox(clock, retry_delays=[10.0])
    endpoint = Endpoint(500)
    with anyio.fail_after(5):
        async with deliverer(outbox, endpoint).running():
            outbox.add("receive", HOOK, {})
            await wait_for_attempts(outbox, 1)
            await anyio.sleep(0.05)
            assert len(endpoint.seen) == 1  # the retry is 10 fake seconds away
            clock.advance(10)
            outbox.wake()
            await wait_for_attempts(outbox, 2)
    assert [a.status for a in outbox.attempts] == [500, 200]


async def test_running_keeps_at_most_concurrency_deliveries_in_flight():
    in_flight, most, release, two = 0, 0, anyio.Event(), anyio.Event()

    async def slow(request: ServerRequest) -> Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        if in_flight == 2:
            two.set()
        await release.wait()
        in_flight -= 1
        return json_response(200, {})

    outbox = Outbox(SystemClock())
    with anyio.fail_after(5):
        async with deliverer(outbox, slow, concurrency=2).running():
            for n in range(5):
                outbox.add("receive", HOOK, {"n": n})
            await two.wait()
            await anyio.sleep(0.05)
            release.set()
            await wait_for_attempts(outbox, 5)
    assert most == 2


async def test_leaving_running_cancels_the_tries_in_flight():
    started = anyio.Event()

    async def hanging(request: ServerRequest) -> Response:
        started.set()
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    outbox = Outbox(SystemClock())
    with anyio.fail_after(5):
        async with deliverer(outbox, hanging).running():
            outbox.add("receive", HOOK, {})
            await started.wait()
    assert outbox.attempts == []


@pytest.mark.parametrize("due_in", [0.0, 0.001])
async def test_running_sleeps_at_least_a_little_between_looks(due_in):
    clock = FakeClock()
    seen = []

    def timer(now: float) -> float:
        seen.append(now)
        return now + due_in  # always something just about due: must not spin

    outbox = Outbox(clock, timer=timer)
    async with deliverer(outbox, Endpoint()).running():
        await anyio.sleep(0.1)
    assert 2 <= len(seen) <= 30
