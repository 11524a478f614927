"""``contacts import FILE.csv``: a live progress line, a summary table and a CSV of the
rows that did not make it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from transports.cli import USAGE_ERROR, Commands, Console, ProgressLine, add_command, table

from ..bulk import BulkImportError, ImportReport, RowOutcome, csv_rows, import_contacts
from ..bulk._input import count_csv_rows
from ..client import SendblueClient
from ._backends import on_sendblue

SHOWN_PROBLEMS = 10


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    contacts = commands.add_parser("contacts", help="contacts")
    sub = contacts.add_subparsers(dest="action", required=True, metavar="ACTION")
    command = add_command(
        sub, "import", on_sendblue(_import),
        "import contacts from a CSV file with a header line (phone, first_name, last_name, "
        "company_name, tags, custom.<name>...); exit code 1 if any row was not imported, "
        "2 if the file or the journal cannot be read (after the rows before the bad one)",
        common,
    )
    command.add_argument("file", type=_csv_file, metavar="FILE.csv")
    command.add_argument("--batch-size", type=_positive, default=500)
    command.add_argument("--concurrency", type=_positive, default=8,
                         help="requests in flight at once (default 8)")
    command.add_argument("--journal", metavar="PATH",
                         help="SQLite journal: a re-run skips the rows already imported")
    command.add_argument("--update-if-exists", action="store_true",
                         help="update existing contacts (one upsert request per row)")
    command.add_argument("--problems", metavar="PATH",
                         help="where to write rejected and failed rows "
                              "(default: FILE-problems.csv, only when there are some)")


def _csv_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    return path


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text!r}")
    return number


async def _import(client: SendblueClient, args: argparse.Namespace, console: Console) -> int:
    progress = ProgressLine(count_csv_rows(args.file), sys.stderr)
    try:
        report = await import_contacts(
            client, csv_rows(args.file), batch_size=args.batch_size,
            max_concurrency=args.concurrency, journal=args.journal, on_progress=progress,
            update_if_exists=args.update_if_exists,
        )
    except BulkImportError as stopped:  # bad input or journal: the report so far, one line
        progress.finish()
        if stopped.report is not None:
            _show(stopped.report, args, console)
        console.error(str(stopped))
        return USAGE_ERROR
    progress.finish()
    return _show(report, args, console)


def _show(report: ImportReport, args: argparse.Namespace, console: Console) -> int:
    """Print the summary and write the problems CSV; the exit code for the report."""
    problems: Path | None = None
    if len(report.rejected) + len(report.failed):
        problems = Path(args.problems or args.file.with_name(f"{args.file.stem}-problems.csv"))
        try:
            report.write_problems_csv(problems)
        except OSError as exc:
            console.error(f"cannot write {problems}: {exc.strerror or exc}")
            problems = None
    console.result(summary(report, problems), _summary_data(report, problems))
    return 0 if report.ok else 1


def summary(report: ImportReport, problems: Path | None) -> str:
    counts = table(("outcome", "rows"), [
        ("imported", report.imported), ("skipped", report.skipped),
        ("rejected", len(report.rejected)), ("failed", len(report.failed)),
        *([("unfinished", report.unfinished)] if report.unfinished else []),
        ("total", report.total),
    ])
    text = (f"{counts}\n\n{report.total} rows in {report.elapsed:.1f} s "
            f"({report.rows_per_second:,.0f} rows/s)")
    if problems is None:
        return text
    outcomes = _problems(report)
    shown = [(o.row, o.phone, kind, o.reason) for kind, o in islice(outcomes, SHOWN_PROBLEMS)]
    count = len(report.rejected) + len(report.failed)
    return (f"{text}\n\nRows not imported (all {count} in {problems}):\n"
            + table(("row", "phone", "outcome", "reason"), shown))


def _problems(report: ImportReport) -> Iterator[tuple[str, RowOutcome]]:
    pairs = [("rejected", o) for o in report.rejected] + [("failed", o) for o in report.failed]
    return iter(sorted(pairs, key=lambda pair: pair[1].row))


def _summary_data(report: ImportReport, problems: Path | None) -> dict[str, object]:
    return {
        "total": report.total, "imported": report.imported, "skipped": report.skipped,
        "rejected": len(report.rejected), "failed": len(report.failed),
        "unfinished": report.unfinished, "elapsed": report.elapsed,
        "rows_per_second": report.rows_per_second,
        "problems_csv": None if problems is None else str(problems),
        "problems": [{"row": o.row, "phone": o.phone, "outcome": kind, "reason": o.reason}
                     for kind, o in _problems(report)],
    }
