"""The rows the corpus layer produces: plain dataclasses shared by every corpus module.

Offsets come in two kinds and are never mixed up:
- ``cstart``/``cend`` index the *cleaned* text of a document (joined lines, normalised digits);
- ``start``/``end`` index the *raw* text as decoded (BOM removed, line endings untouched),
  so that ``raw[start:end]`` is what a person would see in the file.
``Cleaned.raw_span`` converts the first kind into the second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What a document is; decides how its numbers are read (a plan's are targets)."""

    FIVE_YEAR_PLAN = "five-year-plan"
    WORK_REPORT = "work-report"
    PROJECT_LIST = "project-list"
    YEAR_REVIEW = "year-review"
    REPORT_SUMMARY = "report-summary"
    GAZETTE = "gazette"
    OTHER = "other"


class Role(StrEnum):
    """What a number is: a promise (target), a reported figure (actual), or a start point."""

    TARGET = "target"
    ACTUAL = "actual"
    BASELINE = "baseline"


KINDS = tuple(k.value for k in Kind)
ROLES = tuple(r.value for r in Role)


@dataclass(frozen=True)
class PageMark:
    """From ``offset`` on (an index into the stored text), the text was read from ``page``
    (1-based) and, on a page set in two columns, from ``column`` (1 left, 2 right)."""

    offset: int
    page: int
    column: int | None = None


@dataclass(frozen=True)
class SourceFile:
    """The file a document's text was extracted from: name, type and sha256 of its bytes."""

    name: str
    type: str  # txt | pdf | docx | html
    sha256: str


@dataclass(frozen=True)
class DocSpec:
    """One document as the manifest (or `plandrift add`) describes it."""

    id: str
    path: str
    title: str
    kind: str
    published: str  # ISO date, year-month, or year
    place: str | None = None
    inferred: tuple[str, ...] = ()  # names of fields that were inferred from the text
    source: SourceFile | None = None  # the file read, once it has been read
    pages: tuple[PageMark, ...] = ()  # where each page (and column) starts in the text

    @property
    def year(self) -> int:
        return int(self.published[:4])


@dataclass
class Cleaned:
    """Cleaned text plus a map back to the raw text.

    ``offsets[i]`` is the raw index of ``text[i]``; ``offsets[len(text)]`` is the raw index
    just past the last kept character. Paragraphs (and headings) are separated by ``"\\n"``;
    a ``"\\n"`` maps to the raw position of the break it stands for.
    """

    text: str
    offsets: list[int]

    def raw_span(self, cstart: int, cend: int) -> tuple[int, int]:
        """Raw ``(start, end)`` covering cleaned ``text[cstart:cend]``."""
        if cend <= cstart:
            pos = self.offsets[cstart]
            return pos, pos
        return self.offsets[cstart], self.offsets[cend - 1] + 1


@dataclass
class Section:
    id: str
    doc: str
    parent: str | None
    level: int  # 1 = top
    kind: str  # chapter, section, part, item, box, lead, headline, article …
    title: str
    path: str  # "三、2024年工作安排 / （一）… / 一是…"
    cstart: int
    cend: int
    start: int = 0
    end: int = 0


@dataclass
class Quantity:
    metric: str
    value: float
    value_hi: float | None
    unit: str
    qualifier: str
    estimate: bool
    cstart: int  # offsets of the number itself, in the statement's cleaned document text
    cend: int
    text: str  # the number and unit as written, e.g. "1.8万元"
    norm_value: float | None = None
    norm_value_hi: float | None = None
    norm_unit: str = ""
    start: int = 0
    end: int = 0
    period: str = ""  # part of the year the number covers (1-11月, 前三季度); "" = whole year
    column: str = ""  # an indicator table's column header (2025年目标, 年均/累计（%）); "" in text
    role: str = ""  # set by the roles stage, as is the year
    year: int | None = None
    row_label: str = ""  # a table cell's row label: with its column, what dates it for roles


@dataclass
class Statement:
    id: str
    doc: str
    section: str | None
    section_path: str
    text: str
    cstart: int
    cend: int
    seq: int
    kind: str = "sentence"  # sentence | clause | table-row
    columns: tuple[str, ...] = ()  # table rows: header labels of the value columns
    repeat_of: str | None = None
    article: str | None = None
    role: str | None = None
    year: int | None = None
    quantities: list[Quantity] = field(default_factory=list)
    start: int = 0
    end: int = 0
    page: int | None = None  # the page it starts on, where the source is paged (a PDF)
    page_column: int | None = None  # 1 or 2 on a page set in two columns


@dataclass
class Article:
    """An article inside a bundle such as a gazette."""

    id: str
    doc: str
    title: str
    cstart: int
    cend: int
    start: int = 0
    end: int = 0
