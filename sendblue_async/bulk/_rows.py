"""Input rows to bulk wire items: column spellings, CSV conventions and validation.

A row is a ``NewContact`` or a mapping such as a ``csv.DictReader`` row. Column names are
matched case-insensitively, with spaces and hyphens read as underscores.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple, TypeAlias

from .. import _validate as v
from .. import builders
from ..errors import ValidationError
from ..models import NewContact

Row: TypeAlias = Mapping[str, object] | NewContact

CUSTOM_PREFIX = "custom."
_FIELDS = {
    "phone": "phone", "number": "phone", "phone_number": "phone", "phonenumber": "phone",
    "first_name": "first_name", "firstname": "first_name",
    "last_name": "last_name", "lastname": "last_name",
    "company_name": "company_name", "companyname": "company_name", "company": "company_name",
    "tags": "tags",
    "custom_variables": "custom_variables", "customvariables": "custom_variables",
}
_CHECKS = builders.BULK_ITEM_CHECKS
# Fields checked as plain text, which the fast paths check inline (ASCII up to MAX_TEXT).
_TEXT_FIELDS = tuple(name for name, check in _CHECKS.items() if check is v.required_text)
_TAG_SEPARATORS = re.compile(r"[,;]")


@lru_cache(maxsize=1024)
def field_for(column: str) -> str | None:
    """The contact field a column feeds: a name from ``_FIELDS``, ``custom.<label>``, or
    ``None`` (the column is ignored)."""
    stripped = column.strip()
    if stripped.lower().startswith(CUSTOM_PREFIX) and len(stripped) > len(CUSTOM_PREFIX):
        return CUSTOM_PREFIX + stripped[len(CUSTOM_PREFIX):]
    return _FIELDS.get(stripped.lower().replace(" ", "_").replace("-", "_"))


def to_item(row: object) -> dict[str, Any]:
    """The checked bulk item for a row; raises ``ValidationError`` saying why it is bad."""
    if type(row) is dict and (fast := fast_plan(tuple(row))) is not None:
        try:
            item = _fast_item(row, fast)
        except ValidationError:
            item = None
        if item is not None:
            return item
    return _general_item(row)


def _general_item(row: object) -> dict[str, Any]:
    if isinstance(row, NewContact):
        return builders.bulk_contact_item(row)
    if not isinstance(row, Mapping):
        raise ValidationError("row", "must be a mapping or a NewContact")
    fields = _collect(row)
    phone = _strip(fields.pop("phone", None))
    if phone is None or phone == "":
        raise ValidationError("phone", "is missing")
    given: dict[str, Any] = {"phone": phone}
    for name in _TEXT_FIELDS:
        if (text := _strip(fields.get(name))) not in (None, ""):
            given[name] = text
    given["tags"] = _tags(fields.get("tags"))
    given["custom_variables"] = fields.get("custom_variables")
    return builders.bulk_contact_item(NewContact(**given))


def _collect(row: Mapping[Any, object]) -> dict[str, Any]:
    """Known fields of a row (first non-empty column wins); ``custom.*`` columns merged into
    ``custom_variables``."""
    fields: dict[str, Any] = {}
    custom: dict[str, object] = {}
    for column, name, label in _plan_for(row):
        value = row[column]
        if value is None or value == "":
            continue
        if label is not None:
            custom[label] = value
        else:
            fields.setdefault(name, value)
    if custom:
        given = fields.get("custom_variables")
        fields["custom_variables"] = {**given, **custom} if isinstance(given, Mapping) else custom
    return fields


Plan: TypeAlias = tuple[tuple[str, str, str | None], ...]


def _plan_for(row: Mapping[Any, object]) -> Plan:
    """(column, field, custom label or ``None``) for the columns that feed a field, in order.

    Rows from one ``csv.DictReader`` share their columns, so the plan is made once per
    header instead of once per cell.
    """
    columns = tuple(row)
    try:
        return _column_plan(columns)
    except TypeError:  # an unhashable column (some exotic Mapping): plan it uncached
        return _column_plan.__wrapped__(columns)


@lru_cache(maxsize=256)
def _column_plan(columns: tuple[object, ...]) -> Plan:
    plan: list[tuple[str, str, str | None]] = []
    for column in columns:
        if not isinstance(column, str) or (name := field_for(column)) is None:
            continue
        label = name[len(CUSTOM_PREFIX):] if name.startswith(CUSTOM_PREFIX) else None
        plan.append((column, name, label))
    return tuple(plan)


class FastPlan(NamedTuple):
    """A header in which no field has two columns, for ``_fast_item`` and ``read_block``."""

    phone: str
    texts: tuple[tuple[str, str], ...]  # (field, column), in _TEXT_FIELDS order
    tags: str | None
    custom: tuple[tuple[str, str], ...]  # (column, label)
    every_column_used: bool  # no column of the header is ignored


@lru_cache(maxsize=256)
def fast_plan(columns: tuple[object, ...]) -> FastPlan | None:
    """The fast reading of a header, or ``None`` if only the general one applies: no phone
    column, a field fed by two columns, or a ``custom_variables`` column to merge into."""
    plan = _column_plan(columns)
    named = {name: column for column, name, label in plan if label is None}
    custom = tuple((column, label) for column, _, label in plan if label is not None)
    if len(named) + len(custom) < len(plan) or "custom_variables" in named:
        return None
    if (phone := named.get("phone")) is None:
        return None
    texts = tuple((name, named[name]) for name in _TEXT_FIELDS if name in named)
    return FastPlan(phone, texts, named.get("tags"), custom, len(plan) == len(columns))


def _fast_item(row: dict[Any, object], fast: FastPlan) -> dict[str, Any] | None:
    """What ``_general_item`` makes of a good row of ``str`` or ``None`` cells, without its
    intermediate dicts. ``None`` (or a ``ValidationError``) when the row is anything else:
    the general path then reads it again, and raises what it always raised."""
    phone = row[fast.phone]
    if type(phone) is not str:
        return None
    item: dict[str, Any] = {"phone": _CHECKS["phone"]("phone", phone.strip())}
    for name, column in fast.texts:
        text = row[column]
        if type(text) is str:
            if text := text.strip():
                ascii_ok = len(text) <= v.MAX_TEXT and text.isascii()
                item[name] = text if ascii_ok else v.required_text(name, text)
        elif text is not None:
            return None
    if fast.tags is None and not fast.custom:
        return item
    return _fast_extras(row, fast, item)


def _fast_extras(
    row: dict[Any, object], fast: FastPlan, item: dict[str, Any]
) -> dict[str, Any] | None:
    if fast.tags is not None and (tags := row[fast.tags]) is not None:
        if type(tags) is not str:
            return None
        if (split := _tags(tags)) is not None:
            item["tags"] = _CHECKS["tags"]("tags", split)
    custom: dict[str, object] = {}
    for column, label in fast.custom:
        if type(value := row[column]) is str:
            if value:
                custom[label] = value
        elif value is not None:
            return None
    if custom:
        item["custom_variables"] = _CHECKS["custom_variables"]("custom_variables", custom)
    return item


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _tags(value: object) -> object:
    if not isinstance(value, str):
        return value
    tags = [tag.strip() for tag in _TAG_SEPARATORS.split(value)]
    return [tag for tag in tags if tag] or None


def raw_phone(row: object) -> str | None:
    """The phone as the row gave it (for the report), whatever its shape."""
    if isinstance(row, NewContact):
        return row.phone if isinstance(row.phone, str) else None
    if isinstance(row, Mapping):
        for column, value in row.items():
            if isinstance(column, str) and field_for(column) == "phone" and value:
                return str(value)
    return None
