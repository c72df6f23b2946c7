"""Read-only questions about a built database: the API the TUI and reports read through.

Everything returns plain dataclasses, so callers never see SQL or JSON columns.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from plandrift.corpus.store import open_db

from .models import Actual, DriftStep, Promise
from .store import drift_from_json, promise_from_row


@dataclass(frozen=True)
class ChainFilter:
    status: tuple[str, ...] = ()
    metric: str | None = None
    area: str | None = None
    doc: str | None = None
    text: str | None = None  # a Chinese substring of any length, matched in titles and members
    since: int | None = None  # only chains with a member from this year on
    themes: bool = False  # also the themes (mottos, phrases with nothing to do), not only goals


@dataclass
class ChainRow:
    id: str
    title: str
    metric: str | None
    area: str | None
    kind: str | None
    status: str
    binding: bool
    years: list[int]
    docs: list[str]
    headline: Promise | None  # the promise that gives the goal its status
    drift_score: float | None
    members: int
    reviewed: bool
    promise_statuses: tuple[str, ...] = ()  # every promise's status, for status filters
    theme: bool = False  # a theme followed across documents, not a goal

    def has_status(self, statuses: tuple[str, ...]) -> bool:
        """A goal matches a status filter by its own status or one of its promises'."""
        return self.status in statuses or any(s in statuses for s in self.promise_statuses)


@dataclass
class QuantityView:
    id: str
    text: str
    value: float
    value_hi: float | None
    unit: str
    qualifier: str
    role: str
    year: int | None
    estimate: bool
    start: int  # raw offsets of the number
    end: int
    metric: str
    period: str = ""  # a partial year such as 1-11月; empty for the whole year
    column: str = ""  # an indicator table's column header


@dataclass
class Member:
    statement: str
    doc: str
    doc_title: str
    doc_kind: str
    doc_year: int
    text: str
    section_path: str
    role: str | None
    year: int | None
    start: int
    end: int
    position: int
    score: float | None
    reasons: list[str]
    quantities: list[QuantityView]
    decision: str | None  # latest review decision for this statement in this chain
    own: list[str] = field(default_factory=list)  # ids of the goal's own quantities here
    page: int | None = None  # the page it starts on, where the source is paged (a PDF)
    page_column: int | None = None  # 1 or 2 on a page set in two columns

    @property
    def figures(self) -> list[QuantityView]:
        """The goal's own numbers in this statement."""
        return [q for q in self.quantities if q.id in self.own]


@dataclass
class Review:
    statement: str | None
    decision: str | None
    note: str | None
    created: str


@dataclass
class ChainDetail:
    chain: ChainRow
    members: list[Member]
    drift: list[DriftStep]  # promise against the next promise, in time
    reasons: list[str]
    reviews: list[Review] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)  # by year, then document


@dataclass
class DocumentRow:
    id: str
    title: str
    kind: str
    published: str
    year: int
    sections: int
    statements: int
    quantities: int
    repeats: int
    articles: int = 0


@dataclass
class SectionRow:
    id: str
    level: int
    kind: str
    title: str
    path: str
    start: int
    end: int


@dataclass
class StatementHit:
    statement: str
    doc: str
    text: str
    section_path: str
    start: int
    end: int


@dataclass
class Source:
    """A statement in its raw document, with the paragraph around it for context."""

    statement: str
    doc: str
    doc_title: str
    raw: str
    start: int
    end: int
    para_start: int
    para_end: int
    section_path: str
    page: int | None = None  # the page it starts on, where the source is paged (a PDF)
    page_column: int | None = None
    source_name: str | None = None  # the file the text was extracted from


def open_database(path: Path | str, *, check: bool = False) -> sqlite_utils.Database:
    """Open an existing plandrift database (BadInput if it is missing, not plandrift's or,
    with ``check``, damaged)."""
    return open_db(path, must_exist=True, check=check)


def _page_columns(db: sqlite_utils.Database) -> str:
    """The statements' page columns, or NULLs in a database built before they existed."""
    if "page" in db["statements"].columns_dict:
        return "s.page, s.page_column"
    return "null as page, null as page_column"


def _source_column(db: sqlite_utils.Database) -> str:
    return (
        "d.source_name" if "source_name" in db["documents"].columns_dict else "null as source_name"
    )


