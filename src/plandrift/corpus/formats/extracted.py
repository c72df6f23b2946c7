"""What every reader returns: the text to store, where it came from, and its page marks."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True)
class PageMark:
    """From ``offset`` on (an index into the extracted text), the text was read from ``page``
    (1-based) and, on a page set in two columns, from ``column`` (1 left, 2 right)."""

    offset: int
    page: int
    column: int | None = None


@dataclass(frozen=True)
class SourceFile:
    """The file the text was extracted from: its name, its type and the sha256 of its bytes."""

    name: str
    type: str  # txt | pdf | docx | html
    sha256: str


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
        if not self.pages:
            return None
        starts = [m.offset for m in self.pages]
        i = bisect.bisect_right(starts, offset) - 1
        return self.pages[max(i, 0)]
