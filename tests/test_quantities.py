"""Quantities: which numbers measure something, and their unit, qualifier and metric."""

from __future__ import annotations

import pytest

from plandrift.corpus import quantities as quantities_stage
from plandrift.corpus import roles
from plandrift.corpus.models import Cleaned, DocSpec, Statement
from plandrift.corpus.parsed import ParsedDocument

REPORT = DocSpec("r", "r.txt", "2024年政府工作报告", "work-report", "2024-01-16")
PLAN = DocSpec("p", "p.txt", "第十四个五年规划纲要", "five-year-plan", "2021")


def quantities(text, spec=REPORT, path="三、2024年工作安排", kind="sentence", columns=()):
    st = Statement(
        id="",
        doc=spec.id,
        section=None,
        section_path=path,
        text=text,
        cstart=0,
        cend=len(text),
        seq=0,
        kind=kind,
        columns=columns,
    )
    doc = ParsedDocument(spec, text, Cleaned(text, list(range(len(text) + 1))), statements=[st])
    quantities_stage.run(doc)
    roles.run(doc)
    return st


def one(text, **kw):
    (q,) = quantities(text, **kw).quantities
    return q


def test_offsets_cover_the_number_itself():
    text = "脱贫人口人均收入突破1.8万元。"
    q = one(text)
    assert text[q.cstart : q.cend] == "1.8"
    assert (q.value, q.unit, q.norm_value, q.norm_unit) == (1.8, "万元", 18000, "元")
    assert q.qualifier == "突破"


def test_chinese_magnitudes_keep_the_multiplier_in_the_unit():
    q = one("推动粮食产量加快迈上百亿斤台阶。")
    assert (q.value, q.unit, q.norm_value, q.norm_unit) == (100, "亿斤", 1e10, "斤")
    q = one("粮食播种面积稳定在千万亩以上。")
    assert (q.value, q.unit, q.qualifier) == (1000, "万亩", "以上")


def test_small_chinese_counts():
    assert (one("建设两个产业园。").value, one("半小时通勤圈").value) == (2, 0.5)


def test_ranges():
    q = one("规模工业增加值增长6%-7%。")
    assert (q.value, q.value_hi, q.unit) == (6, 7, "%")
    q = one("力争再增加1-2个国家级园区。")
    assert (q.value, q.value_hi, q.unit) == (1, 2, "个")


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("地区生产总值增长7%左右", "左右"),
        ("化工行业产值达到1200亿元以上", "以上"),
        ("企业7000余户", "余"),
        ("签约额达到3894亿元", "达到"),
        ("固定资产投资增长5%", ""),
        ("煤电占比降低到33.4%以下", "以下"),
        ("新增10家服务外包骨干企业", "新增"),
        ("直接经济损失占比不超过1%", "不超过"),
    ],
)
def test_qualifier_nearest_the_number(text, qualifier):
    assert one(text).qualifier == qualifier


def test_metric_is_the_phrase_before_the_number():
    assert one("全年地区生产总值增长6.7%。").metric == "地区生产总值增长"
    assert one("水产品产量达到4.8万吨。").metric == "水产品产量"


def test_a_change_after_a_level_borrows_its_metric():
    qs = quantities("肉牛饲养量达到122.8万头、增长9.8%。").quantities
    assert [q.metric for q in qs] == ["肉牛饲养量", "肉牛饲养量增长"]


def test_distributive_lists_give_each_number_its_metric():
    qs = quantities("肉牛、白鹅、生猪饲养量分别达到145万头、1500万只、400万头。").quantities
    assert [q.metric for q in qs] == ["肉牛饲养量", "白鹅饲养量", "生猪饲养量"]
    assert [q.value for q in qs] == [145, 1500, 400]
    qs = quantities("安全生产事故起数、死亡人数分别下降31.1%和16.9%。").quantities
    assert [q.metric for q in qs] == ["安全生产事故起数", "死亡人数"]


@pytest.mark.parametrize(
    "text",
    [
        "到2025年，全面建成。",
        "2021-2025年规划",
        "23.发挥物流枢纽带动作用",
        "第一，坚持创新",
        "（一）经济运行",
        "一是打好攻坚战",
        "吉市政办发〔2025〕3号",
        "- 6 -",
        "电话：0432-62012345",
        "第3条规定",
        "“十四五”时期",
        "建成5G基站",
        "校城融合“567”工程",
        "十连冠",
        "一个中心",
        "每千人口拥有床位",
        "建成千头牛场",
        "2022年度考核第一",
    ],
)
def test_not_measures(text):
    assert quantities(text).quantities == []


