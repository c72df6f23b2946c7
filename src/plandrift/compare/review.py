"""Human review decisions: stored by stable ids, applied on every rebuild, never dropped.

A decision is a row in ``reviews`` (chain id, statement id, decision, note). The aligner
reads them back through :func:`decisions` so that a rejected statement stays out of its
chain and an accepted one stays in, whatever the scores say after a rebuild.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from plandrift.corpus.errors import BadInput

DECISIONS = ("accept", "reject", "reviewed")


@dataclass(frozen=True)
class Decisions:
    accepted: dict[str, set[str]]  # chain id -> statement ids
    rejected: dict[str, set[str]]


def record_review(
    db: sqlite_utils.Database,
    chain_id: str,
    *,
    statement: str | None = None,
    decision: str | None = None,
    note: str | None = None,
    now: dt.datetime | None = None,
) -> dict:
    """Store one decision or note; the latest decision for a (chain, statement) wins."""
    if decision is not None and decision not in DECISIONS:
        raise BadInput(f"unknown decision {decision!r}; use one of {', '.join(DECISIONS)}")
    if decision in ("accept", "reject") and not statement:
        raise BadInput(f"--{decision} needs a statement id; see `plandrift show {chain_id}`")
    if decision is None and not note:
        raise BadInput("nothing to record; give --accept, --reject, --reviewed or --note")
    if not db["chains"].exists() or not db["chains"].count_where("id = ?", [chain_id]):
        raise BadInput(f"no chain {chain_id!r}; list chains with `plandrift report`")
    if statement and not db["statements"].count_where("id = ?", [statement]):
        raise BadInput(f"no statement {statement!r}; see the ids with `plandrift show {chain_id}`")
    if decision == "reject" and not db["chain_members"].count_where(
        "chain = ? and statement in (?, (select repeat_of from statements where id = ?))",
        [chain_id, statement, statement],
    ):
        raise BadInput(
            f"{statement} is not in {chain_id}; reject a statement `plandrift show {chain_id}` lists"
        )
    row = {
        "chain": chain_id,
        "statement": statement,
        "decision": decision,
        "note": note,
        "created": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
    }
    with db.atomic():  # a savepoint inside a write that links again with it
        db.table("reviews").insert(row)
    return row


def decisions(db: sqlite_utils.Database) -> Decisions:
    """The latest accept/reject per (chain, statement), for the aligner to apply."""
    latest: dict[tuple[str, str], str] = {}
    if db["reviews"].exists():
        for r in db.query(
            "select chain, statement, decision from reviews "
            "where decision in ('accept', 'reject') order by id"
        ):
            latest[(r["chain"], r["statement"])] = r["decision"]
    accepted: dict[str, set[str]] = {}
    rejected: dict[str, set[str]] = {}
    for (chain, statement), decision in latest.items():
        target = accepted if decision == "accept" else rejected
        target.setdefault(chain, set()).add(statement)
    return Decisions(accepted=accepted, rejected=rejected)
