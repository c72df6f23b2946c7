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

from . import drift as drift_mod
from . import entities, progress, textsim
from .lexicon import Lexicon, Metric
from .lexicon import fold as lex_fold
from .lexicon import load as load_lexicon
from .review import decisions
from .store import ensure_schema

# Score weights: what each kind of evidence adds to a member's link score (0..1).
W_METRIC, W_TEXT, W_ENTITY, W_NUMBER = 0.45, 0.3, 0.15, 0.1
MENTION_MIN = 0.42  # a statement that only names a metric joins above this combined score
MENTION_TEXT_FLOOR = 40.0  # partial_ratio below this counts as no likeness
NAME_CUTOFF = 72.0  # rapidfuzz ratio for two names to be one (numbers removed)
NAME_CUTOFF_NUMBER = 35.0  # … when they also share a distinctive number
NAME_PREFIX = 5  # names that open with the same five characters (吉化转型升级…) are one
FALLBACK_SAME = 90.0  # rapidfuzz ratio for two metric phrases outside the lexicon to be one
SUFFIX_MERGE = False  # 示范家庭农场 is not 家庭农场: a modifier often makes another metric
BLOCK_CAP = 40
NEIGHBOURS = 3  # a member is scored against this many members before and after it  # a bigram or 4-gram shared by more statements than this does not block
OVERVIEW_NAMES = 6  # a statement naming more things than this is an overview
PHRASES = True  # shared rare phrases: mottos and initiatives without a name
PHRASE_MIN = 7  # characters of a shared rare phrase
PHRASE_DF = 5  # a phrase in more statements than this is boilerplate

_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?]")
_AFTER_BREAK = re.compile(r"[，,。；;：:！？!?、]")  # a list item ends where the next begins
_ROW_LABEL = re.compile(r"^\s*\d+\s*")
_YEAR = re.compile(r"(?:19|20)\d{2}年?|\d{1,2}月|[一二三四五六七八九十]+五")
_NUMERIC = re.compile(r"[\d.%％]+")
_STRIP_LEAD = re.compile(
    r"^(?:全市|全区|全县|全省|全国|全年|今年|去年|预计|其中|累计|新增|新建|新改建|改造|建设|完成|实施|"
    r"打造|推动|实现|确保|力争|争取|开展|加快|推进|持续|年均|总计|共|再|新|年)+"
)
_STRIP_TAIL = re.compile(
    r"(?:达到|发展到|提高到|提升到|增加到|增至|压缩至|缩短至|降至|降低到|稳定在|保持在|控制在|"
    r"突破|超过|不低于|不少于|以上|左右|以内|增长|下降|提高|降低|减少|增加|实现|完成|达|为|约|"
    r"均|分别|同比|比上年|年均|累计|共|是|了|近|超|逾|在|于|至|到|的|计划|目标|规模)+$"
)
# A clause ending so says that the number after it measures the words before it.
_MEASURING_END = re.compile(
    r"(?:达到|发展到|提高到|提升到|增加到|增至|压缩至|缩短至|降至|降低到|稳定在|保持在|控制在|突破|超过|"
    r"不低于|不少于|增长|下降|提高|降低|减少|增加|为|达)\s*$"
)
_MEASURE_TAIL = re.compile(r"(?:面积|数量|规模|个数|总数|总量)$")
# Function words and counters cut a shared phrase's edges (…的, 和…, 户省级…).
_PHRASE_EDGE = re.compile(r"^[的和与及等在为是了并户级个项家名万亿\d.]+|[的和与及等在为是了并大\d.]+$")
_PAREN = re.compile(r"[（(][^（()）]{0,12}[）)]")
_FILLER = re.compile(r"据预计|预计|预期性|约束性|分别|力争|其中")
_NUM_UNIT = re.compile(r"\d+(?:\.\d+)?[万亿千百]*[个件人户家座条项名岁年头只吨亩元斤米%]?")
_DISTINCT = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 100.0}


@dataclass
class Stmt:
    id: str
    doc: str
    doc_year: int
    doc_pos: int
    doc_kind: str
    seq: int
    place: str
    text: str
    role: str | None
    year: int | None
    kind: str
    quantities: list[dict] = field(default_factory=list)
    norm: str = ""
    measured: dict[str, str] = field(default_factory=dict)  # chain key -> metric phrase
    mentions: set[str] = field(default_factory=set)  # lexicon keys named without a number
    names: tuple[str, ...] = ()
    numbers: set[tuple[float, str]] = field(default_factory=set)
    qkeys: dict[str, str] = field(default_factory=dict)  # quantity id -> chain key

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.doc_year, self.doc_pos, self.seq)


