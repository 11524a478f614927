"""``sandbox`` as a real subprocess: other commands reach it with its printed settings."""

import json
import sys

import anyio
from anyio.streams.buffered import BufferedByteReceiveStream

from sendblue_async.cli import run


async def test_sandbox_serves_both_fakes(monkeypatch, capsys):
    command = [sys.executable, "-m", "sendblue_async", "sandbox", "--port", "0"]
    async with await anyio.open_process(command) as proc:
        assert proc.stdout is not None
        stream = BufferedByteReceiveStream(proc.stdout)
        settings = {}
        try:
            for _ in range(7):
                line = (await stream.receive_until(b"\n", 200)).decode()
                name, _, value = line.partition("=")
                settings[name] = value
            for name, value in settings.items():
                monkeypatch.setenv(name, value)
            assert await run(["lines", "provision"]) == 0
            assert await run(["numbers", "search", "US", "LOCAL", "--output", "json"]) == 0
        finally:
            proc.terminate()
        assert await proc.wait() == 0
    assert settings["SENDBLUE_BASE_URL"].startswith("http://127.0.0.1:")
    assert settings["SINCH_BASE_URL"].startswith("http://127.0.0.1:")
    assert settings["SENDBLUE_API_KEY"] == "sb-test-key"
    assert settings["SINCH_PROJECT_ID"] == "test-project"
    out = capsys.readouterr().out
    assert "Bought:" in out and json.loads(out[out.index("["):])
