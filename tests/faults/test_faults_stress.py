"""Hundreds of provisioning calls under seeded faults: nothing that buys or creates is sent twice.

The checks are made on the server side: a recorder outside the fault injector sees every
attempt that arrived, one inside it every request the fake backend really handled.
"""

from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest

from sendblue_async import (
    APIConnectionError,
    ConflictError,
    GoneError,
    RateLimitError,
    SendblueClient,
    SendblueError,
    ServerError,
    builders,
)
from sendblue_async.fake import FakeSendblue
from transports import (
    FakeClock,
    FakeTransport,
    FaultInjector,
    FaultPlan,
    Response,
    RetryPolicy,
    ServerRequest,
)
from transports.aiohttp import AiohttpTransport
from transports.testing import Handler
from transports.testing.faults import fault_kind
from transports.testing.sandbox import serve

KEY, SECRET = "sb-stress-key", "sb-stress-secret"
LINES = "/accounts/lines"
CONFIRM, PREVIEW = f"{LINES}/provision-confirm", f"{LINES}/provision-preview"
CHILD, LIMITS = f"{LINES}/request-child-account", "/accounts/limits"
SEND = "/api/send-message"
POLICY = RetryPolicy(max_retries=2)
Call = Callable[[SendblueClient], Awaitable[Any]]


class Recorder:
    """Hands every request on to ``backend`` and keeps it."""

    def __init__(self, backend: Handler) -> None:
        self.backend = backend
        self.seen: list[ServerRequest] = []

    async def __call__(self, request: ServerRequest) -> Response:
        await anyio.lowlevel.checkpoint()  # in process, let the concurrent calls interleave
        self.seen.append(request)
        return await self.backend(request)

    def paths(self) -> Counter[str]:
        return Counter(r.path for r in self.seen)

    def bodies(self, path: str, key: str) -> Counter[str]:
        return Counter(r.json()[key] for r in self.seen if r.path == path)


class Stack:
    """The fake backend, wrapped: ``arrived`` -> ``injector`` -> ``handled`` -> ``fake``."""

    def __init__(self, clock: FakeClock, plan: FaultPlan, *, real_time: bool) -> None:
        numbers = [f"+1{code}{i:07d}" for code in (212, 415, 720) for i in range(300)]
        self.fake = FakeSendblue(
            clock=clock, api_key=KEY, api_secret=SECRET, available_numbers=numbers,
            daily_limit=10_000, monthly_limit=10_000,
        )
        self.handled = Recorder(self.fake)
        self.injector = FaultInjector(self.handled, plan, clock=None if real_time else clock)
        self.arrived = Recorder(self.injector)

    def faults_on(self, path: str, key: str | None = None, value: str | None = None) -> list[str]:
        """The faults met by requests to ``path`` (whose body's ``key`` is ``value``, if given)."""
        return [
            fault_kind(f) for r, f in self.injector.injected
            if r.path == path and (key is None or r.json()[key] == value)
        ]


def client_for(transport: Any, clock: FakeClock, base_url: str = "https://x.b") -> SendblueClient:
    return SendblueClient(KEY, SECRET, base_url=base_url, transport=transport, clock=clock,
                          retry=POLICY)


async def open_tickets(stack: Stack, clock: FakeClock, n: int) -> list[int]:
    async with client_for(FakeTransport(stack.fake), clock) as plain:
        return [(await plain.call(builders.request_line())).data.id for _ in range(n)]


def workload(tickets: list[int], scale: int) -> list[tuple[str, Call]]:
    calls: list[tuple[str, Call]] = []
    for i in range(scale):
        calls.append(("provision", lambda c: c.lines.provision_line()))
        calls.append((f"child-{i}", lambda c, i=i: c.accounts.create_child_account(
            f"co-{i}", f"ops{i}@example.com", provision_line=i % 2 == 0)))
        calls.append(("limits", lambda c: c.lines.get_limits()))
        calls.append((f"send-{i}", lambda c, i=i: c.messages.send(f"+1650555{i:04d}", f"m-{i}")))
        calls.append(("codes", lambda c: c.accounts.available_area_codes()))
    calls += [(f"ticket-{t}", lambda c, t=t: c.lines.get_line_request(t)) for t in tickets]
    return calls


async def run_all(client: SendblueClient, calls: list[tuple[str, Call]]) -> dict[str, list[object]]:
    outcomes: dict[str, list[object]] = {}

    async def one(name: str, call: Call) -> None:
        try:
            result: object = await call(client)
        except SendblueError as exc:  # anything else fails the task group, and the test
            result = exc
        outcomes.setdefault(name, []).append(result)

    async with anyio.create_task_group() as tg:
        for name, call in calls:
            tg.start_soon(one, name, call)
    return outcomes


def errors_in(outcomes: dict[str, list[object]]) -> list[BaseException]:
    return [o for results in outcomes.values() for o in results if isinstance(o, BaseException)]


