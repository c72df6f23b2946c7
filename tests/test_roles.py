"""Role and year from the document's kind and date, its sections and the wording."""

from __future__ import annotations

import pytest

from plandrift.corpus import roles
from plandrift.corpus.models import DocSpec

REPORT = DocSpec("r", "r.txt", "2024年政府工作报告", "work-report", "2024-01-16")
PLAN = DocSpec(
    "p", "p.txt", "吉林市国民经济和社会发展第十四个五年规划纲要", "five-year-plan", "2021"
)
REVIEW = DocSpec("v", "v.txt", "年终综述", "year-review", "2022-12")
SUMMARY = DocSpec("s", "s.txt", "政府工作报告速览", "report-summary", "2026-01-15")


def section(spec, path, text="正文。"):
    f = roles.frame(spec, text)
    return roles.section_context(f, path, 0)


def wording(spec, path, before, text="正文。"):
    f = roles.frame(spec, text)
    return roles.wording_context(f, before, roles.section_context(f, path, 0))


def pair(ctx):
    return ctx.role, ctx.year


@pytest.mark.parametrize(
    ("spec", "path", "expected"),
    [
        (REPORT, "一、2023年工作回顾 / （一）经济运行逆势上扬", ("actual", 2023)),
        (REPORT, "二、2024年工作总体思路和目标任务", ("target", 2024)),
        (REPORT, "三、2024年工作安排 / （一）坚定不移", ("target", 2024)),
        (REPORT, "主要预期目标", ("target", 2024)),
        (REPORT, "一、过去一年工作回顾", ("actual", 2023)),
        (REPORT, "二、今年经济社会发展的总体要求", ("target", 2024)),
        (REPORT, "", ("actual", 2023)),
        (SUMMARY, "回眸2025 / 千方百计保持工业逆势增长", ("actual", 2025)),
        (SUMMARY, "启航2026 / 主要预期目标", ("target", 2026)),
        (SUMMARY, "启航2026 / 现代化产业体系发展蓝图", ("target", 2030)),
        (PLAN, "第一章 开启新征程 / 第一节 发展基础", ("baseline", 2020)),
        (PLAN, "第一章 开启新征程 / 第四节 发展目标", ("target", 2025)),
        (PLAN, "第二章 坚持创新引领", ("target", 2025)),
        (REVIEW, "激发经济活力", ("actual", 2022)),
    ],
)
def test_section_cues(spec, path, expected):
    assert pair(section(spec, path)) == expected


@pytest.mark.parametrize(
    ("spec", "path", "before", "expected"),
    [
        (PLAN, "第二章", "到2025年，全市", ("target", 2025)),
        (PLAN, "第二章", "到2035年，", ("target", 2035)),
        (PLAN, "第一节 发展基础", "“十三五”期间，", ("baseline", 2020)),
        (PLAN, "第二章", "“十四五”期间，全市固定资产投资年均增长", ("target", 2025)),
        (PLAN, "专栏22", "2018年实际排名", ("actual", 2018)),
        (PLAN, "第二章", "比2020年增长", ("target", 2025)),
        (PLAN, "第二章", "2021-2025年", ("target", 2025)),
        (REVIEW, "", "全年生猪饲养量力争发展到", ("target", 2022)),
        (REVIEW, "", "今年8月，排名", ("actual", 2022)),
        (REPORT, "三、2024年工作安排", "去年居民消费价格涨幅回落到", ("actual", 2023)),
        (REPORT, "三、2024年工作安排", "今年拟安排财政赤字，比去年增加", ("target", 2024)),
        (SUMMARY, "写在前面", "2025年，预计地区生产总值增长", ("actual", 2025)),
        (SUMMARY, "", "为“十四五”收官", ("actual", 2025)),
    ],
)
def test_wording_overrides_the_section(spec, path, before, expected):
    assert pair(wording(spec, path, before)) == expected


def test_column_labels():
    f = roles.frame(PLAN, "正文。")
    base = roles.Context("target", 2025)
    assert pair(roles.column_context(f, "2020年预计", base)) == ("baseline", 2020)
    assert pair(roles.column_context(f, "2025年目标", base)) == ("target", 2025)
    assert pair(roles.column_context(f, "年均/累计（%）", base)) == ("target", 2025)


def test_plan_period_from_the_title_or_the_opening():
    assert (roles.frame(PLAN, "x").start, roles.frame(PLAN, "x").end) == (2021, 2025)
    untitled = DocSpec("q", "q.txt", "规划", "five-year-plan", "2016")
    f = roles.frame(untitled, "某市国民经济和社会发展规划（2016—2020年）")
    assert (f.start, f.end) == (2016, 2020)
    assert roles.fyp_end("五") == 2030


def test_cue_headings_reach_statements_the_section_path_misses():
    text = "一、2023年工作回顾\n全年增长。\n三、2024年工作安排\n（一）抓项目\n实施项目。"
    f = roles.frame(REPORT, text)
    pos = text.index("实施")
    assert pair(roles.section_context(f, "（一）抓项目", pos)) == ("target", 2024)
    assert pair(roles.section_context(f, "", text.index("全年"))) == ("actual", 2023)


def test_plan_period_from_a_short_title():
    spec = DocSpec("q", "q.txt", "某市“十五五”规划", "five-year-plan", "2026")
    f = roles.frame(spec, "正文")
    assert (f.start, f.end) == (2026, 2030)


def test_a_review_published_in_january_looks_back_on_the_year_before():
    spec = DocSpec("v2", "v.txt", "年终综述", "year-review", "2023-01-05")
    assert pair(section(spec, "")) == ("actual", 2022)
    assert pair(wording(spec, "", "今年，全市")) == ("actual", 2022)


def test_a_generic_inner_title_keeps_the_year_an_outer_title_names():
    gazette = DocSpec("g", "g.txt", "公报", "gazette", "2025")
    path = "政府工作报告 / 二、2024年工作总体思路和目标任务 / 主要预期目标"
    assert pair(section(gazette, path)) == ("target", 2024)
    assert pair(section(gazette, "主要预期目标")) == ("target", 2025)


def test_the_next_five_years_aim_at_the_end_of_the_plan_period():
    assert pair(section(REPORT, "二、今后五年的主要目标")) == ("target", 2025)


def test_cue_headings_of_one_gazette_article_stay_inside_it():
    gazette = DocSpec("g2", "g.txt", "公报", "gazette", "2025")
    text = "政府工作报告\n一、2023年工作回顾\n全年增长。\n支持碳纤维产业发展若干举措\n给予奖励。"
    f = roles.frame(gazette, text)
    pos = text.index("给予")
    assert pair(roles.section_context(f, "支持碳纤维产业发展若干举措", pos, True)) == (
        "target",
        2025,
    )
    assert pair(roles.section_context(f, "政府工作报告", text.index("全年"), True)) == (
        "actual",
        2023,
    )


def test_a_delivery_line_opens_last_years_review():
    gazette = DocSpec("g3", "g.txt", "公报", "gazette", "2025")
    text = "政府工作报告\n2024年1月16日在市人民代表大会上\n全年地区生产总值增长6.7%。"
    f = roles.frame(gazette, text)
    assert pair(roles.section_context(f, "政府工作报告", text.index("全年"), True)) == (
        "actual",
        2023,
    )
