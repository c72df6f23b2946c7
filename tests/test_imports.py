"""The package direction of DESIGN.md, checked on the source: corpus ← compare ← tui.

corpus imports nothing from compare or tui; compare imports tui only inside the `tui`
command of compare/cli.py (so scripts never load Textual); tui never imports corpus and
never runs SQL itself.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imports(tree: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """Every imported module name with the node that imports it (relative ones resolved
    only as far as 'relative', which never leaves the package)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node


def top(name: str) -> str:
    return name.split(".")[0]


def enclosing_functions(tree: ast.AST) -> dict[ast.AST, str]:
    """Map each node to the name of the function it sits in ('' at module level)."""
    owner: dict[ast.AST, str] = {}

    def visit(node: ast.AST, fn: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else fn
            owner[child] = name
            visit(child, name)

    visit(tree, "")
    return owner


@pytest.mark.parametrize("path", sources("corpus"), ids=lambda p: p.name)
def test_corpus_imports_neither_compare_nor_tui(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [name for name, _ in imports(tree) if top(name) in ("compare", "tui")]
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


@pytest.mark.parametrize("path", sources("compare"), ids=lambda p: p.name)
def test_compare_imports_tui_only_inside_the_tui_command(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    owner = enclosing_functions(tree)
    for name, node in imports(tree):
        if top(name) == "tui":
            assert path.name == "cli.py" and owner.get(node) == "tui", (
                f"{path.relative_to(ROOT)}:{node.lineno} imports {name} outside the tui command")


@pytest.mark.parametrize("path", sources("tui"), ids=lambda p: p.name)
def test_tui_never_imports_corpus_nor_runs_sql(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [name for name, _ in imports(tree) if top(name) in ("corpus", "sqlite3", "sqlite_utils")]
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, receiver = node.func.attr, ast.unparse(node.func.value)
            # .query() on a widget is Textual's DOM query; on a database it is SQL.
            sql = attr in ("execute", "executemany", "executescript") or (
                attr == "query" and receiver.split(".")[-1].lower().endswith(("db", "conn")))
            assert not sql, f"{path.relative_to(ROOT)}:{node.lineno} runs SQL via {receiver}.{attr}()"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            head = node.value.lstrip().lower()
            assert not head.startswith(("select ", "insert ", "update ", "delete from")), (
                f"{path.relative_to(ROOT)}:{node.lineno} holds SQL")
