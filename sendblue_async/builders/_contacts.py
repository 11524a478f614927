"""Builders for contacts (``/api/v2/contacts``). Phone numbers in paths are E.164, sent
percent-encoded (``+`` as ``%2B``)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any, TypeVar

from transports import RequestSpec, path_segment

from .. import _validate as v
from ..errors import ValidationError
from ..models import (
    BulkAck,
    BulkDeleteResponse,
    ContactCount,
    ContactDeleteResponse,
    ContactOrder,
    ContactPage,
    ContactResponse,
    ContactsResponse,
    ContactUpdateResponse,
    NewContact,
)

CONTACTS = "/api/v2/contacts"
MAX_LIMIT = 1000
MAX_OFFSET = 10_000
DIRECTIONS = frozenset({"asc", "desc"})
T = TypeVar("T")

_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "first_name": v.required_text,
    "last_name": v.required_text,
    "company_name": v.required_text,
    "assigned_to_email": v.email,
    "sendblue_number": v.e164,
    "tags": v.text_list,
    "custom_variables": v.string_map,
    "opt_out": v.boolean,
}
BULK_CONTACTS = f"{CONTACTS}/bulk"
# The fields of a bulk item, in wire order, each with its check.
BULK_ITEM_CHECKS: Mapping[str, Callable[[str, Any], Any]] = MappingProxyType({
    "phone": v.e164,
    **{name: _CHECKS[name] for name in (
        "first_name", "last_name", "company_name", "tags", "custom_variables")},
})
_BULK_FIELD_CHECKS = tuple(item for item in BULK_ITEM_CHECKS.items() if item[0] != "phone")


def _fields(**values: Any) -> dict[str, Any]:
    """The given (non-``None``) optional contact fields, each checked."""
    body = {}
    for name, value in values.items():
        if value is not None:
            body[name] = _CHECKS[name](name, value)
    return body


def _phone_path(phone: str) -> str:
    return f"{CONTACTS}/{path_segment(v.e164('phone', phone))}"


def list_contacts(
    *,
    limit: int | None = None,
    offset: int | None = None,
    order_by: str | None = None,
    order_direction: str | None = None,
    phone_number: str | None = None,
    cid: str | None = None,
    created_at_gte: datetime | str | None = None,
) -> RequestSpec[ContactPage]:
    """``GET /api/v2/contacts``: one page (``limit`` ≤ 1000, ``offset`` ≤ 10000)."""
    checks: list[tuple[str, object, Callable[[str, Any], object]]] = [
        ("limit", limit, lambda f, x: v.bounded_int(f, x, low=1, high=MAX_LIMIT)),
        ("offset", offset, lambda f, x: v.bounded_int(f, x, low=0, high=MAX_OFFSET)),
        ("order_by", order_by, lambda f, x: v.one_of(f, x, ContactOrder.ALL)),
        ("order_direction", order_direction, lambda f, x: v.one_of(f, x, DIRECTIONS)),
        ("phone_number", phone_number, v.e164),
        ("cid", cid, v.required_text),
        ("created_at_gte", created_at_gte, v.timestamp),
    ]
    query = [(name, check(name, value)) for name, value, check in checks if value is not None]
    return RequestSpec("GET", CONTACTS, ContactPage, query=query)


def count_contacts() -> RequestSpec[ContactCount]:
    """``GET /api/v2/contacts/count``."""
    return RequestSpec("GET", f"{CONTACTS}/count", ContactCount)


def get_contact(phone: str) -> RequestSpec[ContactResponse]:
    """``GET /api/v2/contacts/:phone``."""
    return RequestSpec("GET", _phone_path(phone), ContactResponse)


def create_contact(
    number: str,
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    assigned_to_email: str | None = None,
    sendblue_number: str | None = None,
    tags: Sequence[str] | None = None,
    custom_variables: Mapping[str, str] | None = None,
    update_if_exists: bool = False,
) -> RequestSpec[ContactResponse]:
    """Create a contact; with ``update_if_exists`` an existing one is updated instead.

    ``POST /api/v2/contacts``. With ``update_if_exists`` the request is an upsert, so it
    is marked idempotent (safe to retry after a timeout)."""
    body = {"number": v.e164("number", number)} | _fields(
        first_name=first_name, last_name=last_name, assigned_to_email=assigned_to_email,
        sendblue_number=sendblue_number, tags=tags, custom_variables=custom_variables,
    )
    if v.boolean("update_if_exists", update_if_exists):
        body["update_if_exists"] = True
    return RequestSpec(
        "POST", CONTACTS, ContactResponse, json=body, idempotent=update_if_exists or None
    )


def bulk_create_contacts(contacts: Iterable[NewContact]) -> RequestSpec[ContactsResponse]:
    """Create many contacts in one request; returns what the server stored.

    ``POST /api/v2/contacts/bulk``. A bad item raises naming it: ``contacts[3].phone``."""
    if isinstance(contacts, str | bytes) or not isinstance(contacts, Iterable):
        raise ValidationError("contacts", "must be a list of NewContact")
    items: list[dict[str, Any]] = []
    for index, contact in enumerate(contacts):
        try:
            items.append(bulk_contact_item(contact))
        except ValidationError as exc:
            reason = str(exc).removeprefix(f"{exc.field}: ")
            raise ValidationError(f"contacts[{index}].{exc.field}", reason) from None
    return _bulk_create(items, ContactsResponse)


def bulk_create_checked(items: list[dict[str, Any]]) -> RequestSpec[BulkAck]:
    """``POST /api/v2/contacts/bulk`` of wire items already checked as
    :func:`bulk_contact_item` checks them (the bulk importer checks whole columns at once):
    the same request as :func:`bulk_create_contacts`, its reply read as a ``BulkAck``."""
    return _bulk_create(items, BulkAck)


def _bulk_create(items: list[dict[str, Any]], reply: type[T]) -> RequestSpec[T]:
    if not items:
        raise ValidationError("contacts", "must not be empty")
    return RequestSpec("POST", BULK_CONTACTS, reply, json={"contacts": items})


def bulk_contact_item(contact: NewContact) -> dict[str, Any]:
    """The checked wire item :func:`bulk_create_contacts` sends for one contact: the phone,
    then each given field of ``BULK_ITEM_CHECKS``; a bad field raises naming it."""
    if not isinstance(contact, NewContact):
        raise ValidationError("item", "must be a NewContact")
    item: dict[str, Any] = {"phone": v.e164("phone", contact.phone)}
    for name, check in _BULK_FIELD_CHECKS:
        value = getattr(contact, name)
        if value is not None:
            item[name] = check(name, value)
    return item


def update_contact(
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
) -> RequestSpec[ContactUpdateResponse]:
    """Change the given fields; returns the updated contact when the server sends it back.

    ``PUT /api/v2/contacts/:phone``. ``custom_variables`` are merged into the stored ones
    by the server; ``tags`` replace the stored tags."""
    path = _phone_path(phone)
    body = _fields(
        first_name=first_name, last_name=last_name, company_name=company_name,
        assigned_to_email=assigned_to_email, sendblue_number=sendblue_number, tags=tags,
        custom_variables=custom_variables, opt_out=opt_out,
    )
    if not body:
        raise ValidationError("update_contact", "give at least one field to change")
    return RequestSpec("PUT", path, ContactUpdateResponse, json=body)


def delete_contact(phone: str) -> RequestSpec[ContactDeleteResponse]:
    """``DELETE /api/v2/contacts/:phone``."""
    return RequestSpec("DELETE", _phone_path(phone), ContactDeleteResponse)


def bulk_delete_contacts(phones: Collection[str]) -> RequestSpec[BulkDeleteResponse]:
    """Delete contacts by phone number; returns how many the server deleted.

    ``DELETE /api/v2/contacts`` with a JSON body; ``contact_ids`` holds phone numbers."""
    contact_ids = v.e164_list("phones", phones)
    return RequestSpec("DELETE", CONTACTS, BulkDeleteResponse, json={"contact_ids": contact_ids})
