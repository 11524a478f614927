"""Contact routes: a contact book per account, speaking the v2 wire JSON.

Set ``contact_spelling = "camel"`` to answer with the older camelCase field names.
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal, TypeGuard

import attrs

from transports import Response, json_response

from ._dispatch import DispatchState
from ._records import FakeAccount, iso_timestamp
from ._wire import Ctx, bad_request, error, object_body, ok

E164 = re.compile(r"\+[1-9][0-9]{6,14}\Z")
MAX_LIMIT, MAX_OFFSET, DEFAULT_LIMIT = 1000, 10_000, 100
TEXT_FIELDS = ("first_name", "last_name", "company_name", "assigned_to_email", "sendblue_number")
# Deprecated request spellings the server still accepts.
REQUEST_ALIASES = {
    "firstName": "first_name", "lastName": "last_name", "companyName": "company_name",
    "company": "company_name", "assignedToEmail": "assigned_to_email",
    "sendblueNumber": "sendblue_number", "customVariables": "custom_variables",
    "optOut": "opt_out",
}
CAMEL_NAMES = {
    "phone": "phoneNumber", "first_name": "firstName", "last_name": "lastName",
    "company_name": "companyName", "assigned_to_email": "assignedToEmail",
    "sendblue_number": "sendblueNumber", "custom_variables": "customVariables",
    "opt_out": "optOut", "created_at": "createdAt", "contact_id": "contactId",
}


def is_e164(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and E164.match(value) is not None


@attrs.define
class FakeContact:
    phone: str
    contact_id: str
    created_at: float
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    assigned_to_email: str | None = None
    sendblue_number: str | None = None
    tags: list[str] = attrs.field(factory=list)
    custom_variables: dict[str, str] = attrs.field(factory=dict)
    opt_out: bool = False
    verified: bool = False

    def wire(self, spelling: Literal["snake", "camel"] = "snake") -> dict[str, Any]:
        data = attrs.asdict(self)
        data["created_at"] = iso_timestamp(self.created_at)
        if spelling == "camel":
            return {CAMEL_NAMES.get(k, k): v for k, v in data.items()}
        return data

    def apply(self, changes: dict[str, Any]) -> None:
        """Set the given fields; ``custom_variables`` are merged, not replaced."""
        for name, value in changes.items():
            if name == "custom_variables":
                self.custom_variables.update(value)
            else:
                setattr(self, name, value)


def _changes(body: dict[str, Any]) -> dict[str, Any] | str:
    """The profile fields of a create/update/bulk item, or why they are a 400."""
    changes: dict[str, Any] = {}
    for key, value in body.items():
        name = REQUEST_ALIASES.get(key, key)
        ok_type = _FIELD_TYPES.get(name)
        if ok_type is None:
            continue
        if not ok_type(value):
            return f"{key} has the wrong type"
        changes[name] = value
    return changes


def _is_tags(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(t, str) for t in value)


def _is_variables(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


_FIELD_TYPES: dict[str, Callable[[object], bool]] = {
    **{name: lambda x: x is None or isinstance(x, str) for name in TEXT_FIELDS},
    "tags": _is_tags,
    "custom_variables": _is_variables,
    "opt_out": lambda x: isinstance(x, bool),
}


def _int_arg(ctx: Ctx, name: str, default: int, high: int) -> int | Response:
    raw = ctx.request.arg(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) > high:
        return bad_request(f"{name} must be an integer from 0 to {high}")
    return int(raw)


def _sort_key(order_by: str) -> Callable[[FakeContact], tuple[Any, ...]]:
    attribute = {"firstName": "first_name", "lastName": "last_name"}.get(order_by, order_by)
    return lambda c: (getattr(c, attribute) is None, getattr(c, attribute) or "", c.contact_id)


class ContactRoutes(DispatchState):
    """A new contact (created alone or in bulk, not updated) goes to the account's
    ``contact_created`` webhooks as the contact object."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contacts: dict[str, dict[str, FakeContact]] = {}
        self.contact_spelling: Literal["snake", "camel"] = "snake"
        self._contact_ids = itertools.count(1)

    def contact_book(self, account: FakeAccount) -> dict[str, FakeContact]:
        """The account's contacts by phone number (live: mutate it to seed a test)."""
        return self.contacts.setdefault(account.api_key, {})

    def _contact_wire(self, contact: FakeContact) -> dict[str, Any]:
        return contact.wire(self.contact_spelling)

    def _on_list_contacts(self, ctx: Ctx) -> Response:
        limit = _int_arg(ctx, "limit", DEFAULT_LIMIT, MAX_LIMIT)
        if isinstance(limit, Response):
            return limit
        offset = _int_arg(ctx, "offset", 0, MAX_OFFSET)
        if isinstance(offset, Response):
            return offset
        found = self._filtered_contacts(ctx)
        if isinstance(found, Response):
            return found
        page = found[offset : offset + limit]
        return json_response(200, [self._contact_wire(c) for c in page])

    def _filtered_contacts(self, ctx: Ctx) -> list[FakeContact] | Response:
        args = ctx.request.arg
        order_by, direction = args("order_by") or "created_at", args("order_direction") or "desc"
        if order_by not in ("created_at", "firstName", "lastName", "phone"):
            return bad_request("order_by must be created_at, firstName, lastName or phone")
        if direction not in ("asc", "desc"):
            return bad_request("order_direction must be asc or desc")
        contacts = list(self.contact_book(ctx.account).values())
        if (phone := args("phone_number")) is not None:
            contacts = [c for c in contacts if c.phone == phone]
        if (cid := args("cid")) is not None:
            contacts = [c for c in contacts if c.contact_id == cid]
        if (since := args("created_at_gte")) is not None:
            try:
                moment = datetime.fromisoformat(since)
            except ValueError:
                return bad_request("created_at_gte must be an ISO 8601 timestamp")
            start = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
            contacts = [c for c in contacts if c.created_at >= start]
        contacts.sort(key=_sort_key(order_by), reverse=direction == "desc")
        return contacts

    def _on_count_contacts(self, ctx: Ctx) -> Response:
        return ok({"count": len(self.contact_book(ctx.account))})

    def _on_get_contact(self, ctx: Ctx) -> Response:
        contact = self._find_contact(ctx)
        if isinstance(contact, Response):
            return contact
        return ok({"contact": self._contact_wire(contact)})

    def _find_contact(self, ctx: Ctx) -> FakeContact | Response:
        phone = ctx.params["phone"]
        if not is_e164(phone):
            return bad_request("phone must be an E.164 phone number")
        contact = self.contact_book(ctx.account).get(phone)
        return contact if contact is not None else error(404, "Contact not found")

    def _on_create_contact(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        number = body.get("number", body.get("phone_number", body.get("phoneNumber")))
        changes = _changes(body)
        if not is_e164(number) or isinstance(changes, str):
            return bad_request(changes if isinstance(changes, str) else "number must be E.164")
        if number in self.contact_book(ctx.account) and body.get("update_if_exists") is not True:
            return error(409, "Contact already exists")
        contact = self._upsert_contact(ctx.account, number, changes)
        return ok({"contact": self._contact_wire(contact)})

    def _upsert_contact(
        self, account: FakeAccount, phone: str, changes: dict[str, Any]
    ) -> FakeContact:
        book = self.contact_book(account)
        contact = book.get(phone)
        if contact is not None:
            contact.apply(changes)
            return contact
        contact_id = f"ct_{next(self._contact_ids):06d}_{secrets.token_hex(4)}"
        contact = book[phone] = FakeContact(phone, contact_id, self.now())
        contact.apply(changes)
        self._dispatch(account, "contact_created", lambda: self._contact_wire(contact))
        return contact

    def _on_bulk_create_contacts(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        items = body.get("contacts")
        if not isinstance(items, list) or not items:
            return bad_request("contacts must be a non-empty array")
        checked: list[tuple[str, dict[str, Any]]] = []
        for index, item in enumerate(items):
            phone = item.get("phone") if isinstance(item, dict) else None
            changes = _changes(item) if isinstance(item, dict) else "not an object"
            if not is_e164(phone) or isinstance(changes, str):
                return bad_request(f"contacts[{index}] is invalid")
            checked.append((phone, changes))
        stored = [self._upsert_contact(ctx.account, phone, changes) for phone, changes in checked]
        return ok({"contacts": [self._contact_wire(c) for c in stored]})

    def _on_update_contact(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        contact = self._find_contact(ctx)
        if isinstance(contact, Response):
            return contact
        changes = _changes(body)
        if isinstance(changes, str):
            return bad_request(changes)
        contact.apply(changes)
        return ok({"contact": self._contact_wire(contact)})

    def _on_delete_contact(self, ctx: Ctx) -> Response:
        contact = self._find_contact(ctx)
        if isinstance(contact, Response):
            return contact
        del self.contact_book(ctx.account)[contact.phone]
        return ok({"message": "Contact deleted"})

    def _on_bulk_delete_contacts(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        ids = body.get("contact_ids")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return bad_request("contact_ids must be an array of phone numbers")
        book = self.contact_book(ctx.account)
        removed = [book.pop(phone) for phone in dict.fromkeys(ids) if phone in book]
        return ok({"amount": len(removed)})

    def _contact_routes(self) -> list[tuple[str, str, Callable[[Ctx], Response]]]:
        """Routes for the table; ``count`` and ``bulk`` come before ``{phone}``."""
        contacts = "/api/v2/contacts"
        return [
            ("GET", contacts, self._on_list_contacts),
            ("POST", contacts, self._on_create_contact),
            ("DELETE", contacts, self._on_bulk_delete_contacts),
            ("GET", f"{contacts}/count", self._on_count_contacts),
            ("POST", f"{contacts}/bulk", self._on_bulk_create_contacts),
            ("GET", f"{contacts}/{{phone}}", self._on_get_contact),
            ("PUT", f"{contacts}/{{phone}}", self._on_update_contact),
            ("DELETE", f"{contacts}/{{phone}}", self._on_delete_contact),
        ]
