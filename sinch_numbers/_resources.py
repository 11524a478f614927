"""The client's namespaces: methods derived from the builders, and the few with logic."""

from __future__ import annotations

import warnings
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

from transports.endpoint import project_endpoint
from transports.paging import page_stream, read_ahead

from . import builders, errors
from ._parse import decode_body, structure_body
from .models import ActiveNumber, ActiveNumbersPage, SmsSettings, VoiceSettings

if TYPE_CHECKING:
    from transports import RequestSpec, Response

T = TypeVar("T")


class _Caller(Protocol):
    """What a namespace needs from the client (``SinchNumbers`` satisfies it)."""

    @property
    def project_id(self) -> str: ...

    def call(self, spec: RequestSpec[T], /) -> Awaitable[T]: ...

    def send(self, spec: RequestSpec[Any], /) -> Awaitable[Response]: ...


class _Resource:
    def __init__(self, client: _Caller) -> None:
        self._client = client

    @property
    def _project(self) -> str:
        return self._client.project_id

    def _call(self, spec: RequestSpec[T]) -> Awaitable[T]:
        return self._client.call(spec)


_Sent: TypeAlias = "tuple[RequestSpec[ActiveNumbersPage], Response]"
_Fetched: TypeAlias = "tuple[RequestSpec[ActiveNumbersPage], Response, Any]"  # decoded


class _ActivePages:
    """One listing of active numbers: its fetch by page token and its next token.

    Every token the server gives is remembered: one it gave before (A, B, A...) raises
    ``PageLoopError`` in place of the page that carries it. A fetch past ``max_pages``
    raises ``PageLimitError`` without a request, once the pages before it were handed over.
    """

    def __init__(
        self, client: _Caller, project: str, max_pages: int | None, **filters: Any
    ) -> None:
        if max_pages is not None and max_pages < 1:
            raise errors.ValidationError("max_pages", "must be at least 1 (None: no cap)")
        self._client, self._project, self._filters = client, project, filters
        self._max_pages, self._fetched = max_pages, 0
        self._seen: set[str] = set()

    async def fetch(self, token: str | None) -> _Sent:
        """One page, not yet decoded."""
        if self._fetched == self._max_pages:
            raise errors.PageLimitError(self._fetched)
        self._fetched += 1
        spec = builders.list_active_numbers(self._project, page_token=token, **self._filters)
        return spec, await self._client.send(spec)

    def next_token(self, fetched: _Fetched, previous: str | None) -> str | None:
        """The page's token, read from the decoded body before the page is parsed (a token
        of the wrong type stops the read-ahead; parsing the page then reports it)."""
        body = fetched[2]
        token = body.get("nextPageToken") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            return None
        if token in self._seen:
            message = "the server returned the same page token again: the listing loops"
            raise errors.PageLoopError(message, status=200)
        self._seen.add(token)
        return token


def _decoded(sent: _Sent) -> _Fetched:
    spec, response = sent
    return spec, response, decode_body(spec, response)


def _decoding(
    fetch: Callable[[str | None], Awaitable[_Sent]],
) -> Callable[[str | None], Awaitable[_Fetched]]:
    async def fetch_and_decode(token: str | None) -> _Fetched:
        return _decoded(await fetch(token))

    return fetch_and_decode


def _numbers_of(fetched: _Fetched) -> tuple[ActiveNumber, ...]:
    return structure_body(*fetched).active_numbers


async def _each_number(pages: AsyncIterator[_Fetched]) -> AsyncGenerator[ActiveNumber, None]:
    async for fetched in pages:
        for number in _numbers_of(fetched):
            yield number


async def _flatten(pages: AsyncIterator[tuple[T, ...]]) -> AsyncIterator[T]:
    async for page in pages:
        for item in page:
            yield item
        del page  # gone through: not kept while the next page is read


