"""PURE response parsing: ``parse_response(spec, response)`` returns the model or raises the
typed error. Works on any body: empty, truncated, HTML from a proxy, or the wrong shape."""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

from transports import RequestSpec, Response
from transports.decode import NOT_JSON, decode_json, describe_failure, retry_after_seconds

from . import errors
from ._convert import converter

T = TypeVar("T")
_DECODE_FAILURES = (KeyError, TypeError, ValueError, AttributeError, IndexError)


@attrs.frozen
class ErrorFields:
    """What an error body says: Numbers' wrapped ``error`` object or OAuth's flat fields."""

    message: str | None = None
    code: int | None = None
    error_status: str | None = None
    details: tuple[Any, ...] = ()


def parse_response(spec: RequestSpec[T], response: Response) -> T:
    return structure_body(spec, response, decode_body(spec, response))


def decode_body(spec: RequestSpec[Any], response: Response) -> Any:
    """The decoded JSON of a 2xx response (``None`` when no model is expected); the typed
    error of any other status. Step one of :func:`parse_response`."""
    if not 200 <= response.status < 300:
        raise status_error(spec, response)
    return None if spec.response_type is None else decode_json(response.body)


def structure_body(spec: RequestSpec[T], response: Response, body: Any) -> T:
    """The model ``body`` (from :func:`decode_body`) holds. Step two of :func:`parse_response`."""
    if spec.response_type is None:
        return None  # type: ignore[return-value]
    try:
        return converter.structure(body, spec.response_type)  # type: ignore[no-any-return]
    except _DECODE_FAILURES as exc:
        raise _decode_error(spec, response, exc) from exc


def _decode_error(spec: RequestSpec[Any], response: Response, exc: Exception) -> Exception:
    model = getattr(spec.response_type, "__name__", str(spec.response_type))
    what = "an empty body" if not response.body else f"a body that is not a {model}"
    return errors.ResponseDecodeError(
        f"expected {model}, got {what} ({type(exc).__name__})",
        status=response.status,
        method=spec.method,
        path=spec.path,
    )


def status_error(spec: RequestSpec[Any], response: Response) -> errors.APIStatusError:
    """Build the typed error for a non-2xx response."""
    body = decode_json(response.body)
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


