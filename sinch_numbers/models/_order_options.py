"""What a number order asks for: one specific number, or a quantity matching criteria.

The API takes exactly one of ``numberOrderOption`` / ``quantityOrderOption``; passing one of
these two classes makes "both" or "neither" impossible to express.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class NumberOrderOption:
    """Order one specific number, found with ``available.search`` (``numberOrderOption``).
    Sinch supports a single number per order."""

    phone_number: str


@attrs.frozen
class QuantityOrderOption:
    """Order ``requested_quantity`` (1 to 100) numbers matching the criteria
    (``quantityOrderOption``). ``sequential`` asks for consecutive numbers."""

    requested_quantity: int
    pattern: str | None = attrs.field(default=None, kw_only=True)
    search_pattern: str | None = attrs.field(default=None, kw_only=True)
    sequential: bool | None = attrs.field(default=None, kw_only=True)
    capabilities: tuple[str, ...] = attrs.field(default=(), kw_only=True)


OrderOption = NumberOrderOption | QuantityOrderOption
