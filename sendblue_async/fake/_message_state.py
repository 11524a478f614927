"""The fake's messaging state: messages with status progression, groups, uploads."""

from __future__ import annotations

import heapq
import itertools
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

import attrs

from transports import Response

from ._dispatch import DispatchState
from ._records import FakeAccount, iso_timestamp
from ._wire import error

_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
SHARED_LINE = "+13055550100"
# Outbound messages go QUEUED -> SENT -> DELIVERED, this many seconds after creation.
DEFAULT_PROGRESSION: tuple[tuple[float, str], ...] = ((2.0, "SENT"), (5.0, "DELIVERED"))


@attrs.define
class MessageRecord:
    """One message. ``number`` is the contact; ``sendblue_number`` the account's line.
    ``pending`` holds the scheduled status changes as ``(clock time, status)``."""

    handle: str
    account: str
    account_email: str
    number: str | None
    sendblue_number: str
    is_outbound: bool
    status: str
    created_at: float
    updated_at: float
    content: str | None = None
    media_url: str | None = None
    media_urls: list[str] = attrs.field(factory=list)
    message_type: str = "message"
    service: str = "iMessage"
    send_style: str | None = None
    group_id: str | None = None
    sent_at: float | None = None
    status_callback: str | None = None
    pending: list[tuple[float, str]] = attrs.field(factory=list)

    @property
    def from_number(self) -> str | None:
        return self.sendblue_number if self.is_outbound else self.number

    @property
    def to_number(self) -> str | None:
        return self.number if self.is_outbound else self.sendblue_number

    def wire(self, *, camel_email: bool = False) -> dict[str, Any]:
        """The message object; send-message says ``account_email``, v2 ``accountEmail``."""
        return {
            "message_handle": self.handle,
            "accountEmail" if camel_email else "account_email": self.account_email,
            "content": self.content,
            "media_url": self.media_url,
            "number": self.number,
            "from_number": self.from_number,
            "to_number": self.to_number,
            "sendblue_number": self.sendblue_number,
            "is_outbound": self.is_outbound,
            "message_type": self.message_type,
            "service": self.service,
            "send_style": self.send_style,
            "group_id": self.group_id,
            "status": self.status,
            "date_created": iso_timestamp(self.created_at),
            "date_updated": iso_timestamp(self.updated_at),
            "date_sent": None if self.sent_at is None else iso_timestamp(self.sent_at),
            "error_code": None,
            "error_message": None,
        }


@attrs.define
class GroupRecord:
    group_id: str
    account: str
    numbers: list[str]
    from_number: str
    group_name: str | None = None


@attrs.define
class UploadRecord:
    """An uploaded file (``data``) or a media object fetched from ``source_url``."""

    media_object_id: str
    account: str
    filename: str | None = None
    content_type: str | None = None
    data: bytes = attrs.field(default=b"", repr=False)
    source_url: str | None = None