def assert_nothing_was_created_twice(stack: Stack, outcomes: dict[str, list[object]]) -> None:
    tokens = stack.handled.bodies(CONFIRM, "preview_token")
    names = stack.handled.bodies(CHILD, "company_name")
    sent = stack.handled.bodies(SEND, "content")
    assert tokens and max(tokens.values()) == 1
    assert names and max(names.values()) == 1
    assert sent and max(sent.values()) == 1
    # Not even attempted twice: a lost reply to a confirm or a create is never retried.
    assert max(stack.arrived.bodies(CONFIRM, "preview_token").values()) == 1
    assert len(stack.fake.provisioned) == sum(tokens.values())
    assert len(stack.fake.child_accounts) == sum(names.values())
    assert len(stack.fake.messages) == sum(sent.values())
    assert not any(isinstance(e, ConflictError | GoneError) for e in errors_in(outcomes))


ANY_FAULT = frozenset({"503", "503/after", "429", "reset", "reset/after", "slow", "slow/after"})


def history(stack: Stack, name: str) -> tuple[int, list[str], frozenset[str]] | None:
    """For one ticket GET or child-account call: attempts, faults met, faults it may retry."""
    kind, _, ident = name.partition("-")
    if kind == "ticket":
        path = f"{LINES}/line-request/{ident}"
        return stack.arrived.paths()[path], stack.faults_on(path), ANY_FAULT
    if kind in ("child", "send"):  # POSTs, told apart by a body field
        path, key, value = (CHILD, "company_name", f"co-{ident}") if kind == "child" else (
            SEND, "content", f"m-{ident}")
        attempts = stack.arrived.bodies(path, key)[value]
        return attempts, stack.faults_on(path, key, value), frozenset({"429"})
    return None


def assert_retried_within_policy(stack: Stack, outcomes: dict[str, list[object]]) -> None:
    """A retry after each retryable fault (any, for a GET; a 429 only, for a POST), none
    after another fault, and never beyond the budget."""
    budget = POLICY.max_retries + 1
    checked = 0
    for name, results in outcomes.items():
        if (found := history(stack, name)) is None:
            continue
        (attempts, faults, retryable), [result] = found, results
        assert all(f in retryable for f in faults[:-1]) and attempts <= budget
        if isinstance(result, SendblueError):
            assert attempts == len(faults)
            assert faults[-1] not in retryable or attempts == budget
        else:
            assert attempts == len(faults) + 1
        checked += 1
    assert checked > 0


def assert_failures_are_typed(outcomes: dict[str, list[object]]) -> None:
    for error in errors_in(outcomes):
        assert isinstance(error, APIConnectionError | ServerError | RateLimitError), error


PLAN = FaultPlan(unavailable=0.01, rate_limited=0.01, reset=0.005, slow=0.01, seed=1,
                 slow_seconds=31)


async def test_hundreds_of_calls_under_faults_in_process():
    clock = FakeClock()
    stack = Stack(clock, PLAN, real_time=False)
    tickets = await open_tickets(stack, clock, 80)
    calls = workload(tickets, 80)
    async with client_for(FakeTransport(stack.arrived), clock) as client:
        outcomes = await run_all(client, calls)
    assert sum(len(r) for r in outcomes.values()) == len(calls) == 480
    assert {"503", "429", "reset", "slow"} <= {k.removesuffix("/after") for k in
                                               stack.injector.counts}
    # The seed makes the dangerous case happen: a purchase, a creation and a send whose
    # reply is lost.
    lost = {r.path for r, f in stack.injector.injected if f.after_server}
    assert {CONFIRM, CHILD, SEND} <= lost
    assert_failures_are_typed(outcomes)
    assert_nothing_was_created_twice(stack, outcomes)
    assert_retried_within_policy(stack, outcomes)


async def test_the_same_seed_replays_the_same_faults_in_process():
    async def run() -> list[tuple[str, str]]:
        clock = FakeClock()
        stack = Stack(clock, PLAN, real_time=False)
        async with client_for(FakeTransport(stack.arrived), clock) as client:
            await run_all(client, workload(await open_tickets(stack, clock, 20), 20))
        return [(r.path, f"{f!r}") for r, f in stack.injector.injected]

    assert await run() == await run()


@pytest.mark.parametrize("seed", [5])
async def test_calls_under_faults_over_the_sandbox(seed):
    clock = FakeClock()
    plan = FaultPlan(unavailable=0.04, rate_limited=0.04, reset=0.04, slow=0.04, seed=seed,
                     slow_seconds=1.0)
    stack = Stack(clock, plan, real_time=True)
    tickets = await open_tickets(stack, clock, 12)
    async with serve(stack.arrived) as server, AiohttpTransport(timeout=0.5) as http:
        outcomes = await run_all(client_for(http, clock, server.base_url), workload(tickets, 12))
    assert {"reset", "slow"} <= {k.removesuffix("/after") for k in stack.injector.counts}
    assert_failures_are_typed(outcomes)
    assert_nothing_was_created_twice(stack, outcomes)
    assert_retried_within_policy(stack, outcomes)
