"""Find the numbers that measure something, with unit, qualifier, metric, role and year.

A numeral counts as a quantity when a unit follows it (or, in a table row, when its row or
column names one). Dates, ordinals, document numbers and numbers glued into names are left
out. Units, qualifiers and role cues are data (``data/*.toml``); numerals are parsed in
``numbers``; role and year come from ``roles``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from . import roles, rules
from .models import DocSpec, Quantity, Statement
from .numbers import Numeral, find_numerals

_CLAUSE_END = "，,；;。：:！？!?\n"
_SENTENCE_END = "。！？!?\n"
_SENTENCE_END_RE = re.compile(f"[{_SENTENCE_END}]")
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〔": "〕", "[": "]"}
_RATIO = re.compile(r"[:：]1(?![\d.:：])")  # X:1, not a clock time or 1:1:1
_LATIN = re.compile(r"[A-Za-z]")
_ORDINAL_BEFORE = set("#№")
_PER = set("每/")  # per-rates: 每千人口, 18/10万
_MAGNITUDE = {"十", "百", "千"}
_TABLE_UNIT = re.compile(r"[（(]([^（）()]{1,8})[）)]\s*$")
_VALUE_CELL = re.compile(r"^(?P<q>[>≥<≤]|前|约)?(?P<n>\d+(?:\.\d+)?)(?P<u>%|以上|以内|以下|左右)?$")


@dataclass(frozen=True)
class Units:
    pattern: re.Pattern[str]
    multipliers: dict[str, float]
    chinese_base: frozenset[str]
    not_before: tuple[str, ...]
    ranks: frozenset[str]
    chinese_not_after: frozenset[str]
    blank: tuple[str, ...]  # table cells that hold no number but take a column
    attribute: re.Pattern[str]  # attribute words glued onto a table label
    signs: dict[str, str]  # >7 → 超过


@dataclass(frozen=True)
class Qualifiers:
    after: tuple[str, ...]
    before: tuple[str, ...]  # longest first
    estimate: tuple[str, ...]
    before_re: re.Pattern[str]  # any 'before' word, longest spelling first
    lead_re: re.Pattern[str]  # a 'lead' word opening a clause (after fillers)
    trailing_re: re.Pattern[str]  # a 'before' word ending a phrase
    filler_re: re.Pattern[str]  # fillers, years and months opening a metric phrase
    tail_re: re.Pattern[str]  # words ending a phrase that are not part of the metric
    change_re: re.Pattern[str]  # a phrase that is only a change (同比增长)
    change_tail_re: re.Pattern[str]  # a change ending a metric (地区生产总值增长)
    distributive: tuple[str, ...]
    list_split: re.Pattern[str]
    glue_re: re.Pattern[str]  # what may separate the numbers of a list
    dependent_re: re.Pattern[str]  # a clause opening that leans on the clause before
    generic: frozenset[str]  # metrics that name no subject (产量, 总投资)
    heads_re: re.Pattern[str]  # boilerplate verbs heading a metric (推动, 实施)
    heads: tuple[str, ...]
    head_keep: int  # characters that must remain after trimming a head


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


UNITS = rules.Table(
    {
        "base": rules.WORDS,
        "chinese_base": rules.WORDS,
        "rates": rules.WORDS,
        "not_before": rules.WORDS,
        "ranks": rules.WORDS,
        "chinese_not_after": rules.WORDS,
        "table": rules.Table(
            {"blank": rules.WORDS, "attributes": rules.WORDS, "signs": rules.Map(rules.STR)}
        ),
        "multipliers": rules.Map(rules.NUMBER),
    }
)


@cache
def units() -> Units:
    """The unit table, read and compiled once."""
    d = rules.load("units.toml", UNITS)
    # A multiplier that begins a base unit (千 in 千瓦, 千米) is that unit, not a multiplier.
    mults = "|".join(
        re.escape(m)
        + "".join(f"(?!{re.escape(b[len(m) :])})" for b in d["base"] if b.startswith(m))
        for m in sorted(d["multipliers"], key=len, reverse=True)
    )
    pattern = re.compile(
        rf"(?P<pre>余|多)?(?P<mult>{mults})?(?P<approx>余|多)?"
        rf"(?P<base>{_alternation(d['base'])})?(?P<rate>{_alternation(d['rates'])})?"
    )
    return Units(
        pattern,
        dict(d["multipliers"]),
        frozenset(d["chinese_base"]),
        tuple(d["not_before"]),
        frozenset(d["ranks"]),
        frozenset(d["chinese_not_after"]),
        tuple(d["table"]["blank"]),
        re.compile(f"^(?:{_alternation(d['table']['attributes'])})"),
        dict(d["table"]["signs"]),
    )


QUALIFIERS = rules.Table(
    {
        "after": rules.WORDS,
        "before": rules.WORDS,
        "lead": rules.WORDS,
        "estimate": rules.WORDS,
        "metric": rules.Table(
            {
                "fillers": rules.WORDS,
                "heads": rules.WORDS,
                "head_keep": rules.INT,
                "tails": rules.WORDS,
                "keep": rules.WORDS,
                "changes": rules.WORDS,
                "change_prefixes": rules.WORDS,
                "distributive": rules.WORDS,
                "dependent": rules.WORDS,
                "generic": rules.WORDS,
                "list_separators": rules.WORDS,
            }
        ),
    }
)


@cache
def qualifiers() -> Qualifiers:
    """Qualifier and metric word lists, read and compiled once."""
    d = rules.load("qualifiers.toml", QUALIFIERS)
    m = d["metric"]
    alt = _alternation(d["before"] + d["lead"])
    dates = (
        r"(?:到|至|截至)?\s*\d{4}\s*年(?:底|末)?|\d{1,2}(?:-|至)\d{1,2}月份?|\d{1,2}月(?:底|末|份)?"
    )
    keep = "".join(f"(?<!{re.escape(k[:-1])})" for k in m["keep"])
    tails = "|".join(
        (keep + re.escape(t)) if any(k.endswith(t) for k in m["keep"]) else re.escape(t)
        for t in sorted(m["tails"], key=len, reverse=True)
    )
    seps = _alternation(m["list_separators"])
    change = f"(?:{_alternation(m['change_prefixes'])})?(?:{_alternation(m['changes'])})"
    return Qualifiers(
        tuple(d["after"]),
        tuple(sorted(d["before"], key=len, reverse=True)),
        tuple(d["estimate"]),
        re.compile(_alternation(d["before"])),
        re.compile(f"(?:{_alternation(d['lead'])})"),
        re.compile(f"(?:{alt})$"),
        re.compile(rf"^(?:{_alternation(m['fillers'])}|{dates}|[，,、\s])+"),
        re.compile(f"(?:{tails})$"),
        re.compile(f"^{change}$"),
        re.compile(f"{change}$"),
        tuple(m["distributive"]),
        re.compile(seps),
        re.compile(rf"^(?:{seps}|\s)*$"),
        re.compile(f"(?:{_alternation(m['dependent'])})"),
        frozenset(m["generic"]),
        re.compile(f"(?:{_alternation(m['heads'])})+"),
        tuple(m["heads"]),
        int(m["head_keep"]),
    )


@dataclass(frozen=True)
class Hit:
    """A numeral that measures something, before metric, role and year are attached
    (frozen: scans are cached and shared)."""

    num: Numeral
    unit: str
    unit_end: int  # end of the unit (and of 余/多 inside it) in the scanned text
    approx: str
    mult: str
    base: str


# ---------------------------------------------------------------- finding the numbers


def _in_short_quote(text: str, pos: int, limit: int = 12) -> bool:
    """True when ``pos`` sits inside a short quoted or bracketed name (“567”工程, 〔2025〕)."""
    lo = max(0, pos - limit)
    for open_, close in _QUOTES.items():
        i = text.rfind(open_, lo, pos)
        if i < 0 or text.rfind(close, i, pos) >= 0:
            continue
        j = text.find(close, pos, pos + limit)
        if j >= 0 and open_ not in text[pos:j]:
            return True
    return False


def _unit_at(text: str, n: Numeral) -> tuple[str, str, str, str, int] | None:
    """(unit, multiplier, approx, base, end) of the unit after a numeral, or None."""
    pos = n.end
    if text[pos : pos + 1] == " ":
        pos += 1
    ratio = _RATIO.match(text, n.end)
    if ratio and text[n.start - 1 : n.start] not in (":", "："):  # 配建比达到1.58:1
        return ratio.group(), "", "", ratio.group(), ratio.end()
    m = units().pattern.match(text, pos)
    if not m or not (m.group("mult") or m.group("base") or m.group("rate")):
        return None
    mult, approx, base, rate = (m.group(g) or "" for g in ("mult", "approx", "base", "rate"))
    approx = approx or (m.group("pre") or "")  # 100多万人, 3.7万余户
    return mult + base + rate, mult, approx, base, m.end()


def _is_measure(text: str, n: Numeral, unit: tuple[str, str, str, str, int]) -> bool:
    """Rule out dates, ordinals, names and codes that happen to be followed by a unit."""
    _, mult, _, base, end = unit
    before = text[n.start - 1] if n.start else ""
    if before in _ORDINAL_BEFORE or before in _PER or _LATIN.match(before):
        return False
    if _LATIN.match(text[n.end : n.end + 1]):
        return False  # 5G, 3A级
    if before == "第" and (n.chinese or base not in units().ranks):
        return False  # 第一, 第3次; but 位列第16位 is a rank
    if base == "年" and not mult and n.value == int(n.value) and 1900 <= n.value <= 2100:
        return False  # a year, not a duration
    if any(text.startswith(w, end) for w in units().not_before):
        return False
    if n.chinese and (before.isdigit() or not _chinese_measure(text, n, mult, base, end)):
        return False
    return not _in_short_quote(text, n.start)


def _chinese_measure(text: str, n: Numeral, mult: str, base: str, end: int) -> bool:
    """Chinese numerals count only before a common unit, and a bare 百/千 only when it is
    the value itself (达百亿元, 稳定在千万亩以上), not a modifier (千头牛场, 千人以上规模化供水)."""
    if not mult and base not in units().chinese_base:
        return False
    word = text[n.start : n.end]
    if word == "一" and not mult:
        return False  # 一个, 一项: an article, not a count
    if n.start and text[n.start - 1] in units().chinese_not_after:
        return False
    if word in _MAGNITUDE:
        head = text[max(0, n.start - 4) : n.start]
        if any(head.endswith(w) for w in qualifiers().before):
            return True
        rest = text[end : end + 3]
        for w in qualifiers().after:
            if rest.startswith(w):
                rest = rest[len(w) :]
                break
        return not rest or rest[0] in _CLAUSE_END + "、"
    return True


def scan(text: str) -> tuple[Hit, ...]:
    """Every numeral in ``text`` that is followed by a unit and measures something.

    A numeral listed before another that has a unit shares it (分别高4.2和0.7个百分点).
    Cached: a sentence is scanned to split goals and again for its quantities, and a
    gazette prints many sentences twice.
    """
    return _scan(text)


@lru_cache(maxsize=8192)
def _scan(text: str) -> tuple[Hit, ...]:
    numerals = find_numerals(text)
    units_at = [_unit_at(text, n) for n in numerals]
    for i in range(len(numerals) - 2, -1, -1):
        n, nxt = numerals[i], numerals[i + 1]
        following = units_at[i + 1]
        if units_at[i] is None and following is not None and n.chinese == nxt.chinese:
            if qualifiers().list_split.fullmatch(text[n.end : nxt.start]):
                label, mult, _, base, _ = following
                units_at[i] = (label, mult, "", base, n.end)
    hits = []
    for n, unit in zip(numerals, units_at, strict=True):
        if unit is None or not _is_measure(text, n, unit):
            continue
        label, mult, approx, base, end = unit
        hits.append(Hit(n, label, end, approx, mult, base))
    return tuple(hits)


# ---------------------------------------------------------------- qualifier and metric


def _clause_start(text: str, pos: int, lo: int, extra: str = "") -> int:
    stops = _CLAUSE_END + extra
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


def _strip_metric(phrase: str) -> str:
    """The metric phrase: the words before a number without fillers, cues and qualifiers."""
    q = qualifiers()
    for word in q.estimate:
        phrase = phrase.replace(word, "")
    phrase = q.filler_re.sub("", phrase.strip())
    head = q.heads_re.match(phrase)
    if head and len(phrase) - head.end() >= q.head_keep:
        phrase = q.filler_re.sub("", phrase[head.end() :])  # 推动全市… → …
    changed, trimmed = True, False
    while changed and phrase:
        changed = False
        m = q.trailing_re.search(phrase)
        if m and m.start() > 0:
            phrase, changed = phrase[: m.start()], True
        tail = q.tail_re.search(phrase)
        if tail and tail.start() > 0:
            phrase, changed = phrase[: tail.start()], True
        for word in q.heads if trimmed else ():  # 粮食产量加快迈上: a push verb before
            if phrase.endswith(word) and len(phrase) > len(word) + 1:  # the qualifier
                phrase, changed = phrase[: -len(word)], True
        trimmed = trimmed or changed
    return phrase[-24:]


def _following_phrase(text: str, pos: int, hi: int) -> str:
    """The words after a number (65411名建档立卡农村贫困人口…) when nothing precedes it;
    a qualifier right after the number (5000万元以上项目) is not part of them."""
    for word in qualifiers().after:
        if len(word) > 1 and text.startswith(word, pos):  # not 多/余: 22栋多层厂房
            pos += len(word)
            break
    j = pos
    while j < hi and text[j] not in _CLAUSE_END + "、" and not text[j].isdigit():
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


# ---------------------------------------------------------------- goal clauses

_PIECE = re.compile(r"[^，,；;]+[，,；;]*|[，,；;]+")
_PIECE_SEP = re.compile("[，,；;]")


_PIECE_END = re.compile(r"[\s，,；;。！？!?”’）)]*$")


def _own_goal(piece: str, hits: list[Hit]) -> bool:
    """Whether a clause states a goal of its own: it ends with a number (a goal list's
    shape: 规模工业增加值增长6%-7%，) whose metric phrase is its own, not a change, a bare
    qualifier, a generic measure or a clause leaning on the one before. ``hits`` are the
    clause's numbers, offsets relative to ``piece``."""
    q = qualifiers()
    if not hits or not _PIECE_END.match(_after_qualifier(piece[hits[-1].unit_end :])):
        return False
    phrase = re.split("[：:]", piece[: hits[0].num.start])[-1]
    opening = q.filler_re.match(phrase)
    if q.dependent_re.match(phrase, opening.end() if opening else 0):
        return False
    if any(w in phrase for w in q.distributive):
        return False
    core = q.change_tail_re.sub("", _strip_metric(phrase))  # 税收增长 → 税收
    if len(core) < 3 or core in q.generic or (len(core) == 3 and core.endswith("率")):
        return False  # 产量, 建成, 总投资, 办结率: the subject is in the clause before
    return not q.before_re.fullmatch(core)