@dataclass
class Chain:
    key: str  # what founded it: "m:<metric>", "k:<phrase>", "e:<name>", "p:<phrase>"
    kind: str  # metric | project | goal
    title: str
    metric: Metric | None
    members: dict[str, list[str]] = field(default_factory=dict)  # statement -> reasons

    @property
    def id(self) -> str:
        if self.key.startswith("m:"):
            return self.key
        digest = hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:10]
        return f"{self.key[0]}:{digest}"


# -- loading ------------------------------------------------------------------------------


def load_statements(db: sqlite_utils.Database) -> list[Stmt]:
    """Primary statements (repeats left out) with their quantities, in corpus order."""
    stmts: dict[str, Stmt] = {}
    for r in db.query(
        """select s.id, s.doc, s.seq, s.text, s.role, s.year, s.kind, d.year as doc_year,
          d.position as doc_pos, d.kind as doc_kind, d.place
        from statements s join documents d on d.id = s.doc
        where s.repeat_of is null order by d.position, s.seq"""
    ):
        stmts[r["id"]] = Stmt(
            id=r["id"], doc=r["doc"], doc_year=r["doc_year"] or 0, doc_pos=r["doc_pos"] or 0,
            doc_kind=r["doc_kind"] or "", seq=r["seq"] or 0, place=r["place"] or "",
            text=r["text"] or "",
            role=r["role"], year=r["year"], kind=r["kind"] or "sentence",
        )
    for q in db.query("select * from quantities order by statement, start"):
        st = stmts.get(q["statement"])
        if st is not None:
            st.quantities.append(dict(q))
    return list(stmts.values())


def quantity_context(st: Stmt, q: dict) -> tuple[str, str, str]:
    """(words before the number in its clause, words after it, the statement before that).

    Chinese names a metric before its number (粮食产量91.06亿斤) or counts before the noun
    (153户“双停”企业); a table row names it in its label.
    """
    text = st.text
    if st.kind == "table-row":
        label = _ROW_LABEL.sub("", text)
        return re.split(r"\s\d", label, maxsplit=1)[0], "", ""
    pos = text.find(q["text"]) if q.get("text") else -1
    if pos < 0:
        pos = text.find(_fmt(q["value"]))
    if pos < 0:
        pos = len(text) // 2
    start = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, pos):
        start = m.end()
    end_num = pos + len(q.get("text") or "")
    nxt = _AFTER_BREAK.search(text, end_num)
    after = text[end_num : nxt.start() if nxt else len(text)]
    before = text[start:pos]
    item = before.rsplit("、", 1)[-1]
    if item != before and len(re.findall(r"[\u4e00-\u9fff]", item)) >= 2:
        before = item  # "市场主体3.7万户、企业7000户": the second number counts 企业
    return before, after, text[max(0, start - 24) : start]


def _fmt(value: float | None) -> str:
    if value is None:
        return "\0"
    return str(int(value)) if float(value).is_integer() else str(value)


def _subject(clause: str) -> str:
    """In 'A占B比重' the metric is A, not B."""
    return clause.split("占", 1)[0] if "占" in clause[1:] else clause


def _metric_of(clause: str, lex: Lexicon) -> Metric | None:
    """The lexicon metric a clause measures; none when it is one part of a compound
    ('合作社和家庭农场' is not 家庭农场)."""
    found = lex.find(clause)
    if not found:
        return None
    best = max(found, key=lambda m: (m.end, m.end - m.start))
    head = lex_fold(clause)[: best.start]
    if head.endswith(("和", "及", "与", "或")) and len(head) >= 3:
        if not any(m.metric.key == best.metric.key for m in found if m.end <= best.start):
            return None
    return best.metric


_AFTER_QUAL = re.compile(r"^(?:以上|左右|以内|以下|余|多|等|次)+")
_CJK_START = re.compile(r"[\u4e00-\u9fff“\"]")


def _attribute(after: str) -> bool:
    """A number followed by a noun (120万吨冷轧, 15万吨原丝项目) describes a thing; it does
    not measure the words before it."""
    return bool(_CJK_START.match(_AFTER_QUAL.sub("", after.strip())))


