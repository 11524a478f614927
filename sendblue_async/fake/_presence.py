"""Presence routes: tapback reactions, read receipts, typing indicators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transports import Response, json_response

from ._message_state import MessageState, is_e164
from ._records import FakeAccount, iso_timestamp
from ._wire import Ctx, bad_request, object_body, ok

REACTIONS = frozenset({"love", "like", "dislike", "laugh", "emphasize", "question"})


def _reaction_problem(body: dict[str, Any]) -> str | None:
    if not body.get("from_number"):
        return "from_number is required"
    if not isinstance(body.get("message_handle"), str) or not body["message_handle"]:
        return "message_handle is required"
    if body.get("reaction") not in REACTIONS:
        return f"Invalid reaction. Must be one of: {', '.join(sorted(REACTIONS))}"
    index = body.get("part_index", 0)
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        return "part_index must be a non-negative integer"
    return None


class PresenceRoutes(MessageState):
    def _presence_routes(self) -> list[tuple[str, str, Callable[[Ctx], Response]]]:
        return [
            ("POST", "/api/send-reaction", self._on_send_reaction),
            ("POST", "/api/mark-read", self._on_mark_read),
            ("POST", "/api/send-typing-indicator", self._on_typing),
        ]

    def _on_send_reaction(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        problem = _reaction_problem(body)
        if problem is None and body["from_number"] not in self.lines_of(ctx.account):
            problem = "The from_number is not registered"
        if problem is not None:
            return bad_request(problem)
        record = self._own_message(ctx.account, body["message_handle"])
        if isinstance(record, Response):
            return record
        self.reactions.append({**body, "part_index": body.get("part_index", 0)})
        return ok({"message": "Reaction request sent", "message_handle": record.handle,
                   "reaction": body["reaction"]})

    def _on_mark_read(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        if not is_e164(body.get("number")) or not is_e164(body.get("from_number")):
            return bad_request("number and from_number are required")
        if body["from_number"] not in self.lines_of(ctx.account):
            return bad_request("The from_number is not registered")
        self.read_receipts.append(dict(body))
        return ok({"message": "Mark read request sent", "number": body["number"]})

    def _on_typing(self, ctx: Ctx) -> Response:
        """Refusals come as ``status: "ERROR"`` in a 200 body, as the real API does."""
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        number = body.get("number")
        if not is_e164(number) or body.get("state", "start") not in ("start", "stop"):
            return bad_request("number is required; state is start or stop")
        if not self._has_chat(ctx.account, str(number)):
            return json_response(200, {"number": number, "status": "ERROR",
                                       "error_message": "No recent chat with this number"})
        self.typing_indicators.append(dict(body))
        return json_response(200, {"number": number, "status": "SENT", "error_message": None})

    def contact_typing(
        self, number: str, is_typing: bool = True, *, sendblue_number: str | None = None,
        account: FakeAccount | None = None,
    ) -> None:
        """A contact starts (or stops) typing to a line of ``account`` (the primary one by
        default; the line defaults to its first). Its ``typing_indicator`` webhooks get
        ``{number, sendblue_number, is_typing, timestamp, accountEmail}``: no source
        documents this payload, so these fields are the fake's own choice."""
        owner = account or self.account
        line = sendblue_number or self.lines_of(owner)[0]
        self._dispatch(owner, "typing_indicator", lambda: {
            "number": number, "sendblue_number": line, "is_typing": is_typing,
            "timestamp": iso_timestamp(self.now()), "accountEmail": owner.email,
        })

    def _has_chat(self, account: FakeAccount, number: str) -> bool:
        return any(m.number == number for m in self._visible(account))
