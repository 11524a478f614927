"""Resume from a journal written by an importer killed with SIGKILL mid-import.

The server (the fake over the sandbox) runs in the test process and outlives the killed
importer; the re-run is in process, with the same journal.
"""

import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import anyio
from anyio.streams.buffered import BufferedByteReceiveStream

from sendblue_async import SendblueClient
from sendblue_async.bulk import import_contacts
from sendblue_async.fake import FakeSendblue
from transports import Response, ServerRequest
from transports.aiohttp import AiohttpTransport
from transports.testing.sandbox import serve

WORKER = Path(__file__).with_name("bulk_import_worker.py")
COUNT, BATCH_SIZE, MAX_CONCURRENCY = 1000, 20, 2  # as in the worker
KEY, SECRET = "sb-test-key", "sb-test-secret"


class Recorder:
    """Serves the fake slowly, keeping the phones of every bulk request it accepted."""

    def __init__(self, fake: FakeSendblue) -> None:
        self.fake = fake
        self.accepted: list[list[str]] = []
        self.in_flight = 0
        self._idle = anyio.Event()

    async def __call__(self, request: ServerRequest) -> Response:
        self.in_flight += 1
        try:
            await anyio.sleep(0.005)
            response = await self.fake(request)
        finally:
            self.in_flight -= 1
            if not self.in_flight:
                self._idle.set()
        if request.path == "/api/v2/contacts/bulk" and response.status == 200:
            self.accepted.append([item["phone"] for item in request.json()["contacts"]])
        return response

    async def settle(self) -> None:
        """Wait for requests of a killed client that the server is still handling."""
        with anyio.fail_after(5):
            while self.in_flight:
                self._idle = anyio.Event()
                await self._idle.wait()


async def run_until_killed(base_url: str, journal: Path) -> None:
    """Start the worker, SIGKILL it once it reports 100 imported rows."""
    command = [sys.executable, str(WORKER), base_url, str(journal), str(COUNT)]
    async with await anyio.open_process(command) as process:
        assert process.stdout is not None
        lines = BufferedByteReceiveStream(process.stdout)
        with anyio.fail_after(10):
            while int(await lines.receive_until(b"\n", 64)) < 100:
                pass
        process.kill()
        await process.wait()


async def test_a_rerun_after_sigkill_skips_journaled_rows_and_duplicates_nothing(tmp_path):
    fake = FakeSendblue(api_key=KEY, api_secret=SECRET)
    server = Recorder(fake)
    journal = tmp_path / "import.journal"
    async with serve(server) as running:
        await run_until_killed(running.base_url, journal)
        await server.settle()
        journaled = journal_phones(journal)
        first_run = {phone for batch in server.accepted for phone in batch}
        killed_at = len(server.accepted)
        async with AiohttpTransport() as transport, SendblueClient(
            KEY, SECRET, base_url=running.base_url, transport=transport
        ) as client:
            rows = [{"phone": f"+1415{i:07d}"} for i in range(COUNT)]
            report = await import_contacts(client, rows, batch_size=BATCH_SIZE,
                                           max_concurrency=MAX_CONCURRENCY, journal=journal)
    assert 100 <= len(journaled) < COUNT and journaled <= first_run
    assert (report.skipped, report.imported, report.ok) == (
        len(journaled), COUNT - len(journaled), True)
    second_run = [phone for batch in server.accepted[killed_at:] for phone in batch]
    assert not set(second_run) & journaled  # a journaled row is never sent again
    assert len(second_run) == len(set(second_run))
    # Accepted but not journaled when the kill landed: sent again, an upsert on the server.
    window = set(second_run) & first_run
    assert len(window) <= MAX_CONCURRENCY * BATCH_SIZE
    book = fake.contact_book(fake.account)
    assert len(book) == COUNT
    assert len({contact.contact_id for contact in book.values()}) == COUNT


def journal_phones(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as db:
        return {f"+{key}" for (key,) in db.execute("SELECT phone FROM imported")}
