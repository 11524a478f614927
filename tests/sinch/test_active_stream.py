"""``sinch.active.stream``: every number, the next page fetched by a task the block owns;
``sinch.active.list`` the same numbers as a plain iterator, on every anyio backend."""

import anyio
import pytest

from sinch_numbers import APIStatusError, ResponseDecodeError, SinchNumbers
from transports import FakeTransport, Response, ServerRequest, json_response

from .test_sinch_client import rent

NUMBERS = [f"+1202555{n:04d}" for n in range(100, 105)]


async def rent_all(client) -> None:
    for number in NUMBERS:
        await rent(client, number)


async def test_stream_lists_every_page(client, fake):
    await rent_all(client)
    async with client.active.stream(page_size=2) as numbers:
        assert [n.phone_number async for n in numbers] == NUMBERS
    assert fake.calls["GET /activeNumbers"] == 3


async def test_stream_takes_the_filters_list_takes(client):
    await rent_all(client)
    async with client.active.stream(
        pattern="0101", search_pattern="END", capabilities=["SMS", "VOICE"], order_by="phoneNumber"
    ) as numbers:
        assert [n.phone_number async for n in numbers] == ["+12025550101"]


async def test_leaving_the_stream_early_stops_fetching(client, fake):
    await rent_all(client)
    async with client.active.stream(page_size=1) as numbers:
        async for number in numbers:
            assert number.phone_number == NUMBERS[0]
            break
    fetched = fake.calls["GET /activeNumbers"]
    assert fetched <= 3  # this page, one waiting in the stream, one cancelled or dropped
    await anyio.sleep(0.01)
    assert fake.calls["GET /activeNumbers"] == fetched


def paged(pages: dict[str | None, Response]):
    async def handler(request: ServerRequest) -> Response:
        return pages[request.arg("pageToken")]

    return handler


def page(phone: str, token: str | None = None) -> Response:
    body: dict[str, object] = {"activeNumbers": [{"phoneNumber": phone}]}
    if token is not None:
        body["nextPageToken"] = token
    return json_response(200, body)


def sinch(handler) -> SinchNumbers:
    return SinchNumbers("p", "k", "s", auth="basic", transport=FakeTransport(handler))


async def test_a_failed_page_is_raised_when_the_stream_reaches_it():
    failure = json_response(503, {"error": {"code": 503, "message": "busy"}})
    seen = []
    async with sinch(paged({None: page(NUMBERS[0], "t"), "t": failure})) as client:
        with pytest.raises(APIStatusError) as info:
            async with client.active.stream() as numbers:
                async for number in numbers:
                    seen.append(number.phone_number)
    assert info.value.status == 503 and seen == NUMBERS[:1]


async def test_the_stream_stops_on_a_server_that_repeats_its_page_token():
    transport = FakeTransport(paged({None: page(NUMBERS[0], "t"), "t": page(NUMBERS[1], "t")}))
    async with SinchNumbers("p", "k", "s", auth="basic", transport=transport) as client:
        with pytest.raises(ResponseDecodeError, match="same page token"):
            async with client.active.stream() as numbers:
                [n async for n in numbers]
    assert len(transport.requests) == 2


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_stream_and_list_run_on_every_anyio_backend(backend):
    pages = {None: page(NUMBERS[0], "t1"), "t1": page(NUMBERS[1], "t2"), "t2": page(NUMBERS[2])}

    async def both() -> tuple[list[str], list[str]]:
        async with sinch(paged(pages)) as client:
            async with client.active.stream() as numbers:
                streamed = [n.phone_number async for n in numbers]
            listed = [n.phone_number async for n in client.active.list()]
        return streamed, listed

    assert anyio.run(both, backend=backend) == (NUMBERS[:3], NUMBERS[:3])
