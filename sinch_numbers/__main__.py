"""``python -m sinch_numbers COMMAND ...``: see :mod:`sinch_numbers.cli`."""

import sys

from .cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