def fallback_key(phrase: str) -> str:
    """A metric phrase outside the lexicon, reduced to the words that name the metric."""
    p = textsim.nfkc(phrase)
    p = _YEAR.sub("", p)
    p = _PAREN.sub("", p)
    p = _FILLER.sub("", p)
    p = _NUM_UNIT.sub("", p)
    p = re.sub(r"[\s“”\"'‘’《》、·—\-]+", "", p)
    p = _NUMERIC.sub("", p)
    p = re.split(r"[>/]", p)[-1]
    prev = None
    while prev != p:
        prev = p
        p = _STRIP_LEAD.sub("", p)
        p = _STRIP_TAIL.sub("", p)
    p = _MEASURE_TAIL.sub("", p) if len(p) > 5 else p
    return p[-12:] if len(p) >= 3 else ""


def annotate(stmts: list[Stmt], lex: Lexicon) -> None:
    """Metrics measured and named, names and distinctive numbers of each statement."""
    norm = textsim.Normaliser(lex.boilerplate)
    for st in stmts:
        st.norm = norm(st.text)
        st.names = entities.find(st.text)
        for q in st.quantities:
            before, after, earlier = quantity_context(st, q)
            clause = _subject(before)
            metric = _metric_of(clause, lex)
            if metric is None and q.get("metric"):
                metric = _metric_of(_subject(q["metric"]), lex)
            if metric is None:
                metric = lex.elliptic(clause, earlier)
            if metric is None and not _MEASURING_END.search(clause):
                metric = _metric_of(after[:12], lex)
            if metric is not None:
                st.measured.setdefault(f"m:{metric.key}", metric.name)
                st.qkeys[q["id"]] = f"m:{metric.key}"
            elif st.kind == "table-row" or _MEASURING_END.search(clause) or not _attribute(after):
                key = fallback_key(clause)
                if key and key not in lex.generic_keys:
                    st.measured.setdefault(f"k:{key}", key)
                    st.qkeys[q["id"]] = f"k:{key}"
            value = q.get("norm_value") if q.get("norm_value") is not None else q.get("value")
            if value is not None and float(value) not in _DISTINCT:
                st.numbers.add((round(float(value), 6), q.get("norm_unit") or q.get("unit") or ""))
        measured_keys = {k[2:] for k in st.measured if k.startswith("m:")}
        st.mentions = {m.metric.key for m in lex.find(st.text)} - measured_keys


def merge_fallback_keys(stmts: list[Stmt]) -> None:
    """One metric written with or without a modifier (省级以上科技企业孵化器 / 科技企业孵化器)
    is one key: a key that ends another (5+ characters) or reads almost the same joins it."""
    keys = sorted({k for st in stmts for k in st.measured if k.startswith("k:")})
    if not keys:
        return
    words = [k[2:] for k in keys]
    uf = _Union(len(words))
    pairs = _candidate_pairs(words, 2)
    scores = textsim.pairwise([words[i] for i, _ in pairs], [words[j] for _, j in pairs],
                              cutoff=FALLBACK_SAME)
    for (i, j), score in zip(pairs, scores, strict=True):
        short, long_ = sorted((words[i], words[j]), key=len)
        if score >= FALLBACK_SAME or (len(short) >= 4 and (SUFFIX_MERGE and long_.endswith(short)
                                                         or long_.startswith(short))):
            uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(words)):
        groups[uf.find(i)].append(i)
    rename = {}
    for idx in groups.values():
        canon = min((words[i] for i in idx), key=lambda w: (len(w), w))
        for i in idx:
            rename[keys[i]] = f"k:{canon}"
    for st in stmts:
        st.measured = {rename.get(k, k): v for k, v in st.measured.items()}
        st.qkeys = {q: rename.get(k, k) for q, k in st.qkeys.items()}


# -- blocking -----------------------------------------------------------------------------


def _postings(items: list[str], n: int) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(items):
        for g in textsim.ngrams(s, n):
            postings[g].append(i)
    return postings


def _blocks(items: list[str], n: int, cap: int,
            postings: dict[str, list[int]] | None = None) -> Iterable[list[int]]:
    """Groups of item indexes sharing a character n-gram that at most ``cap`` items share."""
    postings = postings if postings is not None else _postings(items, n)
    for g in sorted(postings):
        ids = postings[g]
        if 1 < len(ids) <= cap:
            yield ids


