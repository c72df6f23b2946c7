"""The JSON export: the contract other tools rely on (see DESIGN.md, 'Contracts')."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlite_utils

from plandrift.compare.models import Actual, Promise
from plandrift.compare.query import ChainRow, DocumentRow, all_promises
from plandrift.compare.store import drift_dict, drift_from_json

from . import safe


def _quantity(q: dict) -> dict[str, Any]:
    return {
        "id": q["id"],
        "metric": q["metric"],
        "value": q["value"],
        "value_hi": q["value_hi"],
        "unit": q["unit"],
        "qualifier": q["qualifier"],
        "role": q["role"],
        "year": q["year"],
        "estimate": bool(q["estimate"]),
        "start": q["start"],
        "end": q["end"],
        "text": q["text"],
        "norm_value": q["norm_value"],
        "norm_value_hi": q["norm_value_hi"],
        "norm_unit": q["norm_unit"],
        "period": q.get("period") or "",
        "column": q.get("column") or "",
    }


def documents(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "kind": r["kind"],
            "published": r["published"],
            "place": r["place"],
            "sha256": r["sha256"],
            "chars": r["chars"],
            "inferred": json.loads(r["inferred"] or "[]"),
            "source": {
                "name": r.get("source_name"),
                "type": r.get("source_type"),
                "sha256": r.get("source_sha256"),
            },
        }
        for r in db.query("select * from documents order by position")
    ]


def statements(db: sqlite_utils.Database, *, docs: set[str] | None = None) -> list[dict[str, Any]]:
    quantities: dict[str, list[dict]] = defaultdict(list)
    for q in db.query("select * from quantities order by statement, start"):
        quantities[q["statement"]].append(_quantity(q))
    out = []
    for r in db.query(
        """select s.* from statements s join documents d on d.id = s.doc
        order by d.position, s.seq"""
    ):
        if docs is not None and r["doc"] not in docs:
            continue
        out.append(
            {
                "id": r["id"],
                "doc": r["doc"],
                "text": r["text"],
                "start": r["start"],
                "end": r["end"],
                "section": r["section_path"],
                "kind": r["kind"],
                "role": r["role"],
                "year": r["year"],
                "repeat_of": r["repeat_of"],
                "article": r["article"],
                "page": r.get("page"),
                "page_column": r.get("page_column"),
                "quantities": quantities.get(r["id"], []),
            }
        )
    return out


def chains(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    if not db["chains"].exists():
        return []
    members: dict[str, list[str]] = defaultdict(list)
    for m in db.query("select chain, statement from chain_members order by chain, position"):
        members[m["chain"]].append(m["statement"])
    reviews: dict[str, list[dict]] = defaultdict(list)
    for r in db.query("select * from reviews order by id"):
        reviews[r["chain"]].append({k: r[k] for k in ("statement", "decision", "note", "created")})
    promises: dict[str, list[Promise]] = defaultdict(list)
    for pr in all_promises(db):
        promises[pr.chain].append(pr)
    out = []
    for c in db.query("select * from chains order by id"):
        own = promises.get(c["id"], [])
        head = next((pr for pr in own if pr.headline), None)
        out.append(
            {
                "id": c["id"],
                "title": c["title"],
                "metric": c["metric"],
                "area": c["area"],
                "kind": c["kind"],
                "statements": members.get(c["id"], []),
                "status": c["status"],
                "binding": bool(c["binding"]),
                "theme": bool(c.get("theme")),
                "progress": progress_dict(head) if head else None,
                "promises": [promise_dict(pr) for pr in own],
                "drift": [drift_dict(s) for s in drift_from_json(c["id"], c["drift"])],
                "drift_score": c["drift_score"],
                "reasons": json.loads(c["reasons"]) if c["reasons"] else [],
                "review": reviews.get(c["id"], []),
            }
        )
    return out


def promise_dict(p: Promise) -> dict[str, Any]:
    """One promise as the export and the JSON report give it (enums as their strings)."""
    return {
        "id": p.id,
        "statement": p.statement,
        "doc": p.doc,
        "indicator": p.indicator,
        "measure": str(p.measure),
        "written": p.written,
        "target": p.target,
        "target_hi": p.target_hi,
        "unit": p.unit,
        "qualifier": p.qualifier,
        "year": p.year,
        "period": list(p.period) if p.period else None,
        "status": str(p.status),
        "reason": p.reason,
        "binding": p.binding,
        "aspirational": p.aspirational,
        "each_year": p.each_year,
        "higher_is_better": p.higher,
        "actuals": [actual_dict(a) for a in p.actuals],
        "coverage": list(p.coverage),
        "value": p.value,
        "ratio": p.ratio,
        "expected": p.expected,
        "baseline": p.baseline,
        "baseline_year": p.baseline_year,
        "restated_by": p.restated_by,
        "restated_value": p.restated_value,
        "restated_year": p.restated_year,
        "estimate": p.estimate,
        "partial": p.partial,
        "evidence": list(p.evidence),
        "headline": p.headline,
    }


def chain_dict(c: ChainRow) -> dict[str, Any]:
    """A goal's own fields, as the JSON report and `show --format json` give them."""
    return {
        "id": c.id,
        "title": c.title,
        "metric": c.metric,
        "area": c.area,
        "kind": c.kind,
        "status": c.status,
        "binding": c.binding,
        "years": c.years,
        "docs": c.docs,
        "headline": c.headline.id if c.headline else None,
        "drift_score": c.drift_score,
        "reviewed": c.reviewed,
    }


def actual_dict(a: Actual) -> dict[str, Any]:
    """A reported figure: the year it is for, as written, 预计 and the part of the year."""
    return {
        "statement": a.statement,
        "doc": a.doc,
        "year": a.year,
        "value": a.value,
        "written": a.written,
        "estimate": a.estimate,
        "partial": a.partial,
    }


def progress_dict(p: Promise) -> dict[str, Any]:
    """The goal's progress: its headline promise in the shape of the export contract."""
    last = p.actuals[-1] if p.actuals else None
    return {
        "status": str(p.status),
        "measure": str(p.measure),
        "target": p.target,
        "target_hi": p.target_hi,
        "unit": p.unit,
        "qualifier": p.qualifier,
        "target_year": p.year,
        "period": list(p.period) if p.period else None,
        "actual": last.value if last else None,
        "actual_year": last.year if last else None,
        "value": p.value,
        "ratio": p.ratio,
        "expected": p.expected,
        "baseline": p.baseline,
        "baseline_year": p.baseline_year,
        "binding": p.binding,
        "estimate": p.estimate,
        "aspirational": p.aspirational,
        "evidence": list(p.evidence),
        "reason": p.reason,
    }


# The JSON Schema of every JSON output (export, report, show, diff, docs), shipped with the
# package; each output is the $defs entry named after its command.
SCHEMA = Path(__file__).with_name("data") / "plandrift.schema.json"
# 3: drift steps compare promise with promise (from_promise, to_promise, word-level ops).
SCHEMA_VERSION = 3


def export(db: sqlite_utils.Database) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "documents": documents(db),
        "statements": statements(db),
        "chains": chains(db),
    }


def dumps(data: Any) -> str:
    """Stable bytes: same input, same output (UTF-8, LF, no timestamps); control and bidi
    characters of the documents escaped (see safe.json_text), the data unchanged."""
    return safe.dumps(data, indent=1) + "\n"


def document_rows(rows: list[DocumentRow]) -> dict[str, Any]:
    """`docs --format json`: each document with its counts."""
    return {"schema_version": SCHEMA_VERSION, "documents": [asdict(r) for r in rows]}
