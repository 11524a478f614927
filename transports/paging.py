"""Token paging that keeps the next request in flight while a page is read.

A listing of 20,000 numbers in pages of 100 spends as long parsing each page into models as
the server spends producing the next one; doing the two in turn halves the throughput. With
:func:`read_ahead` the request for page N+1 leaves before page N is handed over.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any, TypeVar

P = TypeVar("P")
Fetch = Callable[[str | None], Coroutine[Any, Any, P]]


async def read_ahead(
    fetch: Fetch[P], next_token: Callable[[P, str | None], str | None]
) -> AsyncIterator[P]:
    """Yield ``fetch(None)``, then ``fetch(token)`` while ``next_token(page, previous)``
    returns a token (it may raise, for example on a token seen before).

    The next fetch starts before a page is yielded. Under asyncio it runs as a task; a
    task group cannot span a ``yield``, so the task is owned here and cancelled when the
    iteration stops early. Under another event loop the pages are fetched in turn.
    An error of a read-ahead fetch is raised when the iteration reaches that page.
    """
    token: str | None = None
    pending: Awaitable[P] | None = _start(fetch(None))
    try:
        while pending is not None:
            page = await pending
            pending = None
            token = next_token(page, token)
            if token is not None:
                pending = _start(fetch(token))
                if isinstance(pending, asyncio.Task):
                    await asyncio.sleep(0)  # let it write its request before we parse
            yield page
    finally:
        if pending is not None:
            await _discard(pending)


def _start(fetch: Coroutine[Any, Any, P]) -> Awaitable[P]:
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # not asyncio: no read-ahead
        return fetch
    return asyncio.ensure_future(fetch)


async def _discard(pending: Awaitable[Any]) -> None:
    if not isinstance(pending, asyncio.Task):
        pending.close()  # type: ignore[attr-defined]  # a coroutine never started
        return
    pending.cancel()
    # wait() does not raise the task's outcome, and a cancellation of the caller still does.
    await asyncio.wait([pending])
    if not pending.cancelled():
        pending.exception()  # retrieved: no "exception was never retrieved" warning
