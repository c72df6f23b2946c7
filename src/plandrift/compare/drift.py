"""Drift between promises: how what a goal promises changed from one document to the next.

A step compares a promise with the next promise for the same indicator in a later document:

- numeric promises follow one *line* per measure and base unit (a yearly growth target and a
  plan's 年均 growth are one line: both are rates of growth; a level in 亿元 and one in 万亿元
  are one line; a year's 新增 and a plan period's are two); each document contributes its
  earliest-year promise of the line;
- qualitative promises (建成, 创建…) follow the same project or title: the closest name in the
  nearest earlier document;
- a later document that still sets the goal as a task, without a figure, after the line's
  last figure: the target is no longer stated (``number-dropped``); a year review sets no
  tasks, so it never drops one.

Reported figures never make a step: they are progress, and the reports show them as such.
Labels: the number raised or lowered, the commitment softened or strengthened (确保 → 力争,
以上 → 左右), the deadline moved (the same target for a later year), the indicator or project
renamed, the scope widened or narrowed. The wordings are diffed word by word
(``wordiff``), numbers whole.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from plandrift.corpus.models import Kind, Role

from .models import DriftLabel, DriftStep, Measure, Promise, Status
from .signals import Stmt
from .textsim import nfkc
from .wordiff import Tag, changed_share, diff

LABELS = tuple(str(label) for label in DriftLabel)
_YEAR = re.compile(r"(20\d{2})年")
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:\n]")
CLAUSE_MIN = 8  # a clause this short lacks its subject: the one before it is taken too
WORDING_MAX = 80  # characters of a wording kept for the diff
NAME_MIN = 70.0  # rapidfuzz ratio for two promised things to be the same one
SAME_TARGET = 0.05  # a target within 5% of another restates it (VERDICTS.md, rolled-over)
_MULTIPLIERS = (("万亿", 1e12), ("千万", 1e7), ("百万", 1e6), ("亿", 1e8), ("万", 1e4))

# Commitment of a figure: the qualifier's (以上 holds, 左右 gives), moved by the verb.
_FIRM_QUALIFIERS = frozenset(
    ("以上", "不低于", "不少于", "超过", "超", "突破", "以内", "以下", "不超过", "不高于", "控制在")
)
_LOOSE_QUALIFIERS = frozenset(("左右", "上下", "约", "近"))
_BINDING_VERBS = ("确保", "必须", "坚决")
_ASPIRING_VERBS = ("力争", "争取", "努力", "预期", "争创")
# Commitment of a qualitative promise, weakest to strongest.
_WORDING_FIRMNESS = {
    "争取": 1,
    "力争": 1,
    "争创": 1,
    "努力": 1,
    "探索": 1,
    "谋划": 1,
    "推动": 2,
    "推进": 2,
    "加快": 2,
    "启动": 2,
    "确保": 3,
    "必须": 3,
    "建成": 3,
    "完成": 3,
    "实现": 3,
    "全面": 3,
}
_SCOPE_WIDE = ("全市", "全区", "全省", "全国", "全面", "所有", "全域")


@dataclass(frozen=True)
class _Said:
    """A promise with what drift needs of it: its wording, document order and year."""

    promise: Promise
    wording: str
    before: str  # the wording before the figure (where 确保 and 力争 stand)
    pos: int  # the document's position in the corpus
    doc_year: int

    @property
    def annual(self) -> bool:
        """A target for its own document's year (a work report's yearly target)."""
        p = self.promise
        return p.period is None and (p.year is None or p.year <= self.doc_year)


def clause(text: str, needle: str) -> str:
    """The clause of ``text`` holding ``needle`` (with the clause before it when it is too
    short to name its subject), at most WORDING_MAX characters; all of a short text."""
    at = text.find(needle) if needle else -1
    if at < 0:
        return text[:WORDING_MAX]
    starts = [0] + [m.end() for m in _CLAUSE_END.finditer(text, 0, at)]
    start = starts[-1]
    if at + len(needle) - start < CLAUSE_MIN and len(starts) > 1:
        start = starts[-2]
    end_m = _CLAUSE_END.search(text, at + len(needle))
    end = end_m.end() if end_m else len(text)
    return text[start:end][:WORDING_MAX]


def _figure_text(p: Promise, st: Stmt) -> str:
    for q in st.quantities:
        if q["id"] == p.id and q.get("text"):
            return str(q["text"])
    return p.written


def _wording(p: Promise, st: Stmt) -> tuple[str, str]:
    """The promise's clause, and the part of it before the figure."""
    needle = p.indicator if p.measure is Measure.QUALITATIVE else _figure_text(p, st)
    text = clause(st.text, needle)
    at = text.find(needle)
    return text, text[:at] if at >= 0 else text


