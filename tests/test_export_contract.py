"""The JSON export is a contract other tools rely on (DESIGN.md, 'Contracts')."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from plandrift.cli.main import cli
from plandrift.corpus.manifest import bundled_corpus
from plandrift.workspace import build as workspace


@pytest.fixture(scope="module")
def exported(built_db_path: Path) -> dict:
    result = CliRunner().invoke(cli, ["export", "--format", "json", "--db", str(built_db_path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def raws() -> dict[str, str]:
    from plandrift.corpus.decode import read_document
    from plandrift.corpus.manifest import load_manifest

    return {s.id: read_document(Path(s.path)) for s in load_manifest(bundled_corpus())}


def test_top_level_shape(exported: dict):
    assert set(exported) >= {"documents", "statements", "chains"}
    doc = exported["documents"][0]
    assert set(doc) >= {"id", "title", "kind", "published", "sha256"}
    assert [d["id"] for d in exported["documents"]] == [
        "plan-14th",
        "review-2022",
        "report-2024",
        "gazette-2025",
        "summary-2026",
    ]


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def test_statement_offsets_cover_their_text(exported: dict, raws: dict[str, str]):
    """raw[start:end] is the statement: it starts and ends on the statement's first and last
    characters and holds all of them in order; what lies between them in the raw file and
    not in the text is what cleaning removed (line breaks, page numbers, running heads)."""
    squash = re.compile(r"\s+")
    for st in exported["statements"]:
        assert set(st) >= {
            "id",
            "doc",
            "text",
            "start",
            "end",
            "section",
            "role",
            "year",
            "quantities",
        }
        piece = unicodedata.normalize(
            "NFKC", squash.sub("", raws[st["doc"]][st["start"] : st["end"]])
        )
        text = unicodedata.normalize("NFKC", squash.sub("", st["text"]))
        assert text, st["id"]
        assert piece[0] == text[0] and piece[-1] == text[-1], st["id"]
        assert _is_subsequence(text, piece), st["id"]


def test_quantity_offsets_point_at_the_number(exported: dict, raws: dict[str, str]):
    numeral = re.compile(r"[0-9０-９.．一二三四五六七八九十百千万亿两半零〇]")
    checked = 0
    for st in exported["statements"]:
        for q in st["quantities"]:
            keys = {
                "metric",
                "value",
                "value_hi",
                "unit",
                "qualifier",
                "role",
                "year",
                "estimate",
                "start",
                "end",
                "norm_value",
                "norm_unit",
            }
            assert set(q) >= keys
            assert st["start"] <= q["start"] < q["end"] <= st["end"]
            assert numeral.search(raws[st["doc"]][q["start"] : q["end"]]), q
            checked += 1
    assert checked > 500


def test_same_documents_same_ids(built_db_path: Path, tmp_path: Path, exported: dict):
    again = tmp_path / "again.db"
    workspace.build_corpus(again)
    result = CliRunner().invoke(cli, ["export", "--db", str(again)])
    second = json.loads(result.output)
    assert [s["id"] for s in second["statements"]] == [s["id"] for s in exported["statements"]]
    assert [c["id"] for c in second["chains"]] == [c["id"] for c in exported["chains"]]
    assert result.output == CliRunner().invoke(cli, ["export", "--db", str(built_db_path)]).output


def test_adding_a_document_keeps_existing_ids(built_db_path: Path, tmp_path: Path, exported: dict):
    db = tmp_path / "more.db"
    shutil.copy(built_db_path, db)
    extra = tmp_path / "note-2027.txt"
    extra.write_text(
        "2027年工作安排\n地区生产总值增长5%左右。粮食产量稳定在100亿斤以上。\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli,
        ["add", str(extra), "--kind", "work-report", "--published", "2027-01-20", "--db", str(db)],
    )
    assert result.exit_code == 0, result.output
    after = json.loads(CliRunner().invoke(cli, ["export", "--db", str(db)]).output)
    before_ids = {s["id"] for s in exported["statements"]}
    assert before_ids <= {s["id"] for s in after["statements"]}
    assert any(s["doc"] == "note-2027" for s in after["statements"])


def test_a_reprint_dates_its_numbers_like_its_primary(exported: dict):
    """The gazette reprints the 2024 report out of order; its numbers keep the report's
    roles and years, so the same claim is never read as two different years."""
    by_id = {s["id"]: s for s in exported["statements"]}
    pairs = agree = 0
    for st in exported["statements"]:
        primary = by_id.get(st["repeat_of"] or "")
        if not primary or primary["doc"] == st["doc"]:
            continue
        seen = {(q["value"], q["role"], q["year"]) for q in primary["quantities"]}
        for q in st["quantities"]:
            pairs += 1
            agree += (q["value"], q["role"], q["year"]) in seen
    assert pairs > 300
    assert agree / pairs > 0.95