def test_a_rank_is_a_measure_but_an_ordinal_is_not():
    assert one("排名位列全国地级市第16位。").value == 16
    assert quantities("第五届马拉松").quantities == []


def test_spaces_inside_a_number_and_unit_are_tolerated():
    q = one("投资5000 万元以上")
    assert (q.value, q.unit) == (5000, "万元")


def test_estimate_flag():
    assert one("单位GDP能耗预计降低3%。").estimate
    assert not one("主要预期目标是：地区生产总值增长7%左右。").estimate


def test_table_row_takes_role_and_year_from_columns():
    cols = ("2020年预计", "2025年目标", "年均/累计（%）", "属性")
    st = quantities(
        "3 常住人口城镇化率（%） 60 67 —— 预期性",
        spec=PLAN,
        path="第四节 发展目标",
        kind="table-row",
        columns=cols,
    )
    got = [(q.value, q.unit, q.role, q.year, q.metric) for q in st.quantities]
    assert got == [
        (60, "%", "baseline", 2020, "常住人口城镇化率"),
        (67, "%", "target", 2025, "常住人口城镇化率"),
    ]
    assert st.quantities[0].estimate


def test_table_sub_rows_restart_the_columns():
    cols = ("2020年预计", "2025年目标", "年均/累计（%）", "属性")
    st = quantities(
        "11 数字经济渗透率（%） 一产 6.9 8.2 —— 预期性二产 16.5 19.5 ——",
        spec=PLAN,
        path="第四节 发展目标",
        kind="table-row",
        columns=cols,
    )
    got = [(q.value, q.year, q.metric) for q in st.quantities]
    assert got == [
        (6.9, 2020, "数字经济渗透率（一产）"),
        (8.2, 2025, "数字经济渗透率（一产）"),
        (16.5, 2020, "数字经济渗透率（二产）"),
        (19.5, 2025, "数字经济渗透率（二产）"),
    ]


def test_table_cells_with_units_and_row_labels_with_years():
    cols = ("永吉县", "舒兰市")
    st = quantities(
        "2018年实际排名 17名 21名",
        spec=PLAN,
        path="专栏 22：县域经济",
        kind="table-row",
        columns=cols,
    )
    assert [(q.value, q.role, q.year) for q in st.quantities] == [
        (17, "actual", 2018),
        (21, "actual", 2018),
    ]
    st = quantities(
        "2025年目标排名 前 15名 前 5名",
        spec=PLAN,
        path="专栏 22：县域经济",
        kind="table-row",
        columns=cols,
    )
    assert [(q.value, q.qualifier, q.role, q.year) for q in st.quantities] == [
        (15, "前", "target", 2025),
        (5, "前", "target", 2025),
    ]


def test_a_level_after_a_change_borrows_the_metric_without_the_change():
    qs = quantities("地区生产总值增长7.5%，达326.4亿元。").quantities
    assert [q.metric for q in qs] == ["地区生产总值增长", "地区生产总值"]


def test_ratios_rates_and_denominators():
    q = one("电动自行车充电设施配建比达到1.58:1。")
    assert (q.value, q.unit) == (1.58, ":1")
    q = one("孕产妇死亡率控制在18/10万以内。")
    assert (q.value, q.unit, q.qualifier) == (18, "/10万", "以内")
    assert quantities("上午9:30开会").quantities == []


def test_year_of_a_from_to_pair():
    st = quantities("财政赤字率从2009年的2.8%降到去年的1.5%左右。", path="一、过去五年工作回顾")
    assert [(q.value, q.year) for q in st.quantities] == [(2.8, 2009), (1.5, 2023)]


def test_statement_without_numbers_takes_the_section_and_wording():
    st = quantities("到2035年，基本实现现代化。", spec=PLAN, path="第四节 发展目标")
    assert (st.role, st.year) == ("target", 2035)
    st = quantities("坚持稳中求进。", path="一、2023年工作回顾")
    assert (st.role, st.year) == ("actual", 2023)


def test_approximate_counts():
    assert (one("惠及100多万人").value, one("惠及100多万人").unit) == (100, "万人")
    q = one("新增市场主体3.7万余户")
    assert (q.value, q.unit, q.qualifier, q.norm_value) == (3.7, "万户", "余", 37000)


def test_a_listed_number_shares_the_unit_of_the_next():
    st = quantities("贷款平均增速分别高4.2和0.7个百分点。")
    assert [(q.value, q.unit) for q in st.quantities] == [(4.2, "个百分点"), (0.7, "个百分点")]
    assert quantities("2021、2022年").quantities == []


