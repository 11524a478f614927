"""Routes for ``/numberOrders``: requirements lookup, create, get and submit."""

from __future__ import annotations

from typing import Any

from transports import Response

from ._order_pick import pick_numbers
from ._order_state import OrderState, invalid_all
from ._wire import Ctx, error, invalid, not_found, object_body, ok


class OrderRoutes(OrderState):
    def _on_lookup_requirements(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        for name in ("regionCode", "numberType"):
            if not isinstance(body.get(name), str) or not body[name]:
                return invalid(name, "is required")
        found = self.requirements.get((body["regionCode"], body["numberType"]))
        if found is None:
            # What the live API answers for a region and type without requirements.
            return error(404, "Number requirements not found")
        return ok(found)

    def _on_create_order(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        picked = pick_numbers(list(self.available.values()), body)
        if isinstance(picked, Response):
            return picked
        return ok(self.reserve(picked, body).json())

    def _on_get_order(self, ctx: Ctx) -> Response:
        order = self.orders.get(ctx.params["number_order_id"])
        if order is None:
            return not_found("NumberOrder", ctx.params["number_order_id"])
        return ok(order.json())

    def _on_submit_order(self, ctx: Ctx) -> Response:
        order = self.open_order(ctx.params["number_order_id"])
        if isinstance(order, Response):
            return order
        missing = _missing_for_submit(self.requirements_for(order), order.request_details,
                                      set(order.attachments))  # fmt: skip
        if missing:
            return invalid_all(missing)
        self.complete(order)
        return ok(order.json())


def _missing_for_submit(
    requirements: dict[str, Any], details: dict[str, Any] | None, uploaded: set[str]
) -> list[tuple[str, str]]:
    """What still blocks a submit: the registration (when fields are required) and each
    mandatory attachment not uploaded yet."""
    missing: list[tuple[str, str]] = []
    if requirements.get("fields", {}).get("required") and details is None:
        missing.append(("requestDetails", "the registration is required before submitting"))
    for attachment in requirements.get("attachments", []):
        if attachment.get("mandatory") and attachment["id"] not in uploaded:
            missing.append((f"attachments.{attachment['id']}", "is mandatory"))
    return missing
