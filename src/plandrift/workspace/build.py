"""Build, extend, re-link and review a database all or nothing, keeping every human review.

Every writer holds the database's lock (``files``) from its first read to its last write.
A fresh build writes a temporary file beside the database that is moved over it only when
complete; every other write (an update, a re-link, a review) is one SQLite transaction on
the database itself. So a failure or a signal leaves the old database as it was, and a
decision recorded while a build runs waits for the build and is written into the finished
database.

Goals never cross places and a document's parse looks back only on the earlier documents
of its place, so a build works in partitions: each place's documents are parsed, written
and linked before the next place's, and memory holds one place, not the corpus.

- A fresh build (no database yet, or one that another plandrift version built) writes a
  new file, reviews copied into it.
- A database that this code built (its ``fingerprint``) is brought up to date in place:
  only the documents that changed are parsed again (with the later documents of their
  place, whose repeats may depend on them), against the stored statements of the earlier
  ones; only their places are linked again; every other place keeps its goals, promises
  and ids.

The parse and link tasks (``tasks``) run on a ``runners.Runner``: here, in local processes,
or on a Dask cluster. The database is written here only.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

import plandrift
from plandrift.compare import align
from plandrift.compare import store as compare_store
from plandrift.compare.lexicon import ENV as LEXICON_ENV
from plandrift.compare.lexicon import Lexicon
from plandrift.compare.lexicon import load as load_lexicon
from plandrift.compare.review import decisions, record_review
from plandrift.corpus import build as corpus_build
from plandrift.corpus import dbfile, manifest
from plandrift.corpus import store as corpus_store
from plandrift.corpus.errors import BadInput
from plandrift.corpus.models import DocSpec
from plandrift.corpus.progress import Progress, silent
from plandrift.corpus.store import open_db, placeholders, stored_documents

from . import files, tasks
from .runners import Inline, Runner

OnWait = Callable[[str], None] | None
T = TypeVar("T")
BUILD_TABLE = "plandrift_build"  # key -> value: what built the database (its fingerprint)


@dataclass
class BuildSummary:
    documents: int
    statements: int
    quantities: int
    chains: int
    reviews_kept: int
    parsed: list[str] = field(default_factory=list)  # the documents parsed (the rest kept)
    linked: list[str] = field(default_factory=list)  # the places linked again
    fresh: bool = True  # written anew (False: brought up to date from the stored one)
    specs: list[DocSpec] = field(default_factory=list)  # every document, in corpus order


# -- what is at the --db path ----------------------------------------------------------------


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


def _old_reviews(path: Path, found: dbfile.DbFile) -> list[dict[str, Any]]:
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


def _refuse_nul(spec: DocSpec, raw: str) -> None:
    at = raw.find("\x00")
    if at >= 0:
        raise BadInput(
            f"{spec.path}: holds a NUL character (at character {at}), so it looks like a "
            "binary file; give a plain-text document"
        )


def _open_built(path: Path) -> sqlite_utils.Database:
    """The database at ``path``, every page checked, refused unless a build filled it."""
    db = open_db(path, must_exist=True, check=True)
    if not db["documents"].exists():
        db.conn.close()
        raise BadInput(dbfile.refusal(dbfile.DbFile(path, dbfile.EMPTY)))
    return db


def fingerprint() -> str:
    """What builds a database: a hash of the code and data that parse and link (and of the
    lexicon named by $PLANDRIFT_LEXICON). A database another version built is built anew,
    never patched with this version's rows."""
    root = Path(plandrift.__file__).parent
    h = hashlib.sha256()
    for part in ("corpus", "compare", "workspace"):
        for f in sorted((root / part).rglob("*")):
            if f.suffix in (".py", ".toml", ".json", ".txt") and f.is_file():
                h.update(f.relative_to(root).as_posix().encode())
                h.update(f.read_bytes())
    if user := os.environ.get(LEXICON_ENV):
        h.update(Path(user).read_bytes() if Path(user).is_file() else user.encode())
    return h.hexdigest()[:16]


