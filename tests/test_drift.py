"""Drift between promises, and the one word-level diff it, the reports and the app use."""

from __future__ import annotations

import json
import re

from plandrift.compare import drift, wordiff
from plandrift.compare.models import DriftLabel, Measure, Promise, Status
from plandrift.compare.signals import Stmt
from plandrift.corpus import words

DOCS = {
    "plan": (2021, 0, "five-year-plan"),
    "r24": (2024, 1, "work-report"),
    "r26": (2026, 2, "work-report"),
}


def stmt(sid: str, text: str, role: str = "target", quantities: list[dict] | None = None) -> Stmt:
    doc = sid.split(":")[0]
    year, pos, kind = DOCS[doc]
    return Stmt(
        id=sid,
        doc=doc,
        doc_year=year,
        doc_pos=pos,
        doc_kind=kind,
        seq=0,
        place="",
        text=text,
        role=role,
        year=None,
        kind="sentence",
        quantities=quantities or [],
    )


def promise(
    sid: str,
    written: str,
    target: float | None,
    year: int,
    *,
    measure: Measure = Measure.GROWTH,
    unit: str = "%",
    qualifier: str = "",
    indicator: str = "地区生产总值",
    aspirational: bool = False,
) -> Promise:
    return Promise(
        id=f"{sid}:q1" if target is not None else f"{sid}:w",
        chain="m:gdp",
        statement=sid,
        doc=sid.split(":")[0],
        indicator=indicator,
        measure=measure,
        written=written,
        target=target,
        target_hi=None,
        unit=unit,
        qualifier=qualifier,
        year=year,
        period=None,
        status=Status.NO_DATA,
        reason="",
        aspirational=aspirational,
    )


def q(sid: str, text: str) -> list[dict]:
    return [{"id": f"{sid}:q1", "text": text}]


def test_numbers_stay_whole_in_tokens():
    assert words.tokens("全市粮食产量91.06亿斤，增长7.5%左右") == [
        "全市",
        "粮食",
        "产量",
        "91.06亿斤",
        "，",
        "增长",
        "7.5%左右",
    ]
    assert "1,200亿元以上" in words.tokens("到2025年达到1,200亿元以上")
    assert "6%-7%" in words.tokens("规模工业增加值增长6%-7%")
    assert "５．５％" in words.tokens("增长５．５％")
    text = "新增城镇就业2.3万人以上，城镇调查失业率5.5%以内"
    assert "".join(words.tokens(text)) == text


def test_a_changed_number_is_one_replacement():
    ops = wordiff.diff("全市粮食产量91.06亿斤", "全市粮食产量93.45亿斤")
    changed = [(op.old, op.new) for op in ops if op.tag is not wordiff.Tag.EQUAL]
    assert changed == [("91.06亿斤", "93.45亿斤")]
    # full-width digits are the same number
    assert all(op.tag is wordiff.Tag.EQUAL for op in wordiff.diff("增长５．５％", "增长5.5%"))


_NUMBER = re.compile(r"\d+(?:[.,．]\d+)*")


def _inside_a_number(text: str, at: int) -> bool:
    return any(m.start() < at < m.end() for m in _NUMBER.finditer(text))


def test_no_number_is_ever_split_on_the_corpus(built_db):
    """Every pair of consecutive statements with numbers: no diff run starts or ends inside
    a number, in either wording."""
    texts = [
        r["text"]
        for r in built_db.query(
            "select text from statements where text glob '*[0-9]*' order by doc, seq limit 600"
        )
    ]
    for a, b in zip(texts, texts[1:], strict=False):
        for op in wordiff.diff(a, b):
            for text, at in ((a, op.a0), (a, op.a1), (b, op.b0), (b, op.b1)):
                assert not _inside_a_number(text, at), (text, at, op)


def test_softened_and_number_down():
    old = stmt("r24:a", "确保地区生产总值增长8%以上。", quantities=q("r24:a", "8%以上"))
    new = stmt("r26:a", "力争地区生产总值增长6%左右。", quantities=q("r26:a", "6%左右"))
    steps, score = drift.analyse(
        "m:gdp",
        [
            promise("r24:a", "8%以上", 8, 2024, qualifier="以上"),
            promise("r26:a", "6%左右", 6, 2026, qualifier="左右", aspirational=True),
        ],
        [old, new],
        ["地区生产总值"],
    )
    (s,) = steps
    assert DriftLabel.SOFTENED in s.labels and DriftLabel.NUMBER_DOWN in s.labels
    assert s.from_promise == "r24:a:q1" and s.to_promise == "r26:a:q1"
    assert DriftLabel.DEADLINE_MOVED not in s.labels  # a yearly rate is for its own year
    assert 0 < score <= 1


def test_qualifier_alone_softens():
    """以上 → 左右 with the same number: softened, not a number change."""
    a = stmt("plan:a", "地区生产总值年均增长7%以上，", quantities=q("plan:a", "7%以上"))
    b = stmt("r24:a", "地区生产总值增长7%左右，", quantities=q("r24:a", "7%左右"))
    steps, _ = drift.analyse(
        "m:gdp",
        [
            promise("plan:a", "7%以上", 7, 2025, measure=Measure.AVERAGE_GROWTH, qualifier="以上"),
            promise("r24:a", "7%左右", 7, 2024, qualifier="左右"),
        ],
        [a, b],
    )
    assert steps[0].labels == (DriftLabel.SOFTENED,)


