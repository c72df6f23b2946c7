"""Reports of the goals: markdown (for people and GitHub job summaries), JSON and CSV.

A goal reads in time: for each year, the promise made for it (a five-year plan's marked as
the plan's target, any other as a target) and the figure reported for it (marked as an
actual, with 预计 and a partial year such as 1-10月), the verdict, and the document each
came from; the plan's own target also has its own column. Reported figures are progress;
drift is between promises only. Output is stable: the same database and options give the
same bytes (sorted, no timestamps, UTF-8, LF); the markdown fits a byte limit (GitHub's job
summary takes 1 MiB) by leaving out the least important parts first, and says what it left.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from plandrift.compare import drift as drift_mod
from plandrift.compare.models import Actual, DriftStep, Promise, Status
from plandrift.compare.query import (
    ChainFilter,
    ChainRow,
    all_drift,
    all_promises,
    chain_progress,
    list_chains,
    list_documents,
)
from plandrift.compare.store import drift_dict
from plandrift.corpus.errors import BadInput
from plandrift.corpus.models import Kind

from . import safe, text
from .budget import MIB, Block, fit
from .export import SCHEMA_VERSION, actual_dict, chain_dict, promise_dict

STATUS_ORDER = tuple(str(s) for s in Status)
FAIL_NAMES = STATUS_ORDER + drift_mod.LABELS
FORMATS = ("markdown", "json", "csv", "promises-csv")
DEFAULT_MAX_BYTES = MIB  # GitHub's job-summary limit


@dataclass
class Goal:
    """A goal as a report shows it: the chain, its promises and reported figures in time,
    its drift steps (promise against promise)."""

    chain: ChainRow
    promises: list[Promise] = field(default_factory=list)
    drift: list[DriftStep] = field(default_factory=list)
    progress: list[Actual] = field(default_factory=list)

    @property
    def labels(self) -> set[str]:
        return {str(lab) for s in self.drift for lab in s.labels}


@dataclass(frozen=True)
class Failure:
    """What a --fail-on check matched: a promise's status, or a goal's drift label."""

    goal: Goal
    promise: Promise | None
    names: tuple[str, ...]


@dataclass(frozen=True)
class YearRow:
    """One line of a goal in time: a promise for a year (with the actuals that judged it),
    or the figures reported for a year that no promise of that year used."""

    when: str
    promise: Promise | None
    reported: tuple[Actual, ...]


def goals(db: sqlite_utils.Database, flt: ChainFilter) -> list[Goal]:
    chains = list_chains(db, flt)
    wanted = {c.id for c in chains}
    by_chain: dict[str, list[Promise]] = defaultdict(list)
    for p in all_promises(db):
        if p.chain in wanted:
            by_chain[p.chain].append(p)
    drift = all_drift(db)
    progress = chain_progress(db)
    return [
        Goal(c, by_chain.get(c.id, []), drift.get(c.id, []), progress.get(c.id, [])) for c in chains
    ]


def plan_docs(db: sqlite_utils.Database) -> frozenset[str]:
    """The five-year plans: their targets are the plan's targets."""
    return frozenset(d.id for d in list_documents(db) if d.kind == Kind.FIVE_YEAR_PLAN)


def plan_targets(goal: Goal, plans: frozenset[str]) -> list[Promise]:
    """The goal's five-year-plan targets for the plan's horizon (its latest year)."""
    own = [p for p in goal.promises if p.doc in plans and p.year is not None]
    if not own:
        return []
    horizon = max(p.year or 0 for p in own)
    return [p for p in own if p.year == horizon]


