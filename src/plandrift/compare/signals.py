"""What each statement says about goals: the metrics its numbers measure, the metrics it
names, the things it names, and its distinctive numbers.

A number's metric is read from the words before it in its clause (粮食产量91.06亿斤), from
the words after it when Chinese counts before the noun (153户“双停”企业), from an earlier
clause when the sentence leaves it out (粮食丰收，产量达到…), or from a table row's label.
Outside the lexicon the metric phrase itself, cleaned, is the key.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

import sqlite_utils

from . import entities, textsim, tokens
from .blocking import UnionFind, candidate_pairs
from .lexicon import Lexicon, Metric
from .lexicon import fold as lex_fold

FALLBACK_SAME = 90.0  # rapidfuzz ratio for two metric phrases outside the lexicon to be one
SUFFIX_MERGE = False  # 示范家庭农场 is not 家庭农场: a modifier often makes another metric

_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?]")
_AFTER_BREAK = re.compile(r"[，,。；;：:！？!?、]")  # a list item ends where the next begins
_ROW_LABEL = re.compile(r"^\s*\d+\s*")
_YEAR = re.compile(r"(?:19|20)\d{2}年?|\d{1,2}月|[一二三四五六七八九十]+五")
_NUMERIC = re.compile(r"[\d.%％]+")
# A clause ending so says that the number after it measures the words before it.
_PAREN = re.compile(r"[（(][^（()）]{0,12}[）)]")
_NUM_UNIT = re.compile(r"\d+(?:\.\d+)?[万亿千百]*[个件人户家座条项名岁年头只吨亩元斤米%]?")
_ROW_VALUES = re.compile(r"\s(?=[\d—>≥<≤〔待])")  # where a row's label ends and its cells begin
_SENTENCE_END = re.compile(r"[。！？!?]\s*$")
SENTENCE_REACH = 60  # characters of earlier clauses a clause statement may look back on
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
    section: str = ""  # the section path: a five-year review says its figures span the period
    quantities: list[dict] = field(default_factory=list)
    norm: str = ""
    measured: dict[str, str] = field(default_factory=dict)  # chain key -> metric phrase
    mentions: set[str] = field(default_factory=set)  # lexicon keys named without a number
    names: tuple[str, ...] = ()
    head: str = ""  # the project this statement is an item of, in a project list
    numbers: set[tuple[float, str]] = field(default_factory=set)
    before: str = ""  # the earlier clauses of the sentence this clause statement goes on
    follows: str | None = None  # the clause statement just before, in the same sentence
    last_key: str | None = None  # the metric key of the last number in this statement
    qkeys: dict[str, str] = field(default_factory=dict)  # quantity id -> chain key

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.doc_year, self.doc_pos, self.seq)


def load_statements(db: sqlite_utils.Database, place: str | None = None) -> list[Stmt]:
    """Primary statements (repeats left out) with their quantities, in corpus order: every
    place's, or one ``place``'s ("" for documents of no place)."""
    stmts: dict[str, Stmt] = {}
    one = "" if place is None else " and coalesce(d.place, '') = ?"
    args = [] if place is None else [place]
    # From a place's documents to their statements (cross join: that order, by the doc
    # index), not from every primary statement of the corpus to its document.
    for r in db.query(
        f"""select s.id, s.doc, s.seq, s.text, s.role, s.year, s.kind, s.section_path,
          d.year as doc_year,
          d.position as doc_pos, d.kind as doc_kind, d.place
        from documents d cross join statements s on s.doc = d.id
        where s.repeat_of is null{one} order by d.position, s.seq""",
        args,
    ):
        stmts[r["id"]] = Stmt(
            id=r["id"],
            doc=r["doc"],
            doc_year=r["doc_year"] or 0,
            doc_pos=r["doc_pos"] or 0,
            doc_kind=r["doc_kind"] or "",
            seq=r["seq"] or 0,
            place=r["place"] or "",
            section=r["section_path"] or "",
            text=r["text"] or "",
            role=r["role"],
            year=r["year"],
            kind=r["kind"] or "sentence",
        )
    quantities = (
        "select q.* from documents d cross join statements s on s.doc = d.id "
        f"cross join quantities q on q.statement = s.id where 1{one}"
        if one
        else "select * from quantities q"
    )
    for q in db.query(f"{quantities} order by q.statement, q.start", args):
        st = stmts.get(q["statement"])
        if st is not None:
            st.quantities.append(dict(q))
    out = list(stmts.values())
    for prev, st in zip(out, out[1:], strict=False):
        # A clause goes on its sentence: what the clauses before it named still holds.
        if (
            st.kind == "clause"
            and prev.doc == st.doc
            and prev.seq == st.seq - 1
            and not _SENTENCE_END.search(prev.text)
        ):
            st.before = (prev.before + prev.text)[-SENTENCE_REACH:]
            st.follows = prev.id
    return out


def quantity_context(st: Stmt, q: dict) -> tuple[str, str, str]:
    """(words before the number in its clause, words after it, the statement before that).

    Chinese names a metric before its number (粮食产量91.06亿斤) or counts before the noun
    (153户“双停”企业); a table row names it in its label.
    """
    text = st.text
    if st.kind == "table-row":
        # The corpus names each cell's metric from its row (and sub-row) label; the raw row
        # may hold spaces inside its label (每千人口拥有 3岁以下婴幼儿托位数).
        if q.get("metric"):
            return q["metric"], "", ""
        label = _ROW_LABEL.sub("", text)
        return _ROW_VALUES.split(label, maxsplit=1)[0], "", ""
    pos = text.find(q["text"]) if q.get("text") else -1
    if pos < 0:
        pos = text.find(fmt_number(q["value"]))
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
    return before, after, (st.before + text[:start])[-24:]


def fmt_number(value: float | None) -> str:
    """A value as written: 85, not 85.0."""
    if value is None:
        return "\0"
    return str(int(value)) if float(value).is_integer() else str(value)


def fmt_scaled(value: float, unit: str) -> str:
    """A normalised value the way a report writes it: 8500000000斤 → 85亿斤."""
    for size, prefix in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            return f"{fmt_number(round(value / size, 4))}{prefix}{unit}"
    return f"{fmt_number(value)}{unit}"


_LISTS = ("分别", "依次", "、")
_SHARE = re.compile(r"^(?P<x>.+?)占(?P<y>[^占]*?)(?:的)?(?:比重|比例|份额)")


def _measuring_end(clause: str) -> bool:
    return clause.rstrip().endswith(key_words().measuring_ends)


def _elliptic_key(clause: str, earlier: str, lex: Lexicon) -> str:
    """再获粮食丰收，产量达到93.45亿斤: a bare measure noun (产量, 产值, 收入) measures the thing
    the sentence named just before it, lexicon or not."""
    bare = next((n for n in lex.measure_nouns if n in clause), "")
    if not bare:
        return ""
    nouns = [w for w, tag in tokens.tagged(earlier) if tag.startswith("n") and len(w) >= 2]
    return fallback_key(nouns[-1] + bare) if nouns else ""


def row_label(st: Stmt) -> str:
    """An indicator row's label (the words before its first cell)."""
    return _ROW_VALUES.split(_ROW_LABEL.sub("", st.text), maxsplit=1)[0]


