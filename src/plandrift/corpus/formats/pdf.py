"""PDF: the text in reading order, one paragraph or table row per line, with page marks.

pdfplumber (MIT, on pdfminer.six) gives every character with its box and font size and finds
ruled tables from the lines drawn on the page, which is what reading order needs; PyMuPDF
would be faster but is AGPL. From the characters this module builds lines, finds a second
column by the empty gutter down the middle of a page, reads each column top to bottom (a
full-width title or table between them in its place), drops running heads, feet and page
numbers (lines in the page margins that recur from page to page, or that are only a
number), and joins a paragraph's lines again by their geometry: a paragraph ends where a
line stops short of the column's right edge, and starts where a line is indented, changes
font size or stands apart. A ruled table comes out one row per line, its cells separated by
spaces, as the segmenter reads indicator tables.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import BadInput
from ..models import PageMark
from .config import PdfRules, rules

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ALNUM = re.compile(r"[A-Za-z0-9]")
# A paragraph indented on the page is indented in the text as Chinese print sets it, so
# that the cleaner, which joins hard-wrapped lines, sees where each paragraph starts.
_INDENT = "\u3000\u3000"
_OPENING = frozenset("（“‘《「『【(")
_CLOSING = frozenset("，。、；：？！”’）》」』】,.;:?!)")
_WORD = re.compile(r"[A-Za-z0-9.,%‰+\-/:()]")  # characters a line is not broken between


@dataclass
class _Item:
    """One line of a page (or one row of a table), in page coordinates (top down)."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    row: bool = False  # a table row: always a line of its own
    lead: float = 0.0  # width of the unbreakable run (a number, a Latin word) it starts with
    column: int | None = None


@dataclass
class PdfText:
    text: str
    title: str | None
    pages: tuple[PageMark, ...]


@dataclass
class _Edges:
    """Left and right edge of the text of one column of one page."""

    left: float
    right: float


@dataclass
class _Flow:
    parts: list[str] = field(default_factory=list)
    marks: list[PageMark] = field(default_factory=list)
    size: int = 0

    def add(self, text: str, where: tuple[int, int | None]) -> None:
        last = self.marks[-1] if self.marks else None
        if last is None or (last.page, last.column) != where:
            self.marks.append(PageMark(self.size, where[0], where[1]))
        self.parts.append(text)
        self.size += len(text)


def _join(a: str, b: str) -> str:
    """Glue two pieces of one paragraph: a space only between two Latin letters or digits."""
    return " " if a and b and _ALNUM.match(a[-1]) and _ALNUM.match(b[0]) else ""


def _cell_text(cell: str | None) -> str:
    """A cell's wrapped lines as one: a space where a number or Latin word meets Chinese
    (城镇常住居民 3.1), none inside a Chinese phrase or before a closing mark."""
    if not cell:
        return ""
    out = ""
    for piece in (p.strip() for p in cell.split("\n")):
        if not piece:
            continue
        mixed = out and (out[-1].isascii() != piece[0].isascii())
        tight = not out or out[-1] in _OPENING or piece[0] in _CLOSING or piece[0] in "%‰"
        out += (" " if mixed and not tight else _join(out, piece)) + piece
    return out


def _segments(chars: list[dict[str, Any]], page: int, cfg: PdfRules) -> list[_Item]:
    """Characters into pieces of lines: same baseline, no gap wider than a table cell's.
    Space characters are kept only as the spaces between the others."""
    out: list[_Item] = []
    chars = [c for c in chars if c["text"]]
    chars.sort(key=lambda c: (c["bottom"], c["x0"]))
    lines: list[list[dict[str, Any]]] = []
    for c in chars:
        if lines and abs(c["bottom"] - lines[-1][-1]["bottom"]) <= cfg.line_tolerance * c["size"]:
            lines[-1].append(c)
        else:
            lines.append([c])
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        piece: list[dict[str, Any]] = []
        for c in line:
            if c["text"].isspace():
                if piece:
                    piece.append(c)
                continue
            last = next((p for p in reversed(piece) if not p["text"].isspace()), None)
            if last is not None and c["x0"] - last["x1"] > cfg.cell_gap * c["size"]:
                out.append(_item(piece, page, cfg))
                piece = []
            piece.append(c)
        if piece:
            out.append(_item(piece, page, cfg))
    return out


def _lead(chars: list[dict[str, Any]]) -> float:
    """Width of what the line starts with that could not have been left on the line before:
    a run of Latin letters and digits, or one character with the closing marks after it."""
    word = bool(_WORD.match(chars[0]["text"]))
    end = chars[0]
    for c in chars[1:]:
        if (word and _WORD.match(c["text"])) or (not word and c["text"] in _CLOSING):
            end = c
        else:
            break
    return float(end["x1"] - chars[0]["x0"])


