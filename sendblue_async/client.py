"""``SendblueClient``: the client core configured for Sendblue, with its namespaces."""

from __future__ import annotations

import logging
import os

from transports import Clock, Transport
from transports.auth import StaticAuth
from transports.client import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_RETRY,
    APIProfile,
    ClientCore,
    credentials,
)
from transports.completion import OnUnclaimed
from transports.retry import RetryPolicy

from . import errors
from ._parse import PARSER
from .contacts import Contacts, Totp, Webhooks
from .events import Events
from .messaging import Groups, Media, Messages
from .provisioning import Accounts, Lines

DEFAULT_BASE_URL = "https://api.sendblue.co"
SENDBLUE = APIProfile(
    parser=PARSER,
    timeout_error=errors.APITimeoutError,
    connection_error=errors.APIConnectionError,
    too_large_error=errors.ResponseTooLargeError,
    outcome_unknown_error=errors.OutcomeUnknownError,
    logger=logging.getLogger("sendblue_async"),
)


class SendblueClient(ClientCore):
    """Async Sendblue client. Use as ``async with SendblueClient() as client: ...``.

    Credentials come from the arguments or ``SENDBLUE_API_KEY`` / ``SENDBLUE_API_SECRET``;
    the base URL from ``base_url`` or ``SENDBLUE_BASE_URL``. ``transport`` defaults to an
    aiohttp transport; ``retry=None`` turns retries off. ``confirm_margin`` is how long before
    expiry a preview token is already treated as expired (the confirm must land in time).
    """

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        base_url: str | None = None,
        transport: Transport | None = None,
        clock: Clock | None = None,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        on_unclaimed: OnUnclaimed | None = None,
        confirm_margin: float = 5.0,
    ) -> None:
        key, secret = credentials("Sendblue", {
            "api_key": (api_key, "SENDBLUE_API_KEY"),
            "api_secret": (api_secret, "SENDBLUE_API_SECRET"),
        }, errors.ConfigurationError)
        auth = StaticAuth({"sb-api-key-id": key, "sb-api-secret-key": secret})
        base_url = base_url or os.environ.get("SENDBLUE_BASE_URL") or DEFAULT_BASE_URL
        super().__init__(
            SENDBLUE, base_url=base_url, auth=auth, transport=transport, clock=clock, retry=retry,
            max_response_bytes=max_response_bytes,
            on_unclaimed=on_unclaimed,
        )
        self.confirm_margin = confirm_margin
        self.lines = Lines(self)
        self.accounts = Accounts(self)
        self.contacts = Contacts(self)
        self.webhooks = Webhooks(self)
        self.totp = Totp(self)
        self.messages = Messages(self)
        self.groups = Groups(self)
        self.media = Media(self)
        self.events = Events(self)

    def __repr__(self) -> str:
        return f"SendblueClient(base_url={self.base_url!r})"
