"""What the goal view shows, worked out from a ChainDetail without any widget in sight."""

from __future__ import annotations

from dataclasses import dataclass, field

from plandrift.compare.models import Promise
from plandrift.compare.query import ChainDetail, Member
from plandrift.compare.wordiff import similarity
from plandrift.report import text

from .diffmark import MIN_SIMILARITY, Span, locate


@dataclass
class Column:
    """One document's wordings of a goal: a column of the side-by-side view."""

    doc: str
    title: str
    kind: str
    year: int
    members: list[Member] = field(default_factory=list)

    @property
    def header(self) -> str:
        return f"{self.year} {self.kind.replace('-', ' ')}"


def columns(detail: ChainDetail) -> list[Column]:
    """Members grouped by document, documents in the order the goal reached them."""
    out: dict[str, Column] = {}
    for m in detail.members:
        col = out.get(m.doc)
        if col is None:
            col = out[m.doc] = Column(m.doc, m.doc_title, m.doc_kind, m.doc_year)
        col.members.append(m)
    return sorted(out.values(), key=lambda c: (c.year, list(out).index(c.doc)))


def figure_spans(member: Member) -> list[Span]:
    """Where each number sits in the wording; the goal's own numbers are marked as key."""
    spans: list[Span] = []
    own = set(member.own)
    for q in member.quantities:
        if not q.text:
            continue
        at = locate(member.text, q.text, q.start - member.start)
        if at is not None:
            spans.append(Span(at, at + len(q.text), q.id in own))
    return sorted(spans, key=lambda s: s.start)


def previous_wording(member: Member, earlier: list[Column]) -> tuple[str | None, str | None]:
    """The wording to diff this one against, and where it comes from when that is not the
    previous column: the closest wording of the previous column, or, when none there is
    close enough to mark inline, the closest of the columns before it."""
    if not earlier:
        return None, None
    best: tuple[float, Member] | None = None
    for i, col in enumerate(reversed(earlier)):
        for m in col.members:
            score = similarity(m.text, member.text)
            if best is None or score > best[0]:
                best = (score, m)
        if i == 0 and best is not None and best[0] >= MIN_SIMILARITY:
            return best[1].text, None
    if best is None:
        return None, None
    if best[0] < MIN_SIMILARITY:  # nothing close: compared with the previous column anyway
        return max(earlier[-1].members, key=lambda m: similarity(m.text, member.text)).text, None
    prev_doc = earlier[-1].doc
    where = None if best[1].doc == prev_doc else f"{best[1].doc_year} {best[1].doc}"
    return best[1].text, where


def drift_labels(detail: ChainDetail, member: Member) -> list[str]:
    """compare's drift labels for the step that arrives at this statement."""
    labels: list[str] = []
    for step in detail.drift:
        if step.to_statement == member.statement:
            labels.extend(str(x) for x in step.labels if str(x) not in labels)
    return labels


@dataclass
class PathRow:
    year: int
    expected: float | None
    actual: float | None


def headline(detail: ChainDetail) -> Promise | None:
    return next((p for p in detail.promises if p.headline), None)


def actuals(detail: ChainDetail, unit: str) -> dict[int, float]:
    """The goal's reported actuals per year in ``unit`` (later documents win)."""
    found: dict[int, float] = {}
    for m in detail.members:
        for q in m.figures:
            if q.role == "actual" and q.year is not None and q.unit == unit and not q.period:
                found[q.year] = q.value
    return found


def five_year_path(detail: ChainDetail) -> list[PathRow]:
    """The straight path from the headline promise's baseline to its target, year by year,
    beside what was reported: the official 时间过半、任务过半 reading of a plan target;
    empty when the promise has no baseline."""
    p = headline(detail)
    if p is None or p.baseline is None or p.baseline_year is None or p.target is None:
        return []
    if p.year is None or p.baseline_year >= p.year:
        return []
    seen = actuals(detail, p.unit)
    span = p.year - p.baseline_year
    return [
        PathRow(
            y,
            p.baseline + (p.target - p.baseline) * (y - p.baseline_year) / span,
            p.baseline if y == p.baseline_year else seen.get(y),
        )
        for y in range(p.baseline_year, p.year + 1)
    ]


@dataclass
class Series:
    """A goal's figures by year for the chart: actuals, targets and the straight path."""

    unit: str
    actuals: list[tuple[int, float]]
    targets: list[tuple[int, float]]
    path: list[tuple[int, float]]


def series(detail: ChainDetail) -> Series | None:
    """What the chart draws, in the headline promise's unit; None for a goal without a
    numeric promise or with fewer than two points to draw."""
    head = headline(detail)
    if head is None or head.target is None:
        return None
    unit = head.unit
    targets = sorted(
        {
            (p.year, p.target)
            for p in detail.promises
            if p.unit == unit
            and p.year is not None
            and p.target is not None
            and p.measure == head.measure
        }
    )
    seen = sorted(actuals(detail, unit).items())
    path = [(r.year, r.expected) for r in five_year_path(detail) if r.expected is not None]
    if len(targets) + len(seen) < 2:
        return None
    return Series(unit, seen, targets, path)


@dataclass(frozen=True)
class PromiseRow:
    """A row of the goal's promise table."""

    promise: Promise
    when: str
    target: str
    actual: str
    status: str
    evidence: str


def promise_rows(detail: ChainDetail) -> list[PromiseRow]:
    docs = {m.statement: f"{m.doc_year} {m.doc}" for m in detail.members}
    out = []
    for p in detail.promises:
        got = "; ".join(text.actual(a) for a in p.actuals) or "-"
        evidence = ", ".join(docs.get(s, s) for s in p.evidence)
        out.append(PromiseRow(p, text.when(p), text.target(p), got, str(p.status), evidence))
    return out


def evidence(detail: ChainDetail) -> list[str]:
    """The headline verdict's evidence as lines a person can read: which document said what."""
    p = headline(detail)
    if p is None:
        return []
    by_id = {m.statement: m for m in detail.members}
    return [
        f"{by_id[s].doc_year} {by_id[s].doc}: {by_id[s].text}" if s in by_id else s
        for s in p.evidence
    ]
