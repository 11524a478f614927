"""Where the command line writes: results on stdout (text or JSON), notes on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs


class Console:
    """Results go to stdout, as text or (``--output json``) one JSON document; notes,
    warnings and errors go to stderr, so a script can parse stdout whatever happens."""

    def __init__(self, output: str = "text") -> None:
        self.json = output == "json"

    def result(self, text: str, data: Any) -> None:
        """Print ``text`` or, in JSON mode, ``data`` (models become plain JSON)."""
        if self.json:
            print(json.dumps(jsonable(data), indent=2), flush=True)
        else:
            print(text, flush=True)

    def note(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def warn(self, message: str) -> None:
        print(f"warning: {message}", file=sys.stderr, flush=True)

    def error(self, message: str) -> None:
        print(f"error: {message}", file=sys.stderr, flush=True)


def jsonable(value: Any) -> Any:
    """Models as JSON values. Fields hidden from a model's repr (secrets) are left out: a
    command that means to show one puts it in the data itself."""
    if attrs.has(type(value)):
        return {f.name: jsonable(getattr(value, f.name)) for f in attrs.fields(type(value))
                if f.repr is not False}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def fields_text(pairs: Iterable[tuple[str, object]]) -> str:
    """``label: value`` lines, aligned; ``None`` values are skipped."""
    shown = [(label, value) for label, value in pairs if value is not None]
    width = max((len(label) for label, _ in shown), default=0)
    return "\n".join(f"{label + ':':<{width + 1}} {_cell(value)}" for label, value in shown)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Plain text columns under a header line."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = [headers, ["-" * w for w in widths], *cells]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(_cell(v) for v in value) or "-"
    return str(value)
