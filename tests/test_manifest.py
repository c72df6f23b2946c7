"""Manifests, and what plandrift infers when a manifest or `add` leaves fields out."""

from __future__ import annotations

from pathlib import Path

import pytest

from plandrift.corpus.manifest import (
    bundled_corpus,
    complete,
    infer_kind,
    infer_published,
    infer_title,
    load_manifest,
)
from plandrift.corpus.models import DocSpec

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def test_bundled_manifest_lists_the_five_documents():
    specs = load_manifest(bundled_corpus())
    assert [s.id for s in specs] == [
        "plan-14th",
        "review-2022",
        "report-2024",
        "gazette-2025",
        "summary-2026",
    ]
    assert all(Path(s.path).is_file() for s in specs)


@pytest.mark.parametrize(
    ("text", "kind", "published"),
    [
        (
            "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n各位代表：",
            "work-report",
            "2024-03-05",
        ),
        (
            "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、2018年工作回顾\n",
            "work-report",
            "2019",
        ),
        (
            "某市国民经济和社会发展第十四个五年（2021-2025 年）\n规划纲要\n",
            "five-year-plan",
            "2021",
        ),
        ("蓄势腾飞——某市政府工作报告速览\n回眸2025\n启航2026年工作安排", "report-summary", "2026"),
    ],
)
def test_infers_kind_and_published(text: str, kind: str, published: str):
    assert infer_kind(text) == kind
    assert infer_published(text, kind) == published


def test_complete_says_what_it_inferred():
    spec = DocSpec(id="x", path="x.txt", title="", kind="", published="")
    done = complete(spec, "政 府 工 作 报 告\n各位代表：\n一、2014年工作回顾\n")
    assert (done.kind, done.published, done.title) == ("work-report", "2015", "政府工作报告")
    assert set(done.inferred) == {"kind", "published", "title"}


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("政 府 工 作 报 告\n各位代表：\n", "政府工作报告"),
        # a web page: buttons and crumbs first, the report's name after them
        ("下载\n打印\n当前位置：首页 > 要闻\n2026年某省政府工作报告\n", "2026年某省政府工作报告"),
        # a short line that names no kind of document is still the title, after the crumbs
        ("您的位置:\n蓄势腾飞谱华章\n", "蓄势腾飞谱华章"),
        # an address, a sentence, a numbered heading: no title at all (the id stands in)
        ("各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、2024年工作回顾\n", None),
        ("各位代表：\n（一）经济运行逆势上扬\n", None),
    ],
)
def test_infers_a_title_that_names_the_document(text: str, title: str | None):
    assert infer_title(text) == title


@pytest.mark.skipif(not (SHARED / "external").is_dir(), reason="needs ../shared/external")
def test_infers_the_external_reports_years():
    """Real reports a user might add without a manifest: the year must come out right."""
    from plandrift.corpus.decode import read_document

    for folder in ("national-gwr", "hailar-district-gwr"):
        for path in sorted((SHARED / "external" / folder).glob("*.txt")):
            text = read_document(path)
            kind = infer_kind(text)
            assert kind == "work-report", path
            assert infer_published(text, kind)[:4] == path.stem, path
