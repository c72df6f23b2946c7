"""corpus.clean: general cleaning rules, each with its offset map checked against the raw text."""

from __future__ import annotations

import pytest

from plandrift.corpus.clean import clean, undouble
from plandrift.corpus.models import Cleaned


def _check_offsets(raw: str, c: Cleaned) -> None:
    """Every kept character points at itself (or its full-width / ASCII form) in raw."""
    assert len(c.offsets) == len(c.text) + 1
    assert c.offsets[-1] == len(raw)
    for i, ch in enumerate(c.text):
        r = raw[c.offsets[i]]
        if ch in "\n ":
            continue
        assert r == ch or ord(r) - 0xFEE0 == ord(ch) or r in ",;:?!()", (i, ch, r)
    inner = [o for o, ch in zip(c.offsets, c.text, strict=False) if ch != "\n"]
    assert inner == sorted(inner)


def test_hard_wrapped_lines_join_into_paragraphs() -> None:
    raw = (
        "第一节 发展基础\n\n"
        "“十三五”期间，面对错综复杂的国内外环境和经济下行压力，\n\n"
        "吉林市高举习近平新时代中国特色社会主义思想伟大旗帜，全面\n\n"
        "贯彻落实党中央国务院、省委省政府和市委决策部署，全市上下\n\n"
        "在克服困难中砥砺奋进，取得决定性成就。\n\n"
        "经济运行总体平稳。产业结构持续优化，被国家确定为全国\n\n"
        "首批产业转型升级示范区。\n"
    )
    c = clean(raw)
    lines = c.text.split("\n")
    assert lines[0] == "第一节 发展基础"
    assert lines[1].startswith("“十三五”期间") and lines[1].endswith("取得决定性成就。")
    assert (
        lines[2] == "经济运行总体平稳。产业结构持续优化，被国家确定为全国首批产业转型升级示范区。"
    )
    _check_offsets(raw, c)


def test_page_numbers_and_running_heads_are_dropped() -> None:
    raw = (
        "各地各部门要健全工作机制，压实\n\n责任目标。\n\n- 6 - - 19 -\n\n"
        "吉林市人民政府公报 2025·2-3 吉林市人民政府公报 2025·2-3\n\n"
        "强化服务保障。\n\n12\n"
    )
    c = clean(raw)
    assert c.text == "各地各部门要健全工作机制，压实责任目标。\n强化服务保障。"
    _check_offsets(raw, c)


def test_recurring_running_head_is_dropped() -> None:
    head = "某某市人民政府公报 2025年第3期"
    body = "".join(f"{head}\n第{i}条规定的内容在这里写明。\n" for i in range(4))
    assert head not in clean(body).text


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("厚植发展沃土厚植发展沃土", "厚植发展沃土"),
        ("稳固稳固““压舱石压舱石””", "稳固“压舱石”"),
        ("实现实现““稳增长稳增长””", "实现“稳增长”"),
        ("吉林市冰雪经济发展迅猛吉林市冰雪经济发展迅猛。。", "吉林市冰雪经济发展迅猛。"),
    ],
)
def test_doubled_headings_collapse(line: str, kept: str) -> None:
    raw = f"{line}\n正文第一句话在这里。\n"
    c = clean(raw)
    assert c.text.split("\n")[0] == kept
    _check_offsets(raw, c)


def test_undouble_leaves_ordinary_lines() -> None:
    assert undouble("发展发展经济") is None
    assert undouble("谢谢") is None
    assert undouble("经济运行总体平稳") is None


def test_spaces_in_numbers_dropped_with_offsets_on_raw() -> None:
    raw = "全年开复工投资 5000 万元以上项目 381 个，2025 年完成。"
    c = clean(raw)
    assert c.text == "全年开复工投资5000万元以上项目381个，2025年完成。"
    i = c.text.index("5000万元")
    assert raw[c.offsets[i] : c.offsets[i + 3] + 1] == "5000"
    assert raw[c.offsets[i + 4]] == "万"
    _check_offsets(raw, c)


def test_zero_width_inside_numbers_removed() -> None:
    raw = "\u200b\n——经济运行稳中向好。国内生产总值达到74.4\n\u200b\n万亿元，增长6.7%。设定\u200b为6%以上。"
    c = clean(raw)
    assert "74.4万亿元，增长6.7%。" in c.text
    assert "设定为6%以上。" in c.text
    assert "\u200b" not in c.text
    _check_offsets(raw, c)


