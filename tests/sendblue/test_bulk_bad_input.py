"""Input an import cannot read and journals it cannot use: typed errors that name the file
(and the row), with the report so far; nothing imported before the stop is lost."""

import csv
import os
import sqlite3
import stat
from collections.abc import AsyncIterator, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from sendblue_async.bulk import (
    BulkImportError,
    ImportInputError,
    ImportReport,
    JournalError,
    csv_rows,
    import_contacts,
)
from sendblue_async.bulk._input import count_csv_rows
from sendblue_async.errors import SendblueError

BULK = "/api/v2/contacts/bulk"


def phone(i: int) -> str:
    return f"+1415555{i:04d}"


def sent_phones(transport) -> list[str]:
    return [item["phone"] for r in transport.requests if r.path == BULK
            for item in r.json()["contacts"]]


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- rows that cannot be read -------------------------------------------------------------

def rows_then(error: Exception, good: int) -> Iterator[dict[str, str]]:
    for i in range(good):
        yield {"phone": phone(i)}
    raise error


BROKEN = [UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
          csv.Error("unexpected end of data")]


@pytest.mark.parametrize("error", BROKEN, ids=["utf8", "csv"])
async def test_an_unreadable_row_ends_the_input_after_importing_the_rows_before(
    client, transport, fake, error
):
    with pytest.raises(ImportInputError) as raised:
        await import_contacts(client, rows_then(error, 25), batch_size=10)
    stop = raised.value
    assert (stop.row, stop.source, stop.__cause__) == (26, None, error)
    assert str(stop).startswith("input row 26: ")
    assert isinstance(stop, SendblueError) and isinstance(stop, BulkImportError)
    report = stop.report
    assert isinstance(report, ImportReport)
    # Every row read has its outcome: 10 + 10 from full batches and 5 from the partial one.
    assert (report.total, report.imported, report.unfinished, report.ok) == (25, 25, 0, True)
    assert sorted(sent_phones(transport)) == [phone(i) for i in range(25)]
    assert len(fake.contact_book(fake.account)) == 25


async def test_an_unreadable_row_of_an_async_source_ends_it_too(client, transport):
    async def rows() -> AsyncIterator[dict[str, str]]:
        for row in rows_then(BROKEN[0], 3):
            yield row

    with pytest.raises(ImportInputError, match=r"^input row 4: invalid utf-8 \(byte 0xff\)$"
                       ) as raised:
        await import_contacts(client, rows(), batch_size=2)
    assert (raised.value.report.total, raised.value.report.imported) == (3, 3)
    assert len(sent_phones(transport)) == 3


def write_lines(path: Path, lines: list[bytes], ending: bytes = b"\n") -> Path:
    path.write_bytes(ending.join(lines) + ending)
    return path


def people(count: int) -> list[bytes]:
    return [b"phone,first_name"] + [f"{phone(i)},Name{i}".encode() for i in range(count)]


async def test_invalid_utf8_is_found_on_its_own_row_and_line(client, tmp_path):
    # 2,000 rows (about 50 KB): far past the first buffer a text file would decode ahead.
    lines = people(2000)
    lines[1500] = f"{phone(1499)},Ren\xe9e".encode("latin-1")  # row 1500, line 1501
    assert lines[1500].index(b"\xe9") == 16
    source = write_lines(tmp_path / "people.csv", lines)
    with pytest.raises(ImportInputError) as raised:
        await import_contacts(client, csv_rows(source), batch_size=100)
    stop = raised.value
    assert (stop.source, stop.row, stop.line) == (str(source), 1500, 1501)
    assert str(stop) == (f"{source}: row 1500 (line 1501): invalid utf-8 "
                         "(byte 0xe9 at offset 16 of the line)")
    assert (stop.report.total, stop.report.imported) == (1499, 1499)
    assert count_csv_rows(source) == 1499


async def test_an_unterminated_quote_is_a_broken_row_not_the_rest_of_the_file(client, tmp_path):
    lines = people(10)
    lines[4] = f'{phone(3)},"Unclosed'.encode()  # row 4, line 5: swallows lines 5 to 11
    source = write_lines(tmp_path / "people.csv", lines, b"\r\n")
    with pytest.raises(ImportInputError) as raised:
        await import_contacts(client, csv_rows(source))
    stop = raised.value
    assert (stop.row, stop.line) == (4, 11)
    assert str(stop) == f"{source}: row 4 (lines 5-11): broken CSV: unexpected end of data"
    assert (stop.report.total, stop.report.imported) == (3, 3)


@pytest.mark.parametrize(("header", "reason"), [
    (b'phone,"first', "broken CSV: unexpected end of data"),
    (b"phone,n\xc3", "invalid utf-8 (byte 0xc3 at offset 7 of the line)"),
])
async def test_an_unreadable_header_line_is_named(client, transport, tmp_path, header, reason):
    source = write_lines(tmp_path / "people.csv", [header, phone(1).encode()])
    with pytest.raises(ImportInputError) as raised:
        await import_contacts(client, csv_rows(source))
    assert str(raised.value) == f"{source}: line 1 (the header): {reason}"
    assert (raised.value.row, raised.value.line, raised.value.report.total) == (None, 1, 0)
    assert not transport.requests
    assert count_csv_rows(source) == 0


