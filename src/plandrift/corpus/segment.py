"""Split cleaned text into sections (a heading hierarchy), statements and gazette articles.

Cleaned text holds one paragraph, heading or table row per line. Headings are recognised by
the patterns of ``data/headings.toml`` and nest by their rank; statements are sentences, or
the clauses of a sentence that lists separate goals (at ``；``, or at ``，`` where each clause
has a metric and a number of its own: ``goal_breaks``, which finds the numbers with the
low-level scanner of ``measures``), or the rows of an indicator table. A heading line that
states a figure is a statement as well. Every row keeps exact cleaned offsets:
``text == cleaned.text[cstart:cend]``; ``run``, the segment stage, gives the rows their
stable ids and raw offsets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from . import rules
from .articles import ArticleStart, find_articles
from .ids import IdMaker
from .measures import Hit, after_qualifier, qualifiers, scan, strip_metric
from .models import Article, Cleaned, DocSpec, Section, Statement
from .numbers import Numeral
from .parsed import ParsedDocument
from .tables import is_header, table_rules

_SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”’」』）)]*)?|[。！？!?]+")
_CLAUSE = re.compile(r"[^；;]+(?:[；;]|$)")
_END = "。！？；;!?"
_CLOSERS = "”’」』）)】》"
_ROW = re.compile(r"^(\d{1,2}) (?=[^\s\d.])")
_MIN_CLAUSE = 6
_DIGIT = re.compile(r"\d")
_CHINESE_DIGIT = re.compile("[一二两三四五六七八九十百千半]")


@dataclass(frozen=True)
class HeadingRule:
    kind: str
    rank: int
    pattern: re.Pattern[str]
    max_len: int
    lead: bool


SHAPE = rules.Table(
    {
        "heading": rules.Tables(
            rules.Table(
                {
                    "kind": rules.STR,
                    "rank": rules.INT,
                    "pattern": rules.PATTERN,
                    "max_len": rules.INT,
                    "lead": rules.BOOL,
                },
                optional=frozenset({"pattern", "max_len", "lead"}),  # a rank only: article
            )
        ),
        "subhead": rules.Table(
            {
                "kind": rules.STR,
                "rank": rules.INT,
                "max_len": rules.INT,
                "skip": rules.PATTERNS,
                "claim_min_len": rules.INT,
                "claim_verbs": rules.WORDS,
            }
        ),
        "box": rules.Table({"prose_sentences": rules.INT}),
        "articles": rules.Table(
            {"title": rules.PATTERN, "issuer": rules.PATTERN, "max_len": rules.INT}
        ),
    }
)


@cache
def config() -> dict[str, Any]:
    """``data/headings.toml`` with its regexes compiled."""
    data = rules.load("headings.toml", SHAPE)
    headings = [
        HeadingRule(
            h["kind"], h["rank"], re.compile(h["pattern"]), h["max_len"], h.get("lead", False)
        )
        for h in data["heading"]
        if "pattern" in h
    ]
    ranks = {h["kind"]: h["rank"] for h in data["heading"]}
    sub = data["subhead"]
    skip = re.compile("|".join(f"(?:{p})" for p in sub["skip"]))
    art = data["articles"]
    articles = {
        "title": re.compile(art["title"]),
        "issuer": re.compile(art["issuer"]),
        "max_len": art["max_len"],
        "skip": skip,
    }
    return {
        "rules": headings,
        "ranks": ranks,
        "subhead": sub,
        "skip": skip,
        "box": data["box"],
        "articles": articles,
    }


@dataclass
class Heading:
    kind: str
    rank: int
    title: str
    end: int  # paragraph-relative end of the heading text (body follows when < len)


def classify(par: str) -> Heading | None:
    """The heading a paragraph is (or starts with), by the first matching rule."""
    cfg = config()
    for rule in cfg["rules"]:
        m = rule.pattern.match(par)
        if not m:
            continue
        title = m.group("title") if "title" in rule.pattern.groupindex else None
        if len(par) <= rule.max_len and not _has_inner_sentence(par):
            return Heading(rule.kind, rule.rank, (title or par).strip(), len(par))
        if rule.lead:
            first = m.group(0) if m.group(0)[-1] in "。：:；！？" else _first_sentence(par)
            if first and len(first) <= rule.max_len + 1:
                return Heading(
                    rule.kind, rule.rank, (title or first.rstrip(_END)).strip(), len(first)
                )
    sub = cfg["subhead"]
    if _is_subhead(par, sub["max_len"]) and not cfg["skip"].search(par):
        return Heading(sub["kind"], sub["rank"], par, len(par))
    return None


def _has_inner_sentence(par: str) -> bool:
    body = par.rstrip(_CLOSERS).rstrip(_END)
    return any(ch in "。！？；" for ch in body)


def _first_sentence(par: str) -> str:
    m = _SENTENCE.match(par)
    return m.group(0) if m and m.end() < len(par) else ""


def _is_subhead(par: str, max_len: int) -> bool:
    if not 2 <= len(par) <= max_len or par[0].isdigit():
        return False
    return not any(ch in "，、。；：！？;:,!?" for ch in par.rstrip(_CLOSERS))


# ---------------------------------------------------------------- tables


@dataclass
class Table:
    header: int  # paragraph index of the header line
    rows: list[int]  # paragraph indices of the rows
    columns: tuple[str, ...]


def find_tables(paras: list[str]) -> list[Table]:
    """Rows numbered 1, 2, 3 … right below a header line that names columns by year."""
    tables = []
    for i, par in enumerate(paras):
        m = _ROW.match(par)
        if not m or m.group(1) != "1":
            continue
        header = next(
            (j for j in range(i - 1, max(-1, i - 4), -1) if is_header(paras[j])),
            None,
        )
        if header is None:
            continue
        rows, want = [i], 2
        for j in range(i + 1, min(len(paras), i + 200)):
            m = _ROW.match(paras[j])
            if m and int(m.group(1)) == want:
                rows.append(j)
                want += 1
            elif m or j - rows[-1] > 3:
                break
        if len(rows) >= 3:
            tables.append(Table(header, rows, _columns(paras[header], [paras[r] for r in rows])))
    return tables


def _columns(header: str, rows: list[str]) -> tuple[str, ...]:
    """The value columns: as many header cells, from the right, as a typical row has values."""
    cells = header.split()
    counts = Counter(len(r.split()) - 2 for r in rows)
    k = max(1, min(max(counts, key=lambda n: (counts[n], -n)), len(cells) - 1))
    return tuple(cells[-k:])


# ---------------------------------------------------------------- goal clauses

_PIECE = re.compile(r"[^，,；;]+[，,；;]*|[，,；;]+")
_PIECE_SEP = re.compile("[，,；;]")
_PIECE_END = re.compile(r"[\s，,；;。！？!?”’）)]*$")


def _own_goal(piece: str, hits: list[Hit]) -> bool:
    """Whether a clause states a goal of its own: it ends with a number (a goal list's
    shape: 规模工业增加值增长6%-7%，) whose metric phrase is its own, not a change, a bare
    qualifier, a generic measure or a clause leaning on the one before. ``hits`` are the
    clause's numbers, offsets relative to ``piece``."""
    q = qualifiers()
    if not hits or not _PIECE_END.match(after_qualifier(piece[hits[-1].unit_end :])):
        return False
    phrase = re.split("[：:]", piece[: hits[0].num.start])[-1]
    opening = q.filler_re.match(phrase)
    if q.dependent_re.match(phrase, opening.end() if opening else 0):
        return False
    if any(w in phrase for w in q.distributive):
        return False
    core = q.change_tail_re.sub("", strip_metric(phrase))  # 税收增长 → 税收
    if len(core) < 3 or core in q.generic or (len(core) == 3 and core.endswith("率")):
        return False  # 产量, 建成, 总投资, 办结率: the subject is in the clause before
    return not q.before_re.fullmatch(core)