def _loads(value: str | None, default: Any) -> Any:
    return json.loads(value) if value else default


def _chain_row(
    r: dict, members: int, reviewed: bool, headline: Promise | None, statuses: tuple[str, ...] = ()
) -> ChainRow:
    return ChainRow(
        id=r["id"],
        title=r["title"],
        metric=r["metric"],
        area=r["area"],
        kind=r["kind"],
        status=r["status"] or "no-data",
        binding=bool(r["binding"]),
        years=_loads(r["years"], []),
        docs=_loads(r["docs"], []),
        headline=headline,
        promise_statuses=statuses,
        theme=bool(r.get("theme")),
        drift_score=r["drift_score"],
        members=members,
        reviewed=reviewed,
    )


def list_chains(db: sqlite_utils.Database, flt: ChainFilter | None = None) -> list[ChainRow]:
    """Chains matching the filter, in a stable order (area, title, id)."""
    flt = flt or ChainFilter()
    if not db["chains"].exists():
        return []
    counts = {
        r["chain"]: r["n"]
        for r in db.query("select chain, count(*) as n from chain_members group by chain")
    }
    reviewed = {
        r["chain"]
        for r in db.query("select distinct chain from reviews where decision = 'reviewed'")
    }
    heads = _headlines(db)
    kept: dict[str, set[str]] = {}
    if db["promises"].exists():
        for pr in db.query("select chain, status from promises"):
            kept.setdefault(pr["chain"], set()).add(pr["status"])
    where, params = [], {}
    if not flt.themes and "theme" in db["chains"].columns_dict:
        where.append("coalesce(theme, 0) = 0")
    if flt.status:
        marks = ", ".join(f":s{i}" for i in range(len(flt.status)))
        # a goal matches when its status or one of its promises' statuses is asked for
        where.append(
            f"(status in ({marks}) or id in (select chain from promises where status in ({marks})))"
        )
        params.update({f"s{i}": s for i, s in enumerate(flt.status)})
    if flt.metric:
        where.append("metric = :metric")
        params["metric"] = flt.metric
    if flt.area:
        where.append("area = :area")
        params["area"] = flt.area
    if flt.doc:
        where.append("id in (select chain from chain_members where doc = :doc)")
        params["doc"] = flt.doc
    if flt.text:
        where.append(
            "(instr(title, :text) > 0 or instr(coalesce(metric, ''), :text) > 0 or id in "
            "(select m.chain from chain_members m join statements s on s.id = m.statement "
            "where instr(s.text, :text) > 0))"
        )
        params["text"] = flt.text
    sql = "select * from chains"
    if where:
        sql += " where " + " and ".join(where)
    sql += " order by coalesce(area, ''), title, id"
    rows = [
        _chain_row(
            r,
            counts.get(r["id"], 0),
            r["id"] in reviewed,
            heads.get(r["id"]),
            tuple(sorted(kept.get(r["id"], ()))),
        )
        for r in db.query(sql, params)
    ]
    if flt.since is not None:
        rows = [c for c in rows if any(y >= flt.since for y in c.years)]
    return rows


def get_chain(db: sqlite_utils.Database, chain_id: str) -> ChainDetail | None:
    r = next(iter(db.query("select * from chains where id = ?", [chain_id])), None)
    if r is None:
        return None
    reviews = [
        Review(
            statement=v["statement"], decision=v["decision"], note=v["note"], created=v["created"]
        )
        for v in db.query("select * from reviews where chain = ? order by id", [chain_id])
    ]
    decisions: dict[str, str] = {}
    for v in reviews:
        if v.statement and v.decision in ("accept", "reject"):
            decisions[v.statement] = v.decision
    members = []
    for m in db.query(
        f"""select m.*, s.text, s.section_path, s.role, s.year, s.start, s.end,
          {_page_columns(db)},
          d.title as doc_title, d.kind as doc_kind, d.year as doc_year
        from chain_members m join statements s on s.id = m.statement
        join documents d on d.id = m.doc where m.chain = ? order by m.position""",
        [chain_id],
    ):
        members.append(
            Member(
                statement=m["statement"],
                doc=m["doc"],
                doc_title=m["doc_title"],
                doc_kind=m["doc_kind"],
                doc_year=m["doc_year"],
                text=m["text"],
                section_path=m["section_path"] or "",
                role=m["role"],
                year=m["year"],
                start=m["start"],
                end=m["end"],
                position=m["position"],
                score=m["score"],
                reasons=_loads(m["reasons"], []),
                quantities=statement_quantities(db, m["statement"]),
                decision=decisions.get(m["statement"]),
                own=_loads(m.get("figures"), []),
                page=m.get("page"),
                page_column=m.get("page_column"),
            )
        )
    promises = chain_promises(db, chain_id)
    head = next((p for p in promises if p.headline), None)
    row = _chain_row(r, len(members), any(v.decision == "reviewed" for v in reviews), head)
    return ChainDetail(
        promises=promises,
        chain=row,
        members=members,
        drift=drift_from_json(chain_id, r["drift"]),
        reasons=_loads(r["reasons"], []),
        reviews=reviews,
    )


