"""Short names for the fixtures the package ships (sendblue_async.pytest_plugin), and a real
redis-server."""

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sendblue_async import SendblueClient
from sendblue_async.fake import FakeSendblue
from sendblue_async.pytest_plugin import TEST_KEY, TEST_SECRET
from transports import FakeClock, FakeTransport

KEY, SECRET = TEST_KEY, TEST_SECRET


@pytest.fixture
def clock(sendblue_clock: FakeClock) -> FakeClock:
    return sendblue_clock


@pytest.fixture
def fake(sendblue_fake: FakeSendblue) -> FakeSendblue:
    return sendblue_fake


@pytest.fixture
def transport(sendblue_transport: FakeTransport) -> FakeTransport:
    return sendblue_transport


@pytest.fixture
def client(sendblue_client: SendblueClient) -> SendblueClient:
    return sendblue_client


# A real redis-server for the Redis de-duplication store (never a fake Redis): started once
# per session on a free 127.0.0.1 port, no persistence, no config file.
REDIS_START_TIMEOUT = 10.0


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``redis://127.0.0.1:PORT/0`` of a redis-server of its own. Missing redis-server fails
    in CI (``CI`` set: .ci/run installs it) and skips elsewhere."""
    executable = shutil.which("redis-server")
    if executable is None:
        reason = "redis-server is not installed (Debian: apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the Redis tests", pytrace=False)
        pytest.skip(reason)
    log = tmp_path_factory.mktemp("redis") / "redis.log"
    for _attempt in range(3):  # a free port may be taken before redis-server binds it
        port = _free_port()
        server = _start_redis(executable, port, log)
        if _answers_ping(server, port):
            break
        _stop(server)
    else:
        pytest.fail(f"redis-server did not start:\n{log.read_text()}", pytrace=False)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(server)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_redis(executable: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as output:
        return subprocess.Popen(
            [executable, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--dir", str(log.parent), "--daemonize", "no"],
            stdout=output, stderr=subprocess.STDOUT,
        )


def _answers_ping(server: subprocess.Popen[bytes], port: int) -> bool:
    deadline = time.monotonic() + REDIS_START_TIMEOUT
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(64).startswith(b"+PONG"):
                    return True
        except OSError:
            pass
        time.sleep(0.02)
    return False


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
