"""The parser on documents made up by hypothesis from the pieces real reports are made of
(headings, figures, units, qualifiers, years, punctuation, wrapped lines) and from anything
at all: it never fails, and every row points at characters of the text it came from."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plandrift.corpus.build import parse_all
from plandrift.corpus.models import DocSpec

PIECES = [
    "第一章 发展目标",
    "第二节",
    "一、",
    "（一）",
    "专栏1：重点项目",
    "——聚焦产业",
    "一是",
    "2025年",
    "2020年",
    "1-11月",
    "预计",
    "力争",
    "地区生产总值",
    "粮食产量",
    "规模以上工业增加值",
    "增长",
    "达到",
    "突破",
    "6.5",
    "５０００",
    "1,200",
    "三百",
    "两万",
    "6%-7%",
    "亿元",
    "万人",
    "%",
    "亿斤",
    "以上",
    "左右",
    "以内",
    "，",
    "。",
    "；",
    "：",
    "、",
    "\n",
    "\r\n",
    "\n\n",
    " ",
    "\u3000",
    "- 3 -",
    "\ufeff",
    "\x1b[2J",
]
DOC = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), min_size=1, max_size=60
).map("".join)
SQUASH = re.compile(r"\s+")


def _subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=DOC, report=DOC)
def test_parser_never_fails_and_keeps_offsets(plan: str, report: str) -> None:
    docs = [
        (DocSpec("plan", "plan.txt", "规划", "five-year-plan", "2021"), plan),
        (DocSpec("report", "report.txt", "报告", "work-report", "2024-01-16"), report),
    ]
    for p in parse_all(docs):
        raw = p.raw
        for row in (*p.sections, *p.articles, *p.statements):
            assert 0 <= row.start <= row.end <= len(raw), row
        for s in p.statements:
            assert s.text.strip(), s
            piece = unicodedata.normalize("NFKC", SQUASH.sub("", raw[s.start : s.end]))
            text = unicodedata.normalize("NFKC", SQUASH.sub("", s.text))
            assert _subsequence(text, piece), (s.text, raw[s.start : s.end])
            for q in s.quantities:
                assert s.start <= q.start < q.end <= s.end, (q, s.text)
