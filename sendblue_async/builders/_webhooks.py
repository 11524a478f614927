"""Builders for the account's webhook configuration (``/api/account/webhooks``).

An entry is a URL string or a ``WebhookEntry``; an entry with neither a secret nor line
numbers goes on the wire as a plain URL string. Secrets are checked, never echoed in errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from transports import RequestSpec

from .. import _validate as v
from ..errors import ValidationError
from ..models import WebhookEntry, WebhooksDeleted, WebhooksResponse, WebhookType

WEBHOOKS = "/api/account/webhooks"
Entry = str | WebhookEntry


def list_webhooks() -> RequestSpec[WebhooksResponse]:
    """``GET /api/account/webhooks``."""
    return RequestSpec("GET", WEBHOOKS, WebhooksResponse)


def add_webhooks(
    webhooks: Iterable[Entry],
    *,
    webhook_type: str | None = None,
    global_secret: str | None = None,
) -> RequestSpec[WebhooksResponse]:
    """Append webhooks to one type (``receive`` when no type is given, as on the server);
    returns the configuration. ``POST /api/account/webhooks``."""
    kind = WebhookType.RECEIVE
    body: dict[str, Any] = {}
    if webhook_type is not None:
        kind = body["type"] = v.one_of("webhook_type", webhook_type, WebhookType.ALL)
    body["webhooks"] = _entries("webhooks", webhooks, kind, allow_empty=False)
    if global_secret is not None:
        body["globalSecret"] = v.required_text("global_secret", global_secret)
    return RequestSpec("POST", WEBHOOKS, WebhooksResponse, json=body)


def replace_webhooks(
    webhooks: Mapping[str, Iterable[Entry]], *, global_secret: str | None = None
) -> RequestSpec[WebhooksResponse]:
    """Replace the whole configuration: types left out lose their webhooks.

    ``PUT /api/account/webhooks``.
    """
    if not isinstance(webhooks, Mapping):
        raise ValidationError("webhooks", "must map webhook types to lists of entries")
    body: dict[str, Any] = {}
    for webhook_type, entries in webhooks.items():
        kind = v.one_of("webhooks", webhook_type, WebhookType.ALL)
        body[kind] = _entries(f"webhooks[{kind!r}]", entries, kind, allow_empty=True)
    if global_secret is not None:
        body["globalSecret"] = v.required_text("global_secret", global_secret)
    return RequestSpec("PUT", WEBHOOKS, WebhooksResponse, json={"webhooks": body})


def delete_webhooks(
    urls: Iterable[str], *, webhook_type: str | None = None
) -> RequestSpec[WebhooksDeleted]:
    """Remove webhooks by URL, from one type or (no type) from every type.

    ``DELETE /api/account/webhooks`` with a JSON body listing the URLs to remove.
    """
    body: dict[str, Any] = {"webhooks": [v.url("urls", url) for url in _iterable("urls", urls)]}
    if not body["webhooks"]:
        raise ValidationError("urls", "must not be empty")
    if webhook_type is not None:
        body["type"] = v.one_of("webhook_type", webhook_type, WebhookType.ALL)
    return RequestSpec("DELETE", WEBHOOKS, WebhooksDeleted, json=body)


def _iterable(field: str, value: object) -> Iterable[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(field, "must be a list")
    return value


def _entries(
    field: str, entries: Iterable[Entry], kind: str, *, allow_empty: bool
) -> list[str | dict[str, Any]]:
    items = [_entry(field, entry, kind) for entry in _iterable(field, entries)]
    if not items and not allow_empty:
        raise ValidationError(field, "must not be empty")
    return items


def _entry(field: str, entry: Entry, kind: str) -> str | dict[str, Any]:
    if isinstance(entry, str):
        return v.url(field, entry)
    if not isinstance(entry, WebhookEntry):
        raise ValidationError(field, "entries must be URL strings or WebhookEntry objects")
    url = v.url(field, entry.url)
    if entry.secret is None and not entry.sendblue_numbers:
        return url
    if kind == WebhookType.CONTACT_CREATED:
        raise ValidationError(field, "contact_created webhooks take plain URL strings only")
    item: dict[str, Any] = {"url": url}
    if entry.secret is not None:
        item["secret"] = v.required_text(f"{field}.secret", entry.secret)
    if entry.sendblue_numbers:
        if kind != WebhookType.RECEIVE:
            raise ValidationError(field, "sendblue_numbers applies to receive webhooks only")
        item["sendblue_numbers"] = v.e164_list(f"{field}.sendblue_numbers", entry.sendblue_numbers)
    return item
