"""The bulk importer's fast paths give exactly what its general code gives: a dict row read
through its header plan (``_fast_item``), a chunk of rows read column by column
(``read_block``), keys added a chunk at a time (``PhoneSet.add_all``), and chunked reading
of a list against row-by-row reading of an async iterable."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import AsyncIterator
from typing import Any

import anyio
import pytest
from anyio.lowlevel import checkpoint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendblue_async import NewContact, SendblueClient, builders
from sendblue_async.bulk import ImportReport, import_contacts
from sendblue_async.bulk._block import read_block
from sendblue_async.bulk._phoneset import PhoneSet, phone_key
from sendblue_async.bulk._rows import _general_item, to_item
from sendblue_async.errors import ValidationError
from sendblue_async.fake import FakeSendblue
from transports import (
    FakeClock,
    FakeTransport,
    Response,
    ServerRequest,
    encode_body,
    json_response,
)

FUZZ = settings(max_examples=200, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

PHONE_COLUMNS = ["phone", "Phone", "number"]
COLUMNS = [*PHONE_COLUMNS, "First Name", "first_name", "last_name", "Company", "tags",
           "custom.plan", "CUSTOM.tier", "custom_variables", "notes", 3, None]
GOOD_PHONES = st.builds(lambda n, pad: f"{pad}+1{n}{pad[::-1]}",
                        st.integers(10**9, 10**10 - 1), st.sampled_from(["", "", " ", "\t "]))
BAD_PHONES = st.sampled_from(["+1415555", "4155550100", "+04155550100", "+1415555\n+1415556",
                              "+\u0661\u0664\u0661\u0665\u0665\u0665\u0660\u0661", ""])
PHONES = st.one_of(*[GOOD_PHONES] * 9, BAD_PHONES)
PLAIN_TEXTS = st.text(alphabet="ab ;,", max_size=6)
ODD_TEXTS = st.sampled_from(["Zo\u00eb", "bad \ud800", "x" * 1001, " " + "y" * 1000 + " ",
                             "a\nb", "   "])
TEXTS = st.one_of(*[PLAIN_TEXTS] * 9, ODD_TEXTS)
CELLS = st.one_of(PHONES, TEXTS, st.none(), st.integers(-2, 2), st.just(["x"]),
                  st.just({"a": "1"}), st.just({"a": 1}))


def cells_for(column: object, odd: bool) -> st.SearchStrategy[object]:
    if odd:
        return CELLS
    return PHONES if column in PHONE_COLUMNS else st.one_of(*[TEXTS] * 9, st.none())


@st.composite
def headers(draw: st.DrawFn) -> list[object]:
    """Columns, nearly always with one for the phone."""
    columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=4, unique=True))
    if draw(st.integers(0, 9)):
        columns.insert(0, draw(st.sampled_from(PHONE_COLUMNS)))
    return list(dict.fromkeys(columns))


@st.composite
def dict_rows(draw: st.DrawFn) -> dict[Any, object]:
    odd = draw(st.integers(0, 3)) == 0
    return {column: draw(cells_for(column, odd)) for column in draw(headers())}


@st.composite
def chunks(draw: st.DrawFn) -> list[dict[Any, object]]:
    """Rows sharing a header, mostly of plain cells; now and then a row differs."""
    header = draw(headers())
    odd = draw(st.integers(0, 3)) == 0
    shaped = st.fixed_dictionaries({column: cells_for(column, odd) for column in header})
    chunk = draw(st.lists(shaped, min_size=1, max_size=8))
    if draw(st.integers(0, 3)) == 0:
        chunk.insert(draw(st.integers(0, len(chunk))), draw(dict_rows()))
    return chunk


def outcome(read: Any, row: object) -> tuple[object, ...]:
    """What reading a row gives, key order included (it is the order on the wire)."""
    try:
        item = read(row)
    except ValidationError as exc:
        return ("rejected", str(exc))
    return ("item", list(item.items()))


@FUZZ
@given(dict_rows())
def test_a_dict_row_reads_as_the_general_code_reads_it(row: dict[Any, object]) -> None:
    assert outcome(to_item, row) == outcome(_general_item, row)


def accepted(rows: list[dict[Any, object]]) -> list[dict[str, Any]]:
    items = []
    for row in rows:
        with contextlib.suppress(ValidationError):
            items.append(to_item(row))
    return items


@FUZZ
@given(chunks())
def test_the_importer_sends_the_bytes_the_general_bulk_builder_sends(
    chunk: list[dict[Any, object]],
) -> None:
    block = read_block(chunk)
    items = block.items if block is not None else accepted(chunk)
    if items:
        sent = builders.bulk_create_checked(items)
        general = builders.bulk_create_contacts([NewContact(**item) for item in items])
        assert encode_body(sent) == encode_body(general)


@FUZZ
@given(chunks())
def test_a_block_is_what_reading_row_by_row_gives(chunk: list[dict[Any, object]]) -> None:
    block = read_block(chunk)
    if block is not None:
        assert [("item", list(item.items())) for item in block.items] == [
            outcome(to_item, row) for row in chunk]
        assert block.keys == [phone_key(item["phone"]) for item in block.items]


@pytest.mark.parametrize("extras", [
    {"tags": ["x"]}, {"tags": " a;; b ,"}, {"tags": ""}, {"tags": None},
    {"custom.plan": "", "custom.tier": None, "custom.x": " y "}, {"custom.plan": 3},
])
def test_tags_and_custom_cells_read_as_the_general_code_reads_them(
    extras: dict[str, object],
) -> None:
    row = {"phone": "+14155550100", "First Name": "Ada", **extras}
    assert outcome(to_item, row) == outcome(_general_item, row)


@st.composite
def plain_chunks(draw: st.DrawFn) -> list[dict[Any, object]]:
    """Rows with one header of a phone and name columns (perhaps an ignored one too), in
    any column order, of cells that need at most stripping."""
    names = ["First Name", "last_name", "Company", "notes"]
    header = [draw(st.sampled_from(PHONE_COLUMNS)), *draw(st.lists(
        st.sampled_from(names), max_size=4, unique=True))]
    cells = {column: GOOD_PHONES if column in PHONE_COLUMNS else PLAIN_TEXTS
             for column in header}
    return [dict(draw(st.permutations(list(draw(st.fixed_dictionaries(cells)).items()))))
            for _ in range(draw(st.integers(1, 6)))]


@FUZZ
@given(plain_chunks())
def test_plain_rows_are_read_as_a_block(chunk: list[dict[Any, object]]) -> None:
    block = read_block(chunk)
    assert block is not None
    assert [list(item.items()) for item in block.items] == [
        list(to_item(row).items()) for row in chunk]


def test_plain_rows_with_blank_and_ignored_cells_are_read_as_a_block() -> None:
    text = "Phone,First Name,last_name,notes\n+14155550100, Ada ,,x\n+14155550101,,Hopper,\n"
    rows: list[dict[Any, object]] = list(csv.DictReader(io.StringIO(text)))
    block = read_block(rows)
    assert block is not None
    assert block.items == [to_item(row) for row in rows] == [
        {"phone": "+14155550100", "first_name": "Ada"},
        {"phone": "+14155550101", "last_name": "Hopper"}]
    assert read_block([*rows, {"Phone": "+14155550102", "First Name": "x", "last_name": "y",
                               "Company": "z"}]) is None  # as many columns, another one
    assert read_block([{"phone": "+14155550100"}, {"phone": None}]) is None


@pytest.mark.parametrize(("column", "cell"), [
    ("first_name", "Zo\u00eb"),  # fine, but only row by row reading checks non-ASCII text
    ("first_name", "bad \ud800"),
    ("first_name", "x" * 1001),
    ("first_name", None),
    ("first_name", 7),
    ("phone", "+14155550100\n+14155550101"),
    ("phone", "+\u0661\u0664\u0661\u0665\u0665\u0665\u0660\u0661\u0660\u0660"),
    ("phone", " "),
])
def test_what_a_block_cannot_vouch_for_is_read_row_by_row(column: str, cell: object) -> None:
    rows: list[dict[Any, object]] = [
        {"phone": f"+1415555010{i}", "first_name": "Ada"} for i in range(3)]
    assert read_block(rows) is not None
    rows[1][column] = cell
    assert read_block(rows) is None
    assert read_block([rows[0], NewContact("+14155550109")]) is None


@FUZZ
@given(st.lists(st.lists(st.integers(0, 3000), max_size=40), max_size=12))
def test_add_all_is_add_for_each_key_in_turn(chunked: list[list[int]]) -> None:
    one_by_one, together = PhoneSet(capacity=4), PhoneSet(capacity=4)
    for keys in chunked:
        expected = [i for i, key in enumerate(keys) if not one_by_one.add(key)]
        assert together.add_all(keys) == expected
    everything = {key for keys in chunked for key in keys}
    assert len(together) == len(one_by_one) == len(everything - {0})
    assert all(key in together for key in everything - {0})


def test_a_set_sized_for_a_list_never_grows() -> None:
    rows = [{"phone": f"+1415{i:07d}"} for i in range(5000)]
    phones = PhoneSet.sized_for(rows)
    slots = len(phones._slots)
    assert phones.add_all([phone_key(row["phone"]) for row in rows]) == []
    assert len(phones._slots) == slots and len(phones) == 5000
    assert len(PhoneSet.sized_for(row for row in rows)) == 0  # no length to go by


# --------------------------------------------------------------------------- the importer


class Refusing:
    """The fake, refusing (400) any bulk request that holds one of ``refuse``."""

    def __init__(self, fake: FakeSendblue, refuse: set[str]) -> None:
        self.fake, self.refuse = fake, refuse
        self.bodies: list[list[dict[str, Any]]] = []

    async def __call__(self, request: ServerRequest) -> Response:
        items = request.json()["contacts"]
        if self.refuse & {item["phone"] for item in items}:
            return json_response(400, {"status": "ERROR", "message": "invalid contact"})
        self.bodies.append(items)
        return await self.fake(request)


def mixed_rows() -> list[dict[str, object]]:
    """Plain stretches (read as blocks) and stretches with duplicates, bad rows, ``None``
    cells and custom columns (read row by row)."""
    rows: list[dict[str, object]] = []
    for i in range(60):
        rows.append({"phone": f"+1415555{i:04d}", "first_name": f"F{i}", "last_name": "L"})
    rows[7]["phone"] = "+14155550003"  # a duplicate inside a block
    rows[25]["phone"] = "bad"
    rows[31]["last_name"] = None
    rows[44] = {"phone": "+14155550050", "custom.plan": "gold"}
    rows[52]["phone"] = "+14155550010"  # a duplicate of an earlier block
    return rows


async def rows_one_by_one(rows: list[dict[str, object]]) -> AsyncIterator[dict[str, object]]:
    for row in rows:
        yield row


async def run_import(rows: Any, journal: Any = None) -> tuple[ImportReport, list[Any]]:
    server = Refusing(FakeSendblue(), refuse={"+14155550020"})
    client = SendblueClient("sb-test-key", "sb-test-secret", base_url="https://x.test",
                            transport=FakeTransport(server), clock=FakeClock())
    report = await import_contacts(client, rows, batch_size=8, max_concurrency=1,
                                   journal=journal)
    return report, server.bodies


def summary(report: ImportReport) -> tuple[object, ...]:
    return (report.total, report.imported, report.skipped,
            [(o.row, o.phone, o.reason) for o in report.rejected],
            [(o.row, o.phone, o.reason) for o in report.failed])


async def test_chunks_of_a_list_import_as_rows_of_an_async_iterable_do() -> None:
    rows = mixed_rows()
    chunked, chunked_bodies = await run_import(rows)
    one_by_one, bodies = await run_import(rows_one_by_one(rows))
    assert summary(chunked) == summary(one_by_one)
    assert chunked_bodies == bodies
    counts = (chunked.total, chunked.imported, len(chunked.rejected), len(chunked.failed))
    assert counts == (60, 55, 4, 1)


@pytest.mark.parametrize("reader", [list, rows_one_by_one])
async def test_a_resumed_import_of_blocks_skips_what_the_journal_holds(tmp_path, reader):
    rows = mixed_rows()
    journal = tmp_path / "import.journal"
    await run_import(rows[:30], journal)
    resumed, _ = await run_import(reader(rows), journal)
    first, _ = await run_import(rows)
    assert resumed.skipped > 0 and resumed.total == 60
    assert resumed.imported + resumed.skipped == first.imported
    assert [o.row for o in resumed.rejected] == [o.row for o in first.rejected]


async def test_a_long_run_of_bad_rows_lets_other_tasks_run(client) -> None:
    ticks, finished = 0, False

    async def ticker() -> None:
        nonlocal ticks
        while not finished:
            ticks += 1
            await checkpoint()

    async with anyio.create_task_group() as group:
        group.start_soon(ticker)
        report = await import_contacts(client, [{"phone": "bad"}] * 5000, batch_size=500)
        finished = True
    assert len(report.rejected) == 5000
    assert ticks > 5000 // 1024  # the first tick, then one a checkpoint
