"""The package's cattrs converter: wire JSON -> models.

Naming rules live here, not in the models: models are snake_case, and classes listed in
``CAMEL_CASE`` read camelCase keys (the line-request ticket). Primitive hooks are strict, so a
wrong type on the wire is an error, not a silent ``bool("false") == True``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs
from cattrs import Converter
from cattrs.gen import make_dict_structure_fn, override

from .models import LimitsResponse, LineRequest, ProvisioningLimits

CAMEL_CASE: frozenset[type] = frozenset({LineRequest})


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def parse_datetime(value: Any, _: object = None) -> datetime:
    """ISO 8601 with or without ``Z`` / offset; a naive timestamp is taken as UTC."""
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


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
    return int(value)


def _camel_case_hook(converter: Converter) -> Callable[[type], Any]:
    def factory(cls: type) -> Any:
        renames = {a.name: override(rename=to_camel(a.name)) for a in attrs.fields(cls)}
        return make_dict_structure_fn(cls, converter, **renames)  # type: ignore[arg-type]

    return factory


def _limits_hook(converter: Converter) -> Callable[[Any, type], LimitsResponse]:
    # Undocumented endpoint: accept the limits object under "limits" or "data".
    def structure(value: Any, _: type) -> LimitsResponse:
        if not isinstance(value, dict):
            raise TypeError("expected an object")
        inner = value.get("limits", value.get("data"))
        return LimitsResponse(converter.structure(inner, ProvisioningLimits))

    return structure


def make_converter() -> Converter:
    converter = Converter(detailed_validation=False)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(datetime, parse_datetime)
    converter.register_structure_hook_factory(
        lambda cls: cls in CAMEL_CASE, _camel_case_hook(converter)
    )
    converter.register_structure_hook(LimitsResponse, _limits_hook(converter))
    return converter


converter = make_converter()
