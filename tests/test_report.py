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
    assert "## 农业" in a and "<del>" in a and "<ins>" in a and "<details>" in a
    assert "| goal | plan target | year | promised | reported | verdict | why |" in a
    grain = next(
        line for line in a.splitlines() if "稳定在100亿斤 ·" in line and "| 2025 |" in line
    )
    assert "plan target 稳定在100亿斤 · plan-14th" in grain
    assert "actual 97.6亿斤 · summary-2026" in grain and "**missed**" in grain


def test_a_goal_reads_in_time_with_targets_and_actuals_marked(built_db):
    md = report.render_markdown(built_db, ChainFilter(metric="grain"))
    rows = [line for line in md.splitlines() if line.startswith("| ") and "`m:grain`" in line]
    at = md.splitlines().index(rows[0])
    rows = [line for line in md.splitlines()[at:] if line.startswith("| ")]
    assert rows[0].startswith("| 粮食产量 `m:grain` | ")
    assert "稳定在100亿斤 for 2025" in rows[0].split(" | ")[1]  # the plan's own column
    years = [r.split(" | ")[2] for r in rows]
    assert years == sorted(years)  # in time
    # a year with only a reported figure is progress: no verdict, marked as an actual
    first = rows[0].split(" | ")
    assert first[2] == "2022" and first[4].startswith("actual 91.06亿斤") and first[5] == ""
    # the 2024 work report's target is a target, not a plan target
    assert any("| target 迈上100亿斤 · report-2024 |" in r for r in rows)
    assert all("plan target" not in r or "· plan-14th" in r for r in rows)


def test_partial_and_estimated_actuals_say_so(built_db):
    md = report.render_markdown(built_db, ChainFilter(), max_bytes=0)
    assert "actual 1.7% (1-10月) for 2022 · review-2022" in md
    assert "(预计) · summary-2026" in md or "(预计) for 2025 · summary-2026" in md


def test_fail_on_names_every_failing_promise_first(built_db):
    names = {"missed", "dropped"}
    md = report.render_markdown(built_db, ChainFilter(), names)
    head, rest = md.split("| status | goals | promises |", 1)
    hits = report.failures(report.goals(built_db, ChainFilter()), names)
    assert head.startswith("# plandrift report\n\n## Failing:")
    failing = [line for line in head.splitlines() if line.startswith("| ") and "`" in line]
    assert len(failing) == len(hits) > 100
    assert all(line.split(" | ")[4] in names for line in failing)


def test_max_bytes_trims_least_important_first(built_db):
    full = report.render_markdown(built_db, ChainFilter(), {"missed"}, max_bytes=0)
    limit = 60_000
    small = report.render_markdown(built_db, ChainFilter(), {"missed"}, max_bytes=limit)
    assert len(full.encode()) > limit >= len(small.encode())
    assert small == report.render_markdown(built_db, ChainFilter(), {"missed"}, max_bytes=limit)
    assert "**Trimmed to stay under 60,000 bytes** (--max-bytes): left out" in small
    assert "wording diff" in small.split("Trimmed", 1)[1].split("\n")[0]
    # the failing promise and the counts survive
    missed = len(report.failures(report.goals(built_db, ChainFilter()), {"missed"}))
    assert f"## Failing: {missed} match --fail-on missed" in small and "| **all** |" in small
    assert "<details>" not in small  # wording goes before anything else
    # everything fits by default
    assert "Trimmed" not in report.render_markdown(built_db, ChainFilter())


def test_fail_on_leads_with_the_failing_promises(built_db):
    md = report.render_markdown(built_db, ChainFilter(), {"missed"})
    head = md.split("| status | goals | promises |")[0]
    assert "## Failing:" in head and "稳定在100亿斤" in head and "actual 97.6亿斤" in head
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


def _rows(text: str) -> list[dict[str, str]]:
    """Read a CSV as a spreadsheet would: its bytes, UTF-8 with the byte-order mark."""
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8, not the code page
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_filters_and_csv(built_db):
    rows = _rows(report.render_promises_csv(built_db, ChainFilter(status=("missed",))))
    assert rows and "missed" in {r["status"] for r in rows}
    assert any(r["goal"] == "m:grain" and r["ratio"] == "0.976" for r in rows)
    goals = _rows(report.render_csv(built_db, ChainFilter()))
    assert {"id", "status", "promises", "plan_target", "headline_target"} <= set(goals[0])
    grain = next(g for g in goals if g["id"] == "m:grain")
    assert (
        grain["plan_target"] in ("稳定在100亿斤", "100亿斤") and grain["plan_target_for"] == "2025"
    )
    assert grain["latest_actual"] == "97.6亿斤" and grain["latest_actual_doc"] == "summary-2026"
    assert any(g["area"] == "其他" for g in goals)
    plain = report.render_csv(built_db, ChainFilter(), bom=False)
    assert plain.startswith("id,area,title")


def test_json_counts_match_chains(built_db):
    data = json.loads(report.render_json(built_db, ChainFilter()))
    assert data["schema_version"] == 3
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


def test_broken_promises_come_before_open_ones(built_db):
    """--fail-on missed,dropped: the missed promises head the list, however many goals were
    only dropped, so a CI reader sees them without scrolling."""
    hits = report.failures(report.goals(built_db, ChainFilter()), {"missed", "dropped"})
    statuses = [str(f.promise.status) for f in hits if f.promise]
    missed = statuses.count("missed")
    assert missed and statuses[:missed] == ["missed"] * missed and "dropped" in statuses