def _scale(unit: str) -> tuple[str, float]:
    """A unit's base and multiplier: 万亿元 → (元, 1e12), % → (%, 1)."""
    for prefix, factor in _MULTIPLIERS:
        if unit.startswith(prefix):
            return unit[len(prefix) :], factor
    return unit, 1.0


def _line(s: _Said) -> tuple[str, str, str]:
    """Promises that can be held against each other: one measure (growth and 年均 growth are
    both rates), one base unit, and for flows one span (a year's 新增 is not five years')."""
    p = s.promise
    family = "growth" if p.measure in (Measure.GROWTH, Measure.AVERAGE_GROWTH) else p.measure
    span = ""
    if p.measure in (Measure.ADDED, Measure.TOTAL):
        span = "year" if s.annual or p.each_year else "period"
    return str(family), _scale(p.unit)[0], span


def _value(p: Promise) -> tuple[float, float] | None:
    if p.target is None:
        return None
    factor = _scale(p.unit)[1]
    hi = p.target_hi if p.target_hi is not None else p.target
    return p.target * factor, hi * factor


def _close(a: float, b: float, tolerance: float = 1e-9) -> bool:
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


def figure_firmness(p: Promise, before: str) -> int:
    """How firmly a figure is promised: 以上 4, bare 3, 左右 2; 确保 before it adds one,
    力争 takes two."""
    q = p.qualifier
    score = (
        4 if q in _FIRM_QUALIFIERS else 2 if q in _LOOSE_QUALIFIERS or "左右" in p.written else 3
    )
    if any(v in before for v in _BINDING_VERBS):
        score += 1
    if p.aspirational or q in _ASPIRING_VERBS or any(v in before for v in _ASPIRING_VERBS):
        score -= 2
    return score


def wording_firmness(text: str) -> int:
    found = [v for w, v in _WORDING_FIRMNESS.items() if w in text]
    return max(found) if found else 0


def _renamed(old: _Said, new: _Said, terms: Sequence[str]) -> tuple[str, str] | None:
    if old.promise.measure is Measure.QUALITATIVE:
        a, b = old.promise.indicator, new.promise.indicator
        return (a, b) if a and b and nfkc(a) != nfkc(b) else None
    before = {t for t in terms if t in old.wording}
    after = {t for t in terms if t in new.wording}
    if before and after and not before & after:
        return sorted(before)[0], sorted(after)[0]
    return None


def _deadline_moved(old: _Said, new: _Said) -> bool:
    """The same target promised for a later year than a deadline that was set for it."""
    a, b = old.promise, new.promise
    if a.year is None or b.year is None or b.year <= a.year or old.annual:
        return False
    if a.measure is Measure.GROWTH or b.measure is Measure.GROWTH:
        return False  # a yearly rate is for its year: next year's is another promise
    if new.doc_year <= a.year:
        return True  # moved before the deadline came
    va, vb = _value(a), _value(b)
    if va is None or vb is None:
        return a.measure is Measure.QUALITATIVE and b.measure is Measure.QUALITATIVE
    return abs(vb[0] - va[0]) <= SAME_TARGET * max(abs(va[0]), 1e-9)


def _labels(old: _Said, new: _Said, ops_changed: list[tuple[str, str]]) -> list[DriftLabel]:
    a, b = old.promise, new.promise
    labels: list[DriftLabel] = []
    va, vb = _value(a), _value(b)
    if va is not None and vb is not None:
        if not _close(va[0], vb[0]):
            labels.append(DriftLabel.NUMBER_UP if vb[0] > va[0] else DriftLabel.NUMBER_DOWN)
        elif not _close(va[1], vb[1]):
            labels.append(DriftLabel.NUMBER_UP if vb[1] > va[1] else DriftLabel.NUMBER_DOWN)
    if _deadline_moved(old, new):
        labels.append(DriftLabel.DEADLINE_MOVED)
    if a.measure is Measure.QUALITATIVE:
        fa, fb = wording_firmness(old.wording), wording_firmness(new.wording)
        if fa and fb and fa != fb:
            labels.append(DriftLabel.SOFTENED if fb < fa else DriftLabel.STRENGTHENED)
    else:
        fa, fb = figure_firmness(a, old.before), figure_firmness(b, new.before)
        if fa != fb:
            labels.append(DriftLabel.SOFTENED if fb < fa else DriftLabel.STRENGTHENED)
    removed = "".join(x for x, _ in ops_changed)
    added = "".join(y for _, y in ops_changed)
    wide_added = any(w in added for w in _SCOPE_WIDE)
    wide_removed = any(w in removed for w in _SCOPE_WIDE)
    if wide_added and not wide_removed:
        labels.append(DriftLabel.SCOPE_WIDENED)
    elif wide_removed and not wide_added:
        labels.append(DriftLabel.SCOPE_NARROWED)
    return labels


