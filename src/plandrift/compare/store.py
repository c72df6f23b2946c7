"""The compare tables: chains, their members, and the human reviews that outlive rebuilds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import sqlite_utils

from plandrift.corpus.store import Migration, apply_migrations

from .models import Actual, DriftLabel, DriftStep, Measure, Promise, Status

DERIVED_TABLES = ("promises", "chain_members", "chains")
SIGNALS_TABLE = "statement_signals"  # a cache of work, not a result: kept by every link
CUTS_TABLE = "place_cuts"  # the same: jieba's cuts that a place's last link asked for


def _m001_tables(db: sqlite_utils.Database) -> None:
    db.table("chains").create(
        {
            "id": str,
            "title": str,
            "metric": str,
            "area": str,
            "kind": str,
            "status": str,
            "binding": int,
            "progress": str,
            "drift": str,
            "drift_score": float,
            "reasons": str,
            "years": str,
            "docs": str,
        },
        pk="id",
    )
    db.table("chain_members").create(
        {
            "chain": str,
            "statement": str,
            "doc": str,
            "position": int,
            "score": float,
            "reasons": str,
        },
        pk=("chain", "statement"),
    )
    db.table("chain_members").create_index(["statement"])
    # Human decisions: never dropped, keyed by stable ids only.
    db.table("reviews").create(
        {
            "id": int,
            "chain": str,
            "statement": str,
            "decision": str,
            "note": str,
            "created": str,
        },
        pk="id",
    )
    db.table("reviews").create_index(["chain"])


def _m002_member_figures(db: sqlite_utils.Database) -> None:
    # The chain's own numbers in each member, as written ("91.06亿斤"), for tables and the TUI.
    db.table("chain_members").add_column("figures", str)


def _m003_promises(db: sqlite_utils.Database) -> None:
    """Every target is a promise with its own verdict; a goal's status is its headline's."""
    db.table("promises").create(
        {
            "id": str,
            "chain": str,
            "statement": str,
            "doc": str,
            "indicator": str,
            "measure": str,
            "written": str,
            "target": float,
            "target_hi": float,
            "unit": str,
            "qualifier": str,
            "year": int,
            "period_start": int,
            "period_end": int,
            "status": str,
            "reason": str,
            "binding": int,
            "aspirational": int,
            "each_year": int,
            "higher": int,
            "actuals": str,
            "coverage": str,
            "value": float,
            "ratio": float,
            "expected": float,
            "baseline": float,
            "baseline_year": int,
            "restated_by": str,
            "restated_value": float,
            "restated_year": int,
            "evidence": str,
            "headline": int,
        },
        pk="id",
        foreign_keys=[("chain", "chains", "id"), ("statement", "statements", "id")],
    )
    db.table("promises").create_index(["chain"])
    db.table("promises").create_index(["status"])
    db.table("chains").add_column("headline", str)
    # The verdict lives in promises now; the old dict column is gone.
    db.table("chains").transform(drop={"progress"})


def _m004_themes(db: sqlite_utils.Database) -> None:
    """A chain that follows a theme (a motto, a phrase with nothing to do) is not a goal."""
    db.table("chains").add_column("theme", int)


def _m005_foreign_keys(db: sqlite_utils.Database) -> None:
    """Members point at their goal, statement and document, a goal at its headline promise:
    Datasette and sqlite-utils follow them (a member's statement is one click away)."""
    db.table("chain_members").transform(
        add_foreign_keys=[
            ("chain", "chains", "id"),
            ("statement", "statements", "id"),
            ("doc", "documents", "id"),
        ]
    )
    db.table("chains").transform(add_foreign_keys=[("headline", "promises", "id")])
    db.table("promises").transform(add_foreign_keys=[("doc", "documents", "id")])


def _m006_statement_signals(db: sqlite_utils.Database) -> None:
    """Each statement's signals, kept between links (``signal_store``); by document, so
    that a document's go with it."""
    db.table(SIGNALS_TABLE).create(
        {"statement": str, "doc": str, "source": str, "data": str}, pk="statement"
    )
    db.table(SIGNALS_TABLE).create_index(["doc"])


def _m007_place_cuts(db: sqlite_utils.Database) -> None:
    """jieba's cuts that each place's last link asked for (``cut_store``)."""
    db.table(CUTS_TABLE).create(
        {"place": str, "kind": str, "text": str, "cut": str, "salt": str},
        pk=("place", "kind", "text"),
    )


COMPARE_MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_tables", _m001_tables),
    ("002_member_figures", _m002_member_figures),
    ("003_promises", _m003_promises),
    ("004_themes", _m004_themes),
    ("005_foreign_keys", _m005_foreign_keys),
    ("006_statement_signals", _m006_statement_signals),
    ("007_place_cuts", _m007_place_cuts),
]


