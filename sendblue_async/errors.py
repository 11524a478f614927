"""The whole exception tree of the Sendblue client.

No exception here ever holds credentials: status errors keep the method, the path, the
provider's code and message and the decoded error body, never request headers or bodies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from transports import errors as base

if TYPE_CHECKING:
    from .bulk import ImportReport


class SendblueError(base.SDKError):
    """Base of every error this package raises."""


class ConfigurationError(SendblueError, base.ConfigurationError):
    """The client cannot be built as asked (for example, no credentials anywhere)."""


class APIConnectionError(SendblueError, base.APIConnectionError):
    """The request did not complete (its ``__cause__`` is the transport error)."""


class APITimeoutError(APIConnectionError, base.APITimeoutError):
    """The request timed out; for a POST the server may or may not have processed it."""


class OutcomeUnknownError(APITimeoutError, base.OutcomeUnknownError):
    """A purchase, creation or send may have happened but no reply came: check before
    trying again (the message says how)."""


class ResponseTooLargeError(APIConnectionError, base.ResponseTooLargeError):
    """The response body was larger than the client's ``max_response_bytes``."""


class APIStatusError(SendblueError, base.APIStatusError):
    """The API answered with a non-2xx status (or an error inside a 2xx body).
    ``code`` is the provider's error code (``daily_limit_reached``...)."""

    code: str | None

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: str | None = None,
        body: Any = None,
        method: str = "",
        path: str = "",
    ) -> None:
        super().__init__(
            message, status=status, code=code, tag=code, body=body, method=method, path=path
        )


class BadRequestError(APIStatusError):
    """400 / 422: the request was malformed or missing a field."""


class AuthenticationError(APIStatusError):
    """401: the API key or secret is wrong."""


class PaymentRequiredError(APIStatusError):
    """402: ``no_card_on_file``, no card is available for the account."""


class PermissionDeniedError(APIStatusError):
    """403: wrong plan, no agency permission, or a resource of another account."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409: for example a child account with this name already exists."""


class GoneError(APIStatusError):
    """410: for example ``token_expired``, the preview token is expired or used."""


class RateLimitError(APIStatusError):
    """429. ``retry_after`` is in seconds when the server said so."""

    retry_after: float | None = None


class ProvisioningLimitError(RateLimitError):
    """429 ``daily_limit_reached`` / ``monthly_limit_reached``; ``window`` is daily or monthly."""

    window: str = ""


class ServerError(APIStatusError):
    """5xx."""


class NoLinesAvailableError(ServerError):
    """503 ``no_lines_available``: no line can be provisioned right now."""


class ProvisioningFailedError(ServerError):
    """500 ``provisioning_failed``: the subscription was created, so the card may have been
    charged, but the line was not provisioned. Never retried; contact Sendblue support."""

    CARD_WARNING: ClassVar[str] = (
        "the subscription was created and the card on file may have been charged, but no line "
        "was provisioned; do not retry blindly, contact Sendblue support"
    )


class ResponseDecodeError(SendblueError, base.ResponseDecodeError):
    """A 2xx response whose body did not match the expected model; ``body`` keeps what
    arrived (a purchase or a child account's one-time credentials must not be lost)."""


class ValidationError(SendblueError, base.ValidationError):
    """Bad input, caught before any request was sent. ``field`` names the argument."""


class ContactPaginationLimit(SendblueError):
    """``contacts.iter`` reached the API's offset cap (10000) with contacts left. Page on
    with ``created_at_gte`` and ``order_by="created_at", order_direction="asc"`` instead."""


class WebhookPayloadError(SendblueError, ValueError):
    """A webhook body that is not a usable payload: not JSON, not an object, a known field of
    the wrong type, or no ``message_handle``. The body is never quoted in the message."""


class PreviewTokenError(SendblueError):
    """The preview token cannot be sent; call ``lines.preview()`` again."""


class PreviewTokenExpired(PreviewTokenError):
    """The token is past its expiry (or too close to it for a request to land in time)."""


class PreviewTokenUsed(PreviewTokenError):
    """The token was already given to ``confirm`` once; tokens are single-use."""


class LineRequestTimeout(SendblueError):
    """``wait_for_line_request`` gave up before the ticket left the OPEN state."""

    def __init__(self, ticket_id: int, waited: float) -> None:
        self.ticket_id, self.waited = ticket_id, waited
        super().__init__(f"line request {ticket_id} still open after {waited:g} s")


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    422: BadRequestError,
    429: RateLimitError,
}

CODE_ERRORS: dict[str, type[APIStatusError]] = {
    "daily_limit_reached": ProvisioningLimitError,
    "monthly_limit_reached": ProvisioningLimitError,
    "no_lines_available": NoLinesAvailableError,
    "provisioning_failed": ProvisioningFailedError,
    "no_card_on_file": PaymentRequiredError,
    "token_expired": GoneError,
}


def error_class(status: int, code: str | None) -> type[APIStatusError]:
    """The most specific class for a status and provider code."""
    if code is not None and code in CODE_ERRORS:
        return CODE_ERRORS[code]
    if status in STATUS_ERRORS:
        return STATUS_ERRORS[status]
    return ServerError if status >= 500 else APIStatusError


class WebhookPayloadTooLargeError(WebhookPayloadError):
    """A webhook body over the size limit (``limit`` bytes); it was not decoded. Answer such
    a request with 413."""

    def __init__(self, message: str, *, limit: int) -> None:
        self.limit = limit
        super().__init__(message)


class BulkImportError(SendblueError):
    """A bulk import stopped before the end of its input. ``report`` (set by
    ``import_contacts``) holds what the import did so far: every row imported before the
    stop is counted there, and a journal keeps them for a re-run."""

    def __init__(self, message: str, *, report: ImportReport | None = None) -> None:
        super().__init__(message)
        self.report = report


class JournalError(BulkImportError):
    """The import journal at ``path`` cannot be used: it is not an import journal (another
    file, a database of another schema, a damaged one) or cannot be written (disk full)."""

    def __init__(
        self, message: str, *, path: str, report: ImportReport | None = None
    ) -> None:
        super().__init__(message, report=report)
        self.path = path


class ImportInputError(BulkImportError, ValueError):
    """An input row cannot be read (invalid UTF-8, broken CSV); nothing after it was read.
    ``source`` names the file (``None``: not known), ``row`` is the 1-based input row as in
    the report (``None``: the header line, or a file that cannot be opened), ``line`` the
    line of the file (when known)."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        row: int | None = None,
        line: int | None = None,
        report: ImportReport | None = None,
    ) -> None:
        super().__init__(message, report=report)
        self.source, self.row, self.line = source, row, line


class PageLoopError(ResponseDecodeError):
    """A listing that makes no progress: a page with nothing new (empty, or only what the
    page before held) although the server says there is more. The items before it were
    handed over. With newest-first history, a burst of at least a page of new messages
    between two requests looks the same: page by ``created_at`` in ascending order instead.
    """


class PageLimitError(SendblueError):
    """A listing read its ``max_pages`` pages and the server has more (or, for contacts, may
    have: the last page was full). The items read were handed over; ``max_pages`` is the cap
    that was reached."""

    def __init__(self, max_pages: int) -> None:
        self.max_pages = max_pages
        super().__init__(f"stopped after max_pages={max_pages} pages with more to read")
