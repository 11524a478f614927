"""Wire helpers shared by the route handlers: error bodies, the request context, checks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from transports import Response, ServerRequest, json_response

from ._records import FakeAccount

_AREA_CODE = re.compile(r"[0-9]{3}\Z")
_AREA_CODE_OR_ZIP = re.compile(r"(?:[0-9]{3}|[0-9]{5})\Z")


@attrs.frozen
class Ctx:
    """What a route handler gets once the request is authenticated and its body decoded."""

    request: ServerRequest
    account: FakeAccount
    body: Any
    params: Mapping[str, str] = attrs.field(factory=dict)


def ok(payload: Mapping[str, Any]) -> Response:
    return json_response(200, {"status": "OK", **payload})


def error(status: int, message: str, code: str | None = None) -> Response:
    body: dict[str, Any] = {"status": "ERROR"}
    if code is not None:
        body["error"] = code
    body["message"] = message
    return json_response(status, body)


def bad_request(message: str) -> Response:
    return error(400, message)


def header(request: ServerRequest, name: str) -> str | None:
    """A header by name, whatever case the server that built the request kept."""
    value = request.header(name)
    if value is not None:
        return value
    return next((v for k, v in request.headers.items() if k.lower() == name), None)


def object_body(ctx: Ctx) -> dict[str, Any] | Response:
    """The body as a JSON object, or the 400 to answer with."""
    if isinstance(ctx.body, dict):
        return ctx.body
    return bad_request("Request body must be a JSON object")


def is_area_code(value: object) -> bool:
    return isinstance(value, str) and _AREA_CODE.match(value) is not None


def is_area_code_or_zip(value: object) -> bool:
    return isinstance(value, str) and _AREA_CODE_OR_ZIP.match(value) is not None


def is_ticket_id(value: str) -> bool:
    return value.isascii() and value.isdigit()
