"""``active.list`` / ``active.stream`` against a server whose page tokens go round in
circles, the ``max_pages`` cap, and a rented number whose reply cannot be parsed."""

import json

import anyio
import pytest

from sinch_numbers import (
    PageLimitError,
    PageLoopError,
    ResponseDecodeError,
    SinchNumbers,
    ValidationError,
)
from transports import FakeTransport, Response, ServerRequest, json_response

US = "+12025550100"
CHAIN = {None: "t1", "t1": "t2", "t2": "t3", "t3": "t4", "t4": None}  # five pages
CYCLE = {None: "A", "A": "B", "B": "A"}  # A, B, A, B...
GIVE_UP = 20


LINES = {token: n for n, token in enumerate([*CHAIN, "A", "B"])}


def number(token: str | None) -> str:
    return f"+1202555{LINES[token]:04d}"


def tokens(following: dict[str | None, str | None]):
    """A server answering each page token with one number and ``following[token]``; one
    that loops ends after ``GIVE_UP`` pages, so a test cannot hang."""
    served = []

    async def handler(request: ServerRequest) -> Response:
        token = request.arg("pageToken")
        served.append(token)
        body: dict[str, object] = {"activeNumbers": [{"phoneNumber": number(token)}]}
        if following.get(token) is not None and len(served) < GIVE_UP:
            body["nextPageToken"] = following[token]
        return json_response(200, body)

    return handler


def sinch(handler) -> tuple[SinchNumbers, FakeTransport]:
    transport = FakeTransport(handler)
    return SinchNumbers("p", "k", "s", auth="basic", transport=transport), transport


async def listed(client: SinchNumbers, how: str, seen: list[str], **kwargs) -> None:
    if how == "list":
        async for n in client.active.list(**kwargs):
            seen.append(n.phone_number)
        return
    async with client.active.stream(**kwargs) as numbers:
        async for n in numbers:
            seen.append(n.phone_number)


both_ways = pytest.mark.parametrize("how", ["list", "stream"])


@both_ways
async def test_page_tokens_that_cycle_a_b_a_raise_instead_of_looping(how):
    client, transport = sinch(tokens(CYCLE))
    seen: list[str] = []
    async with client:
        with pytest.raises(PageLoopError, match="same page token") as info:
            await listed(client, how, seen)
    assert [r.arg("pageToken") for r in transport.requests] == [None, "A", "B"]
    assert seen == [number(None), number("A")]  # the page carrying "A" again is not used
    assert isinstance(info.value, ResponseDecodeError)


@both_ways
async def test_max_pages_raises_after_handing_over_its_pages(how):
    client, transport = sinch(tokens(CHAIN))
    seen: list[str] = []
    async with client:
        with pytest.raises(PageLimitError) as info:
            await listed(client, how, seen, max_pages=2)
    assert seen == [number(None), number("t1")] and info.value.max_pages == 2
    assert len(transport.requests) == 2  # no request for the page past the cap


@both_ways
async def test_a_listing_of_exactly_max_pages_is_whole(how):
    client, transport = sinch(tokens(CHAIN))
    seen: list[str] = []
    async with client:
        await listed(client, how, seen, max_pages=5)
    assert seen == [number(token) for token in CHAIN] and len(transport.requests) == 5


@both_ways
async def test_max_pages_below_one_is_refused_before_any_request(how):
    client, transport = sinch(tokens(CHAIN))
    async with client:
        with pytest.raises(ValidationError, match="max_pages"):
            await listed(client, how, [], max_pages=0)
    assert transport.requests == []


@pytest.mark.parametrize("reply", [
    b'{"phoneNumber": "+12025550100", "projectId": "p", "regionCode": ',  # cut short
    json.dumps({"phoneNumber": US, "projectId": "p", "capability": "SMS"}).encode(),
])
async def test_a_rented_number_whose_reply_cannot_be_parsed_keeps_its_body(reply):
    async def handler(request: ServerRequest) -> Response:
        return Response(200, {"content-type": "application/json"}, reply)

    client, transport = sinch(handler)
    async with client:
        with pytest.deprecated_call(), pytest.raises(ResponseDecodeError) as info:
            await client.available.rent(US)
    body = info.value.body
    assert (body == reply) if reply.endswith(b": ") else (body["phoneNumber"] == US)
    assert info.value.status == 200 and len(transport.requests) == 1
    assert US not in str(info.value)  # kept in .body, out of the message


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_the_guards_hold_on_every_anyio_backend(backend):
    async def scenario() -> tuple[type[Exception], ...]:
        raised = []
        for following, cap in ((CYCLE, None), (CHAIN, 3)):
            client, _ = sinch(tokens(following))
            async with client:
                for how in ("list", "stream"):
                    try:
                        await listed(client, how, [], max_pages=cap)
                    except (PageLoopError, PageLimitError) as exc:
                        raised.append(type(exc))
        return tuple(raised)

    assert anyio.run(scenario, backend=backend) == (
        PageLoopError, PageLoopError, PageLimitError, PageLimitError)
