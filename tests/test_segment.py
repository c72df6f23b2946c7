"""corpus.segment: headings, statements, indicator table rows and gazette articles."""

from __future__ import annotations

import re

import pytest

from plandrift.corpus.clean import clean
from plandrift.corpus.manifest import bundled_corpus
from plandrift.corpus.models import DocSpec
from plandrift.corpus.segment import segment

CORPUS = bundled_corpus()
_FW = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}


def _spec(kind: str = "work-report") -> DocSpec:
    return DocSpec("t", "t.txt", "t", kind, "2024")


REPORT = """各位代表：
一、2023年工作回顾
（一）经济运行逆势上扬
全年地区生产总值增长6.7%，排名全省第一；规模工业增加值增长7.1%，排名全省第三；固定资产投资增长15.2%。
工业经济展现韧性。加速释放百亿级企业优质产能，中油吉化炼量达到925万吨。
二、2024年工作总体思路和目标任务
主要预期目标是：地区生产总值增长7%左右，固定资产投资增长5%。
三、2024年工作安排
（一）坚定不移以科技创新推动产业转型升级
一是聚力打造全国一流化工产业基地。紧盯吉化转型升级项目建设。
二是聚力打造世界级碳纤维产业基地。举全市之力支持吉林化纤建设。
"""


def _by_title(sections):
    return {s.title: s for s in sections}


def test_heading_hierarchy_and_paths() -> None:
    sections, statements, _ = segment(_spec(), clean(REPORT))
    by = _by_title(sections)
    assert by["（一）经济运行逆势上扬"].path == "一、2023年工作回顾 / （一）经济运行逆势上扬"
    assert by["工业经济展现韧性"].path.endswith("（一）经济运行逆势上扬 / 工业经济展现韧性")
    assert by["主要预期目标"].path == "二、2024年工作总体思路和目标任务 / 主要预期目标"
    two = by["二是聚力打造世界级碳纤维产业基地"]
    assert two.path == (
        "三、2024年工作安排 / （一）坚定不移以科技创新推动产业转型升级 / "
        "二是聚力打造世界级碳纤维产业基地"
    )
    assert two.parent == by["（一）坚定不移以科技创新推动产业转型升级"].id
    assert by["一、2023年工作回顾"].level == 1 and two.level == 3
    st = next(s for s in statements if "925万吨" in s.text)
    assert st.section == by["工业经济展现韧性"].id


def test_sections_cover_heading_and_body() -> None:
    c = clean(REPORT)
    sections, statements, _ = segment(_spec(), c)
    for sec in sections:
        assert c.text[sec.cstart :].startswith(sec.title.split(" ")[0][:4])
        assert sec.cstart < sec.cend <= len(c.text)
    part = _by_title(sections)["一、2023年工作回顾"]
    inside = [s for s in statements if part.cstart <= s.cstart < part.cend]
    assert any("925万吨" in s.text for s in inside)
    assert not any("7%左右" in s.text for s in inside)


def test_statements_are_exact_slices_and_clauses_split_goals() -> None:
    c = clean(REPORT)
    _, statements, _ = segment(_spec(), c)
    for st in statements:
        assert st.text and st.text == c.text[st.cstart : st.cend]
    clauses = [s.text for s in statements if s.kind == "clause"]
    assert "全年地区生产总值增长6.7%，排名全省第一；" in clauses
    assert "固定资产投资增长15.2%。" in clauses
    assert [s.seq for s in statements] == list(range(len(statements)))
    assert len({s.id for s in statements}) == len(statements)


def test_doubled_headings_become_one_title() -> None:
    raw = (
        "厚植发展沃土厚植发展沃土\n激发经济活力激发经济活力\n\n今年，全市新增市场主体3.7万余户。\n"
    )
    sections, statements, _ = segment(_spec("year-review"), clean(raw))
    assert [s.title for s in sections] == ["厚植发展沃土 激发经济活力"]
    assert statements[0].section_path == "厚植发展沃土 激发经济活力"