def year_rows(goal: Goal) -> list[YearRow]:
    """The goal in time: each year's promises, then what else was reported for that year."""
    used = {(a.statement, a.year, a.written) for p in goal.promises for a in p.actuals}
    years: dict[int, list[YearRow]] = defaultdict(list)
    undated: list[YearRow] = []
    for p in goal.promises:
        row = YearRow(text.when(p), p, p.actuals)
        (years[p.year] if p.year is not None else undated).append(row)
    extra: dict[int, list[Actual]] = defaultdict(list)
    for a in goal.progress:
        if (a.statement, a.year, a.written) not in used:
            extra[a.year].append(a)
    for year, found in extra.items():
        years[year].append(YearRow(str(year), None, tuple(_dedupe(found))))
    return [r for y in sorted(years) for r in years[y]] + undated


def _dedupe(found: Iterable[Actual]) -> list[Actual]:
    """One figure once: the same value for the same year and period, latest document last."""
    by_key: dict[tuple[str, str, bool], Actual] = {}
    for a in found:
        by_key[(a.written, a.partial, a.estimate)] = a
    return list(by_key.values())


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
    # What was decided (missed, lagging) before what is open (dropped, no-data), before drift:
    # a CI reader sees the broken promises first, whatever else the check also matched.
    return sorted(out, key=_urgency)


def _urgency(f: Failure) -> int:
    if f.promise is None:
        return 2
    return 0 if f.promise.status.decisive or f.promise.status is Status.LAGGING else 1


def matching(db: sqlite_utils.Database, flt: ChainFilter, names: set[str]) -> list[str]:
    """Ids of the goals a --fail-on check matches (a goal fails when one promise does)."""
    return list(dict.fromkeys(f.goal.chain.id for f in failures(goals(db, flt), names)))


# -- markdown --------------------------------------------------------------------------------


def cell(value: Any) -> str:
    """Markdown text (a table cell, a heading) that renders as written: see safe.markdown."""
    return safe.markdown(value)


def row(cells: list[Any]) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def marked(ops: Sequence[Sequence[str]]) -> str:
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


YEAR_HEADER = ["goal", "plan target", "year", "promised", "reported", "verdict", "why"]
FAILING_HEADER = ["goal", "promise", "for", "reported", "matched", "why"]
# What the byte limit leaves out first: the higher, the sooner.
RANK_FAILING, RANK_DECISIVE, RANK_OPEN, RANK_NO_TARGET = 1, 2, 3, 4
RANK_DRIFT, RANK_PROGRESS, RANK_WORDING = 5, 6, 7


def goal_label(goal: Goal) -> safe.Markdown:
    """A goal's title and its id as a code span (a place in the id stays text)."""
    c = goal.chain
    return safe.Markdown(f"{cell(c.title)} {safe.code(c.id, in_table=True)}") + (
        " ✓" if c.reviewed else ""
    )


def verdict_cell(goal: Goal, p: Promise) -> str:
    verdict = safe.Markdown(f"**{cell(p.status)}**") if p.status.decisive else str(p.status)
    return verdict + (" ★" if p.headline and len(goal.promises) > 1 else "")


def promise_line(p: Promise, plans: frozenset[str]) -> str:
    return text.promised(p, p.doc in plans)


def reported_line(found: Sequence[Actual], period: bool) -> str:
    return "; ".join(text.reported(a, year=period) for a in found)


def _goal_rows(goal: Goal, plans: frozenset[str], fail_on: set[str]) -> list[tuple[int, list[str]]]:
    """Each row of a goal's table with its rank; the goal and plan cells are left empty here
    and filled on whichever row of the goal comes first after trimming."""
    rows: list[tuple[int, list[str]]] = []
    for r in year_rows(goal):
        p = r.promise
        if p is None:
            rows.append((RANK_PROGRESS, [r.when, "", reported_line(r.reported, False), "", ""]))
            continue
        rank = (
            RANK_FAILING
            if str(p.status) in fail_on
            else RANK_DECISIVE
            if p.status.decisive or p.status in (Status.ON_TRACK, Status.LAGGING)
            else RANK_OPEN
        )
        cells = [
            r.when,
            promise_line(p, plans),
            reported_line(r.reported, p.period is not None),
            verdict_cell(goal, p),
            p.reason,
        ]
        rows.append((rank, cells))
    if not rows:
        rows.append((RANK_NO_TARGET, ["", "", "", goal.chain.status, "no target stated"]))
    return rows


