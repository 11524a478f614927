"""``sandbox`` as a real subprocess: other commands reach it with its printed settings."""

import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from anyio.streams.buffered import BufferedByteReceiveStream

from sendblue_async.cli import run
from sinch_numbers import cli as sinch_cli


@asynccontextmanager
async def sandbox(
    monkeypatch, *extra: str, package: str = "sendblue_async", settings_count: int = 8
) -> AsyncIterator[dict[str, str]]:
    """Start ``python -m PACKAGE sandbox`` and export the settings it prints."""
    command = [sys.executable, "-m", package, "sandbox", "--port", "0", *extra]
    async with await anyio.open_process(command) as proc:
        assert proc.stdout is not None
        stream = BufferedByteReceiveStream(proc.stdout)
        settings = {}
        try:
            for _ in range(settings_count):
                line = (await stream.receive_until(b"\n", 200)).decode()
                name, _, value = line.partition("=")
                settings[name] = value
            for name, value in settings.items():
                monkeypatch.setenv(name, value)
            yield settings
        finally:
            proc.terminate()
        assert await proc.wait() == 0


async def test_sandbox_serves_both_fakes(monkeypatch, capsys):
    async with sandbox(monkeypatch) as settings:
        assert await run(["lines", "provision"]) == 0
        assert await sinch_cli.run(["available", "search", "US", "LOCAL", "--output", "json"]) == 0
    assert settings["SENDBLUE_BASE_URL"].startswith("http://127.0.0.1:")
    assert settings["SINCH_BASE_URL"].startswith("http://127.0.0.1:")
    assert settings["SENDBLUE_API_KEY"] == "sb-test-key"
    assert settings["SINCH_PROJECT_ID"] == "test-project"
    out = capsys.readouterr().out
    assert "Bought:" in out and json.loads(out[out.index("["):])


async def test_sandbox_with_faults_answers_as_the_plan_says(monkeypatch, capsys):
    async with sandbox(monkeypatch, "--faults", "503=1,after=0"):
        assert await run(["lines", "provision"]) != 0
        assert await sinch_cli.run(["available", "search", "US", "LOCAL"]) != 0
    err = capsys.readouterr().err
    assert err.count("503") >= 2 and "Bought:" not in err


async def test_a_bad_fault_plan_is_a_usage_error(capsys):
    assert await run(["sandbox", "--faults", "503=lots"]) == 2
    assert "argument --faults: 503: not a number: 'lots'" in capsys.readouterr().err


async def test_sinch_sandbox_serves_the_sinch_fake(monkeypatch, capsys):
    async with sandbox(monkeypatch, package="sinch_numbers", settings_count=5) as settings:
        assert await sinch_cli.run(["available", "search", "US", "LOCAL", "--output", "json"]) == 0
    assert settings["SINCH_BASE_URL"].startswith("http://127.0.0.1:")
    assert settings["SINCH_KEY_ID"] == "test-key-id"
    out = capsys.readouterr().out
    assert json.loads(out)[0]["region_code"] == "US"


async def test_sinch_help_as_a_module():
    command = [sys.executable, "-m", "sinch_numbers", "--help"]
    result = await anyio.run_process(command)
    assert b"available" in result.stdout and b"sandbox" in result.stdout
    assert b"Warning" not in result.stderr
