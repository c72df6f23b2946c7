"""The app's one door to the database: compare's query and review functions, nothing else.

SQLite connections belong to the thread that opened them, and workers run in threads, so
every call opens its own short-lived connection instead of sharing one.

Every string that comes through this door is made safe to draw (report.safe.terminal):
document text never reaches the terminal as an escape sequence. The one exception is a
document's raw text, whose offsets must stay exact: the screens that show it pass each
slice through the same function.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from plandrift.compare import query
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
from plandrift.report import safe

T = TypeVar("T")

REVIEW_WAIT = 5.0  # seconds a decision waits for a running build before it is refused

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


_FIELDS: dict[type, tuple[str, ...]] = {}
_SCALARS = frozenset({type(None), int, float, bool})


def drawable(value: T) -> T:
    """``value`` with every string in it passed through safe.terminal (dataclasses, lists,
    tuples and dict values, recursively); the same object back when nothing changed."""
    return cast(T, _drawable(value))


def _drawable(v: Any) -> Any:
    kind = type(v)
    if kind in _SCALARS:  # most values: answered before any other test
        return v
    if kind is str:
        return safe.terminal(v)
    if kind is list or kind is tuple:
        items = [_drawable(x) for x in v]
        if all(a is b for a, b in zip(items, v, strict=True)):
            return v
        return items if kind is list else tuple(items)
    if kind is dict:
        cleaned = {k: _drawable(x) for k, x in v.items()}
        return v if all(cleaned[k] is x for k, x in v.items()) else cleaned
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(v) if f.init)
        changed = {}
        for name in names:
            old = getattr(v, name)
            new = _drawable(old)
            if new is not old:
                changed[name] = new
        return dataclasses.replace(v, **changed) if changed else v
    return v


class Library:
    """A built plandrift database seen through compare's API."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._checked = False

    @contextmanager
    def db(self) -> Iterator:
        # Every page is read once per app, not on every short-lived connection.
        db = query.open_database(self.path, check=not self._checked)
        self._checked = True
        try:
            yield db
        finally:
            db.conn.close()

    def chains(self, flt: ChainFilter | None = None) -> list[ChainRow]:
        with self.db() as db:
            return drawable(query.list_chains(db, flt))

    def chain(self, chain_id: str) -> ChainDetail | None:
        with self.db() as db:
            return drawable(query.get_chain(db, chain_id))

    def documents(self) -> list[DocumentRow]:
        with self.db() as db:
            return drawable(query.list_documents(db))

    def raw(self, doc: str) -> str:
        """The raw text, offsets exact: draw only slices of it, through safe.terminal."""
        with self.db() as db:
            return query.document_raw(db, doc) or ""

    def sections(self, doc: str) -> list[SectionRow]:
        with self.db() as db:
            return drawable(query.document_sections(db, doc))

    def search(self, text: str) -> list[StatementHit]:
        with self.db() as db:
            return drawable(query.search_statements(db, text))

    def source(self, statement: str) -> Source | None:
        """The statement in its raw text (kept exact, like ``raw``); the rest made safe."""
        with self.db() as db:
            src = query.statement_source(db, statement)
        if src is None:
            return None
        return dataclasses.replace(drawable(dataclasses.replace(src, raw="")), raw=src.raw)

    def statuses(self) -> dict[str, int]:
        with self.db() as db:
            return drawable(query.statuses(db))

    def unfinished(self) -> str | None:
        """Whether the last write to the database was stopped before it finished."""
        from plandrift.workspace import files

        return files.unfinished(self.path)

    def record(
        self,
        chain_id: str,
        *,
        statement: str | None = None,
        decision: str | None = None,
        note: str | None = None,
    ) -> None:
        """Store a decision or note through compare, which keeps it across rebuilds. It
        takes the writer lock, so a decision made while a build runs waits for it (a few
        seconds at most, then it is refused with a message, never lost in silence)."""
        from plandrift.workspace import build as workspace

        workspace.review(
            self.path,
            chain_id,
            statement=statement,
            decision=decision,
            note=note,
            wait=REVIEW_WAIT,
        )

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
