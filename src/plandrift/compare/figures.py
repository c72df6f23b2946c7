"""A goal's numbers as a verdict needs them: base units, signed, with their measure.

The corpus gives each number its value, unit, qualifier, role, year and metric phrase.
Here each becomes a :class:`Figure` that knows what it measures (level, growth, average
growth, share, change, added, total, rank), read from the words just before it (its *verb
zone*), its phrase, unit and qualifier, with the cue words in ``data/measures.toml``.
Numbers that are no goal figures (subsidy rates, award amounts, class thresholds such as
5000万元以上项目) are left out, so they never enter a verdict.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from plandrift.corpus.measures import after_qualifier
from plandrift.corpus.models import Role

from . import tokens
from .models import Measure

_DATA = Path(__file__).with_name("data") / "measures.toml"
_CJK = re.compile(r"[\u4e00-\u9fff“\"]")
_CLAUSE = re.compile(r"[，,。；;：:！？!?]")
_YEAR_SPAN = 4  # a target this many years or more after its document is for a period


@dataclass(frozen=True)
class Rules:
    order: tuple[str, ...]
    zone: int
    rank_units: tuple[str, ...]
    rank_before: tuple[str, ...]
    average: tuple[str, ...]
    average_column: tuple[str, ...]
    total: tuple[str, ...]
    total_column: tuple[str, ...]
    point_units: tuple[str, ...]
    growth_words: tuple[str, ...]
    to_words: tuple[str, ...]
    growth_nouns: tuple[str, ...]
    falls: tuple[str, ...]
    share_nouns: tuple[str, ...]
    share_holds: tuple[str, ...]
    added_words: tuple[str, ...]
    added_not_after: tuple[str, ...]
    each_year: tuple[str, ...]
    policy_words: tuple[str, ...]
    policy_units: tuple[str, ...]
    threshold_units: tuple[str, ...]
    threshold_quals: tuple[str, ...]
    same_units: dict[str, str]
    counters: tuple[str, ...]
    less_is_better: tuple[str, ...]
    tol_points: float
    tol_share: float
    same_value: float
    at_least: tuple[str, ...]
    at_most: tuple[str, ...]
    about: tuple[str, ...]
    aspirational: tuple[str, ...]
    phrase_leads: tuple[str, ...]
    phrase_scope: tuple[str, ...]
    span_period: tuple[str, ...]
    span_year: tuple[str, ...]
    lead_tags: tuple[str, ...]


def _words(table: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFKC", w) for w in table.get(key, ()))


@cache
def rules() -> Rules:
    d = tomllib.loads(_DATA.read_text("utf-8"))
    same: dict[str, str] = {}
    for group in d["units"]["same"]:
        for unit in group:
            same[unit] = group[0]
    return Rules(
        order=tuple(d["order"]["measures"]),
        zone=int(d["zone"]["chars"]),
        rank_units=_words(d["rank"], "units"),
        rank_before=_words(d["rank"], "before"),
        average=_words(d["average-growth"], "cues"),
        average_column=_words(d["average-growth"], "column"),
        total=_words(d["total"], "cues"),
        total_column=_words(d["total"], "column"),
        point_units=_words(d["change-points"], "units"),
        growth_words=_words(d["growth"], "words"),
        to_words=_words(d["growth"], "to_words"),
        growth_nouns=_words(d["growth"], "nouns"),
        falls=_words(d["growth"], "falls"),
        share_nouns=_words(d["share"], "nouns"),
        share_holds=_words(d["share"], "holds"),
        added_words=_words(d["added"], "words"),
        added_not_after=_words(d["added"], "not_after"),
        each_year=_words(d["each_year"], "cues"),
        policy_words=_words(d["not_goal"], "policy_words"),
        policy_units=_words(d["not_goal"], "policy_units"),
        threshold_units=_words(d["not_goal"], "threshold_units"),
        threshold_quals=_words(d["not_goal"], "threshold_quals"),
        same_units=same,
        counters=_words(d["units"], "counters"),
        less_is_better=_words(d["direction"], "less_is_better"),
        tol_points=float(d["tolerance"]["points"]),
        tol_share=float(d["tolerance"]["share"]),
        same_value=float(d["tolerance"]["same_value"]),
        at_least=_words(d["qualifiers"], "at_least"),
        at_most=_words(d["qualifiers"], "at_most"),
        about=_words(d["qualifiers"], "about"),
        aspirational=_words(d["qualifiers"], "aspirational"),
        phrase_leads=_words(d["phrase"], "leads"),
        phrase_scope=_words(d["phrase"], "scope"),
        span_period=_words(d["span"], "period"),
        span_year=_words(d["span"], "year"),
        lead_tags=tuple(d["verbs"]["lead_tags"]),
    )


@dataclass(frozen=True)
class Figure:
    """One number of a goal, ready to be judged or to judge."""

    quantity: str
    statement: str
    doc: str
    doc_order: int  # the document's place in time among the goal's documents
    role: Role
    measure: Measure
    value: float  # base units (万/亿 applied), a fall negative
    value_hi: float | None
    unit: str  # base unit, counting units folded (户, 家 → 个)
    qualifier: str
    year: int | None
    period: tuple[int, int] | None  # multi-year promises: first and last year
    partial: str  # 1-11月: part of the year it covers
    estimate: bool
    each_year: bool  # 每年 X
    aspirational: bool  # 力争 X
    written: str  # as written: 91.06亿斤
    scale: float  # value as written = value / scale
    shown_unit: str  # the unit as written (亿斤)
    phrase: str  # what it measures, as the document words it
    table: bool  # an indicator table row
    binding: bool  # the row says 约束性 (tables only)
    total_of_flows: bool = False  # 累计新增: a sum of flows, not a stock
    core: str = ""  # what the phrase is about, measure words gone, the goal's aliases as §
    spans_period: bool = False  # a five-year review's flow or growth: the period's, not a year's
    doc_year: int = 0  # the year of the document that states it

    def shown(self, value: float | None) -> float | None:
        """A base-unit value in this figure's written unit (8500000000 → 85 for 亿斤)."""
        return None if value is None else round(value / self.scale, 6)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


