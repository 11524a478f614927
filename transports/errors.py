"""The error root both API packages share, and the bases of the kinds every API has.

Each package keeps its own root (``SendblueError``, ``SinchError``) and its own classes, each
deriving from its package root and from the shared base of its kind here, so
``except SendblueError`` keeps working beside ``except transports.errors.APIStatusError``.
No exception here holds credentials or request bodies.
"""

from __future__ import annotations

from typing import Any


class SDKError(Exception):
    """Base of every error the SDK's API packages raise."""


class ConfigurationError(SDKError):
    """A client cannot be built as asked (for example, no credentials anywhere)."""


class ValidationError(SDKError, ValueError):
    """Bad input, caught before any request was sent. ``field`` names the argument."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class APIConnectionError(SDKError):
    """The request did not complete (its ``__cause__`` is the transport error)."""


class APITimeoutError(APIConnectionError):
    """The request timed out; for a POST the server may or may not have processed it."""


class OutcomeUnknownError(APITimeoutError):
    """A request that buys, creates or sends something may have reached the server, but no
    usable reply came back (a timeout, a lost connection). Whether it happened is unknown:
    the message names the operation and how to find out. Never retried blindly."""

    def __init__(self, operation: str, detail: str, check: str) -> None:
        self.operation = operation
        super().__init__(f"{operation}: {detail}; the outcome is unknown: {check}")


class ResponseTooLargeError(APIConnectionError):
    """The response body was larger than the client's ``max_response_bytes``; it was not
    read past that limit."""


class APIStatusError(SDKError):
    """The API answered with an error status. ``code`` is the provider's error code."""

    status: int
    code: Any
    message: str
    body: Any

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: Any = None,
        tag: str | None = None,
        body: Any = None,
        method: str = "",
        path: str = "",
    ) -> None:
        self.status, self.code, self.message, self.body = status, code, message, body
        self.method, self.path = method, path
        where = f" ({method} {path})" if method else ""
        shown = f" [{tag}]" if tag else ""
        super().__init__(f"{status}{shown}: {message}{where}")


class ResponseDecodeError(SDKError):
    """A 2xx response whose body did not match the expected model.

    ``body`` keeps what arrived (decoded JSON, or the raw bytes): a purchase or a rented
    number may be in it, and must not be lost. It is kept out of the message and the repr,
    since it may hold one-time credentials.
    """

    def __init__(
        self, message: str, *, status: int, body: Any = None, method: str = "", path: str = ""
    ) -> None:
        self.status, self.method, self.path, self.body = status, method, path, body
        super().__init__(f"{message} ({method} {path}, status {status})")
