"""Bulk contact import: ``import_contacts(client, rows, ...) -> ImportReport``.

Streams rows (any iterable or async iterable, such as a ``csv.DictReader``) in batches to
the bulk endpoint, or one upsert per row, under a capacity limiter; every row ends in the
report once. A journal (SQLite) lets a re-run after a crash skip what was imported.
"""

from ._importer import import_contacts
from ._report import ImportProgress, ImportReport, RowOutcome
from ._rows import CUSTOM_PREFIX, Row

__all__ = [
    "CUSTOM_PREFIX",
    "ImportProgress",
    "ImportReport",
    "Row",
    "RowOutcome",
    "import_contacts",
]