_PAREN = re.compile(r"[（(][^（）()]*[）)]")
ALIAS = "§"


@tokens.memo
def core(phrase: str, aliases: tuple[str, ...] = ()) -> str:
    """An indicator phrase without its measure words: what it is about. A lexicon alias of
    the goal's metric stands as one token, so that GDP and 地区生产总值 read the same; the
    verbs and prepositions opening it go (提出…, 把…)."""
    out = tokens.without_lead(_PAREN.sub("", _fold(phrase)), rules().lead_tags)
    # 水库、淤地坝、小微型调蓄设施等“水盆子”: the number counts the category after 等
    head, sep, tail = out.rpartition("等")
    if sep and len("".join(ch for ch in tail if ch.isalnum())) >= 2:
        out = tail
    for a in sorted((_fold(x) for x in aliases), key=len, reverse=True):
        out = out.replace(a, ALIAS)
    for w in _noise():
        out = out.replace(w, "")
    return "".join(ch for ch in out if ch.isalnum() or ch == ALIAS)


@cache
def _noise() -> tuple[str, ...]:
    r = rules()
    words = (
        *r.growth_words,
        *r.to_words,
        *r.added_words,
        *r.average,
        *r.total,
        *r.at_least,
        *r.at_most,
        *r.about,
        *r.aspirational,
        *r.each_year,
        *r.phrase_leads,
        *r.phrase_scope,
        "预计",
        "发展到",
        "达到",
        "稳定在",
        "保持在",
        "实现",
        "达",
        "为",
        "规模",
    )
    return tuple(sorted(set(words), key=len, reverse=True))


def zone(before: str, width: int) -> str:
    """The words just before a number in its clause, where its verb stands."""
    return before[-width:]


def classify(
    phrase: str,
    before: str,
    after: str,
    unit: str,
    qualifier: str,
    column: str = "",
    earlier: str = "",
) -> Measure | None:
    """The measure of one number, or None when it is no goal figure."""
    r = rules()
    phrase, before, after, unit = _fold(phrase), _fold(before), _fold(after), _fold(unit)
    verb = zone(before, r.zone) + qualifier
    if not _has_verb(verb, r):  # 新增石油储量3000万吨、天然气200亿立方米: the list's verb
        verb = _fold(earlier)[-r.zone :] + verb
    words = phrase + "|" + verb
    if _policy(words, before, unit, r) or _threshold(after, unit, qualifier, r):
        return None
    percent = unit.endswith("%")
    for name in r.order:
        if name == "rank" and unit in r.rank_units and any(w in words for w in r.rank_before):
            return Measure.RANK
        if (
            name == "average-growth"
            and percent
            and (any(w in column for w in r.average_column) or any(w in words for w in r.average))
        ):
            return Measure.AVERAGE_GROWTH
        if name == "total" and (
            (column and any(w in column for w in r.total_column))
            or (not column and any(w in words for w in r.total))
        ):
            return Measure.TOTAL
        if name == "change-points" and unit in r.point_units:
            return Measure.CHANGE
        if name == "growth" and percent and _growth(phrase, verb, r):
            return Measure.GROWTH
        if name == "share" and percent:
            # 增长7%以上，力争达到8%: a bare percentage of a growing indicator is growth too
            if not _ratio_noun(phrase, r) and any(
                w in before + _fold(earlier)[-12:] for w in r.growth_words
            ):
                return Measure.GROWTH
            return Measure.SHARE
        if (
            name == "added"
            and not percent
            and any(zone(before, r.zone).endswith(w) for w in r.growth_words)
        ):
            return Measure.CHANGE  # 增加100万户, 减少1000万人: a change of a level
        if name == "added" and not percent and _added(words, r):
            return Measure.ADDED
        if name == "level":
            return Measure.LEVEL
    return Measure.LEVEL


