"""A callback receiver for Sinch Numbers: verifies ``X-Sinch-Signature``, answers at once,
runs your handler per resource type in the background, and handles a retried event once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar, overload

from transports.dedup import DedupStore
from transports.receiver import Delivery, Parsed, Rejected
from transports.receiver import Receiver as _CoreReceiver

from ..errors import EventDecodeError, SignatureError
from ._callbacks import (
    MAX_CALLBACK_BYTES,
    ActiveNumberEvent,
    NumberOrderEvent,
    _secret_key,
    verify_and_parse,
)

E = TypeVar("E")
On = Callable[[Callable[[E], Awaitable[object]]], Callable[[E], Awaitable[object]]]


def event_key(parsed: Parsed) -> str | None:
    """The resource type and the event id; ``None`` (no de-duplication) without an id."""
    event_id = parsed.event.event_id
    return None if event_id is None else f"{parsed.type}:{event_id}"


class Receiver(_CoreReceiver):
    """Receives Sinch Numbers callbacks at ``path``; serve it with ``aiohttp_app()``,
    ``add_aiohttp_routes(app)`` or ``asgi``, and run it with that app (or inside
    ``async with receiver:``).

    Each callback's HMAC-SHA1 signature is checked against ``hmac_secret`` on the raw body
    before it is decoded (401 when missing or wrong). Handlers are chosen by the event's
    ``resourceType`` (``"ACTIVE_NUMBER"``, ``"NUMBER_ORDER"``; any other type arrives as an
    ``UnknownEvent``, to its own handler or to ``ANY``). Retried deliveries are handled once,
    by event id.
    """

    def __init__(
        self,
        *,
        hmac_secret: str,
        dedup: DedupStore | None = None,
        max_concurrency: int = 100,
        max_body_bytes: int = MAX_CALLBACK_BYTES,
        path: str = "/callbacks",
        shutdown_timeout: float | None = None,
    ) -> None:
        _secret_key(hmac_secret)  # an empty secret would accept anything signed with it
        self._secret = hmac_secret
        super().__init__(
            self._parse_delivery, event_key, dedup=dedup, max_concurrency=max_concurrency,
            max_body_bytes=max_body_bytes, path=path, shutdown_timeout=shutdown_timeout,
        )

    @overload
    def on(self, event_type: Literal["ACTIVE_NUMBER"]) -> On[ActiveNumberEvent]: ...
    @overload
    def on(self, event_type: Literal["NUMBER_ORDER"]) -> On[NumberOrderEvent]: ...
    @overload
    def on(self, event_type: str) -> On[Any]: ...
    def on(self, event_type: str) -> Callable[[Any], Any]:
        """Decorate the async handler of one resource type (or ``ANY``: every other)."""
        return super().on(event_type)

    def _parse_delivery(self, delivery: Delivery) -> Parsed:
        if delivery.route:
            raise Rejected(404, "no such route")
        try:  # the size is already checked, against the same limit
            event = verify_and_parse(
                self._secret, delivery.body, delivery.headers, max_body_bytes=self.max_body_bytes
            )
        except SignatureError as exc:
            raise Rejected(401, str(exc)) from None
        except EventDecodeError as exc:
            raise Rejected(400, str(exc)) from None
        return Parsed(event.resource_type, event)
