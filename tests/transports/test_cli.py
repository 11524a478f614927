"""The command-line plumbing both packages' CLIs are built on, with a program of its own."""

import argparse

import pytest

from transports.cli import (
    API_ERROR,
    USAGE_ERROR,
    CommandLine,
    Console,
    ErrorExits,
    UsageError,
    add_command,
    env_credentials,
    load_backend,
)


class BadInput(Exception):
    pass


class NotConfigured(Exception):
    pass


class ApiFailure(Exception):
    pass


RAISED = {"invalid": BadInput("phone: not a number"), "config": NotConfigured("no key"),
          "usage": UsageError("--token: empty token"), "api": ApiFailure(), "other": KeyError()}


async def _raise(args: argparse.Namespace, console: Console) -> None:
    raise RAISED[args.kind]


async def _report(args: argparse.Namespace, console: Console) -> int:
    console.result("text", {"kind": "data"})
    return args.code


def _register(commands, common: argparse.ArgumentParser) -> None:
    add_command(commands, "raise", _raise, "raise an exception", common).add_argument("kind")
    add_command(commands, "report", _report, "print and exit", common).add_argument(
        "code", type=int)


PROGRAM = CommandLine("toy", "A toy program.", _register, ErrorExits(
    invalid=(BadInput,), usage=(NotConfigured,), api=(ApiFailure,)))


@pytest.mark.parametrize(("kind", "code", "message"), [
    ("invalid", USAGE_ERROR, "error: invalid phone: not a number"),
    ("config", USAGE_ERROR, "error: no key"),
    ("usage", USAGE_ERROR, "error: --token: empty token"),
    ("api", API_ERROR, "error: ApiFailure"),  # no message: the class names the failure
])
def test_exceptions_end_a_command_with_one_line_and_an_exit_code(kind, code, message, capsys):
    assert PROGRAM.main(["raise", kind]) == code
    assert capsys.readouterr().err == message + "\n"


async def test_an_exception_of_no_listed_kind_is_not_swallowed():
    with pytest.raises(KeyError):
        await PROGRAM.run(["raise", "other"])


@pytest.mark.parametrize(
    ("output", "printed"), [("text", "text\n"), ("json", '{\n  "kind": "data"\n}\n')]
)
async def test_a_handler_chooses_its_exit_code_and_output(output, printed, capsys):
    assert await PROGRAM.run(["report", "1", "--output", output]) == 1
    assert await PROGRAM.run(["report", "0"]) == 0
    assert capsys.readouterr().out == printed + "text\n"


def test_credentials_all_or_none(monkeypatch):
    monkeypatch.delenv("TOY_KEY", raising=False)
    monkeypatch.delenv("TOY_SECRET", raising=False)
    assert env_credentials("TOY_KEY", "TOY_SECRET") is None
    monkeypatch.setenv("TOY_KEY", "k")
    with pytest.raises(UsageError, match="incomplete credentials: TOY_SECRET not set"):
        env_credentials("TOY_KEY", "TOY_SECRET")
    monkeypatch.setenv("TOY_SECRET", "s")
    assert env_credentials("TOY_KEY", "TOY_SECRET") == ("k", "s")


def test_a_sandbox_backend_is_loaded_by_name():
    assert load_backend("sinch_numbers.cli:sandbox_backend").name == "Sinch"
    with pytest.raises(TypeError, match="did not return a SandboxBackend"):
        load_backend("transports.cli:Console")
