"""Client namespaces for messaging: ``client.messages``, ``client.groups``, ``client.media``."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import anyio

from transports import RequestSpec
from transports.endpoint import endpoint

from . import builders
from ._convert import converter
from .builders._history import DEFAULT_PAGE_SIZE
from .builders._media import FileSource
from .errors import APIStatusError, PageLimitError, PageLoopError, ValidationError
from .models import Message, MessageFilter, MessagePage, UploadedFile

if TYPE_CHECKING:
    from .client import SendblueClient

_NO_PROGRESS = "the page at offset {} holds no new message though the server says there are more"


class Messages:
    """Send messages, read their status and history, react, mark read, show typing.

    Sends are never retried except on 429 (the request was refused unprocessed): after a
    timeout or a 5xx the message may have gone out, so check ``status`` or the history.
    """

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    send = endpoint(builders.send_message)
    send_carousel = endpoint(builders.send_carousel)
    evaluate_service = endpoint(builders.evaluate_service)
    list = endpoint(builders.list_messages)
    get = endpoint(builders.get_message, pick=lambda reply: reply.data)
    delete = endpoint(builders.delete_message)
    react = endpoint(builders.send_reaction)
    mark_read = endpoint(builders.mark_read)
    typing = endpoint(builders.send_typing_indicator)

    async def status(self, message_handle: str) -> Message:
        """The message as it is now. A failed message (``status: "ERROR"``) is returned, not
        raised: the call worked, and its ``error_*`` fields say why the delivery did not."""
        try:
            return await self._client.call(builders.message_status(message_handle))
        except APIStatusError as exc:
            failed = _failed_message(exc)
            if failed is None:
                raise
            return failed

    def iter(
        self,
        filters: MessageFilter | None = None,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        offset: int = 0,
        max_pages: int | None = None,
    ) -> AsyncIterator[Message]:
        """Every message matching ``filters``, fetching pages of ``page_size`` as needed::

            async for message in client.messages.iter(MessageFilter(is_outbound=False)):
                ...

        A page with nothing new (empty, or only messages of the page before) while the
        server says ``has_more`` raises ``PageLoopError``. ``max_pages`` caps the pages
        read: past it, ``PageLimitError`` (raised, so a cut listing never passes for a whole
        one). No cap by default: a cap cannot tell a big account from a runaway server.
        Bad arguments raise ``ValidationError`` here, before iteration starts.
        """
        first = builders.list_messages(filters, limit=page_size, offset=offset)
        if max_pages is not None and max_pages < 1:
            raise ValidationError("max_pages", "must be at least 1 (None: no cap)")
        return self._pages(first, filters, page_size, offset, max_pages)

    async def _pages(
        self,
        spec: RequestSpec[MessagePage],
        filters: MessageFilter | None,
        page_size: int,
        offset: int,
        max_pages: int | None,
    ) -> AsyncIterator[Message]:
        previous: frozenset[str] = frozenset()
        read = 0
        while True:
            page = await self._client.call(spec)
            read += 1
            handles = frozenset(message.message_handle for message in page.data)
            if page.pagination.has_more and handles <= previous:
                raise PageLoopError(_NO_PROGRESS.format(offset), status=200)
            for message in page.data:
                yield message
            if not page.pagination.has_more:
                return
            if read == max_pages:
                raise PageLimitError(read)
            offset, previous = offset + len(page.data), handles
            spec = builders.list_messages(filters, limit=page_size, offset=offset)


class Groups:
    """Group chats: create one, or send to one (by id, or by members)."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    create = endpoint(builders.create_group)
    send = endpoint(builders.send_group_message)


class Media:
    """Upload media to Sendblue; pass the returned ``media_url`` to ``messages.send``."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    async def upload_file(
        self, file: FileSource, *, filename: str | None = None, content_type: str | None = None
    ) -> UploadedFile:
        """Upload a path (streamed from disk), bytes or an async byte stream (100 MB max)."""
        spec = builders.upload_file(file, filename=filename, content_type=content_type)
        path = spec.multipart[0].value if spec.multipart else None
        if isinstance(path, os.PathLike) and not await anyio.Path(path).is_file():
            raise ValidationError("file", "is not an existing file")
        return await self._client.call(spec)

    upload_from_url = endpoint(builders.upload_media_object)


def _failed_message(exc: APIStatusError) -> Message | None:
    """The message inside a 2xx ``status: "ERROR"`` body, if that is what the body holds."""
    body = exc.body
    if not 200 <= exc.status < 300 or not isinstance(body, dict) or "message_handle" not in body:
        return None
    try:
        return converter.structure(body, Message)
    except (KeyError, TypeError, ValueError):
        return None
