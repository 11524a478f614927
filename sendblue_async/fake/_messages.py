"""Messaging routes: sends, groups, carousels, status, service lookups, lines.

``MessageRoutes`` also brings in the history, presence and media routes; ``_message_routes``
is the part of the route table they contribute.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transports import Response, json_response

from ._history import HistoryRoutes
from ._media import MediaRoutes
from ._message_state import GroupRecord, MessageRecord, content_problem, is_e164, is_url
from ._presence import PresenceRoutes
from ._records import FakeAccount
from ._wire import Ctx, bad_request, error, object_body, ok

SEND_STYLES = frozenset({
    "celebration", "shooting_star", "fireworks", "lasers", "love", "confetti", "balloons",
    "spotlight", "echo", "invisible", "gentle", "loud", "slam",
})
GROUP_MAX = 25
CAROUSEL_SIZE = range(2, 21)

RouteTable = list[tuple[str, str, Callable[[Ctx], Response]]]


def _content_problem(body: dict[str, Any]) -> str | None:
    return content_problem(body) or _options_problem(body)


def _options_problem(body: dict[str, Any]) -> str | None:
    style, callback = body.get("send_style"), body.get("status_callback")
    if style is not None and style not in SEND_STYLES:
        return f"Invalid send_style: {style}"
    if callback is not None and not is_url(callback):
        return "status_callback must be a URL"
    return None


def _members(numbers: object) -> list[str] | str:
    """The member numbers, or why they are a 400."""
    if not isinstance(numbers, list) or not all(is_e164(n) for n in numbers):
        return "numbers must be a list of E.164 phone numbers"
    if not 2 <= len(set(numbers)) <= GROUP_MAX:
        return f"A group has 2 to {GROUP_MAX} members"
    return numbers


class MessageRoutes(HistoryRoutes, PresenceRoutes, MediaRoutes):
    def _message_routes(self) -> RouteTable:
        return [
            ("POST", "/api/send-message", self._on_send_message),
            ("POST", "/api/send-group-message", self._on_send_group_message),
            ("POST", "/api/send-carousel", self._on_send_carousel),
            ("POST", "/api/create-group", self._on_create_group),
            ("GET", "/api/status", self._on_status),
            ("GET", "/api/evaluate-service", self._on_evaluate_service),
            ("GET", "/api/lines", self._on_lines),
            *self._history_routes(),
            *self._presence_routes(),
            *self._media_routes(),
        ]

    def _on_send_message(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        if not is_e164(body.get("number")):
            return bad_request("number is required and must be in E.164 format")
        problem = _content_problem(body)
        if problem is not None:
            return bad_request(problem)
        line = self._sending_line(ctx.account, body.get("from_number"))
        if isinstance(line, Response):
            return line
        record = self._outbound(ctx.account, body["number"], line, body)
        self._status_changed(record)
        return json_response(200, record.wire())

    def _on_send_group_message(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        problem = _content_problem(body)
        if problem is not None:
            return bad_request(problem)
        line = self._sending_line(ctx.account, body.get("from_number"))
        if isinstance(line, Response):
            return line
        group = self._target_group(ctx.account, line, body)
        if isinstance(group, Response):
            return group
        record = self._outbound(ctx.account, None, line, body)
        record.group_id, record.message_type = group.group_id, "group"
        self._status_changed(record)
        return json_response(200, record.wire())

    def _on_send_carousel(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        urls = body.get("media_urls")
        if not is_e164(body.get("number")):
            return bad_request("number is required and must be in E.164 format")
        if not isinstance(urls, list) or len(urls) not in CAROUSEL_SIZE or not all(
            is_url(u, https_only=True) for u in urls
        ):
            return bad_request("media_urls must hold 2 to 20 HTTPS URLs")
        problem = _options_problem(body)
        if problem is not None:
            return bad_request(problem)
        line = self._sending_line(ctx.account, body.get("from_number"))
        if isinstance(line, Response):
            return line
        record = self._outbound(ctx.account, body["number"], line, {**body, "media_url": urls[0]})
        record.media_urls, record.message_type = list(urls), "carousel"
        self._status_changed(record)
        return json_response(202, record.wire(camel_email=True))

    def _on_create_group(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        members, name = _members(body.get("numbers")), body.get("group_name")
        if isinstance(members, str) or (name is not None and not isinstance(name, str)):
            return bad_request(members if isinstance(members, str) else "group_name: a string")
        line = self._sending_line(ctx.account, body.get("from_number"))
        if isinstance(line, Response):
            return line
        group = self._new_group(ctx.account, line, members, name)
        return ok({"group_id": group.group_id, "group_name": group.group_name,
                   "numbers": group.numbers, "from_number": group.from_number})

    def _on_status(self, ctx: Ctx) -> Response:
        handle = ctx.request.arg("handle")
        if not handle:
            return bad_request("handle is required")
        record = self._own_message(ctx.account, handle)
        return record if isinstance(record, Response) else json_response(200, record.wire())

    def _on_evaluate_service(self, ctx: Ctx) -> Response:
        number = ctx.request.arg("number")
        if not number or not (is_e164(number) or "@" in number):
            return bad_request("number must be an E.164 phone number or an e-mail address")
        service = "SMS" if number in self.sms_numbers else "iMessage"
        return json_response(200, {"number": number, "service": service})

    def _on_lines(self, ctx: Ctx) -> Response:
        return json_response(200, {"numbers": self.lines_of(ctx.account)})

    def _sending_line(self, account: FakeAccount, from_number: object) -> str | Response:
        lines = self.lines_of(account)
        if from_number is None:
            return lines[0]
        if from_number not in lines:
            return bad_request("The from_number is not registered")
        return str(from_number)

    def _outbound(
        self, account: FakeAccount, number: str | None, line: str, body: dict[str, Any]
    ) -> MessageRecord:
        record = self._new_message(account, number, line, outbound=True)
        record.content, record.media_url = body.get("content"), body.get("media_url")
        record.send_style = body.get("send_style")
        record.status_callback = body.get("status_callback")
        if number in self.sms_numbers:
            record.service = "SMS"
        return record

    def _target_group(
        self, account: FakeAccount, line: str, body: dict[str, Any]
    ) -> GroupRecord | Response:
        group_id, numbers = body.get("group_id"), body.get("numbers")
        if (group_id is None) == (numbers is None):
            return bad_request("Give group_id or numbers")
        if group_id is not None:
            group = self.groups.get(str(group_id))
            if group is None or group.account != account.api_key:
                return error(404, "Group not found")
            return group
        members = _members(numbers)
        if isinstance(members, str):
            return bad_request(members)
        same = [g for g in self.groups.values()
                if g.account == account.api_key and set(g.numbers) == set(members)]
        return same[0] if same else self._new_group(account, line, members, None)

    def _new_group(
        self, account: FakeAccount, line: str, numbers: list[str], name: str | None
    ) -> GroupRecord:
        group = GroupRecord(self._next_id(), account.api_key, list(numbers), line, name)
        self.groups[group.group_id] = group
        return group
