"""The wheel a user installs works outside the source tree: build, report, the app.

The suite otherwise runs from the source tree, where a file left out of the wheel goes
unnoticed (the first release shipped without tui/screens). This builds the wheel, installs
it into a fresh virtual environment in a temporary folder, and runs it there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, **kw)
    assert out.returncode == 0, f"{' '.join(cmd)}\n{out.stdout}\n{out.stderr}"
    return out


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("install")
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(ROOT)],
        cwd=work,
    )
    wheel = next(work.glob("plandrift-*.whl"))
    venv.create(work / "venv", with_pip=True)
    bin_ = work / "venv" / "bin"
    run([str(bin_ / "pip"), "install", "-q", str(wheel)], cwd=work)
    return bin_


def test_wheel_holds_every_part(installed: Path) -> None:
    site = next((installed.parent / "lib").glob("python3*/site-packages/plandrift"))
    for part in (
        "tui/screens/goals.py",
        "tui/widgets/goal_table.py",
        "tui/app.tcss",
        "sample/manifest.toml",
        "sample/plan-14th.txt",
        "corpus/data/headings.toml",
        "compare/data/lexicon.toml",
    ):
        assert (site / part).is_file(), part


def test_installed_command_builds_reports_and_opens_the_app(
    installed: Path, tmp_path: Path
) -> None:
    plandrift = str(installed / "plandrift")
    db = tmp_path / "p.db"
    out = run([plandrift, "build", "--db", str(db)], cwd=tmp_path)
    assert "5 documents" in out.stdout
    report = run([plandrift, "report", "--db", str(db)], cwd=tmp_path).stdout
    assert report.startswith("# plandrift report")
    assert (
        "Usage"
        in run([str(installed / "python"), "-m", "plandrift", "--help"], cwd=tmp_path).stdout
    )
    smoke = ROOT / "tests" / "install" / "smoke_app.py"
    assert "app ok" in run([str(installed / "python"), str(smoke), str(db)], cwd=tmp_path).stdout
