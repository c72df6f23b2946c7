"""jieba's cuts that a place's last link asked for, kept in the database for its next link.

A place's goals are found by cutting its statements' names and clauses into words (and
tagging them), tens of thousands of cuts; adding one report links the place again and would
cut them all once more. The cuts its last link asked for are read back instead
(``tokens.remembering``), and replaced by those this link asks for, so the store holds what
the place needs now, not all it ever held. A cut depends on its text and on jieba's
dictionary only: the rows carry a ``salt`` of jieba's version and plandrift's word list, and
rows of another salt are not used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources

import jieba
import sqlite_utils

from . import tokens
from .store import CUTS_TABLE


@cache
def salt() -> str:
    """What the cuts depend on besides their texts: jieba's version and the added words."""
    added = resources.files("plandrift.corpus").joinpath("data", "words.txt").read_bytes()
    return hashlib.sha256(jieba.__version__.encode() + added).hexdigest()[:16]


def load(db: sqlite_utils.Database, place: str) -> tokens.Cuts:
    known = tokens.Cuts()
    for r in db.query(
        f"select kind, text, cut from [{CUTS_TABLE}] where place = ? and salt = ?",
        [place, salt()],
    ):
        cut = json.loads(r["cut"])
        if r["kind"] == "words":
            known.words[r["text"]] = tuple(cut)
        else:
            known.tagged[r["text"]] = tuple((w, t) for w, t in cut)
    return known


def save(db: sqlite_utils.Database, place: str, asked: tokens.Cuts) -> None:
    db.execute(f"delete from [{CUTS_TABLE}] where place = ?", [place])
    rows = [
        (place, kind, text, json.dumps(cut, ensure_ascii=False), salt())
        for kind, cuts in (("words", asked.words), ("tagged", asked.tagged))
        for text, cut in sorted(cuts.items())
    ]
    db.conn.executemany(
        f"insert into [{CUTS_TABLE}] (place, kind, text, cut, salt) values (?, ?, ?, ?, ?)", rows
    )


@contextmanager
def kept(db: sqlite_utils.Database, place: str) -> Iterator[None]:
    """Link ``place`` inside the block with the cuts its last link kept; keep this one's."""
    with tokens.remembering(load(db, place)) as asked:
        yield
    save(db, place, asked)
