"""Verdicts on promises: the rules of ../shared/VERDICTS.md, one by one, then the known
cases of the bundled corpus and the labelled verdict cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from plandrift.compare import judge, ledger
from plandrift.compare.figures import Figure, classify, core, counted, period_of
from plandrift.compare.models import Measure, Status
from plandrift.compare.query import all_promises, get_chain
from plandrift.corpus.models import Role
from plandrift.report import evaluate, export

GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"

PLACE = ledger.place_of(
    [
        ("plan", 2021, 0, "five-year-plan"),
        ("r22", 2023, 1, "work-report"),
        ("r24", 2024, 2, "work-report"),
        ("r26", 2026, 3, "work-report"),
    ],
    reported={2020, 2022, 2023, 2025},
)


def fig(
    role: str,
    year: int | None,
    value: float,
    *,
    measure: Measure = Measure.LEVEL,
    qualifier: str = "",
    doc: str = "plan",
    order: int = 0,
    unit: str = "%",
    hi: float | None = None,
    phrase: str = "地区生产总值",
    estimate: bool = False,
    period: tuple[int, int] | None = None,
    each: bool = False,
    partial: str = "",
) -> Figure:
    return Figure(
        quantity=f"{doc}:{role}{year}{value}:q1",
        statement=f"{doc}:{role}{year}{value}",
        doc=doc,
        doc_order=order,
        role=Role(role),
        measure=measure,
        value=value,
        value_hi=hi,
        unit=unit,
        qualifier=qualifier,
        year=year,
        period=period,
        partial=partial,
        estimate=estimate,
        each_year=each,
        aspirational=False,
        written=f"{value}{unit}{qualifier}",
        scale=1.0,
        shown_unit=unit,
        phrase=phrase,
        table=False,
        binding=False,
        core=core(phrase),
        doc_year={"plan": 2021, "r22": 2023, "r24": 2024, "r26": 2026}.get(doc, 2021),
    )


def mentions(figures) -> list[ledger.Mention]:
    return [ledger.Mention(f.statement, f.doc, f.doc_order) for f in figures]


def judged(*figures: Figure, higher: bool | None = True) -> dict[str, Status]:
    found = ledger.promises("m:x", list(figures), mentions(figures), PLACE, higher)
    return {p.statement: p.status for p in found}


# -- qualifiers by direction ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "actual", "higher", "ok"),
    [
        ("以上", 7.0, True, True),
        ("以上", 6.9, True, False),
        ("左右", 6.6, True, True),
        ("左右", 6.4, True, False),
        ("左右", 9.0, True, True),
        ("以内", 3.0, False, True),
        ("以内", 3.1, False, False),
        ("", 2.0, False, True),
        ("", 3.2, False, False),  # CPI 3%: a ceiling
        ("左右", 3.4, False, True),
        ("左右", 3.6, False, False),
        ("稳定在", 97.6, True, False),  # 稳定在 has no tolerance
    ],
)
def test_qualifiers_read_by_direction(
    qualifier: str, actual: float, higher: bool, ok: bool
) -> None:
    target = fig(
        "target",
        2024,
        3.0 if not higher else (100 if qualifier == "稳定在" else 7.0),
        qualifier=qualifier,
    )
    assert judge.meets(actual, target, higher) is ok


def test_a_range_is_a_floor() -> None:
    target = fig("target", 2024, 6.0, hi=7.0)
    assert judge.meets(6.2, target, True) and not judge.meets(5.9, target, True)


# -- which actual may judge which promise -----------------------------------------------------


def test_another_years_figure_never_decides_a_yearly_target() -> None:
    target = fig("target", 2024, 7.0, measure=Measure.GROWTH, qualifier="左右", doc="r24", order=2)
    later = fig("actual", 2025, 6.5, measure=Measure.GROWTH, doc="r26", order=3)
    earlier = fig("actual", 2023, 6.7, measure=Measure.GROWTH, doc="r24", order=2)
    assert judged(target, later, earlier)[target.statement] is Status.NO_DATA
    reason = ledger.promises("m:x", [target, later], [], PLACE, True)[0].reason
    assert "no report of 2024" in reason and "2025 work report" in reason


def test_the_years_actual_decides() -> None:
    target = fig("target", 2025, 5.0, measure=Measure.GROWTH, qualifier="左右", doc="r24", order=2)
    got = fig("actual", 2025, 5.2, measure=Measure.GROWTH, doc="r26", order=3)
    assert judged(target, got)[target.statement] is Status.MET


def test_another_measure_never_judges() -> None:
    stock = fig("target", 2025, 600, unit="个", phrase="高新技术企业数量")
    flow = fig(
        "actual",
        2023,
        108,
        unit="个",
        measure=Measure.ADDED,
        phrase="培育高新技术企业",
        doc="r24",
        order=2,
    )
    assert judged(stock, flow)[stock.statement] is Status.NO_DATA


def test_a_sibling_indicator_never_judges() -> None:
    target = fig("target", 2024, 145, unit="万头", phrase="肉牛饲养量", doc="r24", order=2)
    hog = fig("actual", 2025, 150, unit="万头", phrase="生猪饲养量", doc="r26", order=3)
    assert not ledger.same_indicator(target, hog)


# -- period targets ---------------------------------------------------------------------------


def test_average_growth_is_judged_by_the_average_so_far() -> None:
    avg = fig(
        "target", 2025, 7.0, measure=Measure.AVERAGE_GROWTH, qualifier="以上", period=(2021, 2025)
    )
    a23 = fig("actual", 2023, 6.7, measure=Measure.GROWTH, doc="r24", order=2)
    a25 = fig("actual", 2025, 6.5, measure=Measure.GROWTH, doc="r26", order=3, estimate=True)
    p = ledger.promises("m:x", [avg, a23, a25], [], PLACE, True)[0]
    assert p.status is Status.LAGGING and p.value == pytest.approx(6.6)
    assert p.coverage == (2023, 2025)
    high = fig("actual", 2023, 8.0, measure=Measure.GROWTH, doc="r24", order=2)
    assert judged(avg, high, a25)[avg.statement] is Status.ON_TRACK


def test_average_growth_with_every_year_is_decisive() -> None:
    avg = fig("target", 2025, 6.0, measure=Measure.AVERAGE_GROWTH, period=(2021, 2025))
    years = [
        fig("actual", y, 6.5, measure=Measure.GROWTH, doc="r26", order=3) for y in range(2021, 2026)
    ]
    assert judged(avg, *years)[avg.statement] is Status.MET


def test_added_over_a_period_sums_flows_never_stocks() -> None:
    target = fig(
        "target",
        2025,
        260,
        unit="万亩",
        measure=Measure.ADDED,
        period=(2021, 2025),
        phrase="新增高标准农田",
    )
    flows = [
        fig(
            "actual",
            y,
            v,
            unit="万亩",
            measure=Measure.ADDED,
            doc="r26",
            order=3,
            phrase="新建高标准农田",
        )
        for y, v in ((2022, 59.8), (2023, 87.7), (2025, 67))
    ]
    stock = fig(
        "actual",
        2022,
        406,
        unit="万亩",
        measure=Measure.TOTAL,
        doc="r22",
        order=1,
        phrase="累计建成高标准农田",
    )
    p = ledger.promises("m:x", [target, *flows, stock], [], PLACE, True)[0]
    assert p.status is Status.ON_TRACK and p.value == pytest.approx(214.5)
    assert p.expected == pytest.approx(156)  # 260 × 3/5 pro rata
    big = fig(
        "actual",
        2024,
        60,
        unit="万亩",
        measure=Measure.ADDED,
        doc="r26",
        order=3,
        phrase="新建高标准农田",
    )
    assert judged(target, *flows, big)[target.statement] is Status.MET_EARLY


def test_each_year_is_missed_as_soon_as_a_year_falls_short() -> None:
    target = fig(
        "target",
        2025,
        55,
        unit="万人",
        measure=Measure.ADDED,
        period=(2021, 2025),
        each=True,
        qualifier="保持在",
        phrase="农村劳动力转移就业",
    )
    short = fig(
        "actual",
        2022,
        46.2,
        unit="万人",
        measure=Measure.ADDED,
        doc="r22",
        order=1,
        phrase="农村劳动力转移就业",
    )
    assert judged(target, short)[target.statement] is Status.MISSED


# -- levels before and after the deadline -----------------------------------------------------


def test_level_met_early_and_no_data_after_the_deadline() -> None:
    target = fig("target", 2025, 5500, unit="个", qualifier="发展到", phrase="家庭农场")
    early = fig("actual", 2022, 9795, unit="个", doc="r22", order=1, phrase="家庭农场")
    assert judged(target, early)[target.statement] is Status.MET_EARLY
    low = fig("actual", 2022, 3000, unit="个", doc="r22", order=1, phrase="家庭农场")
    p = ledger.promises("m:x", [target, low], mentions([target, low]), PLACE, True)[0]
    assert p.status is Status.NO_DATA and "latest figure" in p.reason


def test_straight_path_before_the_deadline() -> None:
    place = ledger.place_of(
        [("plan", 2021, 0, "five-year-plan"), ("r24", 2024, 1, "work-report")],
        reported={2020, 2023},
    )
    base = fig("baseline", 2020, 85, unit="亿斤", phrase="粮食产量")
    target = fig("target", 2025, 100, unit="亿斤", phrase="粮食产量")
    low = fig("actual", 2023, 90, unit="亿斤", doc="r24", order=1, phrase="粮食产量")
    p = ledger.promises("m:x", [base, target, low], [], place, True)[0]
    assert p.status is Status.LAGGING and p.expected == pytest.approx(94.0)
    high = fig("actual", 2023, 95, unit="亿斤", doc="r24", order=1, phrase="粮食产量")
    assert ledger.promises("m:x", [base, target, high], [], place, True)[0].status is (
        Status.ON_TRACK
    )


# -- restated, dropped, new -------------------------------------------------------------------


def test_rolled_over_and_revised() -> None:
    first = fig("target", 2025, 1200, unit="亿元", phrase="化工产业产值")
    again = fig("target", 2030, 1200, unit="亿元", phrase="化工产业产值", doc="r26", order=3)
    assert judged(first, again)[first.statement] is Status.ROLLED_OVER
    other = fig("target", 2025, 1000, unit="亿元", phrase="化工产业产值", doc="r24", order=2)
    assert judged(first, other)[first.statement] is Status.REVISED
    near = fig("target", 2030, 1270, unit="亿元", phrase="化工产业产值", doc="r26", order=3)
    assert judged(first, near)[first.statement] is Status.NO_DATA  # 5.8% off: not the same


def test_dropped_only_for_a_plan_target_nobody_mentions_again() -> None:
    target = fig("target", 2025, 60, phrase="民营经济增加值占比")
    alone = ledger.promises(
        "m:x", [target], [ledger.Mention(target.statement, "plan", 0)], PLACE, True
    )[0]
    assert alone.status is Status.DROPPED
    later = [ledger.Mention(target.statement, "plan", 0), ledger.Mention("r24:1", "r24", 2)]
    assert ledger.promises("m:x", [target], later, PLACE, True)[0].status is Status.NO_DATA


def test_new_in_the_newest_document() -> None:
    target = fig("target", 2026, 20, measure=Measure.GROWTH, doc="r26", order=3, phrase="低空经济")
    p = ledger.promises("m:x", [target], [ledger.Mention(target.statement, "r26", 3)], PLACE, True)
    assert p[0].status is Status.NEW


# -- reading the measure from the words -------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "before", "after", "unit", "qualifier", "column", "measure"),
    [
        ("地区生产总值增长", "全年地区生产总值增长", "", "%", "", "", Measure.GROWTH),
        (
            "地区生产总值（GDP）增长",
            "地区生产总值（GDP）增长（%）",
            "",
            "%",
            "以上",
            "年均/累计（%）",
            Measure.AVERAGE_GROWTH,
        ),
        (
            "固定资产投资年均增长",
            "固定资产投资年均增长",
            "",
            "%",
            "以上",
            "",
            Measure.AVERAGE_GROWTH,
        ),
        ("普惠性幼儿园覆盖率", "普惠性幼儿园覆盖率提高到", "", "%", "以上", "", Measure.SHARE),
        (
            "民营经济增加值占地区生产总值比重",
            "民营经济增加值占地区生产总值比重",
            "",
            "%",
            "",
            "",
            Measure.SHARE,
        ),
        ("新增高标准农田", "全市力争新增高标准农田", "", "万亩", "", "", Measure.ADDED),
        ("累计建成", "累计建成", "", "万亩", "", "", Measure.TOTAL),
        ("家庭农场", "全市家庭农场发展到", "", "个", "", "", Measure.LEVEL),
        ("排名", "排名全省第", "", "位", "", "", Measure.RANK),
        ("战略性新兴产业占比", "战略性新兴产业占比提高", "", "个百分点", "", "", Measure.CHANGE),
        ("居民消费价格涨幅", "居民消费价格涨幅", "", "%", "左右", "", Measure.GROWTH),
    ],
)
def test_measures(phrase, before, after, unit, qualifier, column, measure) -> None:
    assert classify(phrase, before, after, unit, qualifier, column) is measure


@pytest.mark.parametrize(
    ("phrase", "before", "after", "unit", "qualifier"),
    [
        ("R&D经费投入增量部分给予", "R&D经费投入增量部分给予", "的补助", "%", ""),  # a subsidy rate
        ("开复工", "全年开复工", "以上项目400个", "万元", "以上"),  # a class threshold
        ("奖励", "一次性奖励", "", "万元", ""),
    ],
)
def test_no_goal_figures(phrase, before, after, unit, qualifier) -> None:
    assert classify(phrase, before, after, unit, qualifier) is None


def test_periods() -> None:
    assert period_of(Measure.AVERAGE_GROWTH, 2025, 2021, False) == (2021, 2025)
    assert period_of(Measure.ADDED, 2024, 2024, False) is None
    assert period_of(Measure.LEVEL, 2025, 2021, True) == (2021, 2025)


# -- the bundled corpus -----------------------------------------------------------------------


def _promise(db, chain: str, written: str):
    detail = get_chain(db, chain)
    assert detail is not None, chain
    return next(p for p in detail.promises if p.written == written)


def test_grain_missed_at_97_6_percent(built_db) -> None:
    p = _promise(built_db, "m:grain", "稳定在100亿斤")
    assert p.status is Status.MISSED and p.ratio == pytest.approx(0.976)
    assert [a.year for a in p.actuals] == [2025] and p.actuals[0].value == pytest.approx(97.6)


def test_gdp_average_growth_lagging(built_db) -> None:
    detail = get_chain(built_db, "m:gdp")
    assert detail is not None
    avg = next(p for p in detail.promises if p.measure is Measure.AVERAGE_GROWTH)
    assert avg.status is Status.LAGGING and avg.coverage == (2023, 2025)
    assert not avg.binding  # GDP is 预期性; the CO2 row's 约束性 no longer leaks in


def test_chemicals_rolled_over_to_2030(built_db) -> None:
    p = _promise(built_db, "m:chemical-output", "1200亿元以上")
    assert p.status is Status.ROLLED_OVER and p.restated_year == 2030


def test_no_decisive_verdict_uses_another_year(built_db) -> None:
    """The check of the issue, over every promise: a decisive verdict's actuals are for its
    year, or for years of its period (met-early: before the year, never after it)."""
    for p in all_promises(built_db):
        if not p.status.decisive:
            continue
        for a in p.actuals:
            if p.period:
                assert p.period[0] <= a.year <= p.period[1], (p.id, a)
            elif p.status is Status.MET_EARLY:
                assert a.year < (p.year or 0), (p.id, a)
            else:
                assert a.year == p.year, (p.id, a)


def test_a_target_has_one_verdict(built_db) -> None:
    ids = [p.id for p in all_promises(built_db)]
    assert len(ids) == len(set(ids))


def test_labelled_verdicts(built_db) -> None:
    raws = {r["id"]: r["raw"] for r in built_db.query("select id, raw from documents")}
    cases = evaluate.read_labels(GOLD / "verdicts.json", "verdicts")
    score = evaluate.score_verdicts(export.export(built_db), raws, cases)
    assert score.right / score.total >= 0.9, [(m.case["quote"], m.got) for m in score.misses]


@pytest.mark.parametrize(
    ("after", "unit", "aliases", "noun"),
    [
        ("老旧小区（含单体楼）改造任务", "个", ("老旧小区改造", "老旧小区"), "老旧小区"),
        ("居民", "户", ("老旧小区改造", "老旧小区"), "居民"),  # 惠及2万户居民: residents
        ("以上村生活污水治理", "个", (), "村生活污水治理"),  # the qualifier goes first
        ("", "个", ("老旧小区",), ""),  # 完成老旧小区改造60个: the noun came before
        ("老旧小区", "亿元", ("老旧小区",), ""),  # an amount is no counter
    ],
)
def test_a_count_before_its_noun_counts_that_noun(after, unit, aliases, noun) -> None:
    assert counted(after, unit, aliases) == noun


def test_a_stock_before_its_noun_never_sums_with_the_flows(built_db) -> None:
    """The plan's 295个 old compounds over 2021-2025 (计划完成城区剩余295个老旧小区改造任务) are
    judged by the compounds renovated each year, not by the 2万户 residents who benefited."""
    promise = next(
        p
        for p in all_promises(built_db)
        if p.chain == "m:old-housing-renovation" and p.written == "295个"
    )
    assert promise.status is Status.ON_TRACK
    assert "2万户" not in promise.reason and "60个" in promise.reason and "171个" in promise.reason


def test_a_project_named_in_a_list_is_promised_in_words(built_db) -> None:
    """重点实施北大湖滑雪场扩建、松花湖滑雪场西扩等15个项目: the 15 counts the list, so each
    project named in it is still a promise of its own goal."""
    written = {p.written for p in all_promises(built_db) if p.doc == "gazette-2025"}
    assert "北大湖滑雪场扩建" in written
