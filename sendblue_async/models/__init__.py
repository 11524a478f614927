"""Frozen value objects for the Sendblue wire.

Field names are snake_case; the package converter (``_convert``) maps camelCase wire
spellings. Status fields are plain strings: the API adds values over time, and an unknown
status is kept, not rejected. Constants classes name the documented values.
"""

from ._lines import (
    AreaCodes,
    AreaCodesResponse,
    ChildAccount,
    ChildAccountResponse,
    LimitsResponse,
    LineRequest,
    LineRequestResponse,
    LineRequestStatus,
    PreviewResponse,
    PreviewToken,
    ProvisionedLine,
    ProvisioningLimit,
    ProvisioningLimits,
)

__all__ = [
    "AreaCodes",
    "AreaCodesResponse",
    "ChildAccount",
    "ChildAccountResponse",
    "LimitsResponse",
    "LineRequest",
    "LineRequestResponse",
    "LineRequestStatus",
    "PreviewResponse",
    "PreviewToken",
    "ProvisionedLine",
    "ProvisioningLimit",
    "ProvisioningLimits",
]
