"""PURE response parsing shared by the API packages: a 2xx body becomes the spec's model, any
other status the package's typed error. Works on any body: empty, truncated, HTML from a
proxy, or the wrong shape.

Parsing is two steps, :meth:`Parser.decode` (status check, JSON) and
:meth:`Parser.structure` (JSON to model), so a pager can read the next page's token from the
decoded JSON before it spends time building models.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from cattrs import Converter

from ._base import Response
from ._spec import RequestSpec
from .decode import NOT_JSON, decode_json
from .errors import APIStatusError, ResponseDecodeError

T = TypeVar("T")
StatusError = Callable[[RequestSpec[Any], Response, Any], APIStatusError]
Hook = Callable[[Any, Any], Any]
_DECODE_FAILURES = (KeyError, TypeError, ValueError, AttributeError, IndexError)


class ReadFromHead:
    """A reply type that can be read from the head of a 2xx body, without decoding the rest.

    Subclasses implement :meth:`from_head`; the parser asks it first and decodes the whole
    body only when it returns ``None``.
    """

    @classmethod
    def from_head(cls, body: bytes) -> Any:
        """The reply read from the opening of ``body``, or ``None`` to decode it in full."""
        raise NotImplementedError


class Parser:
    """One package's parser: its converter, its status-error builder, its decode error.

    ``error_marker`` is a ``(key, value)`` pair that marks an error inside a 2xx JSON object
    (Sendblue answers some failures with 200 and ``"status": "ERROR"``).
    """

    def __init__(
        self,
        converter: Converter,
        status_error: StatusError,
        decode_error: type[ResponseDecodeError],
        *,
        error_marker: tuple[str, Any] | None = None,
    ) -> None:
        self._converter = converter
        self._status_error = status_error
        self._decode_error = decode_error
        self._marker = error_marker
        # Per response type, the converter's hook (its dispatch costs a tenth of a message's
        # parse) and the type's head reader, if it has one.
        self._hooks: dict[Any, tuple[Hook, Callable[[bytes], Any] | None]] = {}

    def parse(self, spec: RequestSpec[T], response: Response) -> T:
        """The model a response holds, or the typed error it means."""
        if not 200 <= response.status < 300:
            raise self._status_error(spec, response, decode_json(response.body))
        model = spec.response_type
        if model is None:
            return None  # type: ignore[return-value]
        hook, from_head = self._hooks.get(model) or self._hooks_for(model)
        if from_head is not None and (read := from_head(response.body)) is not None:
            return read  # type: ignore[no-any-return]
        body = decode_json(response.body)
        self._check_marker(spec, response, body)
        try:
            return hook(body, model)  # type: ignore[no-any-return]
        except _DECODE_FAILURES as exc:
            raise self._decode_failure(spec, response, exc, body) from exc

    def decode(self, spec: RequestSpec[Any], response: Response) -> Any:
        """Step one: the decoded JSON of a 2xx response (``None`` when no model is expected),
        or the typed error of any other status."""
        if not 200 <= response.status < 300:
            raise self._status_error(spec, response, decode_json(response.body))
        if spec.response_type is None:
            return None
        body = decode_json(response.body)
        self._check_marker(spec, response, body)
        return body

    def structure(self, spec: RequestSpec[T], response: Response, body: Any) -> T:
        """Step two: the model ``body`` (from :meth:`decode`) holds."""
        model = spec.response_type
        if model is None:
            return None  # type: ignore[return-value]
        hook = (self._hooks.get(model) or self._hooks_for(model))[0]
        try:
            return hook(body, model)  # type: ignore[no-any-return]
        except _DECODE_FAILURES as exc:
            raise self._decode_failure(spec, response, exc, body) from exc

    def _check_marker(self, spec: RequestSpec[Any], response: Response, body: Any) -> None:
        marker = self._marker
        if marker is not None and isinstance(body, dict) and body.get(marker[0]) == marker[1]:
            raise self._status_error(spec, response, body)

    def _hooks_for(self, model: Any) -> tuple[Hook, Callable[[bytes], Any] | None]:
        reads_head = isinstance(model, type) and issubclass(model, ReadFromHead)
        entry = (self._converter.get_structure_hook(model), model.from_head if reads_head else None)
        self._hooks[model] = entry
        return entry

    def _decode_failure(
        self, spec: RequestSpec[Any], response: Response, exc: Exception, body: Any
    ) -> ResponseDecodeError:
        model = getattr(spec.response_type, "__name__", str(spec.response_type))
        what = "an empty body" if not response.body else f"a body that is not a {model}"
        # The message names the failure kind only: its text could quote a secret from the body.
        return self._decode_error(
            f"expected {model}, got {what} ({type(exc).__name__})",
            status=response.status,
            body=response.body if body is NOT_JSON else body,
            method=spec.method,
            path=spec.path,
        )
