"""Build, add, re-link and review a database all or nothing, keeping every human review.

Every writer holds the database's lock (see ``files``) from its first read to its last
write. A build or an add writes a new file, a re-link (and a decision that re-links) works
on a copy; either is moved over the database only when complete. A note, or a decision
without re-linking, is one SQLite transaction in place. So a failure or a signal leaves
the old database as it was, and a decision recorded while a build runs waits for the build
and is written into the finished database.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from plandrift.compare import align
from plandrift.compare import store as compare_store
from plandrift.compare.lexicon import Lexicon
from plandrift.compare.review import record_review
from plandrift.corpus import build as corpus_build
from plandrift.corpus import dbfile, manifest
from plandrift.corpus.errors import BadInput
from plandrift.corpus.models import DocSpec
from plandrift.corpus.progress import Progress, silent
from plandrift.corpus.store import open_db, stored_documents

from . import files

OnWait = Callable[[str], None] | None
T = TypeVar("T")


@dataclass
class BuildSummary:
    documents: int
    statements: int
    quantities: int
    chains: int
    reviews_kept: int


def _target(path: Path, *, damaged_ok: bool = False) -> dbfile.DbFile:
    """What is at ``path``, refused unless plandrift may write it: missing, empty or ours
    (and damaged but ours, for a build that replaces it)."""
    found = dbfile.inspect(path)
    if found.state in (dbfile.MISSING, dbfile.EMPTY):
        return found
    if found.state == dbfile.OURS or (found.state == dbfile.DAMAGED and found.ours and damaged_ok):
        if not os.access(path, os.W_OK):
            raise BadInput(
                f"{path}: the database is read-only; make it writable or give another --db"
            )
        return found
    raise BadInput(dbfile.refusal(found))


def _old_reviews(path: Path, found: dbfile.DbFile) -> list[dict]:
    """The reviews to carry into a new build; a build never goes on without them."""
    if found.state not in (dbfile.OURS, dbfile.DAMAGED):
        return []
    try:
        src = dbfile.connect(path)
        try:
            has = src.execute(
                "select 1 from sqlite_master where type = 'table' and name = 'reviews'"
            ).fetchone()
            if not has:
                return []
            cur = src.execute("select * from reviews order by id")
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, r, strict=True)) for r in cur]
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise BadInput(
            f"{path}: the database is damaged and its reviews cannot be read ({exc}); move it "
            f"aside (mv {path} {path}.damaged) and build again to start without them"
        ) from exc


def _refuse_nul(docs: list[tuple[DocSpec, str]]) -> None:
    for spec, raw in docs:
        at = raw.find("\x00")
        if at >= 0:
            raise BadInput(
                f"{spec.path}: holds a NUL character (at character {at}), so it looks like a "
                "binary file; give a plain-text document"
            )


def _write(
    real: Path, docs: list[tuple[DocSpec, str]], reviews: list[dict], progress: Progress
) -> BuildSummary:
    """Parse and link ``docs`` into a new temporary file, then move it over ``real``."""
    _refuse_nul(docs)
    parsed = corpus_build.parse_all(docs, progress)
    tmp = files.new_temp(real)
    db = open_db(tmp)
    try:
        # A fresh file that is moved into place only when complete: no journal is needed.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        with db.conn:
            corpus_build.write(db, parsed, progress)
            compare_store.ensure_schema(db)
            if reviews:
                db.table("reviews").insert_all(reviews, alter=True)
            align.link(db, progress=progress)
        dbfile.mark(db.conn)
        summary = BuildSummary(
            documents=db["documents"].count,
            statements=db["statements"].count,
            quantities=db["quantities"].count,
            chains=db["chains"].count,
            reviews_kept=len(reviews),
        )
    finally:
        db.conn.close()
    files.finish(tmp, real)
    return summary


def rebuild(
    path: Path,
    docs: list[tuple[DocSpec, str]],
    progress: Progress = silent,
    *,
    on_wait: OnWait = None,
) -> BuildSummary:
    """Parse ``docs``, link them, carry reviews over from ``path``, then swap the file in."""
    path = Path(path)
    with files.writing(path, "build", on_wait=on_wait) as real:
        found = _target(path, damaged_ok=True)
        return _write(real, docs, _old_reviews(path, found), progress)


def add_documents(
    path: Path,
    new: list[tuple[DocSpec, str]],
    progress: Progress = silent,
    *,
    on_wait: OnWait = None,
) -> BuildSummary:
    """Rebuild ``path`` with its stored documents and ``new`` ones, reviews kept. The stored
    ones are read holding the lock, so two adds at once both land."""
    path = Path(path)
    with files.writing(path, "add", on_wait=on_wait) as real:
        found = _target(path)
        existing: list[tuple[DocSpec, str]] = []
        if found.state == dbfile.OURS:
            db = _open_built(path)
            try:
                existing = stored_documents(db)
            finally:
                db.conn.close()
        have = {spec.id for spec, _ in existing}
        for spec, _ in new:
            if spec.id in have:
                raise BadInput(f"document id {spec.id!r} is already in {path}; give another --id")
        return _write(real, existing + new, _old_reviews(path, found), progress)


def _open_built(path: Path) -> sqlite_utils.Database:
    """The database at ``path``, every page checked, refused unless a build filled it."""
    db = open_db(path, must_exist=True, check=True)
    if not db["documents"].exists():
        db.conn.close()
        raise BadInput(dbfile.refusal(dbfile.DbFile(path, dbfile.EMPTY)))
    return db


def _copy(path: Path, real: Path) -> Path:
    """A checked copy of the database in this writer's temporary file."""
    src = _open_built(path)
    try:
        tmp = files.new_temp(real)
        dst = sqlite3.connect(str(tmp))
        try:
            src.conn.backup(dst)
        finally:
            dst.close()
    finally:
        src.conn.close()
    return tmp