def goal_breaks(sentence: str) -> list[int]:
    """Offsets where a sentence that lists separate goals with their own numbers splits into
    clauses (地区生产总值增长5.5%以上，规模以上工业增加值增长6%，…), so that each goal can be
    followed on its own. A clause without a goal of its own stays with the goal before it (an
    opening such as 今年1-11月 with the goal after it); fewer than two goals: no split."""
    if not _PIECE_SEP.search(sentence):
        return []
    hits = scan(sentence)
    if len(hits) < 2:
        return []
    starts = []
    k = 0
    for m in _PIECE.finditer(sentence):
        a, b = m.span()
        own: list[Hit] = []
        while k < len(hits) and hits[k].num.start < b:
            if hits[k].num.start >= a:
                own.append(_shifted(hits[k], -a))
            k += 1
        if _own_goal(m.group(), own):
            starts.append(a)
    return starts[1:] if len(starts) >= 2 else []


def _shifted(hit: Hit, by: int) -> Hit:
    n = hit.num
    num = Numeral(n.start + by, n.end + by, n.value, n.value_hi, n.chinese)
    return Hit(num, hit.unit, hit.unit_end + by, hit.approx, hit.mult, hit.base)


# ---------------------------------------------------------------- the walk


class _Builder:
    """Walks the paragraphs once, keeping a stack of open sections."""

    def __init__(self, spec: DocSpec, text: str) -> None:
        self.spec, self.text = spec, text
        self.sections: list[Section] = []
        self.statements: list[Statement] = []
        self.stack: list[tuple[int, Section]] = []  # (rank, section)
        self.last_heading: Section | None = None
        self.box_rank = config()["ranks"].get("box", 50)

    # sections
    def open(self, kind: str, rank: int, title: str, start: int, end: int) -> Section:
        self.close(rank, start)
        parent = self.stack[-1][1] if self.stack else None
        path = f"{parent.path} / {title}" if parent else title
        sec = Section(
            id=f"{self.spec.id}:sec{len(self.sections) + 1}",
            doc=self.spec.id,
            parent=parent.id if parent else None,
            level=len(self.stack) + 1,
            kind=kind,
            title=title,
            path=path,
            cstart=start,
            cend=end,
        )
        self.sections.append(sec)
        self.stack.append((rank, sec))
        return sec

    def close(self, rank: int, at: int) -> None:
        """Close open sections of ``rank`` or below, ending them just before ``at``."""
        while self.stack and self.stack[-1][0] >= rank:
            _, sec = self.stack.pop()
            sec.cend = max(sec.cend, _trim_end(self.text, sec.cstart, at))

    def extend_title(self, sec: Section, title: str, end: int) -> None:
        sec.title = f"{sec.title} {title}"
        sec.path = f"{sec.path} {title}"
        sec.cend = end
        for st in reversed(self.statements):  # a measured heading line already emitted
            if st.section != sec.id:
                break
            st.section_path = sec.path

    @property
    def current(self) -> Section | None:
        return self.stack[-1][1] if self.stack else None

    # statements
    def add(self, start: int, end: int, kind: str, columns: tuple[str, ...] = ()) -> None:
        start, end = _strip(self.text, start, end)
        body = self.text[start:end]
        if end <= start or not any(ch.isalnum() for ch in body):
            return
        sec = self.current
        self.statements.append(
            Statement(
                id=f"{self.spec.id}:st{len(self.statements) + 1}",
                doc=self.spec.id,
                section=sec.id if sec else None,
                section_path=sec.path if sec else "",
                text=body,
                cstart=start,
                cend=end,
                seq=len(self.statements),
                kind=kind,
                columns=columns,
            )
        )

    def sentences(self, start: int, end: int) -> None:
        """Sentences of text[start:end]; a sentence listing goals (with ``；``, or with ``，``
        where each clause has its own metric and number) becomes clauses."""
        for m in _SENTENCE.finditer(self.text, start, end):
            s, e = m.start(), m.end()
            parts = [
                (c.start(), c.end())
                for c in _CLAUSE.finditer(self.text, s, e)
                if c.end() > c.start()
            ]
            if len(parts) < 2 or any(len(self.text[a:b].strip()) < _MIN_CLAUSE for a, b in parts):
                parts = [(s, e)]
            pieces = [
                (x, y) for a, b in parts for x, y in _split_at(a, b, goal_breaks(self.text[a:b]))
            ]
            kind = "clause" if len(pieces) > 1 else "sentence"
            for a, b in pieces:
                self.add(a, b, kind)

    def finish(self) -> None:
        self.close(-1, len(self.text) + 1)