def goal_breaks(sentence: str) -> list[int]:
    """Offsets where a sentence that lists separate goals with their own numbers splits into
    clauses (地区生产总值增长5.5%以上，规模以上工业增加值增长6%，…), so that each goal can be
    followed on its own. A clause without a goal of its own stays with the goal before it (an
    opening such as 今年1-11月 with the goal after it); fewer than two goals: no split."""
    if not _PIECE_SEP.search(sentence):
        return []
    hits = scan(sentence)
    if len(hits) < 2:
        return []
    starts = []
    k = 0
    for m in _PIECE.finditer(sentence):
        a, b = m.span()
        own: list[Hit] = []
        while k < len(hits) and hits[k].num.start < b:
            if hits[k].num.start >= a:
                own.append(_shifted(hits[k], -a))
            k += 1
        if _own_goal(m.group(), own):
            starts.append(a)
    return starts[1:] if len(starts) >= 2 else []


def _shifted(hit: Hit, by: int) -> Hit:
    n = hit.num
    num = Numeral(n.start + by, n.end + by, n.value, n.value_hi, n.chinese)
    return Hit(num, hit.unit, hit.unit_end + by, hit.approx, hit.mult, hit.base)


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
    ctx: roles.Context,
    estimate: bool,
) -> Quantity:
    n = hit.num
    return Quantity(
        metric=metric,
        value=n.value,
        value_hi=n.value_hi,
        unit=hit.unit,
        qualifier=qualifier,
        role=ctx.role,
        year=ctx.year,
        estimate=estimate,
        cstart=offset + n.start,
        cend=offset + n.end,
        text=text[n.start : hit.unit_end],
        norm_value=_normalise(n.value, hit.mult),
        norm_value_hi=_normalise(n.value_hi, hit.mult),
        norm_unit=hit.base,
    )


