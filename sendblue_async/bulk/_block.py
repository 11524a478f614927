"""A chunk of plain rows read column by column: one C-level pass per check instead of
Python code per cell. It gives exactly what ``to_item`` gives row by row, or nothing.

"Plain": every row a ``dict`` with the same columns (as ``csv.DictReader`` makes them), a
phone and name columns only, every cell a ``str`` that passes its check as it is (ASCII
names of at most ``MAX_TEXT`` characters). Anything else is left to ``to_item``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from .. import _validate as v
from ._rows import FastPlan, fast_plan

# E.164 numbers one per line: each line passes ``v.e164`` when there are no extra lines.
_PHONE_LINES = re.compile(f"{v.E164_PATTERN}(?:\n{v.E164_PATTERN})*")


class Block(NamedTuple):
    items: list[dict[str, Any]]
    keys: list[int]  # phone_key of each item's phone


def read_block(rows: Sequence[object]) -> Block | None:
    """The items and phone keys of ``rows`` (not empty) if they are plain, else ``None``."""
    first = rows[0]
    if type(first) is not dict or set(map(type, rows)) != {dict}:
        return None
    fast = fast_plan(tuple(first))
    if fast is None or fast.tags is not None or fast.custom:
        return None
    try:
        return _read_columns(rows, fast) if _same_columns(first, rows, fast) else None
    except KeyError:  # a row lacks one of the first row's columns
        return None


def _same_columns(first: dict[Any, object], rows: Sequence[Any], fast: FastPlan) -> bool:
    """Whether every row has the first row's columns: all plain rows then read alike (a plan
    with no field fed twice and no custom columns does not depend on column order)."""
    if fast.every_column_used:  # then a row with as many columns but others is a KeyError
        return set(map(len, rows)) == {len(first)}
    columns = first.keys()
    return all(map(columns.__eq__, map(dict.keys, rows)))


def _read_columns(rows: Sequence[Any], fast: FastPlan) -> Block | None:
    phones = _stripped(rows, fast.phone)
    if phones is None or not _all_e164(phones):
        return None
    items = [{"phone": phone} for phone in phones]
    for name, column in fast.texts:
        texts = _stripped(rows, column)
        if texts is None or max(map(len, texts)) > v.MAX_TEXT or not "".join(texts).isascii():
            return None
        for item, text in zip(items, texts, strict=True):
            if text:  # blank cells are left out, as to_item leaves them out
                item[name] = text
    # int() reads "+14155550100" as phone_key does "14155550100": the sign is "+".
    return Block(items, list(map(int, phones)))


def _stripped(rows: Sequence[Any], column: str) -> list[str] | None:
    cells = list(map(itemgetter(column), rows))
    return list(map(str.strip, cells)) if set(map(type, cells)) == {str} else None


def _all_e164(phones: list[str]) -> bool:
    lines = "\n".join(phones)
    return lines.count("\n") == len(phones) - 1 and _PHONE_LINES.fullmatch(lines) is not None
