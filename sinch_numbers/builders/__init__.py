"""PURE request builders: one function per Numbers API operation, each returning a
``RequestSpec``. No credentials and no I/O; input is validated first, so a bad argument
raises ``ValidationError`` and nothing is sent."""

from ._active import get_active_number, list_active_numbers, release_number, update_active_number
from ._available import (
    get_available_number,
    rent_any_number,
    rent_number,
    search_available_numbers,
)
from ._orders import (
    create_number_order,
    get_number_order,
    get_number_order_registration,
    lookup_number_requirements,
    submit_number_order,
    update_number_order_registration,
    upload_number_order_attachment,
)
from ._project import (
    deprovision_emergency_address,
    get_callback_configuration,
    get_emergency_address,
    list_available_regions,
    oauth_token,
    provision_emergency_address,
    update_callback_configuration,
    validate_emergency_address,
)

__all__ = [
    "create_number_order",
    "deprovision_emergency_address",
    "get_active_number",
    "get_available_number",
    "get_callback_configuration",
    "get_emergency_address",
    "get_number_order",
    "get_number_order_registration",
    "list_active_numbers",
    "list_available_regions",
    "lookup_number_requirements",
    "oauth_token",
    "provision_emergency_address",
    "release_number",
    "rent_any_number",
    "rent_number",
    "search_available_numbers",
    "submit_number_order",
    "update_active_number",
    "update_callback_configuration",
    "update_number_order_registration",
    "upload_number_order_attachment",
    "validate_emergency_address",
]