@lru_cache(maxsize=64)
def _sentence_ends(text: str) -> tuple[int, ...]:
    """Offsets just past every sentence end of a document, computed once per document."""
    return tuple(m.end() for m in _SENTENCE_END_RE.finditer(text))


def _sentence_start(text: str, pos: int) -> int:
    """Start of the sentence holding ``pos`` (looking back at most 300 characters)."""
    ends = _sentence_ends(text)
    i = bisect_right(ends, pos)
    start = ends[i - 1] if i else 0
    return max(start, pos - 300)


def _sentence_quantities(spec: DocSpec, stmt: Statement, text: str) -> list[Quantity]:
    f = roles.frame(spec, text)
    base_ctx = roles.section_context(f, stmt.section_path, stmt.cstart, stmt.article is not None)
    lo, hi = stmt.cstart, stmt.cend
    body = text[lo:hi]
    q = qualifiers()
    out: list[Quantity] = []
    dist: list[str] | None = None
    prev_hit: Hit | None = None
    prev_metric = ""
    sentences: dict[int, list[roles.Found]] = {}
    periods: dict[int, list[roles.Period]] = {}
    for hit in scan(body):
        s = lo + hit.num.start
        sent_lo = _sentence_start(text, s)
        if sent_lo not in periods:
            periods[sent_lo] = roles.period_cues(text[sent_lo:hi])
        if roles.in_period_cue(periods[sent_lo], s - sent_lo):
            continue  # 前10个月 says when, not how much
        clause_lo = _clause_start(text, s, lo)
        part_lo = _clause_start(text, s, clause_lo, "、")
        glued = (
            prev_hit is not None
            and lo + prev_hit.unit_end >= clause_lo
            and q.glue_re.match(_after_qualifier(text[lo + prev_hit.unit_end : s]))
        )
        if not glued:
            dist = _distributed(text, clause_lo, s)
        if dist is not None and (dist or glued):
            metric = dist.pop(0) if dist else prev_metric
        else:
            metric = _strip_metric(text[part_lo:s])
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
        if sent_lo not in sentences:
            sentences[sent_lo] = roles.wording_cues(text[sent_lo:hi])
        before = text[sent_lo:s]
        ctx = roles.apply_cues(f, sentences[sent_lo], s - sent_lo, base_ctx)
        estimate = any(w in before for w in q.estimate)
        qual = qualifier_of(body, hit, text[part_lo:s], text[clause_lo:s])
        if glued and not qual and out:
            qual = out[-1].qualifier  # 分别达到145万头、1500万只: the list shares its verb
        out.append(_quantity(hit, lo, body, metric, qual, ctx, estimate))
        out[-1].period = roles.period_at(periods[sent_lo], s - sent_lo)
        prev_hit, prev_metric = hit, metric
    return out