def _relinked(path: Path, real: Path, work: Callable[[sqlite_utils.Database], T]) -> T:
    """Run ``work(db)`` and a re-link on a copy of the database, then swap the copy in."""
    _target(path)
    tmp = _copy(path, real)
    db = open_db(tmp)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        result = work(db)
        dbfile.mark(db.conn)
    finally:
        db.conn.close()
    files.finish(tmp, real)
    return result


def relink(
    path: Path,
    lexicon: Lexicon | None = None,
    progress: Progress = silent,
    *,
    on_wait: OnWait = None,
) -> int:
    """Re-link the goals of a built database (e.g. with another lexicon); the chain count."""
    path = Path(path)

    def work(db: sqlite_utils.Database) -> int:
        with db.conn:
            return align.link(db, lexicon, progress)

    with files.writing(path, "link", on_wait=on_wait) as real:
        return _relinked(path, real, work)


def review(
    path: Path,
    chain_id: str,
    *,
    statement: str | None = None,
    decision: str | None = None,
    note: str | None = None,
    relink: bool = False,
    wait: float | None = None,
    on_wait: OnWait = None,
    progress: Progress = silent,
) -> dict:
    """Record one decision or note (see compare.review); with ``relink`` the goals are
    re-linked with it at once, on a copy swapped in whole."""
    path = Path(path)

    def record(db: sqlite_utils.Database) -> dict:
        return record_review(db, chain_id, statement=statement, decision=decision, note=note)

    with files.writing(path, "review", wait=wait, on_wait=on_wait) as real:
        if relink:

            def work(db: sqlite_utils.Database) -> dict:
                row = record(db)
                with db.conn:
                    align.link(db, progress=progress)
                return row

            return _relinked(path, real, work)
        _target(path)
        db = _open_built(path)
        try:
            with files.final():  # the commit is the write: a signal after it stops nothing
                return record(db)
        finally:
            db.conn.close()


def build_corpus(
    path: Path, corpus_dir: Path | None = None, progress: Progress = silent
) -> BuildSummary:
    """Build ``path`` from a corpus folder (default: the bundled corpus)."""
    folder = corpus_dir or manifest.bundled_corpus()
    return rebuild(path, corpus_build.load(manifest.load_manifest(folder)), progress)
