"""Wording drift: classified diffs between consecutive wordings."""

from __future__ import annotations

import json

import pytest

from plandrift.compare import drift


def test_terminology_change_is_named():
    out = drift.analyse(
        [("a:1", "a", "到2025年，市场主体达到40万户。"), ("b:1", "b", "经营主体达到44.1万户。")],
        ["市场主体", "经营主体"],
    )
    step = out["steps"][0]
    assert step["labels"][0] == "terminology" and step["renamed"] == ["市场主体", "经营主体"]
    assert "number-up" in step["labels"]


def test_softened_and_number_down():
    labels = drift.classify(
        "确保增长8%以上", "力争增长6%左右", drift.diff("确保增长8%以上", "力争增长6%左右")
    )
    assert "softened" in labels and "number-down" in labels


def test_deadline_moved():
    labels = drift.classify(
        "到2025年达到1200亿元以上",
        "到2030年突破1200亿元",
        drift.diff("到2025年达到1200亿元以上", "到2030年突破1200亿元"),
    )
    assert "deadline-moved" in labels


def test_unchanged_scores_zero():
    out = drift.analyse(
        [("a:1", "a", "加快建设钢化新材料产业园"), ("b:1", "b", "加快建设钢化新材料产业园")]
    )
    assert out["score"] == 0.0 and out["steps"][0]["labels"] == []


def test_motto_drift_in_corpus(built_db):
    if not list(
        built_db.query("select id from statements where text like '%形神兼备的新时代省域副中心%'")
    ):
        pytest.skip("the corpus keeps the 2026 digest's motto as a heading, not a statement")
    rows = [r for r in built_db.query("select drift from chains where drift like '%新江城%'")]
    steps = [s for r in rows for s in json.loads(r["drift"])]
    assert any("省域副中心" in s["new"] and "新江城" in s["old"] for s in steps)


def test_renamed_project_is_terminology(built_db):
    """The plan's 120米大口径可旋转射电望远镜 comes back as the 120米口径射电雷达科学装置."""
    rows = [
        r for r in built_db.query("select drift from chains where drift like '%射电雷达科学装置%'")
    ]
    steps = [s for r in rows for s in json.loads(r["drift"])]
    renamed = [s for s in steps if "terminology" in s["labels"] and s.get("renamed")]
    assert any("望远镜" in s["renamed"][0] and "雷达科学装置" in s["renamed"][1] for s in renamed)
