"""Client namespaces for messaging: ``client.messages``, ``client.groups``, ``client.media``."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Collection
from typing import TYPE_CHECKING

import anyio

from transports import RequestSpec

from . import builders
from ._convert import converter
from .builders._history import DEFAULT_PAGE_SIZE
from .builders._media import FileSource
from .errors import APIStatusError, ValidationError
from .models import (
    Group,
    MediaObject,
    Message,
    MessageFilter,
    MessagePage,
    ReactionSent,
    ReadReceiptSent,
    ReplyTo,
    ServiceCheck,
    TypingIndicatorSent,
    UploadedFile,
)

if TYPE_CHECKING:
    from .client import SendblueClient


class Messages:
    """Send messages, read their status and history, react, mark read, show typing.

    Sends are never retried except on 429 (the request was refused unprocessed): after a
    timeout or a 5xx the message may have gone out, so check ``status`` or the history.
    """

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    async def send(
        self,
        number: str,
        content: str | None = None,
        *,
        from_number: str | None = None,
        media_url: str | None = None,
        send_style: str | None = None,
        status_callback: str | None = None,
        reply_to: ReplyTo | None = None,
        seat_id: str | None = None,
    ) -> Message:
        """Send text and/or media to ``number`` (E.164); returns the queued message."""
        return await self._client.call(builders.send_message(
            number, content, from_number=from_number, media_url=media_url,
            send_style=send_style, status_callback=status_callback, reply_to=reply_to,
            seat_id=seat_id,
        ))

    async def send_carousel(
        self,
        number: str,
        media_urls: Collection[str],
        *,
        from_number: str | None = None,
        send_style: str | None = None,
        status_callback: str | None = None,
        reply_to: ReplyTo | None = None,
        seat_id: str | None = None,
    ) -> Message:
        """Send 2 to 20 https:// images as one swipeable carousel (V2 lines only)."""
        return await self._client.call(builders.send_carousel(
            number, media_urls, from_number=from_number, send_style=send_style,
            status_callback=status_callback, reply_to=reply_to, seat_id=seat_id,
        ))

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

    async def evaluate_service(self, number: str) -> ServiceCheck:
        """Whether a phone number or e-mail address is reachable by iMessage or only SMS."""
        return await self._client.call(builders.evaluate_service(number))

    async def list(
        self,
        filters: MessageFilter | None = None,
        *,
        limit: int = DEFAULT_PAGE_SIZE,
        offset: int = 0,
    ) -> MessagePage:
        """One page of the history; ``page.pagination.has_more`` says whether more follow."""
        return await self._client.call(builders.list_messages(filters, limit=limit, offset=offset))

    def iter(
        self,
        filters: MessageFilter | None = None,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        offset: int = 0,
    ) -> AsyncIterator[Message]:
        """Every message matching ``filters``, fetching pages of ``page_size`` as needed::

            async for message in client.messages.iter(MessageFilter(is_outbound=False)):
                ...

        Bad arguments raise ``ValidationError`` here, before iteration starts.
        """
        first = builders.list_messages(filters, limit=page_size, offset=offset)
        return self._pages(first, filters, page_size, offset)

    async def _pages(
        self,
        spec: RequestSpec[MessagePage],
        filters: MessageFilter | None,
        page_size: int,
        offset: int,
    ) -> AsyncIterator[Message]:
        while True:
            page = await self._client.call(spec)
            for message in page.data:
                yield message
            if not page.pagination.has_more or not page.data:
                return
            offset += len(page.data)
            spec = builders.list_messages(filters, limit=page_size, offset=offset)

    async def get(self, message_id: str) -> Message:
        return (await self._client.call(builders.get_message(message_id))).data

    async def delete(self, message_handle: str) -> None:
        """Delete a message from Sendblue's records (it is not recalled from the device)."""
        await self._client.call(builders.delete_message(message_handle))

    async def react(
        self, message_handle: str, reaction: str, *, from_number: str,
        part_index: int | None = None,
    ) -> ReactionSent:
        """Send a tapback (``Reaction.LOVE``, ...) to a message; iMessage only."""
        return await self._client.call(builders.send_reaction(
            message_handle, reaction, from_number=from_number, part_index=part_index,
        ))

    async def mark_read(self, number: str, *, from_number: str) -> ReadReceiptSent:
        return await self._client.call(builders.mark_read(number, from_number=from_number))

    async def typing(
        self, number: str, *, from_number: str | None = None, state: str | None = None,
        max_duration_ms: int | None = None,
    ) -> TypingIndicatorSent:
        """Show (``state="start"``) or hide a typing indicator; a refusal raises."""
        return await self._client.call(builders.send_typing_indicator(
            number, from_number=from_number, state=state, max_duration_ms=max_duration_ms,
        ))


class Groups:
    """Group chats: create one, or send to one (by id, or by members)."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    async def create(
        self, numbers: Collection[str], *, from_number: str | None = None,
        group_name: str | None = None,
    ) -> Group:
        return await self._client.call(builders.create_group(
            numbers, from_number=from_number, group_name=group_name,
        ))

    async def send(
        self,
        content: str | None = None,
        *,
        group_id: str | None = None,
        numbers: Collection[str] | None = None,
        from_number: str | None = None,
        media_url: str | None = None,
        send_style: str | None = None,
        status_callback: str | None = None,
        reply_to: ReplyTo | None = None,
        seat_id: str | None = None,
    ) -> Message:
        """Send to ``group_id``, or to ``numbers`` (the group is created when new)."""
        return await self._client.call(builders.send_group_message(
            content, group_id=group_id, numbers=numbers, from_number=from_number,
            media_url=media_url, send_style=send_style, status_callback=status_callback,
            reply_to=reply_to, seat_id=seat_id,
        ))


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

    async def upload_from_url(self, media_url: str) -> MediaObject:
        """Have Sendblue fetch ``media_url`` (use this for signed URLs)."""
        return await self._client.call(builders.upload_media_object(media_url))


def _failed_message(exc: APIStatusError) -> Message | None:
    """The message inside a 2xx ``status: "ERROR"`` body, if that is what the body holds."""
    body = exc.body
    if not 200 <= exc.status < 300 or not isinstance(body, dict) or "message_handle" not in body:
        return None
    try:
        return converter.structure(body, Message)
    except (KeyError, TypeError, ValueError):
        return None
