"""``keyed_structure_fn``: a structure hook generated for one attrs class, reading each field
from the first of its wire spellings present in a JSON object.

Like cattrs' ``make_dict_structure_fn`` it compiles a function per class with a few lines per
field: a generic loop over the object's keys costs about half as much again for a wide
model (a message has 27 fields and is parsed on every call).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import UnionType
from typing import Any, Union, get_args, get_origin

import attrs
from cattrs import Converter

_EXACT = (str, bool, int)  # not float: its hook refuses NaN and Infinity
_HEAD = (
    "def structure(value, _):",
    "    if not isinstance(value, dict):",
    "        raise TypeError(f'expected an object, got {type(value).__name__}')",
    "    get = value.get",
)


def keyed_structure_fn(
    converter: Converter, cls: type, keys: Mapping[str, str], *, keep_extra: bool = False
) -> Callable[[Any, Any], Any]:
    """A structure hook for the attrs class ``cls`` read from a JSON object by ``keys``
    (wire key -> attribute name).

    Each attribute is read from the first of its keys that holds a non-null value: the key
    equal to its name, then the others in the order of ``keys``. A null or absent value reads
    as the attribute's default. A value of exactly the field's primitive type is taken as it
    is, any other goes through the field type's hook. Unknown keys are ignored, or passed as
    ``extra`` with ``keep_extra``.
    """
    spellings: dict[str, list[str]] = {}
    for key, name in keys.items():
        spellings.setdefault(name, []).append(key)
    for name, found in spellings.items():
        found.sort(key=name.__ne__)  # its own name first; a stable sort keeps the rest in order
    plain = _is_plain(cls)
    alternatives = frozenset(k for found in spellings.values() for k in found[1:])
    namespace: dict[str, Any] = {
        "_cls": cls, "_new": object.__new__, "_keys": frozenset(keys), "_alts": alternatives,
    }
    fields = []
    for i, field in enumerate(attrs.fields(attrs.resolve_types(cls))):
        names = spellings.get(field.name, [])
        # A plain class is given every field: its default when no key names it.
        if names or (plain and not (keep_extra and field.name == "extra")):
            namespace.update(_field_names(converter, field, i))
            fields.append((field, names, i))
    lines = [*_HEAD, *(("    o = _new(_cls)", "    d = o.__dict__") if plain else ("    d = {}",))]
    if alternatives:
        # Most objects use one spelling throughout: when no other spelling is present, skip
        # the fallback lookups (a dozen for a message with its optional fields left out).
        lines.append("    if _alts.isdisjoint(value):")
        lines += _indented(_body(cls, fields, plain, fallbacks=False, keep_extra=keep_extra))
        lines.append("    else:")
        lines += _indented(_body(cls, fields, plain, fallbacks=True, keep_extra=keep_extra))
    else:
        lines += _body(cls, fields, plain, fallbacks=False, keep_extra=keep_extra)
    exec(compile("\n".join(lines), f"<structure {cls.__qualname__}>", "exec"), namespace)
    return namespace["structure"]  # type: ignore[no-any-return]


def _body(
    cls: type, fields: list[tuple[Any, list[str], int]], plain: bool, *, fallbacks: bool,
    keep_extra: bool,
) -> list[str]:
    lines = []
    for field, names, i in fields:
        lines += _field_lines(cls, field, names if fallbacks else names[:1], i, plain)
    if keep_extra:
        lines.append("    d['extra'] = {k: v for k, v in value.items() if k not in _keys}")
    lines.append("    return o" if plain else "    return _cls(**d)")
    return lines


def _indented(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _field_names(converter: Converter, field: Any, i: int) -> dict[str, Any]:
    """What field ``i``'s lines refer to: its hook, the hook's type, the exact primitive
    type taken as is (``None``: always call the hook) and the default."""
    inner = without_none(field.type)
    exact = inner if inner in _EXACT else None
    hook = converter.get_structure_hook(inner)
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory
    return {f"h{i}": hook, f"t{i}": inner, f"e{i}": exact, f"d{i}": default}


def _field_lines(cls: type, field: Any, keys: list[str], i: int, plain: bool) -> list[str]:
    lines = [f"    x = get({keys[0]!r})" if keys else "    x = None"]
    lines += [f"    if x is None: x = get({key!r})" for key in keys[1:]]
    value = f"x if x.__class__ is e{i} else h{i}(x, t{i})"
    target = f"d[{field.name!r}]"
    if not plain:  # __init__ fills the defaults and names a missing argument
        return [*lines, f"    if x is not None: {target} = {value}"]
    if field.default is attrs.NOTHING:
        message = f"{cls.__name__} needs {field.name}"
        lines.append(f"    if x is None: raise TypeError({message!r})")
        return [*lines, f"    {target} = {value}"]
    default = f"d{i}()" if isinstance(field.default, attrs.Factory) else f"d{i}"  # type: ignore[arg-type]
    return [*lines, f"    {target} = {default} if x is None else {value}"]


def _is_plain(cls: type) -> bool:
    """A dict-backed attrs class whose ``__init__`` only assigns (no validators, converters,
    aliases, post-init or factories that take ``self``): filled through ``__dict__`` without
    the call, which costs more than the rest of a parse for a wide model."""
    return "__slots__" not in cls.__dict__ and not hasattr(cls, "__attrs_post_init__") and all(
        f.init and f.alias == f.name and f.validator is None and f.converter is None
        and not getattr(f.default, "takes_self", False)
        for f in attrs.fields(cls)
    )


def without_none(cls: Any) -> Any:
    """``X`` for ``X | None`` (a null never reaches a field's hook), else ``cls``."""
    args = get_args(cls)
    if get_origin(cls) in (Union, UnionType) and type(None) in args:
        rest = tuple(a for a in args if a is not type(None))
        return rest[0] if len(rest) == 1 else Union[rest]  # noqa: UP007
    return cls
