"""A handler's lifespan, held open by a task of its own while the sandbox serves."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

Lifespan = Callable[[], AbstractAsyncContextManager[object]]


class LifespanTask:
    """Holds a handler's lifespan open in a task of its own, from :meth:`start` to
    :meth:`stop`: the sandbox may be entered and left by different tasks (an async fixture),
    which a task group inside the lifespan would not allow."""

    def __init__(self, lifespan: Lifespan | None) -> None:
        self._lifespan = lifespan
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    async def start(self) -> None:
        if self._lifespan is None:
            return
        self._stop = asyncio.Event()
        started: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        task = self._task = asyncio.create_task(self._hold(self._lifespan, started))
        try:
            await asyncio.shield(started)
        except BaseException:  # it failed to start, or this task was cancelled meanwhile
            self._task = None
            task.cancel()
            await asyncio.wait({task})
            raise

    async def _hold(self, lifespan: Lifespan, started: asyncio.Future[None]) -> None:
        try:
            async with lifespan():
                started.set_result(None)
                await self._stop.wait()
        except Exception as exc:
            if started.done():
                raise  # it failed while serving: stop() raises it
            started.set_exception(exc)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            self._stop.set()
            await task
