"""The roles stage: role (target / actual / baseline) and year of numbers and statements,
from the document's kind, its sections and the wording.

A document's kind and date give a default (a work report published in 2024 reviews 2023);
section titles such as ``2023年工作回顾`` or ``启航2026`` refine it; wording just before a number
(``到2025年``, ``去年``, ``力争``) has the last word. All cues are data in ``data/roles.toml``.
``run`` reads the quantities the quantities stage left; ``inherit``, after every document,
gives each repeat its primary's reading.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from . import rules
from .models import DocSpec, Statement
from .numbers import parse_chinese
from .parsed import ParsedDocument

_NAMED = ("group", "group-1", "fyp")  # year specs that name a year in the text
_SENTENCE_END = re.compile(r"[。！？!?；;]")


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    role: str
    year: str
    inherit: bool = False  # an enclosing title's explicit year wins over this cue's year


@dataclass(frozen=True)
class Context:
    """The role and year a number takes in some place of a document."""

    role: str
    year: int | None


@dataclass(frozen=True, eq=False)  # compared by identity: one frame per document
class Frame:
    """What the document as a whole says about time: its kind, date and planning period.

    Made once per document by the roles stage, and passed to every reading in it.
    """

    kind: str
    published: int
    start: int  # first year the document looks ahead to
    end: int  # its horizon: the year its targets aim at
    same_year: str
    default: Context
    anchors: tuple[tuple[int, Context], ...] = ()  # (cleaned offset, context) of cue headings

    def relate(self, year: int) -> str:
        """The role a year implies: before the period actual (just before: baseline), else target."""
        if self.kind == "five-year-plan":
            if year >= self.start:
                return "target"
            return "baseline" if year == self.start - 1 else "actual"
        if year == self.published:
            return self.same_year
        return "actual" if year < self.published else "target"

    text: str = ""
    # what this document's readings found so far: a title's offsets, a path's innermost cue
    titles: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    paths: dict[str, tuple[str, Context] | None] = field(default_factory=dict, repr=False)

    def anchor(self, pos: int) -> tuple[int, Context] | None:
        """The nearest cue heading before ``pos`` (its offset and context), if any."""
        i = bisect_right(self.anchors, pos, key=lambda a: a[0])
        return self.anchors[i - 1] if i else None

    def title_pos(self, title: str, pos: int) -> int:
        """Offset of the last occurrence of a section title before ``pos`` (-1 if none)."""
        spots = self.titles.get(title)
        if spots is None:
            spots = self.titles[title] = _occurrences(self.text, title)
        i = bisect_right(spots, pos)
        return spots[i - 1] if i else -1


_CUE = rules.Table(
    {"pattern": rules.PATTERN, "role": rules.STR, "year": rules.STR, "inherit": rules.BOOL},
    optional=frozenset({"inherit"}),
)
SHAPE = rules.Table(
    {
        "wording_hints": rules.WORDS,
        "frame": rules.Table(
            {
                "plan_title": rules.PATTERN,
                "plan_range": rules.PATTERN,
                "heading_start": rules.PATTERN,
            }
        ),
        "kinds": rules.Map(
            rules.Table(
                {
                    "role": rules.STR,
                    "year": rules.STR,
                    "same_year": rules.STR,
                    "early_months": rules.INT,
                },
                optional=frozenset({"early_months"}),
            )
        ),
        "section": rules.Tables(_CUE),
        "opening": rules.Tables(_CUE),
        "wording": rules.Tables(_CUE),
        "column": rules.Tables(_CUE),
    }
)


@cache
def _data() -> dict[str, Any]:
    return rules.load("roles.toml", SHAPE)


@cache
def _pattern(name: str) -> re.Pattern[str]:
    """One of the document-level patterns of ``[frame]`` in the data, compiled once."""
    return re.compile(_data()["frame"][name])


@cache
def cues(group: str) -> tuple[Cue, ...]:
    """The cues of one group (section, wording, column), compiled once."""
    return tuple(
        Cue(re.compile(c["pattern"]), c["role"], c["year"], c.get("inherit", False))
        for c in _data()[group]
    )


def _plan_period(spec: DocSpec, text: str) -> tuple[int, int]:
    """First and last year of a five-year plan, from its title, its opening, or its date."""
    head = spec.title + text[:600]
    m = _pattern("plan_title").search(head)
    if m:
        n = 10 + int(parse_chinese(m.group(1)) or 0 if m.group(1) else 0)
        return 1951 + 5 * n, 1955 + 5 * n
    m = _pattern("plan_range").search(head)
    if m and int(m.group(2)) - int(m.group(1)) in (4, 5):
        return int(m.group(1)), int(m.group(2))
    return spec.year, spec.year + 4


def fyp_end(numeral: str) -> int | None:
    """Last year of the 十X五 plan: 十四五 → 2025, 十五五 → 2030."""
    n = parse_chinese("十" + numeral) if numeral else None
    return 1955 + 5 * int(n) if n else None


def _reference_year(spec: DocSpec, kind: dict[str, Any]) -> int:
    """The year a document speaks of as 'this year': a year-end review published in early
    January looks back on the year before (``early_months`` in the kind's data)."""
    month = spec.published[5:7]
    if month.isdigit() and int(month) <= kind.get("early_months", 0):
        return spec.year - 1
    return spec.year


def frame(spec: DocSpec, text: str) -> Frame:
    """The frame of a document with cleaned text ``text``."""
    kinds = _data()["kinds"]
    k = kinds.get(spec.kind, kinds["other"])
    pub = _reference_year(spec, k)
    if spec.kind == "five-year-plan":
        start, end = _plan_period(spec, text)
    else:
        start, end = pub, pub
    bare = Frame(spec.kind, pub, start, end, k["same_year"], Context("target", end))
    default = resolve(bare, Cue(re.compile(""), k["role"], k["year"]), None, bare.default)
    bare = Frame(spec.kind, pub, start, end, k["same_year"], default)
    return Frame(spec.kind, pub, start, end, k["same_year"], default, _anchors(bare, text), text)


def _occurrences(text: str, title: str) -> tuple[int, ...]:
    out, i = [], text.find(title)
    while i >= 0 and title:
        out.append(i)
        i = text.find(title, i + 1)
    return tuple(out)


def _year(f: Frame, spec: str, groups: dict[str, str | None], ctx: Context) -> int | None:
    if spec in ("group", "group-1") and groups.get("year"):
        return int(groups["year"] or 0) - (spec == "group-1")
    if spec == "fyp" and groups.get("fyp"):
        return fyp_end(groups["fyp"] or "")
    period_end = ((f.published - 1) // 5 + 1) * 5
    return {
        "published": f.published,
        "published-1": f.published - 1,
        "published+1": f.published + 1,
        "horizon": f.end,
        "base": f.start - 1,
        "period-end": period_end,
    }.get(spec, ctx.year)


def resolve(f: Frame, cue: Cue, m: re.Match[str] | None, ctx: Context) -> Context:
    """Apply one cue (and its match) to the context it refines."""
    return _apply(f, cue, m.groupdict() if m is not None else {}, ctx)


def _apply(f: Frame, cue: Cue, groups: dict[str, str | None], ctx: Context) -> Context:
    year = _year(f, cue.year, groups, ctx)
    if cue.role == "auto":
        role = f.relate(year) if year is not None else ctx.role
    else:
        role = cue.role
    return Context(role, year)


def first_cue(f: Frame, group: str, title: str, ctx: Context) -> Context | None:
    """The context set by the first cue of ``group`` that matches ``title``."""
    for cue in cues(group):
        m = cue.pattern.search(title)
        if m:
            return resolve(f, cue, m, ctx)
    return None


def _anchors(f: Frame, text: str) -> tuple[tuple[int, Context], ...]:
    """Cue headings (wherever the paragraph split put them) and cue openings of paragraphs
    (“十四五”时期是…), each with the context it sets for what follows."""
    out = []
    pos = 0
    for para in text.split("\n"):
        ctx = _heading_cue(f, para) or _opening_cue(f, para)
        if ctx is not None:
            out.append((pos, ctx))
        pos += len(para) + 1
    return tuple(out)


def _heading_cue(f: Frame, para: str) -> Context | None:
    head = para[:40]
    if len(para) > 40 and not _pattern("heading_start").match(para):
        return None
    for cue in cues("section"):
        m = cue.pattern.search(head)
        if m and m.start() <= 6 and not _SENTENCE_END.search(head[: m.end()]):
            return resolve(f, cue, m, f.default)
    return None


def _opening_cue(f: Frame, para: str) -> Context | None:
    for cue in cues("opening"):
        m = cue.pattern.match(para)
        if m:
            return resolve(f, cue, m, f.default)
    return None


def _path_cue(f: Frame, path: str) -> tuple[str, Context] | None:
    """The innermost title of a section path that carries a cue, with its context.

    Titles are read from the outside in, so that a generic inner title (主要预期目标) keeps
    the year an enclosing one names (二、2024年工作总体思路和目标任务).
    """
    if path not in f.paths:
        f.paths[path] = _innermost_cue(f, path)
    return f.paths[path]


def _innermost_cue(f: Frame, path: str) -> tuple[str, Context] | None:
    found: tuple[str, Context] | None = None
    named: int | None = None  # a year an enclosing title named explicitly
    for title in [t for t in path.split(" / ") if t]:
        for cue in cues("section"):
            m = cue.pattern.search(title)
            if m:
                ctx = resolve(f, cue, m, f.default)
                if cue.inherit and named is not None:
                    ctx = Context(ctx.role, named)
                elif cue.year in _NAMED:
                    named = ctx.year
                found = title, ctx
                break
    return found


def section_context(f: Frame, path: str, pos: int, bounded: bool = False) -> Context:
    """Context from the innermost section title with a cue, unless a cue heading or opening
    lies between that title and ``pos``; with no title cue, the nearest cue heading.

    ``bounded``: the statement belongs to an article of a bundle (a gazette), whose top
    title is a boundary that cue headings of other articles do not cross.
    """
    near = f.anchor(pos)
    titles = [t for t in path.split(" / ") if t]
    if bounded and near is not None and titles:
        top = f.title_pos(titles[0], pos)
        if top >= 0 and near[0] < top:
            near = None
    found = _path_cue(f, path)
    if found is None:
        return near[1] if near else f.default
    title, ctx = found
    tpos = f.title_pos(title, pos)
    if near is not None and tpos >= 0 and near[0] > tpos + len(title):
        return near[1]
    return ctx


@cache
def _wording() -> tuple[re.Pattern[str], tuple[Cue, ...]]:
    """All wording cues as one pattern (one pass over a sentence), groups renamed per cue."""
    parts = []
    for i, cue in enumerate(cues("wording")):
        body = cue.pattern.pattern.replace("(?P<year>", f"(?P<year_{i}>")
        body = body.replace("(?P<fyp>", f"(?P<fyp_{i}>")
        parts.append(f"(?P<c{i}>{body})")
    return re.compile("|".join(parts)), cues("wording")


Found = tuple[int, Cue, dict[str, str | None]]


def wording_cues(before: str) -> list[Found]:
    """Every wording cue in a sentence: (end offset, cue, captured year or plan), in order."""
    pattern, wording = _wording()
    out: list[Found] = []
    if not any(h in before for h in _data()["wording_hints"]):
        return out
    for m in pattern.finditer(before):
        i = int((m.lastgroup or "c0")[1:])
        groups = {
            "year": m.group(f"year_{i}") if f"year_{i}" in pattern.groupindex else None,
            "fyp": m.group(f"fyp_{i}") if f"fyp_{i}" in pattern.groupindex else None,
        }
        out.append((m.end(), wording[i], groups))
    return out


def apply_cues(f: Frame, found: list[Found], upto: int, ctx: Context) -> Context:
    """Refine ``ctx`` with the cues that end by ``upto``, in order, so that the one nearest
    the number has the last word (到2025年…力争 → target 2025)."""
    for end, cue, groups in found:
        if end > upto:
            break
        ctx = _apply(f, cue, groups, ctx)
    return ctx


def wording_context(f: Frame, before: str, ctx: Context) -> Context:
    """Refine ``ctx`` with the cues in ``before`` (the sentence up to a number)."""
    return apply_cues(f, wording_cues(before), len(before), ctx)


def column_context(f: Frame, label: str, ctx: Context) -> Context:
    """Context of a table column from its label (2020年预计, 2025年目标, 年均/累计)."""
    return first_cue(f, "column", label, ctx) or ctx


# ---------------------------------------------------------------- the stage


def run(doc: ParsedDocument) -> None:
    """The roles stage: role and year of every quantity of ``doc`` (from its section, then
    the wording of its sentence or its table row and column) and of every statement (its
    quantities' most common reading, or, with none, its section and wording)."""
    text = doc.cleaned.text
    f = frame(doc.spec, text)
    for st in doc.statements:
        base = section_context(f, st.section_path, st.cstart, st.article is not None)
        if st.kind == "table-row" and st.columns:
            for q in st.quantities:
                ctx = column_context(f, q.column, wording_context(f, q.row_label, base))
                q.role, q.year = ctx.role, ctx.year
        else:
            sentences: dict[int, list[Found]] = {}
            for q in st.quantities:
                lo = doc.sentence_start(q.cstart)
                if lo not in sentences:
                    sentences[lo] = wording_cues(text[lo : st.cend])
                ctx = apply_cues(f, sentences[lo], q.cstart - lo, base)
                q.role, q.year = ctx.role, ctx.year
        if st.quantities:
            readings = Counter((q.role, q.year) for q in st.quantities)
            (st.role, st.year), _ = readings.most_common(1)[0]
        else:
            ctx = wording_context(f, text[doc.sentence_start(st.cstart) : st.cend], base)
            st.role, st.year = ctx.role, ctx.year


def inherit(docs: list[ParsedDocument], before: Sequence[Sequence[Statement]] = ()) -> None:
    """A repeat says what its primary says: where a repeated number matches the primary's,
    it takes the primary's role, year, estimate flag and period. A reprint extracted out of
    order loses the section cues that date its numbers; the primary still has them. Run
    after ``run`` on every document (a primary may sit in an earlier one, of ``docs`` or of
    ``before``: the same place's documents read already)."""
    by_id: dict[str, Statement] = {st.id: st for sts in before for st in sts}
    by_id.update({st.id: st for doc in docs for st in doc.statements})
    for doc in docs:
        for st in doc.statements:
            primary = by_id.get(st.repeat_of) if st.repeat_of else None
            if primary is None:
                continue
            known = {(q.value, q.value_hi, q.unit): q for q in primary.quantities}
            for q in st.quantities:
                if src := known.get((q.value, q.value_hi, q.unit)):
                    q.role, q.year, q.estimate = src.role, src.year, src.estimate
                    q.period = src.period
            st.role, st.year = primary.role, primary.year
