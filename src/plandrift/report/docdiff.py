"""What changed between two documents: goals kept, dropped, new, numbers changed, softened."""

from __future__ import annotations

import sqlite_utils

from plandrift.compare import query

GROUPS = ("kept", "dropped", "new", "numbers changed", "softened")


def document_diff(db: sqlite_utils.Database, doc_a: str, doc_b: str) -> dict[str, list[str]]:
    """Each group's lines (``title [id]``, with the numbers where they changed)."""
    members = query.members_in_documents(db, (doc_a, doc_b))
    chains = {c.id: c for c in query.list_chains(db)}
    groups: dict[str, list[str]] = {name: [] for name in GROUPS}
    for cid in sorted(members):
        docs = members[cid]
        chain = chains.get(cid)
        line = f"{chain.title if chain else cid} [{cid}]"
        if doc_a in docs and doc_b in docs:
            groups["kept"].append(line)
            a, b = docs[doc_a], docs[doc_b]
            if a and b and sorted(a) != sorted(b):
                groups["numbers changed"].append(f"{line}: {', '.join(a)} → {', '.join(b)}")
            for s in query.chain_drift(db, cid):
                if s["from_doc"] == doc_a and s["to_doc"] == doc_b and "softened" in s["labels"]:
                    groups["softened"].append(line)
        elif doc_a in docs:
            groups["dropped"].append(line)
        else:
            groups["new"].append(line)
    return groups
