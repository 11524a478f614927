"""Values callers send: SMS and voice settings, and ``UNSET`` for PATCH fields left alone.

These hold writable fields only, so a request can never carry a read-only field such as
``scheduledProvisioning`` or ``lastUpdatedTime``, and never an empty configuration object
(``service_plan_id`` and the voice ``type`` are always present).
"""

from __future__ import annotations

import enum
from typing import Literal

import attrs


class _Unset(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset.UNSET
"""Default of every PATCH argument: the field is left out of the body (unchanged)."""

Unset = Literal[_Unset.UNSET]


@attrs.frozen
class SmsSettings:
    """``smsConfiguration`` to send. ``""`` as ``service_plan_id`` or ``campaign_id`` unlinks
    the number; ``campaign_id=None`` sends ``null``; ``UNSET`` leaves it out."""

    service_plan_id: str
    campaign_id: str | Unset | None = UNSET


@attrs.frozen
class RtcVoice:
    """Route voice to a Voice app (``type: RTC``)."""

    app_id: str


@attrs.frozen
class EstVoice:
    """Route voice to an Elastic SIP Trunk (``type: EST``)."""

    trunk_id: str


@attrs.frozen
class FaxVoice:
    """Route voice to a Fax service (``type: FAX``)."""

    service_id: str


VoiceSettings = RtcVoice | EstVoice | FaxVoice
