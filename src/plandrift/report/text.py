"""Numbers, promises and actuals as people read them: the one place they are formatted.

Reports, ``show`` and the app all call these, so a figure reads the same everywhere: the
value as the document wrote it, its qualifier, and its flags (预计, a partial year).
"""

from __future__ import annotations

from plandrift.compare.models import Actual, DriftStep, Measure, Promise, Status
from plandrift.compare.query import QuantityView

MEASURE_LABELS = {
    Measure.LEVEL: "level",
    Measure.GROWTH: "growth",
    Measure.AVERAGE_GROWTH: "average growth",
    Measure.SHARE: "share",
    Measure.CHANGE: "change",
    Measure.ADDED: "added",
    Measure.TOTAL: "running total",
    Measure.RANK: "rank",
    Measure.QUALITATIVE: "qualitative",
}
_AFTER = ("以上", "左右", "以内", "以下")


def number(value: float | None) -> str:
    """85, not 85.0; at most four decimals; empty for None."""
    if value is None:
        return ""
    v = round(float(value), 4)
    return str(int(v)) if v.is_integer() else f"{v:g}"


def flags(estimate: bool, partial: str) -> str:
    parts = [p for p in (partial, "预计" if estimate else "") if p]
    return f" ({', '.join(parts)})" if parts else ""


def quantity(q: QuantityView) -> str:
    """A number as written, with its qualifier and flags: 6.5%左右 (预计), 1.7% (1-10月)."""
    text = (q.text or "").replace(" ", "")
    if not text or q.unit not in text:
        text = f"{number(q.value)}" + (f"-{number(q.value_hi)}" if q.value_hi else "") + q.unit
    if q.qualifier and q.qualifier not in text:
        text = f"{text}{q.qualifier}" if q.qualifier in _AFTER else f"{q.qualifier}{text}"
    return text + flags(q.estimate, q.period)


def when(p: Promise) -> str:
    """The year or period a promise is for: 2024, 2021-2025, each year 2021-2025."""
    if p.period:
        span = f"{p.period[0]}-{p.period[1]}"
        return f"each year {span}" if p.each_year else span
    return str(p.year) if p.year is not None else ""


def target(p: Promise) -> str:
    """The promise as written, with what it measures where that is not obvious."""
    shown = p.written
    if p.aspirational and "力争" not in shown and "争取" not in shown:
        shown = f"力争 {shown}"
    if p.measure is Measure.AVERAGE_GROWTH and "年均" not in shown:
        shown = f"年均 {shown}"
    return shown


def actual(a: Actual) -> str:
    return f"{a.written}{flags(a.estimate, a.partial)} ({a.year}, {a.doc})"


def promised(p: Promise, plan: bool) -> str:
    """A promise marked as what it is: ``plan target 稳定在100亿斤 · plan-14th`` for a
    five-year plan's, ``target 7%左右 · report-2024`` for any other document's."""
    return f"{'plan target' if plan else 'target'} {target(p)} · {p.doc}"


def reported(a: Actual, year: bool = False) -> str:
    """A reported figure marked as one, with its flags: ``actual 1.7% (1-10月) · review-2022``;
    with ``year`` the year it is for too (for a period's figures)."""
    when = f" for {a.year}" if year else ""
    return f"actual {a.written}{flags(a.estimate, a.partial)}{when} · {a.doc}"


def figure_when(written: str, year: int | None) -> str:
    return f"{written} for {year}" if written and year is not None else written


def step(s: DriftStep) -> str:
    """One drift step as a line: ``plan-14th → report-2024: 7%以上 for 2025 → 5% for 2024``."""
    new = figure_when(s.to_written, s.to_year) if s.to_written else "no figure stated"
    return f"{s.from_doc} → {s.to_doc}: {figure_when(s.from_written, s.from_year)} → {new}"


def judged(p: Promise) -> str:
    """What the verdict rests on, briefly: the value judged, its ratio, the path."""
    parts: list[str] = []
    if p.value is not None and p.measure is not Measure.QUALITATIVE:
        what = {Measure.AVERAGE_GROWTH: "average", Measure.ADDED: "sum", Measure.TOTAL: "sum"}
        label = what.get(p.measure, "") if p.period else ""
        parts.append(
            f"{label + ' ' if label else ''}{number(p.value)}{p.unit}"
            + (f" in {_years(p.coverage)}" if p.coverage else "")
        )
    if p.ratio is not None:
        parts.append(f"{p.ratio:.1%} of target")
    if p.expected is not None:
        parts.append(f"path {number(p.expected)}{p.unit}")
    if p.status in (Status.ROLLED_OVER, Status.REVISED) and p.restated_value is not None:
        verb = "restated" if p.status is Status.ROLLED_OVER else "revised to"
        parts.append(f"{verb} {number(p.restated_value)}{p.unit} for {p.restated_year}")
    if p.estimate:
        parts.append("actual is an estimate 预计")
    if p.partial:
        parts.append("partial year")
    if p.binding:
        parts.append("约束性")
    return "; ".join(parts)


def _years(years: tuple[int, ...]) -> str:
    return ", ".join(str(y) for y in years)
