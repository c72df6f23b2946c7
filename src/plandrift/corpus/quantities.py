"""The quantities stage: every number of a statement that measures something, with its unit,
qualifier, metric, estimate flag and period.

A numeral counts as a quantity when a unit follows it (``measures.scan``) or, in a table
row, when its row or column names one. Qualifier and metric words are data
(``data/qualifiers.toml``), partial-year periods too (``periods``). Role and year are not
read here: the roles stage reads them from the quantities this stage leaves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .measures import CLAUSE_END, Hit, after_qualifier, qualifiers, scan, strip_metric, units
from .models import Quantity, Statement
from .parsed import ParsedDocument
from .periods import Period, in_period_cue, period_at, period_cues

_TABLE_UNIT = re.compile(r"[（(]([^（）()]{1,8})[）)]\s*$")


# ---------------------------------------------------------------- qualifier and metric


def _clause_start(text: str, pos: int, lo: int, extra: str = "") -> int:
    stops = CLAUSE_END + extra
    i = pos - 1
    while i >= lo and text[i] not in stops:
        i -= 1
    return i + 1


def qualifier_of(text: str, hit: Hit, clause: str, whole: str = "") -> str:
    """The qualifier nearest the number: after it (以上, 左右, 余) first, else before it in
    ``clause`` (the list item holding the number), else a word opening ``whole`` (the clause:
    新认定A200户、B60户 gives both 新认定)."""
    q = qualifiers()
    if hit.approx:
        return hit.approx
    tail = text[hit.unit_end : hit.unit_end + 3].lstrip()
    for word in q.after:
        if tail.startswith(word):
            return word
    best = ""
    for opener in (whole, clause):
        opening = q.filler_re.match(opener)
        lead = q.lead_re.match(opener, opening.end() if opening else 0)
        best = lead.group() if lead else best
    touching = len(clause.rstrip())
    for m in q.before_re.finditer(clause):
        if len(m.group()) == 1 and m.end() < touching:
            continue  # one-character words (近, 约, 达, 前) only when touching the number
        best = m.group()
    return best


def _following_phrase(text: str, pos: int, hi: int) -> str:
    """The words after a number (65411名建档立卡农村贫困人口…) when nothing precedes it;
    a qualifier right after the number (5000万元以上项目) is not part of them."""
    for word in qualifiers().after:
        if len(word) > 1 and text.startswith(word, pos):  # not 多/余: 22栋多层厂房
            pos += len(word)
            break
    j = pos
    while j < hi and text[j] not in CLAUSE_END + "、" and not text[j].isdigit():
        j += 1
    return text[pos:j].strip()[:16]


def _head_share(items: list[str]) -> list[str]:
    """肉牛、白鹅、生猪饲养量 → 肉牛饲养量, 白鹅饲养量, 生猪饲养量 (the last item's head)."""
    *first, last = items
    width = max(len(i) for i in first)
    if width <= 4 and len(last) > width + 1:
        head = last[width:]
        return [i + head for i in first] + [last]
    return items


def _distributed(text: str, clause_lo: int, num_start: int) -> list[str] | None:
    """Metrics of a 分别 list: the items before 分别, in order, or None."""
    q = qualifiers()
    phrase = text[clause_lo:num_start]
    k = min((i for i in (phrase.find(w) for w in q.distributive) if i >= 0), default=-1)
    if k < 0:
        return None
    subject = q.filler_re.sub("", phrase[:k])
    items = [i for i in q.list_split.split(subject) if i]
    return _head_share(items) if len(items) > 1 else None


# ---------------------------------------------------------------- assembling quantities


def _normalise(value: float | None, mult: str) -> float | None:
    if value is None:
        return None
    factor = units().multipliers.get(mult, 1.0)
    return round(value * factor, 6)


def _quantity(
    hit: Hit,
    offset: int,
    text: str,
    metric: str,
    qualifier: str,
    estimate: bool,
) -> Quantity:
    n = hit.num
    return Quantity(
        metric=metric,
        value=n.value,
        value_hi=n.value_hi,
        unit=hit.unit,
        qualifier=qualifier,
        estimate=estimate,
        cstart=offset + n.start,
        cend=offset + n.end,
        text=text[n.start : hit.unit_end],
        norm_value=_normalise(n.value, hit.mult),
        norm_value_hi=_normalise(n.value_hi, hit.mult),
        norm_unit=hit.base,
    )


def _sentence_quantities(doc: ParsedDocument, stmt: Statement) -> list[Quantity]:
    text = doc.cleaned.text
    lo, hi = stmt.cstart, stmt.cend
    body = text[lo:hi]
    q = qualifiers()
    out: list[Quantity] = []
    dist: list[str] | None = None
    prev_hit: Hit | None = None
    prev_metric = ""
    periods: dict[int, list[Period]] = {}
    for hit in scan(body):
        s = lo + hit.num.start
        sent_lo = doc.sentence_start(s)
        if sent_lo not in periods:
            periods[sent_lo] = period_cues(text[sent_lo:hi])
        if in_period_cue(periods[sent_lo], s - sent_lo):
            continue  # 前10个月 says when, not how much
        clause_lo = _clause_start(text, s, lo)
        part_lo = _clause_start(text, s, clause_lo, "、")
        glued = (
            prev_hit is not None
            and lo + prev_hit.unit_end >= clause_lo
            and q.glue_re.match(after_qualifier(text[lo + prev_hit.unit_end : s]))
        )
        if not glued:
            dist = _distributed(text, clause_lo, s)
        if dist is not None and (dist or glued):
            metric = dist.pop(0) if dist else prev_metric
        else:
            metric = strip_metric(text[part_lo:s])
            bare = bool(q.before_re.fullmatch(metric) or q.heads_re.fullmatch(metric))
            after = ""
            if bare or len(metric) < 2:
                after = _following_phrase(text, lo + hit.unit_end, hi)
            if prev_metric and (q.change_re.match(metric) or (bare and len(after) < 3)):
                # 产量达到93.45亿斤、增长5% / 增长7.5%，达326.4亿元: the clause names no metric
                base = q.change_tail_re.sub("", prev_metric) or prev_metric
                metric = base + (metric if q.change_re.match(metric) else "")
            elif bare or len(metric) < 2:
                # 65411名建档立卡…, 连续11年蝉联…: the words after the number name it
                metric = (("" if bare else metric) + after).strip() or metric
        estimate = any(w in text[sent_lo:s] for w in q.estimate)
        qual = qualifier_of(body, hit, text[part_lo:s], text[clause_lo:s])
        if glued and not qual and out:
            qual = out[-1].qualifier  # 分别达到145万头、1500万只: the list shares its verb
        out.append(_quantity(hit, lo, body, metric, qual, estimate))
        out[-1].period = period_at(periods[sent_lo], s - sent_lo)
        prev_hit, prev_metric = hit, metric
    return out


# ---------------------------------------------------------------- table rows


def _cells(body: str) -> list[tuple[int, str]]:
    """A row's cells (offset, text); cells are separated by single spaces."""
    cells, pos = [], 0
    for part in body.split(" "):
        if part:
            cells.append((pos, part))
        pos += len(part) + 1
    return cells


@dataclass
class Cell:
    """A table cell that holds a number: where the number is, its unit and qualifier."""

    start: int  # offsets within the cell
    end: int
    value: float
    unit: str
    mult: str
    base: str
    qualifier: str
    raw: str = ""


def _cell_value(cell: str) -> Cell | None:
    """The number of a value cell (7以上, >8, 4以内, 17名, 前15名), or None."""
    m = units().value_cell.match(cell)
    if m:
        sign = m.group("q") or ""
        tail = m.group("u") or ""
        qual = tail if tail and tail != "%" else units().signs.get(sign, sign)
        return Cell(
            m.start("n"),
            m.end("n"),
            float(m.group("n")),
            "%" if tail == "%" else "",
            "",
            "%" if tail == "%" else "",
            qual,
        )
    hits = scan(cell)
    if len(hits) != 1 or hits[0].num.value_hi is not None:
        return None
    h = hits[0]
    rest = cell[h.unit_end :]
    if any(rest == w for w in qualifiers().after) or not rest:
        head = cell[: h.num.start]
        if head and head not in qualifiers().before:
            return None
        return Cell(h.num.start, h.num.end, h.num.value, h.unit, h.mult, h.base, rest or head, cell)
    return None


def _is_blank(cell: str) -> bool:
    """An empty (——) or pending (待省下达, 〔待省下达〕) cell: it still takes a column."""
    return cell.startswith(units().blank)


def _row_values(body: str) -> list[tuple[str, str, int, int, Cell]]:
    """(label, sub-label, column index, offset, cell) of every number cell of a row.

    A row may hold sub-rows (数字经济渗透率 一产 6.9 8.2 —— 二产 16.5 …): a label cell after
    value cells starts the next sub-row, whose cells fill the columns again from the first.
    A lone qualifier cell (前 15名) belongs to the next cell.
    """
    out: list[tuple[str, str, int, int, Cell]] = []
    label: list[str] = []
    sub, col, seen, carry = "", 0, False, ""
    for i, (pos, cell) in enumerate(_cells(body)):
        value = _cell_value(carry + cell) if i else None
        if value is not None or (i and _is_blank(cell)):
            if value is not None:
                out.append(("".join(label), sub, col, pos - len(carry), value))
            col, seen, carry = col + 1, True, ""
        elif cell in qualifiers().before and len(cell) <= 2:
            carry = cell
        elif seen or sub or any(_TABLE_UNIT.search(x) for x in label):
            sub = units().attribute.sub("", cell) or sub
            col, seen = 0, False
        elif not (i == 0 and cell.isdigit()):
            label.append(cell)
    return out


def _row_metric(label: str, sub: str) -> tuple[str, str]:
    """Metric and unit of a row: 常住人口城镇化率（%） → 常住人口城镇化率, %."""
    m = _TABLE_UNIT.search(label)
    unit = m.group(1) if m else ""
    head = _TABLE_UNIT.sub("", label)
    return (f"{head}（{sub}）" if sub else head), unit


def _table_quantities(doc: ParsedDocument, stmt: Statement) -> list[Quantity]:
    """One quantity per number cell, keeping the row and column labels that date it."""
    body = doc.cleaned.text[stmt.cstart : stmt.cend]
    out = []
    for label, sub, col, pos, cell in _row_values(body):
        metric, row_unit = _row_metric(label, sub)
        header = stmt.columns[col] if col < len(stmt.columns) else ""
        cu = _TABLE_UNIT.search(header)
        unit = cell.unit or (cu.group(1) if cu else row_unit)
        mult = cell.mult if cell.unit else _multiplier(unit)
        out.append(
            Quantity(
                metric=metric,
                value=cell.value,
                value_hi=None,
                unit=unit,
                qualifier=cell.qualifier,
                estimate=any(w in header for w in qualifiers().estimate),
                cstart=stmt.cstart + pos + cell.start,
                cend=stmt.cstart + pos + cell.end,
                text=cell.raw,
                norm_value=_normalise(cell.value, mult),
                norm_unit=unit[len(mult) :],
                column=header,
                row_label=label + sub,
            )
        )
    return out


def _multiplier(unit: str) -> str:
    """The multiplier a unit starts with (万亩 → 万), if any."""
    return next(
        (
            p
            for p in sorted(units().multipliers, key=len, reverse=True)
            if unit.startswith(p) and len(unit) > len(p)
        ),
        "",
    )


# ---------------------------------------------------------------- the stage


def run(doc: ParsedDocument) -> None:
    """The quantities stage: fill every statement's ``quantities`` (cleaned and raw offsets)."""
    for st in doc.statements:
        if st.kind == "table-row" and st.columns:
            st.quantities = _table_quantities(doc, st)
        else:
            st.quantities = _sentence_quantities(doc, st)
        for q in st.quantities:
            q.start, q.end = doc.cleaned.raw_span(q.cstart, q.cend)