def row_name(label: str) -> str:
    """An indicator row's label as a goal's name: its unit in brackets dropped."""
    return _PAREN.sub("", textsim.nfkc(label)).replace(" ", "").strip()


def _share_key(clause: str) -> str:
    """X占Y比重 is its own indicator, never X nor Y: a key of its own (民营经济增加值占比)."""
    m = _SHARE.search(textsim.nfkc(_ROW_LABEL.sub("", clause)))
    if not m:
        return ""
    x = fallback_key(m.group("x"))
    return f"{x}占比" if x else ""


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


@dataclass(frozen=True)
class KeyWords:
    leads: frozenset[str]
    tails: frozenset[str]
    measure_tails: frozenset[str]
    fillers: re.Pattern[str]
    max_chars: int
    synonyms: tuple[tuple[str, str], ...]
    drop: frozenset[str]
    measuring_ends: tuple[str, ...]
    zones: tuple[str, ...]
    attributes: tuple[str, ...]  # a project's sizes (建筑面积, 全长): no goal
    place_ends: tuple[str, ...]  # how a place's name ends (县, 区)
    threshold: re.Pattern[str]  # a number with 以上 before a noun: part of a name
    threshold_after: re.Pattern[str]  # … as the words after a number say it
    policies: tuple[str, ...]  # nouns of a policy whose count of articles names it
    article_units: frozenset[str]
    ranks: tuple[str, ...]  # a phrase ending so ranks a place (进入前十五位): no indicator


