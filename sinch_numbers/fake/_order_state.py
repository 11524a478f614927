"""The fake's number-order state: reservations that expire on the shared clock.

Expiry is applied lazily, before every request is handled (``expire_orders``), so a test
that advances the clock sees the numbers back in stock on its next call.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from transports import Clock, Response

from . import _config
from ._order_records import COMPLETED, CREATED, EXPIRED, OrderRecord, default_requirements
from ._records import ActiveRecord, FakeNumber
from ._state import State
from ._wire import error, invalid, not_found

DEFAULT_ORDER_LIFETIME = 30 * 60.0
DEFAULT_MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


class OrderState(State):
    def __init__(
        self,
        clock: Clock,
        project_id: str,
        stock: Iterable[FakeNumber],
        token_lifetime: float,
    ) -> None:
        super().__init__(clock, project_id, stock, token_lifetime)
        self.orders: dict[str, OrderRecord] = {}
        self.requirements: dict[tuple[str, str], dict[str, Any]] = default_requirements()
        self.order_lifetime = DEFAULT_ORDER_LIFETIME
        self.max_attachment_bytes = DEFAULT_MAX_ATTACHMENT_BYTES
        self._order_ids = itertools.count(1)

    def expire_orders(self) -> None:
        """Expire every CREATED order past its ``expireTime``: its numbers go back to stock."""
        now = self.now()
        for order in self.orders.values():
            if order.state == CREATED and order.expire_at is not None and now >= order.expire_at:
                order.state, order.updated_at = EXPIRED, order.expire_at
                for number in order.numbers:
                    self.available[number.phone_number] = number

    def reserve(self, numbers: list[FakeNumber], body: dict[str, Any]) -> OrderRecord:
        now = self.now()
        for number in numbers:
            del self.available[number.phone_number]
        config = {k: body[k] for k in _config.CONFIG_FIELDS if body.get(k) is not None}
        order = OrderRecord(
            f"order-{next(self._order_ids):04d}", self.project_id, body["regionCode"],
            body["numberType"], numbers, config, now, now + self.order_lifetime,
        )  # fmt: skip
        self.orders[order.id] = order
        return order

    def complete(self, order: OrderRecord) -> None:
        """Activate the order's numbers with the configuration given at creation."""
        now = self.now()
        for number in order.numbers:
            record = ActiveRecord(number, self.project_id, now)
            _config.apply(record, order.config, now)
            self.active[number.phone_number] = record
        order.state, order.expire_at, order.updated_at = COMPLETED, None, now

    def requirements_for(self, order: OrderRecord) -> dict[str, Any]:
        return self.requirements.get((order.region_code, order.number_type), {})

    def open_order(self, order_id: str) -> OrderRecord | Response:
        """The order if it can still be changed: 404 if unknown, 400 unless CREATED."""
        order = self.orders.get(order_id)
        if order is None:
            return not_found("NumberOrder", order_id)
        if order.state != CREATED:
            return invalid("numberOrderId", f"the order is {order.state}, not CREATED")
        return order


def invalid_all(violations: list[tuple[str, str]]) -> Response:
    """400 listing every ``(field, description)`` at once, as registration validation does."""
    fields = [{"field": field, "description": text} for field, text in violations]
    return error(400, "Invalid argument", [{"type": "BadRequest", "fieldViolations": fields}])
