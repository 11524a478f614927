"""Client namespaces for contacts, webhook configuration and TOTP secrets:
``client.contacts``, ``client.webhooks``, ``client.totp``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from . import builders
from .builders._contacts import MAX_OFFSET
from .builders._webhooks import Entry
from .errors import ContactPaginationLimit
from .models import Contact, NewContact, TotpCode, TotpSecret, WebhookConfig

if TYPE_CHECKING:
    from .client import SendblueClient


class Contacts:
    """Contacts (``/api/v2/contacts``). Phone numbers are E.164 (``+14155551234``)."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    async def list(
        self,
        *,
        limit: int | None = None,
        offset: int | None = None,
        order_by: str | None = None,
        order_direction: str | None = None,
        phone_number: str | None = None,
        cid: str | None = None,
        created_at_gte: datetime | str | None = None,
    ) -> tuple[Contact, ...]:
        """One page of contacts (``limit`` up to 1000, ``offset`` up to 10000)."""
        spec = builders.list_contacts(
            limit=limit, offset=offset, order_by=order_by, order_direction=order_direction,
            phone_number=phone_number, cid=cid, created_at_gte=created_at_gte,
        )
        return (await self._client.call(spec)).contacts

    async def iter(
        self,
        *,
        page_size: int = 100,
        order_by: str | None = None,
        order_direction: str | None = None,
        phone_number: str | None = None,
        cid: str | None = None,
        created_at_gte: datetime | str | None = None,
    ) -> AsyncIterator[Contact]:
        """Every matching contact, fetched ``page_size`` at a time by offset.

        Raises ``ContactPaginationLimit`` when the next page would start past offset 10000.
        """
        offset = 0
        while True:
            page = await self.list(
                limit=page_size, offset=offset, order_by=order_by,
                order_direction=order_direction, phone_number=phone_number, cid=cid,
                created_at_gte=created_at_gte,
            )
            for contact in page:
                yield contact
            if len(page) < page_size:
                return
            offset += page_size
            if offset > MAX_OFFSET:
                raise ContactPaginationLimit(f"more contacts past offset {MAX_OFFSET}")

    async def count(self) -> int:
        return (await self._client.call(builders.count_contacts())).count

    async def get(self, phone: str) -> Contact:
        return (await self._client.call(builders.get_contact(phone))).contact

    async def create(
        self,
        number: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        assigned_to_email: str | None = None,
        sendblue_number: str | None = None,
        tags: Sequence[str] | None = None,
        custom_variables: Mapping[str, str] | None = None,
        update_if_exists: bool = False,
    ) -> Contact:
        """Create a contact; with ``update_if_exists`` an existing one is updated instead."""
        spec = builders.create_contact(
            number, first_name=first_name, last_name=last_name,
            assigned_to_email=assigned_to_email, sendblue_number=sendblue_number, tags=tags,
            custom_variables=custom_variables, update_if_exists=update_if_exists,
        )
        return (await self._client.call(spec)).contact

    async def bulk_create(self, contacts: Iterable[NewContact]) -> tuple[Contact, ...]:
        """Create many contacts in one request; returns what the server stored."""
        return (await self._client.call(builders.bulk_create_contacts(contacts))).contacts

    async def update(
        self,
        phone: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        company_name: str | None = None,
        assigned_to_email: str | None = None,
        sendblue_number: str | None = None,
        tags: Sequence[str] | None = None,
        custom_variables: Mapping[str, str] | None = None,
        opt_out: bool | None = None,
    ) -> Contact | None:
        """Change the given fields. ``custom_variables`` are merged into the stored ones.
        Returns the updated contact when the server sends it back."""
        spec = builders.update_contact(
            phone, first_name=first_name, last_name=last_name, company_name=company_name,
            assigned_to_email=assigned_to_email, sendblue_number=sendblue_number, tags=tags,
            custom_variables=custom_variables, opt_out=opt_out,
        )
        return (await self._client.call(spec)).contact

    async def delete(self, phone: str) -> None:
        await self._client.call(builders.delete_contact(phone))

    async def bulk_delete(self, phones: Collection[str]) -> int:
        """Delete contacts by phone number; returns how many the server deleted."""
        return (await self._client.call(builders.bulk_delete_contacts(phones))).amount


class Webhooks:
    """The account's webhook configuration (``/api/account/webhooks``)."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    async def list(self) -> WebhookConfig:
        return (await self._client.call(builders.list_webhooks())).webhooks

    async def add(
        self,
        webhooks: Iterable[Entry],
        *,
        webhook_type: str | None = None,
        global_secret: str | None = None,
    ) -> WebhookConfig:
        """Append webhooks to one type (``receive`` by default); returns the configuration."""
        spec = builders.add_webhooks(
            webhooks, webhook_type=webhook_type, global_secret=global_secret
        )
        return (await self._client.call(spec)).webhooks

    async def replace(
        self, webhooks: Mapping[str, Iterable[Entry]], *, global_secret: str | None = None
    ) -> WebhookConfig:
        """Replace the whole configuration: types left out lose their webhooks."""
        spec = builders.replace_webhooks(webhooks, global_secret=global_secret)
        return (await self._client.call(spec)).webhooks

    async def delete(self, urls: Iterable[str], *, webhook_type: str | None = None) -> None:
        """Remove webhooks by URL, from one type or (no type) from every type."""
        await self._client.call(builders.delete_webhooks(urls, webhook_type=webhook_type))


class Totp:
    """TOTP secrets for agent two-factor sign-in (``/api/v2/totp``)."""

    def __init__(self, client: SendblueClient) -> None:
        self._client = client

    async def create(
        self,
        label: str | None = None,
        *,
        uri: str | None = None,
        secret: str | None = None,
        issuer: str | None = None,
        algorithm: str | None = None,
        digits: int | None = None,
        period: int | None = None,
    ) -> TotpSecret:
        """Register a secret. The result carries the base32 ``secret`` (this call only)."""
        spec = builders.create_totp_secret(
            label, uri=uri, secret=secret, issuer=issuer, algorithm=algorithm, digits=digits,
            period=period,
        )
        return (await self._client.call(spec)).totp_secret

    async def list(self) -> tuple[TotpSecret, ...]:
        return (await self._client.call(builders.list_totp_secrets())).totp_secrets

    async def get_code(self, secret_id: str) -> TotpCode:
        return await self._client.call(builders.get_totp_code(secret_id))

    async def delete(self, secret_id: str) -> None:
        await self._client.call(builders.delete_totp_secret(secret_id))
