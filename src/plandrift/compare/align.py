"""Link statements across documents into chains: one goal followed through the years.

Three kinds of evidence put a statement into a chain, each a *block* so that scoring never
compares everything with everything:

- metric: a quantity measures a lexicon metric (or, outside the lexicon, the same metric
  phrase); a statement without numbers that names a lexicon metric joins when its text is
  close enough to the measured members;
- name: the statement names the same project, park, plant or title (see ``entities``),
  matched approximately with rapidfuzz inside blocks of shared character bigrams;
- phrase: the statement shares a rare long phrase with a statement of another document
  (a motto, an initiative), found through rare character 4-grams.

Inside each chain the members are scored with ``process.cdist`` over normalised text, and
every member carries its reasons. Repeats (``repeat_of``) are the same evidence as their
primary and never become members. Human reviews are applied last: a rejected statement
leaves its chain, an accepted one joins it. Chain ids come from the metric key or the
name/phrase that founded the chain, so they are stable across rebuilds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import sqlite_utils
from rapidfuzz import fuzz

from plandrift.corpus.progress import Progress, silent
from plandrift.corpus.store import insert_rows, placeholders

from . import cut_store, entities, signal_store, textsim, verdicts
from . import drift as drift_mod
from .blocking import UnionFind, blocks, candidate_pairs, postings
from .ledger import Place
from .lexicon import Lexicon, Metric
from .lexicon import load as load_lexicon
from .review import decisions
from .signals import (
    Stmt,
    annotate,
    fallback_key,
    fmt_scaled,
    load_statements,
    merge_fallback_keys,
    row_label,
    row_name,
)
from .store import DERIVED_TABLES, drift_json, ensure_schema, promise_row

# Score weights: what each kind of evidence adds to a member's link score (0..1).
W_METRIC, W_TEXT, W_ENTITY, W_NUMBER = 0.45, 0.3, 0.15, 0.1
MENTION_MIN = 0.42  # a statement that only names a metric joins above this combined score
MENTION_TEXT_FLOOR = 40.0  # partial_ratio below this counts as no likeness
NAME_CUTOFF = 72.0  # rapidfuzz ratio for two names to be one (numbers removed)
NAME_CUTOFF_NUMBER = 35.0  # … when they also share a distinctive number
IDENT_MIN = 3  # characters of a name's identifying part that make two names one when equal
NAME_PREFIX = 5  # names that open with the same five characters (吉化转型升级…) are one
NEIGHBOURS = 3  # a member is scored against this many members before and after it
TOPIC_CLAUSE = 20  # characters of a clause that is about the metric it names
TOPIC_METRICS = 2  # … in a statement naming at most this many metrics
TOPIC_TEXT = 120  # … and no longer than this (a long overview is about everything)
CATEGORY_ENDS = 3  # a name ending this many other names is a category, not a thing
OVERVIEW_NAMES = 6  # a statement naming more things than this is an overview
PHRASES = True  # shared rare phrases: mottos and initiatives without a name
PHRASE_MIN = 7  # characters of a shared rare phrase
PHRASE_DF = 5  # a phrase in more statements than this is boilerplate

_CLAUSES = re.compile(r"[，,。；;：:！？!?]")
# Function words and counters cut a shared phrase's edges (…的, 和…, 户省级…).
_PHRASE_EDGE = re.compile(
    r"^[的和与及等在为是了并户级个项家名万亿\d.]+|[的和与及等在为是了并大\d.]+$"
)


@dataclass
class Chain:
    key: str  # what founded it: "m:<metric>", "k:<phrase>", "e:<name>", "p:<phrase>"
    kind: str  # metric | project | goal
    title: str
    metric: Metric | None
    members: dict[str, list[str]] = field(default_factory=dict)  # statement -> reasons
    names: tuple[str, ...] = ()  # the names a name chain was founded on

    @property
    def id(self) -> str:
        if self.key.startswith("m:"):
            return self.key
        digest = hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:10]
        return f"{self.key[0]}:{digest}"


# -- chains from each kind of evidence ------------------------------------------------------


def metric_chains(stmts: list[Stmt], lex: Lexicon, several: bool | None = None) -> list[Chain]:
    """Statements whose numbers measure one metric; lexicon metrics also take statements
    that name them without a number, when their words are close enough."""
    # One government's figures are not another's: with several places, a metric chain
    # is kept per place.
    places = _several(stmts, several)
    by_key: dict[str, list[Stmt]] = defaultdict(list)
    for st in stmts:
        for key in st.measured:
            by_key[f"{key}@{st.place}" if places else key].append(st)
    chains = []
    for key in sorted(by_key):
        members = by_key[key]
        metric = lex.metrics.get(key[2:].split("@")[0]) if key.startswith("m:") else None
        # A goal outside the lexicon is named as its indicator row names it, else by its key.
        own = key.split("@")[0]
        rows = [st.measured[own] for st in members if st.kind == "table-row" and own in st.measured]
        title = metric.name if metric else (rows[0] if rows else key[2:])
        chain = Chain(key=key, kind="metric", title=title, metric=metric)
        for st in members:
            reason = f"metric {metric.name if metric else key[2:]}"
            chain.members[st.id] = [reason]
        chains.append(chain)
    _add_mentions(chains, stmts, lex, places)
    return chains


def _several(stmts: list[Stmt], several: bool | None) -> bool:
    """Whether the corpus holds several places (its goals' keys then name their place):
    as the caller knows it when it links one place at a time, else from ``stmts``."""
    return len({st.place for st in stmts}) > 1 if several is None else several


def _add_mentions(
    chains: list[Chain], stmts: list[Stmt], lex: Lexicon, several: bool | None = None
) -> None:
    """Statements naming a lexicon metric without measuring it join when close enough; a
    statement of doctrine (总体要求是：坚持以…) names everything and joins nothing."""
    by_id = {st.id: st for st in stmts}
    by_metric = {c.key[2:]: c for c in chains if c.metric is not None}
    places = _several(stmts, several)
    waiting: dict[str, list[Stmt]] = defaultdict(list)
    for st in stmts:
        if any(w in st.text for w in lex.rhetoric) or entities.project_item(st.text, st.section):
            continue  # doctrine names everything; a project list's item is about its project
        for key in st.mentions:
            key = f"{key}@{st.place}" if places else key
            if key in by_metric:
                waiting[key].append(st)
    for key in sorted(waiting):
        chain = by_metric[key]
        measured = [by_id[s] for s in chain.members]
        cands = waiting[key]
        scores = textsim.cdist(
            [c.norm for c in cands],
            [m.norm for m in measured],
            scorer=fuzz.partial_ratio,
            cutoff=MENTION_TEXT_FLOOR,
        )
        for i, st in enumerate(cands):
            others = [j for j, m in enumerate(measured) if m.doc != st.doc] or range(len(measured))
            best = max((float(scores[i][j]) for j in others), default=0.0)
            score = W_METRIC * 0.6 + W_TEXT * best / 100 + W_ENTITY * _shares_name(st, measured)
            if score >= MENTION_MIN or _topic(st, chain):
                chain.members[st.id] = [f"names {chain.title}", f"text {best:.0f}"]


def _topic(st: Stmt, chain: Chain) -> bool:
    """The metric is what a short clause is about, in a statement about few metrics
    (巩固扩大电能清洁取暖成果), not a word in passing inside a long list."""
    if (
        chain.metric is None
        or len(st.mentions) > TOPIC_METRICS
        or len(st.names) > OVERVIEW_NAMES
        or len(st.text) > TOPIC_TEXT
    ):
        return False
    for clause in _CLAUSES.split(st.text):
        if len(clause) <= TOPIC_CLAUSE and chain.metric.named_in(clause):
            return True
    return False


def _shares_name(st: Stmt, others: list[Stmt]) -> float:
    names = set(st.names)
    return 1.0 if any(names & set(o.names) for o in others) else 0.0


def name_chains(stmts: list[Stmt], lex: Lexicon) -> list[Chain]:
    """Statements naming the same project or title (approximately) across the corpus."""
    owners: dict[str, list[Stmt]] = defaultdict(list)
    overviews: dict[str, list[Stmt]] = defaultdict(list)
    for st in stmts:
        # An overview that lists everything founds nothing: it only joins chains that
        # other statements found, by the exact name.
        if any(w in st.text for w in lex.rhetoric):
            continue  # 总体要求是：坚持以习近平…: a statement of doctrine is about no project
        target = overviews if len(st.names) > OVERVIEW_NAMES else owners
        for name in st.names:
            target[name].append(st)
    names = sorted(owners)
    if not names:
        return []
    names = [n for n in names if entities.identifying(n)]
    # A name that ends several other names is their category (物流中心 of 保税物流中心 and
    # 商贸物流中心): it would join things that are not one.
    ends: dict[str, int] = defaultdict(int)
    for n in names:
        for k in range(1, len(n) - 2):
            ends[n[k:]] += 1
    names = [n for n in names if ends.get(n, 0) < CATEGORY_ENDS]
    if not names:
        return []
    bare = [entities.core(n) for n in names]
    numbers = [entities.measures(n) for n in names]
    # Only a number+unit that few things carry ties them (120米 does; 120万吨 is everywhere);
    # a name written with and without its kind word (…望远镜项目, …望远镜) is one thing.
    carriers: dict[str, set[str]] = defaultdict(set)
    for n, ms in zip(names, numbers, strict=True):
        for m in ms:
            carriers[m].add(entities.ident(n))
    spread = {m: len(c) for m, c in carriers.items()}
    numbers = [{m for m in ms if spread[m] <= 2} for ms in numbers]
    pairs = candidate_pairs(bare, 2)
    scores = textsim.pairwise(
        [bare[i] for i, _ in pairs], [bare[j] for _, j in pairs], cutoff=NAME_CUTOFF_NUMBER
    )
    idents = [entities.ident(n) for n in names]
    unplaced = [entities.unplaced(b) for b in bare]
    joins: list[tuple[int, float, int, int]] = []  # (strength rank, -score, i, j)
    for (i, j), s in zip(pairs, scores, strict=True):
        if entities.distinct(names[i], names[j]):
            continue
        # a shared opening counts without the place it names (吉林市城市供水… / 吉林市城市更新…),
        # when what follows it may be the same thing (中科院苏州医工所吉林市研究院项目 and
        # …蛟河创新产业园项目 are two)
        prefix = _shared_opening(unplaced[i], unplaced[j])
        # 吉林市传染病医院改扩建项目 and 市传染病医院: what identifies them is the same.
        same = len(idents[i]) >= IDENT_MIN and idents[i] == idents[j]
        if same and entities.same_kind_possible(names[i], names[j]):
            joins.append((0, -s, i, j))
            continue
        if s < NAME_CUTOFF and not prefix and not numbers[i] & numbers[j]:
            continue
        if not entities.same_thing_possible(names[i], names[j]):
            continue
        if numbers[i] & numbers[j] and s >= NAME_CUTOFF_NUMBER:
            joins.append((1, -s, i, j))  # a rare number and some likeness: one thing
        elif entities.same_kind_possible(names[i], names[j]) and (s >= NAME_CUTOFF or prefix):
            joins.append((2, -s, i, j))
    uf = _join_apart(len(names), joins, _heads(names, owners))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(names)):
        groups[uf.find(i)].append(i)
    chains = []
    for idx in groups.values():
        members: dict[str, Stmt] = {}
        for i in idx:
            for st in owners[names[i]]:
                members.setdefault(st.id, st)
        if (
            len({st.doc for st in members.values()}) < 2
            and not _spans_roles(members.values())
            and not any(st.role == "target" for st in members.values())
        ):
            continue
        for i in idx:
            for st in overviews.get(names[i], []):
                members.setdefault(st.id, st)
        first = min(members.values(), key=lambda s: s.order)
        group = {names[i] for i in idx}
        title = next((n for n in first.names if n in group), names[idx[0]])
        chain = Chain(
            key=f"e:{title}",
            kind="project" if lex.area_of(title) == "项目" else "goal",
            title=title,
            metric=None,
            names=tuple(sorted(group)),
        )
        for st in sorted(members.values(), key=lambda s: s.order):
            shared = [names[i] for i in idx if names[i] in st.names]
            chain.members[st.id] = [f"names {shared[0]}"] if shared else []
        chains.append(chain)
    return chains


def _shared_opening(a: str, b: str) -> bool:
    """Two names open alike (NAME_PREFIX characters) and what follows may be one thing:
    nothing but kind words, or words of what identifies both."""
    shared = len(os.path.commonprefix([a, b]))
    if shared < NAME_PREFIX:
        return False
    rest_a, rest_b = a[shared:], b[shared:]
    if any(len(r) < 2 or not entities.identifying(r) for r in (rest_a, rest_b)):
        return True  # 美思德有机胺 + 项目: the rest is only a kind word
    return entities.same_thing_possible(rest_a, rest_b)


def _heads(names: list[str], owners: dict[str, list[Stmt]]) -> list[dict[str, str]]:
    """For each name, the documents whose project list has it in an item's head, with that
    head: 中医药诊疗康复中心改建项目 stands for its item's whole head, so it cannot join a
    name standing for another item of the same list (医疗康复中心建设项目)."""
    return [{st.doc: st.head for st in owners[n] if st.head and n in st.head} for n in names]


def _join_apart(
    n: int, joins: list[tuple[int, float, int, int]], heads: list[dict[str, str]]
) -> UnionFind:
    """Join names pair by pair, the surest pairs first, never making one thing of two items
    of one project list (a list does not name a project twice)."""
    uf = UnionFind(n)
    held = {i: dict(h) for i, h in enumerate(heads) if h}  # root -> doc -> head name
    for _, _, i, j in sorted(joins):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        hi, hj = held.get(ri, {}), held.get(rj, {})
        if any(hj.get(doc, name) != name for doc, name in hi.items()):
            continue
        uf.union(ri, rj)
        if hi or hj:
            held[uf.find(ri)] = {**hi, **hj}
    return uf


def _spans_roles(members: Iterable[Stmt]) -> bool:
    return len({(st.role, st.year) for st in members}) > 1


def phrase_chains(stmts: list[Stmt], lex: Lexicon) -> list[Chain]:
    """Statements of different documents sharing a rare long phrase (a motto, an initiative)."""
    texts = [st.norm for st in stmts]
    found: set[str] = set()
    shared: dict[tuple[int, int], int] = defaultdict(int)
    index = postings(texts, 4)
    for block in blocks(texts, 4, PHRASE_DF, index):
        for a in range(len(block)):
            for b in range(a + 1, len(block)):
                shared[(block[a], block[b])] += 1
    # A shared phrase of PHRASE_MIN characters shares PHRASE_MIN - 3 consecutive 4-grams.
    for (i, j), k in shared.items():
        if k < PHRASE_MIN - 3 or stmts[i].doc == stmts[j].doc:
            continue
        sm = SequenceMatcher(None, texts[i], texts[j], autojunk=False)
        m = sm.find_longest_match(0, len(texts[i]), 0, len(texts[j]))
        phrase = _PHRASE_EDGE.sub("", texts[i][m.a : m.a + m.size])
        if (
            len(phrase) >= PHRASE_MIN
            and not phrase.isdigit()
            and not lex.covers(phrase)
            and not any(w in phrase for w in lex.rhetoric)
        ):
            found.add(phrase)
    chains = []
    for phrase in sorted(found, key=lambda p: (-len(p), p)):
        grams = sorted(textsim.ngrams(phrase, 4), key=lambda g: len(index.get(g, ())))
        cands = index.get(grams[0], []) if grams else []
        holders = [stmts[i] for i in sorted(set(cands)) if phrase in texts[i]]
        if not holders or len(holders) > PHRASE_DF:
            continue
        if len({st.doc for st in holders}) < 2:
            continue
        chain = Chain(key=f"p:{phrase}", kind="goal", title=phrase, metric=None)
        for st in holders:
            chain.members[st.id] = [f"phrase {phrase}"]
        chains.append(chain)
    return chains


# -- assembling ------------------------------------------------------------------------------


def _dedupe(chains: list[Chain]) -> list[Chain]:
    """Drop chains that another chain already covers (same or more members); of two alike,
    the one with the fuller name stays (北华大学附属医院中东院区建设项目, not 中东院区建设项目).

    Only chains holding a chain's first member can cover it, so each is checked against
    those few, never against all."""
    keep: list[Chain] = []
    holding: dict[str, list[int]] = defaultdict(list)  # statement -> kept chains holding it
    rank = {"m": 0, "k": 1, "e": 2, "p": 3}
    ordered = sorted(chains, key=lambda c: (rank[c.key[0]], -len(c.members), -len(c.title), c.key))
    for chain in ordered:
        mine = set(chain.members)
        if not mine:
            continue
        first = min(mine)
        if any(
            mine <= set(keep[k].members)
            for k in holding[first]
            if keep[k].key[0] in "ep" or chain.key[0] in "ep"
        ):
            continue
        for st in mine:
            holding[st].append(len(keep))
        keep.append(chain)
    return keep


def _qualifies(chain: Chain, by_id: dict[str, Stmt]) -> bool:
    """A goal is followed across documents or roles, or holds a promise of its own: a target
    figure of its metric, or a target statement naming its project (a plan's project that no
    later document mentions is a goal too: it was dropped)."""
    members = [by_id[s] for s in chain.members if s in by_id]
    if not members:
        return False
    if len(members) >= 2 and (len({st.doc for st in members}) > 1 or _spans_roles(members)):
        return True
    if chain.key[0] in "mk" and any(st.kind == "table-row" for st in members):
        return True  # every row of an indicator table is a goal, target set or not
    if chain.metric is not None and chain.key[0] == "m" and any(st.measured for st in members):
        return True  # a lexicon indicator reported once is followed all the same
    return any(_promises(chain, st) for st in members)


def _promises(chain: Chain, st: Stmt) -> bool:
    if chain.key[0] in "mk":
        own = chain.key.split("@")[0]
        return any(q["role"] == "target" and st.qkeys.get(q["id"]) == own for q in st.quantities)
    if chain.key[0] != "e" or st.role != "target":
        return False
    # 实施康养小镇、田园康养综合体…等医养结合项目: an example in a list promises no thing
    named = [n for n in chain.names if n in st.names] or [chain.title]
    return not all(entities.listed_example(n, st.text) for n in named)


def _apply_reviews(db: sqlite_utils.Database, chains: dict[str, Chain], known: set[str]) -> None:
    """Rejected statements leave their chain and accepted ones join it; a decision about a
    repeat counts for its primary, the statement that stands for that evidence."""
    primary = {
        r["id"]: r["repeat_of"]
        for r in db.query(
            "select id, repeat_of from statements where repeat_of is not null "
            "and id in (select statement from reviews)"
        )
    }
    dec = decisions(db)
    for chain_id, rejected in dec.rejected.items():
        chain = chains.get(chain_id)
        for st in rejected:
            if chain is not None:
                chain.members.pop(primary.get(st, st), None)
    for chain_id, accepted in dec.accepted.items():
        chain = chains.get(chain_id)
        for st in sorted(accepted):
            st = primary.get(st, st)
            if chain is not None and st in known:
                chain.members.setdefault(st, []).append("accepted by review")


def _score_members(chain: Chain, by_id: dict[str, Stmt]) -> dict[str, float]:
    """Each member's link score against the rest of its chain, with reasons appended."""
    members = [by_id[s] for s in chain.members if s in by_id]
    texts = [st.norm for st in members]
    # Each member against its neighbours in time: linear in the chain, however long it is.
    near = {
        i: [
            j
            for j in range(max(0, i - NEIGHBOURS), min(len(members), i + NEIGHBOURS + 1))
            if j != i
        ]
        for i in range(len(members))
    }
    pairs = [(i, j) for i in near for j in near[i] if i < j]
    sim = dict(
        zip(
            pairs,
            textsim.pairwise(
                [texts[i] for i, _ in pairs],
                [texts[j] for _, j in pairs],
                scorer=fuzz.partial_ratio,
                cutoff=30,
            ),
            strict=True,
        )
    )
    scores = {}
    for i, st in enumerate(members):
        others = near[i]
        text = max((sim[(min(i, j), max(i, j))] for j in others), default=0.0)
        names = set(st.names)
        shared_names = sorted({n for j in others for n in names & set(members[j].names)})
        shared_nums = sorted({n for j in others for n in st.numbers & members[j].numbers})
        metric = (
            1.0
            if any(r.startswith("metric") for r in chain.members[st.id])
            else (0.6 if any(r.startswith("names") for r in chain.members[st.id]) else 0.0)
        )
        score = (
            W_METRIC * metric
            + W_TEXT * text / 100
            + W_ENTITY * bool(shared_names)
            + W_NUMBER * bool(shared_nums)
        )
        reasons = chain.members[st.id]
        reasons.append(f"text {text:.0f}")
        if shared_names and not any(r.startswith("names") for r in reasons):
            reasons.append(f"shared name {shared_names[0]}")
        if shared_nums:
            value, unit = shared_nums[0]
            reasons.append(f"number continuity {fmt_scaled(value, unit)}")
        scores[st.id] = round(score, 3)
    return scores


def _named_per_place(stmts: list[Stmt], lex: Lexicon, several: bool | None = None) -> list[Chain]:
    """Name and phrase chains, found within each place: one government's project is not
    another's, however alike their names (西宁 logistics hub in a 福建 report)."""
    places = sorted({st.place for st in stmts})
    out = []
    for place in places:
        part = [st for st in stmts if st.place == place] if len(places) > 1 else stmts
        for chain in name_chains(part, lex) + (phrase_chains(part, lex) if PHRASES else []):
            if _several(stmts, several):
                chain.key = f"{chain.key}@{place}"
            out.append(chain)
    return out


def _unlinked_rows(
    stmts: list[Stmt], chains: Iterable[Chain], several: bool | None = None
) -> list[Chain]:
    """Every row of an indicator table is a goal, a row without a figure (〔待省下达〕) too."""
    held = {s for c in chains for s in c.members}
    places = _several(stmts, several)
    out = []
    for st in stmts:
        if st.kind != "table-row" or st.id in held or not (key := fallback_key(row_label(st))):
            continue
        full = f"k:{key}@{st.place}" if places else f"k:{key}"
        chain = Chain(key=full, kind="metric", title=row_name(row_label(st)), metric=None)
        chain.members[st.id] = ["indicator table row"]
        out.append(chain)
    return out


def build_chains(
    db: sqlite_utils.Database,
    lex: Lexicon | None = None,
    place: str | None = None,
    *,
    several: bool | None = None,
) -> tuple[list[Chain], dict[str, Stmt]]:
    """All chains of the database, or of one ``place``, reviews applied, members in time
    order. Goals never cross places, so each place's are built from its statements alone;
    ``several``: whether the corpus holds several places (default: read from ``db``)."""
    lex = lex or load_lexicon()
    every = corpus_places(db)
    several = len(every) > 1 if several is None else several
    out: list[Chain] = []
    by_id: dict[str, Stmt] = {}
    for name in every if place is None else [place]:
        chains, known = _place_chains(db, lex, name, several)
        out += chains
        by_id.update(known)
    return sorted(out, key=lambda c: c.id), by_id


def _place_chains(
    db: sqlite_utils.Database, lex: Lexicon, place: str, several: bool
) -> tuple[list[Chain], dict[str, Stmt]]:
    stmts = load_statements(db, place)
    kept = signal_store.Stored(db, place, lex)
    annotate(stmts, lex, kept)
    kept.save(db)
    merge_fallback_keys(stmts)
    by_id = {st.id: st for st in stmts}
    found = metric_chains(stmts, lex, several) + _named_per_place(stmts, lex, several)
    found = [c for c in found if _qualifies(c, by_id)]
    chains = {c.id: c for c in _dedupe(found)}
    for chain in _unlinked_rows(stmts, chains.values(), several):
        chains[chain.id] = chain
    _apply_reviews(db, chains, set(by_id))
    out = []
    for cid in sorted(chains):
        chain = chains[cid]
        ordered = sorted((s for s in chain.members if s in by_id), key=lambda s: by_id[s].order)
        chain.members = {s: chain.members[s] for s in ordered}
        if chain.members:
            out.append(chain)
    return out, by_id


def corpus_places(db: sqlite_utils.Database) -> list[str]:
    """The places the corpus holds statements of, sorted ("" for documents of no place)."""
    return [
        r["place"]
        for r in db.query(
            """select distinct coalesce(d.place, '') as place from documents d
            where exists (select 1 from statements s where s.doc = d.id and s.repeat_of is null)
            order by 1"""
        )
    ]


def link(
    db: sqlite_utils.Database,
    lexicon: Lexicon | None = None,
    places: Iterable[str] | None = None,
    *,
    several: bool | None = None,
    progress: Progress = silent,
) -> int:
    """Fill ``chains``, ``chain_members`` and ``promises`` (verdicts and drift included),
    one place at a time: every place, or only ``places``, whose rows are rewritten while
    the other places' stay as they are (with the goals of documents no longer stored).
    ``several``: whether the corpus holds several places, for a database that holds a part
    of it (default: read from ``db``). Returns the number of chains written. ``progress``
    hears of each place linked (of each goal, when there is one place)."""
    lex = lexicon or load_lexicon()
    ensure_schema(db)
    every = corpus_places(db)
    several = len(every) > 1 if several is None else several
    if places is None:
        todo = every
        for table in DERIVED_TABLES:
            db.execute(f"delete from [{table}]")
    else:
        todo = sorted(set(places))
        unlink(db, todo)
    n = 0
    for done, place in enumerate(todo, 1):
        with cut_store.kept(db, place):
            chains, by_id = build_chains(db, lex, place, several=several)
            n += _write_chains(db, lex, chains, by_id, progress if len(todo) == 1 else silent)
        if len(todo) > 1:
            progress("linking places", done, len(todo))
    return n


def unlink(db: sqlite_utils.Database, places: Iterable[str], gone: Iterable[str] = ()) -> None:
    """Delete the goals of these places, and those of documents ``gone`` (taken out), and
    the kept signals of the documents gone."""
    marks, gone = list(places), list(gone)
    docs = [
        r["id"]
        for r in db.query(
            f"select id from documents where coalesce(place, '') in ({placeholders(marks)})", marks
        )
    ]
    doomed: set[str] = set()
    for ids, sql in (
        (docs, "statement in (select id from statements where doc in ({}))"),
        (gone, "doc in ({})"),  # their statements are gone already
    ):
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            where = sql.format(placeholders(part))
            doomed.update(
                r["chain"]
                for r in db.query(f"select distinct chain from chain_members where {where}", part)
            )
    signal_store.forget(db, gone)
    ids = sorted(doomed)
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        for table, col in (("promises", "chain"), ("chain_members", "chain"), ("chains", "id")):
            db.execute(f"delete from [{table}] where [{col}] in ({placeholders(part)})", part)


def _write_chains(
    db: sqlite_utils.Database,
    lex: Lexicon,
    chains: list[Chain],
    by_id: dict[str, Stmt],
    progress: Progress = silent,
) -> int:
    """Judge the chains and write their rows; returns how many."""
    goals = [goal_of(c) for c in chains]
    places = verdicts.places(db, by_id.values())
    owners = verdicts.qualitative_owners(goals, by_id)
    chain_rows, member_rows, promise_rows = [], [], []
    seen: set[str] = set()
    for n, (chain, goal) in enumerate(zip(chains, goals, strict=True), 1):
        progress("linking goals", n, len(chains))
        scores = _score_members(chain, by_id)
        members = [by_id[s] for s in chain.members]
        verdict = verdicts.verdict(goal, by_id, places.get(members[0].place, _NO_PLACE), owners)
        head = verdict.headline
        terms = list(chain.metric.aliases) if chain.metric else list(chain.names)
        own = goal.own_key
        figures = {
            st.id: [q["id"] for q in st.quantities if st.qkeys.get(q["id"]) == own]
            for st in members
        }
        steps, drift_score = drift_mod.analyse(
            chain.id, verdict.promises, members, terms, figures, owners
        )
        area = (
            chain.metric.area
            if chain.metric and chain.metric.area
            else lex.area_of(chain.title + "".join(st.text for st in members[:1]))
        )
        chain_rows.append(
            {
                "id": chain.id,
                "title": chain.title,
                "metric": chain.metric.key
                if chain.metric
                else (chain.key[2:] if chain.key.startswith("k:") else None),
                "area": area,
                "kind": chain.kind,
                "status": str(verdict.status),
                "binding": int(bool(head and head.binding)),
                "headline": head.id if head else None,
                "theme": int(verdict.theme),
                "drift": drift_json(steps),
                "drift_score": drift_score,
                "reasons": _dumps(_chain_reasons(chain)),
                "years": _dumps(sorted({st.year or st.doc_year for st in members})),
                "docs": _dumps(list(dict.fromkeys(st.doc for st in members))),
            }
        )
        for p in verdict.promises:
            if p.id not in seen:
                seen.add(p.id)
                promise_rows.append(promise_row(p))
        for pos, st in enumerate(members):
            member_rows.append(
                {
                    "chain": chain.id,
                    "statement": st.id,
                    "doc": st.doc,
                    "position": pos,
                    "score": scores.get(st.id),
                    "reasons": _dumps(chain.members[st.id]),
                    # the goal's own numbers here: quantity ids (the rows hold value and offsets)
                    "figures": _dumps(figures[st.id]),
                }
            )
    for table, rows in (
        ("chains", chain_rows),
        ("chain_members", member_rows),
        ("promises", promise_rows),
    ):
        insert_rows(db, table, rows)
    return len(chain_rows)


_NO_PLACE = Place(docs={})


def goal_of(chain: Chain) -> verdicts.Goal:
    return verdicts.Goal(
        id=chain.id,
        key=chain.key,
        kind=chain.kind,
        title=chain.title,
        names=chain.names,
        members=tuple(chain.members),
        higher=chain.metric.higher if chain.metric else None,
        aliases=chain.metric.aliases if chain.metric else (),
    )


def _chain_reasons(chain: Chain) -> list[str]:
    kind = {
        "m": "lexicon metric",
        "k": "same metric phrase",
        "e": "same name",
        "p": "shared phrase",
    }
    return [f"{kind[chain.key[0]]}: {chain.key[2:]}"]


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