def _growth(phrase: str, verb: str, r: Rules) -> bool:
    if any(w in verb for w in r.to_words):
        return False
    if phrase.endswith(r.growth_nouns):
        return True
    if any(phrase.endswith(n) for n in r.share_nouns) or any(
        h in phrase[1:] for h in r.share_holds
    ):
        # 覆盖率提高 5%: a rate that grows is read as a change only with a growth word
        return any(verb.endswith(w) for w in r.growth_words)
    return any(w in verb or phrase.endswith(w) for w in r.growth_words)


def _has_verb(verb: str, r: Rules) -> bool:
    return any(
        w in verb
        for w in (
            *r.growth_words,
            *r.to_words,
            *r.added_words,
            *r.at_least,
            *r.at_most,
            "达到",
            "发展到",
            "稳定在",
            "保持在",
            "达",
            "为",
        )
    )


def _ratio_noun(phrase: str, r: Rules) -> bool:
    return any(phrase.endswith(n) for n in r.share_nouns) or any(
        h in phrase[1:] for h in r.share_holds
    )


def _added(words: str, r: Rules) -> bool:
    for w in r.added_not_after:
        words = words.replace(w, "")
    return any(w in words for w in r.added_words)


def _policy(words: str, before: str, unit: str, r: Rules) -> bool:
    """给予10%的补助, 奖励50万元: a rate or an amount of a subsidy or award."""
    if not any(unit.endswith(u) for u in r.policy_units):
        return False
    clause = _CLAUSE.split(before)[-1]
    return any(w in clause or w in words for w in r.policy_words)


def _threshold(after: str, unit: str, qualifier: str, r: Rules) -> bool:
    """5000万元以上项目: the amount names a class of things; their count is the figure."""
    if not any(unit.endswith(u) for u in r.threshold_units):
        return False
    rest = after.lstrip()
    for q in sorted(r.threshold_quals, key=len, reverse=True):
        if rest.startswith(q):
            return bool(_CJK.match(rest[len(q) :]))
    return qualifier in r.threshold_quals and bool(_CJK.match(rest))


def is_fall(phrase: str, before: str, qualifier: str) -> bool:
    """下降 0.1%: a fall, so the value is negative."""
    r = rules()
    verb = zone(_fold(before), r.zone)
    return any(verb.endswith(w) or qualifier == w or _fold(phrase).endswith(w) for w in r.falls)


def same_unit(unit: str) -> str:
    """户, 家 and 个 count the same things."""
    return rules().same_units.get(unit, unit)


def higher_is_better(phrase: str, known: bool | None) -> bool:
    """The lexicon's direction where it knows the metric, else the phrase's words."""
    if known is not None:
        return known
    return not any(w in _fold(phrase) for w in rules().less_is_better)


def period_of(
    measure: Measure, year: int | None, doc_year: int, each_year: bool
) -> tuple[int, int] | None:
    """The years a target covers: a five-year horizon for averages, sums and 每年; else one."""
    if year is None:
        return None
    if measure in (Measure.AVERAGE_GROWTH, Measure.ADDED, Measure.TOTAL) or each_year:
        if year - doc_year >= _YEAR_SPAN - 1:
            return (year - _YEAR_SPAN, year)
    return None


def aspirational(text: str) -> bool:
    return any(w in text for w in rules().aspirational)


_AFTER_QUALS = ("以上", "左右", "以内", "以下")


