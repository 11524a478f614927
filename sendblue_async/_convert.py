"""The package's cattrs converter: wire JSON -> models.

Naming rules live here, not in the models: models are snake_case, and classes listed in
``CAMEL_CASE`` read camelCase keys (the line-request ticket). Primitive hooks are strict, so a
wrong type on the wire is an error, not a silent ``bool("false") == True``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.gen import make_dict_structure_fn, override

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


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def parse_datetime(value: Any, _: object = None) -> datetime:
    """ISO 8601 with or without ``Z`` / offset; a naive timestamp is taken as UTC."""
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _strict_str(value: Any, _: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _strict_bool(value: Any, _: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


def _strict_int(value: Any, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return int(value)


def _is_variadic_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _strict_tuple_hook(converter: Converter) -> Callable[[Any], Any]:
    # cattrs would iterate whatever it gets: "415" would become ("4", "1", "5"), and an
    # object its keys. Only a JSON array is a sequence.
    def factory(cls: Any) -> Any:
        item_type = get_args(cls)[0]

        def structure(value: Any, _: object) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise TypeError(f"expected an array, got {type(value).__name__}")
            return tuple([converter.structure(item, item_type) for item in value])

        return structure

    return factory


def _camel_case_hook(converter: Converter) -> Callable[[type], Any]:
    def factory(cls: type) -> Any:
        renames = {a.name: override(rename=to_camel(a.name)) for a in attrs.fields(cls)}
        return make_dict_structure_fn(cls, converter, **renames)  # type: ignore[arg-type]

    return factory


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
        structure = make_dict_structure_fn(cls, converter)  # type: ignore[var-annotated]
        spellings, keep_extra = _spellings(cls), cls in KEEPS_EXTRA

        def hook(value: Any, _: type) -> Any:
            if not isinstance(value, dict):
                raise TypeError("expected an object")
            known: dict[str, Any] = {}
            extra: dict[str, Any] = {}
            for key, item in value.items():
                name = spellings.get(key)
                if name is None:
                    extra[key] = item
                elif item is not None and (key == name or name not in known):
                    known[name] = item
            if keep_extra:
                known["extra"] = extra
            return structure(known, cls)

        return hook

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
    converter = Converter(detailed_validation=False)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(datetime, parse_datetime)
    converter.register_structure_hook_factory(_is_variadic_tuple, _strict_tuple_hook(converter))
    converter.register_structure_hook_factory(
        lambda cls: cls in CAMEL_CASE, _camel_case_hook(converter)
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
