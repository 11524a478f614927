"""FaultPlan draws seeded faults; FaultInjector applies them in process and over the sandbox."""

import random
import time

import pytest

from transports import (
    FakeClock,
    FakeTransport,
    FaultInjector,
    FaultPlan,
    RequestCounter,
    RequestSpec,
    Response,
    Router,
    ServerRequest,
    TransportError,
    TransportTimeout,
    json_response,
)
from transports.aiohttp import AiohttpTransport
from transports.testing.fake import Fault
from transports.testing.faults import fault_kind
from transports.testing.sandbox import serve


class Counting:
    """A backend that counts the requests it handled."""

    def __init__(self) -> None:
        self.handled: list[ServerRequest] = []
        self.router = Router()
        self.router.add("POST", "/items", self.create)

    async def __call__(self, request: ServerRequest) -> Response:
        return await self.router(request)

    async def create(self, request: ServerRequest) -> Response:
        self.handled.append(request)
        return json_response(201, {"n": len(self.handled)})


SPEC = RequestSpec("POST", "/items", json={"a": 1})
ALWAYS = {
    "503": FaultPlan(unavailable=1.0, after_server=0.0),
    "503/after": FaultPlan(unavailable=1.0, after_server=1.0),
    "429": FaultPlan(rate_limited=1.0, after_server=1.0, retry_after=2.5),
    "reset": FaultPlan(reset=1.0, after_server=0.0),
    "reset/after": FaultPlan(reset=1.0, after_server=1.0),
    "slow": FaultPlan(slow=1.0, after_server=0.0, slow_seconds=30),
    "slow/after": FaultPlan(slow=1.0, after_server=1.0, slow_seconds=30),
}


def kinds(plan: FaultPlan, n: int) -> list[str | None]:
    rng = random.Random(plan.seed)
    return [None if (f := plan.draw(rng)) is None else fault_kind(f) for _ in range(n)]


def test_the_same_seed_draws_the_same_faults_and_another_seed_does_not():
    plan = FaultPlan(unavailable=0.1, rate_limited=0.1, reset=0.1, slow=0.1, seed=7)
    first = kinds(plan, 500)
    assert first == kinds(plan, 500)
    assert first != kinds(FaultPlan(unavailable=0.1, rate_limited=0.1, reset=0.1, slow=0.1), 500)
    drawn = {k for k in first if k is not None}
    assert drawn == {"503", "503/after", "429", "reset", "reset/after", "slow", "slow/after"}
    assert 0.3 < sum(k is not None for k in first) / 500 < 0.5


def test_no_fault_plan_draws_nothing():
    assert kinds(FaultPlan(), 100) == [None] * 100


@pytest.mark.parametrize(
    "kwargs",
    [{"reset": 1.5}, {"slow": -0.1}, {"unavailable": 0.6, "reset": 0.5}, {"retry_after": 0}],
)
def test_a_plan_refuses_impossible_odds(kwargs):
    with pytest.raises(ValueError):
        FaultPlan(**kwargs)


@pytest.mark.parametrize(("kind", "status", "handled"), [("503", 503, 0), ("503/after", 503, 1)])
async def test_a_503_strikes_before_or_after_the_server_acts(kind, status, handled):
    backend = Counting()
    transport = FakeTransport(FaultInjector(backend, ALWAYS[kind]))
    response = await transport.send(SPEC)
    assert response.status == status
    assert response.json()["status"] == "ERROR"
    assert len(backend.handled) == handled


async def test_a_429_always_strikes_before_the_server_acts_and_says_when_to_retry():
    backend = Counting()
    injector = FaultInjector(backend, ALWAYS["429"])
    response = await FakeTransport(injector).send(SPEC)
    assert (response.status, response.header("Retry-After")) == (429, "2.5")
    assert backend.handled == []
    assert injector.counts == {"429": 1}


@pytest.mark.parametrize(("kind", "handled"), [("reset", 0), ("reset/after", 1)])
async def test_a_reset_is_a_transport_error_in_process(kind, handled):
    backend = Counting()
    injector = FaultInjector(backend, ALWAYS[kind])
    with pytest.raises(TransportError) as info:
        await FakeTransport(injector).send(SPEC)
    assert not isinstance(info.value, TransportTimeout)
    assert len(backend.handled) == handled
    assert [(r.path, fault_kind(f)) for r, f in injector.injected] == [("/items", kind)]


