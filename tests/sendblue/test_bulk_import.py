"""``import_contacts`` against the stateful fake, in process."""

import csv
import io
import sqlite3
from collections.abc import Iterator
from contextlib import closing

import anyio
import pytest

from sendblue_async import (
    APIConnectionError,
    BadRequestError,
    NewContact,
    SendblueClient,
    ServerError,
    ValidationError,
)
from sendblue_async.bulk import ImportInputError, ImportProgress, import_contacts
from sendblue_async.fake import FakeSendblue
from transports import FakeClock, FakeTransport, Response, ServerRequest, json_response

BULK = "/api/v2/contacts/bulk"


class Server:
    """The fake plus what it lacks: numbers the server refuses (a bulk request holding one
    is a 400), a delay per request (real time, so requests overlap) and an overlap gauge."""

    def __init__(self, fake: FakeSendblue, refuse: set[str] = frozenset(), delay: float = 0.0,
                 clock: FakeClock | None = None) -> None:
        self.fake, self.refuse, self.delay, self.clock = fake, refuse, delay, clock
        self.in_flight = self.peak = 0

    async def __call__(self, request: ServerRequest) -> Response:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            if self.delay:
                await anyio.sleep(self.delay)
            if self.clock is not None:
                self.clock.advance(1.0)
            if request.path == BULK and self.refuse & set(bulk_phones(request)):
                return json_response(400, {"status": "ERROR", "message": "invalid contact"})
            return await self.fake(request)
        finally:
            self.in_flight -= 1


def bulk_phones(request: ServerRequest) -> list[str]:
    return [item["phone"] for item in request.json()["contacts"]]


def client_for(handler, clock) -> tuple[SendblueClient, FakeTransport]:
    transport = FakeTransport(handler)
    client = SendblueClient("sb-test-key", "sb-test-secret", base_url="https://x.test",
                            transport=transport, clock=clock)
    return client, transport


def numbered(count: int, start: int = 0) -> list[dict[str, str]]:
    return [{"phone": f"+1415555{i:04d}"} for i in range(start, start + count)]


MIXED_CSV = """\
Phone,First Name,last_name,company,tags,custom.plan,notes
+14155550001,Ada,Lovelace,ACME,"vip; beta",pro,ignored
4155550002,Bad,,,,,
,No phone,,,,,
+14155550001,Dup,,,,,
+14155550003,Refused,,,,,
 +14155550004 ,Grace,,,,,
+14155550005,,,,,,
+14155550006,,,,vip,,
"""


async def test_every_row_of_a_mixed_csv_is_accounted_for_once(fake, clock):
    client, _ = client_for(Server(fake, refuse={"+14155550003"}), clock)
    report = await import_contacts(client, csv.DictReader(io.StringIO(MIXED_CSV)), batch_size=3)
    assert (report.total, report.imported, report.skipped) == (8, 4, 0)
    assert [(o.row, o.phone) for o in report.rejected] == [
        (2, "4155550002"), (3, None), (4, "+14155550001")]
    assert "E.164" in report.rejected[0].reason and "missing" in report.rejected[1].reason
    assert "duplicate" in report.rejected[2].reason
    assert [(o.row, o.phone) for o in report.failed] == [(5, "+14155550003")]
    assert isinstance(report.failed[0].error, BadRequestError)
    book = fake.contact_book(fake.account)
    assert sorted(book) == ["+14155550001", "+14155550004", "+14155550005", "+14155550006"]
    ada = book["+14155550001"]
    assert (ada.first_name, ada.last_name, ada.company_name) == ("Ada", "Lovelace", "ACME")
    assert (ada.tags, ada.custom_variables) == (["vip", "beta"], {"plan": "pro"})
    assert book["+14155550004"].first_name == "Grace"
    assert not report.ok


async def test_a_rejected_batch_is_split_until_the_bad_rows_are_isolated(fake, clock):
    rows = numbered(16)
    refused = {rows[3]["phone"], rows[12]["phone"]}
    client, transport = client_for(Server(fake, refuse=refused), clock)
    report = await import_contacts(client, rows, batch_size=16)
    assert report.imported == 14
    assert {o.phone for o in report.failed} == refused
    assert [o.row for o in report.failed] == [4, 13]
    assert len(fake.contact_book(fake.account)) == 14
    sizes = [len(bulk_phones(r)) for r in transport.requests if r.path == BULK]
    assert sizes == [16, 8, 4, 2, 2, 1, 1, 4, 8, 4, 4, 2, 1, 1, 2]  # depth first, halves


async def test_other_api_errors_fail_the_whole_batch_and_the_import_goes_on(fake, clock):
    client, transport = client_for(fake, clock)
    transport.fail_next(503)  # a POST is never retried on 503: it may have been processed
    report = await import_contacts(client, numbered(6), batch_size=3, max_concurrency=1)
    assert report.imported == 3
    assert [o.row for o in report.failed] == [1, 2, 3]
    assert all(isinstance(o.error, ServerError) for o in report.failed)


async def test_a_lost_reply_is_a_failure_not_a_retry(fake, clock):
    client, transport = client_for(fake, clock)
    transport.fail_next(connection_error=True, after_server=True)
    report = await import_contacts(client, numbered(2))
    assert isinstance(report.failed[0].error, APIConnectionError)
    assert len([r for r in transport.requests if r.path == BULK]) == 1
    assert len(fake.contact_book(fake.account)) == 2  # the server did store them


