"""Routes for emergency addresses, available regions and the callback configuration."""

from __future__ import annotations

import re
from typing import Any

from transports import Response

from ._records import REGION_NAMES
from ._state import State
from ._wire import Ctx, invalid, not_found, object_body, ok

REQUIRED_ADDRESS = ("streetNumber", "streetInfo", "city", "state", "postalCode")
OPTIONAL_ADDRESS = ("location", "postalCodePlusFour")
_HMAC_SECRET = re.compile(r"[a-zA-Z0-9-]{32,64}\Z")
_ABBREVIATIONS = {"STREET": "ST", "AVENUE": "AVE", "ROAD": "RD", "NORTHWEST": "NW"}


def normalized(address: dict[str, Any]) -> tuple[str, ...]:
    """The address as the validator compares it: upper case, abbreviated, spaces collapsed."""
    return tuple(_words(str(address.get(k, ""))) for k in REQUIRED_ADDRESS)


def _words(text: str) -> str:
    return " ".join(_ABBREVIATIONS.get(w, w) for w in text.upper().split())


class ProjectRoutes(State):
    def _on_get_address(self, ctx: Ctx) -> Response:
        address = self.emergency_addresses.get(ctx.phone_number)
        if ctx.phone_number not in self.active or address is None:
            return not_found("EmergencyAddress", ctx.phone_number)
        return ok(address)

    def _on_provision_address(self, ctx: Ctx) -> Response:
        checked = self._address_request(ctx)
        if isinstance(checked, Response):
            return checked
        self.emergency_addresses[ctx.phone_number] = checked
        return ok(checked)

    def _on_deprovision_address(self, ctx: Ctx) -> Response:
        if self.emergency_addresses.pop(ctx.phone_number, None) is None:
            return not_found("EmergencyAddress", ctx.phone_number)
        return Response(200)  # documented: 200 with no content

    def _on_validate_address(self, ctx: Ctx) -> Response:
        address = self._address_request(ctx)
        if isinstance(address, Response):
            return address
        reply: dict[str, Any] = {
            "phoneNumber": ctx.phone_number,
            "displayName": ctx.body["displayName"],
            "validatedAddress": address,
        }
        key = normalized(address)
        for known in self.address_book:
            if normalized(known) != key:
                continue
            if all(address[k] == known[k] for k in REQUIRED_ADDRESS):
                return ok({**reply, "validationResult": "EXACT_MATCH",
                           "validationMessage": "Address is a perfect match"})  # fmt: skip
            return ok({**reply, "validationResult": "NEAR_MATCH", "correctedAddress": known,
                       "validationMessage": "Corrected to valid address"})  # fmt: skip
        candidates = [a for a in self.address_book if a["state"] == address["state"]]
        return ok({**reply, "validationResult": "NO_MATCH", "candidateAddresses": candidates,
                   "validationMessage": "Address not found"})  # fmt: skip

    def _address_request(self, ctx: Ctx) -> dict[str, Any] | Response:
        if ctx.phone_number not in self.active:
            return not_found("ActiveNumber", ctx.phone_number)
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        if not isinstance(body.get("displayName"), str) or not body["displayName"]:
            return invalid("displayName", "is required")
        address = body.get("address")
        if not isinstance(address, dict):
            return invalid("address", "is required")
        for name in REQUIRED_ADDRESS:
            if not isinstance(address.get(name), str) or not address[name]:
                return invalid(f"address.{name}", "is required")
        keep = REQUIRED_ADDRESS + OPTIONAL_ADDRESS
        return {k: address[k] for k in keep if isinstance(address.get(k), str)}

    def _on_regions(self, ctx: Ctx) -> Response:
        wanted = set(ctx.request.args("types"))
        by_region: dict[str, set[str]] = {}
        for number in self.available.values():
            by_region.setdefault(number.region_code, set()).add(number.type)
        regions = [
            {"regionCode": code, "regionName": REGION_NAMES.get(code, code),
             "types": sorted(types)}
            for code, types in sorted(by_region.items())
            if not wanted or wanted & types
        ]  # fmt: skip
        return ok({"availableRegions": regions})

    def _on_get_callback_config(self, ctx: Ctx) -> Response:
        return ok(self._callback_config())

    def _on_update_callback_config(self, ctx: Ctx) -> Response:
        body = object_body(ctx)
        if isinstance(body, Response):
            return body
        secret = body.get("hmacSecret")
        if not isinstance(secret, str) or _HMAC_SECRET.match(secret) is None:
            return invalid("hmacSecret", "must match ^[a-zA-Z0-9-]{32,64}$")
        self.hmac_secret = secret
        return ok(self._callback_config())

    def _callback_config(self) -> dict[str, str]:
        config = {"projectId": self.project_id}
        if self.hmac_secret is not None:
            config["hmacSecret"] = self.hmac_secret
        return config