class MessageState(DispatchState):
    """Messaging state, added to the fake's state by cooperative ``__init__``.

    ``message_progression`` is the automatic status schedule (``()`` turns it off; use
    ``advance_message`` then). ``sms_numbers`` answer ``SMS`` to ``evaluate-service``.

    Every status a message takes (``QUEUED`` when it is accepted, then each change) goes to
    the account's ``outbound`` webhooks and to the message's ``status_callback``; an
    inbound message goes to the ``receive`` webhooks.

    Statuses follow the fake's clock, not a timer of their own: a scheduled change happens
    (and is told) when the outbox's timer runs or a request reads the message, stamped with
    the time it fell due. A test on a ``FakeClock`` so decides exactly when each status and
    its webhook happen (``clock.advance`` or ``advance_message``), with nothing running in
    the background; a served fake on the system clock progresses in real time, since its
    running deliverer runs the timer as each change falls due.
    """

    account: FakeAccount  # the primary account, set by FakeSendblue

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.messages: dict[str, MessageRecord] = {}
        self.groups: dict[str, GroupRecord] = {}
        self.uploads: dict[str, UploadRecord] = {}
        self.reactions: list[dict[str, Any]] = []
        self.read_receipts: list[dict[str, Any]] = []
        self.typing_indicators: list[dict[str, Any]] = []
        self.sms_numbers: set[str] = set()
        self.shared_line = SHARED_LINE
        self.message_progression = DEFAULT_PROGRESSION
        self._serial = itertools.count(1)
        # (clock time, handle) of each message's next scheduled status, soonest first.
        self._status_schedule: list[tuple[float, str]] = []
        self.outbox.timer = self._timed_events

    def advance_message(self, handle: str, status: str | None = None) -> MessageRecord:
        """Move a message to ``status`` now (the schedule is dropped), or, with no status, to
        its next scheduled one. Raises ``KeyError`` for an unknown handle, ``ValueError`` when
        nothing is scheduled."""
        record = self.messages[handle]
        if status is None:
            if not record.pending:
                raise ValueError(f"message {handle} has no scheduled status left")
            status = record.pending[0][1]
        record.pending.clear()
        self._set_status(record, status, self.now())
        return record

    def receive_message(
        self,
        from_number: str,
        content: str | None = None,
        *,
        to_number: str | None = None,
        media_url: str | None = None,
        service: str = "iMessage",
        group_id: str | None = None,
        account: FakeAccount | None = None,
    ) -> MessageRecord:
        """Inject an inbound message (status ``RECEIVED``) into an account's history."""
        owner = account or self.account
        line = to_number or self.lines_of(owner)[0]
        record = self._new_message(owner, from_number, line, outbound=False)
        record.content, record.media_url, record.service = content, media_url, service
        if group_id is not None:
            record.group_id, record.message_type = group_id, "group"
        self._dispatch(owner, "receive", lambda: self._message_payload(record),
                       record.sendblue_number)
        return record

    def lines_of(self, account: FakeAccount) -> list[str]:
        """The numbers an account sends from: the shared line, then the lines it received."""
        return [self.shared_line, *(line.phone_number for line in account.lines)]

    def _next_id(self) -> str:
        return str(uuid.UUID(int=next(self._serial)))

    def _new_message(
        self, account: FakeAccount, number: str | None, line: str, *, outbound: bool
    ) -> MessageRecord:
        now = self.now()
        status = "QUEUED" if outbound else "RECEIVED"
        record = MessageRecord(
            self._next_id(), account.api_key, account.email, number, line, outbound, status,
            now, now,
        )
        if outbound:
            record.pending = [(now + delay, step) for delay, step in self.message_progression]
            self._schedule(record)
        self.messages[record.handle] = record
        return record

    def _schedule(self, record: MessageRecord) -> None:
        if record.pending:
            heapq.heappush(self._status_schedule, (record.pending[0][0], record.handle))

    def _timed_events(self, now: float) -> float | None:
        """Apply the status changes due by ``now``; the time of the next one."""
        schedule = self._status_schedule
        while schedule and schedule[0][0] <= now:
            _, handle = heapq.heappop(schedule)
            record = self.messages.get(handle)
            if record is not None:  # not deleted meanwhile
                self._schedule(self._refresh_message(record))
        return schedule[0][0] if schedule else None

    def _refresh_message(self, record: MessageRecord) -> MessageRecord:
        """Apply the scheduled status changes that are due."""
        now = self.now()
        while record.pending and record.pending[0][0] <= now:
            at, status = record.pending.pop(0)
            self._set_status(record, status, at)
        return record

    def _set_status(self, record: MessageRecord, status: str, at: float) -> None:
        record.status, record.updated_at = status, at
        if status == "SENT" and record.sent_at is None:
            record.sent_at = at
        self._status_changed(record)

    def _status_changed(self, record: MessageRecord) -> None:
        """Tell the event stream, the ``outbound`` webhooks and the ``status_callback``."""
        owner = self.accounts[record.account]
        kind = "message.created" if record.status == "QUEUED" else "message.updated"
        self.event_log.publish(owner, kind, lambda: self._message_payload(record))
        targets = self._targets(owner, "outbound")
        if not targets and record.status_callback is None:
            return
        payload = self._message_payload(record)
        for url, headers in targets:
            self.outbox.add("outbound", url, payload, headers)
        if record.status_callback is not None:
            self._call_back(record.status_callback, payload)

    def _message_payload(self, record: MessageRecord) -> dict[str, Any]:
        """A message as webhooks carry it: the v2 message object plus the webhook fields."""
        group = self.groups.get(record.group_id) if record.group_id is not None else None
        return {
            **record.wire(camel_email=True),
            "participants": list(group.numbers) if group is not None else [],
            "group_display_name": group.group_name if group is not None else None,
            "error_reason": None, "error_detail": None,
            "was_downgraded": False, "opted_out": False,
            "plan": self.accounts[record.account].plan,
        }

    def _own_message(self, account: FakeAccount, handle: str) -> MessageRecord | Response:
        """The account's message, refreshed, or the 404 to answer with."""
        record = self.messages.get(handle)
        if record is None or record.account != account.api_key:
            return error(404, "Message not found")
        return self._refresh_message(record)

    def _visible(self, account: FakeAccount) -> list[MessageRecord]:
        """An account's messages, refreshed, in creation order."""
        own = [m for m in self.messages.values() if m.account == account.api_key]
        return [self._refresh_message(m) for m in own]


def is_e164(value: object) -> bool:
    return isinstance(value, str) and _E164.fullmatch(value) is not None


def is_url(value: object, *, https_only: bool = False) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    schemes = ("https",) if https_only else ("http", "https")
    return parts.scheme in schemes and bool(parts.hostname)


def content_problem(body: dict[str, Any]) -> str | None:
    """What is wrong with a message body's ``content`` / ``media_url``, if anything."""
    content, media_url = body.get("content"), body.get("media_url")
    if content is None and media_url is None:
        return "content or media_url is required"
    if content is not None and (not isinstance(content, str) or not content.strip()):
        return "content must be a non-empty string"
    if media_url is not None and not is_url(media_url):
        return "media_url must be a URL"
    return None
