"""``FakeSendblue``: the routes, authentication and the knobs tests turn."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable, Mapping

from transports import Clock, Response, Router, ServerRequest, SystemClock, json_response

from ._accounts import AccountRoutes
from ._contacts import ContactRoutes
from ._events import EventRoutes
from ._lines import LineRoutes
from ._messages import MessageRoutes
from ._records import FakeAccount, Limits, LineTicket, default_numbers
from ._sandbox import AdminHandler, SandboxRoutes
from ._totp import TotpRoutes
from ._webhooks import WebhookRoutes
from ._wire import Ctx, bad_request, error, header

RouteHandler = Callable[[Ctx], Response]


class FakeSendblue(
    LineRoutes, AccountRoutes, ContactRoutes, WebhookRoutes, TotpRoutes, MessageRoutes,
    SandboxRoutes, EventRoutes,
):
    """A stateful in-memory Sendblue backend that speaks wire JSON.

    Serve it in process with ``transports.FakeTransport(fake)`` or over HTTP with the
    sandbox. Every API route authenticates with ``sb-api-key-id`` / ``sb-api-secret-key``.

    Webhooks: events are queued in ``outbox`` (a ``transports.testing.outbox.Outbox``) for
    the URLs registered through ``/api/account/webhooks``, with the webhook's ``secret`` or
    the ``globalSecret`` in ``sb-signing-secret``: inbound messages (``receive``), each
    status an outbound message takes, QUEUED then SENT and DELIVERED on the fake's clock
    (``outbound``, and the message's ``status_callback`` without the secret header),
    ``contact_typing(...)`` (``typing_indicator``) and new contacts (``contact_created``).
    A failed try (a 5xx, or no answer) is retried up to 3 times, 1, 2 then 4 s apart.
    Nothing is sent by the fake itself: ``async with fake.delivering(transport):`` sends
    through any transport for a block (a ``FakeTransport`` around a test's handler), and
    the sandbox server runs ``lifespan()``, deliveries over real HTTP, while it serves.

    Event stream: ``GET /api/v2/events`` serves the same events as Server-Sent Events
    (``types`` filter, ``Last-Event-ID`` replay, heartbeats and rotation; knobs on
    ``event_log``, see ``sendblue_async.fake._events``).

    Admin route (no credentials; the sandbox's, not Sendblue's): ``POST /_sandbox/inbound``
    with ``{"number", "content", "sendblue_number"?, "media_url"?}`` stores an inbound
    message from ``number`` to the line ``sendblue_number`` (default: the shared line),
    in the history of the account owning that line, and delivers it to its ``receive``
    webhooks; it answers ``{"status": "OK", "data": <the message>}``.

    Inspection: ``account`` (the primary account), ``accounts`` (by API key),
    ``available_numbers`` (the mutable pool; purchases pop from its front),
    ``provisioned`` (lines bought through provision-confirm, every account),
    ``child_accounts`` (by full ``{parent_email}-{company_name}`` name), ``tickets`` (by id),
    ``preview_tokens`` (by token) and ``calls``: a ``Counter`` of every request that matched
    a route, authenticated or not, keyed ``"METHOD /template"`` with the template as
    registered (``"GET /accounts/lines/line-request/{ticket_id}"``; the singular aliases
    count under their own ``/account/...`` templates). 404 and 405 answers are not counted.
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        api_key: str = "sb-test-key",
        api_secret: str = "sb-test-secret",
        email: str = "agency@example.com",
        plan: str = "inbound_only",
        card_on_file: bool = True,
        agency: bool = True,
        available_numbers: Iterable[str] | None = None,
        daily_limit: int = 3,
        monthly_limit: int = 10,
        ticket_fulfil_after: float | None = None,
    ) -> None:
        pool = default_numbers() if available_numbers is None else available_numbers
        super().__init__(clock or SystemClock(), pool, ticket_fulfil_after)
        self.account = self.add_account(
            api_key, api_secret, email=email, plan=plan, card_on_file=card_on_file, agency=agency
        )
        self.account.limits = Limits(daily_limit, monthly_limit)
        self._router = Router()
        for method, template, handler in self._route_table():
            self._register(method, template, handler)
        for method, template, admin in self._admin_routes():
            self._register_admin(method, template, admin)

    async def __call__(self, request: ServerRequest) -> Response:
        return await self._router(request)

    def fail_next_provisioning(self) -> None:
        """The next confirm that passes every check creates the subscription (a limit slot,
        the token consumed) and then answers 500 ``provisioning_failed`` with no number."""
        self._fail_provisioning = True

    def fail_next_line_assignment(self) -> None:
        """The next child account created with ``provision_line: true`` gets ``PARTIAL``."""
        self._fail_line_assignment = True

    def fulfil_line_request(self, ticket_id: int, number: str | None = None) -> str:
        """Fulfil an OPEN ticket and return its number: ``number`` if given (taken out of the
        pool if it is there), else one from the pool in the desired area code when possible.

        Raises ``KeyError`` (unknown ticket), ``ValueError`` (not OPEN) or ``LookupError``
        (no number given and the pool is empty).
        """
        ticket = self._pending_ticket(ticket_id)
        if number is None:
            number = self._take_number(ticket.desired_area_code)
            if number is None:
                raise LookupError("the pool of available numbers is empty")
        elif number in self.available_numbers:
            self.available_numbers.remove(number)
        self._fulfil(ticket, number)
        return number

    def cancel_line_request(self, ticket_id: int) -> None:
        """Mark an OPEN ticket CANCELLED (``KeyError`` / ``ValueError`` as for fulfilment)."""
        self._pending_ticket(ticket_id).status = "CANCELLED"

    def _pending_ticket(self, ticket_id: int) -> LineTicket:
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            raise KeyError(f"no line request ticket {ticket_id}")
        if ticket.status != "OPEN":
            raise ValueError(f"line request ticket {ticket_id} is {ticket.status}, not OPEN")
        return ticket

    def _route_table(self) -> list[tuple[str, str, RouteHandler]]:
        lines = "/accounts/lines"
        return [
            ("POST", f"{lines}/add-line", self._on_add_line),
            ("GET", f"{lines}/line-request/{{ticket_id}}", self._on_line_request),
            ("POST", "/account/lines/add-line", self._on_add_line),
            ("GET", "/account/lines/line-request/{ticket_id}", self._on_line_request),
            ("POST", f"{lines}/provision-preview", self._on_preview),
            ("POST", f"{lines}/provision-confirm", self._on_confirm),
            ("GET", "/accounts/limits", self._on_limits),
            ("POST", f"{lines}/request-child-account", self._on_request_child_account),
            ("GET", f"{lines}/available-area-codes", self._on_available_area_codes),
            *self._contact_routes(),
            *self._webhook_routes(),
            *self._totp_routes(),
            *self._message_routes(),
            *self._event_routes(),
        ]

    def _register_admin(self, method: str, template: str, handler: AdminHandler) -> None:
        key = f"{method} {template}"

        async def route(request: ServerRequest) -> Response:
            self.calls[key] += 1
            return handler(request)

        self._router.add(method, template, route)

    def _register(self, method: str, template: str, handler: RouteHandler) -> None:
        key = f"{method} {template}"

        async def route(request: ServerRequest, **params: str) -> Response:
            self.calls[key] += 1
            return self._handle(request, params, handler)

        self._router.add(method, template, route)

    def _handle(
        self, request: ServerRequest, params: Mapping[str, str], handler: RouteHandler
    ) -> Response:
        account = self._authenticate(request)
        if isinstance(account, Response):
            return account
        multipart = (header(request, "content-type") or "").startswith("multipart/")
        try:
            body = None if multipart else request.json()
        except ValueError:
            return bad_request("Malformed JSON body")
        return handler(Ctx(request, account, body, params))

    def _authenticate(self, request: ServerRequest) -> FakeAccount | Response:
        key = header(request, "sb-api-key-id")
        secret = header(request, "sb-api-secret-key")
        if not key or not secret:
            return json_response(403, {"message": "Did not get inputs for authorization"})
        account = self.accounts.get(key)
        expected = account.api_secret if account is not None else ""
        # Compared even for an unknown key, so timing does not tell which keys exist.
        matches = hmac.compare_digest(secret.encode(), expected.encode())
        if account is None or not matches:
            return error(401, "Invalid Credentials")
        return account
