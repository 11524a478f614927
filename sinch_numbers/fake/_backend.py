"""``FakeSinchNumbers``: the routes, project scoping and the knobs tests turn."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from transports import Clock, Response, Router, ServerRequest, SystemClock

from ._auth import AuthRoutes
from ._multipart import is_multipart
from ._numbers import NumberRoutes
from ._order_state import DEFAULT_MAX_ATTACHMENT_BYTES, DEFAULT_ORDER_LIFETIME
from ._orders import OrderRoutes
from ._project import ProjectRoutes
from ._records import FakeNumber, default_stock
from ._registration import RegistrationRoutes
from ._wire import Ctx, error, invalid

RouteHandler = Callable[[Ctx], Response]
PROJECT = "/v1/projects/{project_id}"


class FakeSinchNumbers(NumberRoutes, ProjectRoutes, OrderRoutes, RegistrationRoutes, AuthRoutes):
    """A stateful in-memory Sinch Numbers backend that speaks wire JSON.

    Serve it in process with ``transports.FakeTransport(fake)`` or over HTTP with the sandbox
    (``python -m transports.testing.sandbox sinch_numbers.fake:FakeSinchNumbers``). It also
    answers ``POST /oauth2/token``, so point both ``base_url`` and ``auth_url`` at it.

    Tokens live ``token_lifetime`` seconds on ``clock``; an expired one gets a 401 whose
    ``WWW-Authenticate`` says "expired". A misbehaving token endpoint: ``advertised_lifetime``
    (the ``expires_in`` it answers instead) and ``token_outage`` (a status for every token
    request while set). Inspection: ``available`` (stock by number),
    ``active``, ``emergency_addresses``, ``hmac_secret``, ``tokens`` and ``calls`` (a
    ``Counter`` keyed ``"METHOD /template"``).

    Number orders reserve stock for ``order_lifetime`` seconds (expired ones give their
    numbers back before the next request is handled); KYC ``requirements`` are keyed by
    (region, type); an attachment over ``max_attachment_bytes`` gets a 413. Inspect
    ``orders`` (each with its registration and uploaded files).
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        project_id: str = "test-project",
        key_id: str = "test-key-id",
        key_secret: str = "test-key-secret",
        stock: Iterable[FakeNumber] | None = None,
        token_lifetime: float = 3600.0,
        allow_basic: bool = True,
        order_lifetime: float = DEFAULT_ORDER_LIFETIME,
        max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES,
    ) -> None:
        numbers = default_stock() if stock is None else stock
        super().__init__(clock or SystemClock(), project_id, numbers, token_lifetime)
        self.key_id, self.key_secret, self.allow_basic = key_id, key_secret, allow_basic
        self.order_lifetime, self.max_attachment_bytes = order_lifetime, max_attachment_bytes
        self._router = Router()
        self._router.add("POST", "/oauth2/token", self._on_token)
        for method, template, handler in self._route_table():
            self._register(method, PROJECT + template, handler)

    def __repr__(self) -> str:
        return f"FakeSinchNumbers(project_id={self.project_id!r})"

    async def __call__(self, request: ServerRequest) -> Response:
        return await self._router(request)

    def expire_tokens(self) -> None:
        """Make every issued token expired now (the next call gets a 401 "expired")."""
        self.tokens = dict.fromkeys(self.tokens, self.now())

    def signed_callback(self, event: Mapping[str, Any]) -> tuple[bytes, dict[str, str]]:
        """A callback body and headers as Sinch would POST them, signed with the configured
        ``hmac_secret`` (set it through the API first)."""
        if self.hmac_secret is None:
            raise ValueError("no hmacSecret configured: PATCH /callbackConfiguration first")
        body = json.dumps(event, separators=(",", ":")).encode()
        signature = hmac.new(self.hmac_secret.encode(), body, hashlib.sha1).hexdigest()
        return body, {"content-type": "application/json", "x-sinch-signature": signature}

    def _route_table(self) -> list[tuple[str, str, RouteHandler]]:
        available, active = "/availableNumbers", "/activeNumbers/{phone_number}"
        address = f"{active}/emergencyAddress"
        return [
            ("GET", available, self._on_search),
            ("POST", f"{available}:rentAny", self._on_rent_any),
            ("POST", f"{available}/{{phone_number}}:rent", self._on_rent),
            ("GET", f"{available}/{{phone_number}}", self._on_check),
            ("GET", "/activeNumbers", self._on_list_active),
            ("POST", f"{active}:release", self._on_release),
            ("GET", active, self._on_get_active),
            ("PATCH", active, self._on_update_active),
            ("GET", address, self._on_get_address),
            ("POST", f"{address}:provision", self._on_provision_address),
            ("POST", f"{address}:deprovision", self._on_deprovision_address),
            ("POST", f"{address}:validate", self._on_validate_address),
            ("GET", "/availableRegions", self._on_regions),
            ("GET", "/callbackConfiguration", self._on_get_callback_config),
            ("PATCH", "/callbackConfiguration", self._on_update_callback_config),
            *self._order_route_table(),
        ]

    def _order_route_table(self) -> list[tuple[str, str, RouteHandler]]:
        orders, order = "/numberOrders", "/numberOrders/{number_order_id}"
        return [
            ("POST", f"{orders}:lookupNumberRequirements", self._on_lookup_requirements),
            ("POST", f"{orders}:createNumberOrder", self._on_create_order),
            ("GET", order, self._on_get_order),
            ("PUT", f"{order}/registration", self._on_update_registration),
            ("GET", f"{order}/registration", self._on_get_registration),
            ("POST", f"{order}/attachments/{{attachment_id}}", self._on_upload_attachment),
            ("POST", f"{order}/submit", self._on_submit_order),
        ]

    def _register(self, method: str, template: str, handler: RouteHandler) -> None:
        key = f"{method} {template.removeprefix(PROJECT)}"

        async def route(request: ServerRequest, **params: str) -> Response:
            self.calls[key] += 1
            return self._handle(request, params, handler)

        self._router.add(method, template, route)

    def _handle(
        self, request: ServerRequest, params: dict[str, str], handler: RouteHandler
    ) -> Response:
        self.expire_orders()
        rejected = self._authenticate(request)
        if rejected is not None:
            return rejected
        if params.pop("project_id") != self.project_id:
            return error(403, "The project does not belong to these credentials")
        try:
            # The attachment upload parses its own multipart body (and rejects any other).
            form = handler == self._on_upload_attachment
            form = form or is_multipart(request.header("content-type"))
            body = None if form else request.json()
        except ValueError:
            return invalid("body", "is not valid JSON")
        return handler(Ctx(request, body, params))
