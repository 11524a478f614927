"""``import_contacts``: a reader task feeding batches to workers through a bounded stream.

The reader validates rows and fills batches; at most ``max_concurrency`` workers send them,
each request holding a token of the capacity limiter. The stream has no buffer, so at most
``max_concurrency + 1`` batches exist at any time, whatever the number of rows.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterable, Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

import anyio
import attrs
from anyio.abc import ObjectReceiveStream, ObjectSendStream
from anyio.lowlevel import checkpoint

from .. import _validate as v
from .. import builders, errors
from ._block import read_block
from ._input import INPUT_ERRORS, input_error
from ._journal import Journal, journal_at
from ._phoneset import PhoneSet, phone_key
from ._report import ImportProgress, ImportReport, RowOutcome, Tally
from ._rows import Row, raw_phone, to_item

if TYPE_CHECKING:
    from ..client import SendblueClient

# 413: the batch is too big; 400/422: some item is bad. Halving fixes both.
_SPLIT_STATUSES = frozenset({400, 413, 422})
_API_ERRORS = (errors.APIStatusError, errors.APIConnectionError, errors.ResponseDecodeError)
_CHECKPOINT_EVERY = 1024


@attrs.frozen
class _Batch:
    rows: list[int] = attrs.field(factory=list)
    items: list[dict[str, Any]] = attrs.field(factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def halves(self) -> tuple[_Batch, _Batch]:
        mid = len(self.rows) // 2
        return (_Batch(self.rows[:mid], self.items[:mid]),
                _Batch(self.rows[mid:], self.items[mid:]))


async def import_contacts(
    client: SendblueClient,
    rows: Iterable[Row] | AsyncIterable[Row],
    *,
    batch_size: int = 500,
    max_concurrency: int = 8,
    limiter: anyio.CapacityLimiter | None = None,
    journal: str | os.PathLike[str] | None = None,
    on_progress: Callable[[ImportProgress], object] | None = None,
    update_if_exists: bool = False,
) -> ImportReport:
    """Import contacts from ``rows`` (mappings such as CSV rows, or ``NewContact``).

    Batches go to ``POST /api/v2/contacts/bulk``; ``update_if_exists=True`` sends one
    ``POST /api/v2/contacts`` upsert per row instead. Bad rows are rejected before sending,
    API errors are recorded per row; anything else (a bug, cancellation) propagates. With
    ``journal`` (a file path) rows imported by an earlier run are skipped.

    A row that cannot be read (``UnicodeDecodeError``, ``csv.Error``) ends the input: the
    rows before it are imported, then ``ImportInputError`` is raised (a text file decodes
    ahead, so a bad byte may be a few rows further on: ``csv_rows`` reads a file line by
    line and names the exact row). A journal that cannot be used raises ``JournalError``.
    Both carry the report so far as ``error.report``.
    """
    v.bounded_int("batch_size", batch_size, low=1, high=2**31)
    v.bounded_int("max_concurrency", max_concurrency, low=1, high=2**31)
    tally = Tally(client.clock.now())
    try:
        async with journal_at(journal) as (store, done):
            importer = _Importer(
                client, tally, batch_size=batch_size, workers=max_concurrency,
                limiter=limiter or anyio.CapacityLimiter(max_concurrency), journal=store,
                done=done, seen=PhoneSet.sized_for(rows), on_progress=on_progress,
                per_row=update_if_exists,
            )
            return await importer.run(rows)
    except errors.BulkImportError as stopped:
        stopped.report = tally.report(client.clock.now())
        raise


class _Importer:
    def __init__(
        self,
        client: SendblueClient,
        tally: Tally,
        *,
        batch_size: int,
        workers: int,
        limiter: anyio.CapacityLimiter,
        journal: Journal | None,
        done: PhoneSet,
        seen: PhoneSet,
        on_progress: Callable[[ImportProgress], object] | None,
        per_row: bool,
    ) -> None:
        self._client, self._limiter, self._journal = client, limiter, journal
        self._batch_size, self._workers, self._per_row = batch_size, workers, per_row
        self._done, self._seen = done, seen
        self._resuming = len(done) > 0  # without a journal, skip a lookup per row
        self._on_progress = on_progress
        self._tally = tally
        self._stop: errors.ImportInputError | None = None  # a row could not be read

    async def run(self, rows: Iterable[Row] | AsyncIterable[Row]) -> ImportReport:
        send, receive = anyio.create_memory_object_stream[_Batch](0)
        try:
            async with anyio.create_task_group() as group, receive:
                for _ in range(self._workers):
                    group.start_soon(self._work, receive.clone())
                group.start_soon(self._read, rows, send)
        except BaseExceptionGroup as failures:
            raise _sole(failures) from None
        self._report_progress()
        if self._stop is not None:
            raise self._stop
        return self._tally.report(self._client.clock.now())

    async def _read(
        self, rows: Iterable[Row] | AsyncIterable[Row], out: ObjectSendStream[_Batch]
    ) -> None:
        async with out:
            if isinstance(rows, AsyncIterable):
                batch = await self._read_async(rows, out)
            else:
                batch = await self._read_chunks(iter(rows), out)
            if batch:
                await out.send(batch)

    async def _read_async(self, rows: AsyncIterable[Row], out: ObjectSendStream[_Batch]) -> _Batch:
        batch = _Batch()
        try:
            async for row in rows:
                if self._take(row, batch):
                    await out.send(batch)
                    batch = _Batch()
        except INPUT_ERRORS as exc:
            self._stop = input_error(exc, self._tally.total + 1)
        return batch

    async def _read_chunks(self, rows: Iterator[Row], out: ObjectSendStream[_Batch]) -> _Batch:
        """Read no further than the batch needs, and at most ``_CHECKPOINT_EVERY`` rows
        between two awaits."""
        batch, budget = _Batch(), _CHECKPOINT_EVERY
        while chunk := self._next_chunk(rows, min(self._batch_size - len(batch), budget)):
            if self._take_chunk(chunk, batch):
                await out.send(batch)
                batch, budget = _Batch(), _CHECKPOINT_EVERY
            elif not (budget := budget - len(chunk)):
                await checkpoint()  # a long run of bad rows must not starve the loop
                budget = _CHECKPOINT_EVERY
        return batch

    def _next_chunk(self, rows: Iterator[Row], size: int) -> list[Row]:
        """Up to ``size`` rows. A row that cannot be read ends the input: the rows read
        before it are kept, the error is kept for the end of the import."""
        chunk: list[Row] = []
        if self._stop is None:
            try:
                chunk.extend(islice(rows, size))  # keeps what was read if islice raises
            except INPUT_ERRORS as exc:
                self._stop = input_error(exc, self._tally.total + len(chunk) + 1)
        return chunk

    def _take_chunk(self, chunk: list[Row], batch: _Batch) -> bool:
        """``_take`` each row; ``chunk`` is no longer than the room left in ``batch``."""
        block = read_block(chunk)
        if block is None:
            full = False
            for row in chunk:
                full = self._take(row, batch)
            return full
        tally = self._tally
        first = tally.total + 1
        tally.total += len(chunk)
        repeated = self._seen.add_all(block.keys)
        if repeated or self._resuming:
            repeats = set(repeated)
            for offset, (item, key) in enumerate(zip(block.items, block.keys, strict=True)):
                self._place(first + offset, item, key, offset not in repeats, batch)
        else:
            batch.rows.extend(range(first, first + len(chunk)))
            batch.items.extend(block.items)
        return len(batch) >= self._batch_size

    def _take(self, row: object, batch: _Batch) -> bool:
        """Check one row into ``batch`` (or into the report); ``True`` when batch is full."""
        tally = self._tally
        tally.total += 1
        try:
            item = to_item(row)
        except errors.ValidationError as exc:
            tally.rejected.append(RowOutcome(tally.total, raw_phone(row), str(exc)))
            return False
        key = phone_key(item["phone"])
        self._place(tally.total, item, key, self._seen.add(key), batch)
        return len(batch.rows) >= self._batch_size

    def _place(self, number: int, item: dict[str, Any], key: int, new: bool,
               batch: _Batch) -> None:
        """A checked row into ``batch``, unless it repeats a phone or was imported before."""
        if not new:
            reason = "duplicate phone: an earlier row has the same number"
            self._tally.rejected.append(RowOutcome(number, item["phone"], reason))
        elif self._resuming and key in self._done:
            self._tally.skipped += 1
        else:
            batch.rows.append(number)
            batch.items.append(item)

    async def _work(self, batches: ObjectReceiveStream[_Batch]) -> None:
        async with batches:
            async for batch in batches:
                if self._per_row:
                    await self._send_rows(batch)
                else:
                    await self._send_bulk(batch)
                self._report_progress()

    async def _send_bulk(self, batch: _Batch) -> None:
        spec = builders.bulk_create_checked(batch.items)
        try:
            async with self._limiter:
                await self._client.call(spec)
        except _API_ERRORS as exc:
            if _splittable(exc) and len(batch) > 1:
                for half in batch.halves():
                    await self._send_bulk(half)
            else:
                self._fail(batch, exc)
        else:
            self._succeed(batch)

    async def _send_rows(self, batch: _Batch) -> None:
        imported = _Batch()
        for number, item in zip(batch.rows, batch.items, strict=True):
            try:
                async with self._limiter:
                    await self._upsert(item)
            except _API_ERRORS as exc:
                self._fail(_Batch([number], [item]), exc)
            else:
                imported.rows.append(number)
                imported.items.append(item)
        self._succeed(imported)

    async def _upsert(self, item: dict[str, Any]) -> None:
        phone = item["phone"]
        await self._client.call(builders.create_contact(
            phone, first_name=item.get("first_name"), last_name=item.get("last_name"),
            tags=item.get("tags"), custom_variables=item.get("custom_variables"),
            update_if_exists=True,
        ))
        # POST /api/v2/contacts does not document company_name; PUT does.
        if (company := item.get("company_name")) is not None:
            await self._client.call(builders.update_contact(phone, company_name=company))

    def _succeed(self, batch: _Batch) -> None:
        # Committed before the counts move, so progress never reports an unjournaled row.
        if self._journal is not None and batch:
            try:
                self._journal.record(phone_key(item["phone"]) for item in batch.items)
            except errors.JournalError:
                self._tally.imported += len(batch)  # imported all the same, as the report says
                raise
        self._tally.imported += len(batch)

    def _fail(self, batch: _Batch, error: errors.SendblueError) -> None:
        reason = str(error)
        self._tally.failed.extend(
            RowOutcome(number, item["phone"], reason, error)
            for number, item in zip(batch.rows, batch.items, strict=True)
        )

    def _report_progress(self) -> None:
        if self._on_progress is not None:
            self._on_progress(self._tally.progress(self._client.clock.now()))


def _splittable(error: errors.SendblueError) -> bool:
    return isinstance(error, errors.APIStatusError) and error.status in _SPLIT_STATUSES


def _sole(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The error a failed import raises. Several workers can meet the same failure at once
    (a full disk fails every journal write), and the reader then finds its stream broken:
    the first of this package's errors stands for them all. Any other single error is
    raised as it is; several unrelated ones as the group."""
    leaves = _leaves(group)
    ours = [e for e in leaves if isinstance(e, errors.SendblueError)]
    if ours:
        return ours[0]
    others = [e for e in leaves if not isinstance(e, anyio.BrokenResourceError)]
    return others[0] if len(others) == 1 else group


def _leaves(error: BaseException) -> list[BaseException]:
    if not isinstance(error, BaseExceptionGroup):
        return [error]
    return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
