"""``python -m sendblue_async COMMAND ...``: see :mod:`sendblue_async.cli`."""

import sys

from .cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
