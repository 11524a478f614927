"""Who hears about an event: the account's webhook configuration, and the outbox its
deliveries wait in until a ``Deliverer`` sends them.

An event goes to every URL registered for its type on the owner's account, with the
webhook's own ``secret`` (or else the account's ``globalSecret``) in ``sb-signing-secret``;
``receive`` webhooks that list ``sendblue_numbers`` hear only about those lines. A
message's ``status_callback`` is called without any secret header.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from transports.testing.outbox import Outbox

from ._events import EVENT_TYPES_OF, EventLog
from ._records import FakeAccount
from ._state import State

WEBHOOK_TYPES = (
    "receive", "outbound", "typing_indicator", "call_log", "line_blocked", "line_assigned",
    "contact_created", "call_completed", "inbound_call", "contact_profile",
)
SIGNING_SECRET_HEADER = "sb-signing-secret"
STATUS_CALLBACK = "status_callback"  # the outbox's kind for a per-message callback
WireEntry = str | dict[str, Any]


@attrs.define
class WebhookSettings:
    hooks: dict[str, list[WireEntry]] = attrs.field(factory=dict)
    global_secret: str | None = attrs.field(default=None, repr=False)

    def wire(self) -> dict[str, Any]:
        data: dict[str, Any] = {kind: [] for kind in WEBHOOK_TYPES}
        data.update({kind: list(entries) for kind, entries in self.hooks.items()})
        if self.global_secret is not None:
            data["globalSecret"] = self.global_secret
        return data

    def targets(self, kind: str, line: str | None) -> list[tuple[str, dict[str, str]]]:
        """``(url, headers)`` for each webhook of ``kind`` that hears about ``line``."""
        found = []
        for entry in self.hooks.get(kind, []):
            if isinstance(entry, dict) and not _hears(entry, kind, line):
                continue
            secret = entry.get("secret") if isinstance(entry, dict) else None
            secret = secret or self.global_secret
            found.append((url_of(entry), {SIGNING_SECRET_HEADER: secret} if secret else {}))
        return found


def url_of(entry: WireEntry) -> str:
    return entry if isinstance(entry, str) else str(entry["url"])


def _hears(entry: dict[str, Any], kind: str, line: str | None) -> bool:
    numbers = entry.get("sendblue_numbers")
    return kind != "receive" or not numbers or line in numbers


class DispatchState(State):
    """The webhook configuration per account, the ``outbox`` (whose timer the message
    state sets: statuses are what changes with time) and the ``event_log`` of the event
    stream, which hears about every event whether a webhook listens or not."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.webhook_settings: dict[str, WebhookSettings] = {}
        self.outbox = Outbox(self.clock)
        self.event_log = EventLog(self.now)

    def webhooks_of(self, account: FakeAccount) -> WebhookSettings:
        """The account's webhook configuration (live: mutate it to seed a test)."""
        return self.webhook_settings.setdefault(account.api_key, WebhookSettings())

    def _targets(
        self, account: FakeAccount, kind: str, line: str | None = None
    ) -> list[tuple[str, dict[str, str]]]:
        """``(url, headers)`` of the account's webhooks that hear about a ``kind`` event
        (``line``: the Sendblue number it concerns, for ``receive`` filters)."""
        settings = self.webhook_settings.get(account.api_key)
        return settings.targets(kind, line) if settings is not None else []

    def _dispatch(
        self, account: FakeAccount, kind: str, build: Callable[[], Mapping[str, Any]],
        line: str | None = None,
    ) -> None:
        """Queue the payload ``build()`` makes (only if someone listens) for each target."""
        self.event_log.publish(account, EVENT_TYPES_OF[kind], build)
        targets = self._targets(account, kind, line)
        payload = build() if targets else {}
        for url, headers in targets:
            self.outbox.add(kind, url, payload, headers)

    def _call_back(self, url: str, payload: Mapping[str, Any]) -> None:
        self.outbox.add(STATUS_CALLBACK, url, payload)
