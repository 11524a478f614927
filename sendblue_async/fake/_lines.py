"""Line routes: legacy tickets, preview/confirm purchases, limits."""

from __future__ import annotations

import secrets

from transports import Response

from ._records import DAY, MONTH, PREVIEW_TTL, FakeAccount, PreviewGrant, iso_timestamp
from ._state import State
from ._wire import Ctx, bad_request, error, is_area_code_or_zip, is_ticket_id, object_body, ok

PREVIEW_MESSAGE = (
    "Call the confirm endpoint with this token within 10 minutes to complete the purchase."
)


def _token_expired() -> Response:
    return error(410, "Preview token expired or was already used", "token_expired")


def _window(limit: int, used: int) -> dict[str, int]:
    return {"limit": limit, "used": used, "remaining": max(0, limit - used)}


class LineRoutes(State):
    def _on_add_line(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        if body.get("line_request_type") != "phone":
            return bad_request('line_request_type is required and must be "phone"')
        code = body.get("desired_area_code")
        if code is not None and not is_area_code_or_zip(code):
            return bad_request("desired_area_code must be a 3-digit area code or 5-digit zip code")
        ticket = self._open_ticket(ctx.account, ctx.account, code)
        return ok({"data": ticket.wire()})

    def _on_line_request(self, ctx: Ctx) -> Response:
        raw_id = ctx.params["ticket_id"]
        if not is_ticket_id(raw_id):
            return bad_request("lineRequestTicketId must be a number")
        ticket = self.tickets.get(int(raw_id))
        if ticket is None:
            return error(404, "Line request ticket not found")
        if ticket.account != ctx.account.api_key:
            return error(403, "Ticket belongs to another account")
        self._refresh_ticket(ticket)
        return ok({"data": ticket.wire()})

    def _on_preview(self, ctx: Ctx) -> Response:
        refusal = self._eligibility(ctx.account)
        if refusal is not None:
            return refusal
        now = self.now()
        grant = PreviewGrant(
            "lpv_" + secrets.token_urlsafe(24), ctx.account.api_key, now, now + PREVIEW_TTL
        )
        self.preview_tokens[grant.token] = grant
        return ok({
            "preview_token": grant.token,
            "expires_at": iso_timestamp(grant.expires_at),
            "message": PREVIEW_MESSAGE,
        })

    def _on_confirm(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        token = body.get("preview_token")
        if not isinstance(token, str) or not token:
            return bad_request("preview_token is required")
        refusal = self._redeem(token, ctx.account) or self._eligibility(ctx.account)
        return refusal or self._purchase(ctx.account)

    def _on_limits(self, ctx: Ctx) -> Response:
        account, now = ctx.account, self.now()
        return ok({"limits": {
            "daily": _window(account.limits.daily, account.used(DAY, now)),
            "monthly": _window(account.limits.monthly, account.used(MONTH, now)),
        }})

    def _redeem(self, token: str, account: FakeAccount) -> Response | None:
        """Consume the token (whatever happens next) or say why it cannot be used."""
        grant = self.preview_tokens.get(token)
        if grant is None:
            return _token_expired()  # the real server cannot tell "never issued" from "gone"
        was_used, grant.used = grant.used, True
        if grant.account != account.api_key:
            return error(403, "Preview token belongs to another account")
        if was_used or self.now() >= grant.expires_at:
            return _token_expired()
        return None

    def _eligibility(self, account: FakeAccount) -> Response | None:
        """Plan, card, limits, pool: checked in this order on preview and on confirm."""
        if account.plan != "inbound_only":
            return error(403, "API line provisioning requires the inbound_only / Agent plan")
        if not account.card_on_file:
            return error(402, "No card on file for this account", "no_card_on_file")
        refusal = self._limit_refusal(account)
        if refusal is None and not self.available_numbers:
            return error(503, "No lines are currently available", "no_lines_available")
        return refusal

    def _limit_refusal(self, account: FakeAccount) -> Response | None:
        now, limits = self.now(), account.limits
        if account.used(DAY, now) >= limits.daily:
            message = f"Maximum {limits.daily} lines can be added per day via API"
            return error(429, message, "daily_limit_reached")
        if account.used(MONTH, now) >= limits.monthly:
            message = f"Maximum {limits.monthly} lines can be added per month via API"
            return error(429, message, "monthly_limit_reached")
        return None

    def _purchase(self, account: FakeAccount) -> Response:
        subscription_id = "sub_" + secrets.token_hex(12)
        if self._fail_provisioning:
            self._fail_provisioning = False
            account.purchases.append(self.now())  # the subscription exists: it counts
            return error(500, "Subscription was created, but line provisioning failed",
                         "provisioning_failed")
        number = self._take_number()
        if number is None:  # unreachable: _eligibility checked the pool without awaiting
            return error(503, "No lines are currently available", "no_lines_available")
        account.purchases.append(self.now())
        worker_id = "worker_" + secrets.token_hex(8)
        record = self._give_line(number, account, "confirm", worker_id=worker_id,
                                 subscription_id=subscription_id)
        self.provisioned.append(record)
        return ok({"phone_number": number, "worker_id": worker_id,
                   "subscription_id": subscription_id})
