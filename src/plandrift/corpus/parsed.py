"""The object one document's parse hands from stage to stage (the flow of ../shared/DESIGN.md).

The stages run one way, each reading what the stages before it made and adding its own part:

    decode     build.load       the file's text (``raw``) and its completed ``spec``
    clean      clean.clean      ``cleaned``: one paragraph a line, offsets back to ``raw``
    segment    segment.run      ``sections``, ``articles``, ``statements``: stable ids,
                                raw offsets, pages
    repeats    repeats.run      ``statements[*].repeat_of``, across the documents of a
                                place, each against the ones before it; glued
                                statements cut at their seam
    quantities quantities.run   ``statements[*].quantities``: number, unit, qualifier,
                                metric, estimate, period
    roles      roles.run        role and year of every quantity and statement; then
               roles.inherit    a repeat takes its primary's, across a place's documents
    store      store.write_document

No stage calls into another stage's module: what two stages both need is a low-level module
of its own (``numbers``, ``measures``, ``tables``, ``rules``) or lives here.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from .models import Article, Cleaned, DocSpec, PageMark, Section, Statement

_SENTENCE_END = re.compile("[。！？!?\n]")
_SENTENCE_REACH = 300  # a number's sentence starts at most this far back


@dataclass
class ParsedDocument:
    """One document and all that the stages so far have made of it."""

    spec: DocSpec
    raw: str
    cleaned: Cleaned
    sections: list[Section] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw.encode("utf-8")).hexdigest()

    @cached_property
    def sentence_ends(self) -> tuple[int, ...]:
        """Offsets just past every sentence end of the cleaned text."""
        return tuple(m.end() for m in _SENTENCE_END.finditer(self.cleaned.text))

    @cached_property
    def _page_starts(self) -> list[int]:
        return [m.offset for m in self.spec.pages]

    def page_at(self, offset: int) -> PageMark | None:
        """The page (and column) raw offset ``offset`` was read from; None where the source
        has no pages (the decode stage leaves them in ``spec.pages``)."""
        if not self.spec.pages:
            return None
        i = bisect_right(self._page_starts, offset) - 1
        return self.spec.pages[max(i, 0)]

    def locate(self, st: Statement) -> None:
        """Point a statement at the raw text: its raw offsets and the page it starts on."""
        st.start, st.end = self.cleaned.raw_span(st.cstart, st.cend)
        if mark := self.page_at(st.start):
            st.page, st.page_column = mark.page, mark.column

    def sentence_start(self, pos: int) -> int:
        """Start of the sentence holding cleaned offset ``pos``: where the wording that dates
        a number (预计, 1-11月, 到2025年) is read from, by quantities and roles alike."""
        ends = self.sentence_ends
        i = bisect_right(ends, pos)
        start = ends[i - 1] if i else 0
        return max(start, pos - _SENTENCE_REACH)