@cache
def key_words() -> KeyWords:
    data = tomllib.loads((Path(__file__).with_name("data") / "signals.toml").read_text("utf-8"))
    d = data["key"]
    fillers = "|".join(re.escape(w) for w in sorted(d["fillers"], key=len, reverse=True))
    synonyms = tuple(sorted(data.get("synonyms", {}).items(), key=lambda kv: -len(kv[0])))
    return KeyWords(
        frozenset(d["leads"]),
        frozenset(d["tails"]),
        frozenset(d["measure_tails"]),
        re.compile(fillers),
        int(d["max_chars"]),
        synonyms,
        frozenset(d.get("drop", ())),
        tuple(d["measuring_ends"]),
        tuple(d["zones"]),
        tuple(d["attributes"]),
        tuple(d["place_ends"]),
        re.compile(d["threshold"]),
        re.compile(d["threshold_after"]),
        tuple(d["policies"]),
        frozenset(d["article_units"]),
        tuple(d["ranks"]),
    )


def _without_numbers(phrase: str, threshold: re.Pattern[str]) -> str:
    """``phrase`` without its numbers, except the thresholds that say which things are
    counted (开复工5000万元以上项目, 66千伏以上变电站): those are part of the name."""
    out, last = [], 0
    for m in threshold.finditer(phrase):
        out += [_NUMERIC.sub("", _NUM_UNIT.sub("", phrase[last : m.start()])), m.group()]
        last = m.end()
    return "".join(out) + _NUMERIC.sub("", _NUM_UNIT.sub("", phrase[last:]))


def threshold(after: str, unit: str) -> bool:
    """Whether a number is a threshold naming what is counted (5000万元|以上项目), by the
    words after it: it measures no goal of its own. A rate never is (7%以上的中高速增长)."""
    return "%" not in unit and bool(key_words().threshold_after.match(after))


def _place(key: str) -> bool:
    """Whether a key is a place's name (永吉县, 丰满区): one word or place names only, ending
    as a place ends (防沙治沙 reads as two place names to jieba, but ends as none)."""
    if not key.endswith(key_words().place_ends):
        return False
    tagged = tokens.tagged(key)
    if len(tagged) == 1:
        return tagged[0][1] in ("ns", "nr", "nz")  # 丰满区 is read as a name; 示范村 is no place
    return all(tag.startswith("ns") for _, tag in tagged)


def _bare(clause: str) -> bool:
    """Whether a clause names nothing of its own, only how (累计建成): its number's subject
    then carries over from the clause before; 新建棚室 names 棚室."""
    k = key_words()
    return all(
        w in k.leads or w in k.tails or w in k.drop or tag.startswith(("v", "d", "p", "m", "q"))
        for w, tag in tokens.tagged(textsim.nfkc(clause))
        if w.strip()
    )


@tokens.memo
def fallback_key(phrase: str) -> str:
    """A metric phrase outside the lexicon, reduced to the words that name the metric: the
    verbs, qualifiers and scope words around it go, whole words at a time, and a long
    phrase keeps its last words (劳动年龄人口平均受教育年限 stays whole)."""
    k = key_words()
    p = textsim.nfkc(phrase)
    p = _YEAR.sub("", p)
    p = _PAREN.sub("", p)
    p = k.fillers.sub("", p)
    p = re.sub(r"[\s“”\"'‘’《》、·—\-]+", "", p)
    p = _without_numbers(p, k.threshold)
    p = re.split(r"[>/]", p)[-1]
    for spelled, as_key in k.synonyms:
        p = p.replace(spelled, as_key)
    words = [w for w in tokens.words(p) if w not in k.drop] or list(tokens.words(p))
    while len(words) > 1 and (words[0] in k.leads or words[-1] in k.tails):
        if words[0] in k.leads:
            words.pop(0)
        if len(words) > 1 and words[-1] in k.tails:
            words.pop()
    if len(words) > 1 and words[-1] in k.measure_tails and len("".join(words)) > 5:
        words.pop()
    # a threshold counts as one word of the length (开复工投资5000万元以上重点项目)
    while len(words) > 1 and len(k.threshold.sub("N", "".join(words))) > k.max_chars:
        words.pop(0)
    key = "".join(words)
    if _place(key) or key.endswith(k.zones):
        return ""  # 永吉县596.59公里, 经开区…公里: a place names no indicator
    if key.endswith(k.ranks):
        return ""  # 桦甸力争进入前十五位: a place's rank, not an indicator's value
    if key.startswith(k.attributes):
        return ""  # 建筑面积地上75万平方米: the size of a project
    return key if len(key) >= 3 else ""


class Cache(Protocol):
    """Signals worked out before, for statements whose inputs are unchanged: a statement's
    signals depend only on its text, its sentence, its section, its quantities and the key
    carried from the clause before (``carried``), so they are kept between links."""

    def restore(self, st: Stmt, carried: str | None) -> bool:
        """Put the kept signals on ``st``; False when there are none for these inputs."""
        ...

    def keep(self, st: Stmt, carried: str | None) -> None:
        """Keep the signals just worked out for ``st``."""
        ...