@pytest.mark.parametrize(("kind", "handled"), [("slow", 0), ("slow/after", 1)])
async def test_a_stall_takes_its_time_on_the_clock_then_times_out(kind, handled):
    backend, clock = Counting(), FakeClock()
    injector = FaultInjector(backend, ALWAYS[kind], clock=clock)
    with pytest.raises(TransportTimeout):
        await FakeTransport(injector).send(SPEC)
    assert clock.sleeps == [30]
    assert len(backend.handled) == handled


async def test_the_injector_repr_shows_the_plan():
    assert "FaultPlan(unavailable=1.0" in repr(FaultInjector(Counting(), ALWAYS["503"]))


def test_fault_kind_names_every_fault():
    assert fault_kind(Fault(503)) == "503"
    assert fault_kind(Fault(timeout=True, after_server=True)) == "slow/after"


@pytest.mark.parametrize(("kind", "handled"), [("reset", 0), ("reset/after", 1)])
async def test_over_http_a_reset_really_drops_the_connection(kind, handled, caplog):
    backend = Counting()
    async with serve(backend, faults=ALWAYS[kind]) as server, AiohttpTransport() as http:
        with pytest.raises(TransportError, match="ServerDisconnectedError"):
            await http.send(SPEC.bind(server.base_url))
    assert len(backend.handled) == handled
    assert caplog.records == []  # a fault we asked for is not an error


async def test_over_http_a_stall_outlasts_the_client_timeout():
    backend = Counting()
    plan = FaultPlan(slow=1.0, after_server=1.0, slow_seconds=0.3)
    async with (
        serve(FaultInjector(backend, plan)) as server,
        AiohttpTransport(timeout=0.1) as http,
    ):
        started = time.perf_counter()
        with pytest.raises(TransportTimeout):
            await http.send(SPEC.bind(server.base_url))
        assert 0.1 <= time.perf_counter() - started < 0.3
    assert len(backend.handled) == 1  # the server acted; the client had given up


async def test_over_http_no_fault_plan_serves_every_request():
    backend = Counting()
    async with serve(backend, faults=FaultPlan()) as server, AiohttpTransport() as http:
        replies = [await http.send(SPEC.bind(server.base_url)) for _ in range(3)]
    assert [r.json()["n"] for r in replies] == [1, 2, 3]


async def test_a_request_counter_counts_the_keys_of_what_passes_through():
    backend = Counting()
    counter = RequestCounter(backend, lambda r: [r.json()["a"]] if r.path == "/items" else [])
    transport = FakeTransport(FaultInjector(counter, FaultPlan(unavailable=0.5, seed=3)))
    statuses = [(await transport.send(SPEC)).status for _ in range(20)]
    await transport.send(RequestSpec("GET", "/other"))
    assert counter.counts == {1: len(backend.handled)}  # what the server saw, faults or not
    assert 0 < statuses.count(503) < 20 and "RequestCounter(" in repr(counter)


def test_a_plan_parses_from_its_command_line_form():
    text = "503=0.01, 429=0.005,reset=0.005,slow=0.01,after=0.25,retry-after=2,slow-seconds=9"
    text += ",seed=7"
    assert FaultPlan.parse(text) == FaultPlan(
        unavailable=0.01, rate_limited=0.005, reset=0.005, slow=0.01, after_server=0.25,
        retry_after=2.0, slow_seconds=9.0, seed=7,
    )
    assert FaultPlan.parse("") == FaultPlan.parse(" , ") == FaultPlan()


@pytest.mark.parametrize(("text", "message"), [
    ("503", "expected NAME=VALUE"),
    ("unavailable=0.1", "expected NAME=VALUE"),
    ("seed=1.5", "seed: not a number: '1.5'"),
    ("slow=-1", "'slow' must be >= 0"),
])
def test_a_bad_plan_text_is_a_value_error_saying_what(text, message):
    with pytest.raises(ValueError, match=message):
        FaultPlan.parse(text)
