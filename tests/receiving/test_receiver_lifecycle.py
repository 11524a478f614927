"""The receiver's task group: capacity (503, nothing claimed), failing handlers (logged, key
released), a failing store, shutdown (waits, or cancels after a timeout), ASGI lifespan and
the aiohttp app's start-up and clean-up on a real server on 127.0.0.1."""

from __future__ import annotations

import logging

import aiohttp
import anyio
import pytest
from aiohttp import web

from transports.dedup import MemoryDedup
from transports.receiver import Receiver

from .serving import Gate, asgi_post, lifespan, served
from .test_receiver_core import SIGNED, event, key, make, parse, settle


async def test_when_every_slot_is_busy_the_answer_is_503_and_nothing_is_claimed():
    gate = Gate()
    store = MemoryDedup()
    receiver = Receiver(parse, key, dedup=store, max_concurrency=2)
    receiver.on("ping")(gate.handler)
    async with receiver:
        for n in range(2):
            assert (await asgi_post(receiver.asgi, "/webhooks", event(event_id=f"e{n}"),
                                    SIGNED))[0] == 200
        await gate.wait_for(2)
        full = await asgi_post(receiver.asgi, "/webhooks", event(event_id="e2"), SIGNED)
        assert full == (503, {"error": "every handler slot is busy"})
        assert len(store) == 2 and receiver.running == 2
        gate.opened.set()
        await settle(receiver)
        retried = await asgi_post(receiver.asgi, "/webhooks", event(event_id="e2"), SIGNED)
        assert retried == (200, {"status": "accepted"})
    assert len(gate.done) == 3 and receiver.stats.busy == 1


async def test_a_failing_handler_is_logged_and_its_retry_is_handled_again(caplog):
    receiver = Receiver(parse, key)
    calls: list[object] = []

    @receiver.on("ping")
    async def flaky(data: object) -> None:
        calls.append(data)
        if len(calls) == 1:
            raise RuntimeError("the database is down")

    with caplog.at_level(logging.ERROR, "transports.receiver"):
        async with receiver:
            assert (await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED))[0] == 200
            await settle(receiver)
            again = await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED)
            assert again == (200, {"status": "accepted"})  # released, so handled again
            await settle(receiver)
            duplicate = await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED)
            assert duplicate == (200, {"status": "duplicate"})
    assert len(calls) == 2
    assert receiver.stats.failed == 1 and receiver.stats.handled == 1
    [record] = caplog.records
    assert "ping" in record.getMessage() and "e-1" in record.getMessage()
    assert "s3cret" not in caplog.text and "the database is down" in caplog.text


async def test_shutdown_waits_for_running_handlers_and_then_refuses():
    gate = Gate()
    receiver = Receiver(parse, key)
    receiver.on("ping")(gate.handler)
    left = anyio.Event()

    async def run() -> None:
        async with receiver:
            await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED)
            await gate.wait_for(1)
        left.set()

    async with anyio.create_task_group() as tg:
        tg.start_soon(run)
        await gate.wait_for(1)
        await anyio.sleep(0.05)
        assert not left.is_set() and gate.done == []
        closing = await asgi_post(receiver.asgi, "/webhooks", event(event_id="late"), SIGNED)
        assert closing == (503, {"error": "the receiver is not running"})
        gate.opened.set()
    assert left.is_set() and len(gate.done) == 1


async def test_a_shutdown_timeout_cancels_handlers_and_releases_their_keys():
    store = MemoryDedup()
    receiver = Receiver(parse, key, dedup=store, shutdown_timeout=0.05)
    gate = Gate()
    receiver.on("ping")(gate.handler)
    with anyio.fail_after(5):
        async with receiver:
            await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED)
            await gate.wait_for(1)
    assert gate.done == [] and receiver.running == 0
    assert await store.claim("e-1") is True  # released: a redelivery is handled


async def test_a_delivery_to_a_receiver_that_is_not_running_is_503(caplog):
    receiver, seen = make()
    with caplog.at_level(logging.WARNING, "transports.receiver"):
        answer = await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED)
    assert answer == (503, {"error": "the receiver is not running"})
    assert "not running" in caplog.text and seen == []
    async with receiver:
        with pytest.raises(RuntimeError, match="already running"):
            await receiver.__aenter__()


