"""The package's cattrs converter: wire JSON -> models.

Naming rules live here, not in the models: models are snake_case and read camelCase keys,
except the OAuth token reply, which is snake_case on the wire. Primitive hooks are strict, so
a wrong type on the wire is an error, not a silent ``bool("false") == True``. Unknown keys are
ignored (the API adds fields over time).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.gen import make_dict_structure_fn, override

from .models import (
    EstVoiceConfiguration,
    FaxVoiceConfiguration,
    OAuthToken,
    RtcVoiceConfiguration,
    UnknownVoiceConfiguration,
    VoiceConfiguration,
)

SNAKE_CASE: frozenset[type] = frozenset({OAuthToken, UnknownVoiceConfiguration})
VOICE_TYPES: dict[str, type] = {
    "RTC": RtcVoiceConfiguration,
    "EST": EstVoiceConfiguration,
    "FAX": FaxVoiceConfiguration,
}
_EXTRA_DIGITS = re.compile(r"(\.\d{6})\d+")


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def parse_datetime(value: Any, _: object = None) -> datetime:
    """ISO 8601 with or without ``Z`` / offset; a naive timestamp (callbacks send those) is
    UTC. Fractions beyond microseconds (callbacks send 7 digits) are cut, not rounded."""
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(_EXTRA_DIGITS.sub(r"\1", value, count=1))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_decimal(value: Any, _: object = None) -> Decimal:
    """Amounts are decimal strings (``"2.00"``); a JSON number is read via its text."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(f"expected a decimal string, got {type(value).__name__}")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError("expected a decimal amount") from exc
    if not amount.is_finite():
        raise ValueError("expected a finite decimal amount")
    return amount


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
    return int(value)  # int32 fields may arrive as strings (proto3 JSON int64 habit)


def _strict_float(value: Any, _: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return float(value)


def _tuple_hook(converter: Converter) -> Callable[[Any], Any]:
    # cattrs would turn the string "SMS" into ("S", "M", "S"): a JSON array is required.
    def factory(cls: Any) -> Any:
        item = get_args(cls)[0]

        def structure(value: Any, _: object) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise TypeError(f"expected a JSON array, got {type(value).__name__}")
            return tuple(converter.structure(v, item) for v in value)

        return structure

    return factory


def _is_tuple(cls: Any) -> bool:
    origin: Any = get_origin(cls)
    return origin is tuple


def _camel_case_hook(converter: Converter) -> Callable[[type], Any]:
    def factory(cls: type) -> Any:
        renames = {a.name: override(rename=to_camel(a.name)) for a in attrs.fields(cls)}
        return make_dict_structure_fn(cls, converter, **renames)  # type: ignore[arg-type]

    return factory


def _is_camel_case(cls: Any) -> bool:
    return (
        isinstance(cls, type)
        and attrs.has(cls)
        and cls.__module__.startswith("sinch_numbers.")
        and cls not in SNAKE_CASE
    )


def _voice_hook(converter: Converter) -> Callable[[Any, Any], VoiceConfiguration | None]:
    def structure(value: Any, _: Any) -> VoiceConfiguration | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise TypeError("expected a voiceConfiguration object")
        kind = value.get("type") or "RTC"  # RTC is the documented default
        if not isinstance(kind, str):
            raise TypeError("expected a string voice type")
        cls = VOICE_TYPES.get(kind)
        if cls is None:
            return UnknownVoiceConfiguration(kind, dict(value))
        return converter.structure({**value, "type": kind}, cls)

    return structure


def make_converter() -> Converter:
    converter = Converter(detailed_validation=False)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(float, _strict_float)
    converter.register_structure_hook(datetime, parse_datetime)
    converter.register_structure_hook(Decimal, parse_decimal)
    converter.register_structure_hook_factory(_is_tuple, _tuple_hook(converter))
    voice = _voice_hook(converter)
    converter.register_structure_hook_func(
        lambda t: t == VoiceConfiguration or t == VoiceConfiguration | None, voice
    )
    converter.register_structure_hook_factory(_is_camel_case, _camel_case_hook(converter))
    return converter


converter = make_converter()
