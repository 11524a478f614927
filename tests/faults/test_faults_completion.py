"""200 calls that buy, create or send, over real HTTP, each abandoned by its caller at a random
moment with ``asyncio.timeout``: every one either never reached the server, or its caller got
the result, or the result is in ``client.unclaimed``. Counted on the server side: 0 lost,
0 duplicated."""

import asyncio
import random
import warnings
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import anyio

from sendblue_async import SendblueClient
from sendblue_async.fake import FakeSendblue
from sinch_numbers import SinchNumbers
from sinch_numbers.fake import FakeSinchNumbers
from sinch_numbers.fake._records import FakeNumber
from transports import Response, ServerRequest
from transports.testing import Handler
from transports.testing.sandbox import serve

EACH = 50  # calls of each kind: confirm, child account, send, rent_any
RNG = random.Random(20261206)


def jittered(backend: Handler) -> Handler:
    """The backend behind random real delays before and after it acts, so a caller's
    deadline lands before sending, while the server works, or after it acted."""

    async def handler(request: ServerRequest) -> Response:
        await anyio.sleep(RNG.uniform(0, 0.01))
        response = await backend(request)
        await anyio.sleep(RNG.uniform(0, 0.01))
        return response

    return handler


async def abandoned(
    call: Callable[[], Awaitable[Any]], kept: list[Any], limit: anyio.CapacityLimiter
) -> None:
    """Run ``call`` under a random deadline (at once, within a round trip or two, or ample);
    keep its result if the caller got it."""
    deadline = RNG.choice([0.0, RNG.uniform(0, 0.05), RNG.uniform(0, 0.05), 10.0])
    async with limit:
        try:
            async with asyncio.timeout(deadline):
                kept.append(await call())
        except TimeoutError:
            pass


def results(got: list[Any], client: Any, operation: str) -> list[Any]:
    return got + [entry.result for entry in client.unclaimed if entry.operation == operation]


async def run_sendblue(client: SendblueClient) -> dict[str, list[Any]]:
    got: dict[str, list[Any]] = {"confirm": [], "child": [], "send": []}
    tokens = [await client.lines.preview() for _ in range(EACH)]
    calls = [(lambda t=t: client.lines.confirm(t), got["confirm"]) for t in tokens]
    calls += [(lambda i=i: client.accounts.create_child_account(
        f"co-{i}", f"c{i}@example.com", provision_line=False), got["child"]) for i in range(EACH)]
    calls += [(lambda i=i: client.messages.send("+14155551234", f"m-{i}"), got["send"])
              for i in range(EACH)]
    RNG.shuffle(calls)
    limit = anyio.CapacityLimiter(10)
    async with anyio.create_task_group() as tasks:
        for call, kept in calls:
            tasks.start_soon(abandoned, call, kept, limit)
    await client.aclose()  # waits for every abandoned call still in flight
    return got


async def run_sinch(sinch: SinchNumbers) -> list[Any]:
    got: list[Any] = []
    limit = anyio.CapacityLimiter(10)
    async with anyio.create_task_group() as tasks:
        for _ in range(EACH):
            tasks.start_soon(abandoned, lambda: sinch.available.rent_any("US", "LOCAL"), got,
                             limit)
    await sinch.aclose()
    return got


def assert_each_once(server: list[str], delivered: list[str]) -> None:
    assert Counter(server) == Counter(delivered)  # nothing lost, nothing made twice
    assert max(Counter(server).values(), default=1) == 1


async def test_abandoned_creating_calls_are_never_lost_over_http():
    sendblue_fake = FakeSendblue(
        available_numbers=[f"+1415{i:07d}" for i in range(2 * EACH)],
        daily_limit=10_000, monthly_limit=10_000,
    )
    stock = [FakeNumber(f"+1202{i:07d}", "US", "LOCAL") for i in range(2 * EACH)]
    sinch_fake = FakeSinchNumbers(stock=stock)
    async with serve(jittered(sendblue_fake)) as sendblue_server, \
            serve(jittered(sinch_fake)) as sinch_server:
        client = SendblueClient("sb-test-key", "sb-test-secret", base_url=sendblue_server.base_url)
        sinch = SinchNumbers("test-project", "test-key-id", "test-key-secret",
                             base_url=sinch_server.base_url, auth_url=sinch_server.base_url)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # rent_any is deprecated
            got, rented = await asyncio.gather(run_sendblue(client), run_sinch(sinch))
    lines = results(got["confirm"], client, "lines.confirm")
    assert_each_once([p.phone_number for p in sendblue_fake.provisioned],
                     [line.phone_number for line in lines])
    children = results(got["child"], client, "accounts.create_child_account")
    # A caller gets the account; an unclaimed entry holds the request's reply around it.
    accounts = [getattr(reply, "data", reply) for reply in children]
    assert_each_once(list(sendblue_fake.child_accounts), [a.company_name for a in accounts])
    sent = results(got["send"], client, "messages.send")
    assert_each_once(list(sendblue_fake.messages), [m.message_handle for m in sent])
    numbers = results(rented, sinch, "available.rent")
    assert_each_once(list(sinch_fake.active), [n.phone_number for n in numbers])
    # Both ways of ending were exercised: callers that got their result, and callers gone.
    kept_by_callers = sum(map(len, got.values())) + len(rented)
    assert len(client.unclaimed) + len(sinch.unclaimed) > 0 and kept_by_callers > 0
