"""Reports of the chains: markdown (for people and GitHub job summaries), JSON and CSV.

Output is stable: the same database and filter give the same bytes (sorted, no timestamps,
UTF-8, LF), so two runs diff cleanly in CI.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from plandrift.compare import drift as drift_mod
from plandrift.compare import progress
from plandrift.compare.query import ChainFilter, ChainRow, list_chains

STATUS_ORDER = progress.STATUSES
FAIL_NAMES = tuple(STATUS_ORDER) + drift_mod.LABELS


@dataclass
class DocCol:
    id: str
    year: int
    kind: str


def _docs(db: sqlite_utils.Database) -> list[DocCol]:
    return [
        DocCol(r["id"], r["year"] or 0, r["kind"] or "")
        for r in db.query("select id, year, kind from documents order by year, position")
    ]


def _figures(db: sqlite_utils.Database, chain_ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """chain -> document -> the chain's numbers as written in that document."""
    out: dict[str, dict[str, list[str]]] = defaultdict(dict)
    if not chain_ids:
        return out
    wanted = set(chain_ids)
    for r in db.query("select chain, doc, figures from chain_members order by chain, position"):
        if r["chain"] not in wanted:
            continue
        shown = json.loads(r["figures"] or "[]")
        cell = out[r["chain"]].setdefault(r["doc"], [])
        cell.extend(f for f in shown if f not in cell)
    return out


def _drift(db: sqlite_utils.Database, chain_id: str) -> list[dict[str, Any]]:
    r = next(iter(db.query("select drift from chains where id = ?", [chain_id])), None)
    return json.loads(r["drift"]) if r and r["drift"] else []


def cell(text: Any) -> str:
    """A markdown table cell: pipes escaped, no line breaks, HTML-safe."""
    s = "" if text is None else str(text)
    return html.escape(s, quote=False).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _num(v: Any) -> str:
    if v is None:
        return ""
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:g}"


def plan_target(p: dict[str, Any] | None) -> str:
    if not p or p.get("target") is None:
        return ""
    value = _num(p["target"]) + (f"-{_num(p['target_hi'])}" if p.get("target_hi") else "")
    qual = p.get("qualifier") or ""
    shown = f"{value}{p.get('unit') or ''}{qual if qual in ('以上', '左右', '以内') else ''}"
    if p.get("aspirational"):
        shown = f"力争 {shown}"
    return f"{shown} ({p['target_year']})" if p.get("target_year") else shown


def progress_text(p: dict[str, Any] | None) -> str:
    if not p:
        return ""
    parts = []
    if p.get("ratio") is not None:
        parts.append(f"{p['ratio']:.1%}")
    if p.get("actual") is not None:
        est = " 预计" if p.get("estimate") else ""
        year = f" ({p['actual_year']}{est})" if p.get("actual_year") else est
        parts.append(f"{_num(p['actual'])}{p.get('unit') or ''}{year}")
    if p.get("expected") is not None:
        parts.append(f"path {_num(p['expected'])}")
    if p.get("rolled_to"):
        parts.append(f"→ {p['rolled_to']}")
    if p.get("revised_to") is not None:
        parts.append(f"revised to {_num(p['revised_to'])}")
    if p.get("checks"):
        parts.append(f"met {p.get('met_years', 0)}/{len(p['checks'])} years")
    if p.get("binding"):
        parts.append("约束性")
    return "; ".join(parts)


def counts(chains: list[ChainRow]) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for c in chains:
        found[c.status] += 1
    return {s: found[s] for s in STATUS_ORDER if found.get(s)} | {
        s: n for s, n in sorted(found.items()) if s not in STATUS_ORDER
    }


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


