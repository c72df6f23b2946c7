"""The app's one door to the database: compare's query and review functions, nothing else.

SQLite connections belong to the thread that opened them, and workers run in threads, so
every call opens its own short-lived connection instead of sharing one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from plandrift.compare import query, review
from plandrift.compare.query import (
    ChainDetail,
    ChainFilter,
    ChainRow,
    DocumentRow,
    SectionRow,
    Source,
    StatementHit,
    page_label,
)

__all__ = [
    "ChainDetail",
    "ChainFilter",
    "ChainRow",
    "DocumentRow",
    "Library",
    "SectionRow",
    "Source",
    "StatementHit",
    "page_label",
]


class Library:
    """A built plandrift database seen through compare's API."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextmanager
    def db(self) -> Iterator:
        db = query.open_database(self.path)
        try:
            yield db
        finally:
            db.conn.close()

    def chains(self, flt: ChainFilter | None = None) -> list[ChainRow]:
        with self.db() as db:
            return query.list_chains(db, flt)

    def chain(self, chain_id: str) -> ChainDetail | None:
        with self.db() as db:
            return query.get_chain(db, chain_id)

    def documents(self) -> list[DocumentRow]:
        with self.db() as db:
            return query.list_documents(db)

    def raw(self, doc: str) -> str:
        with self.db() as db:
            return query.document_raw(db, doc) or ""

    def sections(self, doc: str) -> list[SectionRow]:
        with self.db() as db:
            return query.document_sections(db, doc)

    def search(self, text: str) -> list[StatementHit]:
        with self.db() as db:
            return query.search_statements(db, text)

    def source(self, statement: str) -> Source | None:
        with self.db() as db:
            return query.statement_source(db, statement)

    def statuses(self) -> dict[str, int]:
        with self.db() as db:
            return query.statuses(db)

    def record(
        self,
        chain_id: str,
        *,
        statement: str | None = None,
        decision: str | None = None,
        note: str | None = None,
    ) -> None:
        """Store a decision or note through compare, which keeps it across rebuilds."""
        with self.db() as db:
            review.record_review(db, chain_id, statement=statement, decision=decision, note=note)

    def report(self, flt: ChainFilter) -> str:
        """The markdown report of the filtered goals (compare.report may still be in progress)."""
        try:
            from plandrift.report.render import render_markdown
        except ImportError as exc:
            raise RuntimeError("markdown reports are not available in this build yet") from exc
        with self.db() as db:
            return render_markdown(db, flt)


def build(path: Path) -> str:
    """Build the bundled corpus into ``path``; returns a one-line summary."""
    from plandrift.workspace import build as workspace

    s = workspace.build_corpus(path)
    return f"built {path}: {s.documents} documents, {s.statements} statements, {s.chains} goals"