def _item(chars: list[dict[str, Any]], page: int, cfg: PdfRules) -> _Item:
    while chars[-1]["text"].isspace():
        chars = chars[:-1]
    text, space = "", False
    lead = _lead(chars)
    prev = None
    for c in chars:
        if c["text"].isspace():
            space = True
            continue
        if prev is not None and (space or c["x0"] - prev["x1"] > cfg.space_gap * c["size"]):
            text += " "
        text += c["text"]
        prev, space = c, False
    body = [c for c in chars if not c["text"].isspace()]
    return _Item(
        page=page,
        x0=min(c["x0"] for c in body),
        x1=max(c["x1"] for c in body),
        top=min(c["top"] for c in body),
        bottom=max(c["bottom"] for c in body),
        size=statistics.median(c["size"] for c in body),
        text=text,
        lead=lead,
    )


def _gutter(items: list[_Item], width: float, cfg: PdfRules) -> float | None:
    """The x of an empty vertical strip down the middle that splits the page in two columns."""
    if len(items) < 2 * cfg.column_min_lines:
        return None
    lo, hi = int(width * (0.5 - cfg.gutter_band)), int(width * (0.5 + cfg.gutter_band))
    allowed = cfg.gutter_max_cross * len(items)
    runs: list[tuple[int, int]] = []
    start = None
    for x in range(lo, hi + 1):
        crossing = sum(1 for it in items if it.x0 < x < it.x1)
        if crossing <= allowed and x < hi:
            start = x if start is None else start
        elif start is not None:
            runs.append((start, x))
            start = None
    best = None
    for a, b in runs:
        if b - a < cfg.gutter_min_width:
            continue
        left = sum(1 for it in items if it.x1 <= a + 1)
        right = sum(1 for it in items if it.x0 >= b - 1)
        if left >= cfg.column_min_lines and right >= cfg.column_min_lines:
            if best is None or b - a > best[1] - best[0]:
                best = (a, b)
    return (best[0] + best[1]) / 2 if best else None


def _merge_row(items: list[_Item], cfg: PdfRules) -> list[_Item]:
    """Pieces on one baseline of one column are the cells of one line: join them with spaces."""
    out: list[_Item] = []
    for it in sorted(items, key=lambda i: (i.bottom, i.x0)):
        last = out[-1] if out else None
        if (
            last is not None
            and not last.row
            and not it.row
            and abs(it.bottom - last.bottom) <= cfg.line_tolerance * it.size
        ):
            last.text += " " + it.text
            last.x1, last.top = max(last.x1, it.x1), min(last.top, it.top)
            continue
        out.append(it)
    return out


def _order(items: list[_Item], gutter: float | None, cfg: PdfRules) -> list[_Item]:
    """Reading order: top to bottom; with two columns, the left column of each band before
    the right one, a full-width line (a title, a wide table) between bands."""
    if gutter is None:
        return _merge_row(items, cfg)
    out: list[_Item] = []
    band: list[_Item] = []

    def flush() -> None:
        for col in (1, 2):
            side = [it for it in band if it.column == col]
            out.extend(_merge_row(side, cfg))
        band.clear()

    for it in sorted(items, key=lambda i: (i.top, i.x0)):
        if it.x0 < gutter < it.x1:
            flush()
            out.append(it)
        else:
            it.column = 1 if it.x1 <= gutter else 2
            band.append(it)
    flush()
    return out


def _tables(page: Any, number: int) -> tuple[list[_Item], list[tuple[float, float, float, float]]]:
    """Ruled tables: one item per row, cells joined by spaces; and the tables' boxes."""
    if not (page.lines or page.rects):
        return [], []
    rows: list[_Item] = []
    boxes = []
    for table in page.find_tables():
        boxes.append(table.bbox)
        x0, _, x1, _ = table.bbox
        for row, cells in zip(table.rows, table.extract(), strict=False):
            text = " ".join(t for t in (_cell_text(c) for c in cells) if t)
            if text:
                _, top, _, bottom = row.bbox
                rows.append(_Item(number, x0, x1, top, bottom, 0.0, text, row=True))
    return rows, boxes


