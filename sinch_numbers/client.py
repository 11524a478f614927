"""``SinchNumbers``: the client core configured for the Sinch Numbers API, with its
namespaces."""

from __future__ import annotations

import logging
from typing import Literal

from transports import Clock, Transport
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
from ._auth import sinch_auth
from ._orders import NumberOrdersResource
from ._parse import PARSER
from ._resources import (
    ActiveNumbersResource,
    AvailableNumbersResource,
    CallbackConfigResource,
    EmergencyAddressResource,
    RegionsResource,
)

DEFAULT_BASE_URL = "https://numbers.api.sinch.com"
DEFAULT_AUTH_URL = "https://auth.sinch.com"
SINCH = APIProfile(
    parser=PARSER,
    timeout_error=errors.APITimeoutError,
    connection_error=errors.APIConnectionError,
    too_large_error=errors.ResponseTooLargeError,
    outcome_unknown_error=errors.OutcomeUnknownError,
    logger=logging.getLogger("sinch_numbers"),
)


class SinchNumbers(ClientCore):
    """Async Sinch Numbers API client. Use as ``async with SinchNumbers(...) as sinch: ...``.

    Credentials come from the arguments or ``SINCH_PROJECT_ID`` / ``SINCH_KEY_ID`` /
    ``SINCH_KEY_SECRET``. ``auth="oauth"`` (default) trades them for bearer tokens at
    ``{auth_url}/oauth2/token``; ``auth="basic"`` sends them on every request. ``transport``
    defaults to an aiohttp transport; ``retry=None`` turns retries off.
    """

    def __init__(
        self,
        project_id: str | None = None,
        key_id: str | None = None,
        key_secret: str | None = None,
        *,
        auth: Literal["oauth", "basic"] = "oauth",
        base_url: str = DEFAULT_BASE_URL,
        auth_url: str = DEFAULT_AUTH_URL,
        transport: Transport | None = None,
        clock: Clock | None = None,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        on_unclaimed: OnUnclaimed | None = None,
        token_refresh_margin: float = 60.0,
    ) -> None:
        if auth not in ("oauth", "basic"):
            raise errors.ConfigurationError(f"auth must be 'oauth' or 'basic', got {auth!r}")
        self.project_id, key_id, key_secret = credentials("Sinch", {
            "project_id": (project_id, "SINCH_PROJECT_ID"),
            "key_id": (key_id, "SINCH_KEY_ID"),
            "key_secret": (key_secret, "SINCH_KEY_SECRET"),
        }, errors.ConfigurationError)
        strategy = sinch_auth(
            auth, key_id, key_secret, auth_url=auth_url, refresh_margin=token_refresh_margin
        )
        super().__init__(
            SINCH, base_url=base_url, auth=strategy, transport=transport, clock=clock,
            retry=retry, max_response_bytes=max_response_bytes,
            on_unclaimed=on_unclaimed,
        )
        self.available = AvailableNumbersResource(self)
        self.active = ActiveNumbersResource(self)
        self.emergency = EmergencyAddressResource(self)
        self.regions = RegionsResource(self)
        self.callbacks = CallbackConfigResource(self)
        self.orders = NumberOrdersResource(self)

    def __repr__(self) -> str:
        return f"SinchNumbers(project_id={self.project_id!r}, auth={self._auth!r})"