def _after_qualifier(gap: str) -> str:
    for word in qualifiers().after:
        if gap.startswith(word):
            return gap[len(word) :]
    return gap


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
    m = _VALUE_CELL.match(cell)
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


def _table_quantities(spec: DocSpec, stmt: Statement, text: str) -> list[Quantity]:
    """One quantity per number cell; the row label and the column label give role and year."""
    f = roles.frame(spec, text)
    base_ctx = roles.section_context(f, stmt.section_path, stmt.cstart, stmt.article is not None)
    body = text[stmt.cstart : stmt.cend]
    out = []
    for label, sub, col, pos, cell in _row_values(body):
        metric, row_unit = _row_metric(label, sub)
        header = stmt.columns[col] if col < len(stmt.columns) else ""
        cu = _TABLE_UNIT.search(header)
        unit = cell.unit or (cu.group(1) if cu else row_unit)
        mult = cell.mult if cell.unit else _multiplier(unit)
        ctx = roles.wording_context(f, label + sub, base_ctx)
        ctx = roles.column_context(f, header, ctx)
        out.append(
            Quantity(
                metric=metric,
                value=cell.value,
                value_hi=None,
                unit=unit,
                qualifier=cell.qualifier,
                role=ctx.role,
                year=ctx.year,
                estimate=any(w in header for w in qualifiers().estimate),
                cstart=stmt.cstart + pos + cell.start,
                cend=stmt.cstart + pos + cell.end,
                text=cell.raw,
                norm_value=_normalise(cell.value, mult),
                norm_unit=unit[len(mult) :],
                column=header,
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


# ---------------------------------------------------------------- the entry point


def annotate(spec: DocSpec, stmt: Statement, text: str) -> None:
    """Fill ``stmt.quantities`` (offsets in ``text``, the document's cleaned text) and role/year."""
    if stmt.kind == "table-row" and stmt.columns:
        found = _table_quantities(spec, stmt, text)
    else:
        found = _sentence_quantities(spec, stmt, text)
    stmt.quantities = found
    if found:
        (stmt.role, stmt.year), _ = Counter((q.role, q.year) for q in found).most_common(1)[0]
        return
    f = roles.frame(spec, text)
    ctx = roles.section_context(f, stmt.section_path, stmt.cstart, stmt.article is not None)
    ctx = roles.wording_context(f, text[_sentence_start(text, stmt.cstart) : stmt.cend], ctx)
    stmt.role, stmt.year = ctx.role, ctx.year
