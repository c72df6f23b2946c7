"""Progress verdicts: a target for a year held against what a later document reports.

Statuses: met, met-early, missed, on-track / lagging (a five-year target against the
straight path from its baseline: 时间过半、任务过半), no-data, rolled-over (restated later
with a later deadline), revised (a later document sets another number for the same year),
dropped (no longer mentioned where its field still is), new. Qualifiers decide what meeting
a target means: 以上 at least, 左右 within a tolerance, 以内/不超过 at most, ranges within,
力争/预计 noted. Every verdict names its evidence (statement ids) and its ratio.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

STATUSES = (
    "met",
    "met-early",
    "missed",
    "on-track",
    "lagging",
    "no-data",
    "rolled-over",
    "revised",
    "dropped",
    "new",
)

# Every progress dict carries these keys (None when they do not apply), for the TUI and reports.
KEYS = (
    "status",
    "ratio",
    "target",
    "target_hi",
    "actual",
    "unit",
    "qualifier",
    "target_year",
    "actual_year",
    "evidence",
    "baseline",
    "baseline_year",
    "expected",
    "binding",
    "estimate",
    "aspirational",
)
AT_LEAST = ("以上", "超过", "突破", "不低于", "不少于", "达到", "高于", "迈上")
AT_MOST = ("以内", "不超过", "控制在", "低于", "以下", "不高于", "压缩至", "缩短至", "降至")
ABOUT = ("左右", "约", "稳定在", "保持在")
# A five-year plan's "新增 X" adds up over its years, like 累计.
ADDED = re.compile(r"新增|新建|新改建|新培育|新引进|新开工")
ASPIRATIONAL = ("力争", "争取", "争创", "努力")
TOLERANCE_POINTS = 0.5  # 左右 on a percentage: within half a point
TOLERANCE_SHARE = 0.05  # 左右 on a level: within 5%
SAME_VALUE = 0.05  # a restated target within 5% is the same target

# Wording that reports a qualitative goal done, and wording that only aims at it.
DONE = re.compile(r"实现|蝉联|获评|获批|荣膺|建成|通车|竣工|投产|达产|完成|落地|成功|创成|通过")
# A project is done when it is built, not when it reaches "this year's progress".
PROJECT_DONE = re.compile(r"建成|通车|竣工|投产|达产|投运|完工|交付|并网")
AIM = re.compile(r"争创|力争|争取|加快|推进|推动|启动|谋划|申建|建设|打造|创建|巩固")


@dataclass
class Figure:
    """One number of a chain, as progress needs it."""

    statement: str
    doc: str
    doc_order: int
    role: str
    year: int | None
    value: float
    value_hi: float | None
    unit: str
    qualifier: str
    estimate: bool
    text: str = ""
    scale: float = 1.0  # value as written = value / scale (万户 → 户 has scale 1e4)
    shown_unit: str = ""
    table: bool = False  # from an indicator table row

    @property
    def cumulative(self) -> bool:
        """累计 targets add up yearly figures (城镇累计新增就业40万人)."""
        return self.role == "target" and "累计" in self.text

    def shown(self, value: float) -> float:
        return round(value / self.scale, 6)


@dataclass
class Context:
    """What the corpus around a chain looks like: its documents in time order."""

    doc_years: dict[str, int] = field(default_factory=dict)
    doc_kinds: dict[str, str] = field(default_factory=dict)
    latest_docs: tuple[str, ...] = ()  # the newest documents (to tell dropped from current)
    newest: str = ""


def meets(actual: float, target: Figure, higher: bool) -> bool:
    """Whether ``actual`` satisfies ``target`` as its qualifier reads."""
    q = target.qualifier or ""
    lo, hi = target.value, target.value_hi
    if hi is not None:
        return actual >= lo if higher else actual <= hi
    if any(w in q for w in ABOUT):
        tol = TOLERANCE_POINTS if target.unit.endswith("%") else abs(lo) * TOLERANCE_SHARE
        return abs(actual - lo) <= tol or (actual > lo if higher else actual < lo)
    if any(w in q for w in AT_MOST):
        return actual <= lo
    if any(w in q for w in AT_LEAST):
        return actual >= lo
    return actual >= lo if higher else actual <= lo


def _same_unit(a: Figure, b: Figure) -> bool:
    return a.unit == b.unit


def _ratio(actual: float, target: Figure, higher: bool) -> float | None:
    goal = target.value if target.value_hi is None or higher else target.value_hi
    if not goal:
        return None
    r = actual / goal if higher else goal / actual if actual else None
    return round(r, 4) if r is not None else None


def _year(f: Figure, ctx: Context) -> int:
    return f.year if f.year is not None else ctx.doc_years.get(f.doc, 0)


def headline(targets: list[Figure], ctx: Context, figures: Sequence[Figure] = ()) -> Figure | None:
    """The target a chain is judged on: a five-year plan's horizon, else the earliest
    document's furthest target (later restatements are judged against it)."""
    if not targets:
        return None
    units: dict[str, int] = {}
    for t in targets:
        units[t.unit] = units.get(t.unit, 0) + 1
    main_unit = max(units, key=lambda u: (units[u], u))
    plans = [t for t in targets if ctx.doc_kinds.get(t.doc) == "five-year-plan"]
    pool = [t for t in plans or targets if t.unit == main_unit] or plans or targets
    pool = [t for t in pool if t.table] or pool  # an indicator table states the target
    first_doc = min(t.doc_order for t in pool)
    pool = [t for t in pool if t.doc_order == first_doc]
    furthest = max(_year(t, ctx) for t in pool)
    pool = [t for t in pool if _year(t, ctx) == furthest]
    later = [
        f.value
        for f in figures
        if f.doc_order > first_doc and f.unit == pool[0].unit and f.value > 0
    ]
    if later and len(pool) > 1:
        # The target later documents talk about is of the size of their figures.
        mid = sorted(later)[len(later) // 2]
        return min(pool, key=lambda t: abs(math.log(t.value / mid)) if t.value > 0 else math.inf)
    return pool[0]  # the first stated (tables lead)


def judge_figures(figures: list[Figure], ctx: Context, higher: bool = True) -> dict[str, Any]:
    """The verdict for a numeric chain, with the straight-path value for the actual's year
    wherever a baseline makes one (时间过半、任务过半)."""
    out = _judge_figures(figures, ctx, higher)
    by, ty, ay = out.get("baseline_year"), out.get("target_year"), out.get("actual_year")
    if (
        out.get("expected") is None
        and out.get("baseline") is not None
        and by
        and ty
        and ay
        and ty > by
        and out.get("target") is not None
    ):
        done = min(1.0, max(0.0, (ay - by) / (ty - by)))
        out["expected"] = round(out["baseline"] + (out["target"] - out["baseline"]) * done, 4)
    return out


def _judge_figures(figures: list[Figure], ctx: Context, higher: bool) -> dict[str, Any]:
    targets = [f for f in figures if f.role == "target"]
    actuals = [f for f in figures if f.role == "actual"]
    baselines = [f for f in figures if f.role == "baseline"]
    yearly = _yearly(targets, actuals, ctx, higher)
    if yearly is not None:
        return yearly
    target = headline(targets, ctx, figures)
    if target is None:
        last = max(actuals, key=lambda f: (_year(f, ctx), f.doc_order), default=None)
        out: dict[str, Any] = {"status": "no-data", "note": "no target stated"}
        if last is not None:
            out.update(
                actual=last.shown(last.value),
                unit=last.shown_unit or last.unit,
                actual_year=_year(last, ctx),
                evidence=[last.statement],
            )
        return out
    ty = _year(target, ctx)
    out = {
        "target": target.shown(target.value),
        "target_hi": target.shown(target.value_hi) if target.value_hi is not None else None,
        "unit": target.shown_unit or target.unit,
        "qualifier": target.qualifier,
        "target_year": ty,
        "target_doc": target.doc,
        "aspirational": any(w in (target.qualifier + target.text) for w in ASPIRATIONAL),
        "evidence": [target.statement],
    }
    # What a document reports about years before it sets a target is its starting point,
    # not progress towards that target.
    comparable = [
        a
        for a in actuals
        if _same_unit(a, target)
        and (
            a.doc_order > target.doc_order
            or (a.doc_order == target.doc_order and _year(a, ctx) >= ty)
        )
    ]
    cumulative = target.cumulative or (
        ctx.doc_kinds.get(target.doc) == "five-year-plan" and bool(ADDED.search(target.text))
    )
    if cumulative:  # yearly figures add up; a figure that is already a total does not
        comparable = [a for a in comparable if "累计" not in a.text]
    by_year: dict[int, Figure] = {}
    for a in sorted(comparable, key=lambda f: (_year(f, ctx), f.doc_order)):
        by_year[_year(a, ctx)] = a  # the latest report of a year wins
    if cumulative and by_year:
        by_year = _running_sums(by_year, target)
    base = _baseline(baselines, target, ctx)
    if base is None and cumulative:
        start = ctx.doc_years.get(target.doc, ty) - 1
        base = Figure(
            statement=target.statement,
            doc=target.doc,
            doc_order=target.doc_order,
            role="baseline",
            year=start,
            value=0.0,
            value_hi=None,
            unit=target.unit,
            qualifier="",
            estimate=False,
        )
        out["cumulative"] = True
    if base is not None:
        out.update(baseline=target.shown(base.value), baseline_year=_year(base, ctx))
    later_targets = [
        t
        for t in targets
        if t is not target and _same_unit(t, target) and t.doc_order > target.doc_order
    ]
    revised = [
        t
        for t in later_targets
        if _year(t, ctx) == ty and abs(t.value - target.value) > SAME_VALUE * abs(target.value or 1)
    ]
    rolled = [
        t
        for t in later_targets
        if _year(t, ctx) > ty and abs(t.value - target.value) <= SAME_VALUE * abs(target.value or 1)
    ]
    at_deadline = by_year.get(ty)
    early = [a for y, a in sorted(by_year.items()) if y < ty and meets(a.value, target, higher)]
    if at_deadline is not None and meets(at_deadline.value, target, higher):
        return _with(out, "met", at_deadline, target, higher)
    if early:
        return _with(out, "met-early", early[0], target, higher)
    if rolled:
        out["rolled_to"] = _year(rolled[-1], ctx)
        out["evidence"].append(rolled[-1].statement)
        if at_deadline is not None:
            _with(out, "rolled-over", at_deadline, target, higher)
        out["status"] = "rolled-over"
        return out
    if at_deadline is not None:
        return _with(out, "missed", at_deadline, target, higher)
    if revised:
        out["revised_to"] = target.shown(revised[-1].value)
        out["evidence"].append(revised[-1].statement)
        out["status"] = "revised"
        return out
    if by_year:
        latest_year = max(by_year)
        latest = by_year[latest_year]
        _with(out, "on-track", latest, target, higher)
        if base is not None and ty > out["baseline_year"] and latest_year > out["baseline_year"]:
            span = ty - out["baseline_year"]
            done = (latest_year - out["baseline_year"]) / span
            expected = base.value + (target.value - base.value) * min(1.0, done)
            out["expected"] = round(target.shown(expected), 4)
            ok = latest.value >= expected if higher else latest.value <= expected
            out["status"] = "on-track" if ok else "lagging"
        elif latest_year >= ty:
            out["status"] = "met" if meets(latest.value, target, higher) else "missed"
        return out
    out["status"] = "no-data"
    return out


def _yearly(
    targets: list[Figure], actuals: list[Figure], ctx: Context, higher: bool
) -> dict[str, Any] | None:
    """Yearly reports: each year's target against that year's actual, reported later.

    Used when no five-year plan sets the chain's target and targets are set for several
    years; the chain's verdict is that of the latest year that can be judged, and every
    year's check is kept."""
    if not targets or any(ctx.doc_kinds.get(t.doc) == "five-year-plan" for t in targets):
        return None
    units: dict[str, int] = {}
    for t in targets:
        units[t.unit] = units.get(t.unit, 0) + 1
    unit = max(units, key=lambda u: (units[u], u))
    per_year: dict[int, Figure] = {}
    annual = [t for t in targets if t.unit == unit and _year(t, ctx) == ctx.doc_years.get(t.doc)]
    for t in sorted(annual, key=lambda t: t.doc_order):
        per_year.setdefault(_year(t, ctx), t)  # the first statement of a year's target
    if len(per_year) < 2:
        return None
    checks = []
    for year, t in sorted(per_year.items()):
        reported = [
            a
            for a in actuals
            if a.unit == unit and _year(a, ctx) == year and a.doc_order >= t.doc_order
        ]
        if not reported:
            continue
        a = max(reported, key=lambda f: f.doc_order)  # the latest report of that year
        checks.append(
            {
                "year": year,
                "target": t.shown(t.value),
                "qualifier": t.qualifier,
                "actual": t.shown(a.value),
                "estimate": a.estimate,
                "status": "met" if meets(a.value, t, higher) else "missed",
                "ratio": _ratio(a.value, t, higher),
                "evidence": [t.statement, a.statement],
            }
        )
    if not checks:
        latest = per_year[max(per_year)]
        return {
            "status": "no-data",
            "target": latest.shown(latest.value),
            "target_hi": None,
            "unit": latest.shown_unit or latest.unit,
            "qualifier": latest.qualifier,
            "target_year": max(per_year),
            "target_doc": latest.doc,
            "evidence": [latest.statement],
            "checks": [],
            "met_years": 0,
            "pending_year": max(per_year),
            "note": "yearly targets; no later report of them",
        }
    last: dict[str, Any] = checks[-1]
    t = per_year[last["year"]]
    pending = [y for y in per_year if y > last["year"]]
    return {
        "status": last["status"],
        "target": last["target"],
        "target_hi": None,
        "unit": t.shown_unit or t.unit,
        "qualifier": t.qualifier,
        "target_year": last["year"],
        "target_doc": t.doc,
        "actual": last["actual"],
        "actual_year": last["year"],
        "estimate": last["estimate"],
        "ratio": last["ratio"],
        "evidence": last["evidence"],
        "aspirational": any(w in (t.qualifier + t.text) for w in ASPIRATIONAL),
        "checks": checks,
        "met_years": sum(c["status"] == "met" for c in checks),
        "pending_year": max(pending) if pending else None,
    }


def _running_sums(by_year: dict[int, Figure], target: Figure) -> dict[int, Figure]:
    """Yearly figures turned into totals since the plan began, for 累计 targets."""
    out, total = {}, 0.0
    for year in sorted(by_year):
        f = by_year[year]
        total += f.value
        out[year] = Figure(
            statement=f.statement,
            doc=f.doc,
            doc_order=f.doc_order,
            role="actual",
            year=f.year,
            value=total,
            value_hi=None,
            unit=f.unit,
            qualifier=f.qualifier,
            estimate=f.estimate,
            text=f.text,
            scale=f.scale,
            shown_unit=f.shown_unit,
        )
    return out


def _baseline(baselines: list[Figure], target: Figure, ctx: Context) -> Figure | None:
    same = [b for b in baselines if _same_unit(b, target) and _year(b, ctx) < _year(target, ctx)]
    return min(same, key=lambda b: (b.doc_order != target.doc_order, _year(b, ctx)), default=None)


def _with(
    out: dict[str, Any], status: str, actual: Figure, target: Figure, higher: bool
) -> dict[str, Any]:
    out.update(
        status=status,
        actual=target.shown(actual.value),
        actual_year=actual.year,
        actual_doc=actual.doc,
        estimate=actual.estimate,
        ratio=_ratio(actual.value, target, higher),
    )
    if actual.statement not in out["evidence"]:
        out["evidence"].append(actual.statement)
    return out


def window(
    text: str, anchors: list[str], reach: int = 12, before: int | None = None, strict: bool = False
) -> str:
    """The words around the first anchor found in ``text``; all of it if none is found,
    or nothing when ``strict``.

    Chinese puts the predicate after its subject (X项目全面开工), so by default the window
    reaches further after the anchor than before it."""
    back = reach if before is None else before
    for anchor in anchors:
        at = text.find(anchor)
        if at >= 0:
            return text[max(0, at - back) : at + len(anchor) + reach]
    return "" if strict else text


def judge_wording(
    members: list[tuple[str, str, str, str | None]],
    ctx: Context,
    anchors: list[str] | None = None,
    project: bool = False,
) -> dict[str, Any]:
    """The verdict for a qualitative chain from its wording: (statement, doc, text, role),
    read near the chain's name (``anchors``) so that other goals in a long sentence do
    not count."""
    if not members:
        return {"status": "no-data"}
    members = [
        (sid, doc, window(text, anchors or [], 12, 4, strict=bool(anchors)), role)
        for sid, doc, text, role in members
    ]
    first_doc = members[0][1]
    aims = [m for m in members if AIM.search(m[2]) and not DONE.search(m[2])]
    later = [m for m in members if m[1] != first_doc or m[3] == "actual"]
    finished = PROJECT_DONE if project else DONE
    done = [m for m in later if finished.search(m[2]) and (not aims or m is not aims[0])]
    out: dict[str, Any] = {"evidence": [members[0][0]]}
    if aims and done and ctx.doc_years.get(done[-1][1], 0) >= ctx.doc_years.get(aims[0][1], 0):
        out["status"] = "met"
        out["evidence"] = [aims[0][0], done[-1][0]]
        return out
    # Still spoken of in the newest documents: under way; otherwise no later news.
    recent = members[-1][1] in ctx.latest_docs if ctx.latest_docs else True
    out["status"] = "on-track" if len({m[1] for m in members}) > 1 and recent else "no-data"
    out["evidence"] = [members[0][0], members[-1][0]]
    return out


def finish(verdict: dict[str, Any], docs: list[str], ctx: Context) -> dict[str, Any]:
    """Chain-level statuses that depend on where in the corpus a chain appears."""
    if docs and all(d == ctx.newest for d in docs) and len(ctx.doc_years) > 1:
        verdict["status"] = "new"
    elif (
        verdict.get("status") == "no-data"
        and ctx.latest_docs
        and not set(docs) & set(ctx.latest_docs)
        and verdict.get("target") is not None
    ):
        verdict["status"] = "dropped"
    return verdict
