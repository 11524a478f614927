"""What every command shares: exit codes, one-line errors, credentials, the demo."""

import pytest

from sendblue_async.__main__ import main
from sendblue_async.cli import run
from sinch_numbers import cli as sinch_cli


def test_no_command_is_a_usage_error(capsys):
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(capsys):
    assert main(["lines", "limits", "--nope"]) == 2
    assert "unrecognized arguments: --nope" in capsys.readouterr().err


@pytest.mark.parametrize(("program", "listed"), [(main, "lines"), (sinch_cli.main, "numbers")])
def test_help_exits_zero(program, listed, capsys):
    assert program(["--help"]) == 0
    assert listed in capsys.readouterr().out


def test_incomplete_credentials_are_a_usage_error(monkeypatch, capsys):
    monkeypatch.setenv("SENDBLUE_API_KEY", "sb-live-key")
    assert main(["lines", "limits"]) == 2
    assert capsys.readouterr().err == "error: incomplete credentials: SENDBLUE_API_SECRET not set\n"


async def test_credentials_from_the_environment_are_never_printed(sendblue, monkeypatch, capsys):
    fake, base_url = sendblue
    monkeypatch.setenv("SENDBLUE_API_KEY", "sb-test-key")
    monkeypatch.setenv("SENDBLUE_API_SECRET", "sb-test-secret")
    monkeypatch.setenv("SENDBLUE_BASE_URL", base_url)
    assert await run(["lines", "provision"]) == 0
    out, err = capsys.readouterr()
    assert "Bought:" in out and err == ""  # real credentials: no sandbox note
    assert "sb-test-secret" not in out + err and len(fake.provisioned) == 1


async def test_wrong_credentials_are_one_line(sendblue, monkeypatch, capsys):
    _, base_url = sendblue
    monkeypatch.setenv("SENDBLUE_API_KEY", "sb-test-key")
    monkeypatch.setenv("SENDBLUE_API_SECRET", "wrong-secret")
    assert await run(["lines", "limits", "--base-url", base_url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: 401") and err.count("\n") == 1 and "wrong-secret" not in err


@pytest.mark.parametrize("command", [["lines", "limits"], ["active", "list"]])
async def test_base_url_without_credentials_uses_the_test_ones(sendblue, sinch, command, capsys):
    sinch_command = command[0] == "active"
    base_url = (sinch if sinch_command else sendblue)[1]
    program = sinch_cli.run if sinch_command else run
    assert await program([*command, "--base-url", base_url]) == 0
    assert capsys.readouterr().err == (
        f"No credentials found: using the sandbox test credentials at {base_url}\n"
    )

