"""Reports: stable bytes, GitHub-safe markdown, CSV and JSON that parse."""

from __future__ import annotations

import csv
import io
import json

from plandrift.compare.query import ChainFilter
from plandrift.report import render as report


def test_markdown_is_stable_and_structured(built_db):
    a = report.render_markdown(built_db, ChainFilter())
    b = report.render_markdown(built_db, ChainFilter())
    assert a == b and a.endswith("\n") and "\r" not in a
    assert a.startswith("# plandrift report\n\n| status | goals | promises |")
    assert "## 农业" in a and "<del>" in a and "<ins>" in a
    grain = next(line for line in a.splitlines() if "稳定在100亿斤" in line and "| 2025 |" in line)
    assert "97.6亿斤 (2025, summary-2026)" in grain and "**missed**" in grain


def test_fail_on_leads_with_the_failing_promises(built_db):
    md = report.render_markdown(built_db, ChainFilter(), {"missed"})
    head = md.split("| status | goals | promises |")[0]
    assert "## Failing:" in head and "稳定在100亿斤" in head
    assert md.count("## Failing") == 1


def test_cells_escape_pipes_and_html():
    assert report.cell("a|b<c>\nd") == "a\\|b&lt;c&gt; d"


def test_table_rows_have_as_many_cells_as_the_header(built_db):
    md = report.render_markdown(built_db, ChainFilter(area="农业"))
    table = [line for line in md.splitlines() if line.startswith("| ") and "goal" not in line]
    header = next(line for line in md.splitlines() if line.startswith("| goal"))
    width = header.count(" | ")
    rows = [r for r in table if "`" in r]
    assert rows and all(r.replace("\\|", "").count(" | ") == width for r in rows)


def test_filters_and_csv(built_db):
    text = report.render_promises_csv(built_db, ChainFilter(status=("missed",)))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and "missed" in {r["status"] for r in rows}
    assert any(r["goal"] == "m:grain" and r["ratio"] == "0.976" for r in rows)
    goals = list(csv.DictReader(io.StringIO(report.render_csv(built_db, ChainFilter()))))
    assert {"id", "status", "promises"} <= set(goals[0])


def test_json_counts_match_chains(built_db):
    data = json.loads(report.render_json(built_db, ChainFilter()))
    assert data["schema_version"] == 2
    assert sum(c["goals"] for c in data["counts"].values()) == len(data["chains"])
    assert sum(c["promises"] for c in data["counts"].values()) == sum(
        len(c["promises"]) for c in data["chains"]
    )
    assert report.matching(built_db, ChainFilter(), {"missed"})
    assert not report.matching(built_db, ChainFilter(status=("met",)), {"missed"})


def test_same_corpus_same_bytes_across_processes(built_db, tmp_path):
    """Another process (another string-hash seed) builds the same chains and report."""
    import os
    import subprocess
    import sys

    from plandrift.corpus.store import open_db

    path = tmp_path / "again.db"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = "import sys; from plandrift.cli.main import main; sys.argv[1:] = ['build', '--db', sys.argv[1]]; main()"
    subprocess.run(
        [sys.executable, "-c", code, str(path)], check=False, env=env, capture_output=True
    )
    again = open_db(path)
    assert report.render_markdown(again, ChainFilter()) == report.render_markdown(
        built_db, ChainFilter()
    )


def test_reviews_are_in_the_report(built_db_path, tmp_path):
    import shutil

    from plandrift.compare.review import record_review
    from plandrift.corpus.store import open_db

    path = tmp_path / "r.db"
    shutil.copy(built_db_path, path)
    db = open_db(path)
    record_review(db, "m:grain", decision="reviewed", note="checked | against the yearbook")
    md = report.render_markdown(db, ChainFilter(metric="grain"))
    assert "## Reviews" in md and "checked \\| against the yearbook" in md
    assert "`m:grain` ✓" in md
