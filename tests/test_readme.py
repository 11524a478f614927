"""The README's Python blocks, run as a reader would run them.

Every ```python block of README.md runs in order, in one shared namespace, with top-level
``await`` allowed: exactly what pasting the blocks one after another into an asyncio REPL
(``python -m asyncio``) does. They run in a temporary working directory, against the sandbox
the first block sets up (no credentials, no network). A block that defines pytest tests
(``def test_...``) is the reader's own test file: pytest runs it, with the package's plugin.
Blocks in other languages (```bash, ```text) are not run. A failure names the README line.
"""

from __future__ import annotations

import ast
import inspect
import re
import traceback
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ("pytester",)

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```(\S*)\s*$")


def python_blocks(text: str) -> list[tuple[int, str]]:
    """``(line number of the block's first code line, code)`` for each ```python block."""
    blocks: list[tuple[int, str]] = []
    language: str | None = None
    start, lines = 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        fence = FENCE.match(line)
        if fence is None:
            lines.append(line)
        elif language is None:
            language, start, lines = fence.group(1), number + 1, []
        else:
            if language == "python":
                blocks.append((start, "\n".join(lines) + "\n"))
            language = None
    assert language is None, "README.md ends inside a code block"
    return blocks


def is_test_file(code: str) -> bool:
    return re.search(r"^(async )?def test_", code, re.MULTILINE) is not None


BLOCKS = python_blocks(README.read_text(encoding="utf-8"))
TOUR = [block for block in BLOCKS if not is_test_file(block[1])]
TEST_FILES = [block for block in BLOCKS if is_test_file(block[1])]


async def run_block(line: int, code: str, namespace: dict[str, Any]) -> None:
    # Padding with blank lines makes tracebacks point at the README's own line numbers.
    source = "\n" * (line - 1) + code
    compiled = compile(source, str(README), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(compiled, namespace)
    if inspect.iscoroutine(result):
        await result


def test_the_readme_has_a_tour_and_a_test_file() -> None:
    assert len(TOUR) >= 8
    assert len(TEST_FILES) == 1


def test_the_block_parser_finds_python_blocks_only() -> None:
    text = "x\n```python\na = 1\n```\n```bash\nls\n```\n```python\nb = 2\nc = 3\n```\n"
    assert python_blocks(text) == [(3, "a = 1\n"), (9, "b = 2\nc = 3\n")]


async def test_the_tour_runs_top_to_bottom(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("SENDBLUE_API_KEY", "SENDBLUE_API_SECRET", "SENDBLUE_BASE_URL",
                 "SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET"):
        monkeypatch.delenv(name, raising=False)
    namespace: dict[str, Any] = {"__name__": "__readme__"}
    for line, code in TOUR:
        try:
            await run_block(line, code, namespace)
        except Exception:
            pytest.fail(f"README.md line {line}: the block failed\n{traceback.format_exc()}")


@pytest.mark.parametrize(("line", "code"), TEST_FILES, ids=lambda v: str(v)[:8])
def test_the_readme_test_file_passes(line: int, code: str, pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_mode = auto\n"
                     "asyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(test_readme_example="\n" * (line - 1) + code)
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    tests = len(re.findall(r"^(?:async )?def test_", code, re.MULTILINE))
    outcomes = result.parseoutcomes()
    assert outcomes == {"passed": tests}, f"README.md line {line}:\n" + "\n".join(result.outlines)
