"""Models of contacts (``/api/v2/contacts``).

The converter reads both the current snake_case spellings and the older camelCase ones
(``firstName``, ``phoneNumber``, ``customVariables``...), so these models name each field once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from transports.parse import ReadFromHead


class ContactOrder:
    """Documented ``order_by`` values (the wire mixes spellings)."""

    CREATED_AT = "created_at"
    FIRST_NAME = "firstName"
    LAST_NAME = "lastName"
    PHONE = "phone"
    ALL = frozenset({CREATED_AT, FIRST_NAME, LAST_NAME, PHONE})


@attrs.frozen(slots=False)  # dict-backed: the converter fills it without calling __init__
class Contact:
    phone: str
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    assigned_to_email: str | None = None
    sendblue_number: str | None = None
    tags: tuple[str, ...] = ()
    custom_variables: Mapping[str, Any] = attrs.field(factory=dict)
    opt_out: bool = False
    verified: bool = False
    created_at: datetime | None = None
    contact_id: str | None = None


@attrs.frozen
class NewContact:
    """One item of a bulk create. Checked by ``builders.bulk_create_contacts``."""

    phone: str
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    tags: Sequence[str] | None = None
    custom_variables: Mapping[str, str] | None = None


@attrs.frozen
class ContactPage:
    """One page of ``GET /api/v2/contacts`` (a bare JSON array on the wire)."""

    contacts: tuple[Contact, ...] = ()


@attrs.frozen
class ContactCount:
    count: int


@attrs.frozen
class ContactResponse:
    contact: Contact


@attrs.frozen
class ContactUpdateResponse:
    contact: Contact | None = None


@attrs.frozen
class ContactsResponse:
    contacts: tuple[Contact, ...] = ()


@attrs.frozen
class BulkAck(ReadFromHead):
    """The reply to a bulk create read as an acknowledgement: the echo of every stored
    contact is not structured (the bulk importer counts rows and never looks at them)."""

    status: str = "OK"

    @classmethod
    def from_head(cls, body: bytes) -> BulkAck | None:
        """An OK read from the opening of the body when it opens with the status, as the
        API's replies do, and the object is closed: the echo that follows is not decoded
        (about 1.7 µs a row). HTTP framing has already delivered the whole body. Any other
        body is decoded in full, so ``status: ERROR``, a truncated or a non-JSON body is
        still a typed error."""
        if _OK_HEAD.match(body) and body.rstrip().endswith(b"}"):
            return _OK
        return None


_OK_HEAD = re.compile(rb'[ \t\r\n]*\{[ \t\r\n]*"status"[ \t\r\n]*:[ \t\r\n]*"OK"[ \t\r\n]*[,}]')
_OK = BulkAck()


@attrs.frozen
class ContactDeleteResponse:
    status: str = "OK"


@attrs.frozen
class BulkDeleteResponse:
    amount: int = 0
