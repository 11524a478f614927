"""Which server a command talks to, and the ``sandbox`` command's servers.

A command talks to the real API (credentials in the environment), to any server at
``--base-url`` (with the sandbox's test credentials when none are set), or to an embedded
sandbox started for this one command.
"""

from __future__ import annotations

import argparse
import os
import signal
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager

import anyio
import attrs

from ..testing import FaultPlan, Handler
from ..testing.sandbox import FAULTS_HELP, fault_plan_argument, load_factory, serve
from ._console import Console
from ._program import UsageError


def credentials_in_env(*names: str) -> bool:
    """Whether all of ``names`` are set; ``False`` when none is; a usage error when only
    some are. The values are not read: a client reads them inside its own constructor, so
    that no frame of the command line holds them (error trackers record local variables)."""
    missing = [name for name in names if not os.environ.get(name)]
    if missing and len(missing) < len(names):
        raise UsageError(f"incomplete credentials: {', '.join(missing)} not set")
    return not missing


def env_credentials(*names: str) -> tuple[str, ...] | None:
    """The values of ``names``; ``None`` when none is set; a usage error when only some are."""
    return tuple(os.environ[name] for name in names) if credentials_in_env(*names) else None


@asynccontextmanager
async def chosen_server(
    credentials: bool,
    base_url: str | None,
    fake: Callable[[], Handler],
    console: Console,
) -> AsyncIterator[str | None]:
    """The base URL to use (``None``: the real API's): ``base_url``, or with neither
    credentials (``credentials``: whether real ones are set) nor a URL an embedded sandbox
    serving ``fake()`` for the block."""
    if not credentials and base_url is None:
        async with serve(fake()) as server:
            console.note(f"No credentials found: using the embedded sandbox at {server.base_url}")
            yield server.base_url
        return
    if not credentials:
        console.note(f"No credentials found: using the sandbox test credentials at {base_url}")
    yield base_url


@attrs.frozen
class SandboxBackend:
    """A fake API for the ``sandbox`` command: its name, the fake, and the shell settings
    (``NAME=value`` lines, test credentials included) that point a CLI at its base URL."""

    name: str
    fake: Handler
    settings: Callable[[str], list[str]]


def add_faults_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--faults", type=fault_plan_argument, help=FAULTS_HELP)


def load_backend(target: str) -> SandboxBackend:
    """Call the ``module:factory`` named by ``target``: a package's CLI serves another
    package's fake without importing it."""
    backend: object = load_factory(target)()
    if not isinstance(backend, SandboxBackend):
        raise TypeError(f"{target} did not return a SandboxBackend")
    return backend


async def serve_backends(
    backends: Sequence[tuple[SandboxBackend, int]], faults: FaultPlan | None, console: Console
) -> None:
    """Serve each backend on its port (0: any free one) until SIGINT or SIGTERM, after
    printing their settings, one per line, for a shell to ``export``."""
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async with AsyncExitStack() as stack:
            settings: list[str] = []
            for backend, port in backends:
                server = await stack.enter_async_context(
                    serve(backend.fake, port=port, faults=faults)
                )
                settings += backend.settings(server.base_url)
            console.result("\n".join(settings), None)
            names = " and ".join(backend.name for backend, _ in backends)
            console.note(f"Serving the fake {names} APIs with the test credentials above "
                         "(not secrets). Ctrl-C to stop.")
            async for _ in signals:
                return
