"""``contacts import`` on input it cannot read and journals it cannot use: one line on
stderr, the report so far on stdout (and the problems CSV), exit code 2, no traceback."""

import json
import sqlite3
import stat
import sys
from contextlib import closing

import anyio

from sendblue_async.cli import run

FULL_DISK_CHILD = """\
import resource, sys
from sendblue_async.__main__ import main
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
# Files may grow to LIMIT bytes: past it a write fails in the kernel, as on a full disk.
# Only the soft limit: raised again before exit, for whatever writes files at exit.
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), hard))
try:
    code = main(sys.argv[2:])
finally:
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
sys.exit(code)
"""


def phone(i: int) -> str:
    return f"+1415{i:07d}"


def write_people(path, count, bad_line=None):
    lines = [b"phone,first_name"] + [f"{phone(i)},N{i}".encode() for i in range(count)]
    lines[1] = b"not-a-phone,x"  # row 1: rejected, so there is a problems CSV to write
    if bad_line is not None:
        lines[bad_line] = f"{phone(bad_line)},Ren\xe9e".encode("latin-1")
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def one_error_line(err: str) -> str:
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1
    return errors[0]


async def test_invalid_utf8_stops_with_the_report_so_far(sendblue, tmp_path, capsys):
    fake, base_url = sendblue
    source = write_people(tmp_path / "people.csv", 300, bad_line=201)  # row 201
    argv = ["contacts", "import", str(source), "--base-url", base_url, "--batch-size", "25"]
    assert await run(argv) == 2
    out, err = capsys.readouterr()
    assert one_error_line(err) == (
        f"error: {source}: row 201 (line 202): invalid utf-8 (byte 0xe9 at offset 16 of the "
        "line)")
    assert err.splitlines()[-1].startswith("error: ")
    assert [line.split() for line in out.splitlines()[2:7]] == [
        ["imported", "199"], ["skipped", "0"], ["rejected", "1"], ["failed", "0"],
        ["total", "200"],
    ]
    assert len(fake.contact_book(fake.account)) == 199
    problems = tmp_path / "people-problems.csv"
    assert problems.read_text().splitlines()[1].startswith("1,not-a-phone,rejected,")
    assert stat.S_IMODE(problems.stat().st_mode) == 0o600


async def test_a_foreign_journal_stops_before_anything_is_sent(sendblue, tmp_path, capsys):
    fake, base_url = sendblue
    source = write_people(tmp_path / "people.csv", 10)
    journal = tmp_path / "notes.txt"
    journal.write_text("not a journal\n" * 50)
    argv = ["contacts", "import", str(source), "--journal", str(journal), "--base-url",
            base_url, "--output", "json"]
    assert await run(argv) == 2
    out, err = capsys.readouterr()
    assert one_error_line(err) == (
        f"error: import journal {journal}: cannot open it: file is not a database: not an "
        "import journal; give another path")
    summary = json.loads(out)
    assert (summary["total"], summary["imported"], summary["unfinished"]) == (0, 0, 0)
    assert not fake.contact_book(fake.account)
    assert journal.read_text() == "not a journal\n" * 50


def journal_phones(path) -> set[str]:
    with closing(sqlite3.connect(path)) as db:
        return {f"+{key}" for (key,) in db.execute("SELECT phone FROM imported")}


async def test_a_full_disk_while_journaling_keeps_what_was_imported(sendblue, tmp_path):
    """The journal's writes fail in the kernel (RLIMIT_FSIZE in the importing process: its
    files cannot grow past 64 KiB). A real full disk fails the same ``write`` with ENOSPC,
    which SQLite reports as "database or disk is full" where it reports this one as "disk
    I/O error": both reach the importer as the same ``sqlite3.OperationalError``."""
    fake, base_url = sendblue
    count = 1000
    source = tmp_path / "people.csv"
    source.write_text("phone\n" + "".join(f"{phone(i)}\n" for i in range(count)))
    journal = tmp_path / "import.journal"
    argv = ["contacts", "import", str(source), "--journal", str(journal), "--base-url",
            base_url, "--batch-size", "20", "--concurrency", "2", "--output", "json"]
    child = [sys.executable, "-c", FULL_DISK_CHILD, str(64 * 1024), *argv]
    result = await anyio.run_process(child, check=False)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert one_error_line(err).startswith(
        f"error: import journal {journal}: cannot record imported rows: ")
    summary = json.loads(result.stdout)
    imported, journaled = summary["imported"], journal_phones(journal)
    assert 0 < len(journaled) < imported < count
    assert imported - len(journaled) == 20  # the batch the server took and the disk refused
    assert summary["total"] == imported + summary["unfinished"]
    book = set(fake.contact_book(fake.account))
    assert journaled <= book and len(book) >= imported

    # Nothing is lost: a re-run with room to write skips what the journal holds.
    assert await run(argv[:-2]) == 0
    assert len(journal_phones(journal)) == count
    assert book <= set(fake.contact_book(fake.account))
    assert len(fake.contact_book(fake.account)) == count


async def test_a_problems_csv_that_cannot_be_written_is_one_line(sendblue, tmp_path, capsys):
    _, base_url = sendblue
    source = write_people(tmp_path / "people.csv", 5)
    problems = tmp_path / "missing" / "problems.csv"
    argv = ["contacts", "import", str(source), "--base-url", base_url, "--problems",
            str(problems)]
    assert await run(argv) == 1  # a row was rejected
    out, err = capsys.readouterr()
    assert one_error_line(err) == f"error: cannot write {problems}: No such file or directory"
    assert [line.split() for line in out.splitlines()[2:4]] == [["imported", "4"],
                                                                ["skipped", "0"]]
    assert "Rows not imported" not in out
