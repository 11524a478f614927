"""PURE filters shared by the search, rentAny and active-list handlers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from transports import Response

from ._records import FakeNumber
from ._wire import invalid


def digits(phone_number: str) -> str:
    return phone_number.lstrip("+")


def matches_pattern(phone_number: str, pattern: str | None, search_pattern: str | None) -> bool:
    """``START`` matches from the first digit (a ``+`` in the pattern is ignored)."""
    if not pattern:
        return True
    wanted = pattern.lstrip("+")
    number = digits(phone_number)
    if search_pattern == "START":
        return number.startswith(wanted)
    if search_pattern == "END":
        return number.endswith(wanted)
    return wanted in number


def select(
    numbers: Iterable[FakeNumber],
    *,
    region_code: str | None,
    number_type: str | None,
    pattern: str | None,
    search_pattern: str | None,
    capabilities: Iterable[str],
) -> list[FakeNumber]:
    wanted = set(capabilities)
    return sorted(
        (
            n
            for n in numbers
            if (region_code is None or n.region_code == region_code)
            and (number_type is None or n.type == number_type)
            and matches_pattern(n.phone_number, pattern, search_pattern)
            and wanted <= set(n.capabilities)
        ),
        key=lambda n: n.phone_number,
    )


def search_problem(parent: str, pattern: Any, capabilities: Any) -> Response | None:
    """The 400 for a body's ``numberPattern`` / ``capabilities`` of the wrong shape, or
    ``None``. ``parent`` prefixes the field names inside a nested option."""
    prefix = f"{parent}." if parent else ""
    if not isinstance(pattern, dict):
        return invalid(f"{prefix}numberPattern", "must be an object")
    for key in ("pattern", "searchPattern"):
        if not isinstance(pattern.get(key), str | None):
            return invalid(f"{prefix}numberPattern.{key}", "must be a string")
    if not isinstance(capabilities, list) or not all(isinstance(c, str) for c in capabilities):
        return invalid(f"{prefix}capabilities", "must be a list of strings")
    return None
