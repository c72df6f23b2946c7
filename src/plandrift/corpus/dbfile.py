"""Whose a database file is and whether it is whole, told before anything writes to it.

plandrift marks each database it writes with SQLite's application id and a format number
(the header's ``user_version``), so another program's SQLite file is never taken for one of
ours and a file from a newer plandrift is not misread. Files written before the mark
(application id 0) are recognised by their tables. The header is read as bytes, so even a
damaged file can be told apart.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import BadInput

APPLICATION_ID = 0x706C6466  # "pldf" in the header's application id field
# Raise when a change to the tables means an older plandrift would misread the file.
FORMAT = 1
MAGIC = b"SQLite format 3\x00"

# What a file at a --db path can be.
MISSING, EMPTY, OURS, FOREIGN, NEWER, DAMAGED, NOT_SQLITE, DIRECTORY = (
    "missing",
    "empty",
    "plandrift",
    "foreign",
    "newer",
    "damaged",
    "not-sqlite",
    "directory",
)


@dataclass(frozen=True)
class DbFile:
    path: Path
    state: str
    detail: str = ""  # the tables of a foreign file, the error of a damaged one
    ours: bool = False  # marked as plandrift's (a damaged file can still be ours)


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror}); check its permissions") from exc


def connect(path: Path) -> sqlite3.Connection:
    """A connection to an existing file that never creates one (mode=rw)."""
    return sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True)


def inspect(path: Path | str) -> DbFile:
    """What ``path`` holds, from its header and table names (pages are not all read)."""
    path = Path(path)
    if not path.exists():
        return DbFile(path, MISSING)
    if path.is_dir():
        return DbFile(path, DIRECTORY)
    head = _header(path)
    if not head:
        return DbFile(path, EMPTY)
    if not head.startswith(MAGIC):
        return DbFile(path, NOT_SQLITE)
    if len(head) < 100:
        return DbFile(path, DAMAGED, "the file ends inside its header")
    app_id = int.from_bytes(head[68:72], "big")
    version = int.from_bytes(head[60:64], "big")
    ours = app_id == APPLICATION_ID
    if app_id and not ours:
        return DbFile(path, FOREIGN, f"application id {app_id:#x}")
    if ours and version > FORMAT:
        return DbFile(path, NEWER, f"format {version}", ours=True)
    try:
        conn = connect(path)
        try:
            tables = {
                r[0]
                for r in conn.execute(
                    "select name from sqlite_master where type in ('table', 'view')"
                )
            }
            legacy = {"_migrations", "documents"} <= tables and conn.execute(
                "select 1 from _migrations where scope = 'corpus'"
            ).fetchone() is not None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return DbFile(path, DAMAGED, str(exc), ours=ours)
    if ours or legacy:
        return DbFile(path, OURS, ours=True)
    if not tables:
        return DbFile(path, EMPTY)
    shown = ", ".join(sorted(tables)[:4]) + (", …" if len(tables) > 4 else "")
    return DbFile(path, FOREIGN, f"tables {shown}")


def refusal(f: DbFile) -> str:
    """The one line that says why ``f`` cannot be used and what to do instead."""
    p = f.path
    if f.state == MISSING:
        return f"{p}: no database yet; run `plandrift build --db {p}` first"
    if f.state == DIRECTORY:
        return f"{p}: is a directory; give a database file path with --db"
    if f.state == NOT_SQLITE:
        return f"{p}: is not an SQLite database; give another --db path"
    if f.state == FOREIGN:
        return (
            f"{p}: is another program's SQLite database ({f.detail}); plandrift will not "
            "touch it: give another --db path"
        )
    if f.state == NEWER:
        return (
            f"{p}: was written by a newer plandrift ({f.detail}; this one reads format "
            f"{FORMAT}); upgrade plandrift or give another --db path"
        )
    if f.state == DAMAGED and f.ours:
        return (
            f"{p}: the database is damaged ({f.detail}); rebuild it from its corpus with "
            f"`plandrift build --corpus FOLDER --db {p}`"
        )
    if f.state == DAMAGED:
        return (
            f"{p}: is a damaged SQLite file ({f.detail}); if it is a plandrift database, move "
            f"it aside (mv {p} {p}.damaged) and build again"
        )
    return f"{p}: holds no plandrift data; run `plandrift build --db {p}`"


def check_whole(conn: sqlite3.Connection, path: Path | str) -> None:
    """Refuse a database whose pages do not hold together (quick_check reads every page)."""
    try:
        row = conn.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.DatabaseError as exc:
        row = (str(exc),)
    if not row or row[0] != "ok":
        detail = str(row[0] if row else "no answer").splitlines()[-1].strip()
        raise BadInput(refusal(DbFile(Path(path), DAMAGED, detail, ours=True)))


def mark(conn: sqlite3.Connection) -> None:
    """Stamp a database as plandrift's, in the format this version writes."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {FORMAT}")
