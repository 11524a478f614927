"""What the packages' command lines share: the program and its exit codes, the console,
the progress line, and the choice of server (real API, ``--base-url``, embedded sandbox).

API-agnostic like the rest of :mod:`transports`: each package's ``cli`` registers its own
commands, says how its exceptions end a command, and names its fake and settings.
"""

from ._backends import (
    SandboxBackend,
    add_faults_option,
    chosen_server,
    credentials_in_env,
    env_credentials,
    load_backend,
    serve_backends,
)
from ._console import Console, fields_text, jsonable, table
from ._program import (
    API_ERROR,
    INTERRUPTED,
    USAGE_ERROR,
    CommandLine,
    Commands,
    ErrorExits,
    Handler,
    UsageError,
    add_command,
    with_session,
)
from ._progress import ProgressLine, RowProgress, render

__all__ = [
    "API_ERROR",
    "INTERRUPTED",
    "USAGE_ERROR",
    "CommandLine",
    "Commands",
    "Console",
    "ErrorExits",
    "Handler",
    "ProgressLine",
    "RowProgress",
    "SandboxBackend",
    "UsageError",
    "add_command",
    "add_faults_option",
    "chosen_server",
    "credentials_in_env",
    "env_credentials",
    "fields_text",
    "jsonable",
    "load_backend",
    "render",
    "serve_backends",
    "table",
    "with_session",
]