def render_markdown(db: sqlite_utils.Database, flt: ChainFilter) -> str:
    """The report for people and CI job summaries."""
    chains = list_chains(db, flt)
    docs = _docs(db)
    figures = _figures(db, [c.id for c in chains])
    lines = ["# plandrift report", ""]
    total = counts(chains)
    lines += ["| status | goals |", "|---|---:|"]
    lines += [f"| {s} | {n} |" for s, n in total.items()]
    lines += [f"| **all** | {len(chains)} |", ""]
    by_area: dict[str, list[ChainRow]] = defaultdict(list)
    for c in chains:
        by_area[c.area or "其他"].append(c)
    for area in sorted(by_area):
        rows = by_area[area]
        used = {d for c in rows for d in c.docs}
        cols = [d for d in docs if d.id in used]
        lines += [f"## {cell(area)} ({len(rows)})", ""]
        header = (
            ["goal", "plan target"] + [f"{d.id} ({d.year})" for d in cols] + ["status", "progress"]
        )
        lines.append("| " + " | ".join(cell(h) for h in header) + " |")
        lines.append("|" + "---|" * len(header))
        for c in rows:
            per_doc = figures.get(c.id, {})
            values = [
                ", ".join(per_doc[d.id]) if per_doc.get(d.id) else ("·" if d.id in c.docs else "")
                for d in cols
            ]
            status = c.status + (" ✓" if c.reviewed else "")
            row = (
                [f"{c.title} `{c.id}`", plan_target(c.progress)]
                + values
                + [status, progress_text(c.progress)]
            )
            lines.append("| " + " | ".join(cell(v) for v in row) + " |")
        lines.append("")
    changed = [c for c in chains if c.drift_score]
    if changed:
        lines += ["## Wording drift", ""]
        for c in sorted(changed, key=lambda c: (-(c.drift_score or 0), c.id)):
            steps = [s for s in _drift(db, c.id) if s.get("labels")]
            if not steps:
                continue
            labels = sorted({lab for s in steps for lab in s["labels"]})
            lines += [
                f"### {cell(c.title)} `{c.id}` (drift {c.drift_score:.2f})",
                "",
                ", ".join(labels),
                "",
                "<details><summary>wordings, step by step</summary>",
                "",
            ]
            for s in steps:
                renamed = f" ({s['renamed'][0]} → {s['renamed'][1]})" if s.get("renamed") else ""
                lines.append(
                    f"- {s['from_doc']} → {s['to_doc']}: {', '.join(s['labels'])}{renamed}"
                )
                lines.append(f"  {marked(s['ops'])}")
            lines += ["", "</details>", ""]
    lines += _reviews(db, {c.id: c.title for c in chains})
    return "\n".join(lines).rstrip("\n") + "\n"


def _reviews(db: sqlite_utils.Database, titles: dict[str, str]) -> list[str]:
    """Human decisions on the goals shown (no timestamps: the report stays stable)."""
    rows = [r for r in db.query("select * from reviews order by id") if r["chain"] in titles]
    if not rows:
        return []
    out = ["## Reviews", "", "| goal | statement | decision | note |", "|---|---|---|---|"]
    out += [
        f"| {cell(titles[r['chain']])} `{r['chain']}` | {cell(r['statement'] or '')} | "
        f"{cell(r['decision'] or 'note')} | {cell(r['note'] or '')} |"
        for r in rows
    ]
    return out + [""]


def chain_dicts(db: sqlite_utils.Database, flt: ChainFilter) -> list[dict[str, Any]]:
    chains = list_chains(db, flt)
    figures = _figures(db, [c.id for c in chains])
    out = []
    for c in chains:
        steps = _drift(db, c.id)
        out.append(
            {
                "id": c.id,
                "title": c.title,
                "metric": c.metric,
                "area": c.area,
                "kind": c.kind,
                "status": c.status,
                "binding": c.binding,
                "years": c.years,
                "docs": c.docs,
                "progress": c.progress,
                "drift_score": c.drift_score,
                "drift": [
                    {k: s[k] for k in ("from", "to", "from_doc", "to_doc", "labels", "changed")}
                    for s in steps
                ],
                "figures": figures.get(c.id, {}),
                "members": c.members,
                "reviewed": c.reviewed,
            }
        )
    return out


def render_json(db: sqlite_utils.Database, flt: ChainFilter) -> str:
    data = {"counts": counts(list_chains(db, flt)), "chains": chain_dicts(db, flt)}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


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
    "drift_score",
    "drift_labels",
    "docs",
    "members",
)


def render_csv(db: sqlite_utils.Database, flt: ChainFilter) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for c in chain_dicts(db, flt):
        p = c["progress"] or {}
        labels = sorted({lab for s in c["drift"] for lab in s["labels"]})
        w.writerow(
            [
                c["id"],
                c["area"],
                c["title"],
                c["metric"] or "",
                c["status"],
                int(c["binding"]),
                _num(p.get("target")),
                p.get("unit") or "",
                p.get("target_year") or "",
                _num(p.get("actual")),
                p.get("actual_year") or "",
                "" if p.get("ratio") is None else p["ratio"],
                c["drift_score"] or 0,
                ";".join(labels),
                ";".join(c["docs"]),
                c["members"],
            ]
        )
    return buf.getvalue()


RENDERERS = {"markdown": render_markdown, "json": render_json, "csv": render_csv}


def matching(db: sqlite_utils.Database, flt: ChainFilter, names: set[str]) -> list[str]:
    """Ids of chains whose status or drift labels are among ``names`` (for --fail-on)."""
    hits = []
    for c in chain_dicts(db, flt):
        labels = {lab for s in c["drift"] for lab in s["labels"]}
        if c["status"] in names or labels & names:
            hits.append(c["id"])
    return hits
