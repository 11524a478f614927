"""The narrowest race of the completion guarantee, made exact: the call ends (its outcome is
in the caller's future) and the caller is cancelled before it resumes. The outcome is kept."""

import asyncio
import logging

import pytest

from transports import Creation, FakeClock
from transports.completion import Completions

CREATION = Creation("things.buy", "list the things")


async def ended_as_its_caller_was_cancelled(completions: Completions, call) -> None:
    caller = asyncio.ensure_future(completions.run(CREATION, call, 1.0))
    await asyncio.sleep(0)  # the caller starts the call's task and waits on its future
    await asyncio.sleep(0)  # the task runs the call to its end: the future is done
    caller.cancel()  # before the caller resumes
    with pytest.raises(asyncio.CancelledError):
        await caller


async def test_a_result_that_came_as_its_caller_was_cancelled_is_unclaimed():
    async def bought() -> str:
        return "bought"

    completions = Completions(FakeClock(), logging.getLogger("test"), None)
    await ended_as_its_caller_was_cancelled(completions, bought())
    assert [(e.operation, e.result) for e in completions.unclaimed] == [("things.buy", "bought")]


async def test_a_failure_that_came_as_its_caller_was_cancelled_is_logged(caplog):
    async def refused() -> str:
        raise ValueError("refused")

    completions = Completions(FakeClock(), logging.getLogger("test"), None)
    with caplog.at_level(logging.WARNING, logger="test"):
        await ended_as_its_caller_was_cancelled(completions, refused())
    assert completions.unclaimed == []
    failed = "things.buy failed after its caller stopped waiting: ValueError('refused')"
    assert failed in caplog.text