def _split_at(start: int, end: int, breaks: list[int]) -> list[tuple[int, int]]:
    """``[start, end)`` cut at the relative offsets ``breaks``."""
    cuts = [start, *(start + b for b in breaks), end]
    return list(zip(cuts, cuts[1:], strict=False))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n":
        start += 1
    while end > start and text[end - 1] in " \n":
        end -= 1
    return start, end


def _trim_end(text: str, start: int, at: int) -> int:
    end = min(at, len(text))
    while end > start and text[end - 1] in " \n":
        end -= 1
    return end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def segment(
    spec: DocSpec, cleaned: Cleaned
) -> tuple[list[Section], list[Statement], list[Article]]:
    """Sections, statements and (for a gazette) articles of one cleaned document."""
    text = cleaned.text
    spans = _paragraphs(text)
    paras = [text[a:b] for a, b in spans]
    cfg = config()
    b = _Builder(spec, text)
    tables = {t.header: t for t in find_tables(paras)}
    rows = {r: t for t in tables.values() for r in t.rows}
    starts = find_articles(paras, cfg["articles"]) if spec.kind == "gazette" else []
    art_at = {a.first: a for a in starts}
    art_rank = cfg["ranks"].get("article", 5)
    articles: list[Article] = []
    skip_until = -1
    table_section: Section | None = None
    for i, (a, e) in enumerate(spans):
        par = paras[i]
        if i <= skip_until or not par.strip():
            continue
        if i in art_at:
            start = art_at[i]
            end = spans[start.last][1]
            b.open("article", art_rank, start.title, a, end)
            articles.append(_article(spec, len(articles), start, a, end))
            b.last_heading = None
            skip_until = start.last
            continue
        if i in rows:
            b.add(a, e, "table-row", rows[i].columns)
            table_section = b.current
            continue
        if i in tables or _in_table(i, tables):
            continue
        if table_section is not None and not table_rules().note.match(par):
            # the table's title heading ends with the table (and its notes)
            if b.current is table_section:
                b.close(config()["subhead"]["rank"], a)
            table_section = None
        _paragraph(b, par, a, e, cfg)
    b.finish()
    _close_articles(articles, len(text))
    _assign_articles(b.statements, articles)
    return b.sections, b.statements, articles


