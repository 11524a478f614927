"""Files an import writes hold phone numbers (personal data): readable by their owner only."""

from __future__ import annotations

import os
from typing import TextIO

PRIVATE_MODE = 0o600


def create_private(path: str | os.PathLike[str]) -> None:
    """Create ``path`` empty with mode 0600 (whatever the umask), unless it exists: an
    existing file keeps its mode (it may be a terminal or a pipe, not ours to change)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    except FileExistsError:
        return
    try:
        os.fchmod(descriptor, PRIVATE_MODE)  # a umask may have taken the owner's bits too
    finally:
        os.close(descriptor)


def open_private(path: str | os.PathLike[str]) -> TextIO:
    """``path`` opened for writing CSV text (truncated), created as :func:`create_private`."""
    create_private(path)
    return open(path, "w", newline="", encoding="utf-8")