def test_csv_rows_reads_what_a_text_file_gives(tmp_path):
    text = (f'\ufeffphone,notes\r\n{phone(1)},"two\r\nlines"\r\n\r\n{phone(2)},x\r'
            f"{phone(3)},caf\u00e9\n")
    source = tmp_path / "people.csv"
    source.write_bytes(text.encode())
    with source.open(newline="", encoding="utf-8-sig") as lines:
        expected = list(csv.DictReader(lines))
    assert list(csv_rows(source)) == expected
    assert [row["phone"] for row in expected] == [phone(1), phone(2), phone(3)]
    assert expected[0]["notes"] == "two\r\nlines"
    assert count_csv_rows(source) == 3


# --- journals that cannot be used ---------------------------------------------------------

def foreign_database(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE customers (name TEXT, phone TEXT)")
        db.execute("INSERT INTO customers VALUES ('Ada', '+14155550000')")
    return path


def odd_imported_table(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE imported (phone TEXT)")
    return path


def text_file(path: Path) -> Path:
    path.write_text("phone\n+14155550000\n" * 100)
    return path


def random_bytes(path: Path) -> Path:
    path.write_bytes(os.urandom(8192))
    return path


def header_only(path: Path) -> Path:
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00\x01\x01" + b"\x00" * 50)
    return path


FOREIGN = {
    "text": (text_file, "file is not a database: not an import journal"),
    "random bytes": (random_bytes, "file is not a database: not an import journal"),
    "cut header": (header_only, "cannot open it:"),
    "other schema": (foreign_database, "not an import journal (an SQLite database of another "
                                       "schema)"),
    "other journal table": (odd_imported_table, "another schema"),
}


@pytest.mark.parametrize("kind", FOREIGN)
async def test_a_file_that_is_not_a_journal_is_refused_untouched(client, transport, tmp_path,
                                                                 kind):
    make, reason = FOREIGN[kind]
    path = make(tmp_path / "import.journal")
    before = path.read_bytes()
    with pytest.raises(JournalError) as raised:
        await import_contacts(client, [{"phone": phone(1)}], journal=path)
    error = raised.value
    assert str(error).startswith(f"import journal {path}: ") and reason in str(error)
    assert error.path == str(path)
    assert (error.report.total, error.report.imported) == (0, 0)
    assert not transport.requests
    assert path.read_bytes() == before  # never written, not even switched to WAL


def truncated(data: bytes) -> bytes:
    return data[:len(data) // 2 + 1000]  # mid-page: found as soon as it is opened


def page_overwritten(data: bytes) -> bytes:
    page = 4096 * 30  # a page of the table: found when the journal is read
    return data[:page] + bytes(range(256)) * 16 + data[page + 4096:]


@pytest.mark.parametrize(("damage", "doing"), [(truncated, "cannot open it"),
                                               (page_overwritten, "cannot read it")])
async def test_a_damaged_journal_is_refused_not_silently_short(client, transport, tmp_path,
                                                               damage, doing):
    path = tmp_path / "import.journal"
    rows = [{"phone": f"+1415{i:07d}"} for i in range(20_000)]
    assert (await import_contacts(client, rows, journal=path)).imported == 20_000
    assert not path.with_name(f"{path.name}-wal").exists()  # closing checkpointed it all
    path.write_bytes(damage(path.read_bytes()))
    transport.requests.clear()
    with pytest.raises(JournalError, match=f"{doing}: database disk image is malformed: "
                       "the journal is damaged; without it every row is sent again"):
        await import_contacts(client, rows, journal=path)
    assert not transport.requests


@pytest.mark.parametrize("where", ["missing directory", "a directory"])
async def test_a_journal_path_that_cannot_be_opened(client, tmp_path, where):
    path = tmp_path / "nope" / "j" if where == "missing directory" else tmp_path
    with pytest.raises(JournalError, match=f"import journal {path}: cannot open it: "):
        await import_contacts(client, [{"phone": phone(1)}], journal=path)


async def test_a_zero_length_file_is_an_empty_journal(client, tmp_path):
    path = tmp_path / "import.journal"
    path.touch()
    assert (await import_contacts(client, [{"phone": phone(1)}], journal=path)).imported == 1
    again = await import_contacts(client, [{"phone": phone(1)}], journal=path)
    assert (again.skipped, again.imported) == (1, 0)


# --- files readable by their owner only ---------------------------------------------------

@pytest.mark.parametrize("mask", [0o022, 0o000, 0o277])
async def test_the_journal_and_its_wal_are_created_owner_only(client, tmp_path, mask):
    path = tmp_path / "import.journal"
    with umask(mask):
        report = await import_contacts(client, [{"phone": phone(i)} for i in range(5)],
                                       journal=path)
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        # The WAL lives while a connection is open: hold one to see it.
        with closing(sqlite3.connect(path)) as db:
            db.execute("SELECT count(*) FROM imported").fetchone()
            assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    assert report.imported == 5


@pytest.mark.parametrize("mask", [0o022, 0o000, 0o277])
def test_the_problems_csv_is_created_owner_only(tmp_path, mask):
    from sendblue_async.bulk import RowOutcome

    report = ImportReport(1, 0, 0, [RowOutcome(1, "+1", "bad")], [], 0.0)
    path = tmp_path / "problems.csv"
    with umask(mask):
        assert report.write_problems_csv(path) == 1
    assert mode(path) == 0o600
    assert path.read_text().splitlines()[1] == "1,+1,rejected,bad"


async def test_a_csv_file_that_cannot_be_opened_is_named(client, tmp_path):
    missing = tmp_path / "gone.csv"
    with pytest.raises(ImportInputError,
                       match=f"^{missing}: cannot read it: No such file or directory$") as raised:
        await import_contacts(client, csv_rows(missing))
    assert (raised.value.source, raised.value.report.total) == (str(missing), 0)
    assert count_csv_rows(missing) == 0
