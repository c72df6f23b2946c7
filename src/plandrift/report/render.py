"""Reports of the goals: markdown (for people and GitHub job summaries), JSON and CSV.

Every goal is shown with its promises, one row each, in time: the target, the year or
period it is for, the actual that judged it, the verdict and why. Output is stable: the same
database and filter give the same bytes (sorted, no timestamps, UTF-8, LF).
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from plandrift.compare import drift as drift_mod
from plandrift.compare.models import Promise, Status
from plandrift.compare.query import ChainFilter, ChainRow, all_promises, chain_drift, list_chains

from . import safe, text
from .export import SCHEMA_VERSION, promise_dict

STATUS_ORDER = tuple(str(s) for s in Status)
FAIL_NAMES = STATUS_ORDER + drift_mod.LABELS


@dataclass
class Goal:
    """A goal as a report shows it: the chain, its promises in time, its drift steps."""

    chain: ChainRow
    promises: list[Promise] = field(default_factory=list)
    drift: list[dict[str, Any]] = field(default_factory=list)

    @property
    def labels(self) -> set[str]:
        return {lab for s in self.drift for lab in s["labels"]}


@dataclass(frozen=True)
class Failure:
    """What a --fail-on check matched: a promise's status, or a goal's drift label."""

    goal: Goal
    promise: Promise | None
    names: tuple[str, ...]


def goals(db: sqlite_utils.Database, flt: ChainFilter) -> list[Goal]:
    chains = list_chains(db, flt)
    wanted = {c.id for c in chains}
    by_chain: dict[str, list[Promise]] = defaultdict(list)
    for p in all_promises(db):
        if p.chain in wanted:
            by_chain[p.chain].append(p)
    return [Goal(c, by_chain.get(c.id, []), chain_drift(db, c.id)) for c in chains]


def failures(found: list[Goal], names: set[str]) -> list[Failure]:
    """Promises whose status, and goals whose drift labels, are among ``names``."""
    out = []
    for g in found:
        for p in g.promises:
            if str(p.status) in names:
                out.append(Failure(g, p, (str(p.status),)))
        if not g.promises and g.chain.status in names:
            out.append(Failure(g, None, (g.chain.status,)))
        drifted = tuple(sorted(g.labels & names))
        if drifted:
            out.append(Failure(g, None, drifted))
    return out


def matching(db: sqlite_utils.Database, flt: ChainFilter, names: set[str]) -> list[str]:
    """Ids of the goals a --fail-on check matches (a goal fails when one promise does)."""
    return list(dict.fromkeys(f.goal.chain.id for f in failures(goals(db, flt), names)))


# -- markdown --------------------------------------------------------------------------------


def cell(value: Any) -> str:
    """Markdown text (a table cell, a heading) that renders as written: see safe.markdown."""
    return safe.markdown(value)


def goal_cell(c: ChainRow) -> safe.Markdown:
    """A goal's title and its id as a code span (a place in the id stays text)."""
    return safe.Markdown(f"{cell(c.title)} {safe.code(c.id, in_table=True)}")


def row(cells: list[Any]) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def marked(ops: list[list[str]]) -> str:
    """One diff as text with <del>/<ins> marks (HTML-escaped, pipes escaped)."""
    out = []
    for tag, old, new in ops:
        if tag == "equal":
            out.append(cell(old))
            continue
        if old:
            out.append(f"<del>{cell(old)}</del>")
        if new:
            out.append(f"<ins>{cell(new)}</ins>")
    return "".join(out)


def counts(found: list[Goal]) -> dict[str, tuple[int, int]]:
    """Status -> (goals with that status, promises with it), in the order of Status."""
    g: dict[str, int] = defaultdict(int)
    p: dict[str, int] = defaultdict(int)
    for goal in found:
        g[goal.chain.status] += 1
        for pr in goal.promises:
            p[str(pr.status)] += 1
    return {s: (g[s], p[s]) for s in STATUS_ORDER if g.get(s) or p.get(s)}


PROMISE_HEADER = ["goal", "promise", "for", "reported", "verdict", "why"]


def promise_cells(goal: Goal, p: Promise | None, first: bool) -> list[str]:
    title = goal_cell(goal.chain) if first else ""
    if p is None:
        return [title, "", "", "", goal.chain.status, "no target stated"]
    used = "; ".join(text.actual(a) for a in p.actuals)
    verdict = safe.Markdown(f"**{cell(p.status)}**") if p.status.decisive else str(p.status)
    if p.headline and len(goal.promises) > 1:
        verdict += " ★"
    return [title, text.target(p), text.when(p), used, verdict, p.reason]


