"""What each request that rents or orders numbers creates: for the client's completion
guarantee, the check after an unknown outcome, and the log line of a result nobody claimed
(non-secret identifiers only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transports import Creation

# Sinch provisions numbers while these requests are open: they get longer than usual.
PROVISIONING_TIMEOUT = 120.0


def _number(number: Any) -> Mapping[str, str]:
    return {"phone_number": number.phone_number}


def _order(order: Any) -> Mapping[str, str]:
    return {"number_order_id": order.id_number_order,
            "phone_numbers": ",".join(order.phone_numbers)}


RENT = Creation(
    "available.rent",
    "the number may have been rented: list the active numbers (active.list()) before "
    "renting again",
    _number,
)
ORDER_CREATE = Creation(
    "orders.create",
    "the order may have been created and its numbers reserved: it cannot be listed, so "
    "wait for its expiry or ask Sinch support before ordering the same numbers again",
    _order,
)
ORDER_SUBMIT = Creation(
    "orders.submit",
    "the order may have been submitted: read it (orders.get(number_order_id)) before "
    "submitting again",
    _order,
)
