"""read_ahead: pages in order, the next request already out, clean early stops and errors."""

from __future__ import annotations

import asyncio
import gc
import warnings

import pytest

from transports.paging import read_ahead

PAGES = {None: ("a", "t1"), "t1": ("b", "t2"), "t2": ("c", None)}


class Server:
    """Pages by token; records which fetches started and which completed."""

    def __init__(self, pages=PAGES, fail_on: str = "no page", hold: str = "no page") -> None:
        self.pages, self.fail_on, self.hold = pages, fail_on, hold
        self.started: list[str | None] = []
        self.finished: list[str | None] = []

    async def fetch(self, token: str | None) -> tuple[str, str | None]:
        self.started.append(token)
        if token == self.hold:
            await asyncio.Event().wait()  # never answered
        if token == self.fail_on:
            raise LookupError(f"page {token} failed")
        self.finished.append(token)
        return self.pages[token]


def follow(page: tuple[str, str | None], previous: str | None) -> str | None:
    if page[1] is not None and page[1] == previous:
        raise ValueError("repeated token")
    return page[1]


async def test_pages_come_in_order_each_fetched_once():
    server = Server()
    assert [p[0] async for p in read_ahead(server.fetch, follow)] == ["a", "b", "c"]
    assert server.started == [None, "t1", "t2"]


async def test_the_next_request_is_out_before_the_page_is_handed_over():
    server = Server()
    pages = read_ahead(server.fetch, follow)
    first = await anext(pages)
    assert first[0] == "a"
    assert server.started == [None, "t1"]  # page two already requested
    await pages.aclose()


async def test_stopping_early_cancels_the_request_in_flight():
    server = Server(hold="t1")
    pages = read_ahead(server.fetch, follow)
    await anext(pages)
    await asyncio.sleep(0)
    await pages.aclose()
    assert server.started == [None, "t1"] and server.finished == [None]
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


async def test_a_failed_read_ahead_is_raised_when_its_page_is_reached():
    server = Server(fail_on="t1")
    seen = []
    with pytest.raises(LookupError, match="page t1"):
        async for page in read_ahead(server.fetch, follow):
            seen.append(page[0])
    assert seen == ["a"]


async def test_a_failed_read_ahead_left_behind_leaves_no_unretrieved_exception():
    server = Server(fail_on="t1")
    pages = read_ahead(server.fetch, follow)
    await anext(pages)
    await asyncio.sleep(0)  # let the read-ahead fail before the iteration is dropped
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        await pages.aclose()
        gc.collect()


async def test_next_token_errors_propagate_and_stop_fetching():
    server = Server(pages={None: ("a", "t"), "t": ("b", "t")})
    seen = []
    with pytest.raises(ValueError, match="repeated"):
        async for page in read_ahead(server.fetch, follow):
            seen.append(page[0])
    assert seen == ["a"] and server.started == [None, "t"]  # "b" repeats a token: not used


def test_without_asyncio_pages_are_fetched_in_turn():
    server = Server.__new__(Server)
    server.pages, server.started = PAGES, []

    async def fetch(token):
        server.started.append(token)
        return server.pages[token]

    async def collect():
        return [p[0] async for p in read_ahead(fetch, follow)]

    coro = collect()
    with pytest.raises(StopIteration) as stop:  # driven by hand: no event loop running
        coro.send(None)
    assert stop.value.value == ["a", "b", "c"]


def test_without_asyncio_an_early_stop_closes_the_fetch_never_started():
    started: list[str | None] = []

    async def fetch(token):
        started.append(token)
        return PAGES[token]

    async def first_page_only():
        pages = read_ahead(fetch, follow)
        page = await anext(pages)
        await pages.aclose()
        return page

    coro = first_page_only()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "coroutine ... was never awaited" would fail here
        with pytest.raises(StopIteration) as stop:
            coro.send(None)
        gc.collect()
    assert stop.value.value == ("a", "t1") and started == [None]
