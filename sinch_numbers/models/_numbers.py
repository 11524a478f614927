"""Frozen value objects read from the Numbers API. Field names are snake_case; the package
converter (``_convert``) reads the camelCase wire names.

Enum-like fields are plain strings: the API adds values over time and an unknown value is
kept, not rejected. The classes of constants below name the documented ones.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs


class NumberType:
    MOBILE = "MOBILE"
    LOCAL = "LOCAL"
    TOLL_FREE = "TOLL_FREE"


class Capability:
    SMS = "SMS"
    VOICE = "VOICE"


class SearchPattern:
    START = "START"
    CONTAINS = "CONTAINS"
    END = "END"


class OrderBy:
    PHONE_NUMBER = "phoneNumber"
    DISPLAY_NAME = "displayName"


class ValidationResult:
    UNSPECIFIED = "ADDRESS_VALIDATION_RESULT_CODE_UNSPECIFIED"
    EXACT_MATCH = "EXACT_MATCH"
    NEAR_MATCH = "NEAR_MATCH"
    NO_MATCH = "NO_MATCH"


@attrs.frozen
class Money:
    """A price. ``amount`` arrives as a decimal string (``"2.00"``) and stays exact."""

    currency_code: str
    amount: Decimal


@attrs.frozen
class ScheduledSmsProvisioning:
    """Read-only: SMS provisioning still running (absent once it succeeded)."""

    service_plan_id: str | None = None
    campaign_id: str | None = None
    status: str | None = None
    last_updated_time: datetime | None = None
    error_codes: tuple[str, ...] = ()


@attrs.frozen
class SmsConfiguration:
    service_plan_id: str | None = None
    campaign_id: str | None = None
    scheduled_provisioning: ScheduledSmsProvisioning | None = None


@attrs.frozen
class ScheduledVoiceProvisioning:
    """Read-only: voice provisioning still running."""

    type: str | None = None
    status: str | None = None
    last_updated_time: datetime | None = None
    app_id: str | None = None
    trunk_id: str | None = None
    service_id: str | None = None


@attrs.frozen
class RtcVoiceConfiguration:
    """``type: RTC`` (the default when ``type`` is absent): a Voice app."""

    app_id: str | None = None
    last_updated_time: datetime | None = None
    scheduled_voice_provisioning: ScheduledVoiceProvisioning | None = None
    type: str = "RTC"


@attrs.frozen
class EstVoiceConfiguration:
    """``type: EST``: an Elastic SIP Trunk."""

    trunk_id: str | None = None
    last_updated_time: datetime | None = None
    scheduled_voice_provisioning: ScheduledVoiceProvisioning | None = None
    type: str = "EST"


@attrs.frozen
class FaxVoiceConfiguration:
    """``type: FAX``: a Fax service."""

    service_id: str | None = None
    last_updated_time: datetime | None = None
    scheduled_voice_provisioning: ScheduledVoiceProvisioning | None = None
    type: str = "FAX"


@attrs.frozen
class UnknownVoiceConfiguration:
    """A voice configuration of a type this SDK does not know yet; ``raw`` is the wire object."""

    type: str
    raw: dict[str, Any] = attrs.field(factory=dict)


VoiceConfiguration = (
    RtcVoiceConfiguration
    | EstVoiceConfiguration
    | FaxVoiceConfiguration
    | UnknownVoiceConfiguration
)


@attrs.frozen(slots=False)
class ActiveNumber:
    """A number the project owns. ``capability`` is singular on the wire."""

    phone_number: str
    project_id: str | None = None
    display_name: str | None = None
    region_code: str | None = None
    type: str | None = None
    capability: tuple[str, ...] = ()
    money: Money | None = None
    payment_interval_months: int | None = None
    next_charge_date: datetime | None = None
    expire_at: datetime | None = None
    sms_configuration: SmsConfiguration | None = None
    voice_configuration: VoiceConfiguration | None = None
    callback_url: str | None = None


@attrs.frozen
class ActiveNumbersPage:
    """One page of ``GET /activeNumbers``. An empty or absent token means the last page."""

    active_numbers: tuple[ActiveNumber, ...] = ()
    next_page_token: str | None = None
    total_size: int | None = None

    @property
    def has_next_page(self) -> bool:
        return bool(self.next_page_token)


@attrs.frozen
class AvailableNumber:
    phone_number: str
    region_code: str | None = None
    type: str | None = None
    capability: tuple[str, ...] = ()
    setup_price: Money | None = None
    monthly_price: Money | None = None
    payment_interval_months: int | None = None
    supporting_documentation_required: bool | None = None


@attrs.frozen
class AvailableNumbers:
    available_numbers: tuple[AvailableNumber, ...] = ()


@attrs.frozen
class AvailableRegion:
    region_code: str
    region_name: str | None = None
    types: tuple[str, ...] = ()


@attrs.frozen
class AvailableRegions:
    available_regions: tuple[AvailableRegion, ...] = ()


@attrs.frozen
class EmergencyAddress:
    """A street address. Request fields required by the API: street number and info, city,
    state, postal code."""

    street_number: str | None = None
    street_info: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    location: str | None = None
    postal_code_plus_four: str | None = None


@attrs.frozen
class AddressValidation:
    """``emergencyAddress:validate``. ``candidate_addresses`` is filled only on NO_MATCH."""

    phone_number: str | None = None
    display_name: str | None = None
    validated_address: EmergencyAddress | None = None
    validation_result: str | None = None
    validation_message: str | None = None
    corrected_address: EmergencyAddress | None = None
    candidate_addresses: tuple[EmergencyAddress, ...] = ()


@attrs.frozen
class CallbackConfiguration:
    """The project's callback settings. The HMAC secret never appears in a repr."""

    project_id: str | None = None
    hmac_secret: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class OAuthToken:
    """The token endpoint's reply (snake_case on the wire, unlike the Numbers API)."""

    access_token: str = attrs.field(repr=False)
    expires_in: float
    token_type: str = "Bearer"
