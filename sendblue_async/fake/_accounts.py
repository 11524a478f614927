"""Agency routes: child accounts and the area codes of the pool."""

from __future__ import annotations

import secrets
from typing import Any

from transports import Response, json_response

from ._records import FakeAccount
from ._state import State
from ._wire import Ctx, bad_request, error, is_area_code, object_body, ok

PARTIAL_MESSAGE = "Account created but line assignment failed. Please contact support."
TEMPORARY_MESSAGE = (
    "Requested area code {code} is not currently available. "
    "A temporary line has been assigned while we fulfill your request."
)


def _child_request_problem(body: dict[str, Any]) -> str | None:
    """Why a request-child-account body is a 400, or ``None`` when it is valid."""
    for name in ("company_name", "primary_email"):
        value = body.get(name)
        if not isinstance(value, str) or not value.strip():
            return "company_name and primary_email are required"
    if not isinstance(body.get("provision_line"), bool):
        return "provision_line is required and must be a boolean"
    code = body.get("desired_area_code")
    if code is not None and not is_area_code(code):
        return "desired_area_code must be a 3-digit area code"
    if any(body.get(n) is not None and not isinstance(body[n], str) for n in ("user", "email")):
        return "user and email must be strings"
    return None


class AccountRoutes(State):
    def _on_available_area_codes(self, ctx: Ctx) -> Response:
        return ok({"data": {"area_codes": self.area_codes()}})

    def _on_request_child_account(self, ctx: Ctx) -> Response:
        if not ctx.account.agency:
            return error(403, "Account does not have agency permissions")
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        problem = _child_request_problem(body)
        if problem is not None:
            return bad_request(problem)
        name = f"{ctx.account.email}-{body['company_name']}"
        if name in self.child_accounts:
            return error(409, "A child account with this name already exists")
        child = self._create_child(ctx.account, name, body["primary_email"])
        data: dict[str, Any] = {
            "company_name": name, "api_key": child.api_key, "api_secret": child.api_secret,
        }
        if not body["provision_line"]:
            return ok({"data": {**data, "assigned_number": None}})
        return self._assign_child_line(ctx.account, child, body.get("desired_area_code"), data)

    def _create_child(self, parent: FakeAccount, name: str, email: str) -> FakeAccount:
        child = self.add_account(
            "sbk_" + secrets.token_hex(16), secrets.token_urlsafe(32), email=email
        )
        child.parent, child.company_name = parent.api_key, name
        self.child_accounts[name] = child
        return child

    def _assign_child_line(
        self, parent: FakeAccount, child: FakeAccount, code: str | None, data: dict[str, Any]
    ) -> Response:
        # An empty pool fails the assignment just as an injected failure does.
        number = None if self._fail_line_assignment else self._take_number(code)
        self._fail_line_assignment = False
        if number is None:
            failed = {**data, "line_assignment_failed": True, "message": PARTIAL_MESSAGE}
            return json_response(200, {"status": "PARTIAL", "data": failed})
        self._give_line(number, child, "child_account")
        data["assigned_number"] = number
        if code is not None and not number.startswith(f"+1{code}"):
            ticket = self._open_ticket(parent, child, code)
            data["line_request_ticket_id"] = ticket.id
            data["line_request_status"] = ticket.status
            data["message"] = TEMPORARY_MESSAGE.format(code=code)
        return ok({"data": data})