PLAN_CELL_MAX = 2  # plan targets named in the goal's plan-target cell; the rest are counted


def _plan_cell(goal: Goal, plans: frozenset[str]) -> str:
    found = sorted(plan_targets(goal, plans), key=lambda p: not p.headline)
    shown = list(dict.fromkeys(f"{text.target(p)} for {text.when(p)}" for p in found))
    more = f" (+{len(shown) - PLAN_CELL_MAX} more)" if len(shown) > PLAN_CELL_MAX else ""
    return "; ".join(shown[:PLAN_CELL_MAX]) + more + (f" · {found[0].doc}" if found else "")


def render_markdown(
    db: sqlite_utils.Database,
    flt: ChainFilter,
    fail_on: set[str] | None = None,
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> str:
    """The report for people and CI job summaries: what failed first, then the counts, then
    every goal in time by area, then the drift between promises with the wordings folded
    away. Under ``max_bytes`` (None or 0: no limit) by leaving out, in this order, wording
    diffs, reported figures no promise used, drift steps, goals without a target, open
    promises, decided ones; the failing promises go last of all."""
    found = goals(db, flt)
    fail = set(fail_on or ())
    plans = plan_docs(db)
    blocks = [Block(("# plandrift report", ""))]
    if fail_on:
        blocks += _failing(failures(found, fail), fail, plans)
    blocks.append(Block((), note=True))
    head = ["| status | goals | promises |", "|---|---:|---:|"]
    head += [f"| {s} | {g} | {p} |" for s, (g, p) in counts(found).items()]
    total = sum(len(g.promises) for g in found)
    head += [f"| **all** | {len(found)} | {total} |", ""]
    head += [
        "Each row is a year of a goal: the promise for it (*plan target* from the five-year "
        "plan, *target* from any other document) and the *actual* reported for it, with the "
        "document each came from. ★ marks the promise that gives a goal its status.",
        "",
    ]
    blocks.append(Block(tuple(head)))
    by_area: dict[str, list[Goal]] = defaultdict(list)
    for g in found:
        by_area[g.chain.area or "其他"].append(g)
    for area in sorted(by_area):
        rows = by_area[area]
        group = f"area:{area}"
        blocks.append(
            Block(
                (
                    f"## {cell(area)} ({len(rows)})",
                    "",
                    row(YEAR_HEADER),
                    "|" + "---|" * len(YEAR_HEADER),
                ),
                group=group,
                header=True,
            )
        )
        for g in rows:
            lead = [goal_label(g), _plan_cell(g, plans)]
            for rank, cells in _goal_rows(g, plans, fail):
                what = "row of reported figures" if rank == RANK_PROGRESS else "goal row"
                blocks.append(
                    Block(
                        (row(["", ""] + cells),),
                        rank,
                        what,
                        group,
                        key=g.chain.id,
                        first=(row(lead + cells),),
                    )
                )
        blocks.append(Block(("",), group=group, header=True))
    blocks += _drift_section(found)
    blocks += _reviews(db, {g.chain.id: g.chain.title for g in found})
    return "\n".join(fit(blocks, max_bytes)).rstrip("\n") + "\n"


def _failing(hits: list[Failure], names: set[str], plans: frozenset[str]) -> list[Block]:
    listed = ", ".join(sorted(names))
    if not hits:
        return [Block((f"**No promise matches --fail-on {cell(listed)}.**", ""))]
    out = [
        Block(
            (
                f"## Failing: {len(hits)} match --fail-on {cell(listed)}",
                "",
                row(FAILING_HEADER),
                "|" + "---|" * len(FAILING_HEADER),
            ),
            group="failing",
            header=True,
        )
    ]
    for f in hits:
        if f.promise is not None:
            p = f.promise
            cells = [
                goal_label(f.goal),
                promise_line(p, plans),
                text.when(p),
                reported_line(p.actuals, p.period is not None),
                str(p.status),
                p.reason,
            ]
        else:
            cells = [
                goal_label(f.goal),
                "",
                "",
                "",
                ", ".join(f.names),
                "drift between promises" if f.goal.labels & set(f.names) else "no target stated",
            ]
        out.append(Block((row(cells),), RANK_FAILING, "failing promise", "failing"))
    out.append(Block(("",), group="failing", header=True))
    return out


def _drift_section(found: list[Goal]) -> list[Block]:
    changed = [g for g in found if any(s.labels for s in g.drift)]
    if not changed:
        return []
    # Not a header: it goes after every step under it (the steps come later, so they go
    # first among blocks of their rank).
    out = [
        Block(
            (
                "## Drift between promises",
                "",
                "Each step holds a promise against the next promise for the same indicator; "
                "reported figures are progress and never drift.",
                "",
            ),
            RANK_DRIFT,
        )
    ]
    for g in sorted(changed, key=lambda g: (-(g.chain.drift_score or 0), g.chain.id)):
        group = f"drift:{g.chain.id}"
        out.append(
            Block(
                (f"### {cell(g.chain.title)} {safe.code(g.chain.id)}", ""),
                group=group,
                header=True,
            )
        )
        for st in g.drift:
            if not st.labels:
                continue
            renamed = f" ({cell(st.renamed[0])} → {cell(st.renamed[1])})" if st.renamed else ""
            labels = ", ".join(str(x) for x in st.labels)
            out.append(
                Block(
                    (f"- **{labels}**{renamed}: {cell(text.step(st))}",),
                    RANK_DRIFT,
                    "drift step",
                    group,
                )
            )
            out.append(
                Block(
                    (f"  <details><summary>wording</summary>{marked(st.ops)}</details>",),
                    RANK_WORDING,
                    "wording diff",
                    group,
                )
            )
        out.append(Block(("",), group=group, header=True))
    return out


def _reviews(db: sqlite_utils.Database, titles: dict[str, str]) -> list[Block]:
    """Human decisions on the goals shown (no timestamps: the report stays stable)."""
    rows = [r for r in db.query("select * from reviews order by id") if r["chain"] in titles]
    if not rows:
        return []
    out = [
        Block(
            ("## Reviews", "", "| goal | statement | decision | note |", "|---|---|---|---|"),
            group="reviews",
            header=True,
        )
    ]
    out += [
        Block(
            (
                f"| {cell(titles[r['chain']])} {safe.code(r['chain'], in_table=True)} | "
                f"{cell(r['statement'] or '')} | "
                f"{cell(r['decision'] or 'note')} | {cell(r['note'] or '')} |",
            ),
            RANK_DECISIVE,
            "review",
            "reviews",
        )
        for r in rows
    ]
    return out + [Block(("",), group="reviews", header=True)]


# -- JSON and CSV ----------------------------------------------------------------------------


def goal_dict(g: Goal, plans: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {
        **chain_dict(g.chain),
        "plan_targets": [p.id for p in plan_targets(g, plans)],
        "promises": [promise_dict(p) for p in g.promises],
        "reported": [actual_dict(a) for a in g.progress],
        "drift": [drift_dict(s) for s in g.drift],
        "members": g.chain.members,
    }


def render_json(
    db: sqlite_utils.Database, flt: ChainFilter, fail_on: set[str] | None = None
) -> str:
    found = goals(db, flt)
    plans = plan_docs(db)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "counts": {s: {"goals": g, "promises": p} for s, (g, p) in counts(found).items()},
        "chains": [goal_dict(g, plans) for g in found],
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


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], bom: bool = True) -> str:
    """CSV every spreadsheet opens: UTF-8 with a byte-order mark (Excel reads BOM-less UTF-8
    as the local code page: 其他 becomes 鍏朵粬), RFC 4180 quoting, LF line ends; pandas and
    csvkit read it as it is (``encoding="utf-8-sig"`` for Python's csv module)."""
    buf = io.StringIO()
    w = safe.csv_writer(buf)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return ("\ufeff" if bom else "") + buf.getvalue()


