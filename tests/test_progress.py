"""Progress verdicts: the known cases of the bundled corpus and the qualifier rules."""

from __future__ import annotations

import json

import pytest

from plandrift.compare import progress
from plandrift.compare.progress import Context, Figure


def _chain(db, chain_id: str) -> dict:
    row = next(iter(db.query("select * from chains where id = ?", [chain_id])), None)
    assert row is not None, f"no chain {chain_id}"
    return {**row, "progress": json.loads(row["progress"])}


def _fig(role, year, value, qualifier="", doc="a", order=0, hi=None, unit="%"):
    return Figure(
        statement=f"{doc}:{role}{year}{value}",
        doc=doc,
        doc_order=order,
        role=role,
        year=year,
        value=value,
        value_hi=hi,
        unit=unit,
        qualifier=qualifier,
        estimate=False,
    )


CTX = Context(
    doc_years={"a": 2021, "b": 2023, "c": 2026},
    doc_kinds={"a": "five-year-plan"},
    latest_docs=("b", "c"),
    newest="c",
)


def test_grain_missed_at_97_6_percent(built_db):
    c = _chain(built_db, "m:grain")
    p = c["progress"]
    assert c["status"] == "missed"
    assert p["target"] == 100 and p["actual"] == 97.6 and p["target_year"] == 2025
    assert p["ratio"] == pytest.approx(0.976)
    assert p["binding"] is True
    assert p["baseline"] == 85 and p["expected"] == 100  # the straight path ends at the target
    assert len(p["evidence"]) >= 2


def test_market_entities_met_early(built_db):
    c = _chain(built_db, "m:market-entities")
    assert c["status"] == "met-early"
    assert c["progress"]["actual"] == 44.1 and c["progress"]["actual_year"] < 2025


def test_chemicals_rolled_over_to_2030(built_db):
    c = _chain(built_db, "m:chemical-output")
    assert c["status"] == "rolled-over"
    assert c["progress"]["rolled_to"] == 2030


def test_double_support_city_met(built_db):
    done = list(built_db.query("select id from statements where text like '%实现“十连冠”%'"))
    if not done:
        pytest.skip("the corpus does not yet segment the 2026 digest's 荣誉榜 line")
    chains = {
        r["chain"]
        for r in built_db.query(
            "select chain from chain_members where statement = ?", [done[0]["id"]]
        )
    }
    statuses = {_chain(built_db, c)["status"] for c in chains}
    assert "met" in statuses


def test_qualitative_met_from_wording():
    members = [
        ("a:1", "a", "双拥模范城创建实现“九连冠”。", "actual"),
        ("b:1", "b", "争创全国双拥模范城“十连冠”。", "target"),
        ("c:1", "c", "创建全国双拥模范城实现“十连冠”", "actual"),
    ]
    v = progress.judge_wording(members, CTX, ["双拥模范城"])
    assert v["status"] == "met" and v["evidence"] == ["b:1", "c:1"]


@pytest.mark.parametrize(
    ("qualifier", "actual", "ok"),
    [
        ("以上", 7.0, True),
        ("以上", 6.9, False),
        ("左右", 6.6, True),
        ("左右", 6.4, False),
        ("以内", 3.0, True),
        ("以内", 3.1, False),
    ],
)
def test_qualifiers(qualifier, actual, ok):
    target = _fig("target", 2024, 7.0 if qualifier != "以内" else 3.0, qualifier)
    assert progress.meets(actual, target, higher=qualifier != "以内") is ok


def test_range_target():
    target = _fig("target", 2024, 6.0, hi=7.0)
    assert progress.meets(6.2, target, True) and not progress.meets(5.9, target, True)


def test_five_year_straight_path():
    figures = [
        _fig("baseline", 2020, 85, unit="亿斤"),
        _fig("target", 2025, 100, unit="亿斤"),
        _fig("actual", 2023, 90, doc="b", order=1, unit="亿斤"),
    ]
    v = progress.judge_figures(figures, CTX)
    assert v["status"] == "lagging" and v["expected"] == pytest.approx(94.0)
    figures[-1] = _fig("actual", 2023, 95, doc="b", order=1, unit="亿斤")
    assert progress.judge_figures(figures, CTX)["status"] == "on-track"


def test_revised_and_no_data():
    figures = [
        _fig("target", 2025, 100, unit="个"),
        _fig("target", 2025, 80, doc="b", order=1, unit="个"),
    ]
    assert progress.judge_figures(figures, CTX)["status"] == "revised"
    assert progress.judge_figures(figures[:1], CTX)["status"] == "no-data"


def test_dropped_and_new():
    v = progress.finish({"status": "no-data", "target": 1}, ["a"], CTX)
    assert v["status"] == "dropped"
    assert progress.finish({"status": "no-data"}, ["c"], CTX)["status"] == "new"


def test_yearly_targets_checked_year_by_year():
    ctx = Context(
        doc_years={"r12": 2012, "r13": 2013, "r14": 2014},
        doc_kinds={"r12": "work-report", "r13": "work-report", "r14": "work-report"},
        latest_docs=("r13", "r14"),
        newest="r14",
    )
    figures = [
        _fig("target", 2012, 7.5, "左右", doc="r12", order=0),
        _fig("actual", 2012, 7.8, doc="r13", order=1),
        _fig("target", 2013, 7.5, "左右", doc="r13", order=1),
        _fig("actual", 2013, 6.9, doc="r14", order=2),
        _fig("target", 2014, 7.0, "左右", doc="r14", order=2),
    ]
    v = progress.judge_figures(figures, ctx)
    assert [c["status"] for c in v["checks"]] == ["met", "missed"]
    assert v["status"] == "missed" and v["target_year"] == 2013 and v["pending_year"] == 2014


def test_last_years_figure_in_the_same_report_is_not_progress():
    ctx = Context(
        doc_years={"r": 2024}, doc_kinds={"r": "work-report"}, latest_docs=("r",), newest="r"
    )
    figures = [
        _fig("actual", 2023, 3000, doc="r", unit="户"),
        _fig("target", 2024, 800, "以上", doc="r", unit="户"),
    ]
    assert progress.judge_figures(figures, ctx)["status"] == "no-data"


def test_cumulative_target_adds_yearly_figures():
    figures = [
        _fig("target", 2025, 30, doc="a", unit="万人"),
        _fig("actual", 2022, 4, doc="b", order=1, unit="万人"),
        _fig("actual", 2023, 4.58, doc="c", order=2, unit="万人"),
    ]
    figures[0].text = "全市累计新增城镇就业30万人"
    v = progress.judge_figures(figures, CTX)
    assert v["actual"] == pytest.approx(8.58) and v["status"] == "lagging"
