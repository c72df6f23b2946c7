"""Regression guard: claims recall and role / year accuracy on the labelled half of the gold set.

The floors sit a little under what the build reaches (100% / 100% / 100% when written), so that a
change which loses a class of numbers fails here. The kept-aside half is scored elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from plandrift.report import evaluate, export

GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"

RECALL_FLOOR = 0.97
ROLE_FLOOR = 0.96
YEAR_FLOOR = 0.95


def test_claims_are_found_with_role_and_year(built_db):
    raws = {r["id"]: r["raw"] for r in built_db.query("select id, raw from documents")}
    claims = evaluate.read_labels(GOLD / "claims.jsonl", "claims")
    score = evaluate.score_claims(export.export(built_db), raws, claims).as_dict()
    assert score["unlocated_quotes"] == 0
    assert score["recall"] >= RECALL_FLOOR, score
    assert score["role_accuracy"] >= ROLE_FLOOR, score
    assert score["year_accuracy"] >= YEAR_FLOOR, score


def test_every_quantity_span_lies_on_its_number(built_db):
    raws = {r["id"]: r["raw"] for r in built_db.query("select id, raw from documents")}
    for st in export.export(built_db)["statements"]:
        for q in st["quantities"]:
            span = raws[st["doc"]][q["start"] : q["end"]]
            assert span and (span[0].isdigit() or span[0] in "零〇一二两三四五六七八九十百千半"), (
                q,
                span,
            )