def _candidate_pairs(items: list[str], n: int, min_shared: int = 1) -> list[tuple[int, int]]:
    """Index pairs (i < j) sharing at least ``min_shared`` blocking n-grams, sorted."""
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in _blocks(items, n, BLOCK_CAP):
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                shared[(ids[a], ids[b]) if ids[a] < ids[b] else (ids[b], ids[a])] += 1
    return sorted(p for p, k in shared.items() if k >= min_shared)


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# -- chains from each kind of evidence ------------------------------------------------------


def metric_chains(stmts: list[Stmt], lex: Lexicon) -> list[Chain]:
    # One government's figures are not another's: with several places, a metric chain
    # is kept per place.
    places = len({st.place for st in stmts}) > 1
    by_key: dict[str, list[Stmt]] = defaultdict(list)
    for st in stmts:
        for key in st.measured:
            by_key[f"{key}@{st.place}" if places else key].append(st)
    chains = []
    for key in sorted(by_key):
        members = by_key[key]
        metric = lex.metrics.get(key[2:].split("@")[0]) if key.startswith("m:") else None
        title = metric.name if metric else key[2:]
        chain = Chain(key=key, kind="metric", title=title, metric=metric)
        for st in members:
            reason = f"metric {metric.name if metric else key[2:]}"
            chain.members[st.id] = [reason]
        chains.append(chain)
    _add_mentions(chains, stmts)
    return chains


def _add_mentions(chains: list[Chain], stmts: list[Stmt]) -> None:
    """Statements naming a lexicon metric without measuring it join when close enough."""
    by_id = {st.id: st for st in stmts}
    by_metric = {c.key[2:]: c for c in chains if c.metric is not None}
    places = len({st.place for st in stmts}) > 1
    waiting: dict[str, list[Stmt]] = defaultdict(list)
    for st in stmts:
        for key in st.mentions:
            key = f"{key}@{st.place}" if places else key
            if key in by_metric:
                waiting[key].append(st)
    for key in sorted(waiting):
        chain = by_metric[key]
        measured = [by_id[s] for s in chain.members]
        cands = waiting[key]
        scores = textsim.cdist([c.norm for c in cands], [m.norm for m in measured],
                               scorer=fuzz.partial_ratio, cutoff=MENTION_TEXT_FLOOR)
        for i, st in enumerate(cands):
            others = [j for j, m in enumerate(measured) if m.doc != st.doc] or range(len(measured))
            best = max((float(scores[i][j]) for j in others), default=0.0)
            score = W_METRIC * 0.6 + W_TEXT * best / 100 + W_ENTITY * _shares_name(st, measured)
            if score >= MENTION_MIN:
                chain.members[st.id] = [f"names {chain.title}", f"text {best:.0f}"]


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
        target = overviews if len(st.names) > OVERVIEW_NAMES else owners
        for name in st.names:
            target[name].append(st)
    names = sorted(owners)
    if not names:
        return []
    names = [n for n in names if entities.identifying(n)]
    if not names:
        return []
    bare = [entities.core(n) for n in names]
    numbers = [entities.measures(n) for n in names]
    # Only a number+unit that few names carry ties them (120米 does; 120万吨 is everywhere).
    spread: dict[str, int] = defaultdict(int)
    for ms in numbers:
        for m in ms:
            spread[m] += 1
    numbers = [{m for m in ms if spread[m] <= 2} for ms in numbers]
    uf = _Union(len(names))
    pairs = _candidate_pairs(bare, 2)
    scores = textsim.pairwise([bare[i] for i, _ in pairs], [bare[j] for _, j in pairs],
                              cutoff=NAME_CUTOFF_NUMBER)
    for (i, j), s in zip(pairs, scores, strict=True):
        if not entities.same_thing_possible(names[i], names[j]):
            continue
        if numbers[i] & numbers[j] and s >= NAME_CUTOFF_NUMBER:
            uf.union(i, j)  # a rare number and some likeness: one thing, whatever its kind word
        elif entities.same_kind_possible(names[i], names[j]) and (
                s >= NAME_CUTOFF or len(os.path.commonprefix([bare[i], bare[j]])) >= NAME_PREFIX):
            uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(names)):
        groups[uf.find(i)].append(i)
    chains = []
    for idx in groups.values():
        members: dict[str, Stmt] = {}
        for i in idx:
            for st in owners[names[i]]:
                members.setdefault(st.id, st)
        if len({st.doc for st in members.values()}) < 2 and not _spans_roles(members.values()):
            continue
        for i in idx:
            for st in overviews.get(names[i], []):
                members.setdefault(st.id, st)
        first = min(members.values(), key=lambda s: s.order)
        group = {names[i] for i in idx}
        title = next((n for n in first.names if n in group), names[idx[0]])
        chain = Chain(key=f"e:{title}", kind="project" if lex.area_of(title) == "项目" else "goal",
                      title=title, metric=None)
        for st in sorted(members.values(), key=lambda s: s.order):
            shared = [names[i] for i in idx if names[i] in st.names]
            chain.members[st.id] = [f"names {shared[0]}"] if shared else []
        chains.append(chain)
    return chains