class AvailableNumbersResource(_Resource):
    """Search and check numbers; ``rent`` / ``rent_any`` are deprecated (US LOCAL only)."""

    search = project_endpoint(
        builders.search_available_numbers, pick=lambda reply: reply.available_numbers
    )
    check = project_endpoint(builders.get_available_number)

    async def rent(
        self,
        phone_number: str,
        *,
        sms: SmsSettings | None = None,
        voice: VoiceSettings | None = None,
        callback_url: str | None = None,
    ) -> ActiveNumber:
        """Rent one number. Deprecated by Sinch: works for US LOCAL numbers only."""
        _warn_rent("rent")
        spec = builders.rent_number(
            self._project, phone_number, sms=sms, voice=voice, callback_url=callback_url
        )
        return await self._call(spec)

    async def rent_any(
        self,
        region_code: str = "US",
        number_type: str = "LOCAL",
        *,
        pattern: str | None = None,
        search_pattern: str | None = None,
        capabilities: Iterable[str] = (),
        sms: SmsSettings | None = None,
        voice: VoiceSettings | None = None,
        callback_url: str | None = None,
    ) -> ActiveNumber:
        """Rent any matching number. Deprecated by Sinch: US LOCAL only."""
        _warn_rent("rent_any")
        spec = builders.rent_any_number(
            self._project,
            region_code,
            number_type,
            pattern=pattern,
            search_pattern=search_pattern,
            capabilities=capabilities,
            sms=sms,
            voice=voice,
            callback_url=callback_url,
        )
        return await self._call(spec)


def _warn_rent(name: str) -> None:
    warnings.warn(
        f"{name}() uses a deprecated Sinch endpoint that only rents US LOCAL numbers; "
        "Sinch recommends the Number Order API",
        DeprecationWarning,
        stacklevel=3,
    )


class ActiveNumbersResource(_Resource):
    """Numbers the project owns."""

    def list(
        self,
        *,
        region_code: str | None = None,
        number_type: str | None = None,
        pattern: str | None = None,
        search_pattern: str | None = None,
        capabilities: Iterable[str] = (),
        order_by: str | None = None,
        page_size: int | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[ActiveNumber]:
        """Every matching number, the next page requested while this one is parsed.

        A plain iterator cannot own a task group across its yields, so each page opens and
        closes its own around that fetch and parse (see :func:`~transports.paging.read_ahead`):
        a page is handed over once the next one has arrived. :meth:`stream` keeps one
        producer task for the whole block, which also overlaps the caller's own work.

        A server that gives a page token again raises ``PageLoopError``. ``max_pages`` caps
        the pages read: past it, ``PageLimitError`` (raised rather than stopping, so a cut
        listing never passes for a whole one). No cap by default: a loop is caught by its
        tokens, and a cap cannot tell a big project from a runaway one."""
        pages = _ActivePages(
            self._client, self._project, max_pages, region_code=region_code,
            number_type=number_type, pattern=pattern, search_pattern=search_pattern,
            capabilities=tuple(capabilities), order_by=order_by, page_size=page_size,
        )
        return _flatten(read_ahead(pages.fetch, _decoded, pages.next_token, _numbers_of))

    @asynccontextmanager
    async def stream(
        self,
        *,
        region_code: str | None = None,
        number_type: str | None = None,
        pattern: str | None = None,
        search_pattern: str | None = None,
        capabilities: Iterable[str] = (),
        order_by: str | None = None,
        page_size: int | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[AsyncIterator[ActiveNumber]]:
        """Every matching number, a task fetching the next page while the block consumes
        this one: ``async with sinch.active.stream() as numbers: async for n in numbers``.
        Leaving the block stops the fetching; at most two pages are fetched and dropped.
        A repeated page token and ``max_pages`` end it as they end :meth:`list`."""
        listing = _ActivePages(
            self._client, self._project, max_pages, region_code=region_code,
            number_type=number_type, pattern=pattern, search_pattern=search_pattern,
            capabilities=tuple(capabilities), order_by=order_by, page_size=page_size,
        )
        async with page_stream(_decoding(listing.fetch), listing.next_token) as pages:
            numbers = _each_number(pages)
            try:
                yield numbers
            finally:
                await numbers.aclose()

    list_page = project_endpoint(builders.list_active_numbers)
    get = project_endpoint(builders.get_active_number)
    update = project_endpoint(builders.update_active_number)
    release = project_endpoint(builders.release_number)


class EmergencyAddressResource(_Resource):
    """The emergency (E911) address of an active number."""

    get = project_endpoint(builders.get_emergency_address)
    provision = project_endpoint(builders.provision_emergency_address)
    deprovision = project_endpoint(builders.deprovision_emergency_address)
    validate = project_endpoint(builders.validate_emergency_address)


class RegionsResource(_Resource):
    list = project_endpoint(
        builders.list_available_regions, pick=lambda reply: reply.available_regions
    )


class CallbackConfigResource(_Resource):
    """The project's callback settings (the HMAC secret that signs callback events)."""

    get_configuration = project_endpoint(builders.get_callback_configuration)
    update_configuration = project_endpoint(builders.update_callback_configuration)
