"""Paging: pages in order, the next request already out, clean early stops and errors, on
every anyio backend (each test runs under asyncio and under trio)."""

from __future__ import annotations

import gc
import warnings

import anyio
import pytest

from transports.paging import page_stream, read_ahead

PAGES = {None: ("a", "t1"), "t1": ("b", "t2"), "t2": ("c", None)}
BACKENDS = ["asyncio", "trio"]
backends = pytest.mark.parametrize("backend", BACKENDS)


class Server:
    """Pages by token; records which fetches started and which completed."""

    def __init__(self, pages=PAGES, fail_on: str = "no page", hold: str = "no page") -> None:
        self.pages, self.fail_on, self.hold = pages, fail_on, hold
        self.started: list[str | None] = []
        self.finished: list[str | None] = []

    async def fetch(self, token: str | None) -> tuple[str, str | None]:
        self.started.append(token)
        await anyio.lowlevel.checkpoint()
        if token == self.hold:
            await anyio.sleep_forever()  # never answered
        if token == self.fail_on:
            raise LookupError(f"page {token} failed")
        self.finished.append(token)
        return self.pages[token]


def follow(page: tuple[str, str | None], previous: str | None) -> str | None:
    if page[1] is not None and page[1] == previous:
        raise ValueError("repeated token")
    return page[1]


def name(page: tuple[str, str | None]) -> str:
    return page[0]


def as_is(raw: tuple[str, str | None]) -> tuple[str, str | None]:
    return raw