def _spans_roles(members: Iterable[Stmt]) -> bool:
    return len({(st.role, st.year) for st in members}) > 1


def phrase_chains(stmts: list[Stmt], lex: Lexicon) -> list[Chain]:
    """Statements of different documents sharing a rare long phrase (a motto, an initiative)."""
    texts = [st.norm for st in stmts]
    found: set[str] = set()
    shared: dict[tuple[int, int], int] = defaultdict(int)
    postings = _postings(texts, 4)
    for block in _blocks(texts, 4, PHRASE_DF, postings):
        for a in range(len(block)):
            for b in range(a + 1, len(block)):
                shared[(block[a], block[b])] += 1
    # A shared phrase of PHRASE_MIN characters shares PHRASE_MIN - 3 consecutive 4-grams.
    for (i, j), k in sorted(shared.items()):
        if k < PHRASE_MIN - 3 or stmts[i].doc == stmts[j].doc:
            continue
        sm = SequenceMatcher(None, texts[i], texts[j], autojunk=False)
        m = sm.find_longest_match(0, len(texts[i]), 0, len(texts[j]))
        phrase = _PHRASE_EDGE.sub("", texts[i][m.a : m.a + m.size])
        if (len(phrase) >= PHRASE_MIN and not phrase.isdigit() and not lex.covers(phrase)
                and not any(w in phrase for w in lex.rhetoric)):
            found.add(phrase)
    chains = []
    for phrase in sorted(found, key=lambda p: (-len(p), p)):
        grams = sorted(textsim.ngrams(phrase, 4), key=lambda g: len(postings.get(g, ())))
        cands = postings.get(grams[0], []) if grams else []
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
    """Drop chains that another chain already covers (same or more members).

    Only chains holding a chain's first member can cover it, so each is checked against
    those few, never against all."""
    keep: list[Chain] = []
    holding: dict[str, list[int]] = defaultdict(list)  # statement -> kept chains holding it
    rank = {"m": 0, "k": 1, "e": 2, "p": 3}
    ordered = sorted(chains, key=lambda c: (rank[c.key[0]], -len(c.members), c.key))
    for chain in ordered:
        mine = set(chain.members)
        if len(mine) < 2:
            continue
        first = min(mine)
        if any(mine <= set(keep[k].members) for k in holding[first]
               if keep[k].key[0] in "ep" or chain.key[0] in "ep"):
            continue
        for st in mine:
            holding[st].append(len(keep))
        keep.append(chain)
    return keep


def _qualifies(chain: Chain, by_id: dict[str, Stmt]) -> bool:
    members = [by_id[s] for s in chain.members if s in by_id]
    if len(members) < 2:
        return False
    return len({st.doc for st in members}) > 1 or _spans_roles(members)


def _apply_reviews(db: sqlite_utils.Database, chains: dict[str, Chain], known: set[str]) -> None:
    dec = decisions(db)
    for chain_id, rejected in dec.rejected.items():
        chain = chains.get(chain_id)
        for st in rejected:
            if chain is not None:
                chain.members.pop(st, None)
    for chain_id, accepted in dec.accepted.items():
        chain = chains.get(chain_id)
        for st in sorted(accepted):
            if chain is not None and st in known:
                chain.members.setdefault(st, []).append("accepted by review")


