"""Hundreds of concurrent ``:rent`` calls to Sinch under seeded faults: the server rents no
number twice, a rent is re-sent only after a 429, and every outcome is a number or a
typed error. Counted on the server side, outside and inside the fault injector."""

from collections import Counter
from urllib.parse import unquote

import anyio
import pytest

from sinch_numbers import SinchNumbers
from sinch_numbers.errors import APIConnectionError, RateLimitError, ServerError, SinchError
from sinch_numbers.fake import FakeNumber, FakeSinchNumbers
from transports import (
    FakeClock,
    FakeTransport,
    FaultInjector,
    FaultPlan,
    RequestCounter,
    Response,
    RetryPolicy,
    ServerRequest,
)

PROJECT = "test-project"
NUMBERS = [f"+1202600{n:04d}" for n in range(300)]
PLAN = FaultPlan(unavailable=0.03, rate_limited=0.03, reset=0.02, slow=0.02, seed=2,
                 slow_seconds=31)


def rented_number(request: ServerRequest) -> str:
    return unquote(request.path.rsplit("/", 1)[1].removesuffix(":rent"))


def rented(request: ServerRequest) -> list[str]:
    return [rented_number(request)] if request.path.endswith(":rent") else []


async def rent_all(client: SinchNumbers) -> dict[str, object]:
    outcomes: dict[str, object] = {}

    async def one(number: str) -> None:
        try:
            outcomes[number] = await client.available.rent(number)
        except SinchError as exc:  # anything else fails the task group, and the test
            outcomes[number] = exc

    with pytest.deprecated_call():
        async with anyio.create_task_group() as tg:
            for number in NUMBERS:
                tg.start_soon(one, number)
    return outcomes


async def test_no_number_is_rented_twice_under_faults():
    clock = FakeClock()
    fake = FakeSinchNumbers(clock=clock, stock=[FakeNumber(n, "US", "LOCAL") for n in NUMBERS])

    async def interleaved(request: ServerRequest) -> Response:
        await anyio.lowlevel.checkpoint()  # as a server would, let the concurrent calls run
        return await fake(request)

    handled = RequestCounter(interleaved, rented)
    injector = FaultInjector(handled, PLAN, clock=clock)
    arrived = RequestCounter(injector, rented)
    client = SinchNumbers(PROJECT, "test-key-id", "test-key-secret", auth="basic",
                          transport=FakeTransport(arrived), clock=clock,
                          retry=RetryPolicy(max_retries=2))
    async with client:
        outcomes = await rent_all(client)

    assert len(outcomes) == len(NUMBERS)
    faults = [(rented_number(r), f) for r, f in injector.injected if r.path.endswith(":rent")]
    assert {f.status for _, f in faults} >= {503, 429} and any(f.after_server for _, f in faults)
    assert max(handled.counts.values()) == 1
    # Only a 429 (which promises the server did nothing) sends a rent again.
    retried_429 = Counter(n for n, f in faults if f.status == 429)
    assert arrived.counts == Counter(NUMBERS) + retried_429
    failed = {n for n, o in outcomes.items() if isinstance(o, SinchError)}
    for number in failed:
        assert isinstance(outcomes[number], APIConnectionError | ServerError | RateLimitError)
    # What the server rented is exactly what it handled: the successes, and the failures
    # whose reply was lost after the server acted.
    lost = {n for n, f in faults if f.after_server}
    assert set(fake.active) == set(handled.counts)
    assert set(outcomes) - failed <= set(fake.active)
    assert failed & set(fake.active) == lost