def run(backend, scenario, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = anyio.run(scenario, *args, backend=backend)
        gc.collect()  # an unretrieved error or an unclosed stream would warn here
    return result


# -- page_stream: a producer task owned by the block ------------------------------------


@backends
def test_stream_pages_come_in_order_each_fetched_once(backend):
    server = Server()

    async def scenario():
        async with page_stream(server.fetch, follow) as pages:
            return [page[0] async for page in pages]

    assert run(backend, scenario) == ["a", "b", "c"]
    assert server.started == [None, "t1", "t2"]


@backends
def test_stream_fetches_the_next_page_while_the_block_holds_this_one(backend):
    server = Server(hold="t1")

    async def scenario():
        async with page_stream(server.fetch, follow) as pages:
            first = await anext(pages)
            await anyio.wait_all_tasks_blocked()
            assert first[0] == "a" and server.started == [None, "t1"]  # page two is out

    run(backend, scenario)


@backends
def test_leaving_the_stream_early_cancels_the_request_in_flight(backend):
    server = Server(hold="t1")

    async def scenario():
        with anyio.fail_after(5):
            async with page_stream(server.fetch, follow) as pages:
                async for _ in pages:
                    await anyio.wait_all_tasks_blocked()
                    break

    run(backend, scenario)
    assert server.started == [None, "t1"] and server.finished == [None]


@backends
def test_a_cancelled_block_cancels_the_producer(backend):
    server = Server(hold="t1")

    async def scenario():
        with anyio.move_on_after(0.05) as scope:
            async with page_stream(server.fetch, follow) as pages:
                await anext(pages)
                await anyio.sleep_forever()
        return scope.cancelled_caught

    assert run(backend, scenario) is True
    assert server.finished == [None]


@backends
def test_a_failed_fetch_ahead_is_raised_when_the_stream_reaches_its_page(backend):
    server = Server(fail_on="t1")
    seen = []

    async def scenario():
        async with page_stream(server.fetch, follow) as pages:
            async for page in pages:
                seen.append(page[0])

    with pytest.raises(LookupError, match="page t1"):  # as it is, not in an exception group
        run(backend, scenario)
    assert seen == ["a"]


@backends
def test_a_failed_fetch_ahead_left_behind_in_the_stream_is_dropped_quietly(backend):
    server = Server(fail_on="t1")

    async def scenario():
        async with page_stream(server.fetch, follow) as pages:
            first = await anext(pages)
            await anyio.wait_all_tasks_blocked()  # the failure now waits in the stream
        return first[0]

    assert run(backend, scenario) == "a"
    assert server.started == [None, "t1"]


@backends
def test_stream_next_token_errors_are_raised_at_their_page_and_stop_fetching(backend):
    server = Server(pages={None: ("a", "t"), "t": ("b", "t")})
    seen = []

    async def scenario():
        async with page_stream(server.fetch, follow) as pages:
            async for page in pages:
                seen.append(page[0])

    with pytest.raises(ValueError, match="repeated"):
        run(backend, scenario)
    assert seen == ["a"] and server.started == [None, "t"]  # "b" repeats a token: not used


@backends
def test_an_error_in_the_block_leaves_it_as_it_is_and_stops_the_producer(backend):
    server = Server(hold="t2")

    async def scenario():
        async with page_stream(server.fetch, follow) as pages:
            await anext(pages)
            raise KeyError("the caller's own")

    with pytest.raises(KeyError, match="the caller's own"):
        run(backend, scenario)
    assert "t2" not in server.finished


# -- read_ahead: a plain iterator, one task group per step ---------------------------------


@backends
def test_read_ahead_pages_come_in_order_parsed_each_fetched_once(backend):
    server = Server()

    async def scenario():
        return [n async for n in read_ahead(server.fetch, as_is, follow, name)]

    assert run(backend, scenario) == ["a", "b", "c"]
    assert server.started == [None, "t1", "t2"]


@backends
def test_read_ahead_has_the_next_request_out_before_the_page_is_handed_over(backend):
    server = Server()

    async def scenario():
        pages = read_ahead(server.fetch, as_is, follow, name)
        first = await anext(pages)
        assert first == "a" and server.started == [None, "t1"]  # page two already requested
        await pages.aclose()

    run(backend, scenario)


@backends
def test_a_cancelled_read_ahead_step_cancels_its_fetch(backend):
    server = Server(hold="t1")

    async def scenario():
        pages = read_ahead(server.fetch, as_is, follow, name)
        with anyio.move_on_after(0.05) as scope:
            await anext(pages)
        await pages.aclose()
        return scope.cancelled_caught

    assert run(backend, scenario) is True
    assert server.started == [None, "t1"] and server.finished == [None]


@backends
def test_a_failed_read_ahead_is_raised_when_its_page_is_reached(backend):
    server = Server(fail_on="t1")
    seen = []

    async def scenario():
        async for page in read_ahead(server.fetch, as_is, follow, name):
            seen.append(page)

    with pytest.raises(LookupError, match="page t1"):
        run(backend, scenario)
    assert seen == ["a"]


@backends
def test_a_failed_read_ahead_left_behind_is_dropped_quietly(backend):
    server = Server(fail_on="t1")

    async def scenario():
        pages = read_ahead(server.fetch, as_is, follow, name)
        first = await anext(pages)
        await pages.aclose()
        return first

    assert run(backend, scenario) == "a"


@backends
def test_read_ahead_next_token_errors_propagate_and_stop_fetching(backend):
    server = Server(pages={None: ("a", "t"), "t": ("b", "t")})
    seen = []

    async def scenario():
        async for page in read_ahead(server.fetch, as_is, follow, name):
            seen.append(page)

    with pytest.raises(ValueError, match="repeated"):
        run(backend, scenario)
    assert seen == ["a"] and server.started == [None, "t"]  # "b" repeats a token: not used


@backends
def test_a_parse_error_is_raised_as_it_is_and_cancels_the_fetch_ahead(backend):
    server = Server(hold="t1")

    def broken(page):
        raise TypeError(f"cannot parse {page[0]}")

    async def scenario():
        with anyio.fail_after(5):
            async for _ in read_ahead(server.fetch, as_is, follow, broken):
                pass

    with pytest.raises(TypeError, match="cannot parse a"):
        run(backend, scenario)
    assert server.started == [None, "t1"] and server.finished == [None]


@backends
def test_a_page_is_decoded_once_the_one_before_has_been_handed_over(backend):
    server = Server()
    decoded = []

    def decode(raw):
        decoded.append(raw[0])
        if raw[0] == "b":
            raise ValueError("not a page")
        return raw

    async def scenario():
        pages = read_ahead(server.fetch, decode, follow, name)
        assert await anext(pages) == "a" and decoded == ["a"]  # "b" arrived, not decoded
        with pytest.raises(ValueError, match="not a page"):
            await anext(pages)

    run(backend, scenario)
    assert server.started == [None, "t1"]


@backends
def test_a_single_page_is_parsed_without_a_fetch_ahead(backend):
    server = Server(pages={None: ("only", None)})

    async def scenario():
        return [n async for n in read_ahead(server.fetch, as_is, follow, name)]

    assert run(backend, scenario) == ["only"]
    assert server.started == [None]
