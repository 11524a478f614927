"""PURE builders for emergency addresses, regions, callback configuration and OAuth."""

from __future__ import annotations

from collections.abc import Iterable

from transports import RequestSpec

from .. import _validate as v
from ..models import (
    AddressValidation,
    AvailableRegions,
    CallbackConfiguration,
    EmergencyAddress,
    OAuthToken,
)
from . import _paths
from ._bodies import address_json


def get_emergency_address(project_id: str, phone_number: str) -> RequestSpec[EmergencyAddress]:
    """``GET /activeNumbers/{phoneNumber}/emergencyAddress``."""
    path = f"{_paths.active(project_id, phone_number)}/emergencyAddress"
    return RequestSpec("GET", path, EmergencyAddress)


def provision_emergency_address(
    project_id: str, phone_number: str, display_name: str, address: EmergencyAddress
) -> RequestSpec[EmergencyAddress]:
    """``POST .../emergencyAddress:provision``."""
    path = f"{_paths.active(project_id, phone_number)}/emergencyAddress:provision"
    return RequestSpec("POST", path, EmergencyAddress, json=_address_request(display_name, address))


def deprovision_emergency_address(project_id: str, phone_number: str) -> RequestSpec[None]:
    """``POST .../emergencyAddress:deprovision``: answers 200 with no body."""
    path = f"{_paths.active(project_id, phone_number)}/emergencyAddress:deprovision"
    return RequestSpec("POST", path, None)


def validate_emergency_address(
    project_id: str, phone_number: str, display_name: str, address: EmergencyAddress
) -> RequestSpec[AddressValidation]:
    """Check an address; NEAR_MATCH carries ``corrected_address``, NO_MATCH candidates.

    ``POST .../emergencyAddress:validate``: changes nothing, so it is safe to retry.
    """
    path = f"{_paths.active(project_id, phone_number)}/emergencyAddress:validate"
    body = _address_request(display_name, address)
    return RequestSpec("POST", path, AddressValidation, json=body, idempotent=True)


def list_available_regions(
    project_id: str, types: Iterable[str] = ()
) -> RequestSpec[AvailableRegions]:
    """Regions with numbers on offer, optionally only for some number ``types``.

    ``GET /availableRegions``; ``types`` is repeated, none means every type.
    """
    query = [("types", t) for t in v.enum_tokens("types", types)]
    path = f"{_paths.project(project_id)}/availableRegions"
    return RequestSpec("GET", path, AvailableRegions, query=query)


def get_callback_configuration(project_id: str) -> RequestSpec[CallbackConfiguration]:
    """``GET /callbackConfiguration``."""
    path = f"{_paths.project(project_id)}/callbackConfiguration"
    return RequestSpec("GET", path, CallbackConfiguration)


def update_callback_configuration(
    project_id: str, hmac_secret: str
) -> RequestSpec[CallbackConfiguration]:
    """``PATCH /callbackConfiguration``; the secret must match ``^[a-zA-Z0-9-]{32,64}$``."""
    body = {"hmacSecret": v.hmac_secret("hmac_secret", hmac_secret)}
    path = f"{_paths.project(project_id)}/callbackConfiguration"
    return RequestSpec("PATCH", path, CallbackConfiguration, json=body)


def oauth_token() -> RequestSpec[OAuthToken]:
    """``POST /oauth2/token`` (client credentials; the client adds Basic key:secret).

    Minting a second token is harmless, so the spec is idempotent and retried like a GET.
    """
    form = {"grant_type": "client_credentials"}
    return RequestSpec("POST", "/oauth2/token", OAuthToken, form=form, idempotent=True)


def _address_request(display_name: str, address: EmergencyAddress) -> dict[str, object]:
    return {
        "displayName": v.text("display_name", display_name),
        "address": address_json("address", address),
    }
