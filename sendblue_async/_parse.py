"""PURE response parsing: ``parse_response(spec, response)`` returns the model or raises the
typed error. Works on any body: empty, truncated, HTML from a proxy, or the wrong shape.

A response type may read itself from the head of a 2xx body without decoding the rest: a
classmethod ``from_head(body: bytes)`` returning the model, or ``None`` to decode as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from transports import RequestSpec, Response
from transports.decode import NOT_JSON, decode_json, describe_failure, retry_after_seconds

from . import errors
from ._convert import converter

T = TypeVar("T")
_DECODE_FAILURES = (KeyError, TypeError, ValueError, AttributeError, IndexError)
# Per response type, the converter's hook (its dispatch costs a tenth of a message's parse)
# and the type's ``from_head``, if it has one.
_HOOKS: dict[Any, tuple[Callable[[Any, Any], Any], Callable[[bytes], Any] | None]] = {}


def parse_response(spec: RequestSpec[T], response: Response) -> T:
    if not 200 <= response.status < 300:
        raise status_error(spec, response)
    model = spec.response_type
    if model is None:
        return None  # type: ignore[return-value]
    hook, from_head = _HOOKS.get(model) or _hooks_for(model)
    if from_head is not None and (read := from_head(response.body)) is not None:
        return read  # type: ignore[no-any-return]
    body = decode_json(response.body)
    if isinstance(body, dict) and body.get("status") == "ERROR":
        raise status_error(spec, response, body)
    try:
        return hook(body, model)  # type: ignore[no-any-return]
    except _DECODE_FAILURES as exc:
        raise _decode_error(spec, response, exc, body) from exc


def _hooks_for(model: Any) -> tuple[Callable[[Any, Any], Any], Callable[[bytes], Any] | None]:
    _HOOKS[model] = (converter.get_structure_hook(model), getattr(model, "from_head", None))
    return _HOOKS[model]


def _decode_error(
    spec: RequestSpec[Any], response: Response, exc: Exception, body: Any
) -> Exception:
    model = getattr(spec.response_type, "__name__", str(spec.response_type))
    what = "an empty body" if not response.body else f"a body that is not a {model}"
    # The cause names the failure kind only: its text could quote a secret from the body.
    return errors.ResponseDecodeError(
        f"expected {model}, got {what} ({type(exc).__name__})",
        status=response.status,
        body=response.body if body is NOT_JSON else body,
        method=spec.method,
        path=spec.path,
    )


def status_error(
    spec: RequestSpec[Any], response: Response, body: Any = None
) -> errors.APIStatusError:
    """Build the typed error for a non-2xx response (or a 2xx with ``status: ERROR``)."""
    if body is None:
        body = decode_json(response.body)
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


