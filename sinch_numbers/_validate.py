"""Pure input checks. Each raises ``ValidationError`` naming the argument, before any I/O.

Messages never echo the value: some arguments (the HMAC secret) are secrets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from transports.ids import reject_dot_segment

from .errors import ValidationError

_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_REGION = re.compile(r"[A-Z]{2}")
_ENUM_TOKEN = re.compile(r"[A-Z][A-Z0-9_]*")
_PATTERN = re.compile(r"\+?[0-9]{1,15}")
_HMAC_SECRET = re.compile(r"[a-zA-Z0-9-]{32,64}")
_PROJECT_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
# A lone surrogate is a valid ``str`` but cannot be encoded to UTF-8: it would only fail
# later, inside the transport, as a raw UnicodeEncodeError.
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_TEXT = 1000
MAX_INT32 = 2**31 - 1
SEARCH_PATTERNS = frozenset({"START", "CONTAINS", "END"})
ORDER_BY = frozenset({"phoneNumber", "displayName"})


def text(field: str, value: object, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, f"must be a string, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise ValidationError(field, "is required and must not be blank")
    if len(value) > MAX_TEXT:
        raise ValidationError(field, f"must be at most {MAX_TEXT} characters")
    if not value.isascii() and _SURROGATE.search(value):
        raise ValidationError(field, "must be valid Unicode text (it holds a lone surrogate)")
    return value


def path_id(field: str, value: object) -> str:
    """Text sent as one path segment: ``.`` and ``..`` would be read as dot segments."""
    return reject_dot_segment(field, text(field, value), ValidationError)


def project_id(field: str, value: object) -> str:
    if not isinstance(value, str) or _PROJECT_ID.fullmatch(value) is None:
        raise ValidationError(field, "must be a Sinch project id (letters, digits, '-', '_')")
    return value


def e164(field: str, value: object) -> str:
    """``+`` then 7 to 15 digits, no leading zero."""
    if not isinstance(value, str) or _E164.fullmatch(value) is None:
        raise ValidationError(field, "must be an E.164 phone number such as +12025550134")
    return value


def region_code(field: str, value: object) -> str:
    if not isinstance(value, str) or _REGION.fullmatch(value) is None:
        raise ValidationError(field, "must be an ISO 3166-1 alpha-2 code such as 'US'")
    return value


def enum_token(field: str, value: object) -> str:
    """An upper-case enum value (``MOBILE``, ``SMS``): unknown new values pass, typos do not."""
    if not isinstance(value, str) or _ENUM_TOKEN.fullmatch(value) is None:
        raise ValidationError(field, "must be an upper-case value such as 'LOCAL' or 'SMS'")
    return value


def enum_tokens(field: str, values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise ValidationError(field, "must be a list of values, not a single string")
    if not isinstance(values, Iterable):
        raise ValidationError(field, "must be a list of values such as ['SMS']")
    return tuple(enum_token(field, v) for v in values)


def one_of(field: str, value: object, allowed: frozenset[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValidationError(field, f"must be one of {', '.join(sorted(allowed))}")
    return value


def digits_pattern(field: str, value: object) -> str:
    if not isinstance(value, str) or _PATTERN.fullmatch(value) is None:
        raise ValidationError(field, "must be a sequence of digits, optionally after '+'")
    return value


def positive_int(field: str, value: object) -> int:
    """Sizes and quantities are int32 on the wire."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError(field, "must be a positive integer")
    if value > MAX_INT32:
        raise ValidationError(field, f"must be at most {MAX_INT32}")
    return value


def hmac_secret(field: str, value: object) -> str:
    if not isinstance(value, str) or _HMAC_SECRET.fullmatch(value) is None:
        raise ValidationError(field, "must be 32 to 64 characters of letters, digits and '-'")
    return value


def url(field: str, value: object) -> str:
    checked = text(field, value)
    if not checked.startswith(("https://", "http://")):
        raise ValidationError(field, "must be an http(s) URL")
    return checked