def _score_members(chain: Chain, by_id: dict[str, Stmt]) -> dict[str, float]:
    """Each member's link score against the rest of its chain, with reasons appended."""
    members = [by_id[s] for s in chain.members if s in by_id]
    texts = [st.norm for st in members]
    # Each member against its neighbours in time: linear in the chain, however long it is.
    near = {i: [j for j in range(max(0, i - NEIGHBOURS), min(len(members), i + NEIGHBOURS + 1))
                if j != i] for i in range(len(members))}
    pairs = [(i, j) for i in near for j in near[i] if i < j]
    sim = dict(zip(pairs, textsim.pairwise([texts[i] for i, _ in pairs],
                                           [texts[j] for _, j in pairs],
                                           scorer=fuzz.partial_ratio, cutoff=30), strict=True))
    scores = {}
    for i, st in enumerate(members):
        others = near[i]
        text = max((sim[(min(i, j), max(i, j))] for j in others), default=0.0)
        names = set(st.names)
        shared_names = sorted({n for j in others for n in names & set(members[j].names)})
        shared_nums = sorted({n for j in others for n in st.numbers & members[j].numbers})
        metric = 1.0 if any(r.startswith("metric") for r in chain.members[st.id]) else (
            0.6 if any(r.startswith("names") for r in chain.members[st.id]) else 0.0)
        score = (W_METRIC * metric + W_TEXT * text / 100 + W_ENTITY * bool(shared_names)
                 + W_NUMBER * bool(shared_nums))
        reasons = chain.members[st.id]
        reasons.append(f"text {text:.0f}")
        if shared_names and not any(r.startswith("names") for r in reasons):
            reasons.append(f"shared name {shared_names[0]}")
        if shared_nums:
            value, unit = shared_nums[0]
            reasons.append(f"number continuity {_fmt(value)}{unit}")
        scores[st.id] = round(score, 3)
    return scores


def build_chains(db: sqlite_utils.Database, lex: Lexicon | None = None) -> tuple[list[Chain], dict[str, Stmt]]:
    """All chains of the database, reviews applied, members in time order."""
    lex = lex or load_lexicon()
    stmts = load_statements(db)
    annotate(stmts, lex)
    merge_fallback_keys(stmts)
    by_id = {st.id: st for st in stmts}
    found = metric_chains(stmts, lex) + name_chains(stmts, lex) + (phrase_chains(stmts, lex) if PHRASES else [])
    found = [c for c in found if _qualifies(c, by_id)]
    chains = {c.id: c for c in _dedupe(found)}
    _apply_reviews(db, chains, set(by_id))
    out = []
    for cid in sorted(chains):
        chain = chains[cid]
        ordered = sorted((s for s in chain.members if s in by_id), key=lambda s: by_id[s].order)
        chain.members = {s: chain.members[s] for s in ordered}
        if chain.members:
            out.append(chain)
    return out, by_id


def link(db: sqlite_utils.Database, lexicon: Lexicon | None = None) -> int:
    """Fill ``chains`` and ``chain_members`` (verdicts and drift included); returns the count."""
    lex = lexicon or load_lexicon()
    ensure_schema(db)
    chains, by_id = build_chains(db, lex)
    db.execute("delete from chain_members")
    db.execute("delete from chains")
    ctx = corpus_context(db)
    chain_rows, member_rows = [], []
    for chain in chains:
        scores = _score_members(chain, by_id)
        members = [by_id[s] for s in chain.members]
        verdict = judge(chain, members, ctx)
        terms = list(chain.metric.aliases) if chain.metric else []
        anchors = terms + [chain.title] + sorted({n for st in members for n in st.names})
        own = chain.key.split("@")[0]
        numbers = {st.id: [q["norm_value"] if q["norm_value"] is not None else q["value"]
                           for q in st.quantities
                           if st.qkeys.get(q["id"]) == own and q["value"] is not None]
                   for st in members}
        changes = drift_mod.analyse(
            [(st.id, st.doc, progress.window(st.text, anchors, 30)) for st in members], terms,
            numbers)
        area = chain.metric.area if chain.metric and chain.metric.area else lex.area_of(
            chain.title + "".join(st.text for st in members[:1]))
        chain_rows.append({
            "id": chain.id, "title": chain.title, "metric": chain.metric.key if chain.metric else
            (chain.key[2:] if chain.key.startswith("k:") else None),
            "area": area, "kind": chain.kind, "status": verdict["status"],
            "binding": int(bool(verdict.get("binding"))),
            "progress": _dumps(verdict), "drift": _dumps(changes["steps"]),
            "drift_score": changes["score"], "reasons": _dumps(_chain_reasons(chain)),
            "years": _dumps(sorted({st.year or st.doc_year for st in members})),
            "docs": _dumps(list(dict.fromkeys(st.doc for st in members))),
        })
        for pos, st in enumerate(members):
            member_rows.append({
                "chain": chain.id, "statement": st.id, "doc": st.doc, "position": pos,
                "score": scores.get(st.id), "reasons": _dumps(chain.members[st.id]),
                "figures": _dumps([
                    _shown(q) for q in st.quantities if st.qkeys.get(q["id"]) == chain.key.split("@")[0]
                ]),
            })
    db["chains"].insert_all(chain_rows)
    db["chain_members"].insert_all(member_rows)
    return len(chain_rows)


