"""PURE: checking a ``createNumberOrder`` body and picking the numbers it asks for."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from transports import Response

from . import _config
from ._filters import digits, search_problem, select
from ._records import FakeNumber
from ._wire import invalid, not_found

CREATE_FIELDS = ("regionCode", "numberType", "numberOrderOption", "quantityOrderOption",
                 *_config.CONFIG_FIELDS)  # fmt: skip
QUANTITY_FIELDS = ("requestedQuantity", "numberPattern", "sequential", "capabilities")
MAX_QUANTITY = 100


def pick_numbers(
    stock: Iterable[FakeNumber], body: Mapping[str, Any]
) -> list[FakeNumber] | Response:
    """The numbers to reserve, or the 4xx to answer. Exactly one option must be present."""
    problem = _config.unknown_field(body, CREATE_FIELDS)
    if problem is not None:
        return problem
    region, kind = body.get("regionCode"), body.get("numberType")
    if not isinstance(region, str) or not region:
        return invalid("regionCode", "is required")
    if not isinstance(kind, str) or not kind:
        return invalid("numberType", "is required")
    if ("numberOrderOption" in body) == ("quantityOrderOption" in body):
        return invalid("numberOrderOption", "give exactly one of numberOrderOption and "
                       "quantityOrderOption")  # fmt: skip
    if "numberOrderOption" in body:
        picked = _specific(stock, body["numberOrderOption"], region, kind)
    else:
        picked = _quantity(stock, body["quantityOrderOption"], region, kind)
    if isinstance(picked, Response):
        return picked
    for number in picked:
        problem = _config.check(number, body)
        if problem is not None:
            return problem
    return picked


def _specific(
    stock: Iterable[FakeNumber], option: Any, region: str, kind: str
) -> list[FakeNumber] | Response:
    field = "numberOrderOption.phoneNumbers"
    numbers = option.get("phoneNumbers") if isinstance(option, dict) else None
    if not isinstance(numbers, list) or len(numbers) != 1 or not isinstance(numbers[0], str):
        return invalid(field, "must hold exactly one phone number")
    number = next((n for n in stock if n.phone_number == numbers[0]), None)
    if number is None:
        return not_found("AvailableNumber", numbers[0])
    if (number.region_code, number.type) != (region, kind):
        return invalid(field, f"the number is not a {region} {kind} number")
    return [number]


def _quantity(
    stock: Iterable[FakeNumber], option: Any, region: str, kind: str
) -> list[FakeNumber] | Response:
    field = "quantityOrderOption"
    if not isinstance(option, dict):
        return invalid(field, "must be an object")
    problem = _config.unknown_field(option, QUANTITY_FIELDS, field)
    if problem is not None:
        return problem
    quantity = option.get("requestedQuantity")
    if type(quantity) is not int or not 1 <= quantity <= MAX_QUANTITY:
        return invalid(f"{field}.requestedQuantity", f"must be between 1 and {MAX_QUANTITY}")
    pattern, capabilities = option.get("numberPattern") or {}, option.get("capabilities") or []
    problem = search_problem(field, pattern, capabilities)
    if problem is not None:
        return problem
    found = select(stock, region_code=region, number_type=kind,
                   pattern=pattern.get("pattern"), search_pattern=pattern.get("searchPattern"),
                   capabilities=capabilities)  # fmt: skip
    picked = _consecutive(found, quantity) if option.get("sequential") else found[:quantity]
    if len(picked) < quantity:
        return invalid(f"{field}.requestedQuantity", "not enough matching numbers available")
    return picked


def _consecutive(found: list[FakeNumber], quantity: int) -> list[FakeNumber]:
    """The first run of ``quantity`` numbers whose digits follow each other."""
    for start in range(len(found) - quantity + 1):
        run = found[start : start + quantity]
        values = [int(digits(n.phone_number)) for n in run]
        if all(b - a == 1 for a, b in itertools.pairwise(values)):
            return run
    return []