CSV_FIELDS = (
    "id",
    "area",
    "title",
    "metric",
    "status",
    "binding",
    "plan_target",
    "plan_target_value",
    "plan_target_unit",
    "plan_target_for",
    "plan_target_status",
    "headline_target",
    "headline_doc",
    "headline_for",
    "headline_status",
    "latest_actual",
    "latest_actual_year",
    "latest_actual_partial",
    "latest_actual_estimate",
    "latest_actual_doc",
    "promises",
    "drift_score",
    "drift_labels",
    "docs",
    "members",
)


def render_csv(
    db: sqlite_utils.Database,
    flt: ChainFilter,
    fail_on: set[str] | None = None,
    *,
    bom: bool = True,
) -> str:
    """One row per goal: the five-year plan's own target, the headline promise (the one that
    gives the goal its status, whichever document set it) and the latest reported figure,
    each in columns named for what they are."""
    plans = plan_docs(db)
    rows = []
    for g in goals(db, flt):
        c, head = g.chain, g.chain.headline
        plan = next(iter(plan_targets(g, plans)), None)
        last = g.progress[-1] if g.progress else None
        rows.append(
            [
                c.id,
                c.area,
                c.title,
                c.metric or "",
                c.status,
                int(c.binding),
                text.target(plan) if plan else "",
                text.number(plan.target) if plan else "",
                plan.unit if plan else "",
                text.when(plan) if plan else "",
                str(plan.status) if plan else "",
                text.target(head) if head else "",
                head.doc if head else "",
                text.when(head) if head else "",
                str(head.status) if head else "",
                last.written if last else "",
                last.year if last else "",
                last.partial if last else "",
                int(last.estimate) if last else "",
                last.doc if last else "",
                len(g.promises),
                c.drift_score or 0,
                ";".join(sorted(g.labels)),
                ";".join(c.docs),
                c.members,
            ]
        )
    return write_csv(CSV_FIELDS, rows, bom)


