"""From raw documents to stored rows: the corpus layer's one pipeline."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import sqlite_utils

from . import store
from .clean import clean
from .errors import BadInput
from .formats import page_at, read_source
from .ids import IdMaker
from .manifest import complete
from .models import Article, Cleaned, DocSpec, Section, Statement
from .quantities import annotate
from .repeats import glued_splits, mark_repeats
from .segment import segment


@dataclass
class Parsed:
    spec: DocSpec
    raw: str
    cleaned: Cleaned
    sections: list[Section]
    articles: list[Article]
    statements: list[Statement]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw.encode("utf-8")).hexdigest()


def load(specs: list[DocSpec]) -> list[tuple[DocSpec, str]]:
    """Read every file first, so that a bad one stops the build before anything is written."""
    out = []
    for spec in specs:
        got = read_source(Path(spec.path))
        spec = replace(spec, source=got.source, pages=got.pages)
        out.append((complete(spec, got.text, title=got.title, published=got.published), got.text))
    return out


def _order(docs: list[tuple[DocSpec, str]]) -> list[tuple[DocSpec, str]]:
    ids = [s.id for s, _ in docs]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise BadInput(f"document id {sorted(dup)[0]!r} is given twice; ids must be unique")
    return sorted(docs, key=lambda d: (d[0].published, ids.index(d[0].id)))


def parse(spec: DocSpec, raw: str) -> Parsed:
    cleaned = clean(raw)
    sections, statements, articles = segment(spec, cleaned)
    _assign_ids(spec, sections, statements, articles)
    for st in statements:
        annotate(spec, st, cleaned.text)
    _map_offsets(cleaned, sections, statements, articles)
    return Parsed(spec, raw, cleaned, sections, articles, statements)


def _rename(rows, prefix: str, label) -> dict[str, str]:
    """Give each row a stable id from ``label(row)``; return old id → new id."""
    ids, renamed = IdMaker(), {}
    for row in rows:
        new = ids.make(prefix, label(row))
        renamed[row.id] = new
        row.id = new
    return renamed


def _assign_ids(spec, sections, statements, articles) -> None:
    sec = _rename(sections, f"{spec.id}:s", lambda s: s.path)
    art = _rename(articles, f"{spec.id}:a", lambda a: a.title)
    for s in sections:
        s.parent = sec.get(s.parent, s.parent) if s.parent else None
    st_ids = IdMaker()
    for st in statements:
        st.id = st_ids.make(spec.id, st.text)
        st.section = sec.get(st.section, st.section) if st.section else None
        st.article = art.get(st.article, st.article) if st.article else None


def _map_offsets(cleaned: Cleaned, sections, statements, articles) -> None:
    for row in (*sections, *articles, *statements):
        row.start, row.end = cleaned.raw_span(row.cstart, row.cend)
    for st in statements:
        for q in st.quantities:
            q.start, q.end = cleaned.raw_span(q.cstart, q.cend)


def parse_all(docs: list[tuple[DocSpec, str]]) -> list[Parsed]:
    parsed = [parse(spec, raw) for spec, raw in _order(docs)]
    mark_repeats([p.statements for p in parsed])
    for _ in range(3):  # a glued statement printed twice splits once its first copy has
        splits = glued_splits([p.statements for p in parsed])
        if not splits:
            break
        changed = [n for n, p in enumerate(parsed) if _split_glued(p, splits)]
        mark_repeats([p.statements for p in parsed], start=min(changed))
    _inherit_from_primaries(parsed)
    return parsed


def _split_glued(p: Parsed, splits: dict[str, int]) -> bool:
    """Cut each glued statement (two pieces joined across a column break) at its seam, so
    that the piece repeating an earlier statement is marked as a repeat on its own. True
    if any statement of ``p`` was cut."""
    if not any(st.id in splits for st in p.statements):
        return False
    text = p.cleaned.text
    out: list[Statement] = []
    for st in p.statements:
        at = splits.get(st.id)
        if at is None:
            out.append(st)
            continue
        for a, b in ((st.cstart, st.cstart + at), (st.cstart + at, st.cend)):
            while a < b and text[a] in " \n":
                a += 1
            if b <= a:
                continue
            piece = replace(st, text=text[a:b], cstart=a, cend=b, quantities=[], repeat_of=None)
            annotate(p.spec, piece, text)
            _map_offsets(p.cleaned, [], [piece], [])
            out.append(piece)
    ids = IdMaker()
    for n, st in enumerate(out):
        st.seq, st.id = n, ids.make(p.spec.id, st.text)
    p.statements = out
    return True


def _inherit_from_primaries(parsed: list[Parsed]) -> None:
    """A repeat says what its primary says: where a repeated number matches the primary's,
    it takes the primary's role, year, estimate flag and period. A reprint extracted out of order
    loses the section cues that date its numbers; the primary still has them."""
    by_id = {st.id: st for p in parsed for st in p.statements}
    for p in parsed:
        for st in p.statements:
            primary = by_id.get(st.repeat_of) if st.repeat_of else None
            if primary is None:
                continue
            known = {(q.value, q.value_hi, q.unit): q for q in primary.quantities}
            for q in st.quantities:
                if src := known.get((q.value, q.value_hi, q.unit)):
                    q.role, q.year, q.estimate = src.role, src.year, src.estimate
                    q.period = src.period
            st.role, st.year = primary.role, primary.year


def _assign_pages(p: Parsed) -> None:
    """The page (and column) each statement starts on, where the source is paged."""
    for st in p.statements:
        if mark := page_at(p.spec.pages, st.start):
            st.page, st.page_column = mark.page, mark.column


def write(db: sqlite_utils.Database, parsed: list[Parsed]) -> None:
    store.ensure_schema(db)
    for position, p in enumerate(parsed):
        _assign_pages(p)
        store.write_document(
            db, p.spec, p.raw, p.sha256, position, p.sections, p.articles, p.statements
        )
    store.write_search_index(db)
