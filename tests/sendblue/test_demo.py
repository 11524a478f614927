"""The README's demo runs end to end over real HTTP on 127.0.0.1."""

import sys

import anyio
from anyio.streams.buffered import BufferedByteReceiveStream

from sendblue_async import SendblueClient
from sendblue_async.__main__ import main
from sendblue_async.demo import run_demo


async def test_demo_story():
    lines: list[str] = []
    await run_demo(out=lines.append)
    text = "\n".join(lines)
    assert "127.0.0.1" in text
    assert "3. Confirm: bought +1" in text and "used=True" in text
    assert "daily limit" in text and "daily_limit_reached" in text
    assert "6. Child account agency@example.com-demo-client created with line +1" in text
    assert "lpv_" not in text and "sb-demo-secret" not in text


def test_cli_runs_the_demo(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Embedded Sendblue sandbox" in out and "Child account" in out


async def test_sandbox_command_serves_the_fake():
    command = [sys.executable, "-m", "sendblue_async", "sandbox", "--port", "0"]
    async with await anyio.open_process(command) as proc:
        assert proc.stdout is not None
        first_line = await BufferedByteReceiveStream(proc.stdout).receive_until(b"\n", 200)
        base_url = first_line.decode().strip().removeprefix("SENDBLUE_BASE_URL=")
        assert base_url.startswith("http://127.0.0.1:")
        try:
            async with SendblueClient("sb-test-key", "sb-test-secret",
                                      base_url=base_url) as client:
                line = await client.lines.provision_line()
        finally:
            proc.terminate()
        assert line.phone_number.startswith("+1")
        assert await proc.wait() == 0