def step(old: _Said, new: _Said, terms: Sequence[str]) -> DriftStep:
    """One promise against the next: the labels and the word-level diff."""
    ops = diff(old.wording, new.wording)
    changed = [(op.old, op.new) for op in ops if op.tag is not Tag.EQUAL]
    labels = _labels(old, new, changed)
    renamed = _renamed(old, new, terms)
    if renamed:
        labels.insert(0, DriftLabel.TERMINOLOGY)
    if not labels and changed and old.promise.measure is Measure.QUALITATIVE:
        labels.append(DriftLabel.REWORDED)
    a, b = old.promise, new.promise
    return DriftStep(
        chain=a.chain,
        from_promise=a.id,
        to_promise=b.id or None,
        from_statement=a.statement,
        to_statement=b.statement,
        from_doc=a.doc,
        to_doc=b.doc,
        from_written=a.written,
        to_written=b.written,
        from_year=a.year,
        to_year=b.year,
        labels=tuple(labels),
        old=old.wording,
        new=new.wording,
        ops=tuple((str(op.tag), op.old, op.new) for op in ops),
        changed=changed_share(ops),
        renamed=renamed,
    )


def _dropped(last: _Said, st: Stmt, terms: Sequence[str]) -> DriftStep:
    """The line's last figure, then a later task for the goal that states none."""
    needle = next((t for t in terms if t in st.text), last.promise.indicator)
    new = clause(st.text, needle)
    ops = diff(last.wording, new)
    a = last.promise
    return DriftStep(
        chain=a.chain,
        from_promise=a.id,
        to_promise=None,
        from_statement=a.statement,
        to_statement=st.id,
        from_doc=a.doc,
        to_doc=st.doc,
        from_written=a.written,
        to_written="",
        from_year=a.year,
        to_year=st.year or st.doc_year,
        labels=(DriftLabel.NUMBER_DROPPED,),
        old=last.wording,
        new=new,
        ops=tuple((str(op.tag), op.old, op.new) for op in ops),
        changed=changed_share(ops),
    )


def _representative(said: list[_Said]) -> _Said:
    """A document's promise for a line: the one for the earliest year (the next one due),
    the headline first among equals."""
    return min(
        said,
        key=lambda s: (s.promise.year or 9999, not s.promise.headline, s.promise.id),
    )


