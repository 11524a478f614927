"""The package's cattrs converter: wire JSON -> models.

Naming rules live here, not in the models: models are snake_case and read camelCase keys,
except the OAuth token reply, which is snake_case on the wire. Primitive hooks are strict, so
a wrong type on the wire is an error, not a silent ``bool("false") == True``. Unknown keys are
ignored (the API adds fields over time).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
from cattrs import Converter

from transports.convert import keyed_structure_fn, parse_datetime, strict_converter, to_camel

from .models import (
    EstVoiceConfiguration,
    FaxVoiceConfiguration,
    Money,
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


def _is_camel_case(cls: Any) -> bool:
    return (
        isinstance(cls, type)
        and attrs.has(cls)
        and cls.__module__.startswith("sinch_numbers.")
        and cls not in SNAKE_CASE
    )


def _camel_case_hook(converter: Converter) -> Callable[[type], Callable[[Any, Any], Any]]:
    """Each attribute read from its camelCase key, by a function compiled per class; a
    value that is not a JSON object (``[]``, ``"oops"``) is a decode error, not an empty
    model, and a ``null`` reads as the attribute's default."""

    def factory(cls: type) -> Callable[[Any, Any], Any]:
        keys = {to_camel(a.name): a.name for a in attrs.fields(cls)}
        return keyed_structure_fn(converter, cls, keys)

    return factory


def _voice_hook(converter: Converter) -> Callable[[Any, Any], VoiceConfiguration]:
    # Never called with null: the model reads a null voiceConfiguration as its default.
    def structure(value: Any, _: Any) -> VoiceConfiguration:
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


def _money_hook(converter: Converter) -> Callable[[Any, Any], Money]:
    # A listing holds a handful of distinct prices: each ``Money`` (frozen) is built once
    # and shared, which saves about a quarter of the cost of parsing an active number.
    structure = _camel_case_hook(converter)(Money)
    interned: dict[tuple[str, str], Money] = {}

    def hook(value: Any, _: Any) -> Money:
        key = _money_key(value)
        money = interned.get(key) if key is not None else None
        if money is None:
            money = structure(value, Money)
            if key is not None and len(interned) < _MAX_INTERNED:
                interned[key] = money
        return money

    return hook


_MAX_INTERNED = 1024


def _money_key(value: Any) -> tuple[str, str] | None:
    """``(currencyCode, amount)`` for a plain two-string price, else ``None`` (not shared)."""
    if not isinstance(value, dict) or len(value) != 2:
        return None
    currency, amount = value.get("currencyCode"), value.get("amount")
    if type(currency) is str and type(amount) is str:
        return currency, amount
    return None


def make_converter() -> Converter:
    converter = strict_converter()
    converter.register_structure_hook(Decimal, parse_decimal)
    voice = _voice_hook(converter)
    converter.register_structure_hook_func(lambda t: t == VoiceConfiguration, voice)
    converter.register_structure_hook_factory(_is_camel_case, _camel_case_hook(converter))
    converter.register_structure_hook(Money, _money_hook(converter))
    return converter


converter = make_converter()

__all__ = ["converter", "make_converter", "parse_datetime", "parse_decimal", "to_camel"]
