"""One goal for `plandrift show`: as plain text (its promises with their verdicts and
reasons, what was reported year by year, its statements in time with why each was linked,
the drift between its promises and its reviews) or as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from plandrift.compare.models import Actual
from plandrift.compare.query import ChainDetail, page_label
from plandrift.compare.store import drift_dict

from . import text
from .export import SCHEMA_VERSION, actual_dict, chain_dict, promise_dict


def inline(ops: Sequence[Sequence[str]]) -> str:
    """A diff readable without colour: [-old-]{+new+} like `git diff --word-diff`."""
    out = []
    for tag, old, new in ops:
        if tag == "equal":
            out.append(old)
            continue
        out.append((f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else ""))
    return "".join(out)


def render(detail: ChainDetail, progress: Sequence[Actual] = ()) -> str:
    c = detail.chain
    lines = [
        f"{c.title}  [{c.id}]  {c.status}"
        + ("  约束性" if c.binding else "")
        + ("  reviewed" if c.reviewed else ""),
        f"area {c.area or '-'} · metric {c.metric or '-'} · years {', '.join(map(str, c.years))}",
        "",
    ]
    if detail.promises:
        lines.append("promises (★ gives the goal its status):")
        for p in detail.promises:
            star = "★" if p.headline else " "
            lines.append(
                f" {star} {text.when(p):<10} {text.target(p)}  [{text.MEASURE_LABELS[p.measure]}]"
                f"  {p.status}  ({p.doc}, {p.id})"
            )
            lines.append(f"      why: {p.reason}")
            for a in p.actuals:
                lines.append(f"      actual: {text.actual(a)}  {a.statement}")
            judged = text.judged(p)
            if judged:
                lines.append(f"      {judged}")
        lines.append("")
    else:
        lines += ["no target stated: nothing to judge", ""]
    if progress:
        lines.append("reported (progress, by year):")
        for a in progress:
            lines.append(f"  {a.year}  {text.reported(a)}  {a.statement}")
        lines.append("")
    for m in detail.members:
        shown = ", ".join(text.quantity(q) for q in m.figures)
        mark = f"  [{m.decision}]" if m.decision else ""
        where = f"  ({page_label(m.page, m.page_column)})" if m.page else ""
        lines.append(f"{m.doc_year}  {m.doc:<14} {m.role or '-':<8} {shown}{mark}{where}")
        lines.append(
            f"      {m.statement}  score {m.score if m.score is not None else '-'}: "
            f"{'; '.join(m.reasons)}"
        )
        lines.append(f"      {m.text[:160]}{'…' if len(m.text) > 160 else ''}")
    if detail.drift:
        lines += ["", "drift between promises:"]
        for s in detail.drift:
            renamed = f" ({s.renamed[0]} → {s.renamed[1]})" if s.renamed else ""
            labels = ", ".join(str(x) for x in s.labels) or "restated"
            lines.append(f"  {text.step(s)}: {labels}{renamed}")
            lines.append("    " + inline(s.ops))
    if detail.reviews:
        lines += ["", "reviews:"]
        for r in detail.reviews:
            lines.append(f"  {r.created} {r.decision or 'note'} {r.statement or ''} {r.note or ''}")
    return "\n".join(lines) + "\n"


def as_dict(detail: ChainDetail, progress: Sequence[Actual] = ()) -> dict[str, Any]:
    """`show --format json`: the goal, its promises, progress, members, drift and reviews."""
    c = detail.chain
    return {
        "schema_version": SCHEMA_VERSION,
        "chain": {**chain_dict(c), "reasons": detail.reasons},
        "promises": [promise_dict(p) for p in detail.promises],
        "reported": [actual_dict(a) for a in progress],
        "members": [
            {
                "statement": m.statement,
                "doc": m.doc,
                "doc_year": m.doc_year,
                "role": m.role,
                "year": m.year,
                "text": m.text,
                "section": m.section_path,
                "start": m.start,
                "end": m.end,
                "page": m.page,
                "page_column": m.page_column,
                "score": m.score,
                "reasons": m.reasons,
                "figures": m.own,
                "decision": m.decision,
            }
            for m in detail.members
        ],
        "drift": [drift_dict(s) for s in detail.drift],
        "reviews": [
            {"statement": r.statement, "decision": r.decision, "note": r.note, "created": r.created}
            for r in detail.reviews
        ],
    }