def _stamp(db: sqlite_utils.Database, value: str | None, lexicon: str | None = None) -> None:
    """Record what built ``db`` (None: no build of this code's, e.g. linked with another
    lexicon, so the next build makes it anew), and the lexicon its goals were linked with:
    the bundled one, or a file named with the hash of what it held then."""
    db.execute(f"create table if not exists [{BUILD_TABLE}] (key text primary key, value text)")
    db.execute(f"delete from [{BUILD_TABLE}] where key in ('fingerprint', 'lexicon')")
    if value:
        db.execute(f"insert into [{BUILD_TABLE}] values ('fingerprint', ?)", [value])
    source = lexicon or os.environ.get(LEXICON_ENV)
    if source and Path(source).is_file():
        digest = hashlib.sha256(Path(source).read_bytes()).hexdigest()[:16]
        said = f"{Path(source).resolve()} (sha256 {digest}) over the bundled lexicon"
    else:
        said = "bundled"
    db.execute(f"insert into [{BUILD_TABLE}] values ('lexicon', ?)", [said])


def _stored_fingerprint(db: sqlite_utils.Database) -> str | None:
    if not db[BUILD_TABLE].exists():
        return None
    got = db.execute(f"select value from [{BUILD_TABLE}] where key = 'fingerprint'").fetchone()
    return str(got[0]) if got else None


def _current(path: Path, *, whole: bool = True) -> bool:
    """Whether ``path`` is a database that this code built (its fingerprint is this code's)
    and, with ``whole``, every page of it reads (a damaged one is built anew, its reviews
    kept). Without ``whole`` a damaged page is found only if the write reads it."""
    db = open_db(path)
    try:
        try:
            if whole:
                dbfile.check_whole(db.conn, path)
        except BadInput:
            return False
        if not (db["documents"].exists() and db["chains"].exists()):
            return False
        return _stored_fingerprint(db) == fingerprint()
    finally:
        db.conn.close()


# -- the writes --------------------------------------------------------------------------------


def _fresh(
    real: Path,
    docs: Iterable[tuple[DocSpec, str]],
    reviews: list[dict[str, Any]],
    runner: Runner,
    progress: Progress,
) -> BuildSummary:
    """Parse and link ``docs`` into a new temporary file, then move it over ``real``."""
    tmp = files.new_temp(real)
    db = open_db(tmp)
    try:
        # A fresh file that is moved into place only when complete: no journal is needed.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        with db.atomic():
            corpus_store.ensure_schema(db)
            compare_store.ensure_schema(db)
            if reviews:
                db.table("reviews").insert_all(reviews, alter=True)
            summary = _update(db, docs, runner, True, progress=progress)
            summary.reviews_kept = len(reviews)
            _stamp(db, fingerprint())
        dbfile.mark(db.conn)
    finally:
        db.conn.close()
    files.finish(tmp, real)
    return summary


# Pages an update holds in memory before it must write into the file (KiB): until then
# readers go on reading the last commit while it works.
UPDATE_CACHE_KIB = 262144
COMMIT_WAIT_MS = 60000  # how long a commit waits for readers to finish their reads


def _in_place(
    path: Path, real: Path, work: Callable[[sqlite_utils.Database], T], *, checked: bool = False
) -> T:
    """Run ``work(db)`` in one SQLite transaction on the database itself. The rollback
    journal makes it all or nothing: an error or a signal rolls it back, and after a
    SIGKILL the next connection does (a hot journal that a killed writer left is rolled
    back by the first read, so the work starts from the last commit). Nothing is copied,
    so the cost is what the work changes, not the size of the file. ``checked``: every
    page of ``path`` was read already in this write (``_current``)."""
    _target(path)
    files.marker(real)
    db = open_db(path) if checked else _open_built(path)
    try:
        db.execute(f"PRAGMA cache_size = -{UPDATE_CACHE_KIB}")
        db.execute(f"PRAGMA busy_timeout = {COMMIT_WAIT_MS}")
        db.conn.execute("begin immediate")
        try:
            result = work(db)
            dbfile.mark(db.conn)
        except BaseException:
            db.conn.rollback()
            raise
        with files.final():  # the commit is the write: a signal after it stops nothing
            db.conn.commit()
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "malformed" not in str(exc):
            raise  # locked, full, read-only: not the file's fault
        raise BadInput(dbfile.refusal(dbfile.DbFile(path, dbfile.DAMAGED, str(exc), True))) from exc
    finally:
        db.conn.close()
    return result