async def test_update_if_exists_upserts_one_row_at_a_time(fake, clock):
    client, transport = client_for(fake, clock)
    await client.contacts.create("+14155550000", first_name="Old", custom_variables={"a": "1"})
    rows = [{"phone": "+14155550000", "first_name": "New", "custom.b": "2"},
            {"number": "+14155550001", "company": "ACME"}]
    report = await import_contacts(client, rows, update_if_exists=True)
    assert (report.imported, report.ok) == (2, True)
    book = fake.contact_book(fake.account)
    assert book["+14155550000"].first_name == "New"
    assert book["+14155550000"].custom_variables == {"a": "1", "b": "2"}
    assert book["+14155550001"].company_name == "ACME"
    sent = [(r.method, r.path) for r in transport.requests[1:]]
    assert sent == [("POST", "/api/v2/contacts"), ("POST", "/api/v2/contacts"),
                    ("PUT", "/api/v2/contacts/%2B14155550001")]
    assert transport.requests[1].json()["update_if_exists"] is True


async def test_progress_counts_grow_to_the_report(fake, clock):
    client, _ = client_for(Server(fake, clock=clock), clock)
    seen: list[ImportProgress] = []
    rows = [*numbered(5), {"phone": "bad"}]
    report = await import_contacts(client, rows, batch_size=2, on_progress=seen.append)
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    last = seen[-1]
    assert (last.done, last.imported, last.rejected, last.failed) == (6, 5, 1, 0)
    assert last.elapsed == report.elapsed == 3.0 and last.rows_per_second == 2.0


async def test_async_iterables_and_new_contacts_are_rows(fake, clock):
    client, _ = client_for(fake, clock)

    async def rows():
        yield NewContact("+14155550000", first_name="Ada", tags=["x"])
        yield NewContact("+1")

    report = await import_contacts(client, rows())
    assert report.imported == 1
    assert report.rejected[0].reason.startswith("phone:")
    assert fake.contact_book(fake.account)["+14155550000"].tags == ["x"]


async def test_bugs_propagate_unwrapped(client):
    def explode(progress: ImportProgress) -> None:
        raise RuntimeError("bug in a progress callback")

    with pytest.raises(RuntimeError, match="progress callback"):
        await import_contacts(client, numbered(3), on_progress=explode)

    def broken_reader() -> Iterator[dict[str, str]]:
        yield {"phone": "+14155550000"}
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad byte")

    # Unreadable input is not a bug: a typed error, caused by the decoding error.
    with pytest.raises(ImportInputError) as raised:
        await import_contacts(client, broken_reader())
    assert isinstance(raised.value.__cause__, UnicodeDecodeError)


async def test_arguments_are_checked_before_anything_is_read(client):
    with pytest.raises(ValidationError, match="batch_size"):
        await import_contacts(client, numbered(1), batch_size=0)
    with pytest.raises(ValidationError, match="max_concurrency"):
        await import_contacts(client, numbered(1), max_concurrency=0)


@pytest.mark.parametrize("update_if_exists", [False, True])
async def test_in_flight_requests_never_exceed_max_concurrency(fake, clock, update_if_exists):
    server = Server(fake, delay=0.002)
    client, _ = client_for(server, clock)
    report = await import_contacts(client, numbered(40), batch_size=2, max_concurrency=3,
                                   update_if_exists=update_if_exists)
    assert report.imported == 40
    assert server.peak == 3


async def test_a_shared_limiter_bounds_several_imports_together(fake, clock):
    server = Server(fake, delay=0.002)
    client, _ = client_for(server, clock)
    limiter = anyio.CapacityLimiter(2)
    async with anyio.create_task_group() as group:
        for start in (0, 100):
            group.start_soon(lambda s=start: import_contacts(
                client, numbered(30, s), batch_size=3, max_concurrency=4, limiter=limiter))
    assert len(fake.contact_book(fake.account)) == 60
    assert server.peak == 2


async def test_rows_are_read_only_as_fast_as_batches_are_sent(fake, clock):
    client, _ = client_for(Server(fake, delay=0.001), clock)
    read = 0

    def rows() -> Iterator[dict[str, str]]:
        nonlocal read
        for row in numbered(300):
            read += 1
            yield row

    ahead: list[int] = []
    await import_contacts(client, rows(), batch_size=10, max_concurrency=2,
                          on_progress=lambda p: ahead.append(read - p.done))
    assert max(ahead) <= (2 + 1) * 10


async def test_cancellation_leaves_a_consistent_journal_and_resume_completes(
    fake, clock, tmp_path
):
    server = Server(fake, delay=0.001)
    client, transport = client_for(server, clock)
    journal = tmp_path / "import.journal"
    rows = numbered(200)
    with anyio.CancelScope() as scope:
        await import_contacts(
            client, rows, batch_size=10, max_concurrency=3, journal=journal,
            on_progress=lambda p: scope.cancel() if p.imported >= 50 else None)
    assert scope.cancelled_caught
    journaled = journal_phones(journal)
    assert 50 <= len(journaled) < 200
    assert journaled <= set(fake.contact_book(fake.account))
    first_run = len(transport.requests)
    report = await import_contacts(client, rows, batch_size=10, journal=journal)
    assert (report.skipped, report.imported, report.ok) == (len(journaled), 200 - len(journaled),
                                                            True)
    resent = {p for r in transport.requests[first_run:] for p in bulk_phones(r)}
    assert not resent & journaled
    assert len(fake.contact_book(fake.account)) == 200
    assert journal_phones(journal) == {row["phone"] for row in rows}


def journal_phones(path) -> set[str]:
    with closing(sqlite3.connect(path)) as db:
        return {f"+{key}" for (key,) in db.execute("SELECT phone FROM imported")}