def test_thousands_after_digits_and_units_that_begin_with_a_multiplier():
    q = one("日均新设企业5千多户")
    assert (q.value, q.unit, q.norm_value, q.norm_unit) == (5, "千户", 5000, "户")
    q = one("装机100万千瓦")
    assert (q.unit, q.norm_value, q.norm_unit) == ("万千瓦", 1e6, "千瓦")


REVIEW = DocSpec("v", "v.txt", "年终综述", "year-review", "2022-12")


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("今年1月至11月，全市空气质量优良天数294天，优良天数比例88%。", ["1-11月", "1-11月"]),
        ("1—10月，规模工业产值增长5.4%。", ["1-10月"]),
        ("今年前三季度，一产增加值增长3.1%。", ["前三季度"]),
        ("上半年，地区生产总值增长4.2%。", ["上半年"]),
        ("截至11月末，新签约项目268个。", ["截至11月末"]),
        ("前10个月，外贸进出口总额增长1.7%。", ["前10个月"]),
        # the cue covers what follows it, not what precedes it, nor a later whole-year figure
        ("矿山产能700万吨，一季度完成核准。", [""]),
        # mid-clause, a period dates an event, not the figures after it
        ("大唐700万吨露天矿一季度完成核准，亘富200万吨褐煤提质项目年内投产。", ["", ""]),
        ("1-11月优良天数294天，预计全年优良天数320天。", ["1-11月", ""]),
        # no cue: a whole year; 四季度假区 is a resort, not the fourth quarter
        ("地区生产总值增长5.5%。", [""]),
        ("北大湖四季度假小镇等2个特色小镇。", [""]),
    ],
)
def test_partial_year_period_from_the_wording_before_the_number(text, periods):
    st = quantities(text, spec=REVIEW, path="回眸2022")
    assert [q.period for q in st.quantities] == periods


def test_period_is_stored_and_exported(built_db):
    from plandrift.report import export

    rows = list(built_db.query("select period from quantities where period != ''"))
    assert rows, "the bundled review has 1-11月 figures"
    exported = [
        q for st in export.statements(built_db, docs={"review-2022"}) for q in st["quantities"]
    ]
    assert {"1-11月", "前三季度"} <= {q["period"] for q in exported}
    assert all("period" in q for q in exported)


def test_migration_adds_the_period_column_to_an_older_database(tmp_path):
    from plandrift.corpus import store

    db = store.open_db(tmp_path / "old.db")
    store.apply_migrations(db, "corpus", store.CORPUS_MIGRATIONS[:1])
    assert "period" not in db["quantities"].columns_dict
    store.ensure_schema(db)
    assert "period" in db["quantities"].columns_dict
    store.ensure_schema(db)  # once only


def test_a_streak_is_named_by_the_words_after_it():
    st = quantities("全面落实安全生产责任制，连续41年无重大森林火灾，连续81个月无较大事故。")
    assert [(q.metric, q.qualifier) for q in st.quantities] == [
        ("无重大森林火灾", "连续"),
        ("无较大事故", "连续"),
    ]
    # a bare qualifier with nothing after it still borrows the metric before it
    st = quantities("全年实现营业收入增长7.5%，达326.4亿元。")
    assert st.quantities[1].metric == "营业收入"


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("推动化工产业产值突破1200亿元。", "化工产业产值"),
        ("加快推进吉林碳谷15万吨原丝项目。", "吉林碳谷"),
        ("实施各类水利项目72项。", "各类水利项目"),
        ("推动粮食产量加快迈上百亿斤台阶。", "粮食产量"),
        ("推动58个项目冬季不停工。", "项目冬季不停工"),  # nothing but the verb before it
        ("全年实施5000万元以上项目407个。", "5000万元以上项目"),
        ("加快发展5个产业。", "加快发展"),  # too little would be left
        ("城镇新增就业1.2万人。", "城镇新增就业"),  # 新增 names the measure: kept
    ],
)
def test_boilerplate_verbs_heading_a_metric_are_trimmed(text, metric):
    assert quantities(text).quantities[-1].metric == metric


def test_a_web_address_in_the_text_measures_nothing():
    # A plan pasted a link into a sentence: its %E6%B6%88 is no 88%.
    text = (
        "提升政法https://baike.baidu.com/item/%E6%B6%88%E9%98%B2%E5%AE%89工作水平，覆盖率达到98%。"
    )
    (q,) = quantities(text).quantities
    assert q.text == "98%" and q.cstart == text.rindex("98%")
