"""The hot-path shortcuts in parsing, validation and bulk rows give what the general code
gives."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pytest

from sendblue_async import _validate as v
from sendblue_async._convert import converter
from sendblue_async.bulk._rows import _collect, field_for
from sendblue_async.errors import ValidationError
from sendblue_async.models import Contact, InboundMessage


def test_either_case_snake_only_and_mixed_keys_agree() -> None:
    snake = {"phone": "+14155550123", "first_name": "Ada", "last_name": None}
    mixed = {"phone": "+14155550123", "firstName": "Ada", "lastName": None}
    assert converter.structure(snake, Contact) == converter.structure(mixed, Contact)


def test_either_case_snake_only_keeps_no_extra() -> None:
    body = {"message_handle": "h", "content": "hi", "from_number": "+14155550123"}
    assert converter.structure(body, InboundMessage).extra == {}
    with_unknown = {**body, "brand_new": 1}
    assert converter.structure(with_unknown, InboundMessage).extra == {"brand_new": 1}


def test_unicode_check_still_rejects_lone_surrogates() -> None:
    assert v.required_text("f", "plain ascii") == "plain ascii"
    assert v.required_text("f", "café") == "café"
    with pytest.raises(ValidationError):
        v.required_text("f", "bad \ud800")


def _collect_by_cell(row: dict[object, object]) -> dict[str, object]:
    """The per-cell reading the column plan replaces."""
    fields: dict[str, object] = {}
    custom: dict[str, object] = {}
    for column, value in row.items():
        if value is None or value == "" or not isinstance(column, str):
            continue
        name = field_for(column)
        if name is None:
            continue
        if name.startswith("custom."):
            custom[name[len("custom."):]] = value
        else:
            fields.setdefault(name, value)
    if custom:
        given = fields.get("custom_variables")
        fields["custom_variables"] = {**given, **custom} if isinstance(given, dict) else custom
    return fields


@pytest.mark.parametrize(
    "row",
    [
        {"Phone": "+14155550123", "First Name": "Ada", "Ignored": "x", 3: "y"},
        {"number": "", "phone": "+14155550123", "custom.plan": "gold", "CUSTOM.tier": "1"},
        {"phone": None, "Phone Number": "+14155550123", "custom_variables": {"a": "b"},
         "custom.c": "d", "company": "Acme", "Company Name": "Other"},
    ],
)
def test_column_plan_reads_rows_as_cell_by_cell(row: dict[object, object]) -> None:
    assert _collect(row) == _collect_by_cell(row)


class _PairsMapping(Mapping[object, object]):
    """A Mapping over pairs, so its columns may be unhashable."""

    def __init__(self, pairs: list[tuple[object, object]]) -> None:
        self._pairs = pairs

    def __getitem__(self, key: object) -> object:
        return next(v for k, v in self._pairs if k == key)

    def __iter__(self) -> Iterator[object]:
        return iter([k for k, _ in self._pairs])

    def __len__(self) -> int:
        return len(self._pairs)


def test_column_plan_copes_with_unhashable_columns() -> None:
    row = _PairsMapping([(["odd"], "x"), ("phone", "+14155550123"), ("First Name", "Ada")])
    assert _collect(row) == {"phone": "+14155550123", "first_name": "Ada"}
