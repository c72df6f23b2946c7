"""Clean raw text into one paragraph (or heading) per line, keeping a map back to raw offsets.

Real inputs are PDF or web extractions: hard line breaks every 20-30 characters, page numbers,
running heads, headings printed twice, spaces inside numbers, full-width digits, zero-width
characters, licence blocks. Every rule here is general (patterns live in ``data/clean.toml``);
every kept character remembers the raw index it came from, so rows can point at the raw file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from . import rules
from .models import Cleaned
from .tables import is_header

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_SPACE = frozenset(" \t\u3000\u00a0\f\v")
_STRIP = "".join(ZERO_WIDTH | _SPACE)
_KEEP_FULLWIDTH = set("，：；（）！？")  # Chinese punctuation stays as printed
_ASCII_TO_CJK = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_ROW = re.compile(r"^(\d{1,2})\s+(?=[^\s\d.])")
_DIGIT = re.compile(r"\d")
_PROSE = re.compile("[，；、]")  # headings printed twice hold none of these
_COMMA = re.compile("[，；]")
_SPACED = re.compile(r"^(?:\S\s+){2,}\S$")
_HALVES = re.compile(r"(\S.*?)\s+\1")
_DROP_SPACES = {ord(ch): None for ch in ZERO_WIDTH | _SPACE}
_HAS_SPACE = re.compile("[" + re.escape("".join(ZERO_WIDTH | _SPACE)) + "]")
_SPECIAL = re.compile(
    "["
    + re.escape(
        "".join(ZERO_WIDTH | _SPACE)
        + ",;:?!()"
        + "".join(chr(c) for c in range(0xFF01, 0xFF5F) if chr(c) not in _KEEP_FULLWIDTH)
    )
    + "]"
)


SHAPE = rules.Table(
    {
        "page_number": rules.PATTERNS,
        "bare_page_number": rules.PATTERN,
        "running_head": rules.PATTERNS,
        "running_head_min_repeats": rules.INT,
        "running_head_max_len": rules.INT,
        "garbage": rules.PATTERNS,
        "trailer_start": rules.PATTERNS,
        "paragraph_start": rules.PATTERNS,
        "paragraph_end": rules.PATTERNS,
        "continues": rules.STR,
        "ends": rules.STR,
        "closers": rules.STR,
    }
)


@cache
def patterns() -> dict[str, Any]:
    """The cleaning patterns of ``data/clean.toml``, compiled once."""
    data = rules.load("clean.toml", SHAPE)
    out = dict(data)
    for key in (
        "page_number",
        "running_head",
        "garbage",
        "trailer_start",
        "paragraph_start",
        "paragraph_end",
    ):
        out[key] = [re.compile("|".join(f"(?:{p})" for p in data[key]))]
    out["noise"] = re.compile("|".join(f"(?:{p})" for p in data["page_number"] + data["garbage"]))
    out["bare_page_number"] = re.compile(data["bare_page_number"])
    return out


def is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def is_cjk(ch: str) -> bool:
    """Ideographs and the punctuation printed between them (full-width forms, curly quotes)."""
    return (
        is_ideograph(ch)
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch in "“”‘’—…·"
    )


def _is_alnum_ascii(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def width(text: str) -> int:
    """Display width: a Chinese character or full-width mark counts two, ASCII one."""
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


@cache
def _fullwidth_map() -> dict[str, str]:
    """Full-width digits, letters and number signs to ASCII (NFKC where it maps one to one)."""
    out = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    for ch in _KEEP_FULLWIDTH:
        out.pop(ch)
    out.update({"\u3000": " ", "\u00a0": " ", "\t": " "})
    return out


@dataclass(slots=True)
class _Line:
    start: int  # raw index of the first content character
    end: int  # raw index just past the last content character
    brk: int  # raw index of the line break after the line (or len(raw))
    text: str  # raw[start:end]
    blank_before: bool = False
    indent: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)  # raw ranges to keep
    key: str = ""  # the text without spaces or zero-width characters
    width: int = 0
    idx: int = 0  # position among the document's kept lines
    first: bool = False  # the document's first line: a title, never wrapped into the text
    glued: bool = False  # a zero-width-only line sat between it and the line before
    doubled: bool = False  # a heading printed twice, now collapsed
    ends: bool = False  # ends a paragraph by its last characters
    starts: bool = False  # starts a paragraph (a heading or list marker)
    spaced: bool = False  # letter-spaced (政 府 工 作 报 告): a heading of its own
    comma: bool = False  # holds a comma or semicolon
    soft: bool = False  # the single line break before it is soft (see _mark_soft_breaks)

    def __post_init__(self) -> None:
        self.spans = [(self.start, self.end)]
        # str.translate is slow on CJK text; most lines have nothing to drop
        has = _HAS_SPACE.search(self.text)
        self.key = self.text.translate(_DROP_SPACES) if has else self.text
        # spaces count one column each (a half-width digit and its padding), as printed
        self.width = width(self.key) + len(self.text) - len(self.key)


def split_lines(raw: str) -> list[_Line]:
    """Non-empty lines with raw positions; blank lines become a flag on the next line."""
    lines: list[_Line] = []
    blank = glued = False
    pos = 0
    for whole in raw.splitlines(keepends=True):
        body = whole.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        content = body.strip(_STRIP)
        if not content:
            # a line of only zero-width characters joins its neighbours (``74.4\n\u200b\n万亿元``)
            zero_width = any(ch in ZERO_WIDTH for ch in body)
            blank = blank or not zero_width
            glued = glued or zero_width
        else:
            lead = body[: len(body) - len(body.lstrip(_STRIP))]
            start = pos + len(lead)
            indent = "\u3000" in lead or "  " in lead or "\t" in lead
            line = _Line(start, start + len(content), pos + len(body), content, blank, indent)
            line.glued = glued and not blank and bool(lines)
            lines.append(line)
            blank = glued = False
        pos += len(whole)
    return lines


# ---------------------------------------------------------------- noise lines


def _is_running_head(key: str, text: str, pats: dict[str, Any]) -> bool:
    if len(key) > 2 * pats["running_head_max_len"] or not _DIGIT.search(key):
        return False
    halves = _HALVES.fullmatch(text) if " " in text else None
    candidates = [text, halves.group(1)] if halves else [text]
    return any(p.match(c) for p in pats["running_head"] for c in candidates)


def drop_noise(lines: list[_Line]) -> list[_Line]:
    """Drop page numbers, running heads, Latin garbage and a trailing licence block."""
    pats = patterns()
    counts = Counter(line.key for line in lines)
    limit = pats["running_head_max_len"]
    kept: list[_Line] = []
    for i, line in enumerate(lines):
        key, text = line.key, line.text
        if pats["noise"].match(text):
            continue
        if pats["bare_page_number"].match(text) and _isolated(lines, i):
            continue
        recurs = (
            counts[key] >= pats["running_head_min_repeats"]
            and len(key) <= limit
            and _DIGIT.search(key)
            and key[-1] not in pats["ends"]
        )
        if recurs or _is_running_head(key, text, pats):
            continue
        kept.append(line)
    return _drop_trailer(kept, pats)


def _isolated(lines: list[_Line], i: int) -> bool:
    return lines[i].blank_before and (i + 1 == len(lines) or lines[i + 1].blank_before)


def _drop_trailer(lines: list[_Line], pats: dict[str, Any]) -> list[_Line]:
    first = int(len(lines) * 0.75)
    for i in range(first, len(lines)):
        if pats["trailer_start"][0].match(lines[i].text):
            return lines[:i]
    return lines


# ---------------------------------------------------------------- doubled headings


def undouble(text: str) -> list[tuple[int, int]] | None:
    """Ranges of ``text`` to keep when every piece of it is printed twice, else None.

    ``厚植发展沃土厚植发展沃土`` keeps the first half; ``稳固稳固““压舱石压舱石””`` keeps
    one copy of each piece. A single ideograph may not double on its own (``谢谢``).
    """
    n = len(text)
    if n < 4 or n % 2 or n > 80:
        return None
    half = n // 2 + 1
    if not any(text.startswith(text[:k], k) for k in range(1, half)):
        return None
    if not any(text.endswith(text[n - k :], 0, n - k) for k in range(1, half)):
        return None
    choice: list[int] = [0] * (n + 1)
    ok = [False] * (n + 1)
    ok[n] = True
    for i in range(n - 2, -1, -1):
        for size in range((n - i) // 2, 0, -1):
            if not ok[i + 2 * size] or text[i : i + size] != text[i + size : i + 2 * size]:
                continue
            if size == 1 and is_ideograph(text[i]):
                continue
            ok[i], choice[i] = True, size
            break
    if not ok[0]:
        return None
    spans, i = [], 0
    while i < n:
        spans.append((i, i + choice[i]))
        i += 2 * choice[i]
    if sum(1 for a, b in spans for ch in text[a:b] if is_ideograph(ch)) < 2:
        return None
    return spans


def collapse_doubled(line: _Line) -> bool:
    """Keep one copy of a heading printed twice; True if the line was one."""
    if len(line.text) > 80 or _PROSE.search(line.text):
        return False
    halves = _HALVES.fullmatch(line.text) if " " in line.text else None
    if halves:
        line.spans = [(line.start, line.start + len(halves.group(1)))]
        return True
    spans = undouble(line.text)
    if not spans:
        return False
    line.spans = [(line.start + a, line.start + b) for a, b in spans]
    return True


# ---------------------------------------------------------------- paragraphs


@dataclass
class _Layout:
    """What a document's line breaks mean: its typical full line width and blank-line habit."""

    full: int  # display width of a full hard-wrapped line, 0 if lines are paragraphs
    blank_separates: bool  # blank lines separate paragraphs and single breaks do not
    widths: list[int] = field(default_factory=list)


