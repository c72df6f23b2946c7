"""What the goal view shows, worked out from a ChainDetail without any widget in sight."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from plandrift.compare.query import ChainDetail, Member

from .diffmark import MIN_SIMILARITY, Span, locate, similarity


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


def _figure_texts(member: Member) -> list[str]:
    """compare's figures for this member as they appear in the text (annotations like
    '(预计)' dropped)."""
    return [re.sub(r"\([^)]*\)$", "", f).strip() for f in getattr(member, "figures", []) or []]


def figure_spans(member: Member, metric: str | None, unit: str | None) -> list[Span]:
    """Where each figure sits in the wording; the goal's own figures are marked as key.

    compare names the goal's own figures (Member.figures); without them, a figure in the
    goal's metric or unit counts as the goal's."""
    own = [f for f in _figure_texts(member) if f]
    spans: list[Span] = []
    for q in member.quantities:
        if not q.text:
            continue
        at = locate(member.text, q.text, q.start - member.start)
        if at is None:
            continue
        if own:
            key = any(q.text in f for f in own)
        else:
            key = bool((metric and q.metric == metric) or (unit and q.unit == unit))
        spans.append(Span(at, at + len(q.text), key))
    for f in own:  # figures compare knows but the quantity rows do not cover
        at = locate(member.text, f, 0)
        if at is not None and not any(
            s.start <= at < s.end or at <= s.start < at + len(f) for s in spans
        ):
            spans.append(Span(at, at + len(f), True))
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
        if step.get("to") == member.statement:
            labels.extend(str(x) for x in step.get("labels") or [])
    return labels


@dataclass
class PathRow:
    year: int
    expected: float | None
    actual: float | None


def _number(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else None


def actuals(detail: ChainDetail) -> dict[int, float]:
    """The goal's reported actual per year, from its members' figures."""
    metric = detail.chain.metric
    unit = (detail.chain.progress or {}).get("unit")
    found: dict[int, float] = {}
    for m in detail.members:
        own = [f for f in _figure_texts(m) if f]
        for q in m.quantities:
            if q.role != "actual" or q.year is None or not q.text:
                continue
            if own:
                mine = any(q.text in f for f in own)
            else:
                mine = bool((metric and q.metric == metric) or (unit and q.unit == unit))
            if mine:
                found[q.year] = q.value  # later documents correct earlier estimates
    return found


def five_year_path(detail: ChainDetail) -> list[PathRow]:
    """The straight path from baseline to target, year by year, beside what was reported.

    This is the official 时间过半、任务过半 reading of a plan target; empty when the goal has
    no baseline, target and target year.
    """
    p = detail.chain.progress or {}
    baseline, target = _number(p.get("baseline")), _number(p.get("target"))
    target_year = p.get("target_year")
    if baseline is None or target is None or not isinstance(target_year, int):
        return []
    base_year = p.get("baseline_year")
    if not isinstance(base_year, int):
        base_year = target_year - 5
    if base_year >= target_year:
        return []
    seen = actuals(detail)
    span = target_year - base_year
    return [
        PathRow(
            y,
            baseline + (target - baseline) * (y - base_year) / span,
            baseline if y == base_year else seen.get(y),
        )
        for y in range(base_year, target_year + 1)
    ]


def evidence(detail: ChainDetail) -> list[str]:
    """The verdict's evidence as lines a person can read: which document said what."""
    p = detail.chain.progress or {}
    raw = p.get("evidence") or []
    if isinstance(raw, str | dict):
        raw = [raw]
    by_id = {m.statement: m for m in detail.members}
    lines = []
    for item in raw:
        if isinstance(item, str) and item in by_id:
            m = by_id[item]
            lines.append(f"{m.doc_year} {m.doc}: {m.text}")
        elif isinstance(item, dict):
            doc = item.get("doc") or item.get("statement") or ""
            text = item.get("text") or item.get("quote") or ""
            sid = item.get("statement")
            if not text and sid in by_id:
                text = by_id[sid].text
            extra = ", ".join(
                f"{k} {v}"
                for k, v in item.items()
                if k not in ("doc", "statement", "text", "quote") and v is not None
            )
            lines.append(f"{doc}: {text}" + (f" ({extra})" if extra else ""))
        else:
            lines.append(str(item))
    return lines
