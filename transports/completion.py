"""Calls that buy, create or send something run to completion, whatever happens to their caller.

The caller awaits such a call inside an anyio shield, so an anyio cancellation (a cancel
scope, ``fail_after``) waits for the result and takes effect once it is returned. Under
asyncio a caller can also be cancelled in ways no shield sees (``task.cancel()``,
``asyncio.timeout``, ``wait_for``), so the call runs in a task the client owns, awaited
through :func:`asyncio.shield`: a caller cancelled that way leaves it running. The client
keeps its tasks and waits for them in ``aclose``. A result whose caller is gone is kept in
:attr:`Completions.unclaimed` and handed to the ``on_unclaimed`` callback. Under trio, where
every cancellation is a cancel scope, the shield alone is enough.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, TypeVar

import anyio
import attrs

from ._spec import Creation
from .clock import Clock

T = TypeVar("T")


def _kind_only(result: object) -> str:
    return f"<{type(result).__name__}>"  # a result may hold one-time credentials


@attrs.frozen
class Unclaimed:
    """A result its caller did not wait for: the operation, the result, when it came (POSIX
    seconds) and its non-secret identifiers. The repr shows the result's type only."""

    operation: str
    result: Any = attrs.field(repr=_kind_only)
    at: float
    identifiers: Mapping[str, str] = attrs.field(factory=dict)


OnUnclaimed = Callable[[Unclaimed], object]


class Completions:
    """The client's creating calls in flight, and the results nobody claimed (newest last)."""

    def __init__(self, clock: Clock, log: logging.Logger, on_unclaimed: OnUnclaimed | None):
        self.unclaimed: list[Unclaimed] = []
        self._clock = clock
        self._log = log
        self._on_unclaimed = on_unclaimed
        self._tasks: dict[asyncio.Task[Any], float] = {}

    async def run(self, creation: Creation, call: Coroutine[Any, Any, T], limit: float) -> T:
        """The result of ``call``, which runs to its end even if the caller is cancelled;
        ``limit`` is how long it can take at most (``aclose`` waits that long for it).

        An anyio cancellation waits for the result and takes effect after it is returned.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        with anyio.CancelScope(shield=True):
            # Not asyncio: every cancellation is a scope, and the shield holds.
            result = await (call if loop is None else self._in_task(loop, creation, call, limit))
        return result

    async def _in_task(
        self, loop: asyncio.AbstractEventLoop, creation: Creation,
        call: Coroutine[Any, Any, T], limit: float,
    ) -> T:
        task = loop.create_task(call)
        self._tasks[task] = limit
        task.add_done_callback(self._tasks.pop)
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:  # a plain asyncio cancellation: the caller is gone
            if task.done():
                self._settle(creation, task)
            else:
                task.add_done_callback(lambda done: self._settle(creation, done))
            raise

    async def wait(self) -> None:
        """Wait for the calls in flight to finish, at most as long as the longest may take."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=max(self._tasks.values()))

    def _settle(self, creation: Creation, task: asyncio.Task[Any]) -> None:
        operation = creation.operation
        if task.cancelled():
            self._log.warning("%s was cancelled after its caller stopped waiting", operation)
            return
        error = task.exception()
        if error is not None:
            self._log.warning("%s failed after its caller stopped waiting: %s", operation, error)
            return
        result = task.result()
        entry = Unclaimed(operation, result, self._clock.now(), creation.identifiers(result))
        self.unclaimed.append(entry)
        shown = ", ".join(f"{k}={v}" for k, v in entry.identifiers.items())
        self._log.warning(
            "%s finished after its caller stopped waiting; its result is in unclaimed (%s)",
            operation, shown,
        )
        if self._on_unclaimed is not None:
            try:
                self._on_unclaimed(entry)
            except Exception:
                self._log.exception("on_unclaimed raised for %s", operation)
