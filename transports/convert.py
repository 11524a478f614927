"""cattrs building blocks the API packages share: strict primitives, timestamps, JSON arrays
and camelCase renaming. Each package builds its own converter on :func:`strict_converter`
and adds its naming rules as hooks.

Strict means a wrong type on the wire is an error, not a silent ``bool("false") == True``
or ``"SMS"`` read as ``("S", "M", "S")``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import UnionType
from typing import Any, Union, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.gen import make_dict_structure_fn, override

_EXTRA_DIGITS = re.compile(r"(\.\d{6})\d+")


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def parse_datetime(value: Any, _: object = None) -> datetime:
    """ISO 8601 with or without ``Z`` / offset; a naive timestamp is UTC. Fractions beyond
    microseconds (some callbacks send 7 digits) are cut, not rounded."""
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    dot = value.find(".")
    if dot >= 0 and value[dot + 7 : dot + 8].isdigit():  # maybe more than 6 fraction digits
        value = _EXTRA_DIGITS.sub(r"\1", value, count=1)
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
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return float(value)


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


_EXACT = (str, bool, int, float)
_Plan = tuple[Any, Callable[[Any, Any], Any], Any]  # (exact type or None, hook, hook's type)


def keyed_structure_fn(
    converter: Converter, cls: type, keys: Mapping[str, str], *, keep_extra: bool = False
) -> Callable[[Any, Any], Any]:
    """A structure hook for the attrs class ``cls`` read from a JSON object by ``keys``
    (wire key -> attribute name).

    A null reads as the attribute's default. When several keys name one attribute, the key
    equal to its name wins, else the first one present. Unknown keys are ignored, or passed
    as ``extra`` with ``keep_extra``. One pass over the object: a value of exactly the
    field's primitive type is taken as it is, any other goes through the field type's hook.
    """
    plans = _field_plans(converter, cls)
    table = {key: (name, key == name, *plans[name]) for key, name in keys.items()}
    build = _constructor(cls)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected an object, got {type(value).__name__}")
        kwargs: dict[str, Any] = {}
        others: dict[str, tuple[Any, _Plan]] = {}  # other spellings: used if the name is absent
        extra: dict[str, Any] = {}
        for key, item in value.items():
            entry = table.get(key)
            if entry is None:
                extra[key] = item
                continue
            if item is None:
                continue
            name, own, exact, hook, inner = entry
            if not own:
                others.setdefault(name, (item, (exact, hook, inner)))
            elif item.__class__ is exact:
                kwargs[name] = item
            else:
                kwargs[name] = hook(item, inner)
        for name, (item, (exact, hook, inner)) in others.items():
            if name not in kwargs:
                kwargs[name] = item if item.__class__ is exact else hook(item, inner)
        if keep_extra:
            kwargs["extra"] = extra
        return build(kwargs)

    return structure


def _field_plans(converter: Converter, cls: type) -> dict[str, _Plan]:
    plans: dict[str, _Plan] = {}
    for field in attrs.fields(attrs.resolve_types(cls)):
        inner = _without_none(field.type)
        exact = inner if inner in _EXACT else None
        plans[field.name] = (exact, converter.get_structure_hook(inner), inner)
    return plans


def _without_none(cls: Any) -> Any:
    """``X`` for ``X | None`` (a null never reaches a field's hook), else ``cls``."""
    args = get_args(cls)
    if get_origin(cls) in (Union, UnionType) and type(None) in args:
        rest = tuple(a for a in args if a is not type(None))
        return rest[0] if len(rest) == 1 else Union[rest]  # noqa: UP007
    return cls


def _constructor(cls: type) -> Callable[[dict[str, Any]], Any]:
    """``cls(**kwargs)``; for a dict-backed attrs class whose ``__init__`` only assigns
    (no validators, converters, factories, aliases or post-init), the same assignments
    without the call, which costs more than the rest of a parse for a wide model."""
    fields = attrs.fields(cls)
    plain = "__slots__" not in cls.__dict__ and not hasattr(cls, "__attrs_post_init__") and all(
        f.init and f.alias == f.name and f.validator is None and f.converter is None
        and not isinstance(f.default, attrs.Factory)  # type: ignore[arg-type]
        for f in fields
    )
    if not plain:
        return lambda kwargs: cls(**kwargs)
    defaults = {f.name: f.default for f in fields if f.default is not attrs.NOTHING}
    required = tuple(f.name for f in fields if f.default is attrs.NOTHING)

    def build(kwargs: dict[str, Any]) -> Any:
        for name in required:
            if name not in kwargs:
                raise TypeError(f"{cls.__name__} needs {name}")
        instance: Any = object.__new__(cls)
        instance.__dict__.update(defaults, **kwargs)
        return instance

    return build


def strict_converter() -> Converter:
    """A converter with strict primitives, ISO timestamps and JSON-array tuples."""
    converter = Converter(detailed_validation=False)
    converter.register_structure_hook(str, strict_str)
    converter.register_structure_hook(bool, strict_bool)
    converter.register_structure_hook(int, strict_int)
    converter.register_structure_hook(float, strict_float)
    converter.register_structure_hook(datetime, parse_datetime)
    converter.register_structure_hook_factory(_is_variadic_tuple, _json_array_hook(converter))
    converter.register_structure_hook_factory(_is_optional, _optional_hook(converter))
    return converter


def _is_optional(cls: Any) -> bool:
    args = get_args(cls)
    return len(args) == 2 and type(None) in args and get_origin(cls) in (Union, UnionType)


def _optional_hook(converter: Converter) -> Callable[[Any], Any]:
    # cattrs' own Optional handling dispatches on the inner type at every call.
    def factory(cls: Any) -> Any:
        inner = _without_none(cls)
        hook = converter.get_structure_hook(inner)
        for strict, fused in _FUSED_OPTIONAL:
            if hook is strict:
                return fused

        def structure(value: Any, _: object) -> Any:
            return None if value is None else hook(value, inner)

        return structure

    return factory