def _headlines(db: sqlite_utils.Database) -> dict[str, Promise]:
    if not db["promises"].exists():
        return {}
    return {
        r["chain"]: promise_from_row(r)
        for r in db.query("select * from promises where headline = 1")
    }


def chain_promises(db: sqlite_utils.Database, chain_id: str) -> list[Promise]:
    """A goal's promises in time: by target year, then document, then statement."""
    if not db["promises"].exists():
        return []
    rows = db.query(
        """select p.* from promises p join documents d on d.id = p.doc where p.chain = ?
        order by coalesce(p.year, d.year), d.position, p.id""",
        [chain_id],
    )
    return [promise_from_row(r) for r in rows]


def all_promises(db: sqlite_utils.Database) -> list[Promise]:
    """Every promise of the database, by goal then time (for exports and checks)."""
    if not db["promises"].exists():
        return []
    rows = db.query(
        """select p.* from promises p join documents d on d.id = p.doc
        order by p.chain, coalesce(p.year, d.year), d.position, p.id"""
    )
    return [promise_from_row(r) for r in rows]


def statement_quantities(db: sqlite_utils.Database, statement_id: str) -> list[QuantityView]:
    return [
        QuantityView(
            id=q["id"],
            text=q["text"],
            value=q["value"],
            value_hi=q["value_hi"],
            unit=q["unit"],
            qualifier=q["qualifier"] or "",
            role=q["role"],
            year=q["year"],
            estimate=bool(q["estimate"]),
            start=q["start"],
            end=q["end"],
            metric=q["metric"] or "",
            period=q.get("period") or "",
            column=q.get("column") or "",
        )
        for q in db.query(
            "select * from quantities where statement = ? order by start", [statement_id]
        )
    ]


def list_documents(db: sqlite_utils.Database) -> list[DocumentRow]:
    return [
        DocumentRow(**r)
        for r in db.query(
            """select d.id, d.title, d.kind, d.published, d.year,
              (select count(*) from sections s where s.doc = d.id) as sections,
              (select count(*) from statements s where s.doc = d.id) as statements,
              (select count(*) from quantities q where q.doc = d.id) as quantities,
              (select count(*) from statements s where s.doc = d.id and s.repeat_of is not null)
                as repeats,
              (select count(*) from articles a where a.doc = d.id) as articles
            from documents d order by d.position"""
        )
    ]


def has_document(db: sqlite_utils.Database, doc_id: str) -> bool:
    return bool(db["documents"].count_where("id = ?", [doc_id]))


def document_raws(db: sqlite_utils.Database) -> dict[str, str]:
    """Every document's stored text, by id."""
    return {r["id"]: r["raw"] for r in db.query("select id, raw from documents")}


def members_in_documents(
    db: sqlite_utils.Database, docs: tuple[str, ...]
) -> dict[str, dict[str, list[str]]]:
    """chain -> document -> the chain's figures as written there, for the given documents."""
    out: dict[str, dict[str, list[str]]] = {}
    marks = ", ".join("?" for _ in docs)
    for r in db.query(
        f"select chain, doc, figures from chain_members where doc in ({marks}) "
        "order by chain, position",
        list(docs),
    ):
        out.setdefault(r["chain"], {}).setdefault(r["doc"], []).extend(_loads(r["figures"], []))
    return out