def rebuild(
    path: Path,
    docs: Iterable[tuple[DocSpec, str]],
    runner: Runner | None = None,
    progress: Progress = silent,
    *,
    on_wait: OnWait = None,
) -> BuildSummary:
    """Make ``path`` the database of ``docs``: anew, or from the stored one where this code
    built it (see the module's docstring). Reviews are kept either way. ``docs`` may come
    one at a time (``corpus.build.read_each``): each text is set aside in a temporary table
    as it comes, so memory holds one place's texts at a time, not the corpus's."""
    path, runner = Path(path), runner or Inline()
    with files.writing(path, "build", on_wait=on_wait) as real:
        found = _target(path, damaged_ok=True)
        if found.state == dbfile.OURS and _current(path):
            return _in_place(
                path,
                real,
                lambda db: _update(db, docs, runner, False, None, progress),
                checked=True,
            )
        return _fresh(real, docs, _old_reviews(path, found), runner, progress)


def add_documents(
    path: Path,
    new: list[tuple[DocSpec, str]],
    runner: Runner | None = None,
    progress: Progress = silent,
    *,
    on_wait: OnWait = None,
) -> BuildSummary:
    """Add ``new`` documents to the database at ``path``, reviews kept. On a database this
    code built the stored documents are not parsed again: only the new ones (and any later
    documents of their place) are, and only their places linked again. The stored ones are
    read holding the lock, so two adds at once both land."""
    path, runner = Path(path), runner or Inline()
    with files.writing(path, "add", on_wait=on_wait) as real:
        found = _target(path)
        if found.state != dbfile.OURS:
            return _fresh(real, new, [], runner, progress)
        # An add reads what it changes, not every page: its cost is one place's, not the
        # file's (a damaged page it reads is refused like any other).
        current = _current(path, whole=False)
        db = open_db(path) if current else _open_built(path)
        try:
            have = {r["id"] for r in db.query("select id from documents")}
            stored = stored_documents(db, raw=not current)
        finally:
            db.conn.close()
        for spec, _ in new:
            if spec.id in have:
                raise BadInput(f"document id {spec.id!r} is already in {path}; give another --id")
        if not current:
            return _fresh(real, stored + new, _old_reviews(path, found), runner, progress)
        kept = {s.id for s, _ in stored}
        return _in_place(
            path,
            real,
            lambda db: _update(db, stored + new, runner, False, kept, progress),
            checked=True,
        )


def relink(
    path: Path,
    lexicon: str | None = None,
    progress: Progress = silent,
    *,
    on_wait: OnWait = None,
) -> int:
    """Link every place again, with the bundled lexicon or the one at ``lexicon`` merged
    over it; the number of chains. Linked with a lexicon of its own, the database no
    longer counts as this code's build: the next build or add makes it anew."""
    path = Path(path)
    lex = load_lexicon(lexicon)

    def work(db: sqlite_utils.Database) -> int:
        n = align.link(db, lex, progress=progress)
        _stamp(db, None if lexicon else _stored_fingerprint(db), lexicon)
        return n

    with files.writing(path, "link", on_wait=on_wait) as real:
        return _in_place(path, real, work)


def _statement_places(db: sqlite_utils.Database, statement: str) -> list[str]:
    return [
        r["place"]
        for r in db.query(
            "select coalesce(d.place, '') as place from statements s "
            "join documents d on d.id = s.doc where s.id = ?",
            [statement],
        )
    ]


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
) -> dict[str, Any]:
    """Record one decision or note (see compare.review); with ``relink`` the place of the
    statement is linked again with it at once, in the same transaction."""
    path = Path(path)

    def record(db: sqlite_utils.Database) -> dict[str, Any]:
        return record_review(db, chain_id, statement=statement, decision=decision, note=note)

    with files.writing(path, "review", wait=wait, on_wait=on_wait) as real:
        if relink:

            def work(db: sqlite_utils.Database) -> dict[str, Any]:
                row = record(db)
                places = _statement_places(db, statement) if statement else None
                align.link(db, places=places, progress=progress)
                return row

            return _in_place(path, real, work)
        _target(path)
        db = _open_built(path)
        try:
            with files.final():  # the commit is the write: a signal after it stops nothing
                return record(db)
        finally:
            db.conn.close()


