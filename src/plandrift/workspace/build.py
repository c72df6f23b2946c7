"""Build or extend a database atomically, keeping every human review.

Everything is written into a temporary file beside the target and moved over it only when
complete, so a failure leaves the old database exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from plandrift.compare import align
from plandrift.compare import store as compare_store
from plandrift.corpus import build as corpus_build
from plandrift.corpus import manifest
from plandrift.corpus.errors import BadInput
from plandrift.corpus.models import DocSpec
from plandrift.corpus.progress import Progress, silent
from plandrift.corpus.store import open_db, stored_documents


@dataclass
class BuildSummary:
    documents: int
    statements: int
    quantities: int
    chains: int
    reviews_kept: int


def check_writable(path: Path) -> None:
    if path.exists():
        open_db(path).conn.close()  # refuses non-SQLite files
        if not os.access(path, os.W_OK):
            raise BadInput(
                f"{path}: the database is read-only; make it writable or give another --db"
            )
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise BadInput(f"{parent}: no such folder for the database; create it or give another --db")
    if not os.access(parent, os.W_OK):
        raise BadInput(f"{parent}: cannot write there; give a --db path in a writable folder")


def existing_documents(path: Path) -> list[tuple[DocSpec, str]]:
    if not path.exists():
        return []
    db = open_db(path)
    try:
        return stored_documents(db)
    finally:
        db.conn.close()


def rebuild(
    path: Path, docs: list[tuple[DocSpec, str]], progress: Progress = silent
) -> BuildSummary:
    """Parse ``docs``, link them, carry reviews over from ``path``, then swap the file in."""
    check_writable(path)
    parsed = corpus_build.parse_all(docs, progress)
    tmp = path.with_name(f".{path.name}.building-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        db = open_db(tmp)
        # A fresh file that is renamed into place only when complete: no journal is needed.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        with db.conn:
            corpus_build.write(db, parsed, progress)
            compare_store.ensure_schema(db)
            kept = _copy_reviews(db, path)
            align.link(db, progress=progress)
        summary = BuildSummary(
            documents=db["documents"].count,
            statements=db["statements"].count,
            quantities=db["quantities"].count,
            chains=db["chains"].count,
            reviews_kept=kept,
        )
        db.conn.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return summary


def _copy_reviews(db, old: Path) -> int:
    if not old.exists():
        return 0
    src = sqlite3.connect(str(old))
    try:
        has = src.execute(
            "select 1 from sqlite_master where type='table' and name='reviews'"
        ).fetchone()
        if not has:
            return 0
        cur = src.execute("select * from reviews order by id")
        cols = [c[0] for c in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur]
    finally:
        src.close()
    if rows:
        db["reviews"].insert_all(rows, alter=True)
    return len(rows)


def build_corpus(
    path: Path, corpus_dir: Path | None = None, progress: Progress = silent
) -> BuildSummary:
    """Build ``path`` from a corpus folder (default: the bundled corpus)."""
    folder = corpus_dir or manifest.bundled_corpus()
    return rebuild(path, corpus_build.load(manifest.load_manifest(folder)), progress)