def chain_drift(db: sqlite_utils.Database, chain_id: str) -> list[DriftStep]:
    r = next(iter(db.query("select drift from chains where id = ?", [chain_id])), None)
    return drift_from_json(chain_id, r["drift"]) if r else []


def all_drift(db: sqlite_utils.Database) -> dict[str, list[DriftStep]]:
    """Every goal's drift steps, by goal id."""
    if not db["chains"].exists():
        return {}
    return {
        r["id"]: drift_from_json(r["id"], r["drift"])
        for r in db.query("select id, drift from chains")
    }


def document_raw(db: sqlite_utils.Database, doc_id: str) -> str | None:
    r = next(iter(db.query("select raw from documents where id = ?", [doc_id])), None)
    return r["raw"] if r else None


def document_sections(db: sqlite_utils.Database, doc_id: str) -> list[SectionRow]:
    return [
        SectionRow(
            id=r["id"],
            level=r["level"],
            kind=r["kind"],
            title=r["title"],
            path=r["path"],
            start=r["start"],
            end=r["end"],
        )
        for r in db.query("select * from sections where doc = ? order by start, level", [doc_id])
    ]


def search_statements(
    db: sqlite_utils.Database, query: str, limit: int = 200
) -> list[StatementHit]:
    """Chinese substrings of any length: FTS5 trigram for 3+ characters, a scan below that."""
    query = query.replace("\x00", "").strip()  # SQLite ends strings at NUL; no text holds one
    if not query:
        return []
    if len(query) >= 3:
        quoted = '"' + query.replace('"', '""') + '"'
        sql = """select s.* from statements_fts f join statements s on s.rowid = f.rowid
            join documents d on d.id = s.doc where statements_fts match ?
            order by d.position, s.seq limit ?"""
        params: list[Any] = [quoted, limit]
    else:
        sql = """select s.* from statements s join documents d on d.id = s.doc
            where instr(s.text, ?) > 0 order by d.position, s.seq limit ?"""
        params = [query, limit]
    return [
        StatementHit(
            statement=r["id"],
            doc=r["doc"],
            text=r["text"],
            section_path=r["section_path"] or "",
            start=r["start"],
            end=r["end"],
        )
        for r in db.query(sql, params)
    ]


_PARA_BREAK = re.compile(r"\n\s*\n|[。！？]\s*\n")


def statement_source(db: sqlite_utils.Database, statement_id: str) -> Source | None:
    r = next(
        iter(
            db.query(
                f"""select s.id, s.doc, s.start, s.end, s.section_path, {_page_columns(db)},
                d.raw, d.title, {_source_column(db)}
            from statements s join documents d on d.id = s.doc where s.id = ?""",
                [statement_id],
            )
        ),
        None,
    )
    if r is None:
        return None
    raw = r["raw"]
    para_start = 0
    for m in _PARA_BREAK.finditer(raw, 0, r["start"]):
        para_start = m.end()
    nxt = _PARA_BREAK.search(raw, r["end"])
    para_end = nxt.end() if nxt else len(raw)
    return Source(
        statement=r["id"],
        doc=r["doc"],
        doc_title=r["title"],
        raw=raw,
        start=r["start"],
        end=r["end"],
        para_start=para_start,
        para_end=para_end,
        section_path=r["section_path"] or "",
        page=r["page"],
        page_column=r["page_column"],
        source_name=r["source_name"],
    )


def page_label(page: int | None, column: int | None) -> str:
    """``p. 12`` or ``p. 12, col. 2``; empty where the source has no pages."""
    if page is None:
        return ""
    return f"p. {page}" + (f", col. {column}" if column else "")


def statuses(db: sqlite_utils.Database) -> dict[str, int]:
    """Count of chains per status, in a stable order."""
    if not db["chains"].exists():
        return {}
    goals = "where coalesce(theme, 0) = 0" if "theme" in db["chains"].columns_dict else ""
    return {
        r["status"]: r["n"]
        for r in db.query(
            f"select status, count(*) as n from chains {goals} group by status order by status"
        )
    }