PROMISE_FIELDS = (
    "goal",
    "goal_title",
    "promise",
    "statement",
    "doc",
    "plan",
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
    db: sqlite_utils.Database,
    flt: ChainFilter,
    fail_on: set[str] | None = None,
    *,
    bom: bool = True,
) -> str:
    """One row per promise: what analysts pivot on."""
    plans = plan_docs(db)
    rows = [
        [
            g.chain.id,
            g.chain.title,
            p.id,
            p.statement,
            p.doc,
            int(p.doc in plans),
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
        for g in goals(db, flt)
        for p in g.promises
    ]
    return write_csv(PROMISE_FIELDS, rows, bom)


def render(
    fmt: str,
    db: sqlite_utils.Database,
    flt: ChainFilter,
    fail_on: set[str] | None = None,
    *,
    max_bytes: int | None = None,
    bom: bool = True,
) -> str:
    """The report in ``fmt`` (one of FORMATS). ``max_bytes`` trims the markdown only (None:
    the 1 MiB default; 0: no limit); ``bom`` applies to the CSVs."""
    if fmt == "markdown":
        limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
        return render_markdown(db, flt, fail_on, max_bytes=limit)
    if max_bytes:
        raise BadInput(f"--max-bytes trims markdown only; drop it for --format {fmt}")
    if fmt == "json":
        return render_json(db, flt, fail_on)
    if fmt == "csv":
        return render_csv(db, flt, fail_on, bom=bom)
    if fmt == "promises-csv":
        return render_promises_csv(db, flt, fail_on, bom=bom)
    raise BadInput(f"--format: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
