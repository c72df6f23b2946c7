"""From raw documents to stored rows: the corpus layer's one pipeline, run one way.

Each stage reads what the stages before it made (``parsed.ParsedDocument``) and never calls
back into another stage; ``parsed`` lists them. Per document: decode, clean, segment; then
the repeats across documents; per document: quantities, roles; then the roles of repeats
across documents; then the store.

The stages across documents look only at the documents of the same place (a reprint is of
the same government's text) and only back in corpus order, so a corpus is parsed one place
at a time (``parse_place``), and a document added after a place's others leaves theirs as
they are: it is parsed alone, against their stored statements (``before``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import sqlite_utils

from . import quantities, repeats, roles, segment, store
from .clean import clean
from .errors import BadInput
from .formats import read_source
from .manifest import complete
from .models import DocSpec, Statement
from .parsed import ParsedDocument
from .progress import Progress, silent


def load(specs: list[DocSpec]) -> list[tuple[DocSpec, str]]:
    """The decode stage: read every file first, so that a bad one stops the build before
    anything is written."""
    return list(read_each(specs))


def read_each(specs: Iterable[DocSpec]) -> Iterator[tuple[DocSpec, str]]:
    """The decode stage, one file at a time (for a caller that keeps no more than one text
    in memory and writes nothing until the last has been read)."""
    for spec in specs:
        got = read_source(Path(spec.path))
        spec = replace(spec, source=got.source, pages=got.pages)
        yield complete(spec, got.text, title=got.title, published=got.published), got.text


def order(docs: list[tuple[DocSpec, str]]) -> list[tuple[DocSpec, str]]:
    """The corpus order: by publication, then as listed. Ids must be unique."""
    ids = [s.id for s, _ in docs]
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise BadInput(f"document id {i!r} is given twice; ids must be unique")
        seen.add(i)
    listed = {i: n for n, i in enumerate(ids)}
    return sorted(docs, key=lambda d: (d[0].published, listed[d[0].id]))


def place_of(spec: DocSpec) -> str:
    """The place a document is about ("" when nobody said and it could not be told)."""
    return spec.place or ""


def by_place(docs: list[tuple[DocSpec, str]]) -> dict[str, list[tuple[DocSpec, str]]]:
    """The documents of each place, in corpus order; places sorted by name."""
    out: dict[str, list[tuple[DocSpec, str]]] = {}
    for doc in order(docs):
        out.setdefault(place_of(doc[0]), []).append(doc)
    return dict(sorted(out.items()))


def read_place(
    docs: list[tuple[DocSpec, str]], before: Sequence[Sequence[Statement]] = ()
) -> list[ParsedDocument]:
    """The text stages of one place's documents (in corpus order): clean and segment each,
    then mark the repeats across them and ``before`` (the place's earlier documents, read
    already). No number is read yet."""
    parsed = [ParsedDocument(spec, raw, clean(raw)) for spec, raw in docs]
    for doc in parsed:
        segment.run(doc)
    repeats.run(parsed, before)
    return parsed


def read_texts(docs: list[tuple[DocSpec, str]]) -> list[ParsedDocument]:
    """The text stages of a whole corpus, place by place, in corpus order."""
    parsed = [doc for place in by_place(docs).values() for doc in read_place(place)]
    return _in_corpus_order(parsed, docs)


def _in_corpus_order(
    parsed: list[ParsedDocument], docs: list[tuple[DocSpec, str]]
) -> list[ParsedDocument]:
    """Documents parsed place by place, put back in the corpus order of ``docs``."""
    at = {spec.id: n for n, (spec, _) in enumerate(order(docs))}
    return sorted(parsed, key=lambda d: at[d.spec.id])


def read_numbers(
    parsed: list[ParsedDocument], before: Sequence[Sequence[Statement]] = ()
) -> list[ParsedDocument]:
    """The number stages: quantities, then roles, of each document; then each repeat takes
    its primary's roles (from ``parsed`` or ``before``)."""
    for doc in parsed:
        quantities.run(doc)
    for doc in parsed:
        roles.run(doc)
    roles.inherit(parsed, before)
    return parsed


def parse_place(
    docs: list[tuple[DocSpec, str]], before: Sequence[Sequence[Statement]] = ()
) -> list[ParsedDocument]:
    """Every stage but the store, over one place's documents in corpus order, after
    ``before``: the statements (with their quantities) of the same place's earlier
    documents, as stored, which the stages across documents look back on."""
    return read_numbers(read_place(docs, before), before)


def parse(spec: DocSpec, raw: str) -> ParsedDocument:
    """One document through the per-document stages alone, with no repeats marked (within
    it or across documents): what one file says, to hold one rendering against another."""
    doc = ParsedDocument(spec, raw, clean(raw))
    segment.run(doc)
    quantities.run(doc)
    roles.run(doc)
    return doc


def parse_all(docs: list[tuple[DocSpec, str]], progress: Progress = silent) -> list[ParsedDocument]:
    """Every stage but the store, over decoded documents (as ``load`` or the database give),
    place by place, in corpus order; ``progress`` hears of each place's documents done."""
    parsed: list[ParsedDocument] = []
    for place in by_place(docs).values():
        parsed += parse_place(place)
        progress("parsing documents", len(parsed), len(docs))
    return _in_corpus_order(parsed, docs)


def write(
    db: sqlite_utils.Database, parsed: list[ParsedDocument], progress: Progress = silent
) -> None:
    """The store stage."""
    store.ensure_schema(db)
    for position, doc in enumerate(parsed):
        store.write_document(db, doc, position)
        progress("writing documents", position + 1, len(parsed))
    store.write_search_index(db)