def test_full_width_forms_map_one_to_one() -> None:
    raw = "增长６．５％－７％，居民收入增长。"
    c = clean(raw)
    assert c.text == "增长6.5%-7%，居民收入增长。"
    assert len(c.text) == len(raw)
    _check_offsets(raw, c)


def test_crlf_ideographic_spaces_and_gb18030() -> None:
    text = "政 府 工 作 报 告\r\n\r\n　　各位代表：\r\n　　现在，我代表区人民政府向大会报告工作。\r\n　　一、2014年工作回顾\r\n"
    raw = text.encode("gb18030").decode("gb18030")
    c = clean(raw)
    assert c.text.split("\n") == [
        "政府工作报告",
        "各位代表：",
        "现在，我代表区人民政府向大会报告工作。",
        "一、2014年工作回顾",
    ]
    assert "\r" not in c.text
    _check_offsets(raw, c)


def test_latin_garbage_line_dropped_inside_paragraph() -> None:
    raw = "电子信息领域重点实施 120 米口径射电雷达科学装置、\n\nJUANSHOUYU\n\n吉林华耀半导体芯片封装等 5 个项目。\n"
    c = clean(raw)
    assert (
        c.text == "电子信息领域重点实施120米口径射电雷达科学装置、吉林华耀半导体芯片封装等5个项目。"
    )


def test_licence_trailer_dropped() -> None:
    body = "".join(f"第{i}段正文，说明政府工作的有关情况。\n\n" for i in range(12))
    raw = (
        body
        + "本作品是中华人民共和国的\n法律\n、\n法规\n。\n\nPublic domain\nPublic domain\nfalse\nfalse"
    )
    c = clean(raw)
    assert "本作品" not in c.text and "Public" not in c.text and "false" not in c.text


def test_wiki_link_fragments_join() -> None:
    raw = (
        "政府工作报\n告\n\n各位代表：\n\n在党中央坚强领导下，全国各族人民迎难而上。\n"
        "党的十八届六中全会\n正式明确\n习近平\n总书记的核心地位。\n\n二、工作\n\n"
        "稳健的货币政策要松紧适度。广义货币M\n2\n和社会融资规模增速要相匹配。\n\n荣誉榜\n\n"
        "蝉联全国文明城市荣誉称号\n创建全国双拥模范城实现“十连冠”\n"
    )
    raw = raw.replace("荣誉榜", "".join(f"第{i}段正文。\n\n" for i in range(8)) + "荣誉榜")
    lines = clean(raw).text.split("\n")
    assert lines[0] == "政府工作报告"
    assert "党的十八届六中全会正式明确习近平总书记的核心地位。" in lines
    assert "稳健的货币政策要松紧适度。广义货币M2和社会融资规模增速要相匹配。" in lines
    assert lines[-2:] == ["蝉联全国文明城市荣誉称号", "创建全国双拥模范城实现“十连冠”"]


TABLE = """——社会治理效能得到新提升。民主法治更加健全。
 “十四五”时期经济社会发展主要指标
类

别

序

号
指 标

2020年
预计

2025年
目标

年均/
累计（%）

属性

经

济

1 地区生产总值（GDP）增长（%） 0.6 —— 7以上 预期性

2 全员劳动生产率增长（%） —— —— >7 预期性

3 常住人口城镇化率（%） 60 67 —— 预期性

4 数字经济渗透率（%）

一产 6.9 8.2 ——
预期性二产 16.5 19.5 ——

5 城市空气质量优良天数比率（%） 80 待省
下达

—— 约束性

6 森林覆盖率（%） 54.61 56 —— 约束性

注：①〔〕内为五年累计数。
"""


def test_table_keeps_one_row_per_line_with_single_spaces() -> None:
    c = clean(TABLE)
    lines = c.text.split("\n")
    assert "“十四五”时期经济社会发展主要指标" in lines
    assert "1 地区生产总值（GDP）增长（%） 0.6 —— 7以上 预期性" in lines
    assert "4 数字经济渗透率（%） 一产 6.9 8.2 —— 预期性二产 16.5 19.5 ——" in lines
    assert "5 城市空气质量优良天数比率（%） 80 待省下达 —— 约束性" in lines
    header = next(line for line in lines if "2020年预计" in line)
    assert header.split()[-4:] == ["2020年预计", "2025年目标", "年均/累计（%）", "属性"]
    assert lines[-1].startswith("注：")
    _check_offsets(TABLE, c)
