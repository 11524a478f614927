"""The layers, read from the source: ``transports`` imports no API package, the two API
packages never import each other, and a fake imports nothing from its client package (only
the runtime and itself), so it checks what the client really sends."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
API_PACKAGES = ("sendblue_async", "sinch_numbers")


def imported_modules(path: Path, package: str) -> set[str]:
    """Every module ``path`` imports, relative imports resolved against ``package``
    (the dotted name of the package holding ``path``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                found.add(".".join([*base, *([node.module] if node.module else [])]))
            else:
                found.add(node.module or "")
    return found


def sources(package_dir: str) -> list[tuple[Path, str]]:
    """Each module under ``package_dir`` with the dotted package it belongs to."""
    found = []
    for path in sorted((ROOT / package_dir).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        package = parts if path.name == "__init__.py" else parts[:-1]
        found.append((path, ".".join(p for p in package if p != "__init__")))
    return found


def offenders(package_dir: str, allowed) -> list[str]:
    return [f"{path.relative_to(ROOT)} imports {module}"
            for path, package in sources(package_dir)
            for module in sorted(imported_modules(path, package)) if not allowed(module)]


def outside(*packages: str):
    return lambda module: not any(module == p or module.startswith(p + ".") for p in packages)


def test_the_runtime_imports_no_api_package():
    assert offenders("transports", outside(*API_PACKAGES)) == []


@pytest.mark.parametrize(("package", "other"), [API_PACKAGES, API_PACKAGES[::-1]])
def test_the_api_packages_never_import_each_other(package, other):
    assert offenders(package, outside(other)) == []


@pytest.mark.parametrize("package", API_PACKAGES)
def test_a_fake_imports_only_the_runtime_and_itself(package):
    fake = f"{package}.fake"
    allowed = lambda module: (  # noqa: E731
        outside(package)(module) or module == fake or module.startswith(fake + "."))
    assert offenders(f"{package}/fake", allowed) == []


def test_the_import_reader_resolves_relative_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import a.b\nfrom . import x\nfrom ..y import z\nfrom .w import v\n")
    assert imported_modules(module, "pkg.sub") == {"a.b", "pkg.sub", "pkg.y", "pkg.sub.w"}
