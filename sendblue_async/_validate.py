"""Pure input checks. Each raises ``ValidationError`` naming the argument, before any I/O."""

from __future__ import annotations

import binascii
import re
from base64 import b32decode
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import TypeGuard
from urllib.parse import SplitResult, urlsplit

from transports.ids import reject_dot_segment

from .errors import ValidationError

E164_PATTERN = r"\+[1-9][0-9]{6,14}"
_E164 = re.compile(E164_PATTERN)
_AREA_CODE = re.compile(r"[2-9][0-9]{2}")
_ZIP = re.compile(r"[0-9]{5}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
# A lone surrogate is a valid ``str`` but cannot be encoded to UTF-8, so it would only fail
# later, inside the transport, as a raw UnicodeEncodeError.
_SURROGATE = re.compile("[\ud800-\udfff]")
_MEDIA_TYPE = re.compile(r"[\w!#$&^.+-]+/[\w!#$&^.+-]+(?: *;[\x20-\x7e]*)?", re.ASCII)
MAX_TEXT = 1000
MAX_ID = 2**63 - 1


def _unicode(field: str, value: str) -> str:
    if value.isascii():  # the usual text, and no surrogate can be ASCII: skip the search
        return value
    if _SURROGATE.search(value):
        raise ValidationError(field, "must be valid Unicode text (it holds a lone surrogate)")
    return value


def required_text(field: str, value: object, *, max_length: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, f"must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValidationError(field, "is required and must not be blank")
    if len(value) > max_length:
        raise ValidationError(field, f"must be at most {max_length} characters")
    return _unicode(field, value)


def path_id(field: str, value: object) -> str:
    """Text sent as one path segment: not blank, and not ``.`` or ``..``."""
    return reject_dot_segment(field, required_text(field, value), ValidationError)


def optional_text(field: str, value: object) -> str | None:
    return None if value is None else required_text(field, value)


def boolean(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(field, f"must be True or False, got {type(value).__name__}")
    return value


def e164(field: str, value: object) -> str:
    """A phone number in E.164 form: ``+`` then 7 to 15 digits, no leading zero."""
    if not isinstance(value, str) or _E164.fullmatch(value) is None:
        raise ValidationError(field, "must be an E.164 phone number such as +14155551234")
    return value


def area_code(field: str, value: object, *, allow_zip: bool = False) -> str:
    """A 3-digit North American area code (first digit 2-9), or a 5-digit ZIP if allowed."""
    if isinstance(value, str) and (
        _AREA_CODE.fullmatch(value) or (allow_zip and _ZIP.fullmatch(value))
    ):
        return value
    what = "a 3-digit area code or a 5-digit ZIP code" if allow_zip else "a 3-digit area code"
    raise ValidationError(field, f"must be {what} given as a string, such as '415'")


def email(field: str, value: object) -> str:
    text = required_text(field, value, max_length=254)
    if _EMAIL.fullmatch(text) is None:
        raise ValidationError(field, "must be an e-mail address such as ops@example.com")
    return text


def ticket_id(field: str, value: object) -> int:
    # Capped: ids are 64-bit on the wire, and str() of a huge int raises a plain ValueError.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise ValidationError(field, "must be a positive integer ticket id")
    return value


def preview_token_value(field: str, value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
        raise ValidationError(field, "must be a non-empty preview token string")
    return _unicode(field, value)


def bounded_int(field: str, value: object, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(field, f"must be an integer from {low} to {high}")
    return value


def one_of(field: str, value: object, choices: Collection[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValidationError(field, f"must be one of {', '.join(sorted(choices))}")
    return value


def url(field: str, value: object) -> str:
    """An absolute http(s) URL with a host."""
    text = required_text(field, value, max_length=2048)
    parts = _split_url(text)
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(field, "must be an http(s) URL such as https://example.com/hook")
    return text


def _split_url(text: str) -> SplitResult | None:
    # urlsplit drops tabs and newlines and strips spaces: it would pass a URL sent with them.
    if " " in text or not text.isprintable():
        return None
    try:
        return urlsplit(text)
    except ValueError:  # an unclosed "[" (IPv6 host), or a host NFKC turns into "/" or "?"
        return None


def media_type(field: str, value: object) -> str:
    """A MIME type such as ``image/png`` (parameters allowed): ASCII, on one line."""
    if not isinstance(value, str) or len(value) > 255 or _MEDIA_TYPE.fullmatch(value) is None:
        raise ValidationError(field, "must be a media type such as image/png")
    return value


def text_list(field: str, value: object) -> list[str]:
    # A bare string is a sequence too: ``tags="vip"`` would otherwise become three tags.
    if not _is_collection(value):
        raise ValidationError(field, "must be a list of strings")
    return [required_text(field, item) for item in value]


def e164_list(field: str, value: object) -> list[str]:
    if not _is_collection(value) or not value:
        raise ValidationError(field, "must be a non-empty list of E.164 phone numbers")
    return [e164(field, item) for item in value]


def _is_collection(value: object) -> TypeGuard[Collection[object]]:
    """A collection of items, not text. Lists and tuples first: the check against the
    ``Collection`` ABC costs more than the rest of a short list's validation."""
    if type(value) in (list, tuple):
        return True
    return not isinstance(value, str | bytes) and isinstance(value, Collection)


def string_map(field: str, value: object) -> dict[str, str]:
    if type(value) is not dict and not isinstance(value, Mapping):
        raise ValidationError(field, "must be a mapping of strings to strings")
    for key, item in value.items():
        required_text(field, key)
        if not isinstance(item, str):
            raise ValidationError(field, f"value of {key!r} must be a string")
        _unicode(field, item)
    return dict(value)


def base32_secret(field: str, value: object) -> str:
    text = required_text(field, value, max_length=256).replace(" ", "").upper()
    try:
        b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise ValidationError(field, "must be a base32 secret (A-Z, 2-7)") from None
    return text


def timestamp(field: str, value: object) -> str:
    """An aware ``datetime`` or an ISO 8601 string, sent as ISO 8601."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.isoformat()
    if isinstance(value, str):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return value
    raise ValidationError(field, "must be a timezone-aware datetime or an ISO 8601 string")


def https_url(field: str, value: object) -> str:
    text = url(field, value)
    if urlsplit(text).scheme != "https":
        raise ValidationError(field, "must be an https:// URL")
    return text


def https_urls(field: str, value: object, *, low: int, high: int) -> list[str]:
    if isinstance(value, str | bytes) or not isinstance(value, Collection):
        raise ValidationError(field, f"must be a list of {low} to {high} https:// URLs")
    if not low <= len(value) <= high:
        raise ValidationError(field, f"must hold {low} to {high} URLs, got {len(value)}")
    return [https_url(field, item) for item in value]


def e164_or_email(field: str, value: object) -> str:
    if isinstance(value, str) and "@" in value:
        return email(field, value)
    return e164(field, value)


def non_negative_int(field: str, value: object) -> int:
    # Capped like ticket ids: str() of a huge int raises a plain ValueError when it is sent.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise ValidationError(field, f"must be an integer from 0 to {MAX_ID}")
    return value
