"""The whole exception tree of the Sinch Numbers client.

No exception here holds credentials: status errors keep the method, the path, the wrapped
``{"error": {code, message, status, details}}`` fields, never request headers or bodies.
"""

from __future__ import annotations

from typing import Any

import attrs

from transports import errors as base


@attrs.frozen
class FieldViolation:
    """One ``{field, description}`` entry of a 400 ``BadRequest`` detail."""

    field: str
    description: str


class SinchError(base.SDKError):
    """Base of every error this package raises."""


class ConfigurationError(SinchError, base.ConfigurationError):
    """The client cannot be built as asked (for example, no credentials anywhere)."""


class APIConnectionError(SinchError, base.APIConnectionError):
    """The request did not complete (its ``__cause__`` is the transport error)."""


class APITimeoutError(APIConnectionError, base.APITimeoutError):
    """The request timed out; for a POST the server may or may not have processed it."""


class OutcomeUnknownError(APITimeoutError, base.OutcomeUnknownError):
    """A purchase, creation or send may have happened but no reply came: check before
    trying again (the message says how)."""


class ResponseTooLargeError(APIConnectionError, base.ResponseTooLargeError):
    """The response body was larger than the client's ``max_response_bytes``."""


class APIStatusError(SinchError, base.APIStatusError):
    """The API answered with a non-2xx status.

    ``code`` is the numeric ``error.code``, ``error_status`` the string ``error.status``
    (``INVALID_ARGUMENT``, ``NOT_FOUND``...) and ``details`` the ``error.details`` list, kept
    as decoded JSON.
    """

    code: int | None

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: int | None = None,
        error_status: str | None = None,
        details: tuple[Any, ...] = (),
        body: Any = None,
        method: str = "",
        path: str = "",
    ) -> None:
        self.error_status, self.details = error_status, details
        super().__init__(
            message, status=status, code=code, tag=error_status, body=body, method=method,
            path=path,
        )

    @property
    def field_violations(self) -> tuple[FieldViolation, ...]:
        """Every ``fieldViolations`` entry of every ``BadRequest`` detail."""
        found: list[FieldViolation] = []
        for detail in self.details:
            violations = detail.get("fieldViolations") if isinstance(detail, dict) else None
            for item in violations if isinstance(violations, list) else ():
                if isinstance(item, dict):
                    field, text = item.get("field", ""), item.get("description", "")
                    found.append(FieldViolation(str(field), str(text)))
        return tuple(found)


class BadRequestError(APIStatusError):
    """400 ``INVALID_ARGUMENT``: see ``field_violations``."""


class AuthenticationError(APIStatusError):
    """401: wrong key or secret, or a token the server no longer accepts."""


class PermissionDeniedError(APIStatusError):
    """403 ``PERMISSION_DENIED``: for example another project's resource."""


class NotFoundError(APIStatusError):
    """404 ``NOT_FOUND``; ``resource_type`` / ``resource_name`` come from the details."""

    @property
    def resource_type(self) -> str | None:
        return self._detail("resourceType")

    @property
    def resource_name(self) -> str | None:
        return self._detail("resourceName")

    def _detail(self, key: str) -> str | None:
        for detail in self.details:
            if isinstance(detail, dict) and isinstance(detail.get(key), str):
                return str(detail[key])
        return None


class ContentTooLargeError(APIStatusError):
    """413 ``CONTENT_TOO_LARGE``."""


class RateLimitError(APIStatusError):
    """429. ``retry_after`` is in seconds when the server said so."""

    retry_after: float | None = None


class ServerError(APIStatusError):
    """5xx (``INTERNAL`` / ``UNKNOWN``)."""


class ResponseDecodeError(SinchError, base.ResponseDecodeError):
    """A 2xx response whose body did not match the expected model; ``body`` keeps what
    arrived (a rented number whose reply cannot be parsed must not be lost)."""


class ValidationError(SinchError, base.ValidationError):
    """Bad input, caught before any request was sent. ``field`` names the argument."""


class SignatureError(SinchError):
    """A callback's ``X-Sinch-Signature`` is missing or does not match the body."""


class EventDecodeError(SinchError):
    """A callback body is not a JSON event object."""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    413: ContentTooLargeError,
    429: RateLimitError,
}

# Used when the HTTP status itself says nothing more specific (a proxy's 200-range oddity,
# an unlisted 4xx): the wrapped ``error.status`` string still names the failure.
ERROR_STATUS_ERRORS: dict[str, type[APIStatusError]] = {
    "INVALID_ARGUMENT": BadRequestError,
    "UNAUTHENTICATED": AuthenticationError,
    "PERMISSION_DENIED": PermissionDeniedError,
    "NOT_FOUND": NotFoundError,
    "CONTENT_TOO_LARGE": ContentTooLargeError,
    "RESOURCE_EXHAUSTED": RateLimitError,
}


def error_class(status: int, error_status: str | None) -> type[APIStatusError]:
    """The most specific class for an HTTP status and the wrapped ``error.status``."""
    if status in STATUS_ERRORS:
        return STATUS_ERRORS[status]
    if status >= 500:
        return ServerError
    return ERROR_STATUS_ERRORS.get(error_status or "", APIStatusError)


class EventTooLargeError(EventDecodeError):
    """A callback body over the size limit (``limit`` bytes); it was neither verified nor
    decoded. Answer such a request with 413."""

    def __init__(self, message: str, *, limit: int) -> None:
        self.limit = limit
        super().__init__(message)


class PageLoopError(ResponseDecodeError):
    """A listing that goes round in circles: the server gave a page token it had already
    given. The numbers before it were handed over; what follows cannot be read this way."""


class PageLimitError(SinchError):
    """A listing read its ``max_pages`` pages and the server has more. The numbers read were
    handed over; ``max_pages`` is the cap that was reached."""

    def __init__(self, max_pages: int) -> None:
        self.max_pages = max_pages
        super().__init__(f"stopped after max_pages={max_pages} pages; the server has more")
