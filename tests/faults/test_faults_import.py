"""An import of 20,000 contacts under seeded faults (503s, resets, stalls past the timeout,
429s): every row is accounted for once, the server handles no contact twice, and a
journaled second run completes the book.

Checked on the server side: ``arrived`` sees every attempt, ``handled`` (inside the fault
injector) every bulk request the fake really processed.
"""

import pytest

from sendblue_async import APIConnectionError, RateLimitError, SendblueClient, ServerError
from sendblue_async.bulk import ImportReport, import_contacts
from sendblue_async.fake import FakeSendblue
from transports import (
    FakeClock,
    FakeTransport,
    FaultInjector,
    FaultPlan,
    RequestCounter,
    RetryPolicy,
    ServerRequest,
    Transport,
)
from transports.aiohttp import AiohttpTransport
from transports.testing.sandbox import serve

BULK = "/api/v2/contacts/bulk"
KEY = "sb-test-key"
PLAN = FaultPlan(unavailable=0.01, reset=0.005, slow=0.01, rate_limited=0.005, seed=11,
                 slow_seconds=31)


def bulk_phones(request: ServerRequest) -> list[str]:
    if request.path != BULK:
        return []
    return [item["phone"] for item in request.json()["contacts"]]


class Stack:
    """``arrived`` -> ``injector`` -> ``handled`` -> the fake."""

    def __init__(self, clock: FakeClock | None, plan: FaultPlan) -> None:
        self.fake = FakeSendblue(clock=clock)
        self.handled = RequestCounter(self.fake, bulk_phones)
        self.injector = FaultInjector(self.handled, plan, clock=clock)
        self.arrived = RequestCounter(self.injector, bulk_phones)

    def book(self) -> set[str]:
        return set(self.fake.contacts.get(KEY, {}))

    def lost_replies(self) -> set[str]:
        """Phones of bulk requests the server processed whose reply a fault then lost."""
        return {item["phone"] for r, f in self.injector.injected
                if r.path == BULK and f.after_server for item in r.json()["contacts"]}


def rows(count: int) -> list[dict[str, str]]:
    return [{"phone": f"+1415{i:07d}", "first_name": f"n{i}"} for i in range(count)]


def client_for(transport: Transport, clock: FakeClock | None, base_url: str = "https://x.b"
               ) -> SendblueClient:
    return SendblueClient(KEY, "sb-test-secret", base_url=base_url, transport=transport,
                          clock=clock, retry=RetryPolicy(max_retries=2))


def assert_every_row_accounted_for_once(report: ImportReport, count: int) -> None:
    assert report.total == count and not report.rejected and report.skipped == 0
    failed_rows = [o.row for o in report.failed]
    assert len(set(failed_rows)) == len(failed_rows)
    assert report.imported + len(failed_rows) == count
    for outcome in report.failed:
        assert isinstance(outcome.error, APIConnectionError | ServerError | RateLimitError)


def assert_no_contact_handled_twice(stack: Stack, report: ImportReport) -> None:
    assert max(stack.handled.counts.values()) == 1
    # Only a 429 (which promises nothing was processed) sends a batch again.
    resent = sum(len(r.json()["contacts"]) for r, f in stack.injector.injected
                 if r.path == BULK and f.status == 429)
    assert stack.arrived.counts.total() - len(stack.arrived.counts) == resent
    # The book holds exactly what the server processed: the imported rows, and the failed
    # rows whose reply was lost after the server acted.
    failed = {o.phone for o in report.failed}
    assert stack.book() == set(stack.handled.counts)
    assert failed & stack.book() == stack.lost_replies()


async def test_twenty_thousand_contacts_under_faults_in_process(tmp_path):
    clock, count = FakeClock(), 20_000
    stack = Stack(clock, PLAN)
    journal = tmp_path / "import.sqlite"
    async with client_for(FakeTransport(stack.arrived), clock) as client:
        report = await import_contacts(client, rows(count), batch_size=50, journal=journal)
    kinds = {k.removesuffix("/after") for k in stack.injector.counts}
    assert {"503", "reset", "slow", "429"} <= kinds and stack.lost_replies()
    assert_every_row_accounted_for_once(report, count)
    assert 0 < len(report.failed) < count // 10
    assert_no_contact_handled_twice(stack, report)

    # Nothing is lost: a second run over the same journal sends only what failed.
    async with client_for(FakeTransport(stack.fake), clock) as client:
        again = await import_contacts(client, rows(count), batch_size=50, journal=journal)
    assert (again.skipped, again.imported) == (report.imported, len(report.failed))
    assert again.ok
    assert len(stack.book()) == count


@pytest.mark.parametrize("seed", [4])
async def test_an_import_under_faults_over_the_sandbox(seed):
    count = 2_000
    plan = FaultPlan(unavailable=0.05, reset=0.05, slow=0.05, seed=seed, slow_seconds=0.3)
    stack = Stack(None, plan)
    async with serve(stack.arrived) as server, AiohttpTransport(timeout=0.2) as http:
        client = client_for(http, None, server.base_url)
        report = await import_contacts(client, rows(count), batch_size=20)
    assert {"reset", "slow"} <= {k.removesuffix("/after") for k in stack.injector.counts}
    assert_every_row_accounted_for_once(report, count)
    assert_no_contact_handled_twice(stack, report)
