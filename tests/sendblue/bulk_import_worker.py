"""Run by test_bulk_resume as a subprocess, to be killed mid-import:

    python bulk_import_worker.py BASE_URL JOURNAL COUNT

Imports COUNT numbered contacts into the server at BASE_URL with a journal, printing the
imported count after each batch.
"""

import sys

import anyio

from sendblue_async import SendblueClient
from sendblue_async.bulk import ImportProgress, import_contacts

BATCH_SIZE, MAX_CONCURRENCY = 20, 2


def rows(count: int) -> list[dict[str, str]]:
    return [{"phone": f"+1415{i:07d}"} for i in range(count)]


def announce(progress: ImportProgress) -> None:
    print(progress.imported, flush=True)


async def main(base_url: str, journal: str, count: int) -> None:
    async with SendblueClient("sb-test-key", "sb-test-secret", base_url=base_url) as client:
        await import_contacts(client, rows(count), batch_size=BATCH_SIZE,
                              max_concurrency=MAX_CONCURRENCY, journal=journal,
                              on_progress=announce)


if __name__ == "__main__":
    anyio.run(main, sys.argv[1], sys.argv[2], int(sys.argv[3]))
