"""Pure input checks. Each raises ``ValidationError`` naming the argument, before any I/O."""

from __future__ import annotations

import re

from .errors import ValidationError

_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_AREA_CODE = re.compile(r"[2-9][0-9]{2}")
_ZIP = re.compile(r"[0-9]{5}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
MAX_TEXT = 1000


def required_text(field: str, value: object, *, max_length: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, f"must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValidationError(field, "is required and must not be blank")
    if len(value) > max_length:
        raise ValidationError(field, f"must be at most {max_length} characters")
    return value


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
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError(field, "must be a positive integer ticket id")
    return value


def preview_token_value(field: str, value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
        raise ValidationError(field, "must be a non-empty preview token string")
    return value
