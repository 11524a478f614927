"""PURE response parsing: ``parse_response(spec, response)`` returns the model or raises the
typed error. The shared :class:`~transports.parse.Parser` with Sinch's error reading: the
wrapped ``{"error": {code, message, status, details}}`` or OAuth's flat fields."""

from __future__ import annotations

from typing import Any

import attrs

from transports import RequestSpec, Response
from transports.decode import NOT_JSON, describe_failure, retry_after_seconds
from transports.parse import Parser

from . import errors
from ._convert import converter


@attrs.frozen
class ErrorFields:
    """What an error body says: Numbers' wrapped ``error`` object or OAuth's flat fields."""

    message: str | None = None
    code: int | None = None
    error_status: str | None = None
    details: tuple[Any, ...] = ()


def status_error(spec: RequestSpec[Any], response: Response, body: Any) -> errors.APIStatusError:
    """The typed error for a non-2xx response, from its decoded ``body``."""
    fields = error_fields(body)
    cls = errors.error_class(response.status, fields.error_status)
    error = cls(
        fields.message or describe_failure(response, body),
        status=response.status,
        code=fields.code,
        error_status=fields.error_status,
        details=fields.details,
        body=None if body is NOT_JSON else body,
        method=spec.method,
        path=spec.path,
    )
    if isinstance(error, errors.RateLimitError):
        error.retry_after = retry_after_seconds(response.header("retry-after"))
    return error


def error_fields(body: Any) -> ErrorFields:
    """``{"error": {code, message, status, details}}``, or OAuth's ``{"error": "...",
    "error_description": "..."}``; anything else yields empty fields."""
    if not isinstance(body, dict):
        return ErrorFields()
    inner = body.get("error")
    if isinstance(inner, str):
        description = body.get("error_description")
        return ErrorFields(_text(description) or inner, error_status=inner)
    if not isinstance(inner, dict):
        return ErrorFields(_text(body.get("message")))
    code = inner.get("code")
    details = inner.get("details")
    return ErrorFields(
        _text(inner.get("message")),
        code if isinstance(code, int) and not isinstance(code, bool) else None,
        _text(inner.get("status")),
        tuple(details) if isinstance(details, list) else (),
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


PARSER = Parser(converter, status_error, errors.ResponseDecodeError)
parse_response = PARSER.parse
decode_body = PARSER.decode
structure_body = PARSER.structure
