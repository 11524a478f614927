"""The edges of the transports: unbound specs, backwards clocks, busy ports, odd bodies."""

import subprocess
import sys

import pytest

from transports import FakeClock, RequestSpec, Router
from transports.aiohttp import AiohttpTransport
from transports.decode import NOT_JSON, decode_json
from transports.testing.sandbox import load_factory, serve


async def test_aiohttp_refuses_a_spec_that_was_never_bound():
    async with AiohttpTransport() as http:
        with pytest.raises(ValueError, match="bind it"):
            await http.send(RequestSpec("GET", "/x"))


def test_a_fake_clock_does_not_go_backwards():
    clock = FakeClock(10.0)
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)
    assert clock.now() == 10.0


async def test_a_sandbox_on_a_busy_port_fails_to_start_and_can_start_elsewhere():
    async with serve(Router()) as first:
        with pytest.raises(OSError):
            async with serve(Router(), port=first.port):
                pass
        async with serve(Router()) as second:
            assert second.port != first.port


def test_the_runtime_and_its_test_side_import_without_aiohttp():
    code = ("import sys, transports, transports.testing; "
            "assert transports.FakeTransport is transports.testing.FakeTransport; "
            "assert 'aiohttp' not in sys.modules, 'aiohttp imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_factory_must_be_callable():
    with pytest.raises(TypeError, match="not callable"):
        load_factory("transports.testing.sandbox:log.name")


@pytest.mark.parametrize(
    ("raw", "decoded"),
    [(b"", None), (b"null", None), (b'{"a": [1]}', {"a": [1]}), (b"<html>", NOT_JSON),
     (b"\xff\xfe", NOT_JSON), (b"[" * 100_000, NOT_JSON)],
    ids=["empty", "null", "object", "html", "not-utf8", "too-deep"],
)
def test_decode_json_never_raises(raw, decoded):
    assert decode_json(raw) == decoded
    assert repr(NOT_JSON) == "NOT_JSON"
