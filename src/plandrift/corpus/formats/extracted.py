"""What every reader returns: the text to store, where it came from, and its page marks."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..models import PageMark, SourceFile


@dataclass(frozen=True)
class ExtractedText:
    """A document's text as plandrift stores it; every offset of every row points into
    ``text``. ``title`` and ``published`` are what the file itself says (PDF or DOCX
    properties, a web page's title and date), used when the manifest does not say."""

    text: str
    source: SourceFile
    title: str | None = None
    published: str | None = None
    pages: tuple[PageMark, ...] = ()

    def page_at(self, offset: int) -> PageMark | None:
        """The page (and column) the character at ``offset`` was read from; None if the
        source has no pages."""
        return page_at(self.pages, offset)


def page_at(pages: tuple[PageMark, ...], offset: int) -> PageMark | None:
    """The mark in force at ``offset``: the last one that starts at or before it."""
    if not pages:
        return None
    i = bisect.bisect_right([m.offset for m in pages], offset) - 1
    return pages[max(i, 0)]
