"""cattrs building blocks the API packages share: strict primitives, timestamps, JSON arrays
and camelCase renaming. Each package builds its own converter on :func:`strict_converter`
and adds its naming rules as hooks.

Strict means a wrong type on the wire is an error, not a silent ``bool("false") == True``
or ``"SMS"`` read as ``("S", "M", "S")``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import UnionType
from typing import Any, Union, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.gen import make_dict_structure_fn, override

from ._keyed import keyed_structure_fn as keyed_structure_fn  # the packages import it here
from ._keyed import without_none


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def parse_datetime(value: Any, _: object = None) -> datetime:
    """ISO 8601 with or without ``Z`` / offset; a naive timestamp is UTC. Fractions beyond
    microseconds (some callbacks send 7 digits) are cut, not rounded: Python 3.11's
    ``fromisoformat`` reads any number of fraction digits and keeps six."""
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def strict_str(value: Any, _: object = None) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def strict_bool(value: Any, _: object = None) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


def strict_int(value: Any, _: object = None) -> int:
    """An integer, or its decimal text (int64 fields often travel as strings)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return int(value)


def strict_float(value: Any, _: object = None) -> float:
    """A finite number: ``NaN`` or ``Infinity`` (which JSON decoders accept) would make every
    comparison false, e.g. a token lifetime that never runs out."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:  # an integer beyond float range: 1 followed by 400 digits
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, got {str(value)[:20]!r}")
    return number


def optional_str(value: Any, _: object = None) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def optional_bool(value: Any, _: object = None) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


# ``X | None`` of a strict primitive in one call instead of two (most model fields are
# optional strings, so this is a good part of every parse).
_FUSED_OPTIONAL: tuple[tuple[Callable[..., Any], Callable[..., Any]], ...] = (
    (strict_str, optional_str),
    (strict_bool, optional_bool),
)


def _strings(value: Any, _: object = None) -> tuple[str, ...]:
    """``tuple[str, ...]`` without a call per item (capability lists, tags)."""
    if not isinstance(value, list):
        raise TypeError(f"expected a JSON array, got {type(value).__name__}")
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"expected a string, got {type(item).__name__}")
    return tuple(value)


def json_object(value: Any, _: object = None) -> dict[str, Any]:
    """``Mapping[str, Any]`` / ``dict[str, Any]``: a JSON object copied as it is (its keys are
    strings already), without cattrs' call per key."""
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    return dict(value)


def _is_variadic_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _json_array_hook(converter: Converter) -> Callable[[Any], Any]:
    # cattrs would iterate whatever it gets: "415" would become ("4", "1", "5"), and an
    # object its keys. Only a JSON array is a sequence.
    def factory(cls: Any) -> Any:
        item_type = get_args(cls)[0]
        hook = converter.get_structure_hook(item_type)
        if hook is strict_str:
            return _strings

        def structure(value: Any, _: object) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise TypeError(f"expected a JSON array, got {type(value).__name__}")
            return tuple([hook(item, item_type) for item in value])

        return structure

    return factory


def camel_case_hook(converter: Converter) -> Callable[[type], Any]:
    """A hook factory reading every attribute of a class from its camelCase key."""

    def factory(cls: type) -> Any:
        renames = {a.name: override(rename=to_camel(a.name)) for a in attrs.fields(cls)}
        return make_dict_structure_fn(cls, converter, **renames)  # type: ignore[arg-type]

    return factory


def strict_converter() -> Converter:
    """A converter with strict primitives, ISO timestamps and JSON-array tuples."""
    converter = Converter(detailed_validation=False)
    converter.register_structure_hook(str, strict_str)
    converter.register_structure_hook(bool, strict_bool)
    converter.register_structure_hook(int, strict_int)
    converter.register_structure_hook(float, strict_float)
    converter.register_structure_hook(datetime, parse_datetime)
    converter.register_structure_hook_func(
        lambda cls: cls in (Mapping[str, Any], dict[str, Any]), json_object
    )
    converter.register_structure_hook_factory(_is_variadic_tuple, _json_array_hook(converter))
    converter.register_structure_hook_factory(_is_optional, _optional_hook(converter))
    return converter


def _is_optional(cls: Any) -> bool:
    args = get_args(cls)
    return len(args) == 2 and type(None) in args and get_origin(cls) in (Union, UnionType)


def _optional_hook(converter: Converter) -> Callable[[Any], Any]:
    # cattrs' own Optional handling dispatches on the inner type at every call.
    def factory(cls: Any) -> Any:
        inner = without_none(cls)
        hook = converter.get_structure_hook(inner)
        for strict, fused in _FUSED_OPTIONAL:
            if hook is strict:
                return fused

        def structure(value: Any, _: object) -> Any:
            return None if value is None else hook(value, inner)

        return structure

    return factory