def written(q: dict[str, Any]) -> str:
    """A quantity as a reader would write it, qualifier kept: 7%以上, 力争260万亩."""
    unit = q.get("unit") or ""
    text = (q.get("text") or "").replace(" ", "")
    if not text or not any(ch.isdigit() for ch in text) or unit not in text:
        text = f"{_number(q['value'])}{unit}"
        if q.get("value_hi") is not None:
            text = f"{_number(q['value'])}-{_number(q['value_hi'])}{unit}"
    qual = q.get("qualifier") or ""
    if qual and qual not in text:
        text = f"{text}{qual}" if qual in _AFTER_QUALS else f"{qual}{text}"
    return text


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def build(
    q: dict[str, Any],
    *,
    statement: str,
    doc: str,
    doc_order: int,
    doc_year: int,
    statement_text: str,
    table: bool,
    before: str,
    after: str,
    earlier: str = "",
    aliases: tuple[str, ...] = (),
    section: str = "",
) -> Figure | None:
    """A quantity row as a Figure, or None when it is no goal figure (or has no value)."""
    if q.get("value") is None or not q.get("role"):
        return None
    phrase = q.get("metric") or before
    unit_written = q.get("unit") or ""
    qualifier = q.get("qualifier") or ""
    measure = classify(
        phrase, before, after, unit_written, qualifier, q.get("column") or "", earlier
    )
    if measure is None:
        return None
    value, hi = float(q["value"]), q.get("value_hi")
    scale, unit = 1.0, unit_written
    if q.get("norm_value") is not None and value:
        scale = float(q["norm_value"]) / value
        value, hi = float(q["norm_value"]), q.get("norm_value_hi")
        unit = q.get("norm_unit") or unit
    if measure in (Measure.GROWTH, Measure.CHANGE, Measure.AVERAGE_GROWTH) and is_fall(
        phrase, before, qualifier
    ):
        value, hi = -abs(value), (-abs(float(hi)) if hi is not None else None)
    year = q.get("year")
    r = rules()
    each = any(w in zone(_fold(before), r.zone + 4) for w in r.each_year)
    return Figure(
        quantity=q["id"],
        statement=statement,
        doc=doc,
        doc_order=doc_order,
        role=Role(q["role"]),
        measure=measure,
        value=value,
        value_hi=float(hi) if hi is not None else None,
        unit=same_unit(unit),
        qualifier=qualifier,
        year=year,
        period=period_of(measure, year, doc_year, each) if q["role"] == Role.TARGET else None,
        partial=q.get("period") or "",
        estimate=bool(q.get("estimate")),
        each_year=each and q["role"] == Role.TARGET,
        aspirational=aspirational(qualifier + zone(_fold(before), r.zone + 6)),
        written=written(q),
        scale=scale or 1.0,
        shown_unit=unit_written,
        phrase=_fold(phrase),
        table=table,
        binding=table and "约束性" in statement_text,
        total_of_flows=measure is Measure.TOTAL and "新增" in _fold(phrase + before),
        core=core(counted(after, q.get("norm_unit") or unit_written, aliases) or phrase, aliases),
        doc_year=doc_year,
        spans_period=measure in (Measure.ADDED, Measure.GROWTH)
        and q["role"] == Role.ACTUAL
        and spans_period(statement_text, section),
    )


_NOUN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def counted(after: str, unit: str, aliases: tuple[str, ...]) -> str:
    """The noun a count stands before (295个老旧小区, 2万户居民): the goal's own name when it
    opens the words after the unit, else those words; "" when none follow."""
    if unit not in rules().counters:
        return ""
    text = after_qualifier(_fold(after).lstrip())  # 500户以上企业: the qualifier goes first
    for alias in sorted((_fold(a) for a in aliases), key=len, reverse=True):
        if alias and text.startswith(alias):
            return alias
    run = _NOUN_RUN.match(text)
    return run.group() if run and len(run.group()) >= 2 else ""


_YEAR_NAMED = re.compile(r"(?:19|20)\d\d年")


def spans_period(text: str, section: str) -> bool:
    """Whether a statement reviews a whole period rather than one year."""
    r = rules()
    text, section = _fold(text), _fold(section)
    own_year = _YEAR_NAMED.search(text) or any(w in text for w in r.span_year)
    if own_year:
        return False  # 2025年，预计…增长6.5%…为“十四五”收官: the year's own figure
    if any(w in text for w in r.span_period):
        return True
    # “十四五”时期经济社会发展回顾 reviews the period; 2025年工作和“十四五”发展回顾 mixes both.
    mixed = _YEAR_NAMED.search(section) or any(w in section for w in r.span_year)
    return any(w in section for w in r.span_period) and not own_year and not mixed
