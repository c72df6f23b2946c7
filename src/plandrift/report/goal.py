"""One goal as plain text for `plandrift show`: its promises with their verdicts and
reasons, then its statements in time with why each was linked, its drift and its reviews."""

from __future__ import annotations

from plandrift.compare.query import ChainDetail, page_label

from . import text


def inline(ops: list[list[str]]) -> str:
    """A diff readable without colour: [-old-]{+new+} like `git diff --word-diff`."""
    out = []
    for tag, old, new in ops:
        if tag == "equal":
            out.append(old)
            continue
        out.append((f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else ""))
    return "".join(out)


def render(detail: ChainDetail) -> str:
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
        lines += ["", "drift:"]
        for s in detail.drift:
            renamed = f" ({s['renamed'][0]} → {s['renamed'][1]})" if s.get("renamed") else ""
            lines.append(f"  {s['from_doc']} → {s['to_doc']}: {', '.join(s['labels'])}{renamed}")
            lines.append("    " + inline(s["ops"]))
    if detail.reviews:
        lines += ["", "reviews:"]
        for r in detail.reviews:
            lines.append(f"  {r.created} {r.decision or 'note'} {r.statement or ''} {r.note or ''}")
    return "\n".join(lines) + "\n"
