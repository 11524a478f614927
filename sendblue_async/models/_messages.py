"""Models of messaging: sent and received messages, history pages, groups, media, lookups."""

from __future__ import annotations

from datetime import datetime

import attrs


class MessageStatus:
    """Documented message statuses. The set is open: an unknown status is kept as is."""

    QUEUED = "QUEUED"
    PENDING = "PENDING"
    SENT = "SENT"
    DELIVERED = "DELIVERED"
    ERROR = "ERROR"
    DECLINED = "DECLINED"
    RECEIVED = "RECEIVED"
    ACCEPTED = "ACCEPTED"
    REGISTERED = "REGISTERED"
    FAILED = frozenset({ERROR, DECLINED})


class SendStyle:
    """Expressive send styles (``send_style``); the API rejects any other value."""

    CELEBRATION = "celebration"
    SHOOTING_STAR = "shooting_star"
    FIREWORKS = "fireworks"
    LASERS = "lasers"
    LOVE = "love"
    CONFETTI = "confetti"
    BALLOONS = "balloons"
    SPOTLIGHT = "spotlight"
    ECHO = "echo"
    INVISIBLE = "invisible"
    GENTLE = "gentle"
    LOUD = "loud"
    SLAM = "slam"
    ALL = frozenset({
        CELEBRATION, SHOOTING_STAR, FIREWORKS, LASERS, LOVE, CONFETTI, BALLOONS, SPOTLIGHT,
        ECHO, INVISIBLE, GENTLE, LOUD, SLAM,
    })


class Reaction:
    """Tapback names for ``send-reaction``."""

    LOVE = "love"
    LIKE = "like"
    DISLIKE = "dislike"
    LAUGH = "laugh"
    EMPHASIZE = "emphasize"
    QUESTION = "question"
    ALL = frozenset({LOVE, LIKE, DISLIKE, LAUGH, EMPHASIZE, QUESTION})


class Service:
    IMESSAGE = "iMessage"
    SMS = "SMS"
    RCS = "RCS"
    ALL = frozenset({IMESSAGE, SMS, RCS})


@attrs.frozen
class ReplyTo:
    """The message a new one replies to (``reply_to``); ``part_index`` picks one part."""

    message_handle: str
    part_index: int | None = None


@attrs.frozen(slots=False)  # dict-backed: the converter fills it without the 27-argument call
class Message:
    """A message as ``send-message``, ``status`` and the v2 history return it.

    Outbound: ``number`` is the recipient and ``from_number`` your line. Inbound: ``number``
    and ``from_number`` are the contact. ``status`` is an open set (see ``MessageStatus``).
    """

    message_handle: str
    status: str
    content: str | None = None
    media_url: str | None = None
    number: str | None = None
    from_number: str | None = None
    to_number: str | None = None
    sendblue_number: str | None = None
    is_outbound: bool | None = None
    message_type: str | None = None
    service: str | None = None
    send_style: str | None = None
    group_id: str | None = None
    group_display_name: str | None = None
    account_email: str | None = None
    date_created: datetime | None = None
    date_updated: datetime | None = None
    date_sent: datetime | None = None
    error_code: int | None = None
    error_key: str | None = None
    error_message: str | None = None
    error_reason: str | None = None
    error_detail: str | None = None
    was_downgraded: bool | None = None
    opted_out: bool | None = None
    seat_id: str | None = None
    sender_email: str | None = None

    @property
    def failed(self) -> bool:
        return self.status in MessageStatus.FAILED


@attrs.frozen
class MessageFilter:
    """Filters of ``GET /api/v2/messages``; ``None`` leaves a filter out.

    ``number`` matches either party. Time bounds are aware datetimes or ISO 8601 text.
    ``order_by`` is ``createdAt``, ``updatedAt`` or ``sentAt``; ``order_direction`` is ``asc``
    or ``desc``.
    """

    number: str | None = None
    from_number: str | None = None
    to_number: str | None = None
    sendblue_number: str | None = None
    account_email: str | None = None
    group_id: str | None = None
    worker_id: str | None = None
    is_outbound: bool | None = None
    message_type: str | None = None
    service: str | None = None
    status: str | None = None
    created_at_gte: datetime | str | None = None
    created_at_lte: datetime | str | None = None
    sent_at_gte: datetime | str | None = None
    sent_at_lte: datetime | str | None = None
    updated_at_gte: datetime | str | None = None
    updated_at_lte: datetime | str | None = None
    order_by: str | None = None
    order_direction: str | None = None


@attrs.frozen
class Pagination:
    """``pagination`` of a history page; camelCase (``hasMore``) on the wire."""

    has_more: bool
    limit: int
    offset: int
    total: int | None = None


@attrs.frozen
class MessagePage:
    data: tuple[Message, ...]
    pagination: Pagination


@attrs.frozen
class MessageEnvelope:
    data: Message


@attrs.frozen
class Group:
    """A group chat made by ``create-group`` (a shape this SDK chose; see DESIGN.md)."""

    group_id: str
    numbers: tuple[str, ...] = ()
    group_name: str | None = None
    from_number: str | None = None


@attrs.frozen
class ServiceCheck:
    """``evaluate-service``: how a number or e-mail address is reachable."""

    number: str
    service: str

    @property
    def is_imessage(self) -> bool:
        return self.service == Service.IMESSAGE


@attrs.frozen
class ReactionSent:
    message_handle: str
    reaction: str
    message: str = ""


@attrs.frozen
class ReadReceiptSent:
    number: str
    message: str = ""


@attrs.frozen
class TypingIndicatorSent:
    number: str
    status: str


@attrs.frozen
class UploadedFile:
    """``upload-file``: ``media_url`` is what to pass to ``send``; ``mediaObjectId`` on the wire."""

    media_url: str
    media_object_id: str | None = None
    message: str = ""


@attrs.frozen
class MediaObject:
    media_object_id: str
    message: str = ""


@attrs.frozen
class LineNumbers:
    numbers: tuple[str, ...] = ()
