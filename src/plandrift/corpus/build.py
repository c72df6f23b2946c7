"""From raw documents to stored rows: the corpus layer's one pipeline, run one way.

Each stage reads what the stages before it made (``parsed.ParsedDocument``) and never calls
back into another stage; ``parsed`` lists them. Per document: decode, clean, segment; then
the repeats across documents; per document: quantities, roles; then the roles of repeats
across documents; then the store.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import sqlite_utils

from . import quantities, repeats, roles, segment, store
from .clean import clean
from .errors import BadInput
from .formats import read_source
from .manifest import complete
from .models import DocSpec
from .parsed import ParsedDocument
from .progress import Progress, silent


def load(specs: list[DocSpec]) -> list[tuple[DocSpec, str]]:
    """The decode stage: read every file first, so that a bad one stops the build before
    anything is written."""
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


def read_texts(
    docs: list[tuple[DocSpec, str]], progress: Progress = silent
) -> list[ParsedDocument]:
    """The text stages, in corpus order: clean and segment each document, then mark the
    repeats across them. No number is read yet."""
    parsed = [ParsedDocument(spec, raw, clean(raw)) for spec, raw in _order(docs)]
    for n, doc in enumerate(parsed, 1):
        segment.run(doc)
        progress("reading documents", n, len(parsed))
    repeats.run(parsed)
    return parsed


def read_numbers(parsed: list[ParsedDocument], progress: Progress = silent) -> list[ParsedDocument]:
    """The number stages: quantities, then roles, of each document; then each repeat takes
    its primary's roles."""
    for n, doc in enumerate(parsed, 1):
        quantities.run(doc)
        progress("reading numbers", n, len(parsed))
    for doc in parsed:
        roles.run(doc)
    roles.inherit(parsed)
    return parsed


def parse(spec: DocSpec, raw: str) -> ParsedDocument:
    """One document through the per-document stages alone, with no repeats marked (within
    it or across documents): what one file says, to hold one rendering against another."""
    doc = ParsedDocument(spec, raw, clean(raw))
    segment.run(doc)
    quantities.run(doc)
    roles.run(doc)
    return doc


def parse_all(docs: list[tuple[DocSpec, str]], progress: Progress = silent) -> list[ParsedDocument]:
    """Every stage but the store, over decoded documents (as ``load`` or the database give);
    ``progress`` hears of each document done at each stage."""
    return read_numbers(read_texts(docs, progress), progress)


def write(
    db: sqlite_utils.Database, parsed: list[ParsedDocument], progress: Progress = silent
) -> None:
    """The store stage."""
    store.ensure_schema(db)
    for position, doc in enumerate(parsed):
        store.write_document(db, doc, position)
        progress("writing documents", position + 1, len(parsed))
    store.write_search_index(db)