def test_newspaper_headlines_nest_subheads() -> None:
    raw = "写在前面\n\n春潮澎湃起，江城启新程。\n\n回眸2025\n\n千方百计保持工业逆势增长\n\n预计规模以上工业增加值增长18%。\n\n启航2026\n\n主要预期目标\n\n地区生产总值增长5.5%以上。\n"
    _, statements, _ = segment(_spec("report-summary"), clean(raw))
    paths = {s.text: s.section_path for s in statements}
    assert paths["预计规模以上工业增加值增长18%。"] == "回眸2025 / 千方百计保持工业逆势增长"
    assert paths["地区生产总值增长5.5%以上。"] == "启航2026 / 主要预期目标"


def test_indicator_table_one_row_per_indicator(parsed) -> None:
    rows = [s for s in parsed["plan-14th"].statements if s.kind == "table-row"]
    assert len(rows) == 32
    assert [int(s.text.split()[0]) for s in rows] == list(range(1, 33))
    assert rows[0].text == "1 地区生产总值（GDP）增长（%） 0.6 —— 7以上 预期性"
    assert rows[0].columns == ("2020年预计", "2025年目标", "年均/累计（%）", "属性")
    assert rows[10].text.startswith("11 数字经济渗透率（%） 一产 6.9 8.2 ——")
    assert "待省下达" in rows[25].text
    assert all(r.section_path.endswith("“十四五”时期经济社会发展主要指标") for r in rows)


def test_plan_boxes_and_chapters(parsed) -> None:
    sections = parsed["plan-14th"].sections
    boxes = [s for s in sections if s.kind == "box"]
    assert len(boxes) >= 39
    chapter = next(s for s in sections if s.title.startswith("第一章"))
    assert chapter.level == 1
    first = next(s for s in sections if s.title == "第一节 发展基础")
    assert first.parent == chapter.id


def test_gazette_articles(parsed) -> None:
    g = parsed["gazette-2025"]
    titles = [a.title for a in g.articles]
    assert titles[0] == "“项目为王”助推全面振兴率先突破"
    assert "政府工作报告" in titles
    assert any(t.endswith("的通知") for t in titles)
    for art in g.articles:
        assert 0 <= art.cstart < art.cend <= len(g.cleaned.text)
        assert art.start < art.end
    assert sum(1 for s in g.statements if s.article) >= 0.9 * len(g.statements)
    assert not any(s.article for s in parsed["report-2024"].statements)


@pytest.mark.parametrize(
    "doc", ["plan-14th", "review-2022", "report-2024", "gazette-2025", "summary-2026"]
)
def test_statement_offsets_point_at_raw(parsed, doc: str) -> None:
    p = parsed[doc]
    assert p.statements
    for st in p.statements:
        assert st.text.strip()
        assert st.text == p.cleaned.text[st.cstart : st.cend]
        wanted = re.sub(r"\s", "", st.text)
        raw = iter(_FW.get(ch, ch) for ch in p.raw[st.start : st.end])
        assert all(ch in raw for ch in wanted if ch not in "，；：（）！？"), st.text
        assert p.raw[st.start].strip() and p.raw[st.end - 1].strip()


def test_sections_ids_match_statements(parsed) -> None:
    for p in parsed.values():
        ids = {s.id for s in p.sections}
        assert all(st.section in ids for st in p.statements if st.section)
        assert all(s.parent in ids for s in p.sections if s.parent)


def test_table_without_year_columns() -> None:
    rows = "".join(f"{i} 第{i}项指标名称 万元 {i * 10} 预期性\n\n" for i in range(1, 7))
    raw = f"前文说明这一段的内容。\n\n主要指标表\n\n序号\n\n指标\n\n单位\n\n目标值\n\n属性\n\n{rows}注：说明。\n"
    sections, statements, _ = segment(_spec("other"), clean(raw))
    table = [s for s in statements if s.kind == "table-row"]
    assert [s.text for s in table][:2] == [
        "1 第1项指标名称 万元 10 预期性",
        "2 第2项指标名称 万元 20 预期性",
    ]
    assert table[0].columns == ("单位", "目标值", "属性")
    assert table[0].section_path == "主要指标表"
    assert statements[0].text == "前文说明这一段的内容。"


