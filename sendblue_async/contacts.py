"""Client namespaces for contacts, webhook configuration and TOTP secrets:
``client.contacts``, ``client.webhooks``, ``client.totp``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import TYPE_CHECKING

from transports.endpoint import discard, endpoint

from . import builders
from .builders._contacts import MAX_OFFSET
from .errors import ContactPaginationLimit, PageLimitError, PageLoopError, ValidationError
from .models import Contact

if TYPE_CHECKING:
    from .client import SendblueClient


class Contacts:
    """Contacts (``/api/v2/contacts``). Phone numbers are E.164 (``+14155551234``)."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    list = endpoint(builders.list_contacts, pick=lambda reply: reply.contacts)
    count = endpoint(builders.count_contacts, pick=lambda reply: reply.count)
    get = endpoint(builders.get_contact, pick=lambda reply: reply.contact)
    create = endpoint(builders.create_contact, pick=lambda reply: reply.contact)
    bulk_create = endpoint(builders.bulk_create_contacts, pick=lambda reply: reply.contacts)
    update = endpoint(builders.update_contact, pick=lambda reply: reply.contact)
    delete = endpoint(builders.delete_contact, pick=discard)
    bulk_delete = endpoint(builders.bulk_delete_contacts, pick=lambda reply: reply.amount)

    async def iter(
        self,
        *,
        page_size: int = 100,
        order_by: str | None = None,
        order_direction: str | None = None,
        phone_number: str | None = None,
        cid: str | None = None,
        created_at_gte: datetime | str | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[Contact]:
        """Every matching contact, fetched ``page_size`` at a time by offset.

        Raises ``ContactPaginationLimit`` when the next page would start past offset 10000,
        ``PageLoopError`` when a full page holds only contacts of the page before (the
        server ignores the offset), and ``PageLimitError`` past ``max_pages`` pages (no cap
        by default; the offset cap bounds a listing already).
        """
        if max_pages is not None and max_pages < 1:
            raise ValidationError("max_pages", "must be at least 1 (None: no cap)")
        offset, read, previous = 0, 0, frozenset[tuple[str, str | None]]()
        while True:
            read += 1
            page = await self.list(
                limit=page_size, offset=offset, order_by=order_by,
                order_direction=order_direction, phone_number=phone_number, cid=cid,
                created_at_gte=created_at_gte,
            )
            keys = frozenset((contact.phone, contact.contact_id) for contact in page)
            if len(page) >= page_size and keys <= previous:
                message = f"the page at offset {offset} holds only contacts of the page before"
                raise PageLoopError(message, status=200)
            for contact in page:
                yield contact
            if len(page) < page_size:
                return
            if read == max_pages:
                raise PageLimitError(read)
            offset, previous = offset + page_size, keys
            if offset > MAX_OFFSET:
                raise ContactPaginationLimit(f"more contacts past offset {MAX_OFFSET}")


class Webhooks:
    """The account's webhook configuration (``/api/account/webhooks``)."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    list = endpoint(builders.list_webhooks, pick=lambda reply: reply.webhooks)
    add = endpoint(builders.add_webhooks, pick=lambda reply: reply.webhooks)
    replace = endpoint(builders.replace_webhooks, pick=lambda reply: reply.webhooks)
    delete = endpoint(builders.delete_webhooks, pick=discard)


class Totp:
    """TOTP secrets for agent two-factor sign-in (``/api/v2/totp``)."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    create = endpoint(builders.create_totp_secret, pick=lambda reply: reply.totp_secret)
    list = endpoint(builders.list_totp_secrets, pick=lambda reply: reply.totp_secrets)
    get_code = endpoint(builders.get_totp_code)
    delete = endpoint(builders.delete_totp_secret, pick=discard)
