"""What changed between two documents: goals kept, dropped, new, promises changed, softened.

A goal of A that B does not mention is *dropped* only when B is a document of the same kind
and place as A (a work report against the next work report, a plan against the next plan):
only then would B have said it. Against a digest, a gazette or another place's report it is
*not in B*: the shorter document leaves most things out without dropping them. The same
holds the other way round for *new* and *not in A*. Promise changes are drift steps from
A's promises to B's (number raised or lowered, softened, deadline moved, renamed …);
reported figures are shown beside them, never as a change of promise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from plandrift.compare import query
from plandrift.compare.models import DriftLabel, DriftStep, Promise, Status
from plandrift.compare.query import DocumentRow
from plandrift.compare.store import drift_dict
from plandrift.corpus.errors import BadInput

from . import text
from .budget import Block, fit
from .export import SCHEMA_VERSION, promise_dict
from .render import DEFAULT_MAX_BYTES, cell, row, write_csv

FORMATS = ("text", "markdown", "json", "csv")
KEPT, DROPPED, NEW, NOT_IN_B, NOT_IN_A = "kept", "dropped", "new", "not in B", "not in A"
CHANGED, SOFTENED = "numbers changed", "softened"
FAIL_NAMES = tuple(str(s) for s in Status) + tuple(str(x) for x in DriftLabel)
_NUMBER_LABELS = (DriftLabel.NUMBER_UP, DriftLabel.NUMBER_DOWN, DriftLabel.NUMBER_DROPPED)


@dataclass(frozen=True)
class GoalChange:
    """One goal between the two documents."""

    id: str
    title: str
    status: str
    group: str  # kept, dropped, new, not in B, not in A
    a_figures: tuple[str, ...]  # the goal's own figures as written in A
    b_figures: tuple[str, ...]
    a_promises: tuple[Promise, ...]
    b_promises: tuple[Promise, ...]
    steps: tuple[DriftStep, ...]  # A's promises against B's

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(sorted({str(x) for s in self.steps for x in s.labels}))

    @property
    def line(self) -> str:
        return f"{self.title} [{self.id}]"

    def matches(self, names: set[str]) -> tuple[str, ...]:
        """The --fail-on names this goal matches: its group (dropped, new), a status of a
        promise stated in A or B, a drift label from A to B."""
        found = {self.group} & names
        found |= {str(p.status) for p in self.a_promises + self.b_promises} & names
        found |= set(self.labels) & names
        return tuple(sorted(found))


@dataclass(frozen=True)
class DocDiff:
    a: DocumentRow
    b: DocumentRow
    comparable: bool  # same kind and place: what one leaves out, it dropped
    changes: tuple[GoalChange, ...]

    def group(self, name: str) -> list[GoalChange]:
        if name == CHANGED:
            return [
                c
                for c in self.changes
                if any(x in _NUMBER_LABELS for s in c.steps for x in s.labels)
            ]
        if name == SOFTENED:
            return [c for c in self.changes if str(DriftLabel.SOFTENED) in c.labels]
        return [c for c in self.changes if c.group == name]

    @property
    def groups(self) -> tuple[str, ...]:
        if self.comparable:
            return (KEPT, DROPPED, NEW, CHANGED, SOFTENED)
        return (KEPT, NOT_IN_B, NOT_IN_A, CHANGED, SOFTENED)

    def failing(self, names: set[str]) -> list[tuple[GoalChange, tuple[str, ...]]]:
        return [(c, m) for c in self.changes if (m := c.matches(names))]


def _document(db: sqlite_utils.Database, doc_id: str) -> DocumentRow:
    found = next((d for d in query.list_documents(db) if d.id == doc_id), None)
    if found is None:
        raise BadInput(f"no document {doc_id!r}; list them with `plandrift docs`")
    return found


def _place(db: sqlite_utils.Database, doc_id: str) -> str:
    return query.document_places(db).get(doc_id, "")


def document_diff(db: sqlite_utils.Database, doc_a: str, doc_b: str) -> DocDiff:
    a, b = _document(db, doc_a), _document(db, doc_b)
    comparable = a.kind == b.kind and _place(db, doc_a) == _place(db, doc_b)
    members = query.members_in_documents(db, (doc_a, doc_b))
    chains = {c.id: c for c in query.list_chains(db)}
    promises: dict[str, list[Promise]] = {}
    for p in query.all_promises(db):
        if p.doc in (doc_a, doc_b):
            promises.setdefault(p.chain, []).append(p)
    steps = query.drift_between(db, doc_a, doc_b)
    figures = query.figure_texts(db, (doc_a, doc_b))
    changes = []
    for cid in sorted(members):
        docs = members[cid]
        chain = chains.get(cid)
        if doc_a in docs and doc_b in docs:
            group = KEPT
        elif doc_a in docs:
            group = DROPPED if comparable else NOT_IN_B
        else:
            group = NEW if comparable else NOT_IN_A
        own = promises.get(cid, [])
        changes.append(
            GoalChange(
                id=cid,
                title=chain.title if chain else cid,
                status=chain.status if chain else "",
                group=group,
                a_figures=tuple(figures.get(q, q) for q in docs.get(doc_a, [])),
                b_figures=tuple(figures.get(q, q) for q in docs.get(doc_b, [])),
                a_promises=tuple(p for p in own if p.doc == doc_a),
                b_promises=tuple(p for p in own if p.doc == doc_b),
                steps=steps.get(cid, ()),
            )
        )
    return DocDiff(a, b, comparable, tuple(changes))


# -- renderings -------------------------------------------------------------------------------


def _change(c: GoalChange) -> str:
    """What changed in a kept goal, in a few words."""
    parts = [f"{text.step(s)} ({', '.join(map(str, s.labels))})" for s in c.steps if s.labels]
    if not parts and c.a_figures and c.b_figures and sorted(c.a_figures) != sorted(c.b_figures):
        parts.append(f"figures {', '.join(c.a_figures)} → {', '.join(c.b_figures)}")
    return "; ".join(parts)


def _scope(d: DocDiff) -> str:
    if d.comparable:
        return (
            f"{d.a.id} and {d.b.id} are both {d.a.kind} documents of one place: a goal one of "
            "them leaves out was dropped (or is new)."
        )
    return (
        f"{d.a.id} ({d.a.kind}) and {d.b.id} ({d.b.kind}) are not documents of the same kind "
        "and place: what one leaves out is only *not in* it, never dropped."
    )


def render_text(d: DocDiff, fail_on: set[str] | None = None) -> str:
    lines = [f"{d.a.id} → {d.b.id}: {_scope(d).replace('*', '')}"]
    for name in d.groups:
        found = d.group(name)
        lines.append(f"{name} ({len(found)})")
        for c in found:
            detail = _change(c) if name in (CHANGED, SOFTENED) else ""
            lines.append(f"  {c.line}" + (f": {detail}" if detail else ""))
    if fail_on:
        hits = d.failing(fail_on)
        lines.append(f"failing --fail-on {','.join(sorted(fail_on))} ({len(hits)})")
        lines += [f"  {c.line}: {', '.join(m)}" for c, m in hits]
    return "\n".join(lines) + "\n"


def render_markdown(
    d: DocDiff, fail_on: set[str] | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> str:
    blocks = [
        Block(
            (
                f"# plandrift diff: {cell(d.a.id)} → {cell(d.b.id)}",
                "",
                f"{cell(d.a.title)} ({d.a.kind}, {d.a.published}) → "
                f"{cell(d.b.title)} ({d.b.kind}, {d.b.published}). {_scope(d)}",
                "",
            )
        )
    ]
    if fail_on:
        hits = d.failing(fail_on)
        listed = cell(", ".join(sorted(fail_on)))
        if not hits:
            blocks.append(Block((f"**Nothing matches --fail-on {listed}.**", "")))
        else:
            blocks.append(
                Block(
                    (
                        f"## Failing: {len(hits)} match --fail-on {listed}",
                        "",
                        "| goal | matched | in A | in B | change |",
                        "|---|---|---|---|---|",
                    ),
                    group="failing",
                    header=True,
                )
            )
            blocks += [
                Block((row(_cells(c, ", ".join(m))),), 1, "failing goal", "failing")
                for c, m in hits
            ]
            blocks.append(Block(("",), group="failing", header=True))
    blocks.append(Block((), note=True))
    blocks.append(
        Block(
            ("| group | goals |", "|---|---:|")
            + tuple(f"| {name} | {len(d.group(name))} |" for name in d.groups)
            + ("",)
        )
    )
    for rank, name in enumerate(d.groups, 2):
        found = d.group(name)
        if not found:
            continue
        group = f"group:{name}"
        blocks.append(
            Block(
                (
                    f"## {name} ({len(found)})",
                    "",
                    "| goal | status | in A | in B | change |",
                    "|---|---|---|---|---|",
                ),
                group=group,
                header=True,
            )
        )
        blocks += [Block((row(_cells(c, c.status)),), rank, f"{name} row", group) for c in found]
        blocks.append(Block(("",), group=group, header=True))
    return "\n".join(fit(blocks, max_bytes)).rstrip("\n") + "\n"


def _cells(c: GoalChange, second: str) -> list[str]:
    return [
        f"{c.title} `{c.id}`",
        second,
        ", ".join(c.a_figures) or ("—" if c.group in (NEW, NOT_IN_A) else ""),
        ", ".join(c.b_figures) or ("—" if c.group in (DROPPED, NOT_IN_B) else ""),
        _change(c),
    ]


def as_dict(d: DocDiff, fail_on: set[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "a": _doc_dict(d.a),
        "b": _doc_dict(d.b),
        "comparable": d.comparable,
        "groups": {name: [c.id for c in d.group(name)] for name in d.groups},
        "goals": [
            {
                "id": c.id,
                "title": c.title,
                "status": c.status,
                "group": c.group,
                "a_figures": list(c.a_figures),
                "b_figures": list(c.b_figures),
                "a_promises": [promise_dict(p) for p in c.a_promises],
                "b_promises": [promise_dict(p) for p in c.b_promises],
                "drift": [drift_dict(s) for s in c.steps],
                "labels": list(c.labels),
            }
            for c in d.changes
        ],
    }
    if fail_on:
        out["failing"] = [{"goal": c.id, "matched": list(m)} for c, m in d.failing(fail_on)]
    return out


def _doc_dict(doc: DocumentRow) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.title,
        "kind": doc.kind,
        "published": doc.published,
        "year": doc.year,
    }


CSV_FIELDS = ("id", "title", "status", "group", "a_figures", "b_figures", "labels", "change")


def render_csv(d: DocDiff, bom: bool = True) -> str:
    return write_csv(
        CSV_FIELDS,
        (
            [
                c.id,
                c.title,
                c.status,
                c.group,
                ";".join(c.a_figures),
                ";".join(c.b_figures),
                ";".join(c.labels),
                _change(c),
            ]
            for c in d.changes
        ),
        bom,
    )


def render(
    fmt: str,
    d: DocDiff,
    fail_on: set[str] | None = None,
    *,
    max_bytes: int | None = None,
    bom: bool = True,
) -> str:
    """The diff in ``fmt`` (one of FORMATS); like ``report``, ``max_bytes`` trims markdown."""
    if fmt == "markdown":
        return render_markdown(d, fail_on, DEFAULT_MAX_BYTES if max_bytes is None else max_bytes)
    if max_bytes:
        raise BadInput(f"--max-bytes trims markdown only; drop it for --format {fmt}")
    if fmt == "json":
        return json.dumps(as_dict(d, fail_on), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if fmt == "csv":
        return render_csv(d, bom)
    if fmt == "text":
        return render_text(d, fail_on)
    raise BadInput(f"--format: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