def _inside(c: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _furniture(pages: list[list[_Item]], heights: list[float], cfg: PdfRules) -> set[int]:
    """ids of running heads, feet and page numbers: margin lines that recur or are a number."""
    candidates: list[tuple[_Item, str]] = []
    seen: dict[str, set[int]] = defaultdict(set)
    for items, height in zip(pages, heights, strict=True):
        for it in items:
            if it.row or cfg.margin_band * height < it.top < (1 - cfg.margin_band) * height:
                continue
            key = re.sub(r"\d+", "#", re.sub(r"\s+", "", it.text))
            candidates.append((it, key))
            seen[key].add(it.page)
    need = max(cfg.furniture_min_pages, cfg.furniture_share * len(pages))
    return {
        id(it)
        for it, key in candidates
        if len(seen[key]) >= need or cfg.page_number.match(re.sub(r"\s+", " ", it.text).strip())
    }


def _edges(items: list[_Item]) -> dict[tuple[int, int | None], _Edges]:
    """Each column's left edge (where most lines start) and right edge (where long lines end)."""
    by: dict[tuple[int, int | None], list[_Item]] = defaultdict(list)
    for it in items:
        if not it.row:
            by[(it.page, it.column)].append(it)
    out = {}
    for key, its in by.items():
        starts = Counter(round(it.x0) for it in its)
        ends = sorted(i.x1 for i in its)
        # not the longest line: a number or a closing mark may stick out past the margin
        right = ends[int(0.75 * (len(ends) - 1))] if len(ends) >= 4 else ends[-1]
        out[key] = _Edges(left=min(starts, key=lambda x: (-starts[x], x)), right=right)
    return out


def _pitch(items: list[_Item]) -> float:
    """The usual distance from one line's top to the next's, within a paragraph."""
    steps = [
        b.top - a.top
        for a, b in zip(items, items[1:], strict=False)
        if not a.row and not b.row and (a.page, a.column) == (b.page, b.column) and b.top > a.top
    ]
    return statistics.median(steps) if steps else 0.0


def _continues(prev: _Item, it: _Item, edges: dict, pitch: float, cfg: PdfRules) -> bool:
    """Is ``it`` the next line of ``prev``'s paragraph?"""
    if prev.row or it.row or abs(prev.size - it.size) > 0.5:
        return False
    pe, ie = edges[(prev.page, prev.column)], edges[(it.page, it.column)]
    if pe.right - prev.x1 > it.lead + cfg.fit_slack * it.size:
        return False  # the line before stopped short though the next word would have fit
    if it.x0 > ie.left + cfg.indent * it.size:
        return False  # indented: a first line
    same = (prev.page, prev.column) == (it.page, it.column)
    return not (same and pitch and it.top - prev.top > cfg.paragraph_gap * pitch)


def _title(meta: dict[str, Any]) -> str | None:
    title = str(meta.get("Title") or "").strip()
    return title if _CJK.search(title) else None


def read_pdf(data: bytes, name: str) -> PdfText:
    """Extract ``data`` (a PDF's bytes) or raise BadInput saying why not and what to do."""
    cfg = rules().pdf
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise BadInput(
            f"{name}: cannot read it as a PDF ({exc}); check that it opens in a PDF viewer"
        ) from exc
    except Exception as exc:  # pdfminer raises many kinds for broken or locked files
        raise BadInput(
            f"{name}: cannot read it as a PDF ({type(exc).__name__}); if it is password-protected, "
            "give an unlocked copy"
        ) from exc
    with pdf:
        try:
            pages, heights, printable, unmapped = [], [], 0, 0
            for number, page in enumerate(pdf.pages, 1):
                rows, boxes = _tables(page, number)
                chars = [c for c in page.chars if not _inside(c, boxes)]
                printable += sum(1 for c in page.chars if c["text"].strip())
                unmapped += sum(1 for c in page.chars if c["text"].startswith("(cid:"))
                items = _segments(chars, number, cfg) + rows
                gutter = _gutter([i for i in items if not i.row], float(page.width), cfg)
                pages.append(_order(items, gutter, cfg))
                heights.append(float(page.height))
            title = _title(pdf.metadata or {})
        except PdfminerException as exc:
            raise BadInput(f"{name}: the PDF is damaged ({exc}); give a repaired copy") from exc
    if not pages or printable < cfg.min_chars_per_page * len(pages):
        raise BadInput(
            f"{name}: the PDF has no text layer (a scan?); run OCR on it first "
            "(e.g. ocrmypdf) and give the result"
        )
    if unmapped > 0.05 * printable:
        raise BadInput(
            f"{name}: the PDF's fonts do not say which characters they draw, so no text can be "
            "read; run OCR on it (e.g. ocrmypdf --force-ocr) and give the result"
        )
    drop = _furniture(pages, heights, cfg)
    items = [it for page in pages for it in page if id(it) not in drop]
    return _assemble(items, title, cfg)


def _assemble(items: list[_Item], title: str | None, cfg: PdfRules) -> PdfText:
    edges = _edges(items)
    pitch = _pitch(items)
    flow = _Flow()
    prev: _Item | None = None
    for it in items:
        same = prev is not None and _continues(prev, it, edges, pitch, cfg)
        if prev is not None:
            flow.add(_join(prev.text, it.text) if same else "\n", (prev.page, prev.column))
        if (
            not same
            and not it.row
            and it.x0 > edges[(it.page, it.column)].left + cfg.indent * it.size
        ):
            flow.add(_INDENT, (it.page, it.column))
        flow.add(it.text, (it.page, it.column))
        prev = it
    return PdfText("".join(flow.parts), title, tuple(flow.marks))
