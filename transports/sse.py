"""A Server-Sent Events decoder: bytes in, events out. Pure: no I/O, no clock.

It follows the event stream format of the HTML standard: lines end with CR, LF or CRLF
(a CRLF cut between two chunks included); a line starting with ``:`` is a comment; a field
is split from its value at the first colon, and one space after the colon is dropped;
``data`` lines are joined with LF; ``id`` persists from event to event (the last event id),
except that an id containing NUL is ignored; ``retry`` takes digits only; a blank line
dispatches the event. A leading byte order mark is skipped.

Events whose data is empty are not dispatched: on the wire they are heartbeats, and there is
nothing in them to decode.
"""

from __future__ import annotations

import re

import attrs

_LINE_END = re.compile(rb"\r\n|\r|\n")
_BOM = b"\xef\xbb\xbf"
DEFAULT_MAX_LINE_BYTES = 1024 * 1024


@attrs.frozen
class ServerSentEvent:
    """One dispatched event. ``event`` is ``"message"`` unless named; ``id`` is the last event
    id when it was dispatched (``None`` if none was ever set); ``retry`` the last valid
    reconnection time in milliseconds."""

    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None


class SSEDecodeError(ValueError):
    """The stream broke the decoder's limits (a line longer than ``max_line_bytes``)."""


class SSEDecoder:
    """Feed it the body's chunks as they come; each :meth:`feed` returns the events completed."""

    def __init__(self, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> None:
        self.last_event_id: str | None = None
        self.retry: int | None = None
        self._max_line = max_line_bytes
        self._pending = b""
        self._started = False
        self._after_cr = False
        self._event = ""
        self._data: list[str] = []

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        if not chunk:
            return []
        trimmed = self._trim(chunk)  # first: it may take the byte order mark out of _pending
        *lines, self._pending = _LINE_END.split(self._pending + trimmed)
        if len(self._pending) > self._max_line:
            raise SSEDecodeError(f"an event stream line is over {self._max_line} bytes")
        self._after_cr = chunk.endswith(b"\r")
        events = []
        for line in lines:
            event = self._line(line.decode("utf-8", "replace"))
            if event is not None:
                events.append(event)
        return events

    def _trim(self, chunk: bytes) -> bytes:
        """Drop the LF of a CRLF cut by the chunk boundary, and a leading byte order mark."""
        if self._after_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]
        if not self._started:
            stream_head = self._pending + chunk
            if len(stream_head) < len(_BOM) and _BOM.startswith(stream_head):
                return chunk  # too little to tell yet
            self._started = True
            if stream_head.startswith(_BOM):
                self._pending, chunk = b"", stream_head[len(_BOM):]
        return chunk

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        field, _, value = line.partition(":")
        if not field:
            return None  # a comment
        value = value.removeprefix(" ")
        if field == "data":
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id" and "\0" not in value:
            self.last_event_id = value
        elif field == "retry" and value.isascii() and value.isdigit():
            self.retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event = "\n".join(self._data), self._event or "message"
        self._data, self._event = [], ""
        if not data:
            return None
        return ServerSentEvent(data, event, self.last_event_id, self.retry)
