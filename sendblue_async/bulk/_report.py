"""What an import reports: per-row problems, progress snapshots and the final report."""

from __future__ import annotations

import csv
import os

import attrs

from ..errors import SendblueError
from ._private import open_private


@attrs.frozen
class RowOutcome:
    """A row that was not imported. ``row`` is 1-based in input order (for a CSV with a
    header line, row ``n`` is on line ``n + 1``); ``phone`` is as the row gave it."""

    row: int
    phone: str | None
    reason: str
    error: SendblueError | None = attrs.field(default=None, eq=False)


@attrs.frozen
class ImportProgress:
    """A snapshot: ``done`` rows have their outcome (imported, skipped, rejected or failed)."""

    done: int
    imported: int
    rejected: int
    failed: int
    rows_per_second: float
    elapsed: float
    skipped: int = 0


@attrs.frozen
class ImportReport:
    """Every input row exactly once: ``total == imported + skipped + len(rejected) +
    len(failed) + unfinished``. ``skipped`` rows were imported by an earlier run (journal).
    Imported rows are counted, not listed. ``unfinished`` is 0 unless the report belongs to
    an import that stopped on an error (``error.report``): those rows were read but were in
    flight when it stopped (a re-run with the journal sends them again)."""

    total: int
    imported: int
    skipped: int
    rejected: list[RowOutcome]
    failed: list[RowOutcome]
    elapsed: float

    @property
    def unfinished(self) -> int:
        return (self.total - self.imported - self.skipped - len(self.rejected)
                - len(self.failed))

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.failed and not self.unfinished

    @property
    def rows_per_second(self) -> float:
        return self.total / self.elapsed if self.elapsed > 0 else 0.0

    def write_problems_csv(self, path: str | os.PathLike[str]) -> int:
        """Write rejected and failed rows (``row,phone,outcome,reason``) in row order;
        returns how many rows were written. A new file is created mode 0600 (the rows hold
        phone numbers)."""
        problems = [("rejected", o) for o in self.rejected] + [("failed", o) for o in self.failed]
        problems.sort(key=lambda pair: pair[1].row)
        with open_private(path) as out:
            writer = csv.writer(out)
            writer.writerow(("row", "phone", "outcome", "reason"))
            for outcome, problem in problems:
                writer.writerow((problem.row, problem.phone or "", outcome, problem.reason))
        return len(problems)


@attrs.define
class Tally:
    """The running counts behind progress snapshots and the report."""

    started: float
    total: int = 0
    imported: int = 0
    skipped: int = 0
    rejected: list[RowOutcome] = attrs.field(factory=list)
    failed: list[RowOutcome] = attrs.field(factory=list)

    def progress(self, now: float) -> ImportProgress:
        elapsed = max(0.0, now - self.started)
        done = self.imported + self.skipped + len(self.rejected) + len(self.failed)
        return ImportProgress(
            done, self.imported, len(self.rejected), len(self.failed),
            done / elapsed if elapsed > 0 else 0.0, elapsed, self.skipped,
        )

    def report(self, now: float) -> ImportReport:
        return ImportReport(
            self.total, self.imported, self.skipped, self.rejected, self.failed,
            max(0.0, now - self.started),
        )
