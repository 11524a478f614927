"""A live progress line without third-party packages: redrawn in place with a carriage
return on a terminal, a plain line every few seconds otherwise (logs, CI, pipes)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, TextIO

BAR_WIDTH = 24


class RowProgress(Protocol):
    """A snapshot of a long run over rows (a bulk import's progress, for one)."""

    @property
    def done(self) -> int: ...
    @property
    def rejected(self) -> int: ...
    @property
    def failed(self) -> int: ...
    @property
    def rows_per_second(self) -> float: ...


class ProgressLine:
    """Call it with each :class:`RowProgress`; call :meth:`finish` once at the end."""

    def __init__(
        self,
        total: int,
        stream: TextIO,
        *,
        tty: bool | None = None,
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total, self.stream, self._clock = total, stream, clock
        self.tty = stream.isatty() if tty is None else tty
        self.interval = interval if interval is not None else (0.1 if self.tty else 5.0)
        self._last_draw: float | None = None
        self._width = 0
        self._latest: RowProgress | None = None
        self._drawn_done = -1

    def __call__(self, progress: RowProgress) -> None:
        self._latest = progress
        now = self._clock()
        if self._last_draw is None or now - self._last_draw >= self.interval:
            self._last_draw = now
            self._draw(progress)

    def finish(self) -> None:
        """Draw the last snapshot if it was throttled, and end the line on a terminal."""
        latest = self._latest
        if latest is not None and latest.done != self._drawn_done:
            self._draw(latest)
        if self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, progress: RowProgress) -> None:
        self._drawn_done = progress.done
        text = render(progress, self.total)
        if self.tty:
            # Spaces cover what a longer previous line left behind.
            self.stream.write("\r" + text.ljust(self._width))
            self._width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


def render(progress: RowProgress, total: int) -> str:
    """``[#####.....]  450/1000  45%  1200 rows/s  rejected 3  failed 0  eta 0:00:01``."""
    fraction = min(1.0, progress.done / total) if total else 1.0
    filled = round(fraction * BAR_WIDTH)
    bar = "#" * filled + "." * (BAR_WIDTH - filled)
    rate = progress.rows_per_second
    left = (total - progress.done) / rate if rate > 0 else None
    return (
        f"[{bar}] {progress.done}/{total} {fraction:4.0%}  {rate:,.0f} rows/s  "
        f"rejected {progress.rejected}  failed {progress.failed}  eta {_duration(left)}"
    )


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    whole = max(0, round(seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