def build_corpus(
    path: Path,
    corpus_dir: Path | None = None,
    runner: Runner | None = None,
    progress: Progress = silent,
) -> BuildSummary:
    """Build ``path`` from a corpus folder (default: the bundled corpus), texts read one
    at a time."""
    folder = corpus_dir or manifest.bundled_corpus()
    return rebuild(path, corpus_build.read_each(manifest.load_manifest(folder)), runner, progress)


# -- the update itself: what to keep, parse and link again ------------------------------------


# What a document's parse depends on; its path alone may change (a corpus folder moved).
_COMPARED = (
    "id title kind published year place sha256 chars inferred "
    "source_name source_type source_sha256 pages"
).split()


@dataclass
class _Plan:
    keep: dict[str, list[str]]  # place -> its documents kept as stored, in corpus order
    parse: dict[str, list[tuple[DocSpec, str, int]]]  # place -> documents to parse
    drop: list[str]  # stored documents to take out (changed, moved or gone)
    positions: dict[str, int]  # every document's position in corpus order
    paths: dict[str, str]  # every document's path


def _stage(
    db: sqlite_utils.Database, docs: Iterable[tuple[DocSpec, str]], stored_ids: set[str]
) -> tuple[list[tuple[DocSpec, str]], dict[str, dict[str, Any]]]:
    """Set each text aside in the temporary table ``texts`` as it comes: the documents in
    corpus order with their texts left out (""), and each one's row without its text."""
    db.execute("create temp table if not exists texts (id text primary key, raw text)")
    db.execute("delete from temp.texts")
    specs: list[tuple[DocSpec, str]] = []
    rows: dict[str, dict[str, Any]] = {}
    for spec, raw in docs:
        _refuse_nul(spec, raw)
        specs.append((spec, ""))
        if spec.id in stored_ids:
            continue
        row = corpus_store.document_row(spec, raw, 0)
        del row["raw"]
        rows[spec.id] = row
        db.execute("insert or replace into temp.texts (id, raw) values (?, ?)", [spec.id, raw])
    return corpus_build.order(specs), rows


def _text(db: sqlite_utils.Database, doc_id: str) -> str:
    """A document's text, as set aside."""
    return str(next(db.query("select raw from temp.texts where id = ?", [doc_id]))["raw"])


def _plan(
    db: sqlite_utils.Database,
    ordered: list[tuple[DocSpec, str]],
    rows: dict[str, dict[str, Any]],
    stored_ids: set[str],
) -> _Plan:
    """What to keep, parse and drop: a place's documents are kept up to the first that is
    new, changed or out of its stored order; from there on they are parsed again.
    ``stored_ids``: documents taken from the database itself (unchanged, their text left
    out): read back from it if they must be parsed again."""
    positions = {spec.id: n for n, (spec, _) in enumerate(ordered)}
    cols = ", ".join(f"[{c}]" for c in _COMPARED)
    stored: dict[str, list[dict[str, Any]]] = {}
    for r in db.query(f"select {cols} from documents order by position"):
        stored.setdefault(r["place"] or "", []).append(r)
    paths = {spec.id: spec.path for spec, _ in ordered}
    plan = _Plan(keep={}, parse={}, drop=[], positions=positions, paths=paths)
    for place, docs in corpus_build.by_place(ordered).items():
        old = stored.pop(place, [])
        n = 0
        while n < min(len(docs), len(old)):
            spec, raw = docs[n]
            if spec.id != old[n]["id"]:
                break
            if spec.id not in stored_ids:
                row = rows[spec.id]
                if any(row[c] != old[n][c] for c in _COMPARED):
                    break
            n += 1
        plan.keep[place] = [spec.id for spec, _ in docs[:n]]
        plan.drop += [r["id"] for r in old[n:]]
        if docs[n:]:
            plan.parse[place] = [(spec, "", positions[spec.id]) for spec, _ in docs[n:]]
    plan.drop += [r["id"] for rows in stored.values() for r in rows]  # places gone
    return plan


