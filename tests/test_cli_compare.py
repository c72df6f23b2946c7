"""The compare commands through the CLI: exit codes, output, reviews."""

from __future__ import annotations

import csv
import io
import json
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
    assert res.exit_code == 0 and out.read_text("utf-8-sig").startswith("id,area,title")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    plain = run("report", "--db", str(db_copy), "--format", "csv", "--no-bom", "-o", "-")
    assert plain.exit_code == 0 and plain.output.startswith("id,area,title")
    assert not (tmp_path / "-").exists()
    bad = run("report", "--db", str(db_copy), "--format", "json", "--max-bytes", "100")
    assert bad.exit_code == 2 and "--max-bytes trims markdown only" in bad.output


def test_quiet_and_verbose(db_copy, tmp_path):
    out = tmp_path / "r.md"
    loud = run("report", "--db", str(db_copy), "-o", str(out))
    assert "wrote" in loud.stderr
    quiet = run("report", "--db", str(db_copy), "-o", str(out), "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    verbose = run("link", "--db", str(db_copy), "-v")
    assert "linking goals:" in verbose.stderr and "linked" in verbose.stdout
    for name in ("report", "show", "diff", "docs", "build", "add", "link", "export", "eval"):
        assert "--quiet" in run(name, "--help").output


def test_show_and_unknown_chain(db_copy):
    res = run("show", "m:grain", "--db", str(db_copy))
    assert res.exit_code == 0 and "97.6" in res.output and "missed" in res.output
    assert "reported (progress, by year):" in res.output
    assert "actual 91.06亿斤 · review-2022" in res.output
    data = json.loads(run("show", "m:grain", "--db", str(db_copy), "--format", "json").output)
    assert data["chain"]["id"] == "m:grain" and data["promises"] and data["reported"]
    assert run("show", "nope", "--db", str(db_copy)).exit_code == 2


def test_docs_as_json(db_copy):
    data = json.loads(run("docs", "--db", str(db_copy), "--format", "json").output)
    assert [d["id"] for d in data["documents"]][0] == "plan-14th"
    assert data["documents"][0]["statements"] > 100


def test_diff_between_documents(db_copy):
    res = run("diff", "report-2024", "summary-2026", "--db", str(db_copy))
    assert res.exit_code == 0 and "kept (" in res.output and "numbers changed (" in res.output
    assert run("diff", "report-2024", "nope", "--db", str(db_copy)).exit_code == 2


def test_a_digest_does_not_drop_what_it_leaves_out(db_copy):
    """summary-2026 is a digest: what the full 2024 report has and it lacks is not in B."""
    data = json.loads(
        run("diff", "report-2024", "summary-2026", "--db", str(db_copy), "--format", "json").output
    )
    assert data["comparable"] is False and not data["groups"].get("dropped")
    assert len(data["groups"]["not in B"]) > 100
    kept = {g["id"]: g for g in data["goals"] if g["group"] == "kept"}
    gdp = kept["m:gdp"]
    assert gdp["drift"] and "number-down" in gdp["labels"]
    assert gdp["drift"][0]["from_doc"] == "report-2024"


def test_diff_formats_and_fail_on(db_copy):
    args = ("diff", "report-2024", "summary-2026", "--db", str(db_copy))
    md = run(*args, "--format", "markdown", "--fail-on", "softened")
    assert md.exit_code == 1 and md.output.startswith(
        "# plandrift diff: report-2024 → summary-2026"
    )
    assert md.output.index("## Failing:") < md.output.index("| group | goals |")
    assert run(*args, "--fail-on", "met").exit_code == 1  # report-2024 has met promises
    assert run(*args, "--fail-on", "lagging,deadline-moved").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").output.lstrip("\ufeff"))))
    assert {r["group"] for r in rows} == {"kept", "not in B", "not in A"}
    assert run(*args, "--fail-on", "nonsense").exit_code == 2


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
