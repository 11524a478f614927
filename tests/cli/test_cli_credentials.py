"""Credentials on the command line go only to the hosts they belong to, and no frame of the
command line holds them (error trackers record local variables)."""

import base64
import os
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import pytest

import sendblue_async.cli
import sinch_numbers.cli
import transports.cli
from sendblue_async.cli import run
from sendblue_async.fake import FakeSendblue
from sinch_numbers.cli import run as sinch_run
from sinch_numbers.fake import FakeSinchNumbers
from transports import Response, ServerRequest
from transports.testing.sandbox import serve

PROJECT, KEY_ID, KEY_SECRET = "real-project", "real-key-id", "real-key-secret-7f3a"
SB_KEY, SB_SECRET = "sb-live-key-91c2", "sb-live-secret-5d0e"
TOKEN_PATH = "/oauth2/token"


class Recorder:
    """A server in front of ``fake`` that keeps every request it is sent."""

    def __init__(self, fake) -> None:
        self.fake = fake
        self.requests: list[ServerRequest] = []

    async def __call__(self, request: ServerRequest) -> Response:
        self.requests.append(request)
        return await self.fake(request)


def carries(request: ServerRequest, secret: str) -> bool:
    """Whether ``secret`` is anywhere in ``request``: a header, a Basic header, the body."""
    values = [*request.headers.values(), request.body.decode(errors="replace")]
    for value in request.headers.values():
        if value.lower().startswith("basic "):
            values.append(base64.b64decode(value[6:]).decode(errors="replace"))
    return any(secret in value for value in values)


@asynccontextmanager
async def sinch_servers(monkeypatch) -> AsyncIterator[tuple[Recorder, Recorder, str, str]]:
    """Real-looking credentials in the environment; one fake (which issues their tokens and
    serves numbers) behind two recording servers: the numbers host and the auth host."""
    for name, value in (("SINCH_PROJECT_ID", PROJECT), ("SINCH_KEY_ID", KEY_ID),
                        ("SINCH_KEY_SECRET", KEY_SECRET)):
        monkeypatch.setenv(name, value)
    fake = FakeSinchNumbers(project_id=PROJECT, key_id=KEY_ID, key_secret=KEY_SECRET)
    numbers, auth = Recorder(fake), Recorder(fake)
    async with serve(numbers) as numbers_server, serve(auth) as auth_server:
        yield numbers, auth, numbers_server.base_url, auth_server.base_url


async def test_the_key_secret_never_goes_to_base_url(monkeypatch, capsys):
    async with sinch_servers(monkeypatch) as (numbers, auth, numbers_url, _):
        assert await sinch_run(["active", "list", "--base-url", numbers_url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --base-url with credentials set") and "--auth-url" in err
    assert not numbers.requests and not auth.requests


@pytest.mark.parametrize("given", ["option", "environment"])
async def test_an_explicit_token_url_gets_the_key_and_base_url_only_the_token(
    monkeypatch, capsys, given
):
    async with sinch_servers(monkeypatch) as (numbers, auth, numbers_url, auth_url):
        argv = ["active", "list", "--base-url", numbers_url]
        if given == "option":
            argv += ["--auth-url", auth_url]
        else:
            monkeypatch.setenv("SINCH_AUTH_URL", auth_url)
        assert await sinch_run(argv) == 0, capsys.readouterr().err
    assert [r.path for r in auth.requests] == [TOKEN_PATH]
    assert carries(auth.requests[0], KEY_SECRET)
    assert numbers.requests and all(r.path != TOKEN_PATH for r in numbers.requests)
    assert not any(carries(r, KEY_SECRET) for r in numbers.requests)


async def test_the_sandbox_settings_name_its_token_url(sinch, monkeypatch, capsys):
    _, base_url = sinch
    settings = dict(line.split("=", 1) for line in
                    sinch_numbers.cli.sandbox_backend().settings(base_url))
    assert settings["SINCH_AUTH_URL"] == settings["SINCH_BASE_URL"] == base_url
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    assert await sinch_run(["active", "list"]) == 0


CLI_DIRECTORIES = tuple(str(Path(module.__file__).parent) + os.sep
                        for module in (transports.cli, sendblue_async.cli, sinch_numbers.cli))


@contextmanager
def cli_locals() -> Iterator[list[tuple[str, str, str]]]:
    """(function, name, repr) of every local variable of the command line's own frames,
    at every call and return, as an error tracker would see them in a traceback."""
    seen: list[tuple[str, str, str]] = []

    def profile(frame, event, arg) -> None:
        if frame.f_code.co_filename.startswith(CLI_DIRECTORIES):
            seen.extend((frame.f_code.co_name, name, repr(value))
                        for name, value in frame.f_locals.items())

    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(None)


def holding(seen: list[tuple[str, str, str]], *secrets: str) -> set[tuple[str, str]]:
    return {(function, name) for function, name, text in seen
            if any(secret in text for secret in secrets)}


async def test_no_sendblue_cli_frame_holds_the_credentials(monkeypatch, capsys):
    monkeypatch.setenv("SENDBLUE_API_KEY", SB_KEY)
    monkeypatch.setenv("SENDBLUE_API_SECRET", SB_SECRET)
    async with serve(FakeSendblue(api_key=SB_KEY, api_secret=SB_SECRET)) as server:
        with cli_locals() as seen:
            assert await run(["lines", "list", "--base-url", server.base_url]) == 0
    assert {function for function, _, _ in seen} >= {"sendblue_session", "_list"}
    assert holding(seen, SB_KEY, SB_SECRET) == set()


async def test_no_sinch_cli_frame_holds_the_key_secret(monkeypatch, capsys):
    async with sinch_servers(monkeypatch) as (_, _, numbers_url, auth_url):
        with cli_locals() as seen:
            argv = ["active", "list", "--base-url", numbers_url, "--auth-url", auth_url]
            assert await sinch_run(argv) == 0
    assert {function for function, _, _ in seen} >= {"sinch_session", "_list"}
    assert holding(seen, KEY_SECRET) == set()