def render_markdown(
    db: sqlite_utils.Database, flt: ChainFilter, fail_on: set[str] | None = None
) -> str:
    """The report for people and CI job summaries: what failed first, then the counts, then
    every goal's promises by area, then the wording drift folded away."""
    found = goals(db, flt)
    lines = ["# plandrift report", ""]
    if fail_on:
        lines += _failing(failures(found, fail_on), fail_on)
    lines += ["| status | goals | promises |", "|---|---:|---:|"]
    lines += [f"| {s} | {g} | {p} |" for s, (g, p) in counts(found).items()]
    total = sum(len(g.promises) for g in found)
    lines += [f"| **all** | {len(found)} | {total} |", ""]
    lines += ["★ marks the promise that gives a goal its status.", ""]
    by_area: dict[str, list[Goal]] = defaultdict(list)
    for g in found:
        by_area[g.chain.area or "其他"].append(g)
    for area in sorted(by_area):
        rows = by_area[area]
        lines += [
            f"## {cell(area)} ({len(rows)})",
            "",
            row(PROMISE_HEADER),
            "|" + "---|" * len(PROMISE_HEADER),
        ]
        for g in rows:
            for i, p in enumerate(g.promises or [None]):
                cells = promise_cells(g, p, i == 0)
                if i == 0 and g.chain.reviewed:
                    cells[0] += " ✓"
                lines.append(row(cells))
        lines.append("")
    lines += _drift_section(found)
    lines += _reviews(db, {g.chain.id: g.chain.title for g in found})
    return "\n".join(lines).rstrip("\n") + "\n"


def _failing(hits: list[Failure], names: set[str]) -> list[str]:
    listed = ", ".join(sorted(names))
    if not hits:
        return [f"**No promise matches --fail-on {cell(listed)}.**", ""]
    out = [
        f"## Failing: {len(hits)} match --fail-on {cell(listed)}",
        "",
        row(["goal", "promise", "for", "reported", "matched", "why"]),
        "|---|---|---|---|---|---|",
    ]
    for f in hits:
        if f.promise is not None:
            cells = promise_cells(f.goal, f.promise, True)
            cells[4] = str(f.promise.status)
        else:
            cells = [
                goal_cell(f.goal.chain),
                "",
                "",
                "",
                ", ".join(f.names),
                "wording drift" if f.goal.labels & set(f.names) else "no target stated",
            ]
        out.append(row(cells))
    return out + [""]


def _drift_section(found: list[Goal]) -> list[str]:
    changed = [g for g in found if g.chain.drift_score and any(s["labels"] for s in g.drift)]
    if not changed:
        return []
    out = ["## Wording drift", ""]
    for g in sorted(changed, key=lambda g: (-(g.chain.drift_score or 0), g.chain.id)):
        steps = [s for s in g.drift if s.get("labels")]
        out += [
            f"### {cell(g.chain.title)} {safe.code(g.chain.id)} (drift {g.chain.drift_score:.2f})",
            "",
            ", ".join(sorted(g.labels)),
            "",
            "<details><summary>wordings, step by step</summary>",
            "",
        ]
        for s in steps:
            renamed = (
                f" ({cell(s['renamed'][0])} → {cell(s['renamed'][1])})" if s.get("renamed") else ""
            )
            out.append(
                f"- {cell(s['from_doc'])} → {cell(s['to_doc'])}: "
                f"{cell(', '.join(s['labels']))}{renamed}"
            )
            out.append(f"  {marked(s['ops'])}")
        out += ["", "</details>", ""]
    return out


def _reviews(db: sqlite_utils.Database, titles: dict[str, str]) -> list[str]:
    """Human decisions on the goals shown (no timestamps: the report stays stable)."""
    rows = [r for r in db.query("select * from reviews order by id") if r["chain"] in titles]
    if not rows:
        return []
    out = ["## Reviews", "", "| goal | statement | decision | note |", "|---|---|---|---|"]
    out += [
        f"| {cell(titles[r['chain']])} {safe.code(r['chain'], in_table=True)} | "
        f"{cell(r['statement'] or '')} | "
        f"{cell(r['decision'] or 'note')} | {cell(r['note'] or '')} |"
        for r in rows
    ]
    return out + [""]


# -- JSON and CSV ----------------------------------------------------------------------------