def layout(lines: list[_Line]) -> _Layout:
    widths = [line.width for line in lines]
    if not widths:
        return _Layout(0, False)
    buckets = Counter(w // 2 * 2 for w in widths if w >= 20)
    full = 0
    if buckets:
        mode = max(buckets, key=lambda w: (buckets[w], w))
        near = sum(1 for w in widths if 0.85 * mode <= w <= 1.1 * mode)
        if mode <= 120 and near >= max(0.3 * len(widths), 12):
            full = mode
    for i, line in enumerate(lines):
        line.idx = i
    with_blank = sum(1 for line in lines[1:] if line.blank_before)
    blank_separates = with_blank >= 0.5 * len(lines)
    return _Layout(full, blank_separates, widths)


def local_width(lay: _Layout, i: int) -> int:
    """Median width of the lines around line ``i`` that are at least half full."""
    near = sorted(w for w in lay.widths[max(0, i - 3) : i + 4] if w >= lay.full // 2)
    return near[len(near) // 2] if len(near) >= 3 else lay.full


def _ends_paragraph(text: str, pats: dict[str, Any]) -> bool:
    body = text.rstrip(pats["closers"])
    return bool(body) and body[-1] in pats["ends"]


def _starts_paragraph(text: str, pats: dict[str, Any]) -> bool:
    return any(p.match(text) for p in pats["paragraph_start"])


def _features(line: _Line, pats: dict[str, Any]) -> None:
    """What a line's own text says about paragraph breaks, computed once."""
    text = line.text
    line.ends = _ends_paragraph(text, pats) or (
        text[-1].isdigit() and bool(pats["paragraph_end"][0].search(text))
    )
    line.starts = _starts_paragraph(text, pats)
    line.spaced = " " in text and bool(_SPACED.match(text))
    line.comma = bool(_COMMA.search(text))


def joins(
    prev: _Line, nxt: _Line, before: _Line | None, lay: _Layout, pats: dict[str, Any]
) -> bool:
    """Whether ``nxt`` continues the paragraph that ``prev`` is part of."""
    if prev.doubled or prev.ends or nxt.indent or prev.spaced or nxt.spaced:
        return False
    if prev.first and (lay.full or nxt.blank_before):
        return False
    if nxt.starts and prev.text[-1] not in "（“‘《〔【":
        return False
    if prev.text[-1] in pats["continues"] or nxt.glued:
        return True
    w = prev.width
    if lay.full:
        if prev.starts and w < 0.85 * lay.full and not prev.comma:
            return False  # a heading line
        if w >= 1.2 * lay.full:
            return True
        if before is not None and before.width >= 1.2 * lay.full:
            return False  # the short last line of an item in a wide box
        local = min(lay.full, local_width(lay, prev.idx))
        return w >= min(0.85 * local, local - 6)  # up to three characters short
    if lay.blank_separates and nxt.soft:
        return True
    # a line of its own that holds a comma but no end is a sentence cut short, not a heading
    return w >= 70 or (prev.comma and not prev.starts)


def paragraphs(lines: list[_Line], lay: _Layout) -> list[list[_Line]]:
    pats = patterns()
    for line in lines:
        line.doubled = collapse_doubled(line)
        _features(line, pats)
    if lay.blank_separates:
        _mark_soft_breaks(lines)
    out: list[list[_Line]] = []
    for line in lines:
        if out and not line.doubled and joins(out[-1][-1], line, _before(out[-1]), lay, pats):
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _mark_soft_breaks(lines: list[_Line]) -> None:
    """Where blank lines separate paragraphs, a single break inside a run that ends a
    sentence is soft (a web page's inline link on a line of its own); a run of lines that
    never ends a sentence is a list, one item per line."""
    start = 0
    for i in range(1, len(lines) + 1):
        if i < len(lines) and not lines[i].blank_before:
            continue
        run = lines[start:i]
        ends = run[-1].ends
        for k in range(1, len(run)):
            short = min(len(run[k - 1].key), len(run[k].key)) <= 2
            run[k].soft = ends or short
        start = i


def _before(par: list[_Line]) -> _Line | None:
    return par[-2] if len(par) >= 2 else None


# ---------------------------------------------------------------- tables


@dataclass
class _Table:
    first: int  # index of the first line of the header
    rows: list[int]  # indices of the row-number lines
    last: int  # index of the last line of the table
    whole_rows: bool = False  # header on one line: read cell by cell, every line is whole


def find_tables(lines: list[_Line]) -> list[_Table]:
    """Runs of lines numbered 1, 2, 3 … below a header of short cells with year labels."""
    tables: list[_Table] = []
    i = 0
    while i < len(lines):
        m = _ROW.match(lines[i].text)
        if not m or m.group(1) != "1":
            i += 1
            continue
        rows = _row_chain(lines, i)
        first = _header_start(lines, i)
        whole = first is None and _one_line_header(lines, i)
        if whole:
            first = i - 1 - _labels_above(lines, i)
        if len(rows) >= 4 and first is not None:
            last = _table_end(lines, rows[-1])
            tables.append(_Table(first, rows, last, whole_rows=whole))
            i = last + 1
        else:
            i += 1
    return tables


def _row_chain(lines: list[_Line], i: int) -> list[int]:
    rows, want, j = [i], 2, i + 1
    while j < len(lines) and j - rows[-1] <= 20:
        m = _ROW.match(lines[j].text)
        if m and int(m.group(1)) == want:
            rows.append(j)
            want += 1
        j += 1
    return rows


def _header_cell(key: str) -> bool:
    """A short line that is no sentence and no table title (…表)."""
    return len(key) <= 12 and key[-1] not in "。！？；：表"


def _header_start(lines: list[_Line], row1: int) -> int | None:
    j = row1
    while j > 0 and row1 - j < 40 and _header_cell(lines[j - 1].key):
        j -= 1
    if not is_header("\n".join(line.text for line in lines[j:row1])):
        return None
    return j


def _labels_above(lines: list[_Line], row1: int) -> int:
    """Category labels (经济发展) between a one-line header and row 1."""
    n = 0
    while row1 - n - 1 > 0 and _header_cell(lines[row1 - n - 1].key) and n < 3:
        n += 1
    return n


def _one_line_header(lines: list[_Line], row1: int) -> bool:
    """A header on one line, its cells apart (as a PDF, Word or web table is read)."""
    j = row1 - 1 - _labels_above(lines, row1)
    if j < 0:
        return False
    text = lines[j].text.strip()
    return " " in text and is_header(text)


def _table_end(lines: list[_Line], last_row: int) -> int:
    j = last_row
    while (
        j + 1 < len(lines)
        and len(lines[j + 1].key) <= 12
        and not lines[j + 1].text.startswith("注")
    ):
        j += 1
    return j


def _single(line: _Line) -> bool:
    return len(line.key) == 1 and is_ideograph(line.key)


def _header_groups(lines: list[_Line]) -> list[list[_Line]]:
    """Header cells: blank-separated groups; runs of one-character groups are vertical text."""
    groups: list[list[_Line]] = []
    for line in lines:
        if groups and not line.blank_before:
            groups[-1].append(line)
        else:
            groups.append([line])
    merged: list[list[_Line]] = []
    for g in groups:
        if merged and all(map(_single, g)) and all(map(_single, merged[-1])):
            merged[-1].extend(g)
        else:
            merged.append(g)
    return merged


def _row_pieces(lines: list[_Line], table: _Table) -> list[list[_Line]]:
    """Each row with its continuation lines; runs of one-character lines are category labels."""
    out: list[list[_Line]] = []
    j = table.rows[0]
    while j <= table.last:
        line = lines[j]
        if _single(line):
            k = j
            while k + 1 <= table.last and _single(lines[k + 1]):
                k += 1
            out.append(lines[j : k + 1])
            j = k + 1
            continue
        if j in table.rows or not out or all(map(_single, out[-1])):
            out.append([line])
        else:
            out[-1].append(line)
        j += 1
    return out


# ---------------------------------------------------------------- emission


class _Writer:
    """Builds the cleaned text and its offset map; plain runs are copied in bulk."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.parts: list[str] = []
        self.offs: list[int] = []
        self.fw = _fullwidth_map()
        self._last = "\n"

    def put(self, ch: str, at: int) -> None:
        self.parts.append(ch)
        self.offs.append(at)
        self._last = ch

    def last(self) -> str:
        return self._last

    def newline(self, at: int) -> None:
        if self.parts and self._last != "\n":
            self.put("\n", at)

    def span(self, a: int, b: int, keep_spaces: bool = False, spaced_letters: bool = False) -> None:
        """Copy raw[a:b]: normalise characters, drop zero-width ones, decide each space."""
        raw, i = self.raw, a
        while i < b:
            m = _SPECIAL.search(raw, i, b)
            stop = m.start() if m else b
            if stop > i:
                self.parts.append(raw[i:stop])
                self.offs.extend(range(i, stop))
                self._last = raw[stop - 1]
                i = stop
                continue
            ch = raw[i]
            if ch in ZERO_WIDTH:
                i += 1
                continue
            if ch in _SPACE:
                j = i
                while j < b and (raw[j] in _SPACE or raw[j] in ZERO_WIDTH):
                    j += 1
                nxt = self._peek(j, b)
                if nxt and self._keep_space(self._last, nxt, keep_spaces, spaced_letters):
                    self.put(" ", i)
                i = j
                continue
            self.put(self._norm(ch, i, b), i)
            i += 1

    def _peek(self, j: int, b: int) -> str:
        while j < b and self.raw[j] in ZERO_WIDTH:
            j += 1
        return self.fw.get(self.raw[j], self.raw[j]) if j < b else ""

    @staticmethod
    def _keep_space(prev: str, nxt: str, keep_spaces: bool, spaced_letters: bool) -> bool:
        if prev in "\n ":
            return False
        if keep_spaces:
            return True
        if spaced_letters:
            return False
        both_ideo = is_ideograph(prev) and is_ideograph(nxt)
        return both_ideo or (_is_alnum_ascii(prev) and _is_alnum_ascii(nxt))

    def _norm(self, ch: str, i: int, b: int) -> str:
        if ch in _ASCII_TO_CJK:
            nxt = self.raw[i + 1] if i + 1 < b else ""
            if is_cjk(self._last) or (nxt and is_cjk(nxt)):
                return _ASCII_TO_CJK[ch]
            return ch
        return self.fw.get(ch, ch)

    def join(self, prev: _Line, nxt: _Line, sep: str) -> None:
        """Between two lines of one paragraph: nothing, or ``sep`` at the raw line break."""
        if sep and self._last != " ":
            self.put(sep, prev.brk)
        elif (
            not sep
            and _is_alnum_ascii(self._last)
            and nxt.text[:1].isascii()
            and nxt.text[:1].isalpha()
        ):
            self.put(" ", prev.brk)

    def text(self) -> Cleaned:
        text = "".join(self.parts)
        end = len(text.rstrip("\n "))
        return Cleaned(text[:end], [*self.offs[:end], len(self.raw)])


def _write_line(w: _Writer, line: _Line, keep_spaces: bool = False) -> None:
    spaced = bool(_SPACED.match(line.text)) and not keep_spaces
    for a, b in line.spans:
        w.span(a, b, keep_spaces=keep_spaces, spaced_letters=spaced)


def _write_paragraph(w: _Writer, par: list[_Line]) -> None:
    for k, line in enumerate(par):
        if k:
            w.join(par[k - 1], line, "")
        _write_line(w, line)
    w.newline(par[-1].brk)


def _write_whole_rows(w: _Writer, lines: list[_Line], table: _Table) -> None:
    """A table read cell by cell: the header and the rows keep their spaces, every other
    line (a category label) is a paragraph of its own."""
    rows = set(table.rows)
    for j in range(table.first, table.last + 1):
        line = lines[j]
        if j == table.first or j in rows:
            w.span(line.start, line.end, keep_spaces=True)
            w.newline(line.brk)
        else:
            _write_paragraph(w, [line])


def _write_table(w: _Writer, lines: list[_Line], table: _Table) -> None:
    if table.whole_rows:
        _write_whole_rows(w, lines, table)
        return
    groups = _header_groups(lines[table.first : table.rows[0]])
    trailing: list[list[_Line]] = []
    while groups and all(map(_single, groups[-1])):
        trailing.insert(0, groups.pop())
    for k, group in enumerate(groups):
        if k:
            w.join(groups[k - 1][-1], group[0], " ")
        for line in group:
            w.span(line.start, line.end, spaced_letters=True)
    w.newline(groups[-1][-1].brk if groups else lines[table.first].brk)
    for group in trailing:
        _write_paragraph(w, group)
    pieces = _row_pieces(lines, table)
    frequent = _frequent_cells(pieces)
    for piece in pieces:
        if all(map(_single, piece)):
            _write_paragraph(w, piece)
            continue
        for k, line in enumerate(piece):
            if k:
                w.join(piece[k - 1], line, "" if _glue(piece[k - 1], line, frequent) else " ")
            w.span(line.start, line.end, keep_spaces=True)
        w.newline(piece[-1].brk)


def _frequent_cells(pieces: list[list[_Line]]) -> set[str]:
    counts = Counter(tok for piece in pieces for line in piece for tok in line.text.split())
    return {tok for tok, n in counts.items() if n >= 3}


def _glue(prev: _Line, nxt: _Line, frequent: set[str]) -> bool:
    """A cell wrapped inside its column (``待省`` / ``下达``) joins without a space."""
    a, b = prev.text.split()[-1], nxt.text.split()[0]
    return is_ideograph(a[-1]) and is_ideograph(b[0]) and a not in frequent and b not in frequent


def clean(raw: str) -> Cleaned:
    """Cleaned text with one paragraph (or heading, or table row) per line."""
    lines = drop_noise(split_lines(raw))
    if lines and not any(ch in lines[0].text for ch in "，、；。"):
        lines[0].first = True  # a title
    lay = layout(lines)
    tables = {t.first: t for t in find_tables(lines)}
    w = _Writer(raw)
    i = 0
    while i < len(lines):
        if i in tables:
            _write_table(w, lines, tables[i])
            i = tables[i].last + 1
            continue
        stop = min([t for t in tables if t > i], default=len(lines))
        for par in paragraphs(lines[i:stop], lay):
            _write_paragraph(w, par)
        i = stop
    return w.text()
