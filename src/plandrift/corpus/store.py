"""The corpus tables in SQLite (through sqlite-utils), their migrations and their writes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from . import dbfile, words
from .errors import BadInput
from .models import DocSpec, PageMark, Quantity, SourceFile, Statement
from .parsed import ParsedDocument

CORPUS_TABLES = ("documents", "sections", "articles", "statements", "quantities")


def open_db(
    path: Path | str, *, must_exist: bool = False, check: bool = False
) -> sqlite_utils.Database:
    """Open a plandrift database (or create a new one), refusing any other file: not
    SQLite, another program's, a newer plandrift's or damaged. ``check`` also reads every
    page (quick_check), once per command rather than on every short-lived connection."""
    path = Path(path)
    found = dbfile.inspect(path)
    if found.state == dbfile.MISSING and must_exist:
        raise BadInput(dbfile.refusal(found))
    if found.state not in (dbfile.MISSING, dbfile.EMPTY, dbfile.OURS):
        raise BadInput(dbfile.refusal(found))
    try:
        conn = sqlite3.connect(str(path))
        conn.execute("PRAGMA schema_version").fetchone()
        if check:
            dbfile.check_whole(conn, path)
    except sqlite3.DatabaseError as exc:
        raise BadInput(f"{path}: cannot open it as SQLite ({exc}); give another --db path") from exc
    return sqlite_utils.Database(conn)


# -- migrations -------------------------------------------------------------------------

Migration = Callable[[sqlite_utils.Database], None]


def apply_migrations(
    db: sqlite_utils.Database, scope: str, steps: list[tuple[str, Migration]]
) -> None:
    """Run each named step of ``scope`` once; the names done are kept in ``_migrations``."""
    table = db["_migrations"]
    if not table.exists():
        db.table("_migrations").create({"scope": str, "name": str}, pk=("scope", "name"))
    done = {(r["scope"], r["name"]) for r in db["_migrations"].rows}
    for name, step in steps:
        if (scope, name) not in done:
            step(db)
            db.table("_migrations").insert({"scope": scope, "name": name})


def _m001_tables(db: sqlite_utils.Database) -> None:
    db.table("documents").create(
        {
            "id": str,
            "title": str,
            "kind": str,
            "published": str,
            "year": int,
            "place": str,
            "path": str,
            "sha256": str,
            "chars": int,
            "inferred": str,
            "position": int,
            "raw": str,
        },
        pk="id",
    )
    db.table("sections").create(
        {
            "id": str,
            "doc": str,
            "parent": str,
            "level": int,
            "kind": str,
            "title": str,
            "path": str,
            "start": int,
            "end": int,
        },
        pk="id",
        foreign_keys=[("doc", "documents", "id")],
    )
    db.table("articles").create(
        {"id": str, "doc": str, "title": str, "start": int, "end": int},
        pk="id",
        foreign_keys=[("doc", "documents", "id")],
    )
    db.table("statements").create(
        {
            "id": str,
            "doc": str,
            "section": str,
            "section_path": str,
            "text": str,
            "start": int,
            "end": int,
            "seq": int,
            "kind": str,
            "columns": str,
            "role": str,
            "year": int,
            "repeat_of": str,
            "article": str,
        },
        pk="id",
        foreign_keys=[("doc", "documents", "id")],
    )
    db.table("quantities").create(
        {
            "id": str,
            "statement": str,
            "doc": str,
            "metric": str,
            "value": float,
            "value_hi": float,
            "unit": str,
            "qualifier": str,
            "role": str,
            "year": int,
            "estimate": int,
            "start": int,
            "end": int,
            "text": str,
            "norm_value": float,
            "norm_value_hi": float,
            "norm_unit": str,
        },
        pk="id",
        foreign_keys=[("statement", "statements", "id"), ("doc", "documents", "id")],
    )
    for table, cols in (
        ("sections", ["doc"]),
        ("statements", ["doc"]),
        ("statements", ["repeat_of"]),
        ("quantities", ["statement"]),
        ("quantities", ["metric"]),
    ):
        db.table(table).create_index(cols)
    # Filled by write_search_index on a fresh build, by index_documents on an update.
    db.table("statements").enable_fts(["text"], tokenize="trigram", create_triggers=False)


def _m002_quantity_period(db: sqlite_utils.Database) -> None:
    """Part of the year a quantity covers (1-11月, 前三季度); empty for a whole year."""
    db.table("quantities").add_column("period", str)


def _m003_quantity_column(db: sqlite_utils.Database) -> None:
    """The indicator table column a number stands in (年均 columns hold average growth)."""
    db.table("quantities").add_column("column", str)


def _m004_provenance(db: sqlite_utils.Database) -> None:
    """The file each document's text was extracted from (name, type, sha256 of its bytes),
    where its pages start (JSON ``[[offset, page, column], …]``), and the page (and column)
    each statement starts on."""
    for name in ("source_name", "source_type", "source_sha256", "pages"):
        db.table("documents").add_column(name, str)
    db.table("statements").add_column("page", int)
    db.table("statements").add_column("page_column", int)


def _m005_statement_words(db: sqlite_utils.Database) -> None:
    """Statements cut into words (jieba's, numbers whole) with a full-text index beside the
    trigram one: SQLite has no Chinese tokenizer, and a trigram index needs three
    characters, so 粮食 is found only here. Its rowid is the statement's rowid, so the
    index answers for ``statements`` too (Datasette's ``fts_table``)."""
    db.table("statement_words").create(
        {"id": str, "doc": str, "words": str},
        pk="id",
        foreign_keys=[("id", "statements", "id"), ("doc", "documents", "id")],
    )
    db.table("statement_words").enable_fts(["words"], create_triggers=False)


def _m006_statement_words_doc(db: sqlite_utils.Database) -> None:
    """A document's words are found by its id (adding or taking out one document)."""
    db.table("statement_words").create_index(["doc"])


CORPUS_MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_tables", _m001_tables),
    ("002_quantity_period", _m002_quantity_period),
    ("003_quantity_column", _m003_quantity_column),
    ("004_provenance", _m004_provenance),
    ("005_statement_words", _m005_statement_words),
    ("006_statement_words_doc", _m006_statement_words_doc),
]


def ensure_schema(db: sqlite_utils.Database) -> None:
    apply_migrations(db, "corpus", CORPUS_MIGRATIONS)


# -- writes -----------------------------------------------------------------------------


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Bulk insert with one executemany: sqlite-utils' per-value conversion costs more than
    the whole parse on a corpus this size, and these rows are plain scalars already."""
    if not rows:
        return
    cols = list(rows[0])
    db.conn.executemany(insert_sql(table, cols), [tuple(r[c] for c in cols) for r in rows])


def insert_sql(table: str, cols: Sequence[str]) -> str:
    """``insert into [table] ([a], [b]) values (?, ?)``, for an executemany."""
    return (
        f"insert into [{table}] ({', '.join(f'[{c}]' for c in cols)}) values ({placeholders(cols)})"
    )


Rows = dict[str, list[dict[str, Any]]]  # table -> rows, plain scalars


def document_row(spec: DocSpec, raw: str, position: int) -> dict[str, Any]:
    """A document's row in ``documents``, ``position`` in corpus order."""
    return {
        "id": spec.id,
        "title": spec.title,
        "kind": spec.kind,
        "published": spec.published,
        "year": spec.year,
        "place": spec.place,
        "path": spec.path,
        "sha256": hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        "chars": len(raw),
        "inferred": json.dumps(list(spec.inferred)),
        "position": position,
        "raw": raw,
        "source_name": spec.source.name if spec.source else None,
        "source_type": spec.source.type if spec.source else None,
        "source_sha256": spec.source.sha256 if spec.source else None,
        "pages": _pages_json(spec.pages),
    }


def document_rows(doc: ParsedDocument, position: int) -> Rows:
    """The store stage's rows for one parsed document, table by table: plain values that
    pickle, so a document parsed elsewhere is written here."""
    statements = doc.statements
    return {
        "documents": [document_row(doc.spec, doc.raw, position)],
        "sections": [
            {
                "id": s.id,
                "doc": s.doc,
                "parent": s.parent,
                "level": s.level,
                "kind": s.kind,
                "title": s.title,
                "path": s.path,
                "start": s.start,
                "end": s.end,
            }
            for s in doc.sections
        ],
        "articles": [
            {"id": a.id, "doc": a.doc, "title": a.title, "start": a.start, "end": a.end}
            for a in doc.articles
        ],
        "statements": [
            {
                "id": st.id,
                "doc": st.doc,
                "section": st.section,
                "section_path": st.section_path,
                "text": st.text,
                "start": st.start,
                "end": st.end,
                "seq": st.seq,
                "kind": st.kind,
                "columns": json.dumps(list(st.columns), ensure_ascii=False) if st.columns else None,
                "role": st.role,
                "year": st.year,
                "repeat_of": st.repeat_of,
                "article": st.article,
                "page": st.page,
                "page_column": st.page_column,
            }
            for st in statements
        ],
        "quantities": [
            {
                "id": f"{st.id}:q{n}",
                "statement": st.id,
                "doc": st.doc,
                "metric": q.metric,
                "value": q.value,
                "value_hi": q.value_hi,
                "unit": q.unit,
                "qualifier": q.qualifier,
                "role": q.role,
                "year": q.year,
                "estimate": int(q.estimate),
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "norm_value": q.norm_value,
                "norm_value_hi": q.norm_value_hi,
                "norm_unit": q.norm_unit,
                "period": q.period,
                "column": q.column,
            }
            for st in statements
            for n, q in enumerate(st.quantities, 1)
        ],
        # cut here, in the parse task, so that a pool or a cluster cuts them too: jieba's
        # cuts for the word index are a fifth of a fresh build
        "statement_words": [
            {"id": st.id, "doc": st.doc, "words": words.for_search(st.text or "")}
            for st in statements
        ],
    }


def write_rows(db: sqlite_utils.Database, rows: Rows) -> None:
    """Write one document's rows (``document_rows``)."""
    for table in CORPUS_TABLES:
        insert_rows(db, table, rows.get(table, []))
    db.conn.executemany(  # the word index's rowid is its statement's (see _m005)
        "insert into statement_words (rowid, id, doc, words) "
        "select rowid, id, doc, ? from statements where id = ?",
        [(r["words"], r["id"]) for r in rows.get("statement_words", [])],
    )


def write_document(db: sqlite_utils.Database, doc: ParsedDocument, position: int) -> None:
    """The store stage for one parsed document, ``position`` in corpus order."""
    write_rows(db, document_rows(doc, position))


def _pages_json(pages: tuple[PageMark, ...]) -> str | None:
    return json.dumps([[m.offset, m.page, m.column] for m in pages]) if pages else None


def _pages(value: str | None) -> tuple[PageMark, ...]:
    return tuple(PageMark(o, p, c) for o, p, c in json.loads(value)) if value else ()


def write_search_index(db: sqlite_utils.Database) -> None:
    """Fill both FTS5 indexes (trigrams of the statements, their words as written with
    them) in one pass each."""
    db.table("statements").populate_fts(["text"])
    db.table("statement_words").populate_fts(["words"])


def placeholders(values: Sequence[object]) -> str:
    """``?, ?, ?``: one SQL parameter for each of ``values``."""
    return ", ".join("?" for _ in values)


def index_documents(db: sqlite_utils.Database, doc_ids: Sequence[str]) -> None:
    """Add these documents' statements to both search indexes (a database built already)."""
    for part in _chunks(doc_ids):
        marks, args = placeholders(part), list(part)
        db.execute(
            "insert into statements_fts (rowid, text) "
            f"select rowid, text from statements where doc in ({marks})",
            args,
        )
        db.execute(
            "insert into statement_words_fts (rowid, words) "
            f"select rowid, words from statement_words where doc in ({marks})",
            args,
        )


def delete_documents(db: sqlite_utils.Database, doc_ids: Sequence[str]) -> None:
    """Take these documents and all their rows out, the search index too."""
    for part in _chunks(doc_ids):
        marks, args = placeholders(part), list(part)
        # The index holds no text of its own (content=statements): it is told what goes.
        db.execute(
            "insert into statements_fts (statements_fts, rowid, text) "
            f"select 'delete', rowid, text from statements where doc in ({marks})",
            args,
        )
        db.execute(
            "insert into statement_words_fts (statement_words_fts, rowid, words) "
            f"select 'delete', rowid, words from statement_words where doc in ({marks})",
            args,
        )
        db.execute(f"delete from statement_words where doc in ({marks})", args)
        for table in ("quantities", "statements", "articles", "sections"):
            db.execute(f"delete from [{table}] where doc in ({marks})", args)
        db.execute(f"delete from documents where id in ({marks})", args)


def _chunks(ids: Sequence[str], size: int = 500) -> list[Sequence[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def stored_statements(db: sqlite_utils.Database, doc_ids: Sequence[str]) -> list[list[Statement]]:
    """The statements of these documents as stored, with their quantities, one list per
    document in the order given: what the stages across documents look back on when a
    later document of the same place is parsed."""
    out: list[list[Statement]] = []
    for doc in doc_ids:
        sts: dict[str, Statement] = {}
        for r in db.query("select * from statements where doc = ? order by seq", [doc]):
            sts[r["id"]] = Statement(
                id=r["id"],
                doc=r["doc"],
                section=r["section"],
                section_path=r["section_path"] or "",
                text=r["text"] or "",
                cstart=0,
                cend=0,
                seq=r["seq"],
                kind=r["kind"] or "sentence",
                repeat_of=r["repeat_of"],
                article=r["article"],
                role=r["role"],
                year=r["year"],
                start=r["start"],
                end=r["end"],
            )
        for q in db.query(
            "select * from quantities where statement in "
            "(select id from statements where doc = ?) order by statement, start",
            [doc],
        ):
            if (st := sts.get(q["statement"])) is not None:
                st.quantities.append(
                    Quantity(
                        metric=q["metric"] or "",
                        value=q["value"],
                        value_hi=q["value_hi"],
                        unit=q["unit"] or "",
                        qualifier=q["qualifier"] or "",
                        estimate=bool(q["estimate"]),
                        cstart=0,
                        cend=0,
                        text=q["text"] or "",
                        role=q["role"] or "",
                        year=q["year"],
                        period=q["period"] or "",
                        start=q["start"],
                        end=q["end"],
                    )
                )
        out.append(list(sts.values()))
    return out


def stored_documents(db: sqlite_utils.Database, *, raw: bool = True) -> list[tuple[DocSpec, str]]:
    """Every stored document with its raw text, in corpus order (to rebuild from the DB);
    with ``raw`` False, its text is left out ("")."""
    if not db["documents"].exists():
        return []
    out = []
    cols = (
        "*"
        if raw
        else "id, path, title, kind, published, place, inferred, "
        + ("source_name, source_type, source_sha256, pages, '' as raw")
    )
    for r in db.query(f"select {cols} from documents order by position"):
        spec = DocSpec(
            id=r["id"],
            path=r["path"],
            title=r["title"],
            kind=r["kind"],
            published=r["published"],
            place=r["place"],
            inferred=tuple(json.loads(r["inferred"] or "[]")),
            source=SourceFile(r["source_name"], r["source_type"], r["source_sha256"])
            if r.get("source_name")
            else None,
            pages=_pages(r.get("pages")),
        )
        out.append((spec, r["raw"]))
    return out
