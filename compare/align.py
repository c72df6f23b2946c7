"""Link statements across documents into chains.

FIRST VERSION: statements whose quantities share a metric phrase, across documents.
"""

from __future__ import annotations

import json
from collections import defaultdict

import sqlite_utils


def link(db: sqlite_utils.Database) -> None:
    by_metric: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    rows = db.query(
        """select q.metric, s.id as statement, s.doc, d.position from quantities q
        join statements s on s.id = q.statement join documents d on d.id = s.doc
        where s.repeat_of is null and q.metric != '' order by d.position, s.seq"""
    )
    for r in rows:
        by_metric[r["metric"]].append((r["position"], r["statement"], r["doc"]))
    for metric, members in sorted(by_metric.items()):
        if len({doc for _, _, doc in members}) < 2:
            continue
        chain_id = f"c:{metric}"
        db["chains"].insert(
            {"id": chain_id, "title": metric, "metric": metric, "status": "no-data",
             "years": "[]", "docs": json.dumps(sorted({d for _, _, d in members}))},
            replace=True,
        )
        seen = set()
        for pos, (_, st, doc) in enumerate(members):
            if st in seen:
                continue
            seen.add(st)
            db["chain_members"].insert(
                {"chain": chain_id, "statement": st, "doc": doc, "position": pos,
                 "score": 1.0, "reasons": json.dumps(["same metric"])},
                replace=True,
            )
