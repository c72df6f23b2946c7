"""corpus.build: the stages hand one ParsedDocument down, each adding only its own part."""

from __future__ import annotations

from plandrift.corpus import build
from plandrift.corpus.models import Cleaned, DocSpec
from plandrift.corpus.parsed import ParsedDocument

REPORT = DocSpec("report", "r.txt", "2024年政府工作报告", "work-report", "2024-01-16")
GAZETTE = DocSpec("gazette", "g.txt", "政府公报", "gazette", "2025-03")
REVIEW = [
    "全年地区生产总值增长6.7%，排名全省第一。",
    "新建燃气管网17公里，改造燃气阀管30万户，更新老旧供热管网85公里。",
    "实施城市更新三年计划，完成南部新城三大片区控详规编制12项。",
    "全国文明城市创建成果持续巩固，新增省级文明村镇26个。",
]
REPORT_TEXT = "各位代表：\n一、2023年工作回顾\n" + "\n".join(REVIEW) + "\n"
# the gazette reprints the review without its heading: nothing in it says 2023
GAZETTE_TEXT = "关于印发若干举措的通知\n今年将建设标准厂房20万平方米。\n" + "\n".join(REVIEW) + "\n"


def _corpus() -> list[tuple[DocSpec, str]]:
    return [(GAZETTE, GAZETTE_TEXT), (REPORT, REPORT_TEXT)]


def test_the_text_stages_read_no_number() -> None:
    docs = build.read_texts(_corpus())
    assert [d.spec.id for d in docs] == ["report", "gazette"]  # corpus order: by date
    report, gazette = docs
    statements = report.statements + gazette.statements
    assert statements and all(st.quantities == [] and st.role is None for st in statements)
    for doc in docs:  # segment gave stable ids and raw offsets
        for st in doc.statements:
            assert st.id.startswith(f"{doc.spec.id}:") and doc.raw[st.start : st.end] == st.text
    by_id = {st.id: st for st in report.statements}
    reprinted = [st for st in gazette.statements if st.repeat_of]
    assert [by_id[st.repeat_of].text for st in reprinted] == [st.text for st in report.statements]


def test_the_number_stages_read_quantities_then_roles_then_a_repeats_primary() -> None:
    report, gazette = build.parse_all(_corpus())
    own = next(st for st in gazette.statements if "标准厂房" in st.text)
    assert [(q.value, q.role, q.year) for q in own.quantities] == [(20, "target", 2025)]
    for st in gazette.statements:
        if st.repeat_of:
            primary = next(p for p in report.statements if p.id == st.repeat_of)
            assert (st.role, st.year) == (primary.role, primary.year) == ("actual", 2023)
            assert [(q.role, q.year) for q in st.quantities] == [
                (q.role, q.year) for q in primary.quantities
            ]
    for doc in (report, gazette):
        for st in doc.statements:
            assert all(doc.raw[q.start : q.end] == q.text[: q.end - q.start] for q in st.quantities)


def test_a_numbers_sentence_starts_at_the_last_sentence_end_within_reach() -> None:
    text = "甲。乙！丙\n" + "丁" * 400
    doc = ParsedDocument(REPORT, text, Cleaned(text, list(range(len(text) + 1))))
    assert doc.sentence_start(1) == 0
    assert doc.sentence_start(3) == 2  # after 。
    assert doc.sentence_start(7) == 6  # after the line break
    assert doc.sentence_start(len(text) - 1) == len(text) - 1 - 300
