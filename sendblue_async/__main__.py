"""Command line: ``python -m sendblue_async demo`` or ``python -m sendblue_async sandbox``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import anyio


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sendblue-async", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="preview -> confirm -> child account on the sandbox")
    sandbox = commands.add_parser("sandbox", help="serve the fake Sendblue API on 127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    if args.command == "demo":
        from .demo import run_demo

        anyio.run(run_demo)
    else:
        from transports.sandbox import main as sandbox_main

        return sandbox_main(["sendblue_async.fake:FakeSendblue", "--port", str(args.port)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