def _numeric_steps(
    said: list[_Said],
    members: Sequence[Stmt],
    figures: Mapping[str, Sequence[object]],
    terms: Sequence[str],
) -> list[DriftStep]:
    lines: dict[tuple[str, str, str], dict[int, list[_Said]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for s in said:
        lines[_line(s)][s.pos].append(s)
    promised_in = {s.pos for s in said}
    steps: list[DriftStep] = []
    dropped_to: set[str] = set()
    for key in sorted(lines):
        by_pos = lines[key]
        reps = [_representative(by_pos[pos]) for pos in sorted(by_pos)]
        steps += [step(a, b, terms) for a, b in zip(reps, reps[1:], strict=False)]
        last = reps[-1]
        task = next(
            (
                st
                for st in members
                if st.doc_pos > last.pos
                and st.doc_pos not in promised_in
                and st.role == Role.TARGET
                and st.doc_kind != Kind.YEAR_REVIEW  # a review reports; it sets nothing
                and not figures.get(st.id)
                and st.id not in dropped_to
                and (any(t in st.text for t in terms) or last.promise.indicator in st.text)
            ),
            None,
        )
        if task is not None:
            dropped_to.add(task.id)
            steps.append(_dropped(last, task, terms))
    return steps


def _borrowed(st: Stmt, promise_id: str, owner: str, name: str) -> _Said:
    """A later task naming this goal's thing whose promise another goal holds (a statement
    listing five projects is one goal's promise), or that no goal judges (``promise_id``
    empty): the restatement a step can reach."""
    p = Promise(
        id=promise_id,
        chain=owner,
        statement=st.id,
        doc=st.doc,
        indicator=name,
        measure=Measure.QUALITATIVE,
        written=name,
        target=None,
        target_hi=None,
        unit="",
        qualifier="",
        year=st.year or st.doc_year,
        period=None,
        status=Status.NO_DATA,
        reason="",
    )
    text, before = clause(st.text, name), ""
    return _Said(p, text, before, st.doc_pos, st.doc_year)


def _qualitative_steps(
    said: list[_Said], terms: Sequence[str], borrowed: Sequence[_Said] = ()
) -> list[DriftStep]:
    """Each promised thing against the same thing (the closest name) in the nearest earlier
    document that promised it; one wording per thing and document. A later document whose
    only wording of the thing is another goal's promise (``borrowed``) restates it there:
    the linker already found the names to be one thing, so the closest one is taken."""
    seen: dict[tuple[int, str], _Said] = {}
    for s in said:
        seen.setdefault((s.pos, nfkc(s.promise.indicator)), s)
    by_pos: dict[int, list[_Said]] = defaultdict(list)
    for (pos, _), s in sorted(seen.items(), key=lambda kv: (kv[0], kv[1].promise.id)):
        by_pos[pos].append(s)
    order = sorted(by_pos)
    steps = []
    for i, pos in enumerate(order):
        for s in by_pos[pos]:
            for earlier in reversed(order[:i]):
                best = max(
                    by_pos[earlier],
                    key=lambda o: (
                        _name_score(o.promise.indicator, s.promise.indicator),
                        o.promise.id,
                    ),
                )
                if _name_score(best.promise.indicator, s.promise.indicator) >= NAME_MIN:
                    steps.append(step(best, s, terms))
                    break
    for b in borrowed:
        if b.pos in by_pos:
            continue
        before = [pos for pos in order if pos < b.pos]
        if before:
            best = max(
                by_pos[before[-1]],
                key=lambda o: (_name_score(o.promise.indicator, b.promise.indicator), o.promise.id),
            )
            steps.append(step(best, b, terms))
    return steps


def _name_score(a: str, b: str) -> float:
    a, b = nfkc(a), nfkc(b)
    if a == b:
        return 100.0
    if min(len(a), len(b)) >= 4 and (a in b or b in a):
        return 90.0
    return float(fuzz.ratio(a, b))


def analyse(
    chain: str,
    promises: Sequence[Promise],
    members: Sequence[Stmt],
    terms: Sequence[str] = (),
    figures: Mapping[str, Sequence[object]] | None = None,
    owners: Mapping[str, str] | None = None,
) -> tuple[tuple[DriftStep, ...], float]:
    """A goal's drift steps in time order and its drift score (the mean share of wording
    changed per step; 0 when its promises never changed or it has fewer than two).

    ``members`` are the goal's statements in time order; ``figures`` the goal's own
    quantities per statement (a task without any is a target no longer stated);
    ``owners`` the goal whose qualitative promise each target statement is (``terms`` are
    then this goal's names, to find its thing in another goal's promise)."""
    by_id = {st.id: st for st in members}
    said = []
    for p in promises:
        st = by_id.get(p.statement)
        if st is not None:
            said.append(_Said(p, *_wording(p, st), st.doc_pos, st.doc_year))
    numeric = [s for s in said if s.promise.measure is not Measure.QUALITATIVE]
    qualitative = [s for s in said if s.promise.measure is Measure.QUALITATIVE]
    borrowed = []
    if qualitative:
        mine = {s.promise.statement for s in said}
        for st in members:
            owner = (owners or {}).get(st.id)
            if owner != chain and st.id not in mine and st.role == Role.TARGET:
                name = max((t for t in terms if t in st.text), key=len, default="")
                if name:
                    # another goal's promise, or a task no goal judges (no promise id)
                    pid = f"{st.id}:w" if owner else ""
                    borrowed.append(_borrowed(st, pid, owner or "", name))
    steps = _numeric_steps(numeric, members, figures or {}, terms) + _qualitative_steps(
        qualitative, terms, borrowed
    )
    pos = {st.id: (st.doc_pos, st.seq) for st in members}
    steps.sort(
        key=lambda s: (
            pos.get(s.to_statement, (0, 0)),
            pos.get(s.from_statement, (0, 0)),
            s.from_promise,
        )
    )
    score = round(sum(s.changed for s in steps) / len(steps), 3) if steps else 0.0
    return tuple(replace(s, chain=chain) for s in steps), score