def chain_progress(
    db: sqlite_utils.Database, chain_id: str | None = None
) -> dict[str, list[Actual]]:
    """Every goal's reported figures (its own numbers with the role actual), by goal, in
    time: the progress a report shows beside the promises. Values are in the figure's own
    unit; ``partial`` is the part of the year (1-10月), ``estimate`` a 预计 figure."""
    if not db["chain_members"].exists():
        return {}
    figures: dict[str, list[tuple[str, str, str]]] = {}
    where = "where m.chain = :chain" if chain_id is not None else ""
    for m in db.query(
        f"""select m.chain, m.statement, m.doc, m.figures from chain_members m
        join documents d on d.id = m.doc {where} order by m.chain, d.position, m.position""",
        {"chain": chain_id},
    ):
        for qid in _loads(m["figures"], []):
            figures.setdefault(qid, []).append((m["chain"], m["statement"], m["doc"]))
    has_period = "period" in db["quantities"].columns_dict
    out: dict[str, list[Actual]] = {}
    for q in db.query(
        f"""select q.id, q.value, q.unit, q.text, q.year, q.estimate,
          {"q.period" if has_period else "'' as period"} from quantities q
        where q.role = 'actual' and q.year is not null order by q.statement, q.start"""
    ):
        for chain, statement, doc in figures.get(q["id"], []):
            written = _written(q)
            out.setdefault(chain, []).append(
                Actual(
                    statement=statement,
                    doc=doc,
                    year=int(q["year"]),
                    value=q["value"],
                    written=written,
                    estimate=bool(q["estimate"]),
                    partial=q["period"] or "",
                )
            )
    position = {d.id: i for i, d in enumerate(list_documents(db))}
    for found in out.values():
        found.sort(key=lambda a: (a.year, position.get(a.doc, 0), a.statement, a.written))
    return out


def drift_between(
    db: sqlite_utils.Database, doc_a: str, doc_b: str
) -> dict[str, tuple[DriftStep, ...]]:
    """For each goal with promises in both documents, the drift from the promises of the
    earlier one to those of the later one, as if nothing stood between them (the stored
    drift only compares each document with the next one that promised)."""
    from . import drift
    from .lexicon import load as load_lexicon
    from .signals import load_statements

    docs = (doc_a, doc_b)
    promised: dict[str, list[Promise]] = {}
    for p in all_promises(db):
        if p.doc in docs:
            promised.setdefault(p.chain, []).append(p)
    both = {c for c, ps in promised.items() if {p.doc for p in ps} == set(docs)}
    if not both:
        return {}
    stmts = {st.id: st for st in load_statements(db) if st.doc in docs}
    members: dict[str, list] = {}
    figures: dict[str, dict[str, list[str]]] = {}
    marks = ", ".join("?" for _ in docs)
    for m in db.query(
        f"select chain, statement, figures from chain_members where doc in ({marks}) "
        "order by chain, position",
        list(docs),
    ):
        if m["chain"] in both and m["statement"] in stmts:
            members.setdefault(m["chain"], []).append(stmts[m["statement"]])
            figures.setdefault(m["chain"], {})[m["statement"]] = _loads(m["figures"], [])
    lex = load_lexicon()
    metric_of = {r["id"]: r["metric"] for r in db.query("select id, metric from chains")}
    out = {}
    for chain in sorted(both):
        metric = lex.metrics.get(metric_of.get(chain) or "")
        terms = list(metric.aliases) if metric else []
        steps, _ = drift.analyse(
            chain, promised[chain], members.get(chain, []), terms, figures.get(chain, {})
        )
        out[chain] = steps
    return out


def document_places(db: sqlite_utils.Database) -> dict[str, str]:
    """Every document's place ("" where none is known)."""
    return {r["id"]: r["place"] or "" for r in db.query("select id, place from documents")}


def figure_texts(db: sqlite_utils.Database, docs: tuple[str, ...]) -> dict[str, str]:
    """Quantity id -> the number as written (with its unit), for the given documents."""
    marks = ", ".join("?" for _ in docs)
    out = {}
    for q in db.query(
        f"select id, text, value, unit from quantities where doc in ({marks})", list(docs)
    ):
        out[q["id"]] = _written(q)
    return out


def _written(q: dict[str, Any]) -> str:
    """A quantity as written, with its unit where the text lacks it."""
    written = (q["text"] or "").replace(" ", "") or f"{q['value']:g}"
    if q["unit"] and q["unit"] not in written:
        written += q["unit"]
    return written