def goal_dict(g: Goal) -> dict[str, Any]:
    c = g.chain
    return {
        "id": c.id,
        "title": c.title,
        "metric": c.metric,
        "area": c.area,
        "kind": c.kind,
        "status": c.status,
        "binding": c.binding,
        "years": c.years,
        "docs": c.docs,
        "headline": c.headline.id if c.headline else None,
        "promises": [promise_dict(p) for p in g.promises],
        "drift_score": c.drift_score,
        "drift": [
            {k: s[k] for k in ("from", "to", "from_doc", "to_doc", "labels", "changed")}
            for s in g.drift
        ],
        "members": c.members,
        "reviewed": c.reviewed,
    }


def render_json(
    db: sqlite_utils.Database, flt: ChainFilter, fail_on: set[str] | None = None
) -> str:
    found = goals(db, flt)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "counts": {s: {"goals": g, "promises": p} for s, (g, p) in counts(found).items()},
        "chains": [goal_dict(g) for g in found],
    }
    if fail_on:
        data["failing"] = [
            {
                "goal": f.goal.chain.id,
                "promise": f.promise.id if f.promise else None,
                "matched": list(f.names),
            }
            for f in failures(found, fail_on)
        ]
    return safe.dumps(data, indent=1, sort_keys=True) + "\n"


CSV_FIELDS = (
    "id",
    "area",
    "title",
    "metric",
    "status",
    "binding",
    "target",
    "unit",
    "target_year",
    "actual",
    "actual_year",
    "ratio",
    "promises",
    "drift_score",
    "drift_labels",
    "docs",
    "members",
)


def render_csv(db: sqlite_utils.Database, flt: ChainFilter, fail_on: set[str] | None = None) -> str:
    """One row per goal, its headline promise's figures beside it."""
    buf = io.StringIO()
    w = safe.csv_writer(buf)
    w.writerow(CSV_FIELDS)
    for g in goals(db, flt):
        c, p = g.chain, g.chain.headline
        last = p.actuals[-1] if p and p.actuals else None
        w.writerow(
            [
                c.id,
                c.area,
                c.title,
                c.metric or "",
                c.status,
                int(c.binding),
                text.number(p.target) if p else "",
                p.unit if p else "",
                text.when(p) if p else "",
                text.number(last.value) if last else "",
                last.year if last else "",
                "" if not p or p.ratio is None else p.ratio,
                len(g.promises),
                c.drift_score or 0,
                ";".join(sorted(g.labels)),
                ";".join(c.docs),
                c.members,
            ]
        )
    return buf.getvalue()


PROMISE_FIELDS = (
    "goal",
    "goal_title",
    "promise",
    "statement",
    "doc",
    "indicator",
    "measure",
    "target",
    "target_value",
    "target_hi",
    "unit",
    "qualifier",
    "year",
    "period_start",
    "period_end",
    "status",
    "headline",
    "actuals",
    "actual_years",
    "value",
    "ratio",
    "expected",
    "coverage",
    "binding",
    "aspirational",
    "estimate",
    "partial",
    "reason",
    "evidence",
)


def render_promises_csv(
    db: sqlite_utils.Database, flt: ChainFilter, fail_on: set[str] | None = None
) -> str:
    """One row per promise: what analysts pivot on."""
    buf = io.StringIO()
    w = safe.csv_writer(buf)
    w.writerow(PROMISE_FIELDS)
    for g in goals(db, flt):
        for p in g.promises:
            w.writerow(
                [
                    g.chain.id,
                    g.chain.title,
                    p.id,
                    p.statement,
                    p.doc,
                    p.indicator,
                    str(p.measure),
                    text.target(p),
                    text.number(p.target),
                    text.number(p.target_hi),
                    p.unit,
                    p.qualifier,
                    p.year or "",
                    p.period[0] if p.period else "",
                    p.period[1] if p.period else "",
                    str(p.status),
                    int(p.headline),
                    ";".join(a.written for a in p.actuals),
                    ";".join(str(a.year) for a in p.actuals),
                    text.number(p.value),
                    "" if p.ratio is None else p.ratio,
                    text.number(p.expected),
                    ";".join(map(str, p.coverage)),
                    int(p.binding),
                    int(p.aspirational),
                    int(p.estimate),
                    int(p.partial),
                    p.reason,
                    ";".join(p.evidence),
                ]
            )
    return buf.getvalue()


Renderer = Callable[[sqlite_utils.Database, ChainFilter, "set[str] | None"], str]
RENDERERS: dict[str, Renderer] = {
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
    "promises-csv": render_promises_csv,
}