def ensure_schema(db: sqlite_utils.Database) -> None:
    apply_migrations(db, "compare", COMPARE_MIGRATIONS)


# -- promises as rows (the one place that knows their columns) ------------------------------


def promise_row(p: Promise) -> dict[str, object]:
    return {
        "id": p.id,
        "chain": p.chain,
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
        "period_start": p.period[0] if p.period else None,
        "period_end": p.period[1] if p.period else None,
        "status": str(p.status),
        "reason": p.reason,
        "binding": int(p.binding),
        "aspirational": int(p.aspirational),
        "each_year": int(p.each_year),
        "higher": int(p.higher),
        "actuals": json.dumps([asdict(a) for a in p.actuals], ensure_ascii=False),
        "coverage": json.dumps(list(p.coverage)),
        "value": p.value,
        "ratio": p.ratio,
        "expected": p.expected,
        "baseline": p.baseline,
        "baseline_year": p.baseline_year,
        "restated_by": p.restated_by,
        "restated_value": p.restated_value,
        "restated_year": p.restated_year,
        "evidence": json.dumps(list(p.evidence)),
        "headline": int(p.headline),
    }


def promise_from_row(r: dict[str, Any]) -> Promise:
    period = (r["period_start"], r["period_end"]) if r["period_start"] is not None else None
    return Promise(
        id=r["id"],
        chain=r["chain"],
        statement=r["statement"],
        doc=r["doc"],
        indicator=r["indicator"] or "",
        measure=Measure(r["measure"]),
        written=r["written"] or "",
        target=r["target"],
        target_hi=r["target_hi"],
        unit=r["unit"] or "",
        qualifier=r["qualifier"] or "",
        year=r["year"],
        period=period,
        status=Status(r["status"]),
        reason=r["reason"] or "",
        binding=bool(r["binding"]),
        aspirational=bool(r["aspirational"]),
        each_year=bool(r["each_year"]),
        higher=bool(r["higher"]),
        actuals=tuple(Actual(**a) for a in json.loads(r["actuals"] or "[]")),
        coverage=tuple(json.loads(r["coverage"] or "[]")),
        value=r["value"],
        ratio=r["ratio"],
        expected=r["expected"],
        baseline=r["baseline"],
        baseline_year=r["baseline_year"],
        restated_by=r["restated_by"],
        restated_value=r["restated_value"],
        restated_year=r["restated_year"],
        evidence=tuple(json.loads(r["evidence"] or "[]")),
        headline=bool(r["headline"]),
    )


# -- drift steps as JSON (the chains.drift column) --------------------------------------------


def drift_dict(s: DriftStep) -> dict[str, object]:
    """One drift step as the database, the JSON export and the reports give it."""
    return {
        "from_promise": s.from_promise,
        "to_promise": s.to_promise,
        "from": s.from_statement,
        "to": s.to_statement,
        "from_doc": s.from_doc,
        "to_doc": s.to_doc,
        "from_written": s.from_written,
        "to_written": s.to_written,
        "from_year": s.from_year,
        "to_year": s.to_year,
        "labels": [str(label) for label in s.labels],
        "changed": s.changed,
        "renamed": list(s.renamed) if s.renamed else None,
        "old": s.old,
        "new": s.new,
        "ops": [list(op) for op in s.ops],
    }


def drift_json(steps: Sequence[DriftStep]) -> str:
    return json.dumps([drift_dict(s) for s in steps], ensure_ascii=False, sort_keys=True)


def drift_from_json(chain: str, value: str | None) -> list[DriftStep]:
    """The chains.drift column back as steps; a column written before promises drifted
    (no ``from_promise``) reads as no steps: rebuild to get them."""
    out = []
    for d in json.loads(value) if value else []:
        if "from_promise" not in d:
            continue
        renamed = d.get("renamed")
        out.append(
            DriftStep(
                chain=chain,
                from_promise=d["from_promise"],
                to_promise=d["to_promise"],
                from_statement=d["from"],
                to_statement=d["to"],
                from_doc=d["from_doc"],
                to_doc=d["to_doc"],
                from_written=d["from_written"],
                to_written=d["to_written"],
                from_year=d["from_year"],
                to_year=d["to_year"],
                labels=tuple(DriftLabel(x) for x in d["labels"]),
                old=d["old"],
                new=d["new"],
                ops=tuple((str(t), str(o), str(n)) for t, o, n in d["ops"]),
                changed=float(d["changed"]),
                renamed=(str(renamed[0]), str(renamed[1])) if renamed else None,
            )
        )
    return out
