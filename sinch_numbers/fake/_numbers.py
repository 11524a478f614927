"""Routes for ``/availableNumbers`` and ``/activeNumbers``."""

from __future__ import annotations

from typing import Any

from transports import Response

from . import _config
from ._filters import search_problem, select
from ._records import ActiveRecord
from ._state import State
from ._wire import Ctx, invalid, not_found, object_body, ok

SEARCH_PATTERNS = ("START", "CONTAINS", "END")
DEFAULT_PAGE_SIZE = 100
RENT_ANY_FIELDS = ("regionCode", "type", "numberPattern", "capabilities", *_config.CONFIG_FIELDS)


class NumberRoutes(State):
    def _on_search(self, ctx: Ctx) -> Response:
        args = ctx.request
        for name in ("regionCode", "type"):
            if not args.arg(name):
                return invalid(name, "is required")
        size = _positive(args.arg("size"))
        if size is None:
            return invalid("size", "must be a positive integer")
        found = select(
            self.available.values(),
            region_code=args.arg("regionCode"),
            number_type=args.arg("type"),
            pattern=args.arg("numberPattern.pattern"),
            search_pattern=args.arg("numberPattern.searchPattern"),
            capabilities=args.args("capabilities"),
        )
        return ok({"availableNumbers": [n.available_json() for n in found[:size]]})

    def _on_check(self, ctx: Ctx) -> Response:
        number = self.available.get(ctx.phone_number)
        if number is None:
            return not_found("AvailableNumber", ctx.phone_number)
        return ok(number.available_json())

    def _on_rent(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        number = self.available.get(ctx.phone_number)
        if number is None:
            return not_found("AvailableNumber", ctx.phone_number)
        if (number.region_code, number.type) != ("US", "LOCAL"):
            return invalid("phoneNumber", "rent only supports US LOCAL numbers")
        return self._rent(number.phone_number, body, _config.CONFIG_FIELDS)

    def _on_rent_any(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        if body.get("regionCode") != "US" or body.get("type") != "LOCAL":
            return invalid("regionCode", "rentAny only supports regionCode US and type LOCAL")
        pattern = body.get("numberPattern") or {}
        capabilities = body.get("capabilities") or []
        problem = search_problem("", pattern, capabilities)
        if problem is not None:
            return problem
        found = select(
            self.available.values(), region_code="US", number_type="LOCAL",
            pattern=pattern.get("pattern"), search_pattern=pattern.get("searchPattern"),
            capabilities=capabilities,
        )  # fmt: skip
        if not found:
            return not_found("AvailableNumber", "any matching number")
        return self._rent(found[0].phone_number, body, RENT_ANY_FIELDS)

    def _rent(self, phone_number: str, body: dict[str, Any], allowed: tuple[str, ...]) -> Response:
        number = self.available[phone_number]
        problem = _config.unknown_field(body, allowed) or _config.check(number, body)
        if problem is not None:
            return problem
        record = self.rent(number)
        config = {k: v for k, v in body.items() if k in _config.CONFIG_FIELDS}
        _config.apply(record, config, self.now())
        return ok(record.json())

    def _on_list_active(self, ctx: Ctx) -> Response:
        args = ctx.request
        size = _positive(args.arg("pageSize"), DEFAULT_PAGE_SIZE)
        if size is None:
            return invalid("pageSize", "must be a positive integer")
        token = args.arg("pageToken")
        offset = self.page_tokens.get(token, -1) if token else 0
        if offset < 0:
            return invalid("pageToken", "is not a token this server issued")
        order_by = args.arg("orderBy") or "phoneNumber"
        if order_by not in ("phoneNumber", "displayName"):
            return invalid("orderBy", "must be phoneNumber or displayName")
        records = self._select_active(ctx, order_by)
        page = records[offset : offset + size]
        body: dict[str, Any] = {
            "activeNumbers": [r.json() for r in page],
            "totalSize": len(records),
        }
        if offset + size < len(records):
            body["nextPageToken"] = self.issue_page_token(offset + size)
        return ok(body)

    def _select_active(self, ctx: Ctx, order_by: str) -> list[ActiveRecord]:
        args = ctx.request
        numbers = select(
            (r.number for r in self.active.values()),
            region_code=args.arg("regionCode"), number_type=args.arg("type"),
            pattern=args.arg("numberPattern.pattern"),
            search_pattern=args.arg("numberPattern.searchPattern"),
            capabilities=args.args("capability"),
        )  # fmt: skip
        records = [self.active[n.phone_number] for n in numbers]
        if order_by == "displayName":
            records.sort(key=lambda r: (r.display_name or "", r.number.phone_number))
        return records

    def _on_get_active(self, ctx: Ctx) -> Response:
        record = self.active.get(ctx.phone_number)
        if record is None:
            return not_found("ActiveNumber", ctx.phone_number)
        return ok(record.json())

    def _on_update_active(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        record = self.active.get(ctx.phone_number)
        if record is None:
            return not_found("ActiveNumber", ctx.phone_number)
        allowed = ("displayName", *_config.CONFIG_FIELDS)
        problem = _config.unknown_field(body, allowed) or _config.check(record.number, body, record)
        if problem is not None:
            return problem
        _config.apply(record, body, self.now())
        return ok(record.json())

    def _on_release(self, ctx: Ctx) -> Response:
        if ctx.phone_number not in self.active:
            return not_found("ActiveNumber", ctx.phone_number)
        return ok(self.release(ctx.phone_number).json())


def _positive(value: str | None, default: int = 10**9) -> int | None:
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or int(value) <= 0:
        return None
    return int(value)
