"""The promise ledger: every target figure of a goal is a promise with its own verdict.

An actual judges a promise only when it measures the same thing the same way (same
measure, unit and indicator phrase) and is *for the promise's year*, or for a year of its
period. The statuses and the readings that decide close cases are those of
``../shared/VERDICTS.md``; this module says which figures decide, ``judge`` does the sums.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from plandrift.corpus.models import Kind, Role

from . import judge
from .figures import Figure, higher_is_better, rules
from .models import Actual, Measure, Promise, Status

PHRASE_SAME = 70.0  # rapidfuzz ratio from which two indicator phrases name one indicator


@dataclass(frozen=True)
class Place:
    """What the corpus holds for one place: its documents and the years they report on."""

    docs: dict[str, tuple[int, int, str]]  # doc -> (year, order, kind)
    reported: frozenset[int] = frozenset()  # years some document gives actual figures for
    newest: str = ""

    def kind(self, doc: str) -> str:
        return self.docs.get(doc, (0, 0, ""))[2]

    def year(self, doc: str) -> int:
        return self.docs.get(doc, (0, 0, ""))[0]

    def order(self, doc: str) -> int:
        return self.docs.get(doc, (0, 0, ""))[1]

    @property
    def known_through(self) -> int:
        """The last year the corpus can report on (the newest document reviews the year before)."""
        return max((y for y, _, _ in self.docs.values()), default=0) - 1


@dataclass(frozen=True)
class Mention:
    """A member of the goal: where and when it speaks of the indicator."""

    statement: str
    doc: str
    order: int
    counts: bool = True  # False for a subsidy or award clause: no mention of the target


@dataclass
class _Judged:
    status: Status
    reason: str
    used: list[Figure] = field(default_factory=list)
    value: float | None = None  # base units
    coverage: tuple[int, ...] = ()
    expected: float | None = None  # base units
    baseline: Figure | None = None


def same_indicator(a: Figure, b: Figure) -> bool:
    """Whether two figures of a goal name one indicator: 饮用水水源地 is not 城市供水, and a
    phrase that narrows another (海洋生产总值 ⊃ 生产总值) names something else."""
    ca, cb = a.core, b.core
    if not ca or not cb or ca == cb:
        return True
    short, long_ = sorted((ca, cb), key=len)
    if short in long_:
        # Chinese puts the modifier first: words before the shorter phrase narrow it to
        # another indicator (海洋|生产总值, 示范|家庭农场); words after it are its verb or
        # measure (粮食产量|创, 家庭农场|数量).
        return long_.startswith(short)
    return fuzz.ratio(ca, cb) >= PHRASE_SAME


def _judges(target: Figure, actual: Figure) -> bool:
    """Whether ``actual`` may judge ``target``: same measure, unit and indicator."""
    if actual.unit != target.unit or not same_indicator(target, actual):
        return False
    if target.each_year:
        return actual.measure in (Measure.LEVEL, Measure.ADDED) or actual.measure == target.measure
    if target.measure is Measure.TOTAL:
        return actual.measure is Measure.ADDED or (
            actual.measure is Measure.TOTAL and actual.total_of_flows
        )
    if target.measure is Measure.AVERAGE_GROWTH:
        return actual.measure in (Measure.GROWTH, Measure.AVERAGE_GROWTH)
    return actual.measure is target.measure


def _years(p: Figure) -> list[int]:
    if p.period:
        return list(range(p.period[0], p.period[1] + 1))
    return [p.year] if p.year is not None else []


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    v = round(value, 4)
    return f"{int(v) if float(v).is_integer() else v:g}{unit}" if abs(v) < 1e15 else f"{v}{unit}"


def _shown(target: Figure, value: float | None) -> str:
    return _fmt(target.shown(value), target.shown_unit)


def _said(a: Figure) -> str:
    flags = "".join(f", {f}" for f in (a.partial, "预计" if a.estimate else "") if f)
    return f"{a.year} {a.written or a.value}{flags} ({a.doc})"


# -- the judgement of one promise, by its measure -------------------------------------------


def _single_year(
    p: Figure,
    by_year: dict[int, Figure],
    baselines: list[Figure],
    place: Place,
    higher: bool,
    start: int,
) -> _Judged:
    year = p.year or 0
    got = by_year.get(year)
    if got is not None:
        ok = judge.meets(got.value, p, higher)
        verb = "meets" if ok else "falls short of"
        return _Judged(
            Status.MET if ok else Status.MISSED,
            f"{_said(got)} {verb} the {year} target {p.written}",
            [got],
            got.value,
            (year,),
        )
    early = [by_year[y] for y in sorted(by_year) if start <= y < year]
    if p.measure in (Measure.LEVEL, Measure.SHARE, Measure.TOTAL, Measure.RANK):
        hit = next((a for a in early if judge.meets(a.value, p, higher)), None)
        if hit is not None:
            return _Judged(
                Status.MET_EARLY,
                f"{_said(hit)} already meets the {year} target {p.written}",
                [hit],
                hit.value,
                (hit.year or 0,),
            )
    # The straight path (时间过半、任务过半) runs through levels; a rate or a change has none.
    if year <= place.known_through or not early or p.measure not in _PATHS:
        return _Judged(Status.NO_DATA, _no_data(p, place, early), [early[-1]] if early else [])
    base = _baseline(baselines, p)
    latest = early[-1]
    if base is None or base.year is None or latest.year is None or latest.year <= base.year:
        return _Judged(
            Status.NO_DATA,
            f"{year} target; {_said(latest)} is the latest figure and "
            "no baseline of the same measure draws a path",
            [latest],
        )
    path = judge.path_value(base.value, base.year, p.value, year, latest.year)
    ok = latest.value >= path if higher else latest.value <= path
    return _Judged(
        Status.ON_TRACK if ok else Status.LAGGING,
        f"{_said(latest)} against the straight path {_shown(p, path)} from "
        f"{base.year} {base.written} to {year} {p.written}",
        [latest],
        latest.value,
        (latest.year,),
        path,
        base,
    )


def _no_data(p: Figure, place: Place, earlier: Sequence[Figure]) -> str:
    year = p.year or 0
    latest = f"; latest figure: {_said(earlier[-1])}" if earlier else ""
    if year > place.known_through:
        return f"{year} target; the corpus reports on years up to {place.known_through}{latest}"
    if year not in place.reported:
        return (
            f"{year} target; no report of {year} in the corpus — the {year + 1} work report "
            f"would have it{latest}"
        )
    return f"{year} target; the reports of {year} give no figure of this measure{latest}"


def _average(p: Figure, by_year: dict[int, Figure], higher: bool) -> _Judged:
    years = _years(p)
    full = [
        a for a in by_year.values() if a.measure is Measure.AVERAGE_GROWTH and a.year == years[-1]
    ]
    if full:  # a review of the whole period: 十四五时期年均增长5.5%
        a = full[0]
        ok = judge.meets(a.value, p, higher)
        return _Judged(
            Status.MET if ok else Status.MISSED,
            f"the period's average {_said(a)} {'meets' if ok else 'falls short of'} {p.written}",
            [a],
            a.value,
            tuple(years),
        )
    used = [by_year[y] for y in years if y in by_year and by_year[y].measure is Measure.GROWTH]
    if not used:
        return _Judged(
            Status.NO_DATA,
            f"average growth {years[0]}-{years[-1]}; no yearly growth "
            "figure of the period is in the corpus",
        )
    mean = sum(a.value for a in used) / len(used)
    known = tuple(a.year or 0 for a in used)
    ok = judge.meets(mean, p, higher)
    listed = ", ".join(_said(a) for a in used)
    if len(used) == len(years):
        return _Judged(
            Status.MET if ok else Status.MISSED,
            f"average of every year {years[0]}-{years[-1]} is {_fmt(mean, '%')} "
            f"against {p.written}: {listed}",
            used,
            mean,
            known,
        )
    missing = [y for y in years if y not in known]
    return _Judged(
        Status.ON_TRACK if ok else Status.LAGGING,
        f"average so far {_fmt(mean, '%')} against {p.written} from {listed}; "
        f"{', '.join(map(str, missing))} not reported",
        used,
        mean,
        known,
    )


def _sum(
    p: Figure, by_year: dict[int, Figure], higher: bool, spans: Sequence[Figure] = ()
) -> _Judged:
    years = _years(p)
    whole = [a for a in spans if a.year == years[-1]]
    if whole:  # a review of the whole period gives its total: “十四五”时期城镇新增就业452万人
        a = whole[-1]
        ok = judge.meets(a.value, p, higher)
        return _Judged(
            Status.MET if ok else Status.MISSED,
            f"the period's total {_said(a)} {'meets' if ok else 'falls short of'} {p.written}",
            [a],
            a.value,
            tuple(years),
        )
    used = [by_year[y] for y in years if y in by_year]
    if not used:
        return _Judged(
            Status.NO_DATA,
            f"{p.written} over {years[0]}-{years[-1]}; no yearly "
            "figure of the period is in the corpus",
        )
    total = sum(a.value for a in used)
    known = tuple(a.year or 0 for a in used)
    listed = " + ".join(_said(a) for a in used)
    ok = judge.meets(total, p, higher)
    if ok:
        status = Status.MET if len(used) == len(years) else Status.MET_EARLY
        return _Judged(
            status,
            f"the flows sum to {_shown(p, total)}, meeting {p.written}: {listed}",
            used,
            total,
            known,
        )
    if len(used) == len(years):
        return _Judged(
            Status.MISSED,
            f"every year known; the flows sum to {_shown(p, total)}, "
            f"short of {p.written}: {listed}",
            used,
            total,
            known,
        )
    pro_rata = p.value * len(used) / len(years)
    on = total >= pro_rata if higher else total <= pro_rata
    return _Judged(
        Status.ON_TRACK if on else Status.LAGGING,
        f"{len(used)} of {len(years)} years known; the flows sum to "
        f"{_shown(p, total)} against {_shown(p, pro_rata)} pro rata: {listed}",
        used,
        total,
        known,
        pro_rata,
    )


def _each_year(p: Figure, by_year: dict[int, Figure], higher: bool) -> _Judged:
    years = _years(p)
    used = [by_year[y] for y in years if y in by_year]
    if not used:
        return _Judged(
            Status.NO_DATA,
            f"{p.written} each year {years[0]}-{years[-1]}; no yearly figure is in the corpus",
        )
    known = tuple(a.year or 0 for a in used)
    short = [a for a in used if not judge.meets(a.value, p, higher)]
    if short:
        return _Judged(
            Status.MISSED,
            f"{_said(short[0])} falls short of {p.written} a year",
            used,
            short[0].value,
            known,
        )
    if len(used) == len(years):
        return _Judged(Status.MET, f"every year meets {p.written}", used, None, known)
    return _Judged(
        Status.ON_TRACK,
        f"{len(used)} of {len(years)} years known, each meets {p.written}",
        used,
        None,
        known,
    )


_PATHS = (Measure.LEVEL, Measure.SHARE, Measure.TOTAL)


def _baseline(baselines: list[Figure], p: Figure) -> Figure | None:
    """Where the path starts: the promise's own document's figure for a year before it
    (a plan's 2020 column), else the latest figure from before the promise was made."""
    same = [
        b
        for b in baselines
        if b.year is not None
        and p.year is not None
        and b.year < p.year
        and b.year <= p.doc_year
        and b.unit == p.unit
        and b.measure is p.measure
        and same_indicator(p, b)
    ]
    return max(same, key=lambda b: (b.doc_order == p.doc_order, b.year or 0), default=None)


# -- the ledger of a goal ---------------------------------------------------------------------


def promises(
    chain: str,
    figures: Sequence[Figure],
    mentions: Sequence[Mention],
    place: Place,
    known_higher: bool | None,
) -> list[Promise]:
    """Every target of the goal, judged (the headline is marked by :func:`mark_headline`)."""
    targets = [f for f in figures if f.role is Role.TARGET]
    actuals = [f for f in figures if f.role is Role.ACTUAL]
    baselines = [f for f in figures if f.role is Role.BASELINE] + actuals
    judged = [
        _promise(
            chain,
            t,
            targets,
            actuals,
            baselines,
            mentions,
            place,
            t.measure is not Measure.RANK and higher_is_better(t.phrase, known_higher),
        )
        for t in targets
    ]
    return _one_verdict_per_target(judged, targets)


def _one_verdict_per_target(judged: list[Promise], targets: list[Figure]) -> list[Promise]:
    """A target a document states twice (in its list of goals, then again where it explains
    them) is one promise: every statement of it takes the best-founded verdict."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, t in enumerate(targets):
        key = (t.doc, t.year, t.period, t.measure, t.value, t.value_hi, t.unit, t.qualifier)
        groups.setdefault(key, []).append(i)
    out = list(judged)
    for idx in groups.values():
        if len(idx) < 2:
            continue
        best = max(idx, key=lambda i: (judged[i].status.decisive, bool(judged[i].actuals), -i))
        for i in idx:
            if i != best:
                b = judged[best]
                out[i] = replace(
                    judged[i],
                    status=b.status,
                    reason=b.reason,
                    actuals=b.actuals,
                    coverage=b.coverage,
                    value=b.value,
                    ratio=b.ratio,
                    expected=b.expected,
                    baseline=b.baseline,
                    baseline_year=b.baseline_year,
                    restated_by=b.restated_by,
                    restated_value=b.restated_value,
                    restated_year=b.restated_year,
                    evidence=(judged[i].statement, *b.evidence[1:]),
                )
    return out


def _promise(
    chain: str,
    p: Figure,
    targets: list[Figure],
    actuals: list[Figure],
    baselines: list[Figure],
    mentions: Sequence[Mention],
    place: Place,
    higher: bool,
) -> Promise:
    start = place.year(p.doc)
    pool = [
        a
        for a in actuals
        if _judges(p, a)
        and a.year is not None
        and (a.year >= start or (p.period is not None and a.year >= p.period[0]))
    ]
    # A five-year review's total or average is the period's: it never stands for one year.
    spans = [a for a in pool if a.spans_period]
    by_year = judge.best_by_year(a for a in pool if not a.spans_period)
    if p.each_year:
        j = _each_year(p, by_year, higher)
    elif p.period and p.measure is Measure.AVERAGE_GROWTH:
        j = _average(p, by_year, higher)
    elif p.period and p.measure in (Measure.ADDED, Measure.TOTAL):
        j = _sum(p, by_year, higher, spans)
    elif p.measure is Measure.AVERAGE_GROWTH:
        j = _single_year(
            p,
            {y: a for y, a in by_year.items() if a.measure is Measure.GROWTH},
            [],
            place,
            higher,
            start,
        )
    else:
        j = _single_year(p, by_year, baselines, place, higher, start)
    restated = None
    if not j.status.decisive and j.status not in (Status.ON_TRACK, Status.LAGGING):
        restated = _restated(p, targets)
        if restated is not None:
            j = _Judged(
                restated[0], _restate_reason(restated[0], p, restated[1]), [], None, j.coverage
            )
        elif not _mentioned_later(p, mentions, place) and place.kind(p.doc) == Kind.FIVE_YEAR_PLAN:
            if any(place.order(d) > p.doc_order for d in place.docs):
                j = _Judged(
                    Status.DROPPED,
                    f"{p.year} plan target; no later document mentions "
                    "the indicator although later documents report",
                )
        elif _first_in_newest(p, mentions, place):
            j = _Judged(Status.NEW, f"first set in {p.doc}, the newest document; no actual yet")
    later = restated[1] if restated else None
    return Promise(
        id=p.quantity,
        chain=chain,
        statement=p.statement,
        doc=p.doc,
        indicator=p.phrase,
        measure=p.measure,
        written=p.written,
        target=p.shown(p.value),
        target_hi=p.shown(p.value_hi),
        unit=p.shown_unit,
        qualifier=p.qualifier,
        year=p.year,
        period=p.period,
        status=j.status,
        reason=j.reason,
        binding=p.binding,
        aspirational=p.aspirational,
        each_year=p.each_year,
        higher=higher,
        actuals=tuple(_actual(p, a) for a in j.used),
        coverage=j.coverage,
        value=p.shown(j.value),
        ratio=judge.ratio(j.value, p, higher) if j.value is not None else None,
        expected=p.shown(j.expected),
        baseline=p.shown(j.baseline.value) if j.baseline else None,
        baseline_year=j.baseline.year if j.baseline else None,
        restated_by=later.statement if later else None,
        restated_value=p.shown(later.value) if later else None,
        restated_year=later.year if later else None,
        evidence=tuple(
            dict.fromkeys(
                [
                    p.statement,
                    *(a.statement for a in j.used),
                    *([j.baseline.statement] if j.baseline else []),
                    *([later.statement] if later else []),
                ]
            )
        ),
    )


def _actual(p: Figure, a: Figure) -> Actual:
    return Actual(
        statement=a.statement,
        doc=a.doc,
        year=a.year or 0,
        value=p.shown(a.value) or 0.0,
        written=a.written,
        estimate=a.estimate,
        partial=a.partial,
    )


_STOCKS = (Measure.LEVEL, Measure.SHARE, Measure.TOTAL, Measure.RANK)


def _restated(p: Figure, targets: list[Figure]) -> tuple[Status, Figure] | None:
    """A later document's target for the same indicator and measure: rolled over (same
    number, later year) or revised (another number, same year or period)."""
    share = rules().same_value
    later = [
        t
        for t in targets
        if t.doc_order > p.doc_order
        and t.measure is p.measure
        and t.unit == p.unit
        and same_indicator(p, t)
        and t.year is not None
        and p.year is not None
    ]
    # A deadline restated for a later year was put off; a yearly target set again next year
    # (CPI 2%左右, 失业率5.5%左右 in 2025 and in 2026) is that year's own promise.
    movable = p.period is not None or (p.measure in _STOCKS and (p.year or 0) > p.doc_year)
    for t in sorted(later, key=lambda t: (t.doc_order, t.year or 0)):
        if movable and (t.year or 0) > (p.year or 0) and judge.close(p.value, t.value, share):
            return Status.ROLLED_OVER, t
        if t.year == p.year and not judge.close(p.value, t.value, share):
            return Status.REVISED, t
    return None


def _restate_reason(status: Status, p: Figure, t: Figure) -> str:
    if status is Status.ROLLED_OVER:
        return f"{t.doc} restates {t.written} for {t.year}; no actual decides the {p.year} target"
    return f"{t.doc} sets {t.written} for {t.year} instead of {p.written}"


def _mentioned_later(p: Figure, mentions: Sequence[Mention], place: Place) -> bool:
    return any(m.counts and m.order > p.doc_order for m in mentions)


def _first_in_newest(p: Figure, mentions: Sequence[Mention], place: Place) -> bool:
    return p.doc == place.newest and not any(m.order < p.doc_order for m in mentions)


def mark_headline(
    out: list[Promise], place: Place, tabled: frozenset[str] = frozenset()
) -> list[Promise]:
    """The goal's status is its headline promise's: the five-year plan's target for the
    plan's horizon (its indicator table row first), else the latest promise with a decisive
    verdict, else the latest. ``tabled`` holds the ids of promises from table rows."""
    if not out:
        return out
    plan = [p for p in out if place.kind(p.doc) == Kind.FIVE_YEAR_PLAN and p.year is not None]
    if plan:
        horizon = max(p.year or 0 for p in plan)
        pool = [p for p in plan if p.year == horizon]
        head = min(
            pool,
            key=lambda p: (
                p.id not in tabled,
                p.measure is Measure.QUALITATIVE,
                place.order(p.doc),
                p.statement,
            ),
        )
    else:
        decisive = [p for p in out if p.status.decisive]
        pool = decisive or out
        head = max(pool, key=lambda p: (place.order(p.doc), p.year or 0, p.statement))
    return [replace(p, headline=p is head) for p in out]


def place_of(docs: Iterable[tuple[str, int, int, str]], reported: Iterable[int]) -> Place:
    """A place from its documents (id, year, order, kind) and the years it reports on."""
    table = {d: (y, o, k) for d, y, o, k in docs}
    newest = max(table, key=lambda d: (table[d][1], d), default="")
    return Place(docs=table, reported=frozenset(reported), newest=newest)
