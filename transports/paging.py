"""Token paging that keeps the next request in flight while a page is read.

A listing of 20,000 numbers in pages of 100 spends as long parsing each page into models as
the server spends producing the next one; doing the two in turn halves the throughput. Both
forms here overlap them with anyio task groups (any anyio backend), so every task has an
owner:

- :func:`page_stream`, an async context manager: a producer task in the block's task group
  fetches page N+1 while the block consumes page N.
- :func:`read_ahead`, a plain async iterator: the request for page N+1 is out while page N
  is parsed, in a task group that closes before page N is handed over.

Either way a failed fetch (or a ``next_token`` error) is raised when its page is reached.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

import anyio
from anyio.lowlevel import checkpoint
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

P = TypeVar("P")
R = TypeVar("R")
W = TypeVar("W")
Fetch = Callable[[str | None], Awaitable[P]]
NextToken = Callable[[P, str | None], str | None]


class _Failed:
    """A fetch that raised, carried in place of its page."""

    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


class Pages(Generic[P]):
    """The pages of a :func:`page_stream`, in order."""

    def __init__(self, receive: MemoryObjectReceiveStream[P | _Failed]) -> None:
        self._receive = receive

    def __aiter__(self) -> Pages[P]:
        return self

    async def __anext__(self) -> P:
        try:
            item = await self._receive.receive()
        except anyio.EndOfStream:
            raise StopAsyncIteration from None
        if isinstance(item, _Failed):
            raise item.error
        return item


@asynccontextmanager
async def page_stream(fetch: Fetch[P], next_token: NextToken[P]) -> AsyncIterator[Pages[P]]:
    """Pages ``fetch(None)``, then ``fetch(token)`` while ``next_token(page, previous)``
    returns a token (it may raise, for example on a token seen before).

    A producer task fetches ahead into a one-slot stream. Leaving the block cancels it; an
    error raised in the block leaves it as it is, not wrapped in an exception group.
    """
    send, receive = anyio.create_memory_object_stream[P | _Failed](1)
    failure: Exception | None = None
    with receive:
        async with anyio.create_task_group() as group:
            group.start_soon(_produce, fetch, next_token, send)
            try:
                yield Pages(receive)
            except Exception as exc:
                failure = exc
            group.cancel_scope.cancel()
    if failure is not None:
        raise failure


async def _produce(
    fetch: Fetch[P], next_token: NextToken[P], out: MemoryObjectSendStream[P | _Failed]
) -> None:
    async with out:
        token: str | None = None
        while True:
            try:
                page = await fetch(token)
                following = next_token(page, token)
            except Exception as exc:
                await out.send(_Failed(exc))
                return
            await out.send(page)
            if following is None:
                return
            token = following


async def read_ahead(
    fetch: Fetch[W],
    decode: Callable[[W], P],
    next_token: NextToken[P],
    parse: Callable[[P], R],
) -> AsyncIterator[R]:
    """``parse(decode(raw))`` for every page ``fetch`` gets, following ``next_token`` as
    :func:`page_stream` does, the request for the next page out while a page is parsed.

    An async generator cannot own a task group across a ``yield`` (whoever finalises it,
    maybe another task, would exit the group), so each step opens one around the fetch of
    page N+1 and the parse of page N, and closes it before page N is handed over: no fetch
    is left running between steps, and page N comes once page N+1 has arrived.

    Page N+1 is decoded only once page N has been gone through, and the decoded page N
    is dropped only then: the objects of two pages never pile up in one step (they would
    set off the garbage collector on every page).
    """
    token: str | None = None
    page = decode(await fetch(None))
    while (following := next_token(page, token)) is not None:
        ahead = _Ahead(fetch, following)
        parsed = await _parse_while_fetching(parse, page, ahead)
        yield parsed
        del parsed
        page, token = decode(ahead.result()), following
    yield parse(page)


class _Ahead(Generic[P]):
    """One fetch whose error is kept until its page is reached."""

    def __init__(self, fetch: Fetch[P], token: str) -> None:
        self._fetch, self._token = fetch, token
        self._error: Exception | None = None

    async def run(self) -> None:
        try:
            self._page = await self._fetch(self._token)
        except Exception as exc:
            self._error = exc

    def result(self) -> P:
        if self._error is not None:
            raise self._error
        return self._page


async def _parse_while_fetching(parse: Callable[[P], R], page: P, ahead: _Ahead[W]) -> R:
    failure: Exception | None = None
    async with anyio.create_task_group() as group:
        group.start_soon(ahead.run)
        await checkpoint()  # let it write its request before the page is parsed
        try:
            parsed = parse(page)
        except Exception as exc:  # raised as it is below, not wrapped in an exception group
            failure = exc
            group.cancel_scope.cancel()
    if failure is not None:
        raise failure
    return parsed