def _in_table(i: int, tables: dict[int, Table]) -> bool:
    """Category labels between a table's header and its last row are not statements."""
    return any(t.header < i < t.rows[-1] for t in tables.values())


def _paragraph(b: _Builder, par: str, a: int, e: int, cfg: dict[str, Any]) -> None:
    head = classify(par)
    if head is None:
        if cfg["skip"].search(par):
            return
        _maybe_close_box(b, par, a, cfg)
        b.sentences(a, e)
        b.last_heading = None
        return
    if head.rank > b.box_rank:
        _maybe_close_box(b, par, a, cfg)
    prev = b.last_heading
    if (
        head.kind == "subhead"
        and prev is not None
        and prev.kind == "subhead"
        and " " not in prev.title
        and b.current is prev
    ):
        b.extend_title(prev, head.title, e)
        if _measured(par) or _claims(par, head.kind):
            b.sentences(a, e)
        return
    sec = b.open(head.kind, head.rank, head.title, a, a + head.end)
    b.last_heading = sec
    if head.kind in ("item", "lead") or (head.end < len(par) and _DIGIT.search(par[: head.end])):
        # a lead sentence is itself a goal (一是…。), and one with a number is a claim: keep it
        b.sentences(a, e)
        sec.cend = e
        b.last_heading = None
    elif head.end < len(par):
        b.sentences(a + head.end, e)
        b.last_heading = None
    elif _measured(par) or _claims(par, head.kind):
        b.sentences(a, e)  # a heading that states a figure or an achievement is a claim too