class BrokenStore:
    """A de-duplication store that is down (a user's store; the protocol is all we need)."""

    def __init__(self) -> None:
        self.claims = 0

    async def claim(self, key: str) -> bool:
        self.claims += 1
        raise ConnectionError("store down")

    async def release(self, key: str) -> None:
        raise ConnectionError("store down")

    async def aclose(self) -> None:
        pass


async def test_a_failing_store_answers_503_and_frees_the_slot(caplog):
    receiver, seen = make(dedup=BrokenStore())
    async with receiver:
        answer = await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED)
    assert answer == (503, {"error": "the de-duplication store is unavailable"})
    assert receiver.running == 0 and seen == []
    assert "de-duplication store failed" in caplog.text


class UnreleasableStore(BrokenStore):
    """Claims work; releases fail."""

    async def claim(self, key: str) -> bool:
        self.claims += 1
        return True


async def test_a_store_that_cannot_release_is_logged_not_raised(caplog):
    store = UnreleasableStore()
    receiver = Receiver(parse, key, dedup=store)

    @receiver.on("ping")
    async def fails(data: object) -> None:
        raise ValueError("boom")

    async with receiver:
        await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED)
        await asgi_post(receiver.asgi, "/webhooks", event(event_id=None), SIGNED)
    assert store.claims == 1 and receiver.stats.failed == 2
    assert "could not release the key e-1 of a ping event" in caplog.text
    assert "an event without a key" in caplog.text


class SlowStore:
    """Claims wait until the test lets them through."""

    def __init__(self) -> None:
        self.inner = MemoryDedup()
        self.entered, self.go = anyio.Event(), anyio.Event()

    async def claim(self, key: str) -> bool:
        self.entered.set()
        await self.go.wait()
        return await self.inner.claim(key)

    async def release(self, key: str) -> None:
        await self.inner.release(key)

    async def aclose(self) -> None:
        pass


async def test_shutdown_during_a_claim_refuses_and_releases_the_key():
    store = SlowStore()
    receiver, seen = make(dedup=store)
    answers: list[object] = []

    async def deliver() -> None:
        answers.append(await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED))

    async with anyio.create_task_group() as tg:
        async with receiver:
            tg.start_soon(deliver)
            await store.entered.wait()
        store.go.set()
    assert answers == [(503, {"error": "the receiver is not running"})]
    assert seen == [] and await store.inner.claim("e-1") is True


# ------------------------------------------------------------------ ASGI lifespan


async def test_the_asgi_lifespan_runs_the_receiver_and_waits_for_handlers():
    gate = Gate()
    receiver = Receiver(parse, key)
    receiver.on("ping")(gate.handler)
    async with anyio.create_task_group() as tg:
        async def run() -> None:
            async with lifespan(receiver.asgi) as sent:
                assert (await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED))[0] == 200
                await gate.wait_for(1)
            assert sent[-1] == {"type": "lifespan.shutdown.complete"}

        tg.start_soon(run)
        await gate.wait_for(1)
        gate.opened.set()
    assert len(gate.done) == 1


async def test_a_lifespan_start_up_fails_when_the_receiver_already_runs():
    receiver, _ = make()
    async with receiver:
        messages = [{"type": "lifespan.startup"}]
        sent: list[dict[str, object]] = []

        async def receive() -> dict[str, object]:
            return messages.pop(0)

        async def send(message: dict[str, object]) -> None:
            sent.append(message)

        await receiver.asgi({"type": "lifespan"}, receive, send)
    assert sent == [{"type": "lifespan.startup.failed",
                     "message": "the receiver is already running"}]


# ------------------------------------------------------------------ aiohttp