def test_deadline_moved_for_the_same_target():
    a = stmt(
        "plan:a", "到2025年化工产业产值达到1200亿元以上", quantities=q("plan:a", "1200亿元以上")
    )
    b = stmt("r24:a", "到2027年化工产业产值突破1200亿元", quantities=q("r24:a", "1200亿元"))
    kw = {"measure": Measure.LEVEL, "unit": "亿元", "indicator": "化工产业产值"}
    steps, _ = drift.analyse(
        "k:x",
        [
            promise("plan:a", "1200亿元以上", 1200, 2025, qualifier="以上", **kw),
            promise("r24:a", "突破1200亿元", 1200, 2027, qualifier="突破", **kw),
        ],
        [a, b],
    )
    assert DriftLabel.DEADLINE_MOVED in steps[0].labels
    assert not {DriftLabel.NUMBER_UP, DriftLabel.NUMBER_DOWN} & set(steps[0].labels)


def test_renamed_indicator_is_terminology():
    a = stmt("plan:a", "到2025年，市场主体达到40万户。", quantities=q("plan:a", "40万户"))
    b = stmt("r24:a", "经营主体达到44.1万户。", quantities=q("r24:a", "44.1万户"))
    kw = {"measure": Measure.LEVEL, "unit": "万户"}
    steps, _ = drift.analyse(
        "m:market",
        [
            promise("plan:a", "40万户", 40, 2025, **kw),
            promise("r24:a", "44.1万户", 44.1, 2024, **kw),
        ],
        [a, b],
        ["市场主体", "经营主体"],
    )
    assert steps[0].labels[0] is DriftLabel.TERMINOLOGY
    assert steps[0].renamed == ("市场主体", "经营主体")
    assert DriftLabel.NUMBER_UP in steps[0].labels


def test_reported_figures_are_progress_not_drift():
    """A promise and later reports of what happened: no step at all."""
    plan = stmt("plan:a", "粮食产量稳定在100亿斤。", quantities=q("plan:a", "100亿斤"))
    done = stmt("r24:a", "粮食产量达到93.45亿斤。", role="actual")
    steps, score = drift.analyse(
        "m:grain",
        [promise("plan:a", "稳定在100亿斤", 100, 2025, measure=Measure.LEVEL, unit="亿斤")],
        [plan, done],
        ["粮食产量"],
        {"r24:a": ["r24:a:q1"]},
    )
    assert steps == () and score == 0.0


def test_a_task_without_its_figure_drops_the_number():
    plan = stmt("plan:a", "滑雪人次达到550万。", quantities=q("plan:a", "550万"))
    task = stmt("r24:a", "提升滑雪人次，打造冰雪旅游大环线。")
    steps, _ = drift.analyse(
        "k:ski",
        [
            promise(
                "plan:a",
                "达到550万",
                550,
                2025,
                measure=Measure.LEVEL,
                unit="万",
                indicator="滑雪人次",
            )
        ],
        [plan, task],
        ["滑雪人次"],
    )
    (s,) = steps
    assert s.labels == (DriftLabel.NUMBER_DROPPED,) and s.to_promise is None
    assert s.to_statement == "r24:a"


def test_unchanged_promise_has_no_labels():
    a = stmt("plan:a", "加快建设钢化新材料产业园")
    b = stmt("r24:a", "加快建设钢化新材料产业园")
    kw = {"measure": Measure.QUALITATIVE, "unit": "", "indicator": "钢化新材料产业园"}
    steps, score = drift.analyse(
        "e:x",
        [
            promise("plan:a", "钢化新材料产业园", None, 2025, **kw),
            promise("r24:a", "钢化新材料产业园", None, 2024, **kw),
        ],
        [a, b],
    )
    assert steps[0].labels == () and score == 0.0


def test_corpus_drift_compares_promises(built_db):
    """In the bundled corpus, every step starts at a promise and ends at a promise or a later
    target statement (a task that states no figure, a project list naming the project), never
    at a reported figure; at least 90% of the labelled steps end at a row of the promises
    table (65 of 72 today)."""
    promises = {r["id"] for r in built_db.query("select id from promises")}
    roles = {r["id"]: r["role"] for r in built_db.query("select id, role from statements")}
    steps = [s for r in built_db.query("select drift from chains") for s in json.loads(r["drift"])]
    labelled = [s for s in steps if s["labels"]]
    assert labelled and all(s["from_promise"] in promises for s in steps)
    assert all(s["to_promise"] in promises or roles[s["to"]] == "target" for s in steps)
    both = sum(1 for s in labelled if s["to_promise"] in promises)
    assert both / len(labelled) >= 0.9, (both, len(labelled))


def test_renamed_project_is_terminology(built_db):
    """The plan's 120米大口径可旋转射电望远镜 comes back as the 120米口径射电雷达科学装置."""
    rows = built_db.query("select drift from chains where drift like '%射电雷达科学装置%'")
    steps = [s for r in rows for s in json.loads(r["drift"])]
    renamed = [s for s in steps if "terminology" in s["labels"] and s.get("renamed")]
    assert any("望远镜" in s["renamed"][0] and "雷达科学装置" in s["renamed"][1] for s in renamed)
