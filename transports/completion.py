"""Calls that buy, create or send something run to completion, whatever happens to their caller.

Under asyncio a caller can be cancelled in ways no anyio shield sees (``task.cancel()``,
``asyncio.timeout``, ``wait_for``; an anyio cancel scope uses ``task.cancel()`` too), so the
call runs in a task the client owns while its caller waits on a future of its own: a
cancelled caller leaves the call running. The client keeps its tasks and waits for them in
``aclose``. A result whose caller is gone is kept in :attr:`Completions.unclaimed` and handed
to the ``on_unclaimed`` callback. Under trio, where every cancellation is a cancel scope, an
anyio shield holds: the call completes and its caller gets the result, then the
cancellation takes effect at the caller's next checkpoint.
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
        ``limit`` is how long it can take at most (``aclose`` waits that long for it)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not asyncio: every cancellation is a scope, and a shield holds
            with anyio.CancelScope(shield=True):
                result = await call
            return result
        # The caller waits on a future of its own: a cancellation cancels that, not the call.
        waiter: asyncio.Future[T] = loop.create_future()
        task = loop.create_task(self._complete(creation, call, waiter))
        self._tasks[task] = limit
        try:
            return await waiter
        except asyncio.CancelledError:
            if not waiter.cancelled():  # the call ended just as its caller was cancelled
                self._keep(creation, waiter)
            raise

    async def _complete(
        self, creation: Creation, call: Coroutine[Any, Any, T], waiter: asyncio.Future[T]
    ) -> None:
        """The call, in the client's task; its outcome goes straight to the waiting caller
        (no done-callback hop), or to :meth:`_keep` when the caller is gone."""
        try:
            result = await call
        except BaseException as exc:
            if not waiter.cancelled():
                waiter.set_exception(exc)
            else:
                self._keep(creation, exc)
        else:
            if not waiter.cancelled():
                waiter.set_result(result)
            else:
                self._keep(creation, result)
        finally:
            del self._tasks[asyncio.current_task()]  # type: ignore[arg-type]

    async def wait(self) -> None:
        """Wait for the calls in flight to finish, at most as long as the longest may take."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=max(self._tasks.values()))

    def _keep(self, creation: Creation, outcome: Any) -> None:
        """Keep the outcome of a call whose caller is gone: a result (or a done waiter
        holding one) goes to :attr:`unclaimed`; a failure is logged."""
        if isinstance(outcome, asyncio.Future):
            outcome = outcome.exception() or outcome.result()
        operation = creation.operation
        if isinstance(outcome, BaseException):
            self._log.warning("%s failed after its caller stopped waiting: %r", operation,
                              outcome)
            return
        entry = Unclaimed(operation, outcome, self._clock.now(), creation.identifiers(outcome))
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
