"""From a goal's members to its verdict: figures, promises (numeric and qualitative), headline.

Each target is judged once. A number belongs to the one goal its metric key names, so its
promise lives there; a statement without a target figure that promises a project or a
title is a qualitative promise of the one goal whose name it holds most fully. Other goals
holding the same statement show that promise, never a second verdict of their own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlite_utils

from plandrift.corpus.models import Role

from . import entities, ledger, wording
from . import figures as figs
from .ledger import Mention, Place
from .models import Promise, Status, Verdict
from .signals import Stmt, quantity_context


@dataclass(frozen=True)
class Goal:
    """What the verdict needs of a chain (align's Chain without its linking state)."""

    id: str
    key: str  # m:<metric>, k:<phrase>, e:<name>, p:<phrase> (with @place when places differ)
    kind: str  # metric | project | goal
    title: str
    names: tuple[str, ...]
    members: tuple[str, ...]  # statement ids, in time order
    higher: bool | None  # the lexicon's direction, where it knows the metric
    aliases: tuple[str, ...] = ()  # the lexicon metric's names: one indicator, however written

    @property
    def own_key(self) -> str:
        return self.key.split("@")[0]

    @property
    def numeric(self) -> bool:
        return self.key[0] in "mk"


def places(db: sqlite_utils.Database, stmts: Iterable[Stmt]) -> dict[str, Place]:
    """Every place's documents and the years its documents report figures for."""
    docs: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
    for r in db.query("select id, year, position, kind, place from documents order by position"):
        docs[r["place"] or ""].append(
            (r["id"], r["year"] or 0, r["position"] or 0, r["kind"] or "")
        )
    reported: dict[str, set[int]] = defaultdict(set)
    for st in stmts:
        for q in st.quantities:
            if q["role"] == Role.ACTUAL and q["year"]:
                reported[st.place].add(int(q["year"]))
    return {p: ledger.place_of(rows, reported[p]) for p, rows in docs.items()}


def figure(st: Stmt, q: dict, aliases: tuple[str, ...] = ()) -> figs.Figure | None:
    before, after, earlier = quantity_context(st, q)
    return figs.build(
        q,
        statement=st.id,
        doc=st.doc,
        doc_order=st.doc_pos,
        doc_year=st.doc_year,
        statement_text=st.text,
        table=st.kind == "table-row",
        before=before,
        after=after,
        earlier=earlier,
        aliases=aliases,
        section=st.section,
    )


def goal_figures(goal: Goal, members: Sequence[Stmt]) -> tuple[list[figs.Figure], list[Mention]]:
    """The goal's own figures (numbers keyed to it) and where its members speak of it."""
    out: list[figs.Figure] = []
    mentions: list[Mention] = []
    for st in members:
        own = [q for q in st.quantities if st.qkeys.get(q["id"]) == goal.own_key]
        found = [f for q in own if (f := figure(st, q, goal.aliases)) is not None]
        out.extend(found)
        # A clause whose only figures of this goal are subsidies or awards does not mention it.
        mentions.append(Mention(st.id, st.doc, st.doc_pos, counts=bool(found) or not own))
    return out, mentions


_CLAUSE = re.compile(r"[，,；;。：:]")


def _named_without_number(st: Stmt, name: str) -> bool:
    """Whether the statement names ``name`` in a clause of its own (积极创建国家森林城市，…，
    将绿地率提高到39%): a qualitative promise beside the numeric one. The size of a list it
    stands in (重点实施A、B等5个项目) is no figure."""
    lists = wording.words().list_count
    return any(
        name in c and not any(ch.isdigit() for ch in lists.sub("", c))
        for c in _CLAUSE.split(st.text)
    )


def qualitative_owners(goals: Sequence[Goal], by_id: dict[str, Stmt]) -> dict[str, str]:
    """statement -> the goal whose qualitative promise it is (the longest name it holds)."""
    best: dict[str, tuple[int, str]] = {}
    for g in goals:
        if g.numeric:
            continue
        for sid in g.members:
            st = by_id[sid]
            if st.role != Role.TARGET:
                continue
            name = wording.own_name(st.text, g.names, g.title)
            if not entities.project_item(st.text, st.section) and not _named_without_number(
                st, name
            ):
                continue
            score = (len(name) if name in st.text else 0, g.id)
            if sid not in best or score > (best[sid][0], best[sid][1]):
                best[sid] = (score[0], g.id)
    return {sid: gid for sid, (_, gid) in best.items()}


def verdict(goal: Goal, by_id: dict[str, Stmt], place: Place, owners: dict[str, str]) -> Verdict:
    """The goal's promises, each judged, and its status (its headline promise's)."""
    members = [by_id[s] for s in goal.members]
    found, mentions = goal_figures(goal, members)
    out: list[Promise] = []
    if goal.numeric and found:
        out = ledger.promises(goal.id, found, mentions, place, goal.higher)
    said = [
        wording.Said(st.id, st.doc, st.doc_pos, st.year or st.doc_year, st.role, st.text)
        for st in members
    ]
    doable = False
    for s in said:
        if owners.get(s.statement) != goal.id:
            continue
        name = wording.own_name(s.text, goal.names, goal.title)
        project = goal.kind == "project"
        doable = doable or wording.completable(s.text, name, project)
        out.append(wording.promise(goal.id, s, name, said, mentions, place, project=project))
    tabled = frozenset(f.quantity for f in found if f.table)
    out = ledger.mark_headline(out, place, tabled)
    head = next((p for p in out if p.headline), None)
    # A shared phrase with no figure and nothing that can be done (维护社会和谐稳定, a motto)
    # is a theme: followed, but no goal.
    theme = goal.key[0] == "p" and not any(p.target is not None for p in out) and not doable
    return Verdict(status=head.status if head else Status.NO_DATA, promises=tuple(out), theme=theme)
