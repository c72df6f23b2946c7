"""Each statement's signals (``signals.annotate``), kept in the database between links.

Adding a report links its place again, and most of that work is reading the signals of the
statements already there: their names cut by jieba's tagger, the metrics read from their
clauses. Those are read back instead. An entry holds only for the inputs it was worked out
from (its ``source``: the statement's text, sentence, section and quantities, the key carried
into it, the lexicon, and the code and segmenter that worked it out), so a stale entry is
never used, only replaced; the links are the same with the store or without it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import jieba
import sqlite_utils

from .lexicon import Lexicon
from .signals import Stmt
from .store import SIGNALS_TABLE

_CODE = (".py", ".toml", ".txt", ".json")


@cache
def _version() -> str:
    """What works the signals out: this package's code and data, and jieba's version."""
    h = hashlib.sha256(jieba.__version__.encode())
    root = Path(__file__).parent
    for f in sorted(root.rglob("*")):
        if f.suffix in _CODE and f.is_file():
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


class Stored:
    """The kept signals of one place's statements (``signals.Cache``); ``save`` writes
    those worked out anew."""

    def __init__(self, db: sqlite_utils.Database, place: str, lex: Lexicon) -> None:
        self.salt = f"{_version()} {lex.digest}"
        self.kept: dict[str, tuple[str, str]] = {
            r["statement"]: (r["source"], r["data"])
            for r in db.query(
                f"""select g.statement, g.source, g.data from documents d
                cross join [{SIGNALS_TABLE}] g on g.doc = d.id
                where coalesce(d.place, '') = ?""",
                [place],
            )
        }
        self.sources: dict[str, str] = {}
        self.new: list[tuple[str, str, str, str]] = []

    def _source(self, st: Stmt, carried: str | None) -> str:
        said = [self.salt, st.text, st.before, st.section, st.kind, st.quantities, carried]
        blob = json.dumps(said, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha1(blob.encode()).hexdigest()[:16]

    def restore(self, st: Stmt, carried: str | None) -> bool:
        source = self.sources[st.id] = self._source(st, carried)
        got = self.kept.get(st.id)
        if got is None or got[0] != source:
            return False
        d = json.loads(got[1])  # what is empty is left out
        st.names = tuple(d.get("names", ()))
        st.head = d.get("head", "")
        st.measured = d.get("measured", {})
        st.qkeys = d.get("qkeys", {})
        st.numbers = {(v, u) for v, u in d.get("numbers", ())}
        st.last_key = d.get("last_key")
        st.mentions = set(d.get("mentions", ()))
        return True

    def keep(self, st: Stmt, carried: str | None) -> None:
        data = {
            "names": st.names,
            "head": st.head,
            "measured": st.measured,  # in the order found: the first key leads
            "qkeys": st.qkeys,
            "numbers": sorted(st.numbers),
            "last_key": st.last_key,
            "mentions": sorted(st.mentions),
        }
        data = {k: v for k, v in data.items() if v}  # most statements name nothing
        source = self.sources.pop(st.id, None) or self._source(st, carried)
        self.new.append((st.id, st.doc, source, json.dumps(data, ensure_ascii=False)))

    def save(self, db: sqlite_utils.Database) -> None:
        db.conn.executemany(
            f"insert or replace into [{SIGNALS_TABLE}] (statement, doc, source, data) "
            "values (?, ?, ?, ?)",
            self.new,
        )
        self.new = []


def forget(db: sqlite_utils.Database, docs: list[str]) -> None:
    """Take out the signals of documents that are gone."""
    for i in range(0, len(docs), 500):
        part = docs[i : i + 500]
        db.execute(
            f"delete from [{SIGNALS_TABLE}] where doc in ({', '.join('?' for _ in part)})", part
        )