def annotate(stmts: list[Stmt], lex: Lexicon, cache: Cache | None = None) -> None:
    """Metrics measured and named, names and distinctive numbers of each statement; those
    ``cache`` holds are taken from it, the others worked out and given to it."""
    norm = textsim.Normaliser(lex.boilerplate)
    by_id: dict[str, Stmt] = {}
    for st in stmts:
        by_id[st.id] = st
        st.norm = norm(st.text)
        carried = by_id[st.follows].last_key if st.follows in by_id else None
        if cache is not None and cache.restore(st, carried):
            continue
        _annotate_one(st, lex, carried)
        if cache is not None:
            cache.keep(st, carried)


def _annotate_one(st: Stmt, lex: Lexicon, carried: str | None) -> None:
    """One statement's signals (``annotate``), ``carried`` the key its clause may go on."""
    st.names = entities.item_names(st.text)
    st.head = entities.item_head(st.text)
    # a clause that goes on a project list's item (X项目：建设…，沈吉铁路21公里) is one too
    attributes = entities.project_item(st.before + st.text, st.section)
    for q in st.quantities:
        if attributes:
            continue  # 污水处理厂项目：日处理能力5万吨: the project's size, no goal figure
        before, after, earlier = quantity_context(st, q)
        if before.endswith(("（", "(")) and after.startswith(("）", ")")):
            continue  # 成长类（3个）：: a count in brackets sizes a list, no goal figure
        if q.get("unit") in key_words().article_units and before.endswith(key_words().policies):
            continue  # 人才新政27条: the policy's articles, its name, no goal figure
        if threshold(after, q.get("unit") or ""):
            continue  # 开复工5000万元以上项目405个: 5000万元 says which projects count
        clause = _subject(before)
        share = _share_key(before)
        own = q.get("metric") or ""
        # In a list (肉牛、白鹅、生猪饲养量分别达到…) the corpus gives each number its own noun.
        listed = bool(own) and own != clause and any(m in before for m in _LISTS)
        metric = None if share else _metric_of(_subject(own), lex) if listed else None
        if metric is None and not share and not listed:
            metric = _metric_of(clause, lex)
        if metric is None and own and not share and not listed:
            metric = _metric_of(_subject(own), lex)
        if listed and metric is None:
            clause = own  # 一、二、三产增加值分别增长…: this number's noun, not the clause's
        if metric is None and not share:
            metric = lex.elliptic(clause, earlier)
        if metric is None and not share and not _measuring_end(clause):
            metric = _metric_of(after[:12], lex)
        row = row_name(q["metric"]) if st.kind == "table-row" and q.get("metric") else ""
        if share:
            st.measured.setdefault(f"k:{share}", row or share)
            st.qkeys[q["id"]] = f"k:{share}"
        elif metric is not None:
            st.measured.setdefault(f"m:{metric.key}", metric.name)
            st.qkeys[q["id"]] = f"m:{metric.key}"
        elif st.kind == "table-row" or _measuring_end(clause) or not _attribute(after):
            key = fallback_key(clause) or _elliptic_key(clause, earlier, lex)
            if key and key not in lex.generic_keys:
                st.measured.setdefault(f"k:{key}", row or key)
                st.qkeys[q["id"]] = f"k:{key}"
            elif not key and carried and not _attribute(after) and _bare(clause):
                # 新建高标准农田59.8万亩，累计建成406万亩: the subject carries over.
                st.measured.setdefault(carried, carried[2:])
                st.qkeys[q["id"]] = carried
        carried = st.qkeys.get(q["id"], carried)
        st.last_key = carried
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
    uf = UnionFind(len(words))
    pairs = candidate_pairs(words, 2)
    scores = textsim.pairwise(
        [words[i] for i, _ in pairs], [words[j] for _, j in pairs], cutoff=FALLBACK_SAME
    )
    limits = [key_words().threshold.findall(w) for w in words]
    for (i, j), score in zip(pairs, scores, strict=True):
        if limits[i] != limits[j]:
            continue  # 1亿元以上项目 and 10亿元以上项目 count other projects
        short, long_ = sorted((words[i], words[j]), key=len)
        if score >= FALLBACK_SAME or (
            len(short) >= 4 and (SUFFIX_MERGE and long_.endswith(short) or long_.startswith(short))
        ):
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