def corpus_context(db: sqlite_utils.Database) -> progress.Context:
    docs = list(db.query("select id, year, kind from documents order by year, position"))
    ids = [d["id"] for d in docs]
    return progress.Context(
        doc_years={d["id"]: d["year"] or 0 for d in docs},
        doc_kinds={d["id"]: d["kind"] or "" for d in docs},
        latest_docs=tuple(ids[-2:]), newest=ids[-1] if ids else "",
    )


def judge(chain: Chain, members: list[Stmt], ctx: progress.Context) -> dict:
    """The chain's progress verdict: from its numbers when it has a metric, else its words."""
    order = {st.doc: (st.doc_year, st.doc_pos) for st in members}
    ranks = {doc: i for i, doc in enumerate(sorted(order, key=order.__getitem__))}
    figures = [
        _figure(st, q, ranks[st.doc]) for st in members for q in st.quantities
        if st.qkeys.get(q["id"]) == chain.key.split("@")[0] and q["value"] is not None
    ]
    if chain.key[0] in "mk" and figures:
        higher = chain.metric.higher if chain.metric else True
        verdict = progress.judge_figures(figures, ctx, higher)
    else:
        anchors = [chain.title] + sorted({n for st in members for n in st.names
                                          if entities.core(n) in entities.core(chain.title)
                                          or entities.core(chain.title) in entities.core(n)})
        verdict = progress.judge_wording(
            [(st.id, st.doc, st.text, st.role) for st in members], ctx, anchors)
    binding = bool(chain.metric and chain.metric.binding) or any("约束性" in st.text for st in members)
    verdict["binding"] = binding
    verdict = progress.finish(verdict, [st.doc for st in members], ctx)
    return {**dict.fromkeys(progress.KEYS), **verdict}


def _figure(st: Stmt, q: dict, doc_order: int) -> progress.Figure:
    """A quantity in base units (万/亿 applied), remembering how it was written."""
    value, hi, unit = q["value"], q["value_hi"], q["unit"] or ""
    scale = 1.0
    if q.get("norm_value") is not None and value:
        scale = q["norm_value"] / value
        value, hi, unit = q["norm_value"], q.get("norm_value_hi"), q.get("norm_unit") or unit
    return progress.Figure(
        statement=st.id, doc=st.doc, doc_order=doc_order, role=q["role"] or "",
        year=q["year"], value=value, value_hi=hi, unit=unit,
        qualifier=q["qualifier"] or "", estimate=bool(q["estimate"]),
        text=quantity_context(st, q)[0] + (q.get("text") or ""),
        scale=scale or 1.0, shown_unit=q["unit"] or unit, table=st.kind == "table-row",
    )


def _shown(q: dict) -> str:
    """A quantity as a reader would write it: qualifier kept, 预计 marked."""
    text = (q.get("text") or f"{_fmt(q['value'])}{q.get('unit') or ''}").replace(" ", "")
    qual = q.get("qualifier") or ""
    if qual and qual not in text:
        text = f"{text}{qual}" if qual in ("以上", "左右", "以内", "以下") else f"{qual}{text}"
    return f"{text}(预计)" if q.get("estimate") else text


def _chain_reasons(chain: Chain) -> list[str]:
    kind = {"m": "lexicon metric", "k": "same metric phrase", "e": "same name", "p": "shared phrase"}
    return [f"{kind[chain.key[0]]}: {chain.key[2:]}"]


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
