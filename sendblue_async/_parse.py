"""PURE response parsing: ``parse_response(spec, response)`` returns the model or raises the
typed error. The shared :class:`~transports.parse.Parser` with Sendblue's error reading:
an error body's ``error``/``error_code`` and ``message``, and ``"status": "ERROR"`` inside a
2xx body."""

from __future__ import annotations

from typing import Any

from transports import RequestSpec, Response
from transports.decode import NOT_JSON, describe_failure, retry_after_seconds
from transports.parse import Parser

from . import errors
from ._convert import converter

__all__ = ["PARSER", "parse_response", "retry_after_seconds", "status_error"]


def status_error(spec: RequestSpec[Any], response: Response, body: Any) -> errors.APIStatusError:
    """The typed error for a non-2xx response (or a 2xx with ``status: ERROR``), from its
    decoded ``body``."""
    code, message = _code_and_message(body)
    if message is None:
        message = describe_failure(response, body)
    cls = errors.error_class(response.status, code)
    if cls is errors.ProvisioningFailedError:
        message = f"{message}: {errors.ProvisioningFailedError.CARD_WARNING}"
    error = cls(
        message,
        status=response.status,
        code=code,
        body=None if body is NOT_JSON else body,
        method=spec.method,
        path=spec.path,
    )
    if isinstance(error, errors.RateLimitError):
        error.retry_after = retry_after_seconds(response.header("retry-after"))
    if isinstance(error, errors.ProvisioningLimitError):
        error.window = (code or "").removesuffix("_limit_reached")
    return error


def _code_and_message(body: Any) -> tuple[str | None, str | None]:
    if not isinstance(body, dict):
        return None, None
    code = body.get("error", body.get("error_code", body.get("error_key")))
    message = body.get("message", body.get("error_message"))
    code_text = str(code) if isinstance(code, str | int) and not isinstance(code, bool) else None
    return code_text, message if isinstance(message, str) and message else None


PARSER = Parser(
    converter, status_error, errors.ResponseDecodeError, error_marker=("status", "ERROR")
)
parse_response = PARSER.parse