def test_a_heading_that_states_a_figure_is_also_a_statement() -> None:
    raw = "荣誉榜\n\n蝉联全国文明城市荣誉称号\n连续11年蝉联“中国冰雪旅游十佳城市”\n获评全国“节气名城”等殊荣\n\n信用指数排名连续23个月列首位\n"
    sections, statements, _ = segment(_spec("report-summary"), clean(raw))
    titles = [s.title for s in sections]
    assert any("连续11年" in t for t in titles)
    st = next(s for s in statements if "11年" in s.text)
    assert st.text == "连续11年蝉联“中国冰雪旅游十佳城市”"
    assert st.section_path == next(s.path for s in sections if "连续11年" in s.title)
    # a heading that neither states a figure nor reports an achievement stays a title only
    assert not any(s.text == "荣誉榜" for s in statements)


def test_a_heading_that_reports_an_achievement_is_also_a_statement() -> None:
    raw = "荣誉榜\n\n创建全国双拥模范城实现“十连冠”\n\n聚焦扩大内需\n\n消费持续回暖。\n"
    sections, statements, _ = segment(_spec("report-summary"), clean(raw))
    assert "创建全国双拥模范城实现“十连冠”" in [s.text for s in statements]
    assert any("创建全国双拥模范城实现“十连冠”" in s.title for s in sections)
    assert "聚焦扩大内需" not in [s.text for s in statements]


def _texts(raw: str) -> list[tuple[str, str]]:
    _, statements, _ = segment(_spec(), clean(raw))
    return [(s.kind, s.text) for s in statements]


def test_a_goal_list_in_one_sentence_becomes_one_clause_per_goal() -> None:
    raw = (
        "主要预期目标是：地区生产总值增长7%左右，规模工业增加值增长6%-7%，固定资产投资增长5%，"
        "社会消费品零售总额增长7%，地方级财政收入、城乡居民人均可支配收入与经济增长同步。\n"
    )
    assert [t for _, t in _texts(raw)] == [
        "主要预期目标是：地区生产总值增长7%左右，",
        "规模工业增加值增长6%-7%，",
        "固定资产投资增长5%，",
        "社会消费品零售总额增长7%，地方级财政收入、城乡居民人均可支配收入与经济增长同步。",
    ]
    # an opening without a goal stays with the first goal
    raw = "今年1月至11月，全市空气质量优良天数294天，优良天数比例88%。\n"
    assert [t for _, t in _texts(raw)] == [
        "今年1月至11月，全市空气质量优良天数294天，",
        "优良天数比例88%。",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "肉牛、白鹅、生猪饲养量分别达到145万头、1500万只、400万头。",  # a distributive list
        "地区生产总值增长6%，高于全省1.2个百分点。",  # a comparison leans on its clause
        "克服洪灾影响再获粮食丰收，产量达到93.45亿斤。",  # 产量: no subject of its own
        "交办688件信访案件办结665件，办结率达97%。",  # a short rate of the count before
        "该项目是首个大型石化项目，总投资339亿元。",  # a generic measure
        "新建高标准农田59.8万亩，累计建成406万亩。",  # a running total of the same thing
        "推进65蒸吨以上燃煤锅炉超低排放改造，完成清洁取暖改造面积630万平方米以上。",  # 65蒸吨 qualifies a noun
        "全年地区生产总值增长6.7%，增速排名全省第一。",
    ],
)
def test_clauses_without_a_goal_of_their_own_are_not_split(sentence: str) -> None:
    assert _texts(sentence + "\n") == [("sentence", sentence)]
