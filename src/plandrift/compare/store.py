"""The compare tables: chains, their members, and the human reviews that outlive rebuilds."""

from __future__ import annotations

import sqlite_utils

from plandrift.corpus.store import Migration, apply_migrations

DERIVED_TABLES = ("chains", "chain_members")


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


COMPARE_MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_tables", _m001_tables),
    ("002_member_figures", _m002_member_figures),
]


def ensure_schema(db: sqlite_utils.Database) -> None:
    apply_migrations(db, "compare", COMPARE_MIGRATIONS)
