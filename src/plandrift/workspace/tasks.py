"""The two kinds of work a build hands out, as functions of plain, picklable values, so that
they run the same in this process, in a pool of processes or on a Dask cluster's workers,
and the database is written in one place only (the caller's).

- ``parse``: one place's documents to parse (spec, text, position in the corpus) and the
  statements of its documents read already → each document's rows;
- ``link``: one place's rows (a small SQLite database, serialized) → its goals' rows and
  its statements' signals (``compare.signal_store``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from plandrift.compare import align
from plandrift.compare import store as compare_store
from plandrift.compare.lexicon import Lexicon
from plandrift.corpus import build as corpus_build
from plandrift.corpus import store
from plandrift.corpus.models import DocSpec, Statement

LINKED_TABLES = ("chains", "chain_members", "promises")  # in the order they are written
KEPT_TABLES = (compare_store.SIGNALS_TABLE, compare_store.CUTS_TABLE)  # work for the next link


@dataclass(frozen=True)
class ParseJob:
    """One place's documents to parse, after ``before`` (its documents read already)."""

    place: str
    docs: tuple[tuple[DocSpec, str, int], ...]  # spec, text, position in corpus order
    before: tuple[tuple[Statement, ...], ...] = ()


def parse(job: ParseJob) -> list[store.Rows]:
    """Every corpus stage of the job's documents: their rows, document by document."""
    parsed = corpus_build.parse_place(
        [(spec, raw) for spec, raw, _ in job.docs], [list(sts) for sts in job.before]
    )
    return [
        store.document_rows(doc, position)
        for doc, (_, _, position) in zip(parsed, job.docs, strict=True)
    ]


@dataclass(frozen=True)
class LinkJob:
    """One place's rows to link: ``part`` is a serialized SQLite database holding only its
    documents, statements, quantities, kept signals and cuts, and the reviews of its
    statements."""

    place: str
    part: bytes
    lexicon: Lexicon
    several: bool  # whether the corpus holds several places (the part holds one)


Linked = dict[str, tuple[list[str], list[tuple[Any, ...]]]]  # table -> (columns, rows)


def link(job: LinkJob) -> Linked:
    """The place's goals, promises, members and signals, as rows for the caller to write."""
    conn = sqlite3.connect(":memory:")
    conn.deserialize(job.part)
    db = sqlite_utils.Database(conn)
    with db.atomic():
        align.link(db, job.lexicon, several=job.several)
    out: Linked = {}
    for table in (*LINKED_TABLES, *KEPT_TABLES):
        cur = conn.execute(f"select * from [{table}] order by rowid")
        out[table] = ([c[0] for c in cur.description], cur.fetchall())
    conn.close()
    return out


def partition(db: sqlite_utils.Database, place: str) -> bytes:
    """A database holding one place's rows that ``link`` reads, serialized to send."""
    part = sqlite_utils.Database(sqlite3.connect(":memory:"))
    store.ensure_schema(part)
    compare_store.ensure_schema(part)
    docs = [
        r["id"] for r in db.query("select id from documents where coalesce(place, '') = ?", [place])
    ]
    cuts = compare_store.CUTS_TABLE
    _copy(db, part, cuts, f"select * from [{cuts}] where place = ?", [place])
    for chunk in (docs[i : i + 500] for i in range(0, len(docs), 500)):
        marks = store.placeholders(chunk)
        for table, sql in (
            ("documents", f"select * from documents where id in ({marks})"),
            ("statements", f"select * from statements where doc in ({marks})"),
            (
                "quantities",
                "select q.* from statements s join quantities q on q.statement = s.id "
                f"where s.doc in ({marks})",
            ),
            (
                compare_store.SIGNALS_TABLE,
                f"select * from [{compare_store.SIGNALS_TABLE}] where doc in ({marks})",
            ),
            (
                "reviews",
                "select r.* from reviews r join statements s on s.id = r.statement "
                f"where s.doc in ({marks})",
            ),
        ):
            _copy(db, part, table, sql, list(chunk))
    data = part.conn.serialize()
    part.conn.close()
    return data


def _copy(
    src: sqlite_utils.Database, dst: sqlite_utils.Database, table: str, sql: str, args: list[str]
) -> None:
    cur = src.conn.execute(sql, args)
    dst.conn.executemany(store.insert_sql(table, [c[0] for c in cur.description]), cur)


def write_linked(db: sqlite_utils.Database, place: str, linked: Linked) -> int:
    """Write what ``link`` returned for ``place``; the number of chains."""
    for table in LINKED_TABLES:
        cols, rows = linked[table]
        if rows:
            db.conn.executemany(store.insert_sql(table, cols), rows)
    # The work kept for the next link: the place's signals, old and new (the new replace
    # the old), and the cuts this link asked for (in place of the last link's).
    cols, rows = linked[compare_store.SIGNALS_TABLE]
    if rows:
        sql = store.insert_sql(compare_store.SIGNALS_TABLE, cols)
        db.conn.executemany(sql.replace("insert into", "insert or replace into", 1), rows)
    cols, rows = linked[compare_store.CUTS_TABLE]
    db.execute(f"delete from [{compare_store.CUTS_TABLE}] where place = ?", [place])
    if rows:
        db.conn.executemany(store.insert_sql(compare_store.CUTS_TABLE, cols), rows)
    return len(linked["chains"][1])


def stored_before(
    db: sqlite_utils.Database, kept: Sequence[str]
) -> tuple[tuple[Statement, ...], ...]:
    """The stored statements of a place's kept documents, for a ``ParseJob``."""
    return tuple(tuple(sts) for sts in store.stored_statements(db, kept))
