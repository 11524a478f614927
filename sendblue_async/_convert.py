"""The package's cattrs converter: wire JSON -> models.

Naming rules live here, not in the models: models are snake_case, and classes listed in
``CAMEL_CASE`` read camelCase keys (the line-request ticket). Primitive hooks are strict, so a
wrong type on the wire is an error, not a silent ``bool("false") == True``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from cattrs import Converter

from transports.convert import (
    camel_case_hook,
    keyed_structure_fn,
    parse_datetime,
    strict_converter,
    to_camel,
)

from .models import (
    Contact,
    ContactPage,
    InboundMessage,
    LimitsResponse,
    LineRequest,
    MediaObject,
    Message,
    Pagination,
    ProvisioningLimits,
    StatusCallback,
    UploadedFile,
    WebhookConfig,
    WebhookEntry,
)

CAMEL_CASE: frozenset[type] = frozenset({LineRequest})
# Read snake_case or the older camelCase spelling of every field (snake_case wins), plus
# per-class aliases; a null reads as the field's default.
EITHER_CASE: frozenset[type] = frozenset({Contact, InboundMessage, StatusCallback})
# Messages: send-message says account_email, carousel and v2 history accountEmail.
EITHER_CASE |= {Message, Pagination, UploadedFile, MediaObject}
ALIASES: dict[type, dict[str, tuple[str, ...]]] = {
    Contact: {"phone": ("phone_number", "phoneNumber", "number"), "company_name": ("company",)},
}
# Webhook payloads keep the fields they do not name in ``extra``.
KEEPS_EXTRA: frozenset[type] = frozenset({InboundMessage, StatusCallback})


def _spellings(cls: type) -> dict[str, str]:
    """Wire key -> attribute name: the name, its camelCase form, then the class's aliases."""
    aliases = ALIASES.get(cls, {})
    table: dict[str, str] = {}
    for field in attrs.fields(cls):
        if field.name == "extra" and cls in KEEPS_EXTRA:
            continue
        for key in (field.name, to_camel(field.name), *aliases.get(field.name, ())):
            table.setdefault(key, field.name)
    return table


def _either_case_hook(converter: Converter) -> Callable[[type], Any]:
    def factory(cls: type) -> Any:
        return keyed_structure_fn(
            converter, cls, _spellings(cls), keep_extra=cls in KEEPS_EXTRA
        )

    return factory


def _contact_page_hook(converter: Converter) -> Callable[[Any, type], ContactPage]:
    # Documented as a bare array; an object with "contacts" or "data" is read too.
    def structure(value: Any, _: type) -> ContactPage:
        items = value.get("contacts", value.get("data")) if isinstance(value, dict) else value
        if not isinstance(items, list):
            raise TypeError("expected an array of contacts")
        return ContactPage(converter.structure(items, tuple[Contact, ...]))

    return structure


def _webhook_entry_hook(converter: Converter) -> Callable[[Any, type], WebhookEntry]:
    as_object = _either_case_hook(converter)(WebhookEntry)

    def structure(value: Any, cls: type) -> WebhookEntry:
        if isinstance(value, str):
            return WebhookEntry(value)
        return as_object(value, cls)  # type: ignore[no-any-return]

    return structure


def _webhook_config_hook(converter: Converter) -> Callable[[Any, type], WebhookConfig]:
    # Every list-valued key is a webhook type, known or not; "globalSecret" is the secret.
    def structure(value: Any, _: type) -> WebhookConfig:
        if not isinstance(value, dict):
            raise TypeError("expected an object")
        secret = value.get("globalSecret", value.get("global_secret"))
        if secret is not None and not isinstance(secret, str):
            raise TypeError("globalSecret: expected a string")
        by_type = {
            name: converter.structure(entries, tuple[WebhookEntry, ...])
            for name, entries in value.items() if isinstance(entries, list)
        }
        return WebhookConfig(by_type, secret)

    return structure


def _limits_hook(converter: Converter) -> Callable[[Any, type], LimitsResponse]:
    # Undocumented endpoint: accept the limits object under "limits" or "data".
    def structure(value: Any, _: type) -> LimitsResponse:
        if not isinstance(value, dict):
            raise TypeError("expected an object")
        inner = value.get("limits", value.get("data"))
        return LimitsResponse(converter.structure(inner, ProvisioningLimits))

    return structure


def make_converter() -> Converter:
    converter = strict_converter()
    converter.register_structure_hook_factory(
        lambda cls: cls in CAMEL_CASE, camel_case_hook(converter)
    )
    converter.register_structure_hook(LimitsResponse, _limits_hook(converter))
    converter.register_structure_hook_factory(
        lambda cls: cls in EITHER_CASE, _either_case_hook(converter)
    )
    converter.register_structure_hook(ContactPage, _contact_page_hook(converter))
    converter.register_structure_hook(WebhookEntry, _webhook_entry_hook(converter))
    converter.register_structure_hook(WebhookConfig, _webhook_config_hook(converter))
    return converter


converter = make_converter()

__all__ = ["converter", "make_converter", "parse_datetime", "to_camel"]
