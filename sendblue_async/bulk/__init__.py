"""Bulk contact import: ``import_contacts(client, rows, ...) -> ImportReport``.

Streams rows (any iterable or async iterable, such as a ``csv.DictReader``) in batches to
the bulk endpoint, or one upsert per row, under a capacity limiter; every row ends in the
report once. A journal (SQLite) lets a re-run after a crash skip what was imported.
``csv_rows(path)`` reads a CSV file strictly; unreadable input and an unusable journal raise
typed errors (``ImportInputError``, ``JournalError``) that carry the report so far.
"""

from ..errors import BulkImportError, ImportInputError, JournalError
from ._importer import import_contacts
from ._input import csv_rows
from ._report import ImportProgress, ImportReport, RowOutcome
from ._rows import CUSTOM_PREFIX, Row

__all__ = [
    "CUSTOM_PREFIX",
    "BulkImportError",
    "ImportInputError",
    "ImportProgress",
    "ImportReport",
    "JournalError",
    "Row",
    "RowOutcome",
    "csv_rows",
    "import_contacts",
]