async def test_an_aiohttp_app_serves_handles_once_and_waits_at_clean_up():
    gate = Gate()
    receiver = Receiver(parse, key, max_body_bytes=256)
    receiver.on("ping")(gate.handler)
    headers = {"x-secret": "s3cret"}
    async with anyio.create_task_group() as tg:
        async def serve() -> None:
            async with served(receiver.aiohttp_app()) as url, aiohttp.ClientSession() as http:
                for path in ("/webhooks", "/webhooks/events"):
                    async with http.post(url + path, data=event(), headers=headers) as resp:
                        assert (resp.status, await resp.json()) in [
                            (200, {"status": "accepted"}), (200, {"status": "duplicate"})]
                async with http.post(url + "/webhooks", data=b"x" * 300,
                                     headers=headers) as resp:
                    assert resp.status == 413
                async with http.get(url + "/webhooks") as resp:
                    assert resp.status == 405
                async with http.post(url + "/webhooks", data=event(), headers={}) as resp:
                    assert resp.status == 401
                await gate.wait_for(1)

        tg.start_soon(serve)
        await gate.wait_for(1)
        await anyio.sleep(0.05)
        assert gate.done == []  # clean-up is waiting for the handler
        gate.opened.set()
    assert len(gate.done) == 1 and receiver.stats.duplicates == 1


async def test_routes_added_to_an_existing_app_share_it():
    receiver, seen = make(max_body_bytes=64)
    app = web.Application(client_max_size=1024)

    async def health(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app.router.add_get("/health", health)
    receiver.add_aiohttp_routes(app, "/hooks/")
    async with served(app) as url, aiohttp.ClientSession() as http:
        async with http.get(url + "/health") as resp:
            assert await resp.text() == "ok"
        async with http.post(url + "/hooks", data=event(), headers={"x-secret": "s3cret"}) as r:
            assert r.status == 200

        async def chunked():  # no content-length: read, then found over the limit
            yield b'{"type": "ping", "pad": "'
            yield b"x" * 200 + b'"}'

        async with http.post(url + "/hooks", data=chunked(),
                             headers={"x-secret": "s3cret"}) as resp:
            assert resp.status == 413
        await settle(receiver)
    assert len(seen) == 1


async def test_an_app_whose_receiver_cannot_start_fails_its_start_up():
    receiver, _ = make()
    app = receiver.aiohttp_app()
    async with receiver:
        with pytest.raises(RuntimeError, match="already running"):
            async with served(app):
                pass


async def test_a_job_accepted_as_shutdown_cancels_still_reaches_its_handler():
    receiver, seen = make(shutdown_timeout=0)
    async with receiver:
        await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED)
        await receiver.join()  # its worker is idle now
        # the worker is woken for this job and the group cancelled before it resumes
        await asgi_post(receiver.asgi, "/webhooks", event(event_id="e-2"), SIGNED)
    assert [data["id"] for data in seen] == ["e-1", "e-2"]  # type: ignore[index]
    assert receiver.running == 0 and receiver.stats.handled == 2


async def test_idle_workers_take_the_next_jobs_and_slow_ones_block_nobody():
    gate = Gate()
    receiver = Receiver(parse, key)
    receiver.on("ping")(gate.handler)
    fast = Gate()
    fast.opened.set()
    receiver.on("pong")(fast.handler)
    async with receiver:
        await asgi_post(receiver.asgi, "/webhooks", event("ping", "slow"), SIGNED)
        await gate.wait_for(1)
        for n in range(20):  # each runs while the slow one waits
            await asgi_post(receiver.asgi, "/webhooks", event("pong", f"f{n}"), SIGNED)
            await fast.wait_for(n + 1)
        joiners = [anyio.Event(), anyio.Event()]

        async def join(done: anyio.Event) -> None:
            await receiver.join()
            done.set()

        async with anyio.create_task_group() as tg:
            for done in joiners:
                tg.start_soon(join, done)
            await anyio.sleep(0.01)
            assert not any(done.is_set() for done in joiners)
            gate.opened.set()
    assert len(fast.done) == 20 and len(gate.done) == 1


def test_the_asgi_app_runs_on_trio():
    async def scenario() -> tuple[list[object], list[dict[str, object]]]:
        receiver, seen = make()
        failing = Receiver(parse, key)
        failing.on("ping")(_fail)
        async with lifespan(receiver.asgi) as sent, failing:
            await asgi_post(receiver.asgi, "/webhooks", event(), SIGNED)
            assert (await asgi_post(failing.asgi, "/webhooks", event(), SIGNED))[0] == 200
        assert failing.stats.failed == 1
        return seen, sent

    seen, sent = anyio.run(scenario, backend="trio")
    assert len(seen) == 1 and sent[-1] == {"type": "lifespan.shutdown.complete"}


async def _fail(data: object) -> None:
    raise RuntimeError("handler bug")
