"""The external corpus (../shared/external): yearly goals chained across the years.

Skips cleanly when ../shared is not there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from plandrift.cli.main import cli

HERE = Path(__file__).resolve().parent / "fixtures" / "external"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "external"

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/external is absent")


def test_external_chains_f1(tmp_path):
    db = tmp_path / "ext.db"
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--corpus", str(HERE), "--db", str(db)])
    assert built.exit_code == 0, built.output
    res = runner.invoke(
        cli, ["eval", "--db", str(db), "--chains", str(HERE / "chains.json"), "--json"]
    )
    assert res.exit_code == 0, res.output
    chains = json.loads(res.output)["chains"]
    assert chains["f1"] >= 0.8 and chains["precision"] >= 0.8, chains
