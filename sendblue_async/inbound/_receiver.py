"""A webhook receiver for Sendblue: checks the secret, answers at once, runs your handler per
webhook type in the background, and handles a retried delivery once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar, overload

from transports import untrusted
from transports.dedup import DedupStore
from transports.receiver import Delivery, Parsed, Rejected
from transports.receiver import Receiver as _CoreReceiver

from ..errors import ValidationError, WebhookPayloadError
from ..models import InboundMessage, StatusCallback, WebhookType
from ._events import (
    ROUTE,
    CallLog,
    ContactCreated,
    LineAssigned,
    LineBlocked,
    TypingIndicator,
    dedup_key,
    sniff_type,
    webhook_event,
)
from ._webhooks import MAX_WEBHOOK_BYTES, SIGNING_SECRET_HEADER, payload_object
from ._webhooks import verify_signing_secret as _secret_matches

E = TypeVar("E")
On = Callable[[Callable[[E], Awaitable[object]]], Callable[[E], Awaitable[object]]]


def _key(parsed: Parsed) -> str | None:
    return dedup_key(parsed.type, parsed.event)


class Receiver(_CoreReceiver):
    """Receives Sendblue webhooks; serve it with ``aiohttp_app()``, ``add_aiohttp_routes(app)``
    or ``asgi``, and run it with that app (or inside ``async with receiver:``).

    Which type a delivery is. Sendblue posts each webhook type to the URLs registered for
    that type, and the payload does not name its type. So the receiver serves both:

    - per-type paths, ``{path}/receive``, ``{path}/outbound``, ``{path}/typing_indicator``,
      ... (any ``[a-z][a-z0-9_]*`` name: a type the SDK does not know arrives as an
      ``UnknownWebhook`` of that type). The path names the type, whatever the body holds:
      register these;
    - the single path ``{path}``, which tells message webhooks apart by their fields (a
      ``message_handle`` with ``is_outbound`` true is ``outbound``, else ``receive``) and
      hands anything else to the handler of ``unknown``. It suits a per-message
      ``status_callback`` URL, or a bot that registers only message webhooks.

    Every delivery must carry ``sb-signing-secret`` equal to ``signing_secret`` (compared in
    constant time): 401 otherwise. Per-message status callbacks come without it: with
    ``allow_unsigned_status_callbacks=True`` an ``outbound`` delivery without the header is
    accepted (anyone who knows the URL can then post a status), one with a wrong value never.

    A delivery is de-duplicated by its type, message handle and status (message webhooks) or
    its type and event id (``event_id``, ``id`` or ``call_id``); others are not.
    """

    def __init__(
        self,
        *,
        signing_secret: str | bytes,
        dedup: DedupStore | None = None,
        allow_unsigned_status_callbacks: bool = False,
        max_concurrency: int = 100,
        max_body_bytes: int = MAX_WEBHOOK_BYTES,
        path: str = "/webhooks",
        shutdown_timeout: float | None = None,
    ) -> None:
        if not untrusted.header_bytes(signing_secret):
            raise ValidationError("signing_secret", "must be non-empty text or bytes")
        self._secret = signing_secret
        self.allow_unsigned_status_callbacks = allow_unsigned_status_callbacks
        super().__init__(
            self._parse_delivery, _key, dedup=dedup, max_concurrency=max_concurrency,
            max_body_bytes=max_body_bytes, path=path, shutdown_timeout=shutdown_timeout,
        )

    @overload
    def on(self, event_type: Literal["receive"]) -> On[InboundMessage]: ...
    @overload
    def on(self, event_type: Literal["outbound"]) -> On[StatusCallback]: ...
    @overload
    def on(self, event_type: Literal["typing_indicator"]) -> On[TypingIndicator]: ...
    @overload
    def on(self, event_type: Literal["call_log"]) -> On[CallLog]: ...
    @overload
    def on(self, event_type: Literal["line_blocked"]) -> On[LineBlocked]: ...
    @overload
    def on(self, event_type: Literal["line_assigned"]) -> On[LineAssigned]: ...
    @overload
    def on(self, event_type: Literal["contact_created"]) -> On[ContactCreated]: ...
    @overload
    def on(self, event_type: str) -> On[Any]: ...
    def on(self, event_type: str) -> Callable[[Any], Any]:
        """Decorate the async handler of one webhook type (``"receive"``, ``"outbound"``,
        ..., ``"unknown"``, or ``ANY`` for every type without a handler of its own)."""
        return super().on(event_type)

    def _parse_delivery(self, delivery: Delivery) -> Parsed:
        route = delivery.route
        if route and not ROUTE.fullmatch(route):
            raise Rejected(404, "no such webhook type")
        header = untrusted.header(delivery.headers, SIGNING_SECRET_HEADER)
        if header is not None and not (
            isinstance(header, str | bytes) and _secret_matches(header, self._secret)
        ):
            raise Rejected(401, "the sb-signing-secret header does not match")
        if header is None and not self._may_be_unsigned(route):
            raise Rejected(401, "the sb-signing-secret header is missing")
        try:  # the size is already checked, against the same limit
            data = payload_object(delivery.body, "webhook", self.max_body_bytes)
            webhook_type = route or sniff_type(data)
            if header is None and webhook_type != WebhookType.OUTBOUND:
                raise Rejected(401, "the sb-signing-secret header is missing")
            return Parsed(webhook_type, webhook_event(webhook_type, data))
        except WebhookPayloadError as exc:
            raise Rejected(400, str(exc)) from None

    def _may_be_unsigned(self, route: str) -> bool:
        return self.allow_unsigned_status_callbacks and route in ("", WebhookType.OUTBOUND)
