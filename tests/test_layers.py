"""The package reads one way (corpus → compare → report/workspace → cli/tui).

import-linter checks the contracts declared in pyproject.toml; the rest checks what it
cannot: that SQL stays out of the app and the command line, and that a script never loads
Textual.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "src" / "plandrift"


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def _runs_sql(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, receiver = node.func.attr, ast.unparse(node.func.value)
            # .query() on a widget is Textual's DOM query; on a database it is SQL.
            if attr in ("execute", "executemany", "executescript") or (
                attr == "query" and receiver.split(".")[-1].lower().endswith(("db", "conn"))
            ):
                found.append(f"{node.lineno}: runs SQL via {receiver}.{attr}()")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            head = node.value.lstrip().lower()
            if head.startswith(("select ", "insert ", "update ", "delete from")):
                found.append(f"{node.lineno}: holds SQL")
    return found


@pytest.mark.parametrize(
    "path",
    sorted([*(PKG / "tui").rglob("*.py"), *(PKG / "cli").rglob("*.py")]),
    ids=lambda p: str(p.relative_to(PKG)),
)
def test_app_and_command_line_hold_no_sql(path: Path) -> None:
    assert not _runs_sql(path), f"{path.relative_to(ROOT)}: {_runs_sql(path)}"


def test_report_command_never_loads_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from plandrift.cli.main import cli\n"
        "try:\n"
        "    cli(['report', '--db', sys.argv[1]], standalone_mode=False)\n"
        "except Exception:\n"
        "    pass\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "none.db")], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
