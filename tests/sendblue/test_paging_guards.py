"""Paging iterators against servers whose pages do not progress (the same page again, an
empty page that says there is more) and the ``max_pages`` cap."""

import pytest

from sendblue_async import (
    PageLimitError,
    PageLoopError,
    ResponseDecodeError,
    SendblueClient,
    ValidationError,
)
from transports import FakeTransport, Router, ServerRequest, json_response

MESSAGES, CONTACTS = "/api/v2/messages", "/api/v2/contacts"
GIVE_UP = 20  # a server that loops stops after this many requests, so a test cannot hang


def message(n: int) -> dict[str, str]:
    return {"message_handle": f"h-{n}", "status": "DELIVERED", "content": f"m{n}"}


def history(handles: list[int], *, has_more: bool, offset: int = 0) -> dict[str, object]:
    return {"status": "OK", "data": [message(n) for n in handles],
            "pagination": {"hasMore": has_more, "limit": 3, "offset": offset}}


def serving(route: str, page_for) -> tuple[SendblueClient, list[ServerRequest]]:
    """A client whose server answers ``route`` with ``page_for(offset, request number)``."""
    requests: list[ServerRequest] = []

    async def handler(request: ServerRequest, **_: str):
        requests.append(request)
        return json_response(200, page_for(int(request.arg("offset") or 0), len(requests)))

    router = Router()
    router.add("GET", route, handler)
    client = SendblueClient("sb-test-key", "sb-test-secret", base_url="https://x.test",
                            transport=FakeTransport(router))
    return client, requests


def offsets(requests: list[ServerRequest]) -> list[int]:
    return [int(r.arg("offset") or 0) for r in requests]


async def test_messages_the_same_page_again_raises_instead_of_looping():
    def ignores_offset(_: int, n: int):
        return history([1, 2, 3], has_more=n < GIVE_UP)

    client, requests = serving(MESSAGES, ignores_offset)
    seen = []
    async with client:
        with pytest.raises(PageLoopError, match="offset 3") as info:
            async for m in client.messages.iter(page_size=3):
                seen.append(m.message_handle)
    assert seen == ["h-1", "h-2", "h-3"] and offsets(requests) == [0, 3]
    assert isinstance(info.value, ResponseDecodeError)


async def test_messages_an_empty_page_that_says_there_is_more_raises():
    def empty_after_one(offset: int, n: int):
        return history([1, 2, 3] if offset == 0 else [], has_more=n < GIVE_UP, offset=offset)

    client, requests = serving(MESSAGES, empty_after_one)
    async with client:
        with pytest.raises(PageLoopError):
            [m async for m in client.messages.iter(page_size=3)]
    assert offsets(requests) == [0, 3]


async def test_messages_a_page_shifted_by_new_arrivals_still_progresses():
    pages = {0: history([9, 8, 7], has_more=True), 3: history([7, 6, 5], has_more=False)}
    client, requests = serving(MESSAGES, lambda offset, _: pages[offset])
    async with client:
        handles = [m.message_handle async for m in client.messages.iter(page_size=3)]
    assert handles == ["h-9", "h-8", "h-7", "h-7", "h-6", "h-5"] and len(requests) == 2


def endless(offset: int, _: int) -> dict[str, object]:
    return history([offset + 1, offset + 2, offset + 3], has_more=True, offset=offset)


async def test_messages_max_pages_raises_after_handing_over_its_pages():
    client, requests = serving(MESSAGES, endless)
    seen = []
    async with client:
        with pytest.raises(PageLimitError) as info:
            async for m in client.messages.iter(page_size=3, max_pages=2):
                seen.append(m.message_handle)
    assert seen == [f"h-{n}" for n in range(1, 7)] and offsets(requests) == [0, 3]
    assert info.value.max_pages == 2 and "max_pages=2" in str(info.value)


async def test_messages_a_listing_that_ends_at_max_pages_is_whole():
    pages = {0: history([1, 2, 3], has_more=True), 3: history([4], has_more=False)}
    client, _ = serving(MESSAGES, lambda offset, _: pages[offset])
    async with client:
        handles = [m.message_handle async for m in client.messages.iter(max_pages=2)]
    assert handles == ["h-1", "h-2", "h-3", "h-4"]


async def test_max_pages_below_one_is_refused_before_any_request():
    client, requests = serving(MESSAGES, endless)
    async with client:
        with pytest.raises(ValidationError, match="max_pages"):
            client.messages.iter(max_pages=0)
        with pytest.raises(ValidationError, match="max_pages"):
            [c async for c in client.contacts.iter(max_pages=-1)]
    assert requests == []


def contacts(numbers: range) -> list[dict[str, str]]:
    return [{"phone": f"+1415555{n:04d}", "contact_id": f"c-{n}"} for n in numbers]


async def test_contacts_the_same_full_page_again_raises():
    client, requests = serving(CONTACTS, lambda *_: contacts(range(3)))
    seen = []
    async with client:
        with pytest.raises(PageLoopError, match="offset 3"):
            async for c in client.contacts.iter(page_size=3):
                seen.append(c.contact_id)
    assert seen == ["c-0", "c-1", "c-2"] and offsets(requests) == [0, 3]


async def test_contacts_max_pages_raises_after_handing_over_its_pages():
    client, requests = serving(CONTACTS, lambda offset, _: contacts(range(offset, offset + 3)))
    async with client:
        with pytest.raises(PageLimitError) as info:
            [c async for c in client.contacts.iter(page_size=3, max_pages=3)]
    assert info.value.max_pages == 3 and offsets(requests) == [0, 3, 6]


async def test_contacts_a_short_last_page_ends_the_listing_within_max_pages():
    pages = {0: contacts(range(3)), 3: contacts(range(3, 5))}
    client, _ = serving(CONTACTS, lambda offset, _: pages[offset])
    async with client:
        found = [c.contact_id async for c in client.contacts.iter(page_size=3, max_pages=2)]
    assert found == [f"c-{n}" for n in range(5)]
