"""A handler's ``lifespan`` runs for as long as the sandbox serves it, in a task the
sandbox owns: entered before the first request, left after the server stops."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import pytest

from transports import FaultPlan, RequestSpec, Response, ServerRequest, json_response
from transports.aiohttp import AiohttpTransport
from transports.testing.sandbox import RunningSandbox, serve


class Backend:
    """Records what happened in order; its lifespan holds a task group open."""

    def __init__(self, fail_on_enter: bool = False) -> None:
        self.events: list[str] = []
        self.fail_on_enter = fail_on_enter
        self.fail_while_serving = anyio.Event()

    async def __call__(self, request: ServerRequest) -> Response:
        self.events.append("request")
        return json_response(200, {})

    @asynccontextmanager
    async def lifespan(self) -> AsyncIterator[None]:
        if self.fail_on_enter:
            raise OSError("cannot start the background work")
        self.events.append("enter")
        async with anyio.create_task_group() as group:
            group.start_soon(self._background)
            yield
            group.cancel_scope.cancel()
        self.events.append("exit")

    async def _background(self) -> None:
        await self.fail_while_serving.wait()
        raise RuntimeError("the background work broke")


async def get(server: RunningSandbox) -> int:
    async with AiohttpTransport() as transport:
        spec = RequestSpec("GET", "/anything", base_url=server.base_url)
        return (await transport.send(spec)).status


async def test_the_lifespan_brackets_the_requests():
    backend = Backend()
    async with serve(backend) as server:
        assert backend.events == ["enter"]
        assert await get(server) == 200
    assert backend.events == ["enter", "request", "exit"]


async def test_a_handler_wrapped_in_faults_keeps_its_lifespan():
    backend = Backend()
    async with serve(backend, faults=FaultPlan(unavailable=1.0)) as server:
        assert await get(server) == 503
    assert backend.events == ["enter", "exit"]


async def test_a_wrapper_is_given_the_lifespan_of_what_it_wraps():
    backend = Backend()

    async def wrapper(request: ServerRequest) -> Response:
        return await backend(request)

    async with serve(wrapper, lifespan=backend.lifespan) as server:
        assert await get(server) == 200
    assert backend.events == ["enter", "request", "exit"]


async def test_a_lifespan_that_fails_to_start_fails_the_sandbox():
    with pytest.raises(OSError, match="cannot start"):
        async with serve(Backend(fail_on_enter=True)):
            raise AssertionError("not reached")


async def test_a_lifespan_that_breaks_while_serving_is_raised_when_the_sandbox_stops():
    backend = Backend()
    with pytest.raises(ExceptionGroup) as caught:
        async with serve(backend):
            backend.fail_while_serving.set()
            await anyio.sleep(0.01)
    assert caught.group_contains(RuntimeError, match="background work broke")


async def test_a_server_that_cannot_listen_leaves_the_lifespan_again():
    backend = Backend()
    async with serve(Backend()) as taken:
        with pytest.raises(OSError):
            async with serve(backend, port=taken.port):
                raise AssertionError("not reached")
    assert backend.events == ["enter", "exit"]


@pytest.fixture
async def served() -> AsyncIterator[tuple[Backend, RunningSandbox]]:
    """Entered and left in different tasks, as async fixtures are."""
    backend = Backend()
    async with serve(backend) as server:
        yield backend, server


async def test_a_sandbox_held_by_an_async_fixture_runs_its_lifespan(served):
    backend, server = served
    assert await get(server) == 200
    assert backend.events == ["enter", "request"]
