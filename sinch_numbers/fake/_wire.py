"""Wire helpers for the fake's handlers: the ``{"error": {...}}`` body and request context."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from transports import Response, ServerRequest, json_response

_STATUS_TEXT = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    500: "INTERNAL",
}


@attrs.frozen
class Ctx:
    """What a route handler gets once the request is authenticated and its body decoded."""

    request: ServerRequest
    body: Any
    params: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def phone_number(self) -> str:
        return self.params.get("phone_number", "")


def ok(payload: Any) -> Response:
    return json_response(200, payload)


def error(
    status: int,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body = {
        "code": status,
        "message": message,
        "status": _STATUS_TEXT.get(status, "UNKNOWN"),
        "details": details or [],
    }
    return json_response(status, {"error": body}, headers)


def invalid(field: str, description: str) -> Response:
    """400 with one field violation, the shape Numbers uses for bad arguments."""
    detail = {
        "type": "BadRequest",
        "fieldViolations": [{"field": field, "description": description}],
    }
    return error(400, "Invalid argument", [detail])


def not_found(resource_type: str, name: str) -> Response:
    detail = {
        "type": "ResourceInfo",
        "resourceType": resource_type,
        "resourceName": name,
        "owner": "",
        "description": f"{resource_type} {name} not found",
    }
    return error(404, "Not found", [detail])


def object_body(ctx: Ctx) -> dict[str, Any] | Response:
    if isinstance(ctx.body, dict):
        return ctx.body
    return invalid("body", "must be a JSON object")
