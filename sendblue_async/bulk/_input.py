"""Input that cannot be read: bytes that are not text, or a broken CSV row.

:func:`csv_rows` decodes a file line by line, so invalid UTF-8 is reported on its own line and
row, not somewhere in a buffer read ahead of the rows handed out.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from typing import Any

from ..errors import ImportInputError

# What reading a row may raise for bad input, as opposed to a bug.
INPUT_ERRORS = (csv.Error, UnicodeDecodeError, ImportInputError)


def input_error(error: Exception, row: int) -> ImportInputError:
    """``error``, raised while reading input row ``row``, as an ``ImportInputError`` (one
    raised by :func:`csv_rows` names its file and is kept as it is)."""
    if isinstance(error, ImportInputError):
        return error
    stop = ImportInputError(f"input row {row}: {describe(error)}", row=row)
    stop.__cause__ = error
    return stop


def describe(error: Exception, *, by_line: bool = False) -> str:
    """What was wrong, without quoting the data (rows hold personal data)."""
    if isinstance(error, UnicodeDecodeError):
        byte = error.object[error.start:error.start + 1].hex()
        where = f" at offset {error.start} of the line" if by_line else ""
        return f"invalid {error.encoding} (byte 0x{byte}{where})"
    return f"broken CSV: {error}"


def csv_rows(path: str | os.PathLike[str]) -> Iterator[dict[str | Any, Any]]:
    """The rows of the CSV file at ``path`` (UTF-8 with a header line; a byte-order mark is
    dropped) as ``csv.DictReader`` gives them, parsed strictly: invalid UTF-8 or a broken row
    (such as an unterminated quote) raises ``ImportInputError`` naming the file, the row
    (1-based, as the import report counts them) and the line."""
    name = os.fspath(path)
    try:
        data = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise ImportInputError(f"{name}: cannot read it: {exc.strerror or exc}",
                               source=name) from exc
    with data:
        reader = _header_read(name, csv.DictReader(_text_lines(data), strict=True))
        records, lines, row = iter(reader), reader.reader, 0  # lines: DictReader's is stale
        while True:
            start = lines.line_num + 1
            try:
                record = next(records)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise _row_error(name, row + 1, start, lines.line_num, exc) from exc
            row += 1
            yield record


def _header_read(name: str, reader: csv.DictReader[str]) -> csv.DictReader[str]:
    try:
        reader.fieldnames  # noqa: B018 - reads the header line
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ImportInputError(f"{name}: line 1 (the header): {describe(exc, by_line=True)}",
                               source=name, line=1) from exc
    return reader


def _row_error(name: str, row: int, start: int, read: int, error: Exception) -> ImportInputError:
    # A decoding error is in the line not yet handed to the reader; a CSV error in the last.
    line = read + 1 if isinstance(error, UnicodeDecodeError) else read
    lines = f"line {line}" if line <= start else f"lines {start}-{line}"
    return ImportInputError(f"{name}: row {row} ({lines}): {describe(error, by_line=True)}",
                            source=name, row=row, line=line)


def _text_lines(data: io.BufferedReader) -> Iterator[str]:
    """Each line decoded on its own, split as ``open(newline="")`` splits (at ``\\n``,
    ``\\r\\n`` and a lone ``\\r``) and with the ends kept, as ``csv`` wants them."""
    if data.peek(len(codecs.BOM_UTF8)).startswith(codecs.BOM_UTF8):
        data.read(len(codecs.BOM_UTF8))
    for raw in data:
        for piece in raw.splitlines(keepends=True) if b"\r" in raw else (raw,):
            yield piece.decode("utf-8")


def count_csv_rows(path: str | os.PathLike[str]) -> int:
    """About how many rows :func:`csv_rows` hands out (for a progress line): the non-blank
    records after the header, up to the first that cannot be read."""
    count = -1  # less the header
    try:
        with open(path, "rb") as data:
            for record in csv.reader(_text_lines(data), strict=True):
                count += 1 if record else 0
    except (OSError, csv.Error, UnicodeDecodeError):
        pass  # the import itself says what is wrong
    return max(0, count)
