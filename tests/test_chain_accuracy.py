"""Regression guard: pairwise chain F1 against the labelled gold chains (bundled half)."""

from __future__ import annotations

from pathlib import Path

from plandrift.report import evaluate, export

GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"

# A little under what the aligner reaches now (P 0.967, R 0.915, F1 0.940).
FLOOR_F1, FLOOR_P, FLOOR_R = 0.9, 0.92, 0.85


def test_chain_f1_on_gold(built_db):
    data = export.export(built_db)
    raws = {r["id"]: r["raw"] for r in built_db.query("select id, raw from documents")}
    gold = evaluate.read_labels(GOLD / "chains.json", "chains")
    score = evaluate.score_chains(data, raws, gold)
    assert score.f1 >= FLOOR_F1, score.as_dict()
    assert score.precision >= FLOOR_P and score.recall >= FLOOR_R, score.as_dict()


def test_claims_of_one_metric_chain_together(built_db):
    """The labelled claims name their metric consistently across documents: claims sharing
    a metric name should share a chain (a second, numeric view of chain quality)."""
    import json
    from collections import defaultdict

    by_metric: dict[str, list[dict]] = defaultdict(list)
    for line in (GOLD / "claims.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            claim = json.loads(line)
            by_metric[claim["metric"]].append(claim)
    gold = [
        {"chain": m, "members": [{"doc": c["doc"], "quote": c["quote"]} for c in cs]}
        for m, cs in sorted(by_metric.items())
        if len(cs) > 1
    ]
    data = export.export(built_db)
    raws = {r["id"]: r["raw"] for r in built_db.query("select id, raw from documents")}
    score = evaluate.score_chains(data, raws, gold)
    assert score.f1 >= 0.8, score.as_dict()  # 0.87 now
