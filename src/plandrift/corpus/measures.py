"""The numbers in a text that measure something, and the words before them that name what.

The low-level scanner both segment (to cut a sentence listing goals into clauses) and
quantities (to read each number) use, so that neither stage calls the other: a numeral
counts when a unit follows it; dates, ordinals, document numbers and numbers glued into
names are left out. Units and qualifier words are data (``data/units.toml``,
``data/qualifiers.toml``); numerals are parsed in ``numbers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from . import rules
from .numbers import Numeral, find_numerals

CLAUSE_END = "，,；;。：:！？!?\n"
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〔": "〕", "[": "]"}
_RATIO = re.compile(r"[:：]1(?![\d.:：])")  # X:1, not a clock time or 1:1:1
_LATIN = re.compile(r"[A-Za-z]")
_MAGNITUDE = {"十", "百", "千"}


@dataclass(frozen=True)
class Units:
    pattern: re.Pattern[str]
    multipliers: dict[str, float]
    chinese_base: frozenset[str]
    not_before: tuple[str, ...]
    not_after: frozenset[str]  # ordinal signs and per-rates before a number (#3, 每千人口)
    ranks: frozenset[str]
    chinese_not_after: frozenset[str]
    blank: tuple[str, ...]  # table cells that hold no number but take a column
    attribute: re.Pattern[str]  # attribute words glued onto a table label
    signs: dict[str, str]  # >7 → 超过
    value_cell: re.Pattern[str]  # a table cell holding one number: 7以上, >8, 前15
    not_inside: re.Pattern[str]  # text whose digits measure nothing (a web address)


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
        "approx": rules.WORDS,
        "not_before": rules.WORDS,
        "not_after": rules.WORDS,
        "ranks": rules.WORDS,
        "chinese_not_after": rules.WORDS,
        "not_inside": rules.PATTERNS,
        "table": rules.Table(
            {
                "blank": rules.WORDS,
                "attributes": rules.WORDS,
                "signs": rules.Map(rules.STR),
                "before": rules.WORDS,
                "after": rules.WORDS,
            }
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
    approx = _alternation(d["approx"])
    pattern = re.compile(
        rf"(?P<pre>{approx})?(?P<mult>{mults})?(?P<approx>{approx})?"
        rf"(?P<base>{_alternation(d['base'])})?(?P<rate>{_alternation(d['rates'])})?"
    )
    table = d["table"]
    cell_before = _alternation([*table["signs"], *table["before"]])
    cell_after = _alternation(["%", *table["after"]])
    return Units(
        pattern,
        dict(d["multipliers"]),
        frozenset(d["chinese_base"]),
        tuple(d["not_before"]),
        frozenset(d["not_after"]),
        frozenset(d["ranks"]),
        frozenset(d["chinese_not_after"]),
        tuple(table["blank"]),
        re.compile(f"^(?:{_alternation(table['attributes'])})"),
        dict(table["signs"]),
        re.compile(rf"^(?P<q>{cell_before})?(?P<n>\d+(?:\.\d+)?)(?P<u>{cell_after})?$"),
        re.compile("|".join(f"(?:{p})" for p in d["not_inside"])),
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
                "dates": rules.PATTERN,
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
    dates = m["dates"]
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
    if before in units().not_after or _LATIN.match(before):
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
        return not rest or rest[0] in CLAUSE_END + "、"
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
    skip = [m.span() for m in units().not_inside.finditer(text)]
    for n, unit in zip(numerals, units_at, strict=True):
        if unit is None or not _is_measure(text, n, unit):
            continue
        if any(a <= n.start < b for a, b in skip):
            continue  # %E6%B6%88 in a web address is no 88%
        label, mult, approx, base, end = unit
        hits.append(Hit(n, label, end, approx, mult, base))
    return tuple(hits)


def strip_metric(phrase: str) -> str:
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


def after_qualifier(gap: str) -> str:
    for word in qualifiers().after:
        if gap.startswith(word):
            return gap[len(word) :]
    return gap