def _measured(par: str) -> bool:
    """Whether a heading line holds a measured quantity (a number with a unit, not a year
    or an ordinal): such a line is a claim as well as a title."""
    return bool(_DIGIT.search(par) or _CHINESE_DIGIT.search(par)) and bool(scan(par))


def _claims(par: str, kind: str) -> bool:
    """Whether a subheading reports or promises something (创建…实现“十连冠”)."""
    sub = config()["subhead"]
    if kind != "subhead" or len(par.strip()) < sub["claim_min_len"]:
        return False
    return any(verb in par for verb in sub["claim_verbs"])


def _maybe_close_box(b: _Builder, par: str, at: int, cfg: dict[str, Any]) -> None:
    """A box (专栏) ends where body prose resumes."""
    if sum(par.count(ch) for ch in "。！？") < cfg["box"]["prose_sentences"]:
        return
    for rank, sec in b.stack:
        if sec.kind == "box":
            b.close(rank, at)
            return


def _article(spec: DocSpec, n: int, start: ArticleStart, a: int, end: int) -> Article:
    return Article(id=f"{spec.id}:art{n + 1}", doc=spec.id, title=start.title, cstart=a, cend=end)


def _close_articles(articles: list[Article], size: int) -> None:
    """An article runs until the next one starts."""
    for k, art in enumerate(articles):
        nxt = articles[k + 1].cstart if k + 1 < len(articles) else size + 1
        art.cend = max(art.cend, min(nxt - 1, size))


def _assign_articles(statements: list[Statement], articles: list[Article]) -> None:
    k = 0
    for st in statements:
        while k + 1 < len(articles) and articles[k + 1].cstart <= st.cstart:
            k += 1
        if articles and articles[k].cstart <= st.cstart < articles[k].cend:
            st.article = articles[k].id


# ---------------------------------------------------------------- the stage


def run(doc: ParsedDocument) -> None:
    """The segment stage: ``doc``'s sections, articles and statements, with stable ids (the
    same document parsed again gives the same ids), offsets into its raw text and, for a
    paged source, the page each statement starts on."""
    doc.sections, doc.statements, doc.articles = segment(doc.spec, doc.cleaned)
    _assign_ids(doc)
    rows: list[Section | Article] = [*doc.sections, *doc.articles]
    for row in rows:
        row.start, row.end = doc.cleaned.raw_span(row.cstart, row.cend)
    for st in doc.statements:
        doc.locate(st)


_Row = TypeVar("_Row", Section, Article)


def _rename(rows: list[_Row], prefix: str, label: Callable[[_Row], str]) -> dict[str, str]:
    """Give each row a stable id from ``label(row)``; return old id → new id."""
    ids, renamed = IdMaker(), {}
    for row in rows:
        new = ids.make(prefix, label(row))
        renamed[row.id] = new
        row.id = new
    return renamed


def _assign_ids(doc: ParsedDocument) -> None:
    doc_id = doc.spec.id
    sec = _rename(doc.sections, f"{doc_id}:s", lambda s: s.path)
    art = _rename(doc.articles, f"{doc_id}:a", lambda a: a.title)
    for s in doc.sections:
        s.parent = sec.get(s.parent, s.parent) if s.parent else None
    st_ids = IdMaker()
    for st in doc.statements:
        st.id = st_ids.make(doc_id, st.text)
        st.section = sec.get(st.section, st.section) if st.section else None
        st.article = art.get(st.article, st.article) if st.article else None