def _update(
    db: sqlite_utils.Database,
    docs: Iterable[tuple[DocSpec, str]],
    runner: Runner,
    fresh: bool,
    stored_ids: set[str] | None = None,
    progress: Progress = silent,
) -> BuildSummary:
    """Bring ``db`` to ``docs``: drop, parse and write, then link the places touched.
    ``stored_ids``: documents of ``docs`` taken from ``db`` itself, their texts left out."""
    before = set(align.corpus_places(db))
    stored_ids = stored_ids or set()
    ordered, rows = _stage(db, docs, stored_ids)
    plan = _plan(db, ordered, rows, stored_ids)
    for todo in plan.parse.values():  # stored texts to parse again, before their rows go
        for spec, _, _ in todo:
            if spec.id in stored_ids:
                db.execute(
                    "insert into temp.texts (id, raw) select id, raw from documents where id = ?",
                    [spec.id],
                )
    touched = set(plan.parse) | {
        r["place"] or ""
        for r in db.query(
            f"select place from documents where id in ({placeholders(plan.drop)})",
            plan.drop,
        )
    }
    corpus_store.delete_documents(db, plan.drop)
    db.conn.executemany(
        "update documents set position = ?, path = ? where id = ?",
        [(n, plan.paths[doc_id], doc_id) for doc_id, n in plan.positions.items()],
    )

    def jobs() -> Iterator[tasks.ParseJob]:
        for place, todo in plan.parse.items():
            texts = tuple((spec, _text(db, spec.id), n) for spec, _, n in todo)
            yield tasks.ParseJob(place, texts, tasks.stored_before(db, plan.keep[place]))

    parsed: list[str] = []
    total = sum(len(todo) for todo in plan.parse.values())
    for place_rows in runner.map(tasks.parse, jobs()):
        for doc in place_rows:
            corpus_store.write_rows(db, doc)
            parsed.append(doc["documents"][0]["id"])
        progress("parsing documents", len(parsed), total)
    if fresh:
        corpus_store.write_search_index(db)
    else:
        corpus_store.index_documents(db, parsed)
    after = set(align.corpus_places(db))
    several = len(after) > 1
    touched |= _unapplied_reviews(db)
    if fresh or (len(before) > 1) != several:
        touched = after  # a corpus of one place becomes one of several: every id changes
    linked = sorted(touched & after)
    align.unlink(db, sorted(touched), plan.drop)
    lex = load_lexicon()
    if isinstance(runner, Inline):
        align.link(db, lex, linked, several=several, progress=progress)
    else:
        jobs_linked = runner.map(tasks.link, _link_jobs(db, linked, lex, several))
        for n, (place, done) in enumerate(zip(linked, jobs_linked, strict=True), 1):
            tasks.write_linked(db, place, done)
            progress("linking places", n, len(linked))
    return BuildSummary(
        documents=db["documents"].count,
        statements=db["statements"].count,
        quantities=db["quantities"].count,
        chains=db["chains"].count,
        reviews_kept=0,
        parsed=parsed,
        linked=linked,
        fresh=fresh,
        specs=[spec for spec, _ in ordered],
    )


def _unapplied_reviews(db: sqlite_utils.Database) -> set[str]:
    """The places of accept and reject decisions that their goals do not show yet (recorded
    without linking again): linked again, as every build applies every review."""
    dec = decisions(db)
    out: set[str] = set()
    for accepted, chains in ((True, dec.accepted), (False, dec.rejected)):
        for chain, statements in chains.items():
            for st in statements:
                r = next(
                    db.query(
                        """select coalesce(s.repeat_of, s.id) as id, coalesce(d.place, '') as place,
                        exists (select 1 from chains where id = :chain) as chain,
                        exists (select 1 from chain_members m where m.chain = :chain
                          and m.statement = coalesce(s.repeat_of, s.id)) as member
                        from statements s join documents d on d.id = s.doc where s.id = :st""",
                        {"chain": chain, "st": st},
                    ),
                    None,
                )
                if r and r["chain"] and bool(r["member"]) != accepted:
                    out.add(r["place"])
    return out


def _link_jobs(
    db: sqlite_utils.Database, places: list[str], lex: Lexicon, several: bool
) -> Iterator[tasks.LinkJob]:
    for place in places:
        yield tasks.LinkJob(place, tasks.partition(db, place), lex, several)
