"""The compare commands through the CLI: exit codes, output, reviews."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from plandrift.cli.main import cli


@pytest.fixture()
def db_copy(built_db_path, tmp_path):
    path = tmp_path / "c.db"
    shutil.copy(built_db_path, path)
    return path


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_report_fail_on_exit_codes(db_copy):
    assert run("report", "--db", str(db_copy), "--fail-on", "missed").exit_code == 1
    ok = run("report", "--db", str(db_copy), "--status", "met", "--fail-on", "missed")
    assert ok.exit_code == 0 and "| met |" in ok.output
    bad = run("report", "--db", str(db_copy), "--fail-on", "nonsense")
    assert bad.exit_code == 2 and "unknown name 'nonsense'" in bad.output


def test_report_to_file(db_copy, tmp_path):
    out = tmp_path / "r.csv"
    res = run("report", "--db", str(db_copy), "--format", "csv", "-o", str(out))
    assert res.exit_code == 0 and out.read_text("utf-8").startswith("id,area,title")


def test_show_and_unknown_chain(db_copy):
    res = run("show", "m:grain", "--db", str(db_copy))
    assert res.exit_code == 0 and "97.6" in res.output and "missed" in res.output
    assert run("show", "nope", "--db", str(db_copy)).exit_code == 2


def test_diff_between_documents(db_copy):
    res = run("diff", "report-2024", "summary-2026", "--db", str(db_copy))
    assert res.exit_code == 0 and "kept (" in res.output and "numbers changed (" in res.output
    assert run("diff", "report-2024", "nope", "--db", str(db_copy)).exit_code == 2


def test_review_reject_relinks_at_once(db_copy):
    show = run("show", "m:grain", "--db", str(db_copy)).output
    victim = "review-2022:" + show.split("review-2022:")[1].split()[0]
    res = run("review", "m:grain", "--reject", victim, "--note", "not output", "--db", str(db_copy))
    assert res.exit_code == 0
    assert victim not in run("show", "m:grain", "--db", str(db_copy)).output.split("reviews:")[0]
    assert run("review", "m:grain", "--db", str(db_copy)).exit_code == 2


def test_help_has_examples():
    for name in ("report", "show", "diff", "review", "link"):
        assert "Example" in run(name, "--help").output
