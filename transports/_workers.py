"""Jobs run on a task group by workers that wait, when idle, for the next job.

A receiver runs one short handler per delivery. Starting an anyio task for each costs about
as much as checking and parsing the delivery; handing the job to an idle worker costs a
fraction of that. Each job still runs concurrently with the others: a job is queued only
together with a worker woken or started for it, so it never waits behind a slow one.

No job is lost when the group is cancelled: anyio cancels a task only at a checkpoint, and
a worker (new or woken) takes a job from the queue before its first one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import anyio
from anyio.abc import TaskGroup

J = TypeVar("J")


class Workers(Generic[J]):
    """Workers on ``group`` that call ``run(job)`` for each submitted job."""

    def __init__(self, group: TaskGroup, run: Callable[[J], Awaitable[None]]) -> None:
        self._group, self._run = group, run
        self._queue: deque[J] = deque()
        self._sleeping: list[anyio.Event] = []
        self._closed = False

    def submit(self, job: J) -> None:
        """Run ``job`` soon, on an idle worker or a new one."""
        self._queue.append(job)
        if self._sleeping:
            self._sleeping.pop().set()
        else:
            self._group.start_soon(self._work)

    def close(self) -> None:
        """Let the workers end once the queued jobs are done."""
        self._closed = True
        for wake in self._sleeping:
            wake.set()
        self._sleeping.clear()

    async def _work(self) -> None:
        while True:
            while self._queue:
                await self._run(self._queue.popleft())
            if self._closed:
                return
            wake = anyio.Event()
            self._sleeping.append(wake)
            await wake.wait()
