"""History routes: ``GET /api/v2/messages`` with its filters, get one, delete one."""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import UTC, datetime

from transports import Response, ServerRequest

from ._message_state import MessageRecord, MessageState
from ._wire import Ctx, bad_request, error, ok

Predicate = Callable[[MessageRecord], bool]

_EQUAL_FILTERS = (
    "from_number", "to_number", "sendblue_number", "account_email", "group_id",
    "message_type", "service", "status",
)
_TIME_FIELDS = ("created_at", "sent_at", "updated_at")
_ORDER_BY = {"createdAt": "created_at", "updatedAt": "updated_at", "sentAt": "sent_at"}
MAX_LIMIT = 1000


def _timestamp(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _int_arg(request: ServerRequest, name: str, default: int, low: int, high: int) -> int | None:
    raw = request.arg(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        return None
    return int(raw)


def _predicates(request: ServerRequest) -> list[Predicate] | str:
    """One predicate per filter given (``worker_id`` is admin-only and ignored here)."""
    found: list[Predicate] = []
    for name in _EQUAL_FILTERS:
        if (wanted := request.arg(name)) is not None:
            found.append(_equals(name, wanted))
    if (number := request.arg("number")) is not None:
        found.append(lambda m: number in (m.from_number, m.to_number))
    if (outbound := request.arg("is_outbound")) is not None:
        if outbound not in ("true", "false"):
            return "is_outbound must be true or false"
        found.append(lambda m: m.is_outbound == (outbound == "true"))
    for field in _TIME_FIELDS:
        for suffix, compare in (("gte", operator.ge), ("lte", operator.le)):
            if (raw := request.arg(f"{field}_{suffix}")) is None:
                continue
            if (bound := _timestamp(raw)) is None:
                return f"{field}_{suffix} must be an ISO 8601 timestamp"
            found.append(_within(field, compare, bound))
    return found


def _equals(attribute: str, wanted: str) -> Predicate:
    return lambda m: bool(getattr(m, attribute) == wanted)


def _within(attribute: str, compare: Callable[[float, float], bool], bound: float) -> Predicate:
    def check(m: MessageRecord) -> bool:
        value = getattr(m, attribute)
        return value is not None and compare(value, bound)

    return check


class HistoryRoutes(MessageState):
    def _history_routes(self) -> list[tuple[str, str, Callable[[Ctx], Response]]]:
        return [
            ("GET", "/api/v2/messages", self._on_list_messages),
            ("GET", "/api/v2/messages/{message_id}", self._on_get_message),
            ("DELETE", "/api/message/{handle}", self._on_delete_message),
        ]

    def _on_list_messages(self, ctx: Ctx) -> Response:
        request = ctx.request
        limit = _int_arg(request, "limit", 100, 1, MAX_LIMIT)
        offset = _int_arg(request, "offset", 0, 0, 2**31)
        order_by = _ORDER_BY.get(request.arg("order_by") or "createdAt")
        direction = request.arg("order_direction") or "desc"
        predicates = _predicates(request)
        if isinstance(predicates, str):
            return bad_request(predicates)
        if limit is None or offset is None or order_by is None or direction not in ("asc", "desc"):
            return bad_request("Invalid limit, offset, order_by or order_direction")
        matches = [m for m in self._visible(ctx.account) if all(p(m) for p in predicates)]
        matches.sort(key=lambda m: getattr(m, order_by) or 0.0, reverse=direction == "desc")
        page = matches[offset : offset + limit]
        return ok({
            "data": [m.wire(camel_email=True) for m in page],
            "pagination": {"hasMore": offset + len(page) < len(matches), "limit": limit,
                           "offset": offset, "total": len(matches)},
        })

    def _on_get_message(self, ctx: Ctx) -> Response:
        record = self._own_message(ctx.account, ctx.params["message_id"])
        if isinstance(record, Response):
            return record
        return ok({"data": record.wire(camel_email=True)})

    def _on_delete_message(self, ctx: Ctx) -> Response:
        handle = ctx.params["handle"]
        record = self.messages.get(handle)
        if record is None or record.account != ctx.account.api_key:
            return error(404, "Message not found")
        del self.messages[handle]
        return ok({"message": "Message deleted"})
